/**
 * A small pure MD5 (RFC 1321) over UTF-8 text, and the routing built on it.
 *
 * Kinesis routes a record to a shard by taking the MD5 of its partition key as
 * an unsigned 128-bit integer and finding the shard whose hash-key range holds
 * it; a stream created with ShardCount n splits 0..2^128-1 into n equal ranges.
 * The simulated DynamoDB stream uses the same hash of the item key (AWS does
 * not document DynamoDB's partitioning; this is a modelling choice).
 */
import { utf8Bytes } from './encoding';

const S = [
  7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14,
  20, 5, 9, 14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6,
  10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
];
const K: number[] = [];
for (let i = 0; i < 64; i++) K.push(Math.floor(Math.abs(Math.sin(i + 1)) * 4294967296) >>> 0);

/** The 16-byte MD5 digest of a string's UTF-8 encoding. */
export function md5Bytes(text: string): number[] {
  const msg = utf8Bytes(text);
  const bitLen = msg.length * 8;
  msg.push(0x80);
  while (msg.length % 64 !== 56) msg.push(0);
  // Length in bits, little-endian 64-bit (texts here are far below 2^32 bits).
  for (let i = 0; i < 8; i++) msg.push(i < 4 ? (bitLen >>> (8 * i)) & 0xff : 0);
  let a0 = 0x67452301;
  let b0 = 0xefcdab89;
  let c0 = 0x98badcfe;
  let d0 = 0x10325476;
  const m = new Array<number>(16);
  for (let off = 0; off < msg.length; off += 64) {
    for (let i = 0; i < 16; i++) {
      const j = off + i * 4;
      m[i] = msg[j]! | (msg[j + 1]! << 8) | (msg[j + 2]! << 16) | (msg[j + 3]! << 24);
    }
    let a = a0;
    let b = b0;
    let c = c0;
    let d = d0;
    for (let i = 0; i < 64; i++) {
      let f: number;
      let g: number;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) % 16;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) % 16;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) % 16;
      }
      const sum = (a + f + K[i]! + m[g]!) | 0;
      a = d;
      d = c;
      c = b;
      const s = S[i]!;
      b = (b + ((sum << s) | (sum >>> (32 - s)))) | 0;
    }
    a0 = (a0 + a) | 0;
    b0 = (b0 + b) | 0;
    c0 = (c0 + c) | 0;
    d0 = (d0 + d) | 0;
  }
  const out: number[] = [];
  for (const w of [a0, b0, c0, d0]) for (let i = 0; i < 4; i++) out.push((w >>> (8 * i)) & 0xff);
  return out;
}

/** MD5 as 32 lowercase hex digits. */
export function md5Hex(text: string): string {
  return md5Bytes(text)
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
}

/** The digest read as an unsigned 128-bit big-endian integer (Kinesis's hash key). */
export function hashKey128(text: string): bigint {
  let v = 0n;
  for (const b of md5Bytes(text)) v = (v << 8n) | BigInt(b);
  return v;
}

/** The shard whose equal hash-key range holds the key's MD5 (Kinesis routing). */
export function shardForKey(key: string, shardCount: number): number {
  return Number((hashKey128(key) * BigInt(shardCount)) >> 128n);
}

/** A 31-bit hash of the key (low bits of its MD5) for spreading keys over lanes. */
export function laneHash(key: string): number {
  const b = md5Bytes(key);
  return ((b[12]! << 24) | (b[13]! << 16) | (b[14]! << 8) | b[15]!) >>> 1;
}

/** A deterministic UUID-shaped id derived from a name (for requestIds and DynamoDB eventIDs). */
export function uuidFrom(name: string): string {
  const h = md5Hex(name);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
