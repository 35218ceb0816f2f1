/**
 * Draws queue messages on a canvas: visible ones as chips, in-flight ones with
 * a visibility-timeout countdown ring, the receive count as a badge, duplicate
 * deliveries and poison messages flagged. When more messages exist than fit,
 * the last cell says how many more (exact counts, never silently dropped).
 */
import type { RecordId, StageMessage } from '../../engine/types';
import { keyIndex, visibilityRemaining } from './derive';
import type { HitBox } from './drawLane';
import { inkOn, roundRect } from './drawShapes';
import type { Palette } from './frame';

export interface MessagesInput {
  readonly messages: readonly StageMessage[];
  /** Exact number in this state (the list may be a window). */
  readonly total: number;
  readonly inFlight: boolean;
  readonly t: number;
  readonly visibilityTimeout: number;
  /** FIFO: colour by group; standard: one colour. */
  readonly byGroup: boolean;
  readonly duplicates: ReadonlySet<string>;
  readonly selected: RecordId | null;
  readonly cursor: RecordId | null;
}

const CHIP_W = 46;
const CHIP_H = 30;
const GAP = 6;

/** How many message cells fit in a w × h box. */
export function messageCapacity(w: number, h: number): number {
  const cols = Math.max(1, Math.floor((w - GAP) / (CHIP_W + GAP)));
  const rows = Math.max(1, Math.floor((h - GAP) / (CHIP_H + GAP)));
  return cols * rows;
}

/** Draws the messages; returns hit boxes for pointer and keyboard selection. */
export function drawMessages(
  ctx: CanvasRenderingContext2D,
  w: number,
  h: number,
  input: MessagesInput,
  p: Palette,
): HitBox[] {
  const cols = Math.max(1, Math.floor((w - GAP) / (CHIP_W + GAP)));
  const capacity = messageCapacity(w, h);
  const list = input.messages;
  const more = Math.max(0, input.total - Math.min(list.length, capacity));
  const drawn = more > 0 ? Math.min(list.length, capacity - 1) : Math.min(list.length, capacity);
  const hits: HitBox[] = [];
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'center';
  for (let i = 0; i < drawn; i++) {
    const m = list[i];
    if (m === undefined) continue;
    const x = GAP + (i % cols) * (CHIP_W + GAP);
    const y = GAP + Math.floor(i / cols) * (CHIP_H + GAP);
    const hue = input.byGroup ? (p.keys[keyIndex(m.group)] ?? p.info) : p.info;
    roundRect(ctx, x, y, CHIP_W, CHIP_H, 5);
    ctx.fillStyle = input.inFlight ? p.surface : hue;
    ctx.fill();
    if (input.inFlight) {
      ctx.strokeStyle = hue;
      ctx.lineWidth = 2;
      ctx.stroke();
      // visibility-timeout countdown ring: the share of the timeout still to run
      const frac = visibilityRemaining(m.visibleAt, input.t, input.visibilityTimeout);
      ctx.beginPath();
      ctx.strokeStyle = p.borderStrong;
      ctx.lineWidth = 3;
      ctx.arc(x + 11, y + CHIP_H / 2, 7, 0, Math.PI * 2);
      ctx.stroke();
      ctx.beginPath();
      ctx.strokeStyle = frac < 0.2 ? p.danger : p.info;
      ctx.arc(x + 11, y + CHIP_H / 2, 7, -Math.PI / 2, -Math.PI / 2 + frac * Math.PI * 2);
      ctx.stroke();
    }
    ctx.font = `600 12px ${p.fontSans}`;
    ctx.fillStyle = input.inFlight ? p.text : inkOn(hue);
    const label = input.byGroup ? m.group.slice(0, 3) : shortId(m.id);
    ctx.fillText(label, input.inFlight ? x + 32 : x + CHIP_W / 2, y + CHIP_H / 2 + 1);
    if (m.receiveCount > 0) drawCount(ctx, x + CHIP_W - 2, y + 2, m.receiveCount, p);
    if (m.poison) drawBang(ctx, x + 3, y + 3, p.danger);
    if (input.duplicates.has(m.id)) {
      ctx.setLineDash([3, 2]);
      ctx.strokeStyle = p.warning;
      ctx.lineWidth = 2.5;
      roundRect(ctx, x - 2, y - 2, CHIP_W + 4, CHIP_H + 4, 6);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    if (input.selected === m.id || input.cursor === m.id) {
      ctx.strokeStyle = p.focus;
      ctx.lineWidth = 3;
      roundRect(ctx, x - 3, y - 3, CHIP_W + 6, CHIP_H + 6, 7);
      ctx.stroke();
    }
    hits.push({ id: m.id, x, y, w: CHIP_W, h: CHIP_H });
  }
  if (more > 0) {
    const i = drawn;
    const x = GAP + (i % cols) * (CHIP_W + GAP);
    const y = GAP + Math.floor(i / cols) * (CHIP_H + GAP);
    ctx.font = `700 12px ${p.fontSans}`;
    ctx.fillStyle = p.muted;
    ctx.fillText(`+${compact(more)}`, x + CHIP_W / 2, y + CHIP_H / 2 + 1);
  }
  if (input.total === 0) {
    ctx.font = `500 13px ${p.fontSans}`;
    ctx.fillStyle = p.muted;
    ctx.textAlign = 'left';
    ctx.fillText(input.inFlight ? 'Nothing in flight' : 'Queue empty', GAP + 2, GAP + CHIP_H / 2);
  }
  return hits;
}

/** "r12" stays, "p0-1234" → "1234": the distinguishing tail fits a chip. */
function shortId(id: string): string {
  if (id.length <= 4) return id;
  const tail = /(\d+)$/.exec(id)?.[1];
  return tail !== undefined && tail.length <= 4 ? tail : `${id.slice(0, 3)}…`;
}

function compact(n: number): string {
  return n >= 10000 ? `${Math.round(n / 1000)}k` : n.toLocaleString('en-US');
}

function drawCount(
  ctx: CanvasRenderingContext2D,
  right: number,
  top: number,
  n: number,
  p: Palette,
): void {
  const text = String(n);
  ctx.font = `800 10px ${p.fontSans}`;
  const bw = Math.max(14, ctx.measureText(text).width + 6);
  roundRect(ctx, right - bw + 6, top - 6, bw, 14, 7);
  ctx.fillStyle = n > 1 ? p.danger : p.text;
  ctx.fill();
  ctx.fillStyle = p.inverse;
  ctx.fillText(text, right - bw / 2 + 6, top + 1);
}

function drawBang(ctx: CanvasRenderingContext2D, cx: number, cy: number, color: string): void {
  ctx.fillStyle = color;
  ctx.beginPath();
  ctx.arc(cx, cy, 6, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = '#ffffff';
  ctx.font = '800 10px sans-serif';
  ctx.fillText('!', cx, cy + 0.5);
}
