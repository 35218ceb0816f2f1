/**
 * Validation at the worker's door: scenario JSON is checked by the scenarios
 * layer here (so zod stays out of the main bundle), and every live edit is
 * re-checked against the configuration in force before the engine sees it.
 */
import type { ResolvedScenario, ScenarioAction, StageSnapshot } from '../engine/types';
import { buildScenario, type ScenarioDraft } from '../scenarios/build';
import {
  ALL_SOURCES,
  applyPatch,
  checkCombinations,
  checkFields,
  checkLiveOnly,
  checkProducers,
  touchedFields,
  type ConfigPatch,
} from '../scenarios/rules';
import type { LoadInput, Problem } from './protocol';

/** The outcome of reading a `load` message's scenario. */
export type ParsedLoad =
  | { readonly ok: true; readonly scenario: ResolvedScenario }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/** Validates raw scenario JSON (resolved scenarios from the UI are trusted as built). */
export function parseLoadInput(input: LoadInput): ParsedLoad {
  if (input.kind === 'resolved') return { ok: true, scenario: input.scenario };
  const json = input.json;
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, problems: [{ path: '', message: 'A scenario must be a JSON object' }] };
  }
  const draft = json as { source?: { type?: unknown } };
  const type = draft.source?.type;
  if (typeof type !== 'string' || !(ALL_SOURCES as readonly string[]).includes(type)) {
    return {
      ok: false,
      problems: [
        { path: 'source.type', message: `source.type must be one of ${ALL_SOURCES.join(', ')}` },
      ],
    };
  }
  return { ok: true, scenario: buildScenario(json as ScenarioDraft) };
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
  const problems: Problem[] = [...checkLiveOnly(patch), ...checkFields(now.sourceType, patch)];
  if (problems.length === 0) {
    const state = applyPatch(
      { source: now.source, mapping: now.mapping, function: now.function },
      patch,
    );
    problems.push(...checkCombinations(state, touchedFields(patch)));
  }
  if (action.producers !== undefined)
    problems.push(...checkProducers(action.producers, 'producers'));
  const n = action.failNextInvocations;
  if (n !== undefined && (!Number.isInteger(n) || n < 1 || n > 10000)) {
    problems.push({
      path: 'failNextInvocations',
      message: `failNextInvocations must be a whole number from 1 to 10000, got ${n}`,
    });
  }
  return problems;
}
