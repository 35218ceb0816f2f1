/**
 * Draws one shard's records on a canvas: chips coloured AND labelled/shaped by
 * partition key, states as outlines and dimming, the checkpoint marker, counts
 * of records outside the window, and density bars when there are too many to
 * draw one by one. A plain function the Lane component calls per frame.
 */
import type { RecordId, StageRecord, StageRecordState } from '../../engine/types';
import {
  STATE_ORDER,
  arrivalOffset,
  countByState,
  keyGlyph,
  keyIndex,
  keyLabel,
  keyShape,
  planLane,
  chipHeight,
  chipMaxWidth,
  LANE_CAPTION,
  LANE_WITH_CAPTION,
  DONE_BLOCK,
  CHIP_GAP,
  type LaneMode,
} from './derive';
import { inkOn, roundRect, setFont, traceShape } from './drawShapes';
import type { Palette } from './frame';
import { grouped } from '../numbers';

/** Where each drawn record is, for pointer hit-testing and the keyboard cursor. */
export interface HitBox {
  readonly id: RecordId;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface LaneInput {
  readonly records: readonly StageRecord[];
  readonly checkpoint: string | null;
  readonly hiddenBefore: number;
  readonly hiddenAfter: number;
  readonly t: number;
  readonly selected: RecordId | null;
  /** Keyboard cursor (focused record), drawn with a focus ring. */
  readonly cursor: RecordId | null;
  readonly reduced: boolean;
}

const DIMMED: ReadonlySet<StageRecordState> = new Set([
  'processed',
  'sentToOnFailureDestination',
  'discarded',
  'filtered',
  'skipped',
]);

/** Colour of each state in density bars and outlines. */
export function stateColor(state: StageRecordState, p: Palette): string {
  switch (state) {
    case 'waiting':
      return p.borderStrong;
    case 'gathered':
      return p.accent;
    case 'inFlight':
      return p.info;
    case 'retrying':
      return p.danger;
    case 'processed':
      return p.success;
    case 'sentToOnFailureDestination':
      return p.warning;
    case 'discarded':
      return p.danger;
    case 'filtered':
    case 'skipped':
      return p.muted;
  }
}

/** Type size of the caption line ("← 40 earlier") on a lane whose chips use larger type. */
const CAPTION_PX = 11;

/** Top of the chips: under the caption line, or near the top on a short lane (no caption). */
let TOP: number = LANE_CAPTION;

/** Draws the lane; returns the hit boxes, the mode used and the chip height. */
export function drawLane(
  ctx: CanvasRenderingContext2D,
  w: number,
  h: number,
  input: LaneInput,
  p: Palette,
): { hits: HitBox[]; mode: LaneMode; chipH: number } {
  const { records, t } = input;
  const padL = 8;
  const padR = 8;
  const usable = Math.max(0, w - padL - padR);
  // Chips as tall as the lane allows: bigger on a tall lane (one shard, presenter mode).
  const CHIP_H = chipHeight(h);
  TOP = h >= LANE_WITH_CAPTION ? LANE_CAPTION : 3;
  const states = records.map((r) => r.state);
  // A tall lane wraps onto more lines (read like text) before its chips shrink.
  const LINE = CHIP_H + 8;
  const maxLines = Math.max(1, Math.min(8, Math.floor((h - TOP + 4) / LINE)));
  let lines = 1;
  let { lead, layout } = planLane(states, usable, chipMaxWidth(CHIP_H));
  while (layout.mode !== 'labelled' && lines < maxLines) {
    lines += 1;
    ({ lead, layout } = planLane(states, usable * lines * 0.94, chipMaxWidth(CHIP_H)));
  }
  // Wrapped: whole chips per line, so a chip never straddles two lines.
  const perLine =
    lines > 1
      ? Math.max(1, Math.floor((usable + CHIP_GAP) / layout.pitch))
      : Number.POSITIVE_INFINITY;
  if (lines > 1 && layout.mode === 'density') lines = 1;
  const fontPx = Math.round(Math.min(20, Math.max(11, CHIP_H * 0.46)));
  // One font per lane: each change of ctx.font costs a style resolution.
  const chipFont =
    layout.mode === 'labelled' ? `600 ${fontPx}px ${p.fontSans}` : `700 ${fontPx}px ${p.fontSans}`;
  setFont(ctx, chipFont);
  ctx.textBaseline = 'middle';

  // The lane itself: a track the records sit on (one per line).
  ctx.fillStyle = p.surface2;
  for (let l = 0; l < lines; l++) {
    roundRect(ctx, 2, TOP - 4 + l * LINE, w - 4, CHIP_H + 8, 6);
    ctx.fill();
  }

  const captions = TOP === LANE_CAPTION && (input.hiddenBefore > 0 || input.hiddenAfter > 0);
  if (captions) {
    // The caption line is 16 px tall: its type stays small on a tall lane's large chips (in
    // presenter mode, 20 px type ran into the chips below it).
    if (fontPx > CAPTION_PX) setFont(ctx, `600 ${CAPTION_PX}px ${p.fontSans}`);
    ctx.fillStyle = p.muted;
    if (input.hiddenBefore > 0) {
      ctx.textAlign = 'left';
      ctx.fillText(`← ${grouped(input.hiddenBefore)} earlier`, padL, TOP / 2 - 1);
    }
    if (input.hiddenAfter > 0) {
      ctx.textAlign = 'right';
      ctx.fillText(`${grouped(input.hiddenAfter)} more →`, w - padR, TOP / 2 - 1);
    }
    if (fontPx > CAPTION_PX) setFont(ctx, chipFont);
  }

  const hits: HitBox[] = [];
  if (layout.mode === 'density') {
    drawDensity(ctx, padL, usable, records, p, CHIP_H);
    return { hits, mode: layout.mode, chipH: CHIP_H };
  }

  let checkpointX: number | null = null;
  let checkpointY = TOP;
  let x0 = padL;
  let leadCells = 0;
  if (lead > 0) {
    // The finished records at the start, folded into one counted block (still in the shard).
    ctx.globalAlpha = 0.45;
    ctx.fillStyle = p.success;
    roundRect(ctx, padL, TOP, DONE_BLOCK, CHIP_H, 5);
    ctx.fill();
    ctx.globalAlpha = 1;
    ctx.fillStyle = p.text;
    ctx.textAlign = 'center';
    // Narrowed to the block when the lane's type is large (presenter mode), never cut off.
    ctx.fillText(
      `${grouped(lead)} done`,
      padL + DONE_BLOCK / 2,
      TOP + CHIP_H / 2 + 1,
      DONE_BLOCK - 6,
    );
    const at = records.findIndex((r) => r.sequenceNumber === input.checkpoint);
    if (at >= 0 && at < lead) checkpointX = padL + (DONE_BLOCK * (at + 1)) / lead + CHIP_GAP / 2;
    x0 = padL + DONE_BLOCK + CHIP_GAP;
    if (lines > 1) {
      // Wrapped: the block takes the first cells of the first line.
      leadCells = Math.ceil((DONE_BLOCK + CHIP_GAP) / layout.pitch);
      x0 = padL;
    }
  }
  const poisoned: [number, number][] = [];
  for (let i = lead; i < records.length; i++) {
    const r = records[i];
    if (r === undefined) continue;
    const cell = i - lead + leadCells;
    const line = lines > 1 ? Math.floor(cell / perLine) : 0;
    const col = lines > 1 ? cell % perLine : i - lead;
    if (line >= lines) break;
    const x = x0 + col * layout.pitch + arrivalOffset(r.arrival, t, 60, input.reduced);
    const y = TOP + line * LINE;
    const cw = layout.chip;
    const hue = p.keys[keyIndex(r.key)] ?? p.info;
    const dim = DIMMED.has(r.state);
    // In an invocation: the record stays in the shard (faded) while its batch is at the function.
    ctx.globalAlpha = dim ? 0.32 : r.state === 'inFlight' ? 0.55 : 1;
    if (layout.mode === 'labelled') {
      roundRect(ctx, x, y, cw, CHIP_H, 5);
      ctx.fillStyle = hue;
      ctx.fill();
      ctx.fillStyle = inkOn(hue);
      ctx.textAlign = 'center';
      ctx.fillText(keyLabel(r.key, cw >= 38 ? 4 : 3), x + cw / 2, y + CHIP_H / 2 + 1);
    } else {
      ctx.fillStyle = hue;
      const radius = Math.min(cw / 2, CHIP_H / 2 - 2);
      traceShape(ctx, keyShape(r.key), x + cw / 2, y + CHIP_H / 2, radius);
      ctx.fill();
      if (radius >= 7) {
        // shape AND a character: keys sharing a shape still read apart without colour
        ctx.fillStyle = inkOn(hue);
        ctx.textAlign = 'center';
        ctx.fillText(keyGlyph(r.key), x + cw / 2, y + CHIP_H / 2 + 1);
      }
    }
    ctx.globalAlpha = 1;
    drawStateMark(ctx, r, x, y, cw, CHIP_H, p);
    if (r.poison) poisoned.push([x + cw - 3, y + 3]);
    if (input.selected === r.id || input.cursor === r.id) {
      ctx.strokeStyle = p.focus;
      ctx.lineWidth = 3;
      roundRect(ctx, x - 3, y - 3, cw + 6, CHIP_H + 6, 7);
      ctx.stroke();
    }
    if (input.checkpoint !== null && r.sequenceNumber === input.checkpoint) {
      checkpointX = x + cw + CHIP_GAP_HALF(layout.pitch - cw);
      checkpointY = y;
    }
    hits.push({ id: r.id, x, y, w: cw, h: CHIP_H });
  }

  if (poisoned.length > 0) {
    for (const [px, py] of poisoned) drawPoison(ctx, px, py, p);
  }
  if (checkpointX !== null)
    drawCheckpoint(ctx, checkpointX, checkpointY, checkpointY + CHIP_H + 4, p);
  return { hits, mode: layout.mode, chipH: CHIP_H };
}

const CHIP_GAP_HALF = (gap: number): number => gap / 2;

function drawStateMark(
  ctx: CanvasRenderingContext2D,
  r: StageRecord,
  x: number,
  y: number,
  cw: number,
  CHIP_H: number,
  p: Palette,
): void {
  switch (r.state) {
    case 'gathered':
      ctx.setLineDash([4, 3]);
      ctx.strokeStyle = p.accent;
      ctx.lineWidth = 2;
      roundRect(ctx, x - 1, y - 1, cw + 2, CHIP_H + 2, 6);
      ctx.stroke();
      ctx.setLineDash([]);
      break;
    case 'inFlight':
      ctx.strokeStyle = p.info;
      ctx.lineWidth = 2.5;
      roundRect(ctx, x - 1, y - 1, cw + 2, CHIP_H + 2, 6);
      ctx.stroke();
      break;
    case 'retrying':
      ctx.setLineDash([3, 2]);
      ctx.strokeStyle = p.danger;
      ctx.lineWidth = 2.5;
      roundRect(ctx, x - 1, y - 1, cw + 2, CHIP_H + 2, 6);
      ctx.stroke();
      ctx.setLineDash([]);
      break;
    case 'discarded':
      ctx.strokeStyle = p.danger;
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.moveTo(x + 3, y + 3);
      ctx.lineTo(x + cw - 3, y + CHIP_H - 3);
      ctx.moveTo(x + cw - 3, y + 3);
      ctx.lineTo(x + 3, y + CHIP_H - 3);
      ctx.stroke();
      break;
    case 'sentToOnFailureDestination':
      ctx.strokeStyle = p.warning;
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.moveTo(x + cw * 0.25, y + CHIP_H - 5);
      ctx.lineTo(x + cw * 0.75, y + CHIP_H - 5);
      ctx.lineTo(x + cw * 0.6, y + CHIP_H - 10);
      ctx.stroke();
      break;
    default:
      break;
  }
}

function drawPoison(ctx: CanvasRenderingContext2D, cx: number, cy: number, p: Palette): void {
  ctx.fillStyle = p.danger;
  ctx.beginPath();
  ctx.arc(cx, cy, 6, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = '#ffffff';
  ctx.textAlign = 'center';
  ctx.fillText('!', cx, cy + 0.5);
}

function drawCheckpoint(
  ctx: CanvasRenderingContext2D,
  x: number,
  top: number,
  bottom: number,
  p: Palette,
): void {
  ctx.strokeStyle = p.text;
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(x, Math.max(0, top - 6));
  ctx.lineTo(x, bottom);
  ctx.stroke();
  ctx.fillStyle = p.text;
  ctx.beginPath();
  const tip = Math.max(7, top - 5);
  ctx.moveTo(x - 5, tip - 7);
  ctx.lineTo(x + 5, tip - 7);
  ctx.lineTo(x, tip);
  ctx.closePath();
  ctx.fill();
}

function drawDensity(
  ctx: CanvasRenderingContext2D,
  x0: number,
  width: number,
  records: readonly StageRecord[],
  p: Palette,
  CHIP_H: number,
): void {
  const counts = countByState(records);
  const total = records.length;
  let x = x0;
  ctx.textAlign = 'center';
  for (const state of STATE_ORDER) {
    const n = counts.get(state) ?? 0;
    if (n === 0) continue;
    const segW = (n / total) * width;
    ctx.globalAlpha = DIMMED.has(state) ? 0.45 : 1;
    ctx.fillStyle = stateColor(state, p);
    ctx.fillRect(x, TOP, Math.max(1, segW - 1), CHIP_H);
    ctx.globalAlpha = 1;
    if (segW > 44) {
      ctx.fillStyle = DIMMED.has(state) ? p.text : inkOn(stateColor(state, p));
      ctx.fillText(grouped(n), x + segW / 2, TOP + CHIP_H / 2 + 1);
    }
    x += segW;
  }
}

/** The record under a point, if any (pointer hit-testing). */
export function hitTest(hits: readonly HitBox[], px: number, py: number): RecordId | null {
  for (const b of hits) {
    if (px >= b.x - 2 && px <= b.x + b.w + 2 && py >= b.y - 4 && py <= b.y + b.h + 4) return b.id;
  }
  return null;
}
