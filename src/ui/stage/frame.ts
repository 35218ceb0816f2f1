/**
 * The animation layer's plumbing: per-frame values go from the store straight
 * into refs and canvases (zustand transient updates), never through React
 * state. Also the theme palette for canvas drawing and the reduced-motion flag.
 */
import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import type { SimStore } from '../../store/simStore';
import type { SimStoreState } from '../../store/types';
import { useStageStore } from './storeContext';
import { forgetFont } from './drawShapes';
import { DrawPacer, WritePacer } from './pacing';

/** Canvas draws run before DOM text/attribute writes in each frame. */
export type FramePhase = 'dom' | 'canvas';

type Listener = {
  current: (s: SimStoreState) => void;
  visible: boolean;
  readonly store: SimStore;
};

/** Per store: its listeners by phase and its one subscription. */
interface Registry {
  readonly listeners: Record<FramePhase, Set<Listener>>;
  readonly run: () => void;
  unsubscribe: (() => void) | null;
}
const registries = new Map<SimStore, Registry>();

/**
 * One store subscription per store (the app's, or each run of compare mode):
 * every canvas draw of a frame first, then every DOM write. Drawing text on a
 * canvas needs resolved styles, so a draw after a DOM write forces a style
 * recalculation; drawing first finds the styles still clean from the last
 * rendered frame.
 */
function registryOf(store: SimStore): Registry {
  let r = registries.get(store);
  if (r === undefined) {
    const listeners: Record<FramePhase, Set<Listener>> = { dom: new Set(), canvas: new Set() };
    const run = (): void => {
      const s = store.getState();
      const playing = s.status === 'playing';
      beginCanvasPacing(playing, s.speed);
      for (const l of listeners.canvas) if (l.visible) l.current(s);
      canvasPacingFast = false;
      beginPacing(playing, s.speed);
      try {
        for (const l of listeners.dom) if (l.visible) l.current(s);
      } finally {
        pacing = false;
        pacingFast = false;
      }
      // Paced writes that no listener made in this frame and have waited long enough go in with
      // the frame's DOM writes (after the canvases, whose text drawing needs clean styles); all
      // of them once the run stops playing.
      flushPacers(frameNow, !playing);
    };
    r = { listeners, run, unsubscribe: null };
    registries.set(store, r);
  }
  return r;
}

/** Redraws every stage now (theme or size changed, or the stage scrolled). */
export function redrawAll(): void {
  for (const r of registries.values()) if (r.unsubscribe !== null) r.run();
}

function attach(phase: FramePhase, l: Listener): () => void {
  const r = registryOf(l.store);
  r.listeners[phase].add(l);
  if (r.unsubscribe === null) {
    const unsubscribeStore = l.store.subscribe(r.run);
    window.addEventListener(PALETTE_EVENT, r.run);
    r.unsubscribe = () => {
      unsubscribeStore();
      window.removeEventListener(PALETTE_EVENT, r.run);
    };
  }
  return () => {
    r.listeners[phase].delete(l);
    if (r.listeners.dom.size + r.listeners.canvas.size === 0 && r.unsubscribe !== null) {
      r.unsubscribe();
      r.unsubscribe = null;
      registries.delete(l.store);
    }
  };
}

const watched = new WeakMap<Element, Listener[]>();
let intersectionObserver: IntersectionObserver | null = null;

/** Tracks whether an element is on screen; off-screen rows skip their per-frame work. */
function watchVisibility(el: Element, l: Listener): () => void {
  intersectionObserver ??= new IntersectionObserver(
    (entries) => {
      for (const e of entries) {
        for (const w of watched.get(e.target) ?? []) {
          const was = w.visible;
          w.visible = e.isIntersecting;
          // Catch up at once when scrolled into view.
          if (!was && w.visible) w.current(w.store.getState());
        }
      }
    },
    { rootMargin: '64px' },
  );
  watched.set(el, [...(watched.get(el) ?? []), l]);
  intersectionObserver.observe(el);
  return () => {
    const rest = (watched.get(el) ?? []).filter((x) => x !== l);
    if (rest.length === 0) {
      watched.delete(el);
      intersectionObserver?.unobserve(el);
    } else watched.set(el, rest);
  };
}

