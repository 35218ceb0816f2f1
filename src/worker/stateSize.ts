/**
 * A cheap estimate of how many bytes a saved simulation state holds, so the
 * host can keep its checkpoints within a memory budget. It walks the plain
 * data but samples long arrays (the first SAMPLE items, scaled to the
 * length), so its cost stays small whatever the state's size; typed arrays
 * count their byteLength unless they view part of a bigger, shared buffer. Sizes follow V8's layout roughly (8-byte slots,
 * small headers); the figure is for budgeting, not accounting.
 */

/** Long arrays are estimated from this many items. */
const SAMPLE = 16;
/** Deeper structures are counted as one slot each (states are shallow; this bounds the walk). */
const MAX_DEPTH = 12;

const HEADER = 16;
const SLOT = 8;

/**
 * Estimated bytes held by a plain-data value (objects, arrays, typed arrays,
 * strings, numbers). Strings count only with `strings`: a saved state shares
 * its strings with the live one (ids, keys, bodies, all immutable), while
 * events rebuilt for the log own theirs (sequence numbers, record ids).
 */
export function estimateBytes(value: unknown, strings = false, depth = 0): number {
  if (typeof value === 'string') return strings ? HEADER + value.length : 0;
  // A heap number (a double) is a 16-byte object; other primitives sit in their slot.
  if (typeof value === 'number') return isInline(value) ? 0 : HEADER;
  if (typeof value !== 'object' || value === null) return 0;
  if (ArrayBuffer.isView(value)) {
    // A view on part of a bigger buffer shares it (a saved stream state keeps views of the live
    // state's write-once columns): the live state pays for it, not the copy.
    return value.byteLength < value.buffer.byteLength ? HEADER : HEADER + value.byteLength;
  }
  if (depth >= MAX_DEPTH) return SLOT;
  if (Array.isArray(value)) {
    const n = value.length;
    if (n === 0) return HEADER;
    const k = Math.min(n, SAMPLE);
    let sampled = 0;
    // Spread the sample over the array (head and tail can differ, e.g. rings).
    for (let i = 0; i < k; i++) {
      const item: unknown = value[Math.floor((i * n) / k)];
      // Small integers, booleans and null live in the array's own slot.
      if (!isInline(item)) sampled += estimateBytes(item, strings, depth + 1);
    }
    return HEADER + n * SLOT + Math.round((sampled / k) * n);
  }
  let bytes = HEADER;
  let keys = 0;
  const obj = value as Record<string, unknown>;
  for (const key in obj) {
    keys += 1;
    if (keys > SAMPLE * 4) {
      // A record used as a map (many keys): scale what was seen so far.
      const total = Object.keys(obj).length;
      return Math.round(((bytes - HEADER) / (keys - 1)) * total) + HEADER;
    }
    bytes += SLOT + estimateBytes(obj[key], strings, depth + 1);
  }
  return bytes;
}

/** Values stored in the slot itself (V8 small integers, booleans, null, undefined). */
function isInline(v: unknown): boolean {
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 2 ** 30;
  return typeof v === 'boolean' || v === null || v === undefined;
}
