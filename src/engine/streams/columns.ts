/**
 * Growable typed-array columns. The stream state keeps per-record and
 * per-invocation data in typed arrays (the first `used` entries in use), so a
 * checkpoint copies each column as one block of memory.
 */
import { copyShape } from '../shape';

/** A typed-array column. */
export type Column = Float64Array | Int32Array | Int16Array | Uint8Array;

/**
 * A column of at least `size` entries (at most `max`) keeping its first `used`
 * ones: the same column when it is big enough, else a copy grown by doubling.
 */
export function growColumn<C extends Column>(
  column: C,
  used: number,
  size: number,
  max = Infinity,
): C {
  if (size <= column.length) return column;
  const Ctor = column.constructor as new (length: number) => C;
  const next = new Ctor(Math.min(max, Math.max(size, column.length * 2, 64)));
  next.set(column.subarray(0, used));
  return next;
}

/**
 * A copy of a column's first `used` entries, with room to grow when `room`
 * (half as much again, and at least `capacity` entries).
 */
export function copyColumn<C extends Column>(
  column: C,
  used: number,
  room: boolean,
  capacity = 0,
): C {
  const Ctor = column.constructor as new (length: number) => C;
  const next = new Ctor(room ? Math.max(capacity, used + (used >> 1) + 64) : used);
  next.set(column.subarray(0, used));
  return next;
}

/**
 * A deep copy of plain data (objects, arrays, primitives) whose typed arrays
 * are copied with `slice` — one block copy each, where structuredClone would
 * serialize and deserialize them (two copies and a growing buffer).
 */
export function copyPlain<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (ArrayBuffer.isView(value)) return (value as unknown as Column).slice() as T;
  if (Array.isArray(value)) {
    // slice keeps the array's elements kind (a `map` copy can get another one, and with it
    // another hidden class than the engine's own arrays: `free.pop()` and the like deoptimise).
    const out = value.slice() as unknown[];
    for (let i = 0; i < out.length; i++) {
      const v = out[i];
      if (typeof v === 'object' && v !== null) out[i] = copyPlain(v);
    }
    return out as T;
  }
  // Same keys, same order, same hidden class as the engine's own objects (shape.ts): then
  // each value is replaced by its copy.
  const out = copyShape(value as Record<string, unknown>);
  for (const [k, v] of Object.entries(value)) {
    // "__proto__" can be a key of user data (a filter pattern): keep it an own key.
    if (k === '__proto__') {
      Object.defineProperty(out, k, { value: copyPlain(v), enumerable: true, writable: true });
    } else out[k] = copyPlain(v);
  }
  return out as T;
}

/**
 * A column again after a JSON round trip (which turns a typed array into an
 * object with index keys); a typed array is returned as it is.
 */
export function reviveColumn<C extends Column>(value: unknown, like: C): C {
  if (ArrayBuffer.isView(value)) return value as C;
  const Ctor = like.constructor as unknown as { from(values: ArrayLike<number>): C };
  const values = Object.values(value as Record<string, number | null>).map((v) => v ?? NaN);
  return Ctor.from(values);
}

/**
 * Runs of entries a compaction moves, three numbers per run: from, to,
 * length. Scratch kept between compactions (fresh memory is dear), filled by
 * keptRuns before each use; never part of a state.
 */
const RUNS: { array: Int32Array } = { array: new Int32Array(0) };

/**
 * The runs of entries i with map[i] >= 0 among the first n (map keeps put
 * order, so a run's targets are consecutive), written into the scratch array
 * (keptRunsArray, read after this call); returns how many. One pass over the
 * map for every column. Nothing but a number comes out of the loop: the loop
 * is optimised on stack (OSR) on its first long call, and a property written
 * after it would have had no type feedback then (a deoptimisation per call).
 */
export function keptRuns(map: Int32Array, n: number): number {
  let runs = RUNS.array;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const to = map[i]!;
    if (to < 0) continue;
    const from = i;
    while (i + 1 < n && map[i + 1]! >= 0) i++;
    if (count * 3 + 3 > runs.length) runs = growRuns(runs);
    runs[count * 3] = from;
    runs[count * 3 + 1] = to;
    runs[count * 3 + 2] = i + 1 - from;
    count++;
  }
  return count;
}

/** The scratch array keptRuns last filled. */
export const keptRunsArray = (): Int32Array => RUNS.array;

/** The run scratch, doubled (its runs kept). */
function growRuns(runs: Int32Array): Int32Array {
  const next = new Int32Array(Math.max(3072, runs.length * 2));
  next.set(runs);
  RUNS.array = next;
  return next;
}

/** Runs at least this long are one block copy; shorter ones are copied entry by entry. */
const BLOCK_RUN = 32;

/*
 * One mover per element type: each loop then sees one kind of typed array
 * (a loop over the Column union was megamorphic: a generic element access
 * per entry). `next` may be `old` (in place: entries only move down, in
 * order, so each read comes before its overwrite).
 */

export function moveRunsF64(
  old: Float64Array,
  next: Float64Array,
  runs: Int32Array,
  count: number,
): void {
  for (let r = 0; r < count * 3; r += 3) {
    const from = runs[r]!;
    const to = runs[r + 1]!;
    const len = runs[r + 2]!;
    if (next === old && from === to) continue;
    if (len >= BLOCK_RUN) {
      if (next === old) old.copyWithin(to, from, from + len);
      else next.set(old.subarray(from, from + len), to);
    } else for (let k = 0; k < len; k++) next[to + k] = old[from + k]!;
  }
}

export function moveRunsI32(
  old: Int32Array,
  next: Int32Array,
  runs: Int32Array,
  count: number,
): void {
  for (let r = 0; r < count * 3; r += 3) {
    const from = runs[r]!;
    const to = runs[r + 1]!;
    const len = runs[r + 2]!;
    if (next === old && from === to) continue;
    if (len >= BLOCK_RUN) {
      if (next === old) old.copyWithin(to, from, from + len);
      else next.set(old.subarray(from, from + len), to);
    } else for (let k = 0; k < len; k++) next[to + k] = old[from + k]!;
  }
}

export function moveRunsI16(
  old: Int16Array,
  next: Int16Array,
  runs: Int32Array,
  count: number,
): void {
  for (let r = 0; r < count * 3; r += 3) {
    const from = runs[r]!;
    const to = runs[r + 1]!;
    const len = runs[r + 2]!;
    if (next === old && from === to) continue;
    if (len >= BLOCK_RUN) {
      if (next === old) old.copyWithin(to, from, from + len);
      else next.set(old.subarray(from, from + len), to);
    } else for (let k = 0; k < len; k++) next[to + k] = old[from + k]!;
  }
}

export function moveRunsU8(
  old: Uint8Array,
  next: Uint8Array,
  runs: Int32Array,
  count: number,
): void {
  for (let r = 0; r < count * 3; r += 3) {
    const from = runs[r]!;
    const to = runs[r + 1]!;
    const len = runs[r + 2]!;
    if (next === old && from === to) continue;
    if (len >= BLOCK_RUN) {
      if (next === old) old.copyWithin(to, from, from + len);
      else next.set(old.subarray(from, from + len), to);
    } else for (let k = 0; k < len; k++) next[to + k] = old[from + k]!;
  }
}
