/**
 * The shared state: everything a link must carry to reopen the same run at
 * the same moment, taken from the stores, and read back from a link's JSON.
 *
 * - `scenario`: the canonical scenario document (canonical.ts) with every
 *   action in time order: the scenario's scripted actions (applied or still
 *   to come) and the user's live edits, as "Download scenario" writes it.
 * - `live`: which of those actions were live edits. The host replays them as
 *   the user made them (after everything else at their instant), so the
 *   restored run equals the original byte for byte; a scripted action at the
 *   same instant would run before the other events there.
 * - `at`: the simulated moment on screen; `follow`: the followed record.
 * - `lesson`: the lesson step the run belongs to, once the user left its path.
 */
import type { RecordId, ResolvedScenario, ScenarioAction } from '../../engine/types';
import type { LessonContext } from '../../store/uiStore';
import { scenarioDocument, type JsonObject } from './canonical';
import { stableJson } from './runActions';

/** What a link restores. */
export interface SharedState {
  readonly scenario: JsonObject;
  readonly live: readonly number[];
  readonly at: number;
  readonly follow: RecordId | null;
  readonly lesson: {
    readonly lessonId: string;
    readonly step: number;
    readonly offPath: boolean;
  } | null;
}

/** The parts of the simulation store the shared state is made from. */
export interface SimParts {
  readonly scenario: ResolvedScenario | null;
  readonly actions: readonly ScenarioAction[];
  readonly snapshot: { readonly t: number } | null;
  readonly selectedRecord: RecordId | null;
}

/**
 * Every action of the run in time order (applied ones, then scripted ones
 * still to come) and the indices of the live edits among them. `applied` is
 * the store's list (scripted and live, as applied); a scripted action is
 * recognised as the next one of the scenario's, in order.
 */
export function mergeActions(
  scripted: readonly ScenarioAction[],
  applied: readonly ScenarioAction[],
): { readonly actions: readonly ScenarioAction[]; readonly live: readonly number[] } {
  const live: number[] = [];
  let next = 0;
  applied.forEach((a, i) => {
    const s = scripted[next];
    if (s !== undefined && stableJson(s) === stableJson(a)) next += 1;
    else live.push(i);
  });
  return { actions: [...applied, ...scripted.slice(next)], live };
}

/** The shared state of what the lab shows, or null while no run is on screen. */
export function captureState(
  sim: SimParts,
  lesson: Pick<LessonContext, 'lessonId' | 'step' | 'offPath'> | null,
): SharedState | null {
  if (sim.scenario === null || sim.snapshot === null) return null;
  const { actions, live } = mergeActions(sim.scenario.actions, sim.actions);
  return {
    scenario: scenarioDocument(sim.scenario, actions),
    live,
    at: sim.snapshot.t,
    follow: sim.selectedRecord,
    lesson:
      lesson === null
        ? null
        : { lessonId: lesson.lessonId, step: lesson.step, offPath: lesson.offPath },
  };
}

/** The JSON a link carries for a state (short keys: the link is compressed, but shorter is kinder). */
export function stateToJson(state: SharedState): JsonObject {
  const out: JsonObject = { s: state.scenario, t: state.at };
  if (state.live.length > 0) out.l = [...state.live];
  if (state.follow !== null) out.f = state.follow;
  if (state.lesson !== null) {
    out.lesson = { id: state.lesson.lessonId, step: state.lesson.step, off: state.lesson.offPath };
  }
  return out;
}

const KNOWN = new Set(['s', 't', 'l', 'f', 'lesson']);

/** Reads a link's JSON back; a problem names the first thing that is not a lab state. */
export function stateFromJson(
  value: unknown,
):
  | { readonly ok: true; readonly state: SharedState }
  | { readonly ok: false; readonly problem: string } {
  const fail = (problem: string) => ({ ok: false as const, problem });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('its data is not a lab state (expected an object)');
  }
  const o = value as Record<string, unknown>;
  const unknown = Object.keys(o).find((k) => !KNOWN.has(k));
  if (unknown !== undefined)
    return fail(`its data has a field this lab does not know: "${unknown}"`);
  const s = o.s;
  if (typeof s !== 'object' || s === null || Array.isArray(s)) {
    return fail('its data has no scenario ("s" must be a scenario object)');
  }
  const t = o.t;
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) {
    return fail('its simulated time ("t") must be a number of seconds, 0 or more');
  }
  const actions = (s as { actions?: unknown }).actions;
  const count = Array.isArray(actions) ? actions.length : 0;
  const l = o.l ?? [];
  if (
    !Array.isArray(l) ||
    !l.every(
      (n, i) =>
        typeof n === 'number' &&
        Number.isInteger(n) &&
        n >= 0 &&
        n < count &&
        (i === 0 || n > (l[i - 1] as number)),
    )
  ) {
    return fail(
      `its live edits ("l") must list action numbers in increasing order, each below the scenario's ${count} action${count === 1 ? '' : 's'}`,
    );
  }
  const f = o.f ?? null;
  if (f !== null && (typeof f !== 'string' || f === '' || f.length > 200)) {
    return fail('its followed record ("f") must be a record id');
  }
  let lesson: SharedState['lesson'] = null;
  if (o.lesson !== undefined) {
    const les = o.lesson as { id?: unknown; step?: unknown; off?: unknown } | null;
    if (
      typeof les !== 'object' ||
      les === null ||
      typeof les.id !== 'string' ||
      les.id === '' ||
      les.id.length > 200 ||
      typeof les.step !== 'number' ||
      !Number.isInteger(les.step) ||
      les.step < 1 ||
      typeof les.off !== 'boolean'
    ) {
      return fail(
        'its lesson ("lesson") must name a lesson id, a step number from 1 and whether the user left the step',
      );
    }
    lesson = { lessonId: les.id, step: les.step, offPath: les.off };
  }
  return {
    ok: true,
    state: {
      scenario: s as JsonObject,
      live: l as number[],
      at: t,
      follow: f as RecordId | null,
      lesson,
    },
  };
}