/**
 * Calls `draw` now and on every change of the stage's store (one per worker
 * frame while playing). `draw` writes to refs/canvas; it must not set React
 * state. With `visibleRef`, it is skipped while that element is scrolled out
 * of view. The store is the one the nearest SimStoreContext supplies.
 */
export function useFrame(
  draw: (s: SimStoreState) => void,
  phase: FramePhase = 'dom',
  visibleRef?: RefObject<Element | null>,
): void {
  const store = useStageStore();
  const latest = useRef(draw);
  useLayoutEffect(() => {
    latest.current = draw;
  });
  useEffect(() => {
    const listener: Listener = { current: (s) => latest.current(s), visible: true, store };
    listener.current(store.getState());
    const detach = attach(phase, listener);
    const el = visibleRef?.current ?? null;
    const unwatch = el !== null ? watchVisibility(el, listener) : null;
    return () => {
      detach();
      unwatch?.();
    };
  }, [phase, visibleRef, store]);
}

/*
 * Paced writes. While a run plays, the stage's numbers and labels change on almost every frame
 * (at 10x, thousands of text writes a second). Each write costs the frame style, layout, paint
 * and raster work, and nobody reads a number that changes 60 times a second. So during
 * playback a frame's text is written at most every PACE_MS per element (~10 Hz), the elements
 * staggered so that no single frame writes them all. At FAST_SPEED and above, slot states (as
 * elements, or tiles on a canvas: pacedCanvasDue) and run-time bars are paced the same way;
 * below it they follow every frame. Motion drawn on canvases (records, batches in flight) and
 * the poll icons always does. Paused, stepped or seeking, every write is immediate and exact,
 * and anything still pending is written at once.
 */
const PACE_MS = 100;
/** From this speed on, motion a frame cannot show either is paced too (see setPacedState). */
const FAST_SPEED = 5;
/** True inside a frame's listeners while the run plays. */
let pacing = false;
/** True inside a frame's listeners while the run plays at FAST_SPEED or more. */
let pacingFast = false;
let frameNow = 0;
let pendingTimer: ReturnType<typeof setTimeout> | null = null;

function writeText(el: HTMLElement, text: string): void {
  const only = el.firstChild;
  // One text node: change its data in place. Assigning textContent replaces the node (a removal
  // and an insertion for style and layout to process).
  if (only !== null && only === el.lastChild && only.nodeType === Node.TEXT_NODE)
    (only as Text).data = text;
  else el.textContent = text;
}

const textPacer = new WritePacer<HTMLElement>(PACE_MS, (el) => el.textContent, writeText);
const statePacer = new WritePacer<HTMLElement>(
  PACE_MS,
  (el) => el.dataset['state'] ?? '',
  (el, state) => {
    el.dataset['state'] = state;
  },
);
const transformPacer = new WritePacer<HTMLElement>(
  PACE_MS,
  (el) => el.style.transform,
  (el, transform) => {
    el.style.transform = transform;
  },
);
const PACERS = [textPacer, statePacer, transformPacer];

function flushPacers(now: number, all: boolean): void {
  for (const p of PACERS) if (p.waiting > 0) p.flush(now, all);
}

/**
 * Called before a frame's DOM writes: paces while playing. If frames stop coming while writes
 * wait (a stalled worker), a timer makes them.
 */
function beginPacing(playing: boolean, speed: number): void {
  frameNow = performance.now();
  pacing = playing;
  pacingFast = playing && speed >= FAST_SPEED;
  if (playing && pendingTimer === null)
    pendingTimer = setTimeout(function check() {
      if (PACERS.every((p) => p.waiting === 0)) pendingTimer = null;
      else if (performance.now() - frameNow > 2 * PACE_MS) {
        pendingTimer = null;
        flushPacers(performance.now(), true);
      } else pendingTimer = setTimeout(check, PACE_MS);
    }, 2 * PACE_MS);
}

/**
 * Writes `text` into an element only when it changed (cheap per-frame DOM updates). Inside a
 * frame of a playing run the write is paced (see PACE_MS); anywhere else it is immediate.
 */
