/**
 * The batch and function cells of a shard with three or more
 * ParallelizationFactor slots, drawn as small tiles on one canvas per cell.
 * As DOM, 160 tiles (8 shards × 10) each restyled, relaid and repainted when
 * their state changed: at 10x that was half the frame. Here each tile is a
 * few canvas calls. Plain functions of (lanes, time) → tile specs → pixels,
 * and the words screen readers get instead of the pixels.
 *
 * Every state has a shape as well as a colour: idle is a thin dashed outline,
 * gathering a dashed outline with a strip filling as the batching window runs,
 * sent/running a solid outline (function tiles: with the run-time strip), and
 * retrying a thick outline with a ↻ and the retry number.
 */
import type { StageInvocation, StageLane, StageShard } from '../../engine/types';
import { invocationProgress, limitText, secondsLeft, stepped } from './derive';
import { roundRect, setFont } from './drawShapes';
import type { Palette } from './frame';

/** Most columns of the tile grid; fewer slots take one column each (as the cells' CSS grid). */
export const TILE_COLUMNS = 5;

/** Columns for `count` tiles: one per tile up to TILE_COLUMNS (the CSS reads it as --tile-cols). */
export function tileColumns(count: number): number {
  return Math.max(1, Math.min(TILE_COLUMNS, count));
}
/** The cell's padding and the gap between tiles, in CSS pixels (as in Stage.module.css). */
export const TILE_PAD = 2;
export const TILE_GAP = 2;

export interface TileRect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** Where each of `count` tiles sits in a `w` × `h` cell: rows of tileColumns(count), as the CSS grid. */
export function tileRects(w: number, h: number, count: number): TileRect[] {
  const cols = tileColumns(count);
  const rows = Math.max(1, Math.ceil(count / cols));
  const tw = Math.max(0, (w - 2 * TILE_PAD - (cols - 1) * TILE_GAP) / cols);
  const th = Math.max(0, (h - 2 * TILE_PAD - (rows - 1) * TILE_GAP) / rows);
  return Array.from({ length: count }, (_, i) => ({
    x: TILE_PAD + (i % cols) * (tw + TILE_GAP),
    y: TILE_PAD + Math.floor(i / cols) * (th + TILE_GAP),
    w: tw,
    h: th,
  }));
}

export type TileState = 'idle' | 'gathering' | 'running' | 'blocked';

/** What one tile shows. */
export interface TileSpec {
  readonly state: TileState;
  /** Labels from the most to the least detailed: the longest that fits is drawn. */
  readonly labels: readonly string[];
  /** A second line where the tile is tall enough (record counts, retries), most detailed first. */
  readonly details: readonly string[];
  /** The strip along the tile's foot (window elapsed, run time against Timeout), 0..1; null: none. */
  readonly strip: number | null;
  /** The run would reach its Timeout: the strip is drawn in the danger colour. */
  readonly timesOut: boolean;
}

const IDLE = (slot: number): TileSpec => ({
  state: 'idle',
  labels: [`${slot + 1}`],
  details: [],
  strip: null,
  timesOut: false,
});

/** "3 records", "3 rec": a tile's record count, longest first. */
function records(n: number): string[] {
  return [`${n} record${n === 1 ? '' : 's'}`, `${n} rec`];
}

/** A shard's ParallelizationFactor lane `slot`, if the snapshot has it. */
export function laneOf(shard: StageShard | undefined, slot: number): StageLane | null {
  return shard?.lanes.find((l) => l.slot === slot) ?? null;
}

/** The invocation a lane runs now, if any. */
export function laneInvocation(
  lane: StageLane,
  invocations: readonly StageInvocation[],
): StageInvocation | undefined {
  return lane.invocation === null ? undefined : invocations.find((i) => i.n === lane.invocation);
}

/** A batch tile: sent (an invocation runs), retrying, gathering (window strip) or idle. */
export function batchTile(
  lane: StageLane | null,
  slot: number,
  inv: StageInvocation | undefined,
  t: number,
): TileSpec {
  const n = `${slot + 1}`;
  if (lane === null) return IDLE(slot);
  if (inv !== undefined) {
    const split = inv.trigger === 'bisect';
    return {
      state: 'running',
      labels: split ? [`${n} split`, `${n} ½`, n] : [`${n} sent`, `${n} ▸`, n],
      details: records(inv.recordCount),
      strip: null,
      timesOut: false,
    };
  }
  if (lane.blocked !== null) {
    const r = Math.max(1, lane.blocked.retries);
    return {
      state: 'blocked',
      labels: [`${n} retry ${r}/${limitText(lane.blocked.maxRetries)}`, `${n} ↻${r}`, `↻${r}`, n],
      details: [`retry ${r} of ${limitText(lane.blocked.maxRetries)}`, `retry ${r}`],
      strip: null,
      timesOut: false,
    };
  }
  const w = lane.window;
  if (w !== null) {
    const span = w.closesAt - w.openedAt;
    const left = secondsLeft(w.closesAt, t) ?? 0;
    return {
      state: 'gathering',
      labels: [`${n} gathering`, `${n} …`, n],
      details: [`${w.gathered} of ${w.batchSize}`, `${w.gathered}/${w.batchSize}`],
      strip: span > 0 ? Math.min(1, Math.max(0, 1 - left / span)) : 1,
      timesOut: false,
    };
  }
  return IDLE(slot);
}

