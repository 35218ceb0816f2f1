/**
 * Draws queue messages on a canvas: visible ones as filled chips, in-flight
 * ones (visibleAt set) outlined with a visibility-timeout countdown ring, the
 * receive count as a badge, duplicate deliveries and poison messages flagged.
 * When the messages do not fit as chips they shrink to small squares (same
 * colours and outlines), and when even those overflow the last cell says how
 * many more there are: counts stay exact, nothing is silently dropped.
 */
import type { RecordId, StageMessage } from '../../engine/types';
import { keyIndex, stepped, visibilityRemaining } from './derive';
import type { HitBox } from './drawLane';
import { inkOn, roundRect, setFont } from './drawShapes';
import type { Palette } from './frame';
import { grouped } from '../numbers';

export interface MessagesInput {
  /** In-flight messages (visibleAt ≠ null) and visible ones, in drawing order. */
  readonly messages: readonly StageMessage[];
  /** Exact number of messages these stand for (the lists may be windows). */
  readonly total: number;
  readonly t: number;
  readonly visibilityTimeout: number;
  /** FIFO: colour by group; standard: one colour. */
  readonly byGroup: boolean;
  readonly duplicates: ReadonlySet<string>;
  readonly selected: RecordId | null;
  readonly cursor: RecordId | null;
  readonly emptyText: string;
  /** Reduced motion: rings and drains move in tenths. */
  readonly reduced: boolean;
  /** Cell and type size factor (presenter mode: 1.4, chips 42 px tall). */
  readonly scale?: number;
}

/** Cell sizes: a chip with a label and ring, or a small square when crowded. */
export const CHIP = { w: 58, h: 30, gap: 6 } as const;
export const DOT = { w: 16, h: 16, gap: 4 } as const;

/** How many cells of a size fit in a w × h box. */
export function cellCapacity(
  cell: { w: number; h: number; gap: number },
  w: number,
  h: number,
): number {
  const cols = Math.max(1, Math.floor((w - cell.gap) / (cell.w + cell.gap)));
  const rows = Math.max(1, Math.floor((h - cell.gap) / (cell.h + cell.gap)));
  return cols * rows;
}

/** Chips while every message fits as one, else small squares. */
export function messageCell(total: number, w: number, h: number): typeof CHIP | typeof DOT {
  return total <= cellCapacity(CHIP, w, h) ? CHIP : DOT;
}

