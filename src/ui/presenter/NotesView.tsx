/**
 * The teacher-notes window (`#notes/`, opened from presenter mode): what the
 * teacher reads while the projector shows only the stage. A lesson step's
 * title, narration and next step when one is being taught; otherwise the
 * stage's narration ("What just happened") and the playback state, with
 * Play/Pause and Step buttons. Kept current over a BroadcastChannel.
 */
import { useEffect, useRef, useState, type ReactElement } from 'react';
import { formatSeconds, speedText } from '../stage/derive';
import { openChannel, parseMessage, type NotesCommand, type NotesState } from './notesChannel';
import styles from './presenter.module.css';

const STATUS: Readonly<Record<NotesState['status'], string>> = {
  loading: 'Loading',
  paused: 'Paused',
  playing: 'Playing',
  ended: 'Ended',
  error: 'Stopped',
};

/** The notes window's page. */
export default function NotesView(): ReactElement {
  const [state, setState] = useState<NotesState | null>(null);
  const [unsupported] = useState(() => typeof BroadcastChannel !== 'function');
  const channelRef = useRef<BroadcastChannel | null>(null);
  useEffect(() => {
    document.title = 'Teacher notes · Lambda ESM Lab';
    const channel = openChannel();
    if (channel === null) return;
    channelRef.current = channel;
    channel.onmessage = (e: MessageEvent) => {
      const m = parseMessage(e.data);
      if (m?.type === 'state') setState(m.state);
    };
    channel.postMessage({ type: 'hello' });
    // The lab may open after this window (or reload): ask again now and then until it answers.
    const timer = window.setInterval(() => channel.postMessage({ type: 'hello' }), 2000);
    return () => {
      window.clearInterval(timer);
      channel.close();
      channelRef.current = null;
    };
  }, []);
  useEffect(() => {
    if (state !== null) document.title = `Teacher notes · ${STATUS[state.status]} · Lambda ESM Lab`;
  }, [state]);
  const send = (command: NotesCommand): void => {
    channelRef.current?.postMessage({ type: 'command', command });
  };

  return (
    <main className={styles.notes}>
      <h1 className={styles.notesTitle}>Teacher notes</h1>
      {unsupported ? (
        <p role="alert">
          This browser cannot keep a notes window in step with the lab (no BroadcastChannel). Use
          the lab window itself.
        </p>
      ) : state === null ? (
        <p className={styles.notesWaiting} role="status">
          Waiting for the lab… Keep the lab open in another window or tab of this browser; choose
          “Teacher notes” in its presenter bar.
        </p>
      ) : (
        <>
          <p className={styles.notesStatus} role="status">
            <strong>{STATUS[state.status]}</strong> · t = {formatSeconds(state.t)} ·{' '}
            {speedText(state.speed)}
            {state.scenario !== null ? <> · {state.scenario}</> : null}
            {state.presenter ? ' · presenter mode' : ''}
          </p>
          {state.lesson !== null ? (
            <section className={styles.notesCard} aria-labelledby="notes-lesson">
              <h2 id="notes-lesson">
                Step {state.lesson.step}: {state.lesson.title}
              </h2>
              <p className={styles.notesText}>{state.lesson.narration}</p>
              <h3>Next</h3>
              <p className={styles.notesText}>
                {state.lesson.next ?? 'This is the last step of the lesson.'}
              </p>
              <p className={styles.notesHint}>
                The lesson moves on with the clicker (PageDown) or → in the lab window.
              </p>
            </section>
          ) : (
            <section className={styles.notesCard} aria-labelledby="notes-now">
              <h2 id="notes-now">What just happened</h2>
              <p className={styles.notesText} aria-live="polite">
                {state.narration || 'Nothing yet: press Play or Step.'}
              </p>
              <div className={styles.notesButtons}>
                <button type="button" onClick={() => send('stepBack')}>
                  Step back
                </button>
                <button type="button" onClick={() => send('togglePlay')}>
                  {state.status === 'playing' ? 'Pause' : 'Play'}
                </button>
                <button type="button" onClick={() => send('step')}>
                  Step
                </button>
              </div>
            </section>
          )}
        </>
      )}
    </main>
  );
}
