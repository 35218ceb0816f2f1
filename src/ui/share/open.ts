/**
 * Opening scenario JSON through the simulation store and waiting for the
 * worker's answer: the run loaded (and its first frame arrived), or the
 * problems it refused the scenario for (the current run then keeps going).
 */
import { useSimStore } from '../../store/simStore';
import type { LoadStart, Problem, SimStoreState } from '../../store/types';

/** What opening a scenario came to. */
export type OpenOutcome =
  { readonly ok: true } | { readonly ok: false; readonly problems: readonly Problem[] };

/** How long to wait for the worker before saying it did not answer. */
const ANSWER_TIMEOUT_MS = 60_000;

/** Loads `json` (validated by the worker) at `start` and resolves once it shows or was refused. */
export function openScenario(json: unknown, start?: LoadStart): Promise<OpenOutcome> {
  const before = useSimStore.getState();
  return new Promise((resolve) => {
    let stop: () => void = () => {};
    const timer = setTimeout(() => {
      stop();
      resolve({
        ok: false,
        problems: [{ path: '', message: 'The simulation did not answer; try again.' }],
      });
    }, ANSWER_TIMEOUT_MS);
    const settle = (outcome: OpenOutcome): void => {
      clearTimeout(timer);
      stop();
      resolve(outcome);
    };
    const check = (s: SimStoreState): void => {
      if (s.runId !== before.runId && s.scenario !== null && s.snapshot !== null) {
        settle({ ok: true });
      } else if (s.problems !== before.problems && s.problems.length > 0) {
        settle({ ok: false, problems: s.problems });
      } else if (s.status === 'error' && s.error !== null && s.error !== before.error) {
        settle({ ok: false, problems: [{ path: '', message: s.error }] });
      }
    };
    stop = useSimStore.subscribe(check);
    useSimStore.getState().loadJson(json, start);
  });
}

/** One line for a list of problems: the first with its JSON path, and how many more. */
export function problemSummary(problems: readonly Problem[]): string {
  const first = problems[0];
  if (first === undefined) return 'it was refused';
  const head = first.path === '' ? first.message : `${first.path}: ${first.message}`;
  const more = problems.length - 1;
  return more > 0 ? `${head} (and ${more} more problem${more === 1 ? '' : 's'})` : head;
}
