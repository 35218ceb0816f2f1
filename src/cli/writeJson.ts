/**
 * JSON.stringify, streamed: writes exactly the text JSON.stringify(value)
 * returns (same key order, number formatting, escaping, and the same handling
 * of toJSON, boxed primitives, undefined, functions, symbols, NaN and
 * Infinity), handed out in chunks of about `chunkChars` characters, so a
 * report far larger than V8's maximum string length can still be printed.
 *
 * Chunks always end between two JSON tokens, and JSON.stringify escapes lone
 * surrogates, so every chunk is well-formed UTF-16: encoding the chunks one by
 * one gives the same bytes as encoding the whole text.
 */
import { types } from 'node:util';

/** Receives the text in order; may throw (e.g. EPIPE), which stops the writing. */
export type ChunkSink = (chunk: string) => void;

/** About 64 KB per write: large enough to be cheap, small enough to stay flat in memory. */
export const DEFAULT_CHUNK_CHARS = 64 * 1024;

interface RawJson {
  readonly rawJSON: string;
}
/** JSON.isRawJSON where the runtime has it (Node 21+): JSON.rawJSON values are written verbatim. */
const nativeIsRawJson = (JSON as { isRawJSON?: (v: unknown) => boolean }).isRawJSON;

function isRawJson(v: object): v is RawJson {
  return nativeIsRawJson !== undefined && nativeIsRawJson(v);
}

/** Buffers text and hands it to the sink in chunks of about `chunkChars` characters. */
export class ChunkedWriter {
  private buf = '';

  constructor(
    private readonly sink: ChunkSink,
    private readonly chunkChars = DEFAULT_CHUNK_CHARS,
  ) {}

  /** Appends raw text (already JSON). */
  text(s: string): void {
    this.buf += s;
    if (this.buf.length >= this.chunkChars) this.flush();
  }

  /** Hands whatever is buffered to the sink. */
  flush(): void {
    if (this.buf === '') return;
    const chunk = this.buf;
    this.buf = '';
    this.sink(chunk);
  }

  /**
   * Appends JSON.stringify(value) as JSON.stringify would produce it for the
   * property `key` of some holder (the key is what toJSON receives). Returns
   * false, writing nothing, where JSON.stringify would return undefined (or
   * skip the property): undefined, functions, symbols.
   */
  value(value: unknown, key = ''): boolean {
    const v = resolve(value, key);
    if (skipped(v)) return false;
    this.write(v, []);
    return true;
  }

  /** Writes a value already through resolve() and not skipped(). */
  private write(v: unknown, stack: object[]): void {
    switch (typeof v) {
      case 'string':
        this.text(JSON.stringify(v));
        return;
      case 'number':
        this.text(Number.isFinite(v) ? String(v) : 'null');
        return;
      case 'boolean':
        this.text(v ? 'true' : 'false');
        return;
      case 'bigint':
        throw new TypeError('Do not know how to serialize a BigInt');
      default:
        if (v === null || typeof v !== 'object') {
          this.text('null');
          return;
        }
        if (isRawJson(v)) {
          this.text(v.rawJSON);
          return;
        }
        if (stack.includes(v)) throw new TypeError('Converting circular structure to JSON');
        stack.push(v);
        if (Array.isArray(v)) this.array(v as readonly unknown[], stack);
        else this.object(v, stack);
        stack.pop();
    }
  }

  private array(a: readonly unknown[], stack: object[]): void {
    this.text('[');
    const n = a.length;
    for (let i = 0; i < n; i++) {
      if (i > 0) this.text(',');
      const item = resolve(a[i], String(i));
      if (skipped(item)) this.text('null');
      else this.write(item, stack);
    }
    this.text(']');
  }

  private object(o: object, stack: object[]): void {
    this.text('{');
    let first = true;
    const record = o as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      const item = resolve(record[k], k);
      if (skipped(item)) continue;
      this.text(first ? `${JSON.stringify(k)}:` : `,${JSON.stringify(k)}:`);
      first = false;
      this.write(item, stack);
    }
    this.text('}');
  }
}

/** What JSON.stringify serializes for a value: toJSON applied (with the key), boxed primitives unboxed. */
function resolve(input: unknown, key: string): unknown {
  let v = input;
  if ((typeof v === 'object' && v !== null) || typeof v === 'bigint') {
    const toJSON = (v as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') v = (toJSON as (k: string) => unknown).call(v, key);
  }
  if (typeof v === 'object' && v !== null && types.isBoxedPrimitive(v)) {
    if (types.isNumberObject(v)) return Number(v);
    if (types.isStringObject(v)) return String(v);
    if (types.isBooleanObject(v) || types.isBigIntObject(v)) return v.valueOf();
  }
  return v;
}

/** Values JSON.stringify leaves out of objects (null in arrays, undefined at the top). */
function skipped(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/** Writes JSON.stringify(value) through `sink` in chunks; returns false (nothing written) where it would be undefined. */
export function writeJson(
  value: unknown,
  sink: ChunkSink,
  chunkChars = DEFAULT_CHUNK_CHARS,
): boolean {
  const w = new ChunkedWriter(sink, chunkChars);
  const wrote = w.value(value);
  w.flush();
  return wrote;
}
