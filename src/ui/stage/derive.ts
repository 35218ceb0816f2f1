/**
 * Pure derivations the stage draws from: key → colour/label/shape, positions
 * derived from simulated time (never tweened), lane layout and the aggregation
 * threshold, and the wording of badges. No DOM, no React: unit-tested in Node.
 */
import type {
  BatchTrigger,
  StageBlocked,
  StageInvocation,
  StageLane,
  StageRecordState,
} from '../../engine/types';
import { grouped } from '../numbers';

/** Number of distinguishable key hues in tokens.css (--key-0 … --key-9). */
export const KEY_HUES = 10;

/** Shapes paired with key hues so colour is never the only signal. */
export const KEY_SHAPES = ['circle', 'square', 'diamond', 'triangle', 'hexagon'] as const;
export type KeyShape = (typeof KEY_SHAPES)[number];

/**
 * A stable colour slot for a partition key / message group: keys ending in a
 * number (k0, k1, g7…) take that number, so the default producer's round-robin
 * keys get consecutive, distinct hues; other keys hash (FNV-1a).
 */
export function keyIndex(key: string): number {
  const m = /(\d+)$/.exec(key);
  if (m?.[1] !== undefined) return Number.parseInt(m[1].slice(-6), 10) % KEY_HUES;
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % KEY_HUES;
}

/**
 * The shape drawn with a key. Shape advances with the key number and again
 * every 10 keys, so two keys sharing a hue (k2, k12) never share a shape.
 */
export function keyShape(key: string): KeyShape {
  const m = /(\d+)$/.exec(key);
  const n = m?.[1] !== undefined ? Number.parseInt(m[1].slice(-6), 10) : keyIndex(key);
  return KEY_SHAPES[(n + Math.floor(n / KEY_HUES)) % KEY_SHAPES.length] ?? 'circle';
}

/** One character identifying a key on a crowded chip: its last character. */
export function keyGlyph(key: string): string {
  return key === '' ? '·' : key.slice(-1);
}

/** A label short enough for a chip: the key itself up to 4 characters, else its start + '…'. */
export function keyLabel(key: string, maxChars = 4): string {
  if (key === '') return '·';
  return key.length <= maxChars ? key : `${key.slice(0, Math.max(1, maxChars - 1))}…`;
}

/** The CSS custom property holding a key's hue. */
export function keyColorVar(key: string): string {
  return `--key-${keyIndex(key)}`;
}

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : Number.isFinite(x) ? x : 0);

/**
 * How far an invocation has run against its Timeout, 0..1, from simulated
 * time alone: (t − start) / (timeoutAt − start). The bar never runs past what
 * the engine reported: it stops at `end` (the invocation finishes then).
 */
export function invocationProgress(
  inv: Pick<StageInvocation, 'start' | 'end' | 'timeoutAt'>,
  t: number,
): number {
  const span = inv.timeoutAt - inv.start;
  if (!(span > 0)) return 1;
  return clamp01((Math.min(t, inv.end) - inv.start) / span);
}

/**
 * Reduced motion: a continuously growing bar or draining ring becomes steps
 * of a tenth, so the same state is shown without movement between frames.
 */
export function stepped(fraction: number, reduced: boolean): number {
  return reduced ? Math.floor(fraction * 10) / 10 : fraction;
}

/** Seconds left before a deadline (window close, retry, visibility), never negative. */
export function secondsLeft(deadline: number | null, t: number): number | null {
  if (deadline === null || !Number.isFinite(deadline)) return null;
  return Math.max(0, deadline - t);
}

/** Fraction of a visibility timeout still to run: drives the in-flight countdown ring. */
export function visibilityRemaining(visibleAt: number | null, t: number, timeout: number): number {
  if (visibleAt === null || !(timeout > 0)) return 0;
  return clamp01((visibleAt - t) / timeout);
}

/**
 * Slide-in offset (px) of a record that just arrived: derived from its arrival
 * time, so a paused or stepped stage is exactly where simulated time says.
 * Reduced motion: no movement, the record simply appears.
 */
export function arrivalOffset(
  arrival: number,
  t: number,
  distance: number,
  reduced: boolean,
): number {
  if (reduced) return 0;
  const age = t - arrival;
  const ARRIVAL_SECONDS = 0.4;
  if (age >= ARRIVAL_SECONDS || age < 0) return 0;
  const p = age / ARRIVAL_SECONDS;
  return distance * (1 - p) * (1 - p);
}

