import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8Array, utf8Bytes, utf8Length, writeUtf8 } from './encoding';

// The engine's type set has no DOM or Node types; the test runs where TextEncoder exists.
declare const TextEncoder: new () => { encode(text: string): Uint8Array };

/** Any UTF-16 text, surrogates (paired or not) often. */
const utf16 = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0xd800, max: 0xdfff }),
      fc.integer({ min: 0, max: 0x7ff }),
      fc.integer({ min: 0, max: 0xffff }),
    ),
    { maxLength: 24 },
  )
  .map((units) => String.fromCharCode(...units));

describe('UTF-8', () => {
  it('writes what TextEncoder writes, lone surrogates as U+FFFD, at any offset', () => {
    const encoder = new TextEncoder();
    fc.assert(
      fc.property(utf16, fc.nat(8), (text, at) => {
        const expected = encoder.encode(text);
        expect(utf8Bytes(text)).toEqual([...expected]);
        expect(utf8Array(text)).toEqual(expected);
        expect(utf8Length(text)).toBe(expected.length);
        const buf = new Uint8Array(at + text.length * 3);
        const end = writeUtf8(text, buf, at);
        expect(end - at).toBe(expected.length);
        expect(buf.subarray(at, end)).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
