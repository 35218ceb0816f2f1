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
