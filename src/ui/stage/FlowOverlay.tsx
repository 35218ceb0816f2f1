/**
 * The layer that shows records travelling: one canvas over the whole flow
 * (source → poller → batch → function → outcome) drawing each batch that is
 * on the move between two places, and each batch resting in a batch slot or
 * an invocation. Where the places are comes from the DOM (`data-anchor`
 * elements, measured when the layout changes, never from the frame's writes);
 * what moves comes from flow.ts (simulated time and the event log).
 */
import { useEffect, useLayoutEffect, useRef, type ReactElement, type RefObject } from 'react';
import { keyIndex } from './derive';
import { inkOn, roundRect, setFont } from './drawShapes';
import { queueFlow, streamFlow, type Parked, type SlotMemo, type Token } from './flow';
import { fitCanvas, palette, reducedMotion, useFrame, type Palette } from './frame';
import { useStageStore } from './storeContext';
import type { SimStoreState } from '../../store/types';
import styles from './Stage.module.css';

interface Rect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** Re-measure the anchors at least this often (frames), besides resizes and scrolls. */
const REMEASURE_EVERY = 12;

/** The overlay of one stage; `flowRef` is the element holding the anchors. */
export default function FlowOverlay({
  kind,
  flowRef,
}: {
  readonly kind: 'streams' | 'queue';
  readonly flowRef: RefObject<HTMLElement | null>;
}): ReactElement {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const anchors = useRef(new Map<string, Rect>());
  const dirty = useRef(true);
  const frames = useRef(0);
  const memo = useRef<SlotMemo>(new Map());
  const scale = useRef(1);

  const store = useStageStore();
  // The latest draw and store, for the redraws `watch` schedules outside a frame.
  const drawRef = useRef<(s: SimStoreState) => void>(() => {});
  const storeRef = useRef(store);
  const followingUp = useRef(false);
  /** The flow and canvas being watched, and how to stop (see `watch`). */
  const watching = useRef<{
    flow: HTMLElement;
    canvas: HTMLCanvasElement;
    settle: () => void;
    stop: () => void;
  } | null>(null);

  /**
   * Watches the flow for what moves its places. Called from every draw: the flow element is the
   * stage's, which may mount after this overlay (each loads on its own) or be replaced (another
   * source type), and an overlay watching no flow, or a gone one, kept places measured once.
   */
  const watch = (flow: HTMLElement, canvas: HTMLCanvasElement): (() => void) => {
    const w = watching.current;
    if (w !== null && w.flow === flow && w.canvas === canvas) return w.settle;
    w?.stop();
    dirty.current = true;
    const redraw = (): void => {
      dirty.current = true;
      followingUp.current = true;
      try {
        drawRef.current(storeRef.current.getState());
      } finally {
        followingUp.current = false;
      }
    };
    // A resize or a scroll moves the places: they are measured again and the batches drawn again
    // at the next animation frame, frames coming or not.
    let raf = 0;
    const mark = (): void => {
      dirty.current = true;
      if (raf !== 0) return;
      raf = requestAnimationFrame(() => {
        raf = 0;
        redraw();
      });
    };
    // Paused, stepped or sought, no frame follows to correct a place measured before the layout
    // settled: the canvases draw before the frame's DOM writes (a slot's state wrapping onto two
    // lines), React renders after them (a breakpoint's notice taking height from the stage), and
    // places move without the stage changing size. So the places are measured again at the next
    // animation frame and a few times in the next second.
    let timers: ReturnType<typeof setTimeout>[] = [];
    const settle = (): void => {
      mark();
      for (const t of timers) clearTimeout(t);
      timers = [120, 400, 1000].map((ms) => setTimeout(redraw, ms));
    };
    const ro = new ResizeObserver(mark);
    ro.observe(flow);
    ro.observe(canvas);
    flow.addEventListener('scroll', mark, { passive: true });
    const stop = (): void => {
      ro.disconnect();
      flow.removeEventListener('scroll', mark);
      cancelAnimationFrame(raf);
      for (const t of timers) clearTimeout(t);
    };
    watching.current = { flow, canvas, settle, stop };
    return settle;
  };
  useEffect(
    () => () => {
      watching.current?.stop();
      watching.current = null;
    },
    [],
  );

  const draw = (s: SimStoreState): void => {
    const canvas = canvasRef.current;
    const flow = flowRef.current;
    const snap = s.snapshot;
    if (canvas === null || flow === null || snap === null) return;
    frames.current += 1;
    const settle = watch(flow, canvas);
    if (dirty.current || frames.current % REMEASURE_EVERY === 0) {
      measure(canvas, flow, anchors.current);
      scale.current = flow.closest('[data-presenter]') !== null ? 1.35 : 1;
      dirty.current = false;
    }
    // While playing, the next frame measures what this one's DOM writes moved; otherwise the
    // places are measured again as the layout settles.
    if (s.status !== 'playing' && !followingUp.current) settle();
    const fitted = fitCanvas(canvas);
    if (fitted === null) return;
    if (snap.invocations.length === 0 && s.status !== 'playing') memo.current.clear();
    const reduced = reducedMotion();
    const { tokens, parked } =
      kind === 'streams'
        ? streamFlow(snap, s.events, memo.current, reduced)
        : queueFlow(snap, s.events, reduced);
    const p = palette();
    const size = Math.round(24 * scale.current);
    setFont(fitted.ctx, `800 ${Math.round(12 * scale.current)}px ${p.fontSans}`);
    fitted.ctx.textBaseline = 'middle';
    fitted.ctx.textAlign = 'center';
    for (const b of parked) drawParked(fitted.ctx, b, anchors.current, size, p);
    // Many batches at once (eight shards): no trails, so the picture stays legible.
    const trails = tokens.length <= 6;
    for (const tk of tokens) drawToken(fitted.ctx, tk, anchors.current, size, p, trails);
    if (memo.current.size > 2000) memo.current.clear();
  };
  useLayoutEffect(() => {
    drawRef.current = draw;
    storeRef.current = store;
  });
  useFrame(draw, 'canvas');

  return <canvas ref={canvasRef} className={styles.overlay} aria-hidden="true" />;
}

