/**
 * The timeline scrubber: a native range input named "Simulated time" (so it
 * is keyboard operable and announced), drawn over a track that shows how far
 * the run has reached. The first seek of a frame is sent at once, the rest of
 * that frame's are coalesced to the latest, sent at the next frame;
 * the host answers each with nearest checkpoint + replay.
 *
 * What moves every frame (the thumb, the two bars, the clock, the wrapper's
 * `data-sim-t`) is written by a frame listener (../stage/frame.ts), not by a
 * React render: a render gave the input new props each frame, and React then
 * rewrites an input's name, type and value attribute (style work on every
 * frame), while the bars' widths and the clock's text were a layout of the
 * page. The bars move by transform; the clock's text is paced like the
 * stage's while the run plays. React renders what changes rarely: the run's
 * length and the fork.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSimStore } from '../../store/simStore';
import type { SimStoreState } from '../../store/types';
import { useFrameSelector } from '../charts/useFrameSelector';
import { formatInstant } from '../charts/format';
import { setAttr, setText, useFrame } from '../stage/frame';
import styles from './timeline.module.css';

/** Slider resolution in simulated seconds. */
const STEP = 0.1;

/** The track's length: the run's duration, or further when a run went past it. */
const lengthOf = (s: SimStoreState): number =>
  Math.max(s.timeline.duration || s.scenario?.durationSeconds || 0, s.timeline.furthest, STEP);

interface Shape {
  readonly max: number;
  readonly forkedAt: number | null;
}

const selectShape = (s: SimStoreState): Shape => ({
  max: lengthOf(s),
  forkedAt: s.timeline.forkedAt,
});

const sameShape = (a: Shape, b: Shape): boolean => a.max === b.max && a.forkedAt === b.forkedAt;

/** A drag in progress (value from the pointer), or committed at the frame time `committedAt`. */
interface Drag {
  readonly value: number;
  readonly committedAt: number | null;
}

const pct = (v: number, max: number): string => `${((v / max) * 100).toFixed(3)}%`;
/** A bar filled to v of max: moved left by what is missing (no layout, unlike a width). */
const barTransform = (v: number, max: number): string =>
  `translateX(${((Math.min(1, Math.max(0, v / max)) - 1) * 100).toFixed(3)}%)`;

/** What the scrubber shows at a moment (`value`: the thumb, a drag's or the frame's time). */
interface View {
  readonly t: number;
  readonly reach: number;
  readonly length: number;
  readonly value: string;
  readonly valueText: string;
  readonly now: string;
  readonly of: string;
  readonly reached: string;
  readonly played: string;
}

function viewOf(s: SimStoreState, dragValue: number | null): View {
  const t = s.snapshot?.t ?? 0;
  const length = lengthOf(s);
  const reach = Math.min(s.timeline.furthest, length);
  const value = dragValue ?? t;
  return {
    t,
    reach,
    length,
    value: String(Math.min(value, length)),
    valueText: `${formatInstant(value)} of ${formatInstant(length)}, reached ${formatInstant(reach)}`,
    now: formatInstant(value),
    of: `reached ${formatInstant(reach)} of ${formatInstant(length)}`,
    reached: barTransform(reach, length),
    played: barTransform(Math.min(value, reach), length),
  };
}

