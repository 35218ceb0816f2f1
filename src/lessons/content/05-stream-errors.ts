/**
 * Lesson 5: stream errors — the whole batch is retried and the shard is
 * blocked; retry attempts, maximum record age, bisect, the on-failure
 * destination and what it receives, the partial batch response.
 */
import type { MappingConfig } from '../../engine/types';
import type { RecordDraft, ScenarioDraft } from '../../scenarios/build';
import { blocked, cmp, destinationCondition, q, status } from '../dsl';
import type { Lesson } from '../types';

const FAILURES_QUEUE = 'arn:aws:sqs:us-east-1:123456789012:esm-lab-failures';

/** Three good records and a poison one arrive together; more records follow. */
const RECORDS: readonly RecordDraft[] = [
  { id: 'r1', at: 0.2 },
  { id: 'r2', at: 0.4 },
  { id: 'r3', at: 0.6 },
  { id: 'poison', at: 0.8, failDeliveries: -1 },
  { id: 'after-1', at: 3 },
  { id: 'after-2', at: 5 },
  { id: 'after-3', at: 7 },
  { id: 'after-4', at: 9 },
];

function shard(title: string, mapping: Partial<MappingConfig>, records = RECORDS): ScenarioDraft {
  return {
    format: 1,
    title: `Lesson 5: ${title}`,
    seed: 1,
    durationSeconds: 300,
    source: { type: 'kinesis', ShardCount: 1 },
    mapping: { StartingPosition: 'TRIM_HORIZON', BatchSize: 10, ...mapping },
    function: { durationSeconds: { base: 0.3, perRecord: 0.02 } },
    records,
  };
}

const defaults = shard('a poison record blocks the shard', {});
const retries = shard('retry attempts and a destination', {
  MaximumRetryAttempts: 2,
  DestinationConfig: { OnFailure: { Destination: FAILURES_QUEUE } },
});
const maxAge = shard('maximum record age', { MaximumRecordAgeInSeconds: 60 });
const bisect = shard('split the batch on error', {
  MaximumRetryAttempts: 2,
  BisectBatchOnFunctionError: true,
  DestinationConfig: { OnFailure: { Destination: FAILURES_QUEUE } },
});
/** Eight records that take 0.45 s each: the whole batch runs past the 3-second Timeout. */
const slowBatch: ScenarioDraft = {
  format: 1,
  title: 'Lesson 5: a batch too big for the timeout',
  seed: 1,
  durationSeconds: 120,
  source: { type: 'kinesis', ShardCount: 1 },
  mapping: { StartingPosition: 'TRIM_HORIZON', BatchSize: 10, BisectBatchOnFunctionError: true },
  function: { Timeout: 3, durationSeconds: { base: 0.2, perRecord: 0.45 } },
  records: ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8'].map((id, i) => ({
    id,
    at: 0.1 * (i + 1),
  })),
};
/** The function reports the poison record in batchItemFailures instead of throwing. */
const partial: ScenarioDraft = {
  ...shard(
    'the partial batch response',
    {
      MaximumRetryAttempts: 2,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: FAILURES_QUEUE } },
    },
    [
      { id: 'r1', at: 0.2 },
      { id: 'poison', at: 0.4, failDeliveries: -1 },
      { id: 'r2', at: 0.6 },
      { id: 'r3', at: 0.8 },
      { id: 'after-1', at: 3 },
      { id: 'after-2', at: 5 },
    ],
  ),
  function: {
    failureMode: 'reportBatchItemFailures',
    durationSeconds: { base: 0.3, perRecord: 0.02 },
  },
};

