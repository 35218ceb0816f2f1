/**
 * An estimate of how many bytes a saved simulation state holds, so the host
 * can keep its checkpoints within a memory budget. Sizes follow V8's layout
 * roughly (8-byte slots, 16-byte headers, boxed doubles); the figure is for
 * budgeting, not accounting.
 *
 * An array holding only numbers counts 8 bytes each (V8 keeps them unboxed).
 * What is shared is not counted: typed arrays that view part of a bigger
 * buffer (a saved stream state keeps views of the live state's write-once
 * columns), strings unless asked (a saved state shares its immutable strings
 * with the live one), and, given a `seen` set, every object already counted
 * (saved states share immutable objects with each other: events, messages,
 * sentinels). The walk visits at most `budget` values; past that, arrays and
 * maps are sampled (SAMPLE items, scaled to their length), so the cost stays
 * bounded whatever the state's size.
 */

/** Arrays and maps are estimated from this many items once the walk's budget is spent. */
const SAMPLE = 16;
/** Deeper structures are counted as one slot each (states are shallow; this bounds the walk). */
const MAX_DEPTH = 12;
/** Values a walk visits exactly before it samples. */
const DEFAULT_BUDGET = 400_000;

const HEADER = 16;
const SLOT = 8;

/** How to estimate. */
export interface EstimateOptions {
  /** Count strings (events rebuilt for the log own theirs: sequence numbers, record ids). */
  readonly strings?: boolean;
  /** Objects already counted (by this walk or earlier ones): they count nothing again. */
  readonly seen?: WeakSet<object>;
  /** Values visited exactly before sampling (default 400,000). */
  readonly budget?: number;
}

interface Walk {
  readonly strings: boolean;
  readonly seen: WeakSet<object>;
  left: number;
}

/** Estimated bytes held by a plain-data value (objects, arrays, typed arrays, strings, numbers). */
export function estimateBytes(value: unknown, options: EstimateOptions = {}): number {
  const walk: Walk = {
    strings: options.strings ?? false,
    seen: options.seen ?? new WeakSet(),
    left: options.budget ?? DEFAULT_BUDGET,
  };
  return bytesOf(value, walk, 0);
}

function bytesOf(value: unknown, walk: Walk, depth: number): number {
  if (typeof value === 'string') return walk.strings ? HEADER + value.length : 0;
  // A heap number (a double) is a 16-byte object; other primitives sit in their slot.
  if (typeof value === 'number') return isInline(value) ? 0 : HEADER;
  if (typeof value !== 'object' || value === null) return 0;
  if (walk.seen.has(value)) return 0;
  walk.seen.add(value);
  walk.left -= 1;
  if (ArrayBuffer.isView(value)) {
    return value.byteLength < value.buffer.byteLength ? HEADER : HEADER + value.byteLength;
  }
  if (depth >= MAX_DEPTH) return SLOT;
  if (Array.isArray(value)) return arrayBytes(value as unknown[], walk, depth);
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length > SAMPLE && keys.length > walk.left) {
    // A record used as a big map, past the budget: scale a sample of its entries.
    let sampled = 0;
    for (let i = 0; i < SAMPLE; i++) {
      sampled +=
        SLOT + bytesOf(obj[keys[Math.floor((i * keys.length) / SAMPLE)]!], walk, depth + 1);
    }
    return HEADER + Math.round((sampled / SAMPLE) * keys.length);
  }
  let bytes = HEADER;
  for (const key of keys) bytes += SLOT + bytesOf(obj[key], walk, depth + 1);
  return bytes;
}

function arrayBytes(value: readonly unknown[], walk: Walk, depth: number): number {
  const n = value.length;
  let bytes = HEADER + n * SLOT;
  // Numbers only: V8 stores the doubles unboxed in the array (8 bytes each, no heap numbers).
  if (n > 0 && typeof value[0] === 'number' && typeof value[n - 1] === 'number') {
    let numbers = true;
    for (let i = 0; i < n && numbers; i++) numbers = typeof value[i] === 'number';
    if (numbers) return bytes;
  }
  if (n <= walk.left) {
    for (const item of value) if (!isInline(item)) bytes += bytesOf(item, walk, depth + 1);
    return bytes;
  }
  // Past the budget: a sample spread over the array (head and tail can differ, e.g. rings).
  const k = Math.min(n, SAMPLE);
  let sampled = 0;
  for (let i = 0; i < k; i++) {
    const item = value[Math.floor((i * n) / k)];
    if (!isInline(item)) sampled += bytesOf(item, walk, depth + 1);
  }
  return bytes + Math.round((sampled / k) * n);
}

/** Values stored in the slot itself (V8 small integers, booleans, null, undefined). */
function isInline(v: unknown): boolean {
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 2 ** 30;
  return typeof v === 'boolean' || v === null || v === undefined;
}