export function setText(el: HTMLElement | null, text: string): void {
  if (el === null) return;
  if (pacing) textPacer.set(el, text, frameNow);
  else textPacer.writeNow(el, text);
}

/**
 * Sets an element's `data-state` (its colours and outline), paced like text while the run plays
 * at FAST_SPEED or more: there a function slot's invocation lasts a frame or two, and a state
 * flickering every frame restyled and repainted 80 slots a frame without anyone seeing it.
 */
export function setPacedState(el: HTMLElement | null, state: string): void {
  if (el === null) return;
  if (pacingFast) statePacer.set(el, state, frameNow);
  else statePacer.writeNow(el, state);
}

/** Sets an element's transform (a progress bar), paced like setPacedState. */
export function setPacedTransform(el: HTMLElement | null, transform: string): void {
  if (el === null) return;
  if (pacingFast) transformPacer.set(el, transform, frameNow);
  else transformPacer.writeNow(el, transform);
}

/** True inside a frame's canvas listeners while the run plays at FAST_SPEED or more. */
let canvasPacingFast = false;
let canvasNow = 0;
const canvasPacer = new DrawPacer<object>(PACE_MS);

function beginCanvasPacing(playing: boolean, speed: number): void {
  canvasNow = performance.now();
  canvasPacingFast = playing && speed >= FAST_SPEED;
}

/**
 * Whether a canvas of states (not of motion) may be drawn in this frame: always, except while
 * the run plays at FAST_SPEED or more, where it is drawn at most every PACE_MS, canvases a sixth
 * of the pace apart, like setPacedState's elements (there a slot's state lasts a frame or two,
 * and redrawing it every frame showed no one anything). A frame after the run stops playing
 * draws every canvas at once. Call it from a 'canvas' listener, with the canvas as `key`.
 */
export function pacedCanvasDue(key: object): boolean {
  return canvasPacer.due(key, canvasNow, canvasPacingFast);
}

/**
 * Sets an attribute only when its value changes: a frame listener runs every frame, and even an
 * unchanged write is a DOM mutation (observers, style invalidation of attribute selectors).
 */
export function setAttr(el: Element | null, name: string, value: string): void {
  if (el !== null && el.getAttribute(name) !== value) el.setAttribute(name, value);
}

/** Shows or hides an element (per frame, without React). */
export function setShown(el: HTMLElement | null, shown: boolean): void {
  if (el !== null && el.hidden === shown) el.hidden = !shown;
}

/** Canvas colours, read from the design tokens of the current theme. */
export interface Palette {
  readonly text: string;
  readonly muted: string;
  readonly surface: string;
  readonly surface2: string;
  readonly surface3: string;
  readonly border: string;
  readonly borderStrong: string;
  readonly accent: string;
  readonly accentSoft: string;
  readonly info: string;
  readonly infoSoft: string;
  readonly success: string;
  readonly warning: string;
  readonly danger: string;
  readonly dangerSoft: string;
  readonly focus: string;
  readonly inverse: string;
  readonly keys: readonly string[];
  readonly fontSans: string;
  readonly fontMono: string;
}

const PALETTE_EVENT = 'esm-lab-palette';
let cached: Palette | null = null;
let watching = false;

function readPalette(): Palette {
  const cs = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string): string =>
    cs.getPropertyValue(name).trim() || fallback;
  return {
    text: v('--color-text', '#1a1f2b'),
    muted: v('--color-text-muted', '#5a6372'),
    surface: v('--color-surface', '#ffffff'),
    surface2: v('--color-surface-2', '#eef0f4'),
    surface3: v('--color-surface-3', '#e2e6ec'),
    border: v('--color-border', '#d3d8e0'),
    borderStrong: v('--color-border-strong', '#a9b1bd'),
    accent: v('--color-accent', '#d4590b'),
    accentSoft: v('--color-accent-soft', '#fde9dc'),
    info: v('--color-info', '#1f5fbf'),
    infoSoft: v('--color-info-soft', '#e2ecfb'),
    success: v('--color-success', '#1b7a45'),
    warning: v('--color-warning', '#9a6200'),
    danger: v('--color-danger', '#c02637'),
    dangerSoft: v('--color-danger-soft', '#fbe3e6'),
    focus: v('--color-focus', '#2563eb'),
    inverse: v('--color-text-inverse', '#ffffff'),
    keys: Array.from({ length: 10 }, (_, i) => v(`--key-${i}`, '#2f6fd6')),
    fontSans: v('--font-sans', 'system-ui, sans-serif'),
    fontMono: v('--font-mono', 'monospace'),
  };
}

