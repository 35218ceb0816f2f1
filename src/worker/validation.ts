/**
 * Validation at the worker's door: scenario JSON is checked by the scenarios
 * layer here (so zod stays out of the main bundle), and every live edit is
 * re-checked against the configuration in force before the engine sees it.
 */
import type { ResolvedScenario, ScenarioAction, StageSnapshot } from '../engine/types';
import {
  APP_GENERATED_LIMIT,
  applyPatch,
  checkCombinations,
  checkFields,
  checkLiveOnly,
  checkProducers,
  checkRecords,
  touchedFields,
  type ConfigPatch,
  type RecordFields,
} from '../scenarios/rules';
import { serializeScenario } from '../scenarios/serialize';
import { parseScenario } from '../scenarios/validate';
import type { LoadInput, Problem } from './protocol';

/** The outcome of reading a `load` message's scenario. */
export type ParsedLoad =
  | { readonly ok: true; readonly scenario: ResolvedScenario }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/**
 * Validates a scenario with the scenarios layer, with the app's limit on
 * generated records (APP_GENERATED_LIMIT: the host keeps bounded history, so
 * an hour at 1,000 records/s fits). Raw JSON goes straight to `parseScenario`; a resolved scenario (built by the UI) is serialised and
 * parsed back, so a hand-built one is held to the same rules and never reaches
 * the engine with values it would choke on.
 */
export function parseLoadInput(input: LoadInput): ParsedLoad {
  const options = { generatedLimit: APP_GENERATED_LIMIT };
  if (input.kind === 'json') return parseScenario(input.json, options);
  try {
    return parseScenario(serializeScenario(input.scenario), options);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, problems: [{ path: '', message: `Not a scenario: ${message}` }] };
  }
}

/** Problems with a live edit given the configuration in force now ([] = apply it). */
export function validateLiveAction(
  now: StageSnapshot,
  action: Omit<ScenarioAction, 'at'>,
): readonly Problem[] {
  const patch: ConfigPatch = {
    ...(action.source !== undefined ? { source: action.source } : {}),
    ...(action.mapping !== undefined ? { mapping: action.mapping } : {}),
    ...(action.function !== undefined ? { function: action.function } : {}),
  };
  const problems: Problem[] = [...checkLiveOnly(patch)];
  const blocked = new Set(problems.map((p) => p.path));
  problems.push(...checkFields(now.sourceType, patch).filter((p) => !blocked.has(p.path)));
  if (problems.length === 0) {
    const state = applyPatch(
      { source: now.source, mapping: now.mapping, function: now.function },
      patch,
    );
    problems.push(...checkCombinations(state, touchedFields(patch)));
  }
  if (action.records !== undefined) {
    const records = action.records as readonly RecordFields[];
    problems.push(...checkRecords(records, now.source, 'records', new Set()));
  }
  if (action.producers !== undefined) {
    problems.push(...checkProducers(action.producers, 'producers'));
  }
  const n = action.failNextInvocations;
  if (n !== undefined && (!Number.isInteger(n) || n < 1 || n > 10000)) {
    problems.push({
      path: 'failNextInvocations',
      message: `failNextInvocations must be a whole number from 1 to 10000, got ${n}`,
    });
  }
  return problems;
}