/** Every `data-anchor` under `flow`, relative to the canvas's box. */
function measure(canvas: HTMLElement, flow: HTMLElement, into: Map<string, Rect>): void {
  into.clear();
  const origin = canvas.getBoundingClientRect();
  for (const el of flow.querySelectorAll<HTMLElement>('[data-anchor]')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const name = el.dataset['anchor'];
    if (name === undefined) continue;
    into.set(name, { x: r.left - origin.left, y: r.top - origin.top, w: r.width, h: r.height });
  }
}

/** The first of 'a|b|c' that was measured. */
function resolve(anchors: ReadonlyMap<string, Rect>, name: string): Rect | null {
  for (const n of name.split('|')) {
    const r = anchors.get(n);
    if (r !== undefined) return r;
  }
  return null;
}

const centre = (r: Rect): [number, number] => [r.x + r.w / 2, r.y + r.h / 2];

function colorOf(kind: Token['kind'] | Parked['kind'], p: Palette): string {
  switch (kind) {
    case 'send':
    case 'running':
      return p.info;
    case 'ok':
      return p.success;
    case 'gathering':
      return p.accent;
    case 'dest':
      return p.warning;
    case 'return':
      return p.muted;
    case 'fail':
    case 'discard':
    case 'dlq':
    case 'retrying':
      return p.danger;
  }
}

