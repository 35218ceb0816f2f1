/**
 * The `s/` route: a shared state link (`#s/<payload>`). Decodes the payload,
 * checks it is a lab state, opens the scenario at the moment it names with
 * the same live edits and followed record, then restores the lesson context.
 * Never throws: every failure is a message naming what was wrong.
 */
import type { RouteHandler } from '../shell/routes';
import { useSimStore } from '../../store/simStore';
import { decodePayload } from './codec';
import { restoreLesson } from './lesson';
import { openScenario, problemSummary } from './open';
import { stateFromJson } from './state';

/** Opens a shared state; null when it opened, else what was wrong. */
export async function openSharedState(rest: string): Promise<string | null> {
  const fresh = useSimStore.getState().scenario === null;
  const fail = (why: string): string => {
    // The run on screen stays: put its own link back in the address bar.
    if (!fresh) void import('./urlSync').then((m) => m.refreshLink());
    return `This shared link could not be opened: ${why.replace(/[.\s]+$/, '')}. ${
      fresh ? 'The default scenario is open instead.' : 'Your current run is unchanged.'
    }`;
  };
  const decoded = await decodePayload(rest);
  if (!decoded.ok) return fail(decoded.problem);
  const read = stateFromJson(decoded.value);
  if (!read.ok) return fail(read.problem);
  const { state } = read;
  const outcome = await openScenario(state.scenario, {
    at: state.at,
    follow: state.follow,
    live: state.live,
  });
  if (!outcome.ok) return fail(`its scenario is not valid: ${problemSummary(outcome.problems)}`);
  restoreLesson(state.lesson);
  return null;
}

/** The handler registered for `s/` in ROUTES. */
export const route: RouteHandler = { open: openSharedState };
