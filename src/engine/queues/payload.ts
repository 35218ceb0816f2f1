/**
 * What SQS and Lambda put on the wire: deterministic messageIds, bodies,
 * receipt handles, sequence numbers, and the exact event an invocation receives
 * (esm-semantics.md §8, SQS record shape).
 */
import { REGION, SQS_FIFO_QUEUE_ARN, SQS_QUEUE_ARN, unixMillis } from '../aws';
import { idOf, keyOf, type QState } from './state';
import type { Entry } from './history';
import { md5Hex } from '../md5';

/** The SenderId in every message's attributes (the simulated producer's IAM user id). */
export const SENDER_ID = 'AIDAIENQZJOLO23YVJ4VO';
/** SQS and Lambda metadata counted per message toward the 6 MB payload cap (attributes, receipt handle, ARNs). */
export const MESSAGE_OVERHEAD_BYTES = 800;

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A well-mixed 32-bit hash of (a, b): the murmur3 finaliser over a combined word. */
function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function hex32(w: number): string {
  return HEX[w >>> 24]! + HEX[(w >>> 16) & 255]! + HEX[(w >>> 8) & 255]! + HEX[w & 255]!;
}

const HEX_DIGITS = '0123456789abcdef';
/** Character codes of one messageId, reused: each id is then built as one flat string. */
const ID_CODES: number[] = new Array<number>(36).fill(0x2d);

/** Writes the low `digits` hex digits of w into ID_CODES from position `at`. */
function putHex(w: number, digits: number, at: number): void {
  for (let i = digits - 1; i >= 0; i--) {
    ID_CODES[at + i] = HEX_DIGITS.charCodeAt(w & 15);
    w >>>= 4;
  }
}

/**
 * The messageId of the idx-th message sent: UUID-shaped (version 4 layout),
 * a hash of (seed, idx) so it costs no RNG draw and never changes a run.
 * Built from character codes, not by concatenation: concatenating leaves a
 * rope of a dozen string pieces alive per message, which the collector walks.
 */
export function messageIdFor(seed: number, idx: number): string {
  const a = mix(seed, idx * 4);
  const b = mix(seed, idx * 4 + 1);
  const c = mix(seed, idx * 4 + 2);
  const d = mix(seed, idx * 4 + 3);
  // Version 4 nibble in b, RFC 4122 variant bits in c.
  const b4 = ((b & 0xffff0fff) | 0x4000) >>> 0;
  const c4 = ((c & 0x3fffffff) | 0x80000000) >>> 0;
  // aaaaaaaa-bbbb-bbbb-cccc-ccccdddddddd (dashes at 8, 13, 18, 23 stay in place).
  putHex(a, 8, 0);
  putHex(b4 >>> 16, 4, 9);
  putHex(b4 & 0xffff, 4, 14);
  putHex(c4 >>> 16, 4, 19);
  putHex(c4 & 0xffff, 4, 24);
  putHex(d, 8, 28);
  return String.fromCharCode.apply(null, ID_CODES);
}

/** A FIFO SequenceNumber: increasing, 20 decimal digits as SQS shows them. */
export function sequenceNumberFor(n: number): string {
  return `1${String(n).padStart(19, '0')}`;
}

/** The body a record without one carries: a small JSON document naming it. */
export function generatedBody(id: string): string {
  return JSON.stringify({ recordId: id });
}

/** Row r's body text. */
export function bodyOfRow(s: QState, r: number): string {
  return s.m.bodies.get(r) ?? generatedBody(idOf(s, r));
}

/** A receipt handle for one receive of a message (differs per receive, as in SQS). */
export function receiptHandleFor(messageId: string, receiveCount: number): string {
  const words = messageId.replace(/-/g, '');
  let h = 0;
  for (let i = 0; i < words.length; i++) h = mix(h, words.charCodeAt(i));
  return `AQEB${words}${hex32(mix(h, receiveCount))}${hex32(mix(receiveCount, h))}`;
}

/** The queue's ARN for eventSourceARN. */
export const queueArn = (fifo: boolean): string => (fifo ? SQS_FIFO_QUEUE_ARN : SQS_QUEUE_ARN);

/** Row r's messageId (computed from its put order: nothing stored). */
export const messageIdOf = (s: QState, r: number): string =>
  messageIdFor(s.scenario.seed, s.m.idx[r]!);

/** Row r's FIFO SequenceNumber ('' on standard queues). */
export const sequenceOf = (s: QState, r: number): string =>
  s.m.seqNo[r]! > 0 ? sequenceNumberFor(s.m.seqNo[r]!) : '';

/** Row r's FIFO deduplication id ('' on standard queues). */
export function dedupIdOf(s: QState, r: number): string {
  if (!s.fifo) return '';
  return s.m.dedupIds.get(r) ?? idOf(s, r);
}

/** A message's `attributes` map: string values, millisecond timestamps, FIFO fields on FIFO queues. */
function attributesOf(s: QState, r: number, receiveCount: number): Record<string, string> {
  const m = s.m;
  const first = m.firstReceiveAt[r]!;
  const attributes: Record<string, string> = {
    ApproximateReceiveCount: String(receiveCount),
    SentTimestamp: String(unixMillis(m.sentAt[r]!)),
    SenderId: SENDER_ID,
    ApproximateFirstReceiveTimestamp: String(
      unixMillis(Number.isNaN(first) ? m.sentAt[r]! : first),
    ),
  };
  if (s.fifo) {
    attributes['SequenceNumber'] = sequenceOf(s, r);
    attributes['MessageGroupId'] = keyOf(s, r);
    attributes['MessageDeduplicationId'] = dedupIdOf(s, r);
  }
  return attributes;
}

/** One SQS record of a Lambda event, exactly as AWS shapes it (string values, ms timestamps). */
export function sqsEventRecord(
  s: QState,
  r: number,
  receiveCount: number,
): Record<string, unknown> {
  const body = bodyOfRow(s, r);
  const messageId = messageIdOf(s, r);
  return {
    messageId,
    receiptHandle: receiptHandleFor(messageId, receiveCount),
    body,
    attributes: attributesOf(s, r, receiveCount),
    messageAttributes: {},
    md5OfBody: md5Hex(body),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn(s.fifo),
    awsRegion: REGION,
  };
}

/** The event invocation n received: `{ Records: [...] }` (its entry must be stored). */
export function invocationPayload(s: QState, e: Entry): { Records: unknown[] } {
  const h = s.history;
  const records: unknown[] = [];
  for (let j = 0; j < e.len; j++) {
    const r = h.pool[e.p + j]!;
    records.push(sqsEventRecord(s, r, h.receipts[e.p + j]!));
  }
  return { Records: records };
}

/** What FilterCriteria patterns see for an SQS message (AWS filters on the body and attributes). */
export function filterableRecord(s: QState, r: number): Record<string, unknown> {
  return {
    messageId: messageIdOf(s, r),
    body: bodyOfRow(s, r),
    attributes: attributesOf(s, r, s.m.receives[r]!),
    messageAttributes: {},
  };
}