/** The scrubber with its clock readout and the fork notice. */
export function Scrubber() {
  const { max, forkedAt } = useFrameSelector(selectShape, sameShape);
  const seek = useSimStore((s) => s.seek);
  // The first render's text and positions (the markup prerendered before any script runs);
  // constant, so React never writes them again over the frame listener's.
  const [first] = useState(() => viewOf(useSimStore.getState(), null));
  const rootRef = useRef<HTMLDivElement>(null);
  const nowRef = useRef<HTMLSpanElement>(null);
  const ofRef = useRef<HTMLSpanElement>(null);
  const reachedRef = useRef<HTMLDivElement>(null);
  const playedRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  // While dragging, the thumb follows the pointer, not the last frame. After the
  // drag is committed, the thumb keeps the chosen value until a frame with a new t lands.
  const drag = useRef<Drag | null>(null);
  /** The last frame's time and furthest point (a seek is clamped to the furthest). */
  const at = useRef({ t: first.t, reach: first.reach });
  const pending = useRef<number | null>(null);
  const raf = useRef(0);
  useEffect(() => () => cancelAnimationFrame(raf.current), []);

  // The track's width in CSS pixels, observed (never read in a frame): see `write`.
  const trackPx = useRef(0);
  useEffect(() => {
    const el = inputRef.current;
    if (el === null || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver((entries) => {
      trackPx.current = entries[0]?.contentBoxSize[0]?.inlineSize ?? 0;
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  /** The pixel of the track the thumb and the two bars were last written at while playing. */
  const shownPx = useRef({ thumb: -1, reached: -1, played: -1 });

  const write = useCallback((s: SimStoreState): void => {
    const t = s.snapshot?.t ?? 0;
    const d = drag.current;
    if (d !== null && d.committedAt !== null && d.committedAt !== t) drag.current = null;
    const v = viewOf(s, drag.current?.value ?? null);
    at.current = { t: v.t, reach: v.reach };
    setAttr(rootRef.current, 'data-sim-t', String(v.t));
    // While the run plays, the thumb and the bars move a fraction of a pixel a frame: they are
    // written when they reach another pixel of the track (each write is a layout and a repaint
    // of the input). Paused, stepped, sought or dragged, they are written exactly.
    const px = trackPx.current;
    const live = s.status === 'playing' && drag.current === null && px > 0;
    const shown = shownPx.current;
    const pixel = (x: number): number =>
      live ? Math.round((Math.min(x, v.length) / v.length) * px) : -1;
    const thumb = pixel(Number(v.value));
    const reached = pixel(v.reach);
    const played = pixel(Math.min(Number(v.value), v.reach));
    const input = inputRef.current;
    if (input !== null) {
      // (The max first: a value above the old max would be clamped.)
      if (input.max !== String(v.length)) input.max = String(v.length);
      if ((thumb < 0 || thumb !== shown.thumb) && input.value !== v.value) input.value = v.value;
      setAttr(input, 'aria-valuetext', v.valueText);
    }
    if (reachedRef.current !== null && (reached < 0 || reached !== shown.reached))
      reachedRef.current.style.transform = v.reached;
    if (playedRef.current !== null && (played < 0 || played !== shown.played))
      playedRef.current.style.transform = v.played;
    shownPx.current = { thumb, reached, played };
    setText(nowRef.current, v.now);
    setText(ofRef.current, v.of);
  }, []);
  useFrame(write);

  const requestSeek = (to: number): void => {
    // Only the computed past can be sought; beyond it, the run must play there first.
    const target = Math.max(0, Math.min(at.current.reach, to));
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

  const commit = (): void => {
    const d = drag.current;
    if (d !== null) drag.current = { ...d, committedAt: at.current.t };
  };

  return (
    <div className={styles.scrubber} ref={rootRef} data-sim-t={first.t}>
      <div className={styles.clock} aria-hidden="true">
        <span className={styles.now} ref={nowRef}>
          {first.now}
        </span>
        <span className={styles.of} ref={ofRef}>
          {first.of}
        </span>
      </div>
      <div className={styles.track}>
        <div className={styles.rail} aria-hidden="true">
          <div className={styles.fill}>
            <div className={styles.reached} ref={reachedRef} style={{ transform: first.reached }} />
            <div className={styles.played} ref={playedRef} style={{ transform: first.played }} />
          </div>
          {forkedAt !== null && (
            <div
              className={styles.fork}
              style={{ left: pct(forkedAt, max) }}
              title="Timeline forked here"
            />
          )}
        </div>
        <input
          ref={inputRef}
          type="range"
          className={styles.range}
          aria-label="Simulated time"
          aria-valuetext={first.valueText}
          defaultValue={first.value}
          min={0}
          max={max}
          step={STEP}
          onChange={(e) => {
            const v = Math.min(Number(e.currentTarget.value), at.current.reach);
            drag.current = { value: v, committedAt: null };
            requestSeek(v);
            // Keyboard steps and programmatic changes are complete at once; a pointer drag on release.
            if (!e.currentTarget.matches(':active')) commit();
            write(useSimStore.getState());
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
