/**
 * The lesson keys: → / PageDown / Space for the next step, ← / PageUp for the
 * previous one (presentation clickers send PageUp/PageDown). Never while
 * typing, never over a control that uses the key itself (a radio group's
 * arrows, a button's Space, a record lane's arrows), never with a modifier.
 */

/** What a lesson key does. */
export type LessonKey = 'next' | 'previous';

/** The minimal shape of a key event this module reads (a DOM KeyboardEvent fits). */
export interface LessonKeyEvent {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly shiftKey: boolean;
  readonly defaultPrevented: boolean;
  readonly target: {
    readonly tagName?: string;
    readonly isContentEditable?: boolean;
    /** The element's or its nearest ancestor's ARIA role that owns arrow keys, if any. */
    readonly arrowRole?: string | null;
  } | null;
}

const TYPING_TAGS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);
/** Elements that act on Space themselves. */
const SPACE_TAGS = new Set(['BUTTON', 'SUMMARY', 'A']);
/** Roles whose elements move with the arrow keys (tabs, sliders, menus, radio groups, record lanes). */
export const ARROW_ROLES =
  '[role="tablist"],[role="slider"],[role="radiogroup"],[role="menu"],[role="listbox"],[role="group"][aria-roledescription]';

/** The lesson command for a key press, or null when the key belongs to something else. */
export function lessonKeyFor(e: LessonKeyEvent): LessonKey | null {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return null;
  const tag = e.target?.tagName?.toUpperCase() ?? '';
  if (TYPING_TAGS.has(tag) || e.target?.isContentEditable === true) return null;
  const arrowsTaken = tag === 'CANVAS' || (e.target?.arrowRole ?? null) !== null;
  switch (e.key) {
    case 'PageDown':
      return 'next';
    case 'PageUp':
      return 'previous';
    case 'ArrowRight':
      return arrowsTaken || e.shiftKey ? null : 'next';
    case 'ArrowLeft':
      return arrowsTaken || e.shiftKey ? null : 'previous';
    case ' ':
    case 'Spacebar':
      return SPACE_TAGS.has(tag) || tag === 'CANVAS' || e.shiftKey ? null : 'next';
    default:
      return null;
  }
}