export const streamErrors: Lesson = {
  id: 'stream-errors',
  number: 5,
  title: 'Stream errors: retries, blocking and where failures go',
  short: 'Stream errors',
  summary:
    'A failing batch is retried whole and blocks its shard; retry attempts, record age, bisect, on-failure destinations and partial batch responses get it moving.',
  sources: ['kinesis'],
  steps: [
    {
      title: 'The whole batch is retried',
      scenario: defaults,
      at: 3.5,
      narration:
        'One record in this batch makes the function throw an error. ' +
        'Lambda does not know which record failed, so it retries the whole batch: the three good records have been delivered {d:time} each already. ' +
        'Meanwhile the shard is blocked: to keep order, nothing behind the failing batch is processed.',
      values: { d: q.deliveries('r1') },
      look: ['shard:0'],
      claims: [
        blocked(0),
        cmp(q.deliveries('r1'), '>=', 2),
        cmp(q.deliveries('r1'), '==', q.deliveries('poison')),
        cmp(q.deliveries('after-1'), '==', 0),
        cmp(q.waiting(0), '>=', 1),
      ],
    },
    {
      title: 'Blocked until the record expires',
      scenario: defaults,
      at: 120,
      narration:
        'Two minutes on, the batch has failed {d:time}; {waiting:record} wait behind it. ' +
        'By default MaximumRetryAttempts and MaximumRecordAgeInSeconds are -1: Lambda retries until the record leaves the stream, after {hours} hours here (Kinesis retention goes up to a year).',
      values: { d: q.deliveries('poison'), waiting: q.waiting(0), hours: q.retentionHours() },
      look: ['shard:0'],
      claims: [
        blocked(0),
        cmp(q.setting('MaximumRetryAttempts'), '==', -1),
        cmp(q.setting('MaximumRecordAgeInSeconds'), '==', -1),
        cmp(q.deliveries('poison'), '>=', 6),
        cmp(q.waiting(0), '==', 4),
        cmp(q.retentionHours(), '==', 24),
      ],
    },
    {
      title: 'Limit the retry attempts',
      scenario: retries,
      at: 0.5,
      narration:
        'Same records, now with MaximumRetryAttempts {max} and an SQS queue as the on-failure destination. ' +
        'The batch with the poison record is about to be sent for the first time.',
      values: { max: q.setting('MaximumRetryAttempts') },
      look: ['batches:0', 'destination'],
      claims: [cmp(q.invocations(), '==', 0), cmp(q.setting('MaximumRetryAttempts'), '==', 2)],
      predict: {
        question: 'How often will the poison record be delivered?',
        options: [
          { id: 'two', label: '2 times', claim: cmp(q.deliveries('poison'), '==', 2) },
          { id: 'three', label: '3 times', claim: cmp(q.deliveries('poison'), '==', 3) },
          {
            id: 'forever',
            label: 'Until the record expires',
            claim: cmp(q.deliveries('poison'), '>', 3),
          },
        ],
        runSeconds: 15,
        reveal:
          'The batch was delivered {d:time}: the first attempt plus {max} retries. ' +
          'Then Lambda gave up on it, sent its details to the on-failure destination and unblocked the shard: the records behind it are processed.',
        values: { d: q.deliveries('poison'), max: q.setting('MaximumRetryAttempts') },
        claims: [
          cmp(q.destination(), '==', 1),
          blocked(0, false),
          status('after-1', 'succeeded'),
          status('poison', 'sentToOnFailureDestination'),
        ],
      },
    },
    {
      title: 'What the destination receives',
      scenario: retries,
      at: 20,
      narration:
        'The destination got one invocation record: RetryAttemptsExhausted, approximateInvokeCount {count}, and the shard and sequence numbers of a batch of {size:record}. ' +
        'An SQS or SNS destination gets this metadata only, not the records (S3 gets the batch too). ' +
        'The three good records went with it.',
      values: {
        count: q.destinationInvokeCount(),
        size: q.destinationBatchSize(),
      },
      look: ['destination'],
      claims: [
        cmp(q.destination(), '==', 1),
        destinationCondition('RetryAttemptsExhausted'),
        cmp(q.destinationInvokeCount(), '==', 3),
        cmp(q.destinationBatchSize(), '==', 4),
        status('r1', 'sentToOnFailureDestination'),
        status('r3', 'sentToOnFailureDestination'),
      ],
    },
    {
      title: 'A maximum record age',
      scenario: maxAge,
      at: 75,
      narration:
        'Here MaximumRecordAgeInSeconds is {age}, with no destination. ' +
        'Once the batch’s records were older than that, Lambda discarded them and the shard moved on; after-1, too old by then as well, was discarded without reaching the function. ' +
        'AWS accepts 60 s to 7 days, or -1.',
      values: { age: q.setting('MaximumRecordAgeInSeconds') },
      look: ['discard', 'shard:0'],
      claims: [
        status('poison', 'discarded'),
        status('r1', 'discarded'),
        status('after-1', 'discarded'),
        cmp(q.deliveries('after-1'), '==', 0),
        status('after-4', 'succeeded'),
        blocked(0, false),
        cmp(q.withStatus('discarded'), '==', 5),
      ],
      rules: [
        {
          scenario: shard('record age too short', { MaximumRecordAgeInSeconds: 30 }),
          verdict: 'rejected',
          path: 'mapping.MaximumRecordAgeInSeconds',
        },
        {
          scenario: shard('record age of a week', { MaximumRecordAgeInSeconds: 604800 }),
          verdict: 'valid',
        },
        {
          scenario: shard('record age above a week', { MaximumRecordAgeInSeconds: 604801 }),
          verdict: 'rejected',
          path: 'mapping.MaximumRecordAgeInSeconds',
        },
      ],
    },
    {
      title: 'Split the batch on error',
      scenario: bisect,
      at: 20,
      narration:
        'With BisectBatchOnFunctionError, a failed batch is split in two halves that are retried separately, and again, until the poison record is alone: {splits:split} here. ' +
        'Splits do not use up retry attempts. ' +
        'The three good records succeeded, and only the poison record went to the destination.',
      values: { splits: q.bisects() },
      look: ['destination', 'batches:0'],
      claims: [
        cmp(q.bisects(), '==', 2),
        status('r1', 'succeeded'),
        status('r3', 'succeeded'),
        status('poison', 'sentToOnFailureDestination'),
        cmp(q.destinationBatchSize(), '==', 1),
        cmp(q.deliveries('poison'), '==', 5),
      ],
    },
    {
      title: 'Half a batch beats the timeout',
      scenario: slowBatch,
      at: 12,
      narration:
        'Splitting also helps when a batch is too big to finish in time. ' +
        'These {n:record} take longer together than the function’s {timeout} timeout, so the first invocation timed out; each half finished in time. ' +
        'No record failed: {done:record} succeeded.',
      values: { n: q.recordsPut(), timeout: q.setting('Timeout'), done: q.withStatus('succeeded') },
      look: ['batches:0'],
      claims: [
        cmp(q.failedInvocations(), '==', 1),
        cmp(q.bisects(), '==', 1),
        cmp(q.withStatus('succeeded'), '==', 8),
        cmp(q.batchSize('max'), '==', 8),
        cmp(q.batchSize('last'), '==', 4),
      ],
    },
    {
      title: 'The partial batch response',
      scenario: partial,
      at: 3,
      narration:
        'This function returns batchItemFailures naming the poison record, and ReportBatchItemFailures is on. ' +
        'Lambda checkpoints everything before the lowest failed record: r1 is done. ' +
        'The poison record and all after it are retried: r2 has been delivered {r2:time}.',
      values: { r2: q.deliveries('r2') },
      look: ['shard:0'],
      claims: [
        status('r1', 'succeeded'),
        cmp(q.deliveries('r1'), '==', 1),
        cmp(q.deliveries('r2'), '==', 2),
        cmp(q.deliveries('r3'), '==', 2),
        cmp(q.invocationsContaining('poison'), '==', 2),
        blocked(0),
      ],
    },
  ],
};