/** How a lane of records is drawn: labelled chips, small shapes, or aggregated counts. */
export type LaneMode = 'labelled' | 'shapes' | 'density';

export interface LaneLayout {
  readonly mode: LaneMode;
  /** Width of one chip (and its gap) in px; 0 in density mode. */
  readonly pitch: number;
  readonly chip: number;
}

/** Minimum chip widths: a readable key label needs ~30 px at 13 px type; a shape needs 10 px. */
export const LABEL_CHIP_MIN = 30;
export const SHAPE_CHIP_MIN = 10;
export const CHIP_MAX = 40;
export const CHIP_GAP = 4;

/**
 * Chooses how a lane with `count` records fits in `width` px. When records
 * cannot be drawn one by one at SHAPE_CHIP_MIN, they are aggregated into
 * density bars rather than dropped or squeezed illegibly.
 */
export function laneLayout(count: number, width: number, chipMax: number = CHIP_MAX): LaneLayout {
  if (count <= 0 || width <= 0)
    return { mode: 'labelled', pitch: chipMax + CHIP_GAP, chip: chipMax };
  const pitch = Math.min(chipMax + CHIP_GAP, width / count);
  const chip = pitch - CHIP_GAP;
  if (chip >= LABEL_CHIP_MIN) return { mode: 'labelled', pitch, chip };
  if (chip >= SHAPE_CHIP_MIN) return { mode: 'shapes', pitch, chip };
  return { mode: 'density', pitch: 0, chip: 0 };
}

/**
 * The height of a lane's record chips for a lane canvas `height` px tall:
 * as tall as fits under the lane's caption line, between 12 px (many shards
 * at 720p) and 44 px (one shard, or presenter mode).
 */
export function chipHeight(height: number): number {
  const top = height >= LANE_WITH_CAPTION ? LANE_CAPTION : 3;
  return Math.round(Math.min(44, Math.max(12, height - top - 6)));
}

/** The caption line above a lane's chips ("← 40 earlier", "12 more →"). */
export const LANE_CAPTION = 16;
/** Lanes shorter than this (many shards) drop the caption line: the chips get the height. */
export const LANE_WITH_CAPTION = 44;

/** The widest chip for a chip height: a little wider than tall, never narrower than CHIP_MAX. */
export function chipMaxWidth(chipH: number): number {
  return Math.max(CHIP_MAX, Math.round(chipH * 1.3));
}

/** Width of the block that stands for the finished records at the start of a crowded lane. */
export const DONE_BLOCK = 64;

const FINISHED: ReadonlySet<StageRecordState> = new Set([
  'processed',
  'sentToOnFailureDestination',
  'discarded',
  'filtered',
  'skipped',
]);

/**
 * A crowded lane first folds its leading finished records (processed, sent
 * on, discarded…) into one counted block, so the records still in play keep
 * being drawn one by one; only if they still do not fit does the whole lane
 * become density bars. Returns how many records the block stands for.
 */
export function planLane(
  states: readonly StageRecordState[],
  width: number,
  chipMax: number = CHIP_MAX,
): { lead: number; layout: LaneLayout } {
  const all = laneLayout(states.length, width, chipMax);
  if (all.mode !== 'density') return { lead: 0, layout: all };
  let lead = 0;
  while (lead < states.length && FINISHED.has(states[lead] as StageRecordState)) lead++;
  if (lead === 0) return { lead: 0, layout: all };
  const rest = laneLayout(states.length - lead, width - DONE_BLOCK - CHIP_GAP, chipMax);
  return rest.mode === 'density' ? { lead: 0, layout: all } : { lead, layout: rest };
}

/** Counts per state, in drawing order, for density bars and summaries. */
export const STATE_ORDER: readonly StageRecordState[] = [
  'processed',
  'sentToOnFailureDestination',
  'discarded',
  'filtered',
  'skipped',
  'retrying',
  'inFlight',
  'gathered',
  'waiting',
];

/** Tallies records by state (density mode and the accessible lane summary). */
export function countByState(
  records: readonly { state: StageRecordState }[],
): Map<StageRecordState, number> {
  const m = new Map<StageRecordState, number>();
  for (const r of records) m.set(r.state, (m.get(r.state) ?? 0) + 1);
  return m;
}

