/**
 * What compare mode runs: two copies of the current scenario (same seed,
 * same traffic and scripted actions, the settings in force now) that differ
 * in the settings the user picked. Validation uses the settings registry's
 * rules and AWS's messages (as the settings column does), and nothing runs
 * until both sides are valid. Pure: unit-tested in Node.
 */
import type { ResolvedScenario, ScenarioAction, SourceType } from '../../engine/types';
import {
  applyEdit,
  fieldsFor,
  labelOf,
  validateEdit,
  type EditableConfig,
  type FieldSpec,
  type FieldValue,
} from '../../scenarios/fields';
import {
  applyPatch,
  checkCombinations,
  checkFields,
  checkProducers,
  touchedFields,
} from '../../scenarios/rules';
import { grouped } from '../numbers';

type Edit = Omit<ScenarioAction, 'at'>;

/** One setting that differs: its registry id and the value each run uses. */
export interface Change {
  readonly fieldId: string;
  readonly a: FieldValue;
  readonly b: FieldValue;
}

/** The two runs. */
export type Side = 'a' | 'b';

/** Settings that can differ between the runs (those the source offers). */
export function comparableFields(type: SourceType): readonly FieldSpec[] {
  return fieldsFor(type).offered;
}

const byId = (id: string): FieldSpec | undefined =>
  comparableFields('kinesis')
    .concat(comparableFields('sqs'), comparableFields('sqs-fifo'), comparableFields('dynamodb'))
    .find((f) => f.id === id);

/** The comparisons a teacher reaches for first, for this source, from the settings in force. */
export function suggestions(type: SourceType, cfg: EditableConfig): readonly Change[] {
  const pick = (fieldId: string, b: FieldValue, a?: FieldValue): Change | null => {
    const f = comparableFields(type).find((x) => x.id === fieldId);
    if (f === undefined) return null;
    const now = f.read(cfg);
    const first = a ?? now;
    return first === b ? null : { fieldId, a: first, b };
  };
  const streams = type === 'kinesis' || type === 'dynamodb';
  const list = streams
    ? [
        pick('mapping.BisectBatchOnFunctionError', true, false),
        pick('mapping.MaximumBatchingWindowInSeconds', 5, 0),
        pick('mapping.ParallelizationFactor', 10, 1),
        pick('mapping.MaximumRetryAttempts', 2),
      ]
    : [
        pick('source.RedrivePolicy.maxReceiveCount', 5),
        pick('source.VisibilityTimeout', 5),
        pick('mapping.BatchSize', 1),
        pick('mapping.FunctionResponseTypes', 'ReportBatchItemFailures', ''),
      ];
  return list.filter((c): c is Change => c !== null);
}

/** The edit that gives one run its values: each change built on the config after the previous. */
export function sideEdit(cfg: EditableConfig, changes: readonly Change[], side: Side): Edit {
  let current = cfg;
  const merged: {
    source?: object;
    mapping?: object;
    function?: object;
    producers?: Edit['producers'];
  } = {};
  for (const c of changes) {
    const f = byId(c.fieldId);
    if (f === undefined) continue;
    const action = f.toAction(side === 'a' ? c.a : c.b, current);
    if (action.source !== undefined) merged.source = { ...merged.source, ...action.source };
    if (action.mapping !== undefined) merged.mapping = { ...merged.mapping, ...action.mapping };
    if (action.function !== undefined) merged.function = { ...merged.function, ...action.function };
    if (action.producers !== undefined) merged.producers = action.producers;
    current = applyEdit(current, action);
  }
  return merged as Edit;
}

/**
 * Why a run's settings are refused (AWS's messages), [] when it can run.
 * Settings a running mapping can change are checked as a live edit is
 * (validateEdit); restart-only ones (shards, starting position) as a new
 * scenario is, since each compared run starts afresh.
 */
export function sideProblems(
  type: SourceType,
  cfg: EditableConfig,
  changes: readonly Change[],
  side: Side,
): string[] {
  const edit = sideEdit(cfg, changes, side);
  const live = changes.every((c) => byId(c.fieldId)?.live !== false);
  if (live) return validateEdit(cfg, edit).map((p) => p.message);
  const patch = {
    ...(edit.source !== undefined ? { source: edit.source } : {}),
    ...(edit.mapping !== undefined ? { mapping: edit.mapping } : {}),
    ...(edit.function !== undefined ? { function: edit.function } : {}),
  };
  const problems = checkFields(type, patch);
  if (problems.length === 0)
    problems.push(...checkCombinations(applyPatch(cfg, patch), touchedFields(patch)));
  if (edit.producers !== undefined) problems.push(...checkProducers(edit.producers, 'producers'));
  return problems.map((p) => p.message);
}

/** The scenario one run starts from (same seed, traffic and scripted actions). */
export function sideScenario(
  scenario: ResolvedScenario,
  cfg: EditableConfig,
  changes: readonly Change[],
  side: Side,
): ResolvedScenario {
  const next = applyEdit(cfg, sideEdit(cfg, changes, side));
  return {
    ...scenario,
    source: next.source,
    mapping: next.mapping,
    function: next.function,
    producers: next.producers,
  };
}

/** A value as the settings column shows it ("on", "5 s", "none"). */
export function valueText(field: FieldSpec, value: FieldValue): string {
  if (value === null || value === '') {
    return field.kind === 'select'
      ? (field.options?.find((o) => o.value === '')?.label ?? 'none')
      : 'none';
  }
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (field.kind === 'select')
    return field.options?.find((o) => o.value === value)?.label ?? String(value);
  return `${typeof value === 'number' ? grouped(value) : value}${field.unit !== null ? ` ${field.unit}` : ''}`;
}

/** "Split batch on error: on · Batch window: 5 seconds" for one side. */
export function describeSide(type: SourceType, changes: readonly Change[], side: Side): string {
  const parts: string[] = [];
  for (const c of changes) {
    const f = byId(c.fieldId);
    if (f === undefined) continue;
    parts.push(`${labelOf(f, type)}: ${valueText(f, side === 'a' ? c.a : c.b)}`);
  }
  return parts.length === 0 ? 'the current settings' : parts.join(' · ');
}

/** The field behind a change (for its label, kind, options and range). */
export function fieldOf(fieldId: string): FieldSpec | undefined {
  return byId(fieldId);
}
