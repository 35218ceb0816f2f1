/**
 * Every action of the run, including live edits that lie ahead of the moment
 * on screen. The store's `actions` lists what has been applied so far: after
 * the user scrubs back before a live edit, the edit leaves that list, but the
 * host still replays it when the run plays on, so a link or a file must keep
 * it. The tracker remembers the longest list seen for the run: a list that is
 * a prefix of it is the same run seen earlier (a seek back); anything else
 * (a new edit, an edit in the past that forked the timeline, a new run)
 * replaces it, as the host's own live-edit list does.
 */
import type { ScenarioAction } from '../../engine/types';
import { useSimStore } from '../../store/simStore';

/** JSON with sorted keys: equal for equal data whatever the key order. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** True when `a` is a prefix of `b` (equal actions, in order). */
export function isPrefix(a: readonly ScenarioAction[], b: readonly ScenarioAction[]): boolean {
  return (
    a.length <= b.length && a.every((x, i) => x === b[i] || stableJson(x) === stableJson(b[i]))
  );
}

/** The remembered list for a run, given what the store now says. */
export function nextKnown(
  known: readonly ScenarioAction[],
  applied: readonly ScenarioAction[],
): readonly ScenarioAction[] {
  return isPrefix(applied, known) ? known : applied;
}

/** The run tracked: its id and scenario object (both change on every load). */
let run: { id: number; scenario: unknown } = { id: -1, scenario: null };
let known: readonly ScenarioAction[] = [];
let stop: (() => void) | null = null;

const sameRun = (id: number, scenario: unknown): boolean =>
  run.id === id && run.scenario === scenario;

function update(id: number, scenario: unknown, applied: readonly ScenarioAction[]): void {
  if (!sameRun(id, scenario)) {
    run = { id, scenario };
    known = applied;
  } else {
    known = nextKnown(known, applied);
  }
}

/** Starts tracking the store (idempotent). */
export function trackRunActions(): void {
  if (stop !== null) return;
  const s = useSimStore.getState();
  update(s.runId, s.scenario, s.actions);
  stop = useSimStore.subscribe((next, prev) => {
    if (
      next.runId !== prev.runId ||
      next.scenario !== prev.scenario ||
      next.actions !== prev.actions
    ) {
      update(next.runId, next.scenario, next.actions);
    }
  });
}

/**
 * Every action of the current run seen so far: applied ones and live edits
 * ahead of now (`applied`: the store's list, by default read from the store).
 */
export function runActions(
  applied: readonly ScenarioAction[] = useSimStore.getState().actions,
): readonly ScenarioAction[] {
  const s = useSimStore.getState();
  if (stop === null || !sameRun(s.runId, s.scenario)) return applied;
  return nextKnown(known, applied);
}
