/**
 * The narration strip: a visible caption and an aria-live="polite" region
 * announcing significant events (batch failed, shard blocked, moved to the
 * DLQ, sent to the destination), coalesced to one message every ~2 s.
 */
import { useEffect, useRef, type ReactElement } from 'react';
import { useSimStore } from '../../store/simStore';
import { useUiStore } from '../../store/uiStore';
import {
  coalesce,
  narrateEvent,
  narrationPriority,
  mergeOf,
  NARRATION_INTERVAL_MS,
  type Pending,
} from './narrate';
import { setText } from './frame';
import { useStageStore } from './storeContext';
import { useTarget } from './targets';
import styles from './Stage.module.css';

/**
 * The app's stage's latest narration (what the teacher-notes window shows);
 * listeners hear each change. Compare mode's stages do not publish.
 */
export const narration = {
  text: '',
  listeners: new Set<(text: string) => void>(),
};

function publish(text: string): void {
  if (narration.text === text) return;
  narration.text = text;
  for (const l of narration.listeners) l(text);
}

const IDLE_TEXT = 'Press Play or Step to start.';
const QUIET_TEXT = 'Nothing has failed so far.';

/** Narrates significant events for screen readers and the room. */
export function Narrator(): ReactElement {
  const liveRef = useRef<HTMLParagraphElement>(null);
  const store = useStageStore();
  const target = useTarget('narration');
  const lesson = useUiStore((s) => s.lesson !== null);
  useEffect(() => {
    const main = store === useSimStore;
    const say = (text: string): void => {
      setText(liveRef.current, text);
      if (main) publish(text);
    };
    let lastSeq = -1;
    let runId = store.getState().runId;
    let pending: Pending[] = [];
    let lastSpoken = 0;
    let spokenInRun = false;
    const collect = (): void => {
      const s = store.getState();
      if (s.runId !== runId) {
        runId = s.runId;
        lastSeq = -1;
        pending = [];
        spokenInRun = false;
        say(IDLE_TEXT);
      }
      // Once time moves (playing, or stepping while paused), the start prompt no longer fits.
      if (!spokenInRun && (s.status === 'playing' || (s.snapshot?.t ?? 0) > 0)) {
        say(QUIET_TEXT);
      }
      const events = s.events;
      // Events are oldest first; walk back to the last one already seen.
      let i = events.length - 1;
      while (i >= 0 && (events[i]?.seq ?? -1) > lastSeq) i--;
      for (let j = i + 1; j < events.length; j++) {
        const e = events[j];
        if (e === undefined) continue;
        const text = narrateEvent(e);
        if (text !== null && pending.length < 50)
          pending.push({ text, priority: narrationPriority(e), merge: mergeOf(e) });
      }
      const last = events[events.length - 1];
      if (last !== undefined) lastSeq = Math.max(lastSeq, last.seq);
    };
    const flush = (): void => {
      const now = performance.now();
      if (now - lastSpoken < NARRATION_INTERVAL_MS) return;
      const text = coalesce(pending);
      if (text === null) return;
      pending = [];
      lastSpoken = now;
      spokenInRun = true;
      say(text);
    };
    if (main) publish(liveRef.current?.textContent ?? IDLE_TEXT);
    collect();
    const unsubscribe = store.subscribe(collect);
    const timer = window.setInterval(flush, 250);
    return () => {
      unsubscribe();
      window.clearInterval(timer);
    };
  }, [store]);
  return (
    // In a lesson the step's panel is the narration: the strip is kept for screen readers (and
    // the notes window) but not drawn, so the stage keeps its height.
    <div className={lesson ? 'visually-hidden' : styles.narration} {...target}>
      <span className={styles.narrationLabel}>What just happened</span>
      <p ref={liveRef} aria-live="polite" aria-atomic="true" className={styles.narrationText}>
        {IDLE_TEXT}
      </p>
    </div>
  );
}