/** A function tile: the running invocation (number, run-time strip against Timeout) or idle. */
export function fnTile(
  lane: StageLane | null,
  slot: number,
  inv: StageInvocation | undefined,
  t: number,
  reduced: boolean,
): TileSpec {
  if (lane === null || inv === undefined) return IDLE(slot);
  return {
    state: 'running',
    labels: [`#${inv.n}`, `${slot + 1}`],
    details: records(inv.recordCount),
    strip: stepped(invocationProgress(inv, t), reduced),
    timesOut: inv.end - inv.start >= inv.timeoutAt - inv.start,
  };
}

/** The colours and outline of each state (the DOM slots' CSS, for the tiles). */
function tileStyle(
  state: TileState,
  kind: 'batch' | 'fn',
  p: Palette,
): { fill: string; stroke: string; ink: string; width: number; dash: boolean } {
  switch (state) {
    case 'gathering':
      return { fill: p.accentSoft, stroke: p.accent, ink: p.accent, width: 1, dash: true };
    case 'blocked':
      return { fill: p.dangerSoft, stroke: p.danger, ink: p.danger, width: 2, dash: false };
    case 'running':
      return {
        fill: kind === 'fn' ? p.infoSoft : p.surface,
        stroke: p.info,
        ink: p.text,
        width: 1.5,
        dash: false,
      };
    case 'idle':
      return { fill: p.surface, stroke: p.borderStrong, ink: p.muted, width: 1, dash: true };
  }
}

const widths = new Map<string, number>();

/** ctx.measureText, remembered per font and text (tiles redraw the same few labels). */
function textWidth(ctx: CanvasRenderingContext2D, font: string, text: string): number {
  const key = `${font}\u0000${text}`;
  let v = widths.get(key);
  if (v === undefined) {
    if (widths.size > 4000) widths.clear();
    setFont(ctx, font);
    v = ctx.measureText(text).width;
    widths.set(key, v);
  }
  return v;
}

/** Smallest type drawn on a tile, in CSS pixels. */
const MIN_PX = 9;

/**
 * The first of `labels` that fits `room` at `maxPx`, or shrunk by at most a quarter (never below
 * MIN_PX), with its size; null when none fits.
 */
