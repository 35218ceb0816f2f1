/**
 * The student's lesson progress, kept in localStorage (one entry,
 * `PROGRESS_STORAGE_KEY`) and shared by the lessons list and the panel.
 * Storage that is full, disabled or damaged never breaks a lesson: progress
 * then lasts for the visit only.
 */
import { create } from 'zustand';
import {
  EMPTY_PROGRESS,
  markSeen,
  parseProgress,
  PROGRESS_STORAGE_KEY,
  recordAnswer,
  serializeProgress,
  type Answer,
  type Progress,
} from '../../lessons/progress';

interface ProgressState {
  readonly progress: Progress;
  markSeen(lessonId: string, step: number): void;
  recordAnswer(lessonId: string, step: number, answer: Answer): void;
  /** Forgets every step seen and every answer. */
  reset(): void;
}

function read(): Progress {
  try {
    return parseProgress(globalThis.localStorage?.getItem(PROGRESS_STORAGE_KEY));
  } catch {
    return EMPTY_PROGRESS;
  }
}

function write(p: Progress): void {
  try {
    if (p === EMPTY_PROGRESS) globalThis.localStorage?.removeItem(PROGRESS_STORAGE_KEY);
    else globalThis.localStorage?.setItem(PROGRESS_STORAGE_KEY, serializeProgress(p));
  } catch {
    // Not remembered after this visit; the lesson goes on.
  }
}

/** Lesson progress (steps seen, first answers), remembered between visits. */
export const useProgressStore = create<ProgressState>()((set, get) => {
  const update = (next: Progress): void => {
    if (next === get().progress) return;
    write(next);
    set({ progress: next });
  };
  return {
    progress: read(),
    markSeen: (lessonId, step) => update(markSeen(get().progress, lessonId, step)),
    recordAnswer: (lessonId, step, answer) =>
      update(recordAnswer(get().progress, lessonId, step, answer)),
    reset: () => update(EMPTY_PROGRESS),
  };
});

// Another tab's progress (the same student) shows up here too.
if (typeof window !== 'undefined') {
  window.addEventListener('storage', (e) => {
    if (e.key === PROGRESS_STORAGE_KEY) useProgressStore.setState({ progress: read() });
  });
}
