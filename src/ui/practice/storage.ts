/**
 * The spaced-repetition history in localStorage. Reads are checked
 * (src/quiz/history.ts): corrupt or foreign data is dropped with a message,
 * never trusted; storage that is disabled or full only loses persistence.
 */
import { HISTORY_STORAGE_KEY, parseHistory, serializeHistory } from '../../quiz/history';
import { EMPTY_HISTORY, type History } from '../../quiz/schedule';

/** The stored history and, if some of it was unreadable, what was dropped. */
export function loadHistory(): { readonly history: History; readonly problem: string | null } {
  try {
    const { history, problem } = parseHistory(
      globalThis.localStorage?.getItem(HISTORY_STORAGE_KEY) ?? null,
    );
    return { history, problem };
  } catch {
    return {
      history: EMPTY_HISTORY,
      problem:
        'Your browser does not let this page keep a practice history; answers count for this visit only.',
    };
  }
}

/** Saves the history; false if the browser refused (private mode, storage full). */
export function saveHistory(h: History): boolean {
  try {
    globalThis.localStorage?.setItem(HISTORY_STORAGE_KEY, serializeHistory(h));
    return true;
  } catch {
    return false;
  }
}

/** Deletes the stored history. */
export function clearHistory(): void {
  try {
    globalThis.localStorage?.removeItem(HISTORY_STORAGE_KEY);
  } catch {
    // Nothing stored, or storage is off: nothing to delete.
  }
}
