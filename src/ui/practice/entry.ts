/**
 * Entering and leaving the practice view (first-paint code: the header
 * button and the Show me bar call these; the view itself loads lazily).
 */
import { useSimStore } from '../../store/simStore';
import { useUiStore } from '../../store/uiStore';
import { writeHash } from '../shell/routes';
import { useShowMeNote } from './showMeNote';

/** The view's id in ui/regions.tsx VIEWS. */
export const PRACTICE_VIEW = 'practice';

/** Opens the practice view: the lab pauses (practice needs the CPU), and a Show me ring is cleared. */
export function openPractice(hash = 'quiz/'): void {
  if (useSimStore.getState().status === 'playing') useSimStore.getState().pause();
  if (useShowMeNote.getState().note !== null) {
    useShowMeNote.getState().clear();
    useUiStore.getState().setHighlight([]);
  }
  useUiStore.getState().setView(PRACTICE_VIEW);
  writeHash(hash);
}

/** Back to the lab, as it was. */
export function closePractice(): void {
  useUiStore.getState().setView('lab');
  writeHash('');
}
