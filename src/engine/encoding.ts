/**
 * UTF-8 and base64 without Buffer or btoa, so the engine runs the same in a
 * Web Worker, a browser thread and Node.
 */

/**
 * Writes the UTF-8 bytes of `text` into `buf` from `at` (lone surrogates become U+FFFD, as
 * TextEncoder does) and returns the index after the last byte. `buf` must have room for
 * 3 bytes per UTF-16 unit of `text`.
 */
export function writeUtf8(text: string, buf: Uint8Array, at: number): number {
  const n = text.length;
  let len = at;
  for (let k = 0; k < n; k++) {
    let c = text.charCodeAt(k);
    if (c < 0x80) {
      buf[len++] = c;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && k + 1 < n) {
      const d = text.charCodeAt(k + 1);
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
  return len;
}

/** The UTF-8 bytes of a string (lone surrogates become U+FFFD, as TextEncoder does). */
export function utf8Array(text: string): Uint8Array {
  const buf = new Uint8Array(text.length * 3);
  return buf.slice(0, writeUtf8(text, buf, 0));
}

/** The UTF-8 bytes of a string, as numbers (md5's message). */
export function utf8Bytes(text: string): number[] {
  return Array.from(utf8Array(text));
}

/** UTF-8 length in bytes without materialising the bytes. */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 (with padding) of a string's UTF-8 bytes, as Kinesis's `data` field carries it. */
export function base64Utf8(text: string): string {
  const b = utf8Bytes(text);
  let out = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i]! << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
    out += i + 1 < b.length ? ALPHABET[(n >> 6) & 63]! : '=';
    out += i + 2 < b.length ? ALPHABET[n & 63]! : '=';
  }
  return out;
}
