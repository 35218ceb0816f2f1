/** One event of every kind, for the log's tests (the Record type keeps it complete). */
import { asRecordId, asShardId, type SimEvent, type SimEventKind } from '../../engine/types';

const S0 = asShardId('shardId-000000000000');
const S1 = asShardId('shardId-000000000001');
const ids = (...xs: string[]) => xs.map(asRecordId);

type Of<K extends SimEventKind> = Extract<SimEvent, { kind: K }>;

/** Every kind, keyed by kind. */
export const ONE_OF_EACH: { readonly [K in SimEventKind]: Of<K> } = {
  recordPut: {
    t: 0,
    seq: 1,
    kind: 'recordPut',
    recordId: asRecordId('r0'),
    key: 'user-1',
    shardId: S0,
    sequenceNumber: '0001',
  },
  poll: { t: 1, seq: 2, kind: 'poll', shardId: S0, polled: 3 },
  batchSent: {
    t: 1,
    seq: 3,
    kind: 'batchSent',
    invocation: 1,
    shardId: S0,
    slot: 0,
    recordIds: ids('r0', 'r1', 'r2', 'r3', 'r4', 'r5'),
    trigger: 'batchFull',
    attempt: 0,
  },
  invocationResult: {
    t: 1.2,
    seq: 4,
    kind: 'invocationResult',
    invocation: 1,
    shardId: S0,
    result: 'functionError',
    recordIds: ids('r0', 'r1'),
    reportedFailures: [],
  },
  retryScheduled: {
    t: 1.2,
    seq: 5,
    kind: 'retryScheduled',
    shardId: S0,
    recordIds: ids('r0', 'r1'),
    attempt: 1,
    maxAttempts: 2,
    retryAt: 2.25,
    reason: 'functionError',
  },
  bisect: { t: 1.2, seq: 6, kind: 'bisect', shardId: S0, left: ids('r0'), right: ids('r1') },
  checkpoint: {
    t: 3,
    seq: 7,
    kind: 'checkpoint',
    shardId: S0,
    slot: 0,
    sequenceNumber: '0002',
    recordId: asRecordId('r1'),
  },
  shardBlocked: {
    t: 1.2,
    seq: 8,
    kind: 'shardBlocked',
    shardId: S1,
    slot: 0,
    recordIds: ids('r7'),
  },
  shardUnblocked: { t: 9, seq: 9, kind: 'shardUnblocked', shardId: S1, slot: 0 },
  onFailureDestination: {
    t: 9,
    seq: 10,
    kind: 'onFailureDestination',
    shardId: S1,
    condition: 'RetryAttemptsExhausted',
    destinationKind: 'sqs',
    recordIds: ids('r7'),
  },
  discarded: {
    t: 9,
    seq: 11,
    kind: 'discarded',
    shardId: S1,
    condition: 'RecordAgeExceeded',
    recordIds: ids('r8', 'r9'),
  },
  expired: { t: 10, seq: 12, kind: 'expired', recordIds: ids('r10') },
  filtered: { t: 10, seq: 13, kind: 'filtered', recordIds: ids('r11') },
  deduplicated: {
    t: 11,
    seq: 14,
    kind: 'deduplicated',
    recordId: asRecordId('m2'),
    duplicateOf: asRecordId('m1'),
  },
  messagesDeleted: { t: 12, seq: 15, kind: 'messagesDeleted', recordIds: ids('m1', 'm3') },
  visibilityTimeoutExpired: {
    t: 13,
    seq: 16,
    kind: 'visibilityTimeoutExpired',
    recordIds: ids('m4'),
  },
  movedToDlq: { t: 14, seq: 17, kind: 'movedToDlq', recordId: asRecordId('m4'), receiveCount: 3 },
  duplicateDelivery: {
    t: 15,
    seq: 18,
    kind: 'duplicateDelivery',
    recordId: asRecordId('m5'),
    invocation: 9,
    cause: 'visibilityTimeout',
  },
  scaling: { t: 16, seq: 19, kind: 'scaling', from: 5, to: 10, reason: 'backlog' },
  windowClosed: {
    t: 30,
    seq: 20,
    kind: 'windowClosed',
    shardId: S0,
    windowStart: 0,
    windowEnd: 30,
  },
  edit: {
    t: 31,
    seq: 21,
    kind: 'edit',
    description: 'BatchSize 100 → 10',
    action: { at: 31, mapping: { BatchSize: 10 } },
  },
  mappingDisabled: { t: 32, seq: 22, kind: 'mappingDisabled' },
  mappingEnabled: { t: 33, seq: 23, kind: 'mappingEnabled' },
};

/** The same events as a time-ordered log. */
export const ALL_EVENTS: readonly SimEvent[] = Object.values(ONE_OF_EACH).sort(
  (a, b) => a.seq - b.seq,
);
