/**
 * The timeline scrubber: a native range input named "Simulated time" (so it
 * is keyboard operable and announced), drawn over a track that shows how far
 * the run has reached. The first seek of a frame is sent at once, the rest of
 * that frame's are coalesced to the latest, sent at the next frame;
 * the host answers each with nearest checkpoint + replay.
 */
import { useEffect, useRef, useState } from 'react';
import { useSimStore } from '../../store/simStore';
import type { SimStoreState } from '../../store/types';
import { useFrameSelector } from '../charts/useFrameSelector';
import { formatInstant } from '../charts/format';
import styles from './timeline.module.css';

interface ScrubView {
  readonly t: number;
  readonly furthest: number;
  readonly duration: number;
  readonly forkedAt: number | null;
}

const selectView = (s: SimStoreState): ScrubView => ({
  t: s.snapshot?.t ?? 0,
  furthest: s.timeline.furthest,
  duration: s.timeline.duration || s.scenario?.durationSeconds || 0,
  forkedAt: s.timeline.forkedAt,
});

const sameView = (a: ScrubView, b: ScrubView): boolean =>
  a.t === b.t &&
  a.furthest === b.furthest &&
  a.duration === b.duration &&
  a.forkedAt === b.forkedAt;

/** Slider resolution in simulated seconds. */
const STEP = 0.1;

/** The scrubber with its clock readout and the fork notice. */
export function Scrubber() {
  const { t, furthest, duration, forkedAt } = useFrameSelector(selectView, sameView);
  const seek = useSimStore((s) => s.seek);
  // While dragging, the thumb follows the pointer, not the last frame. After the
  // drag is committed, the thumb keeps the chosen value until a frame with a new t lands.
  const [drag, setDrag] = useState<{ value: number; committedAt: number | null } | null>(null);
  if (drag !== null && drag.committedAt !== null && drag.committedAt !== t) setDrag(null);
  const dragValue = drag?.value ?? null;
  const commit = (): void => setDrag((d) => (d === null ? d : { ...d, committedAt: t }));
  const pending = useRef<number | null>(null);
  const raf = useRef(0);
  useEffect(() => () => cancelAnimationFrame(raf.current), []);

  const max = Math.max(duration, furthest, STEP);
  const reach = Math.min(furthest, max);
  const value = dragValue ?? t;

  const requestSeek = (to: number): void => {
    // Only the computed past can be sought; beyond it, the run must play there first.
    const target = Math.max(0, Math.min(reach, to));
    if (raf.current !== 0) {
      // A seek went out in this frame already: the latest of the rest follows at the next one.
      pending.current = target;
      return;
    }
    // The first seek of a frame goes at once (waiting for the frame added up to 16 ms to
    // each seek); the frame then closes the window for the rest.
    seek(target);
    raf.current = requestAnimationFrame(() => {
      raf.current = 0;
      if (pending.current !== null) seek(pending.current);
      pending.current = null;
    });
  };

  const pct = (v: number): string => `${((v / max) * 100).toFixed(3)}%`;
  const valueText = `${formatInstant(value)} of ${formatInstant(max)}, reached ${formatInstant(reach)}`;

  return (
    <div className={styles.scrubber} data-sim-t={t}>
      <div className={styles.clock} aria-hidden="true">
        <span className={styles.now}>{formatInstant(value)}</span>
        <span className={styles.of}>
          reached {formatInstant(reach)} of {formatInstant(max)}
        </span>
      </div>
      <div className={styles.track}>
        <div className={styles.rail} aria-hidden="true">
          <div className={styles.reached} style={{ width: pct(reach) }} />
          <div className={styles.played} style={{ width: pct(Math.min(value, reach)) }} />
          {forkedAt !== null && (
            <div
              className={styles.fork}
              style={{ left: pct(forkedAt) }}
              title="Timeline forked here"
            />
          )}
        </div>
        <input
          type="range"
          className={styles.range}
          aria-label="Simulated time"
          aria-valuetext={valueText}
          min={0}
          max={max}
          step={STEP}
          value={Math.min(value, max)}
          onChange={(e) => {
            const v = Math.min(Number(e.currentTarget.value), reach);
            setDrag({ value: v, committedAt: null });
            requestSeek(v);
            // Keyboard steps and programmatic changes are complete at once; a pointer drag on release.
            if (!e.currentTarget.matches(':active')) commit();
          }}
          onPointerUp={commit}
          onBlur={commit}
        />
      </div>
      {forkedAt !== null && (
        <p className={styles.notice} role="status">
          <span aria-hidden="true">↯ </span>
          You changed the past at {formatInstant(forkedAt)}: the old future was dropped.
        </p>
      )}
    </div>
  );
}
