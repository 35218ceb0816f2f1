/**
 * What SQS and Lambda put on the wire: deterministic messageIds, bodies,
 * receipt handles, sequence numbers, and the exact event an invocation receives
 * (esm-semantics.md §8, SQS record shape).
 */
import { REGION, SQS_FIFO_QUEUE_ARN, SQS_QUEUE_ARN, unixMillis } from '../aws';
import type { QInvocation, QMessage } from './state';
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

/** The message's body text. */
export function bodyOf(m: Pick<QMessage, 'id' | 'body'>): string {
  return m.body ?? generatedBody(m.id);
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

/** A message's `attributes` map: string values, millisecond timestamps, FIFO fields on FIFO queues. */
function attributesOf(m: QMessage, receiveCount: number, fifo: boolean): Record<string, string> {
  const attributes: Record<string, string> = {
    ApproximateReceiveCount: String(receiveCount),
    SentTimestamp: String(unixMillis(m.sentAt)),
    SenderId: SENDER_ID,
    ApproximateFirstReceiveTimestamp: String(unixMillis(m.firstReceiveAt ?? m.sentAt)),
  };
  if (fifo) {
    attributes['SequenceNumber'] = m.sequenceNumber;
    attributes['MessageGroupId'] = m.key;
    attributes['MessageDeduplicationId'] = m.dedupId;
  }
  return attributes;
}

/** One SQS record of a Lambda event, exactly as AWS shapes it (string values, ms timestamps). */
export function sqsEventRecord(
  m: QMessage,
  receiveCount: number,
  fifo: boolean,
): Record<string, unknown> {
  const body = bodyOf(m);
  const attributes = attributesOf(m, receiveCount, fifo);
  return {
    messageId: m.messageId,
    receiptHandle: receiptHandleFor(m.messageId, receiveCount),
    body,
    attributes,
    messageAttributes: {},
    md5OfBody: md5Hex(body),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn(fifo),
    awsRegion: REGION,
  };
}

/** The event invocation `inv` received: `{ Records: [...] }`. */
export function invocationPayload(inv: QInvocation, fifo: boolean): { Records: unknown[] } {
  return {
    Records: inv.messages.map((m, i) => sqsEventRecord(m, inv.receipts[i] ?? m.receiveCount, fifo)),
  };
}

/** What FilterCriteria patterns see for an SQS message (AWS filters on the body and attributes). */
export function filterableRecord(m: QMessage, fifo: boolean): Record<string, unknown> {
  return {
    messageId: m.messageId,
    body: bodyOf(m),
    attributes: attributesOf(m, m.receiveCount, fifo),
    messageAttributes: {},
  };
}
