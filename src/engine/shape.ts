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
