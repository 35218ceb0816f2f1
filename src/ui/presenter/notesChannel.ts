/**
 * The teacher-notes window and the lab talk over a BroadcastChannel (same
 * browser, same origin, no server): the lab sends what the notes show (the
 * lesson step's notes, else the stage's narration and the playback state),
 * the notes window says hello when it opens and may send playback commands.
 * Plain data only; `parseMessage` checks what arrives.
 */

/** The channel's name (one per origin). */
export const NOTES_CHANNEL = 'esm-lab-teacher-notes';

/** The hash the notes window opens (ui/shell/routes.ts ROUTES). */
export const NOTES_HASH = 'notes/';

/** What the notes window shows. */
export interface NotesState {
  readonly lesson: {
    readonly title: string;
    readonly narration: string;
    readonly next: string | null;
    readonly step: number;
  } | null;
  /** "What just happened" on the stage. */
  readonly narration: string;
  readonly scenario: string | null;
  readonly status: 'loading' | 'paused' | 'playing' | 'ended' | 'error';
  readonly t: number;
  readonly speed: number;
  readonly presenter: boolean;
}

/** Playback commands the notes window may send (only while no lesson is being taught). */
export type NotesCommand = 'togglePlay' | 'step' | 'stepBack';

export type NotesMessage =
  | { readonly type: 'hello' }
  | { readonly type: 'state'; readonly state: NotesState }
  | { readonly type: 'command'; readonly command: NotesCommand };

const COMMANDS: ReadonlySet<string> = new Set(['togglePlay', 'step', 'stepBack']);
const STATUSES: ReadonlySet<string> = new Set(['loading', 'paused', 'playing', 'ended', 'error']);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** A message from the channel, or null when it is not one of ours. */
export function parseMessage(data: unknown): NotesMessage | null {
  if (!isRecord(data)) return null;
  if (data['type'] === 'hello') return { type: 'hello' };
  if (
    data['type'] === 'command' &&
    typeof data['command'] === 'string' &&
    COMMANDS.has(data['command'])
  )
    return { type: 'command', command: data['command'] as NotesCommand };
  if (data['type'] !== 'state' || !isRecord(data['state'])) return null;
  const s = data['state'];
  const l = s['lesson'];
  const status = str(s['status']);
  return {
    type: 'state',
    state: {
      lesson: isRecord(l)
        ? {
            title: str(l['title']),
            narration: str(l['narration']),
            next: typeof l['next'] === 'string' ? l['next'] : null,
            step: typeof l['step'] === 'number' ? l['step'] : 1,
          }
        : null,
      narration: str(s['narration']),
      scenario: typeof s['scenario'] === 'string' ? s['scenario'] : null,
      status: STATUSES.has(status) ? (status as NotesState['status']) : 'loading',
      t: typeof s['t'] === 'number' && Number.isFinite(s['t']) ? s['t'] : 0,
      speed: typeof s['speed'] === 'number' && Number.isFinite(s['speed']) ? s['speed'] : 1,
      presenter: s['presenter'] === true,
    },
  };
}

/** Opens the channel, or null where BroadcastChannel does not exist. */
export function openChannel(): BroadcastChannel | null {
  return typeof BroadcastChannel === 'function' ? new BroadcastChannel(NOTES_CHANNEL) : null;
}
