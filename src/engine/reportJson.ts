/**
 * The run report as JSON text, written straight from the simulation state:
 * exactly the text `JSON.stringify(sim.report())` gives, without building the
 * report (millions of objects for a long run) or one huge string. The headless
 * runner streams it to stdout in chunks.
 *
 * Each source model registers its writer for its simulations; a simulation
 * without one (or a report this writer cannot reproduce byte for byte: record
 * ids that a JSON object would reorder or merge) is written from sim.report().
 */
import { utf8Array, writeUtf8 } from './encoding';
import type { RunReport, Simulation } from './types';

/** Receives the text in order, in chunks of about CHUNK characters. */
export type JsonSink = (chunk: string) => void;

/**
 * Receives UTF-8 bytes of the text, in order with the JsonSink's chunks. The
 * bytes are the writer's own buffer, valid only during the call: the sink
 * writes or copies them before it returns (the CLI writes them to stdout).
 */
export type JsonByteSink = (bytes: Uint8Array) => void;

/**
 * The WHATWG TextDecoder (browsers, Web Workers and Node all have it; the
 * engine's type library, ECMAScript only, does not declare it).
 */
declare const TextDecoder: new () => { decode(bytes: Uint8Array): string };

/** About 64 KB per chunk. */
export const CHUNK = 64 * 1024;

/**
 * Appends text and hands it on in chunks. Bytes (JsonBytes) go straight to
 * the byte sink when there is one, after the text before them; without one
 * they are decoded and handed on as text.
 */
export class JsonText {
  private buf = '';
  private decoder: { decode(bytes: Uint8Array): string } | null = null;

  constructor(
    private readonly sink: JsonSink,
    private readonly byteSink?: JsonByteSink,
  ) {}

  /** UTF-8 bytes of whole JSON tokens (see JsonByteSink for how long they are valid). */
  bytes(b: Uint8Array): void {
    if (this.byteSink === undefined) {
      this.decoder ??= new TextDecoder();
      this.add(this.decoder.decode(b));
      return;
    }
    this.flush();
    this.byteSink(b);
  }

  add(text: string): void {
    this.buf += text;
    if (this.buf.length >= CHUNK) this.flush();
  }

  flush(): void {
    if (this.buf === '') return;
    const chunk = this.buf;
    this.buf = '';
    this.sink(chunk);
  }
}

/**
 * A report writer: writes the whole report (as JSON.stringify would) and
 * returns true, or returns false without writing anything when it cannot
 * reproduce it exactly.
 */
export type ReportWriter = (out: JsonText) => boolean;

const WRITERS = new WeakMap<Simulation, ReportWriter>();

/** Registers the direct writer of a simulation's full report. */
export function registerReportWriter(sim: Simulation, writer: ReportWriter): void {
  WRITERS.set(sim, writer);
}

/**
 * Writes JSON.stringify(sim.report()) to the sink, in chunks; what a writer
 * makes as UTF-8 bytes goes to `byteSink` as bytes when given (no decoding
 * to a string that the sink would encode again).
 */
export function writeReportJson(sim: Simulation, sink: JsonSink, byteSink?: JsonByteSink): void {
  const out = new JsonText(sink, byteSink);
  const writer = WRITERS.get(sim);
  if (writer === undefined || !writer(out)) writeReportObject(sim.report(), out);
  out.flush();
}

/** JSON.stringify(report), a section at a time (the records map one entry at a time). */
export function writeReportObject(report: RunReport, out: JsonText): void {
  out.add(
    `{"format":${report.format},"seed":${json(report.seed)},"endedAt":${json(report.endedAt)}`,
  );
  out.add(',"invocations":[');
  report.invocations.forEach((inv, i) => out.add((i > 0 ? ',' : '') + JSON.stringify(inv)));
  out.add('],"records":{');
  let first = true;
  for (const [id, r] of Object.entries(report.records)) {
    out.add(`${first ? '' : ','}${JSON.stringify(id)}:${JSON.stringify(r)}`);
    first = false;
  }
  out.add('},"onFailureDestination":');
  out.add(JSON.stringify(report.onFailureDestination));
  out.add(',"deadLetterQueue":');
  out.add(JSON.stringify(report.deadLetterQueue));
  out.add(',"metrics":');
  out.add(JSON.stringify(report.metrics));
  out.add('}');
}

/** JSON text of a number or string (as JSON.stringify writes it). */
export function json(v: number | string | null): string {
  return JSON.stringify(v);
}

/** Times in reports are rounded to milliseconds (as the report builders do). */
export const ms = (t: number): number => Math.round(t * 1000) / 1000;

/** A JSON number as JSON.stringify writes it (finite numbers only reach here; others: null). */
export const num = (n: number): string => (Number.isFinite(n) ? String(n) : 'null');

