/**
 * Shallow copies that keep an object's hidden class.
 *
 * A checkpoint restore copies the simulation state. Copied with a spread
 * (`{ ...s }`) or key by key into `{}`, the objects get other hidden classes
 * (V8 maps) than the ones the engine made with object literals, so every hot
 * function optimised for the live objects deoptimises on the restored ones:
 * measured on the SQS 10-minute run, the first replays after a seek hit 80+
 * deoptimisations and ran 2–3× slower than later ones (until the engine had
 * re-optimised for both kinds). An object literal with the same keys in the
 * same order gets the same hidden class as the engine's own literal, so
 * `copyShape` builds its copy with one: a small function per key list,
 * generated once and cached.
 *
 * Where a function cannot be generated (a Content-Security-Policy without
 * 'unsafe-eval'), or for keys a literal cannot spell as plain properties
 * (`__proto__`), it falls back to a spread: the same values, only slower
 * code after a restore.
 */

type Plain = Record<string, unknown>;
type Copier = (o: Plain) => Plain;

/** Copiers by key list; bounded, since user data (filter patterns) can bring any keys. */
const copiers = new Map<string, Copier | null>();
const MAX_COPIERS = 512;
const MAX_KEYS = 128;

let generate: ((body: string) => Copier) | null = (body) =>
  // The only generated code in the engine: `return {"a": o["a"], …}` for a list of keys
  // (JSON-quoted, so any key spells safely). See the file's comment for why a literal.
  new Function('o', body) as Copier;

function copierFor(keys: readonly string[]): Copier | null {
  const id = keys.join('\u0000');
  const known = copiers.get(id);
  if (known !== undefined) return known;
  let copier: Copier | null = null;
  if (
    generate !== null &&
    keys.length <= MAX_KEYS &&
    copiers.size < MAX_COPIERS &&
    !keys.includes('__proto__')
  ) {
    const fields = keys.map((k) => `${JSON.stringify(k)}: o[${JSON.stringify(k)}]`);
    try {
      copier = generate(`return {${fields.join(', ')}};`);
    } catch {
      // No code generation here (CSP): spreads from now on.
      generate = null;
    }
  }
  if (copiers.size < MAX_COPIERS) copiers.set(id, copier);
  return copier;
}

/**
 * A shallow copy of a plain object (own enumerable string keys, in order)
 * with the hidden class an object literal of those keys has.
 */
export function copyShape<T extends object>(o: T): T {
  const copier = copierFor(Object.keys(o));
  return (copier === null ? { ...o } : copier(o as Plain)) as T;
}

/** copyShape, then `changes` written over it (keys o already has keep its hidden class). */
export function copyShapeWith<T extends object>(o: T, changes: Partial<T>): T {
  return Object.assign(copyShape(o), changes);
}

/**
 * Writes each of `keys` once more, so V8 never takes the field for a constant.
 *
 * A field not written since its object was made is a constant to V8, and
 * optimised code relies on it (a value loaded before a call is still good
 * after it). The first write anywhere then discards every function that
 * relied on it, and each is compiled again. The engine replaces some fields
 * rather than mutating them, once in a while: a column grown, a shard's
 * position list moved by a compaction, a batch renumbered. In the Kinesis
 * hour each first replacement discarded a dozen hot functions. Writing such a
 * field twice where its object is made (before any code is optimised) makes it
 * an ordinary field from the start. The stand-in written in between is of the
 * same kind (a number, an empty array, typed array of the same class or `{}`), so
 * the field's type stays as precise as before.
 */
export function notConstant<T extends object>(o: T, keys: readonly (keyof T & string)[]): T {
  const w = o as unknown as Plain;
  for (const k of keys) {
    const v = w[k];
    w[k] = standIn(v);
    w[k] = v;
  }
  return o;
}

/** A different value of the same kind as v (see notConstant). */
function standIn(v: unknown): unknown {
  if (typeof v === 'number') return v + 1;
  if (Array.isArray(v)) return v.slice(0, 0);
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    return (v as unknown as { subarray(a: number, b: number): unknown }).subarray(0, 0);
  }
  // A plain object made by `{}` (a map of values by record index): another empty one.
  if (typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype) {
    return {};
  }
  return v;
}
