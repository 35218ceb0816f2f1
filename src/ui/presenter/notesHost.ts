/**
 * The lab's side of the teacher notes: opens the notes window and, from then
 * on, keeps it current over the BroadcastChannel (lesson notes, else the
 * stage's narration and the playback state), and carries out the playback
 * commands it sends while no lesson is being taught.
 */
import { useSimStore } from '../../store/simStore';
import { useUiStore } from '../../store/uiStore';
import { narration } from '../stage/Narrator';
import { NOTES_HASH, openChannel, parseMessage, type NotesState } from './notesChannel';
import { usePresenter } from './state';

let started = false;

function currentState(): NotesState {
  const s = useSimStore.getState();
  const lesson = useUiStore.getState().lesson;
  return {
    lesson:
      lesson === null
        ? null
        : {
            title: lesson.notes.title,
            narration: lesson.notes.narration,
            next: lesson.notes.next,
            step: lesson.step,
          },
    narration: narration.text,
    scenario: s.scenario?.title ?? null,
    status: s.status,
    t: s.snapshot?.t ?? 0,
    speed: s.speed,
    presenter: usePresenter.getState().on,
  };
}

const same = (a: NotesState, b: NotesState): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Starts keeping notes windows current (once per page). */
export function startNotesHost(): void {
  if (started) return;
  const channel = openChannel();
  if (channel === null) return;
  started = true;
  let last: NotesState | null = null;
  let timer = 0;
  const send = (force: boolean): void => {
    const state = currentState();
    if (!force && last !== null && same(last, state)) return;
    last = state;
    channel.postMessage({ type: 'state', state });
  };
  // At most four updates a second: the clock ticks every frame while playing.
  const soon = (): void => {
    if (timer !== 0) return;
    timer = window.setTimeout(() => {
      timer = 0;
      send(false);
    }, 250);
  };
  channel.onmessage = (e: MessageEvent) => {
    const m = parseMessage(e.data);
    if (m === null) return;
    if (m.type === 'hello') send(true);
    else if (m.type === 'command' && useUiStore.getState().lesson === null) {
      const s = useSimStore.getState();
      if (m.command === 'togglePlay') s.togglePlay();
      else if (m.command === 'step') s.step();
      else s.stepBack();
    }
  };
  useSimStore.subscribe(soon);
  useUiStore.subscribe(soon);
  usePresenter.subscribe(soon);
  narration.listeners.add(soon);
  send(true);
}

/**
 * Opens (or focuses) the teacher-notes window. Returns null when it opened,
 * else what to tell the user (a blocked pop-up), never throwing.
 */
export function openNotesWindow(): string | null {
  startNotesHost();
  const url = `${location.pathname}${location.search}#${NOTES_HASH}`;
  let w: Window | null = null;
  try {
    w = window.open(url, 'esm-lab-teacher-notes', 'popup,width=560,height=680');
  } catch {
    w = null;
  }
  if (w === null)
    return 'The browser blocked the notes window. Allow pop-ups for this page, or open the notes link below in a new window.';
  try {
    w.focus();
  } catch {
    // Focus is a courtesy; the window is open.
  }
  return null;
}

/** The notes window's address (the fallback link when pop-ups are blocked). */
export function notesHref(): string {
  return `#${NOTES_HASH}`;
}
