/**
 * The playback bar: Play/Pause, Step, Step back, Speed (0.1x–100x,
 * logarithmic), Restart (same seed) and the simulated clock, plus the
 * keyboard shortcuts and their dialog.
 */
import { useEffect, useRef, type ReactElement } from 'react';
import { useSimStore } from '../../store/simStore';
import { useUiStore } from '../../store/uiStore';
import type { SimStoreState } from '../../store/types';
import {
  formatSeconds,
  nudgeSpeed,
  positionToSpeed,
  speedText,
  speedToPosition,
} from '../stage/derive';
import { setAttr, setText, useFrame } from '../stage/frame';
import { commandFor, SHORTCUTS } from './shortcuts';
import styles from './Playback.module.css';

const selectStatus = (s: SimStoreState): SimStoreState['status'] => s.status;
const selectSpeed = (s: SimStoreState): number => s.speed;
const SLIDER_STEPS = 1000;

/** The playback region's content. */
export function Playback(): ReactElement {
  const status = useSimStore(selectStatus);
  const speed = useSimStore(selectSpeed);
  const clockRef = useRef<HTMLOutputElement>(null);
  const pausedRef = useRef<HTMLSpanElement>(null);
  const playing = status === 'playing';

  useFrame((s) => {
    const snap = s.snapshot;
    setText(clockRef.current, snap === null ? '—' : `t = ${snap.t.toFixed(1)} s`);
    const p = s.pausedAt;
    // The frame's own status, not the rendered one: a frame arrives before React re-renders, so
    // the rendered status was one frame late ("Run ended" never showed at the end, then showed
    // for one frame at the first seek after it, shifting the stage's layout).
    const ended = s.status === 'ended';
    const el = pausedRef.current;
    setAttr(el, 'data-kind', ended ? 'ended' : 'breakpoint');
    setText(
      el,
      ended
        ? 'Run ended'
        : p !== null && s.status !== 'playing'
          ? `Paused at a breakpoint: ${p.event.kind} at t = ${formatSeconds(p.event.t)}`
          : '',
    );
  });

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const target = e.target instanceof HTMLElement ? e.target : null;
      const cmd = commandFor({
        key: e.key,
        ctrlKey: e.ctrlKey,
        metaKey: e.metaKey,
        altKey: e.altKey,
        defaultPrevented: e.defaultPrevented,
        lessonOpen: useUiStore.getState().lesson !== null,
        target:
          target === null
            ? null
            : { tagName: target.tagName, isContentEditable: target.isContentEditable },
      });
      if (cmd === null) return;
      if (useUiStore.getState().shortcutsOpen && cmd !== 'help') return;
      const s = useSimStore.getState();
      e.preventDefault();
      switch (cmd) {
        case 'togglePlay':
          s.togglePlay();
          break;
        case 'step':
          s.step();
          break;
        case 'stepBack':
          s.stepBack();
          break;
        case 'faster':
          s.setSpeed(nudgeSpeed(s.speed, 1));
          break;
        case 'slower':
          s.setSpeed(nudgeSpeed(s.speed, -1));
          break;
        case 'help':
          useUiStore.getState().setShortcutsOpen(true);
          break;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const act = (f: (s: SimStoreState) => void) => () => f(useSimStore.getState());

  return (
    <div className={styles.bar}>
      <div className={styles.buttons}>
        <button
          type="button"
          className={`${styles.button} ${styles.primary}`}
          onClick={act((s) => s.togglePlay())}
          aria-keyshortcuts="Space"
        >
          <span aria-hidden="true" className={styles.glyph}>
            {playing ? '❚❚' : '▶'}
          </span>
          {playing ? 'Pause' : 'Play'}
        </button>
        <button
          type="button"
          className={styles.button}
          onClick={act((s) => s.stepBack())}
          aria-keyshortcuts="ArrowLeft"
          // Short visible label so the bar fits one row at 1280 px; the name stays "Step back".
          aria-label="Step back"
          title="Step back (←)"
        >
          <span aria-hidden="true" className={styles.glyph}>
            ◀︎|
          </span>
          Back
        </button>
        <button
          type="button"
          className={styles.button}
          onClick={act((s) => s.step())}
          aria-keyshortcuts="ArrowRight"
          title="Step (→)"
        >
          Step
          <span aria-hidden="true" className={styles.glyph}>
            |▶︎
          </span>
        </button>
        <button
          type="button"
          className={`${styles.button} ${styles.iconOnly}`}
          onClick={act((s) => s.restart())}
          aria-label="Restart"
          title="Restart (same seed)"
        >
          <span aria-hidden="true">↺</span>
        </button>
      </div>
      <output ref={clockRef} className={styles.clock} aria-hidden="true">
        —
      </output>
      <label className={styles.speed}>
        <span className={styles.speedLabel}>Speed</span>
        <input
          type="range"
          min={0}
          max={SLIDER_STEPS}
          step={1}
          value={Math.round(speedToPosition(speed) * SLIDER_STEPS)}
          aria-valuetext={speedText(speed)}
          aria-keyshortcuts="+ -"
          onChange={(e) =>
            useSimStore
              .getState()
              .setSpeed(positionToSpeed(Number(e.currentTarget.value) / SLIDER_STEPS))
          }
        />
        <span className={styles.speedValue} aria-hidden="true">
          {speedText(speed)}
        </span>
      </label>
      <span ref={pausedRef} className={styles.paused} />
      <button
        type="button"
        className={styles.help}
        onClick={() => useUiStore.getState().setShortcutsOpen(true)}
        aria-keyshortcuts="?"
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts (?)"
      >
        ?
      </button>
      <ShortcutsDialog />
    </div>
  );
}

function ShortcutsDialog(): ReactElement {
  const open = useUiStore((s) => s.shortcutsOpen);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d === null) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={styles.dialog}
      aria-labelledby="shortcuts-title"
      onClose={() => useUiStore.getState().setShortcutsOpen(false)}
    >
      <h2 id="shortcuts-title" className={styles.dialogTitle}>
        Keyboard shortcuts
      </h2>
      <dl className={styles.shortcutList}>
        {SHORTCUTS.map((s) => (
          <div key={s.command} className={styles.shortcutRow}>
            <dt>
              {s.keys.map((k) => (
                <kbd key={k} className={styles.kbd}>
                  {k}
                </kbd>
              ))}
            </dt>
            <dd>{s.label}</dd>
          </div>
        ))}
      </dl>
      <p className={styles.dialogNote}>
        Shortcuts do nothing while you type in a field. Escape closes this dialog.
      </p>
      <form method="dialog">
        <button type="submit" className={styles.button}>
          Close
        </button>
      </form>
    </dialog>
  );
}
