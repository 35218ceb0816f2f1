/**
 * JSON text written as UTF-8 bytes into one reused buffer and handed on as a
 * few large strings (report.ts writeStreamReport). Building a 40 MB report by
 * string concatenation made ~200 MB of short-lived strings (cons strings,
 * number strings, the text of each invocation): most of the headless runner's
 * garbage collection. Here numbers and record ids are written as digits
 * straight into the buffer, and each ~64 KB becomes one flat string
 * (TextDecoder), which the CLI's sink encodes back with one copy.
 */
import { CHUNK, ms, type JsonText } from '../reportJson';

/** Whole milliseconds up to which ms() writes digits itself (2^52: k / 1000 prints as its decimal). */
const MS_EXACT = 2 ** 52;

/**
 * The WHATWG TextDecoder (browsers, Web Workers and Node all have it; the
 * engine's type library, ECMAScript only, does not declare it).
 */
declare const TextDecoder: new () => { decode(bytes: Uint8Array): string };

/**
 * Bytes gathered before they go out as a string: a whole chunk of the
 * caller's, so JsonText hands each string on as it is (no joined copy).
 */
const FLUSH_AT = CHUNK;

/** Writes JSON text into `out`; text goes out only between tokens (see `boundary`). */
export class JsonChars {
  private buf = new Uint8Array(FLUSH_AT * 2);
  private len = 0;
  private readonly decoder = new TextDecoder();

  constructor(private readonly out: JsonText) {}

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  /** Any text (already JSON: quoted, escaped), as UTF-8. */
  text(t: string): void {
    const n = t.length;
    this.room(n * 3);
    const buf = this.buf;
    let len = this.len;
    for (let k = 0; k < n; k++) {
      let c = t.charCodeAt(k);
      if (c < 0x80) {
        buf[len++] = c;
        continue;
      }
      if (c >= 0xd800 && c <= 0xdbff && k + 1 < n) {
        const d = t.charCodeAt(k + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          k++;
        } else c = 0xfffd;
      } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
      if (c < 0x800) {
        buf[len++] = 0xc0 | (c >> 6);
      } else if (c < 0x10000) {
        buf[len++] = 0xe0 | (c >> 12);
        buf[len++] = 0x80 | ((c >> 6) & 63);
      } else {
        buf[len++] = 0xf0 | (c >> 18);
        buf[len++] = 0x80 | ((c >> 12) & 63);
        buf[len++] = 0x80 | ((c >> 6) & 63);
      }
      buf[len++] = 0x80 | (c & 63);
    }
    this.len = len;
  }

  /** One ASCII character by code (`,` `[` `"` …). */
  char(code: number): void {
    this.room(1);
    this.buf[this.len++] = code;
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
   * ms(t) (reportJson.ts): k = round(t × 1000) ms is written as k / 1000's
   * decimal digits (the shortest text of k / 1000 for whole k up to 2^52),
   * with no number string made.
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

  /** Between two tokens: hands the text on once enough has gathered. */
  boundary(): void {
    if (this.len >= FLUSH_AT) this.flush();
  }

  /** Hands on everything gathered (call only between tokens: no character is split). */
  flush(): void {
    if (this.len === 0) return;
    this.out.add(this.decoder.decode(this.buf.subarray(0, this.len)));
    this.len = 0;
  }
}

/**
 * The ids of pool[from, from + count), comma-separated, each written by `id`
 * (a report's records and reportedFailures lists; both engines' writers).
 */
export function writeIdList(
  w: JsonChars,
  pool: Int32Array,
  from: number,
  count: number,
  id: (row: number) => void,
): void {
  for (let k = 0; k < count; k++) {
    if (k > 0) w.char(44); // ,
    id(pool[from + k]!);
  }
}