/** Draws the messages; returns hit boxes for pointer and keyboard selection. */
export function drawMessages(
  ctx: CanvasRenderingContext2D,
  w: number,
  h: number,
  input: MessagesInput,
  p: Palette,
): HitBox[] {
  // Drawn in scaled units: the canvas is w/k × h/k of them, everything grows by k.
  const k = input.scale ?? 1;
  if (k !== 1) {
    ctx.save();
    ctx.scale(k, k);
    const hits = drawMessages(ctx, w / k, h / k, { ...input, scale: 1 }, p);
    ctx.restore();
    return hits.map((b) => ({ id: b.id, x: b.x * k, y: b.y * k, w: b.w * k, h: b.h * k }));
  }
  const cell = messageCell(input.total, w, h);
  const chips = cell === CHIP;
  const cols = Math.max(1, Math.floor((w - cell.gap) / (cell.w + cell.gap)));
  const capacity = cellCapacity(cell, w, h);
  const list = input.messages;
  const fits = Math.min(list.length, capacity);
  const drawn = input.total > fits ? Math.min(list.length, capacity - 1) : fits;
  const more = input.total - drawn;
  const hits: HitBox[] = [];
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'center';
  for (let i = 0; i < drawn; i++) {
    const m = list[i];
    if (m === undefined) continue;
    const x = cell.gap + (i % cols) * (cell.w + cell.gap);
    const y = cell.gap + Math.floor(i / cols) * (cell.h + cell.gap);
    const inFlight = m.visibleAt !== null;
    const hue = input.byGroup ? (p.keys[keyIndex(m.group)] ?? p.info) : p.info;
    roundRect(ctx, x, y, cell.w, cell.h, chips ? 5 : 3);
    ctx.fillStyle = inFlight ? p.surface : hue;
    ctx.fill();
    if (inFlight) {
      ctx.strokeStyle = hue;
      ctx.lineWidth = 2;
      ctx.stroke();
    }
    if (chips) {
      if (inFlight) drawRing(ctx, x + 11, y + cell.h / 2, m, input, p);
      setFont(ctx, `600 12px ${p.fontSans}`);
      ctx.fillStyle = inFlight ? p.text : inkOn(hue);
      ctx.fillText(
        shortId(m.id, inFlight ? 3 : 6),
        inFlight ? x + 37 : x + cell.w / 2,
        y + cell.h / 2 + 1,
      );
      if (m.receiveCount > 0) drawCount(ctx, x + cell.w - 2, y + 2, m.receiveCount, p);
      if (m.poison) drawBang(ctx, x + 3, y + 3, p.danger);
    } else {
      if (inFlight) {
        // crowded: the countdown becomes a fill that drains from the square
        const frac = stepped(
          visibilityRemaining(m.visibleAt, input.t, input.visibilityTimeout),
          input.reduced,
        );
        ctx.fillStyle = hue;
        ctx.globalAlpha = 0.55;
        ctx.fillRect(x + 2, y + 2 + (cell.h - 4) * (1 - frac), cell.w - 4, (cell.h - 4) * frac);
        ctx.globalAlpha = 1;
      }
      if (m.receiveCount > 1 || m.poison) {
        ctx.fillStyle = p.danger;
        ctx.fillRect(x + cell.w - 5, y, 5, 5);
      }
    }
    if (input.duplicates.has(m.id)) {
      ctx.setLineDash([3, 2]);
      ctx.strokeStyle = p.warning;
      ctx.lineWidth = 2.5;
      roundRect(ctx, x - 2, y - 2, cell.w + 4, cell.h + 4, 6);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    if (input.selected === m.id || input.cursor === m.id) {
      ctx.strokeStyle = p.focus;
      ctx.lineWidth = 3;
      roundRect(ctx, x - 3, y - 3, cell.w + 6, cell.h + 6, 7);
      ctx.stroke();
    }
    hits.push({ id: m.id, x, y, w: cell.w, h: cell.h });
  }
  if (more > 0) {
    const x = cell.gap + (drawn % cols) * (cell.w + cell.gap);
    const y = cell.gap + Math.floor(drawn / cols) * (cell.h + cell.gap);
    setFont(ctx, `700 12px ${p.fontSans}`);
    ctx.fillStyle = p.text;
    ctx.textAlign = 'left';
    ctx.fillText(`+${compact(more)}`, x + 1, y + cell.h / 2 + 1);
  }
  if (input.total === 0) {
    setFont(ctx, `500 13px ${p.fontSans}`);
    ctx.fillStyle = p.muted;
    ctx.textAlign = 'left';
    ctx.fillText(input.emptyText, CHIP.gap + 2, CHIP.gap + CHIP.h / 2);
  }
  return hits;
}

function drawRing(
  ctx: CanvasRenderingContext2D,
  cx: number,
  cy: number,
  m: StageMessage,
  input: MessagesInput,
  p: Palette,
): void {
  const frac = stepped(
    visibilityRemaining(m.visibleAt, input.t, input.visibilityTimeout),
    input.reduced,
  );
  ctx.beginPath();
  ctx.strokeStyle = p.surface3;
  ctx.lineWidth = 3;
  ctx.arc(cx, cy, 7, 0, Math.PI * 2);
  ctx.stroke();
  ctx.beginPath();
  ctx.strokeStyle = frac < 0.2 ? p.danger : p.info;
  ctx.arc(cx, cy, 7, -Math.PI / 2, -Math.PI / 2 + frac * Math.PI * 2);
  ctx.stroke();
}

/** "r12" stays, "p0-1234" → "1234": the distinguishing tail fits a chip. */
export function shortId(id: string, maxChars: number): string {
  if (id.length <= maxChars) return id;
  const tail = /(\d+)$/.exec(id)?.[1];
  return tail !== undefined && tail.length <= maxChars ? tail : `${id.slice(0, maxChars - 1)}…`;
}

function compact(n: number): string {
  return n >= 10000 ? `${Math.round(n / 1000)}k` : grouped(n);
}

function drawCount(
  ctx: CanvasRenderingContext2D,
  right: number,
  top: number,
  n: number,
  p: Palette,
): void {
  const text = String(n);
  setFont(ctx, `800 10px ${p.fontSans}`);
  const bw = Math.max(14, ctx.measureText(text).width + 6);
  roundRect(ctx, right - bw + 6, top - 6, bw, 14, 7);
  ctx.fillStyle = n > 1 ? p.danger : p.text;
  ctx.fill();
  ctx.fillStyle = n > 1 ? '#ffffff' : p.surface;
  ctx.textAlign = 'center';
  ctx.fillText(text, right - bw / 2 + 6, top + 1);
}

function drawBang(ctx: CanvasRenderingContext2D, cx: number, cy: number, color: string): void {
  ctx.fillStyle = color;
  ctx.beginPath();
  ctx.arc(cx, cy, 6, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = '#ffffff';
  setFont(ctx, '800 10px sans-serif');
  ctx.textAlign = 'center';
  ctx.fillText('!', cx, cy + 0.5);
}
