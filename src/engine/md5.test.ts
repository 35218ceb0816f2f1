import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashKey128, laneHash, md5Bytes, md5Hex, uuidFrom } from './md5';

// The engine's type set has no Node types; the test runs in Node, where node:crypto is.
interface NodeHash {
  update(text: string, encoding: 'utf8'): NodeHash;
  digest(encoding: 'hex'): string;
}
const cryptoModule = 'node:crypto';
const { createHash } = (await import(/* @vite-ignore */ cryptoModule)) as {
  createHash(algorithm: 'md5'): NodeHash;
};
const nodeMd5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

/** Any UTF-16 text (lone surrogates included), often near MD5's 55/56/64-byte padding edges. */
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc
    .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 200 })
    .map((units) => String.fromCharCode(...units)),
  fc.integer({ min: 50, max: 130 }).map((n) => 'k'.repeat(n)),
);

describe('MD5', () => {
  it('gives the RFC 1321 test suite digests', () => {
    const suite: [string, string][] = [
      ['', 'd41d8cd98f00b204e9800998ecf8427e'],
      ['a', '0cc175b9c0f1b6a831c399e269772661'],
      ['abc', '900150983cd24fb0d6963f7d28e17f72'],
      ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
      ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
      [
        'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
        'd174ab98d277d9f5a5611c2c9f419d9f',
      ],
      ['1234567890'.repeat(8), '57edf4a22be3c955ac49da2e2107b67a'],
    ];
    for (const [input, hex] of suite) expect(md5Hex(input)).toBe(hex);
  });

  it('agrees with node:crypto on any text, the bytes, the hash key and the lane hash too', () => {
    fc.assert(
      fc.property(text, (t) => {
        const hex = nodeMd5(t);
        expect(md5Hex(t)).toBe(hex);
        const bytes = md5Bytes(t);
        expect(bytes.map((b) => b.toString(16).padStart(2, '0')).join('')).toBe(hex);
        expect(hashKey128(t)).toBe(BigInt(`0x${hex}`));
        expect(laneHash(t)).toBe(Number.parseInt(hex.slice(24, 32), 16) >>> 1);
      }),
      { numRuns: 2000 },
    );
  });

  it('is unaffected by a longer text digested before (the scratch buffer is reused)', () => {
    const long = 'é'.repeat(5000);
    expect(md5Hex(long)).toBe(nodeMd5(long));
    expect(md5Hex('abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(uuidFrom('abc')).toBe('90015098-3cd2-4fb0-d696-3f7d28e17f72');
  });
});