function fitLabel(
  ctx: CanvasRenderingContext2D,
  labels: readonly string[],
  room: number,
  maxPx: number,
  weight: string,
  family: string,
): { text: string; px: number } | null {
  const least = Math.min(maxPx, Math.max(MIN_PX, Math.ceil(maxPx * 0.75)));
  for (const text of labels) {
    const width = textWidth(ctx, `${weight} ${maxPx}px ${family}`, text);
    const px = width <= room ? maxPx : Math.floor((maxPx * room) / width);
    if (px >= least) return { text, px };
  }
  return null;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Everything but the strip's length is the same: only the strip needs drawing again. */
export function sameBody(a: TileSpec, b: TileSpec): boolean {
  return (
    a.state === b.state &&
    a.timesOut === b.timesOut &&
    (a.strip === null) === (b.strip === null) &&
    sameList(a.labels, b.labels) &&
    sameList(a.details, b.details)
  );
}

/** Two frames' tiles show the same (strips included): nothing to draw. */
export function sameTiles(a: readonly TileSpec[], b: readonly TileSpec[]): boolean {
  return (
    a.length === b.length &&
    a.every((x, i) => {
      const y = b[i];
      return y !== undefined && x.strip === y.strip && sameBody(x, y);
    })
  );
}

/**
 * Draws a cell's tiles. With `previous` (what the canvas shows now, same size and palette) only
 * what changed is drawn: a tile whose strip alone moved gets its strip, a changed tile is
 * cleared and drawn again, an unchanged one is left alone. Without it the canvas is blank
 * (cleared or resized by the caller) and every tile is drawn.
 */
export function drawTiles(
  ctx: CanvasRenderingContext2D,
  w: number,
  h: number,
  tiles: readonly TileSpec[],
  kind: 'batch' | 'fn',
  p: Palette,
  previous: readonly TileSpec[] | null = null,
): void {
  const rects = tileRects(w, h, tiles.length);
  const first = rects[0];
  if (first === undefined || first.w < 4 || first.h < 4) return;
  const before = previous !== null && previous.length === tiles.length ? previous : null;
  // The type grows with the tile (presenter mode's larger cells get larger type), up to 16 px.
  const maxPx = Math.max(MIN_PX, Math.min(16, Math.floor(first.h * 0.72)));
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  const strip = Math.max(2, Math.round(Math.min(first.h * 0.14, 6)));
  for (let i = 0; i < tiles.length; i++) {
    const tile = tiles[i];
    const r = rects[i];
    if (tile === undefined || r === undefined) continue;
    const was = before?.[i];
    const st = tileStyle(tile.state, kind, p);
    if (was !== undefined && sameBody(was, tile)) {
      if (was.strip !== tile.strip) drawStrip(ctx, r, tile, st, strip, p, true);
      continue;
    }
    // Tiles are two pixels apart: clearing one pixel around a tile leaves its neighbours alone.
    if (before !== null) ctx.clearRect(r.x - 1, r.y - 1, r.w + 2, r.h + 2);
    drawTile(ctx, r, tile, st, strip, maxPx, p);
  }
  ctx.setLineDash([]);
}

type TileStyle = ReturnType<typeof tileStyle>;

function drawTile(
  ctx: CanvasRenderingContext2D,
  r: TileRect,
  tile: TileSpec,
  st: TileStyle,
  strip: number,
  maxPx: number,
  p: Palette,
): void {
  const inset = st.width / 2;
  roundRect(ctx, r.x + inset, r.y + inset, r.w - st.width, r.h - st.width, 3);
  ctx.fillStyle = st.fill;
  ctx.fill();
  ctx.setLineDash(st.dash ? [3, 2] : []);
  ctx.lineWidth = st.width;
  ctx.strokeStyle = st.stroke;
  ctx.stroke();
  const room = r.w - 2 * st.width - 2;
  const body = r.h - (tile.strip !== null ? strip + 1 : 0);
  const label = fitLabel(ctx, tile.labels, room, maxPx, '800', p.fontSans) ?? {
    text: tile.labels[tile.labels.length - 1] ?? '',
    px: maxPx,
  };
  // A second line (record count, retries) where the tile has room for two.
  const detail =
    tile.details.length > 0 && body >= label.px * 2.6
      ? fitLabel(
          ctx,
          tile.details,
          room,
          Math.max(MIN_PX, Math.round(label.px * 0.8)),
          '600',
          p.fontSans,
        )
      : null;
  const lines = detail === null ? label.px : label.px + 2 + detail.px;
  // Centred in a small tile; near the top of a tall one, clear of the batch parked mid-cell.
  const top = r.y + Math.min((body - lines) / 2, st.width + Math.max(3, label.px * 0.4));
  ctx.fillStyle = st.ink;
  setFont(ctx, `800 ${label.px}px ${p.fontSans}`);
  ctx.fillText(label.text, r.x + r.w / 2, top + label.px / 2 + 0.5, room);
  if (detail !== null) {
    ctx.fillStyle = tile.state === 'idle' ? p.muted : p.text;
    setFont(ctx, `600 ${detail.px}px ${p.fontSans}`);
    ctx.fillText(detail.text, r.x + r.w / 2, top + label.px + 2 + detail.px / 2 + 0.5, room);
  }
  drawStrip(ctx, r, tile, st, strip, p, false);
}

/** The strip along a tile's foot; `over` paints the tile's fill under it first (a redraw). */
function drawStrip(
  ctx: CanvasRenderingContext2D,
  r: TileRect,
  tile: TileSpec,
  st: TileStyle,
  strip: number,
  p: Palette,
  over: boolean,
): void {
  if (tile.strip === null) return;
  const x = r.x + st.width + 1;
  const y = r.y + r.h - st.width - strip - 1;
  const full = Math.max(0, r.w - 2 * st.width - 2);
  if (over) {
    ctx.fillStyle = st.fill;
    ctx.fillRect(x, y, full, strip);
  }
  ctx.fillStyle = tile.timesOut ? p.danger : tile.state === 'gathering' ? p.accent : p.info;
  ctx.fillRect(x, y, full * tile.strip, strip);
}

/** What a cell's tiles say, for screen readers: counts by state, then the busy tiles. */
export function describeTiles(
  tiles: readonly TileSpec[],
  kind: 'batch' | 'fn',
  lanes: readonly (StageLane | null)[],
  invs: readonly (StageInvocation | undefined)[],
): string {
  const count = (s: TileState): number => tiles.filter((x) => x.state === s).length;
  if (kind === 'fn') {
    const running = invs
      .map((inv) =>
        inv === undefined
          ? null
          : `#${inv.n} (${inv.recordCount} record${inv.recordCount === 1 ? '' : 's'})`,
      )
      .filter((x): x is string => x !== null);
    return running.length === 0
      ? `${tiles.length} invocation slots, all idle.`
      : `${tiles.length} invocation slots: ${running.length} running: ${running.join(', ')}.`;
  }
  const parts: string[] = [];
  const sent = count('running');
  const gathering = count('gathering');
  const idle = count('idle');
  if (sent > 0) parts.push(`${sent} sent`);
  if (gathering > 0) parts.push(`${gathering} gathering`);
  tiles.forEach((tile, i) => {
    const b = lanes[i]?.blocked;
    if (tile.state === 'blocked' && b != null)
      parts.push(
        `slot ${i + 1} retrying (retry ${Math.max(1, b.retries)} of ${limitText(b.maxRetries)})`,
      );
  });
  if (idle > 0) parts.push(`${idle} idle`);
  return `${tiles.length} batch slots: ${parts.join(', ')}.`;
}
