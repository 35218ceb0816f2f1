/**
 * Restoring the lesson context a shared link carries. The link holds the
 * lesson's id, the step and whether the user had left the step's path; the
 * lessons feature (which owns the lesson texts) renders the step from the
 * context and refreshes its notes.
 */
import { useUiStore, type LessonContext } from '../../store/uiStore';
import type { SharedState } from './state';

/** Sets (or clears) the lesson context after a shared run has loaded. */
export function restoreLesson(lesson: SharedState['lesson']): void {
  if (lesson === null) {
    useUiStore.getState().setLesson(null);
    return;
  }
  const current = useUiStore.getState().lesson;
  const same =
    current !== null && current.lessonId === lesson.lessonId && current.step === lesson.step;
  const context: LessonContext = {
    lessonId: lesson.lessonId,
    step: lesson.step,
    offPath: lesson.offPath,
    notes: same
      ? current.notes
      : { title: `Lesson ${lesson.lessonId}, step ${lesson.step}`, narration: '', next: null },
  };
  useUiStore.getState().setLesson(context);
}