/** A batch: up to three stacked chips in its records' key colours, and its record count. */
function drawBundle(
  ctx: CanvasRenderingContext2D,
  cx: number,
  cy: number,
  size: number,
  keys: readonly string[],
  count: number,
  outline: string,
  dashed: boolean,
  p: Palette,
): void {
  const layers = Math.min(3, Math.max(1, count));
  const w = size * 1.5;
  const h = size;
  const x0 = cx - w / 2 - (layers - 1) * 2;
  const y0 = cy - h / 2 + (layers - 1) * 2;
  for (let i = layers - 1; i >= 0; i--) {
    const key = keys[i] ?? keys[0] ?? '';
    const hue = key === '' ? p.info : (p.keys[keyIndex(key)] ?? p.info);
    roundRect(ctx, x0 + i * 4, y0 - i * 4, w, h, 5);
    ctx.fillStyle = hue;
    ctx.fill();
    if (i === 0) {
      ctx.lineWidth = 2.5;
      ctx.strokeStyle = outline;
      if (dashed) ctx.setLineDash([4, 3]);
      ctx.stroke();
      if (dashed) ctx.setLineDash([]);
      ctx.fillStyle = inkOn(hue);
      ctx.fillText(
        count > 999 ? `${Math.round(count / 1000)}k` : String(count),
        x0 + w / 2,
        y0 + h / 2 + 1,
      );
    }
  }
}

function drawParked(
  ctx: CanvasRenderingContext2D,
  b: Parked,
  anchors: ReadonlyMap<string, Rect>,
  size: number,
  p: Palette,
): void {
  const r = resolve(anchors, b.anchor);
  if (r === null || r.h < 8) return;
  const s = Math.min(size, r.h - 4);
  const [cx, cy] = centre(r);
  drawBundle(ctx, cx, cy, s, b.keys, b.count, colorOf(b.kind, p), b.kind !== 'running', p);
}

function drawToken(
  ctx: CanvasRenderingContext2D,
  tk: Token,
  anchors: ReadonlyMap<string, Rect>,
  size: number,
  p: Palette,
  trails: boolean,
): void {
  const pts: [number, number][] = [];
  for (const name of tk.path) {
    const r = resolve(anchors, name);
    if (r !== null) pts.push(centre(r));
  }
  const first = pts[0];
  if (first === undefined) return;
  // Position along the polyline at `progress` of its length.
  let total = 0;
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1] as [number, number];
    const b = pts[i] as [number, number];
    total += Math.hypot(b[0] - a[0], b[1] - a[1]);
  }
  let left = tk.progress * total;
  let [x, y] = first;
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1] as [number, number];
    const b = pts[i] as [number, number];
    const seg = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (left <= seg || i === pts.length - 1) {
      const f = seg === 0 ? 1 : Math.min(1, left / seg);
      x = a[0] + (b[0] - a[0]) * f;
      y = a[1] + (b[1] - a[1]) * f;
      break;
    }
    left -= seg;
  }
  const color = colorOf(tk.kind, p);
  // A short trail behind it shows the direction of travel.
  if (trails && pts.length > 1 && tk.progress < 1) {
    ctx.strokeStyle = color;
    ctx.globalAlpha = 0.35;
    ctx.lineWidth = 3;
    ctx.setLineDash([2, 5]);
    ctx.beginPath();
    ctx.moveTo(first[0], first[1]);
    for (let i = 1; i < pts.length; i++) {
      const pt = pts[i] as [number, number];
      ctx.lineTo(pt[0], pt[1]);
    }
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.globalAlpha = 1;
  }
  drawBundle(ctx, x, y, size, tk.keys, tk.count, color, tk.kind === 'fail', p);
  if (tk.kind === 'discard' || tk.kind === 'dlq' || tk.kind === 'fail') {
    // The outcome as a mark too, not only a colour.
    const mark = tk.kind === 'discard' ? '✕' : tk.kind === 'dlq' ? '☠' : '↺';
    ctx.fillStyle = color;
    ctx.beginPath();
    ctx.arc(x + size * 0.75, y - size * 0.5, size * 0.32, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = inkOn(color);
    ctx.fillText(mark, x + size * 0.75, y - size * 0.5 + 1);
  }
}
