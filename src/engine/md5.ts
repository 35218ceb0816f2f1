/**
 * A small pure MD5 (RFC 1321) over UTF-8 text, and the routing built on it.
 *
 * Kinesis routes a record to a shard by taking the MD5 of its partition key as
 * an unsigned 128-bit integer and finding the shard whose hash-key range holds
 * it; a stream created with ShardCount n splits 0..2^128-1 into n equal ranges.
 * The simulated DynamoDB stream uses the same hash of the item key (AWS does
 * not document DynamoDB's partitioning; this is a modelling choice).
 */
import { writeUtf8 } from './encoding';

/** Per-step left rotations. */
const S = Uint8Array.from([
  7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14,
  20, 5, 9, 14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6,
  10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
]);
/** Per-step constants: floor(|sin(i + 1)| × 2^32). */
const K = new Int32Array(64);
/** Per-step message word: i, 5i + 1, 3i + 5 and 7i (mod 16) in the four rounds. */
const G = new Uint8Array(64);
for (let i = 0; i < 64; i++) {
  K[i] = Math.floor(Math.abs(Math.sin(i + 1)) * 4294967296) | 0;
  G[i] = i < 16 ? i : i < 32 ? (5 * i + 1) % 16 : i < 48 ? (3 * i + 5) % 16 : (7 * i) % 16;
}

/**
 * Scratch space reused by every digest: the padded message and its words.
 * Digests run to completion one at a time, so one buffer serves all.
 */
let message = new Uint8Array(256);
const words = new Int32Array(16);
/** The last digest's four state words (a0, b0, c0, d0), little-endian as MD5 writes them. */
const state = new Int32Array(4);

/** MD5 of the UTF-8 encoding of `text`, left in `state`. */
function digest(text: string): void {
  // Room for 3 bytes per UTF-16 unit, the 0x80 byte, zero padding and the 8-byte length.
  const room = text.length * 3 + 72;
  if (message.length < room) message = new Uint8Array(room * 2);
  const msg = message;
  const len = writeUtf8(text, msg, 0);
  let end = len + 1;
  msg[len] = 0x80;
  while (end % 64 !== 56) msg[end++] = 0;
  // Length in bits, little-endian 64-bit (texts here are far below 2^32 bits).
  const bits = len * 8;
  msg[end] = bits & 0xff;
  msg[end + 1] = (bits >>> 8) & 0xff;
  msg[end + 2] = (bits >>> 16) & 0xff;
  msg[end + 3] = (bits >>> 24) & 0xff;
  msg[end + 4] = 0;
  msg[end + 5] = 0;
  msg[end + 6] = 0;
  msg[end + 7] = 0;
  end += 8;
  let a0 = 0x67452301;
  let b0 = 0xefcdab89 | 0;
  let c0 = 0x98badcfe | 0;
  let d0 = 0x10325476;
  const m = words;
  for (let off = 0; off < end; off += 64) {
    for (let i = 0; i < 16; i++) {
      const j = off + i * 4;
      m[i] = msg[j]! | (msg[j + 1]! << 8) | (msg[j + 2]! << 16) | (msg[j + 3]! << 24);
    }
    let a = a0;
    let b = b0;
    let c = c0;
    let d = d0;
    for (let i = 0; i < 64; i++) {
      const f =
        i < 16
          ? (b & c) | (~b & d)
          : i < 32
            ? (d & b) | (~d & c)
            : i < 48
              ? b ^ c ^ d
              : c ^ (b | ~d);
      const sum = (a + f + K[i]! + m[G[i]!]!) | 0;
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
  state[0] = a0;
  state[1] = b0;
  state[2] = c0;
  state[3] = d0;
}

/** Byte `i` (0–15) of the last digest. */
function digestByte(i: number): number {
  return (state[i >> 2]! >>> (8 * (i & 3))) & 0xff;
}

/** The 16-byte MD5 digest of a string's UTF-8 encoding. */
export function md5Bytes(text: string): number[] {
  digest(text);
  const out: number[] = [];
  for (let i = 0; i < 16; i++) out.push(digestByte(i));
  return out;
}

/** Two lowercase hex digits for each byte value. */
const HEX: readonly string[] = Array.from({ length: 256 }, (_, b) =>
  b.toString(16).padStart(2, '0'),
);

/** MD5 as 32 lowercase hex digits. */
export function md5Hex(text: string): string {
  digest(text);
  let out = '';
  for (let i = 0; i < 16; i++) out += HEX[digestByte(i)]!;
  return out;
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
  digest(key);
  return (
    ((digestByte(12) << 24) | (digestByte(13) << 16) | (digestByte(14) << 8) | digestByte(15)) >>> 1
  );
}

/** A deterministic UUID-shaped id derived from a name (for requestIds and DynamoDB eventIDs). */
export function uuidFrom(name: string): string {
  const h = md5Hex(name);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