function invalidate(): void {
  cached = null;
  window.dispatchEvent(new Event(PALETTE_EVENT));
}

/** The current theme's palette; re-read when the theme attribute or the system scheme changes. */
export function palette(): Palette {
  if (!watching && typeof window !== 'undefined') {
    watching = true;
    new MutationObserver(invalidate).observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['data-theme', 'class', 'style'],
    });
    window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', invalidate);
  }
  cached ??= readPalette();
  return cached;
}

let reduceQuery: MediaQueryList | null = null;

/** True when the user asked for reduced motion: movement becomes discrete steps. */
export function reducedMotion(): boolean {
  if (typeof window === 'undefined') return false;
  reduceQuery ??= window.matchMedia('(prefers-reduced-motion: reduce)');
  return reduceQuery.matches;
}

const sizes = new WeakMap<Element, { w: number; h: number }>();
let resizeObserver: ResizeObserver | null = null;

/**
 * The CSS size of a canvas, kept by a ResizeObserver: reading clientWidth in
 * every frame after DOM text writes would force a synchronous layout per
 * canvas (measured: the largest main-thread cost of the stage under load).
 */
function sizeOf(canvas: HTMLCanvasElement): { w: number; h: number } {
  const known = sizes.get(canvas);
  if (known !== undefined) return known;
  resizeObserver ??= new ResizeObserver((entries) => {
    // Redraw what was resized: a canvas drawn by a watched frame listener redraws alone; any
    // other redraws every stage (one cell's resize redrew them all, ~80 ms on a busy machine).
    let all = false;
    const redraw = new Set<Listener>();
    for (const e of entries) {
      const box = e.contentBoxSize[0];
      sizes.set(e.target, {
        w: box?.inlineSize ?? e.contentRect.width,
        h: box?.blockSize ?? e.contentRect.height,
      });
      const ls = watched.get(e.target);
      if (ls === undefined || ls.length === 0) all = true;
      else for (const l of ls) redraw.add(l);
    }
    if (all) window.dispatchEvent(new Event(PALETTE_EVENT));
    else for (const l of redraw) if (l.visible) l.current(l.store.getState());
  });
  resizeObserver.observe(canvas);
  const first = { w: canvas.clientWidth, h: canvas.clientHeight };
  sizes.set(canvas, first);
  return first;
}

/** A canvas's CSS size as last observed (no layout read after the first). */
export function canvasSize(canvas: HTMLCanvasElement): { readonly w: number; readonly h: number } {
  return sizeOf(canvas);
}

/**
 * Sizes a canvas's backing store to its CSS box × devicePixelRatio; returns the 2D context. The
 * canvas is cleared, unless `keep` asks to keep what it shows (then `blank` says whether it was
 * resized, which clears it anyway).
 */
export function fitCanvas(
  canvas: HTMLCanvasElement,
  keep = false,
): { ctx: CanvasRenderingContext2D; w: number; h: number; blank: boolean } | null {
  const ctx = canvas.getContext('2d');
  if (ctx === null) return null;
  const { w, h } = sizeOf(canvas);
  const dpr = Math.min(2, window.devicePixelRatio || 1);
  const bw = Math.max(1, Math.round(w * dpr));
  const bh = Math.max(1, Math.round(h * dpr));
  let blank = !keep;
  if (canvas.width !== bw || canvas.height !== bh) {
    canvas.width = bw;
    canvas.height = bh;
    // Resizing reset the context's state, its font included.
    forgetFont(ctx);
    blank = true;
  }
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  // The default direction, 'inherit', makes every fillText (and reading ctx.direction) resolve the
  // canvas's computed style: after a frame's DOM writes, that forced a layout of the whole page.
  // The lab is left to right; assigning it is cheap.
  ctx.direction = 'ltr';
  if (!keep) ctx.clearRect(0, 0, w, h);
  return { ctx, w, h, blank };
}