/** Whether a string is a canonical array index ("0", "17"): JSON objects list those keys first. */
export function isIndexKey(id: string): boolean {
  if (id.length === 0 || id.length > 10) return false;
  if (id === '0') return true;
  const c = id.charCodeAt(0);
  if (c < 49 || c > 57) return false;
  for (let i = 1; i < id.length; i++) {
    const d = id.charCodeAt(i);
    if (d < 48 || d > 57) return false;
  }
  return Number(id) < 4294967295;
}

/**
 * Whether explicit record ids could make a JSON object's key order differ
 * from insertion order (index-like ids), or merge entries (duplicates), or
 * "__proto__" (set specially): then the report is built as an object.
 */
export function idsNeedObject(names: readonly string[]): boolean {
  const seen = new Set<string>();
  for (const id of names) {
    if (seen.has(id) || id === '__proto__' || isIndexKey(id)) return true;
    seen.add(id);
  }
  return false;
}

/** The UTF-8 bytes of a fixed piece of JSON text, for JsonBytes.raw. */
export function utf8Of(text: string): Uint8Array {
  return utf8Array(text);
}

/** Whole milliseconds up to which JsonBytes.ms writes digits itself (2^52: k / 1000 prints as its decimal). */
const MS_EXACT = 2 ** 52;

/**
 * JSON text written as UTF-8 bytes into one reused buffer and handed to
 * JsonText.bytes about a chunk at a time: numbers, times and ids as digits,
 * no string per token. With the CLI's byte sink the bytes go to stdout as
 * they are (without one, the app and tests, each chunk is decoded to text).
 * Both engines' report writers (queues/report.ts, streams/report.ts) use it.
 */
export class JsonBytes {
  private buf: Uint8Array;
  private len = 0;

  /** `size`: the buffer's first size in bytes (it grows as needed). */
  constructor(
    private readonly out: JsonText,
    size = CHUNK * 2,
  ) {
    this.buf = new Uint8Array(size);
  }

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  /** Any text (already JSON: quoted, escaped), as UTF-8 (lone surrogates as U+FFFD, as TextEncoder). */
  text(t: string): void {
    this.room(t.length * 3);
    this.len = writeUtf8(t, this.buf, this.len);
  }

  /** One ASCII character by code (`,` `[` `"` …). */
  char(code: number): void {
    this.room(1);
    this.buf[this.len++] = code;
  }

  /** Bytes made once by utf8Of (a writer's fixed pieces of text), copied as they are. */
  raw(bytes: Uint8Array): void {
    const n = bytes.length;
    this.room(n);
    const buf = this.buf;
    let len = this.len;
    for (let k = 0; k < n; k++) buf[len++] = bytes[k]!;
    this.len = len;
  }

  /** A whole number from 0 to 2^53 - 1, in decimal digits (as String(n) writes it). */
  uint(n: number): void {
    let digits = 1;
    for (let p = 10; p <= n && digits < 16; p *= 10) digits++;
    this.room(digits);
    const buf = this.buf;
    const start = this.len;
    let at = start + digits;
    this.len = at;
    let v = n;
    while (at > start) {
      const q = Math.floor(v / 10);
      buf[--at] = 48 + (v - q * 10);
      v = q;
    }
  }

  /** A number as JSON.stringify writes it (null when not finite). */
  num(n: number): void {
    if (Number.isSafeInteger(n) && n >= 0) this.uint(n);
    else this.text(Number.isFinite(n) ? String(n) : 'null');
  }

  /**
   * A time in seconds rounded to milliseconds, as JSON.stringify writes
   * ms(t): k = round(t × 1000) ms is written as k / 1000's decimal digits
   * (the shortest text of k / 1000 for whole k up to 2^52), no number string.
   */
  ms(t: number): void {
    const k = Math.round(t * 1000);
    if (!(k >= 0 && k <= MS_EXACT)) {
      this.num(ms(t));
      return;
    }
    const whole = Math.floor(k / 1000);
    let frac = k - whole * 1000;
    this.uint(whole);
    if (frac === 0) return;
    this.char(46); // .
    this.char(48 + Math.floor(frac / 100));
    frac %= 100;
    if (frac === 0) return;
    this.char(48 + Math.floor(frac / 10));
    frac %= 10;
    if (frac !== 0) this.char(48 + frac);
  }

  /** The ids of pool[from, from + count), comma-separated, each written by `id`. */
  idList(pool: Int32Array, from: number, count: number, id: (row: number) => void): void {
    for (let k = 0; k < count; k++) {
      if (k > 0) this.char(44); // ,
      id(pool[from + k]!);
    }
  }

  /** Between two tokens: hands the bytes on once a chunk has gathered. */
  boundary(): void {
    if (this.len >= CHUNK) this.flush();
  }

  /** Hands on everything gathered (call only between tokens: no character is split). */
  flush(): void {
    if (this.len === 0) return;
    this.out.bytes(this.buf.subarray(0, this.len));
    this.len = 0;
  }
}
