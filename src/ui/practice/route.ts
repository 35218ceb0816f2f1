/**
 * The `quiz/` hash route: `#quiz/<templateId>/<seed>` opens that question in
 * training, `#quiz/test/<count>/<seed>[/<minutes>]` starts that test,
 * `#quiz/review` the spaced repetition, `#quiz/` the practice view. A bad
 * link resolves to a message naming what is wrong (the app shows it).
 */
import { parseQuizPath } from '../../quiz/links';
import { useSimStore } from '../../store/simStore';
import type { RouteHandler } from '../shell/routes';
import { DEFAULT_SCENARIO_URL, fallbackScenario } from '../shell/startup';
import { openPractice } from './entry';
import { usePracticeStore } from './practiceStore';

/** The lab behind the practice view has a run too (a link opened first thing skips the default one). */
async function ensureLabRun(): Promise<void> {
  if (useSimStore.getState().scenario !== null) return;
  try {
    const res = await fetch(DEFAULT_SCENARIO_URL);
    if (res.ok) {
      useSimStore.getState().loadJson(await res.json());
      return;
    }
  } catch {
    // Offline without the file: the built-in scenario below.
  }
  useSimStore.getState().load(fallbackScenario());
}

/** The practice route's handler (ui/shell/routes.ts ROUTES). */
export const route: RouteHandler = {
  open(rest) {
    const parsed = parseQuizPath(rest);
    if (typeof parsed === 'string')
      return Promise.resolve(`This practice link cannot be opened: ${parsed}.`);
    usePracticeStore.getState().openRoute(parsed);
    openPractice(`quiz/${rest}`);
    void ensureLabRun();
    return Promise.resolve(null);
  },
};
