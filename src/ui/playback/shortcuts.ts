/**
 * Keyboard shortcuts of the playback bar, as data (the dialog lists them) and
 * the rule deciding whether a key press is ours: never while typing, never
 * over a control that uses the key itself.
 */

/** A playback command a key triggers. */
export type ShortcutCommand = 'togglePlay' | 'step' | 'stepBack' | 'faster' | 'slower' | 'help';

/** Keys listed in the dialog whose handling lives elsewhere (ui/presenter/keys.ts). */
export type ListedCommand = ShortcutCommand | 'presenter' | 'clicker' | 'blank';

/** The shortcuts, in the order the dialog shows them. */
export const SHORTCUTS: readonly {
  keys: readonly string[];
  label: string;
  command: ListedCommand;
}[] = [
  { keys: ['Space'], label: 'Play / Pause', command: 'togglePlay' },
  { keys: ['→'], label: 'Step to the next meaningful event', command: 'step' },
  { keys: ['←'], label: 'Step back', command: 'stepBack' },
  { keys: ['+'], label: 'Faster (×2)', command: 'faster' },
  { keys: ['−'], label: 'Slower (÷2)', command: 'slower' },
  { keys: ['?'], label: 'Show these shortcuts', command: 'help' },
  { keys: ['P'], label: 'Presenter mode on / off', command: 'presenter' },
  {
    keys: ['PageDown', 'PageUp'],
    label: 'Presenter mode: step forward / back (a presentation clicker)',
    command: 'clicker',
  },
  {
    keys: ['B'],
    label: 'Presenter mode: blank the screen (any key brings it back)',
    command: 'blank',
  },
];

/** The minimal shape of a key event this module reads (DOM KeyboardEvent fits). */
export interface KeyLike {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly defaultPrevented: boolean;
  readonly target: {
    readonly tagName?: string;
    readonly isContentEditable?: boolean;
    readonly type?: string;
  } | null;
}

const TYPING_TAGS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);
/** Elements that act on Space/Enter themselves. */
const SPACE_TAGS = new Set(['BUTTON', 'SUMMARY', 'A', 'CANVAS']);

/** The command for a key press, or null when the key belongs to something else. */
export function commandFor(e: KeyLike): ShortcutCommand | null {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return null;
  const tag = e.target?.tagName?.toUpperCase() ?? '';
  if (TYPING_TAGS.has(tag) || e.target?.isContentEditable === true) return null;
  switch (e.key) {
    case ' ':
    case 'Spacebar':
      return SPACE_TAGS.has(tag) ? null : 'togglePlay';
    case 'ArrowRight':
      return tag === 'CANVAS' ? null : 'step';
    case 'ArrowLeft':
      return tag === 'CANVAS' ? null : 'stepBack';
    case '+':
    case '=':
      return 'faster';
    case '-':
    case '_':
    case '−':
      return 'slower';
    case '?':
      return 'help';
    default:
      return null;
  }
}