/** Learner wording for each record state (legend, lane summary, record panel). */
export const STATE_LABEL: Readonly<Record<StageRecordState, string>> = {
  waiting: 'Waiting',
  gathered: 'Gathered into a batch',
  inFlight: 'In an invocation',
  retrying: 'Waiting to retry',
  processed: 'Processed (checkpointed)',
  sentToOnFailureDestination: 'Sent to on-failure destination',
  discarded: 'Discarded',
  filtered: 'Filtered out',
  skipped: 'Skipped',
};

/** Why a batch was sent, as the slot says it ("batch full" vs "window elapsed", AWS's invoke triggers). */
export const TRIGGER_LABEL: Readonly<Record<BatchTrigger, string>> = {
  batchFull: 'Batch full',
  windowElapsed: 'Window elapsed',
  payloadFull: 'Payload 6 MB full',
  retry: 'Retry',
  bisect: 'Bisected half',
  partialRetry: 'Retry from failed record',
  windowEnd: 'Tumbling window end',
  polled: 'Sent as polled',
  duplicate: 'Duplicate copy',
};

/** "∞" for AWS's -1 (unlimited). */
export function limitText(n: number): string {
  return n < 0 ? '∞' : grouped(n);
}

/** Compact seconds: "0.4 s", "12 s", "3 min 20 s", "2 h 5 min", "1.5 d". */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '—';
  const a = Math.abs(s);
  if (a < 10) return `${s.toFixed(1)} s`;
  if (a < 120) return `${Math.round(s)} s`;
  if (a < 7200) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  if (a < 172800) return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
  return `${(s / 86400).toFixed(1)} d`;
}

/**
 * The blocked-shard badge: "Blocked — retry 3 of 10" for function errors
 * (MaximumRetryAttempts counts function errors only), "Blocked — throttled"
 * otherwise (throttles retry until the record expires or ages out). The
 * engine counts a retry once it is scheduled, so `retries` is the retry that
 * is waiting (retryAt set) or running (retryAt null).
 */
export function blockedBadge(b: StageBlocked): string {
  if (b.reason === 'throttled') return 'Blocked — throttled, retrying';
  return `Blocked — retry ${Math.max(1, b.retries)} of ${limitText(b.maxRetries)}`;
}

/** The detail line under the badge: backoff countdown and the oldest record's age vs its limit. */
export function blockedDetail(b: StageBlocked, t: number): string {
  const left = secondsLeft(b.retryAt, t);
  const retry = left === null ? 'retrying now' : `next try in ${formatSeconds(left)}`;
  const age = b.oldestRecordAgeSeconds;
  const max =
    b.maxRecordAgeSeconds < 0 ? 'no age limit' : `limit ${formatSeconds(b.maxRecordAgeSeconds)}`;
  return `${retry} · oldest record ${formatSeconds(age)} old (${max})`;
}

/** The text of a batch slot's gathering line, with the batching-window countdown. */
export function windowText(lane: StageLane, t: number): string | null {
  const w = lane.window;
  if (w === null) return null;
  const left = secondsLeft(w.closesAt, t) ?? 0;
  return `Gathering ${w.gathered} of ${w.batchSize} · window closes in ${formatSeconds(left)}`;
}

/** Logarithmic speed slider: position 0..1 ↔ 0.1x..100x. */
export const SPEED_MIN = 0.1;
export const SPEED_MAX = 100;

/** Slider position (0..1) for a speed. */
export function speedToPosition(speed: number): number {
  const s = Math.min(SPEED_MAX, Math.max(SPEED_MIN, Number.isFinite(speed) ? speed : 1));
  return Math.log(s / SPEED_MIN) / Math.log(SPEED_MAX / SPEED_MIN);
}

/** Speed for a slider position, rounded to a readable value (0.1, 0.25, 1, 2.5, 10, …). */
export function positionToSpeed(p: number): number {
  const x = Math.min(1, Math.max(0, Number.isFinite(p) ? p : 0));
  const raw = SPEED_MIN * Math.pow(SPEED_MAX / SPEED_MIN, x);
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  return (Math.round((raw / mag) * 4) / 4) * mag;
}

/** The next speed for the + / − shortcuts: steps of ×2 within 0.1..100. */
export function nudgeSpeed(speed: number, dir: 1 | -1): number {
  const next = dir > 0 ? speed * 2 : speed / 2;
  return Math.min(SPEED_MAX, Math.max(SPEED_MIN, Number(next.toPrecision(3))));
}

/** "10x", "0.25x", "100x". */
export function speedText(speed: number): string {
  return `${Number(speed.toPrecision(3))}x`;
}
