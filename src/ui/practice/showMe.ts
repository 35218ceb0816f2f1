/**
 * "Show me": opens the lab on a question's scenario at the moment that
 * decides it, following the record it is about, with the relevant stage
 * elements ringed ("Look here"), and leaves a note above the stage.
 */
import type { RecordId } from '../../engine/types';
import type { ShowMe } from '../../quiz/types';
import { useSimStore } from '../../store/simStore';
import { useUiStore } from '../../store/uiStore';
import { currentHash, writeHash } from '../shell/routes';
import { useShowMeNote } from './showMeNote';

/** Opens `s` in the lab. `title` names the question in the note above the stage. */
export function showInLab(s: ShowMe, title: string): void {
  const returnHash = currentHash().startsWith('quiz/') ? currentHash() : 'quiz/';
  // The header names the run after the question it came from.
  const scenario = { ...s.scenario, title: `Practice: ${title}` };
  useSimStore.getState().load(scenario, { at: s.at, follow: s.follow as RecordId | null });
  useUiStore.getState().setHighlight(s.highlight);
  useShowMeNote.getState().show({ caption: s.caption, title, returnHash });
  useUiStore.getState().setView('lab');
  writeHash('');
}
