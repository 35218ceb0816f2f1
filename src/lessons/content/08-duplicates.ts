/** Lesson 8: duplicates — at-least-once delivery, and why handlers must be idempotent. */
import type { ScenarioDraft } from '../../scenarios/build';
import { cmp, q, status } from '../dsl';
import type { Lesson } from '../types';

/** A healthy standard queue: nothing fails, but SQS occasionally hands a message out twice. */
const atLeastOnce: ScenarioDraft = {
  format: 1,
  title: 'Lesson 8: at-least-once delivery',
  seed: 1,
  durationSeconds: 120,
  source: { type: 'sqs', duplicateDeliveryRate: 0.05 },
  function: { durationSeconds: { base: 0.5 } },
  producers: [{ ratePerSecond: 4, from: 0, until: 60 }],
};

/** A stream batch with a poison record, split on error: the good records are delivered again. */
const retried: ScenarioDraft = {
  format: 1,
  title: 'Lesson 8: retries deliver records again',
  seed: 1,
  durationSeconds: 120,
  source: { type: 'kinesis', ShardCount: 1 },
  mapping: {
    StartingPosition: 'TRIM_HORIZON',
    BatchSize: 10,
    MaximumRetryAttempts: 2,
    BisectBatchOnFunctionError: true,
  },
  function: { durationSeconds: { base: 0.3, perRecord: 0.02 } },
  records: [
    { id: 'r1', at: 0.2 },
    { id: 'r2', at: 0.4 },
    { id: 'r3', at: 0.6 },
    { id: 'poison', at: 0.8, failDeliveries: -1 },
  ],
};

export const duplicates: Lesson = {
  id: 'duplicates',
  number: 8,
  title: 'Duplicates: at-least-once delivery',
  short: 'Duplicates',
  summary:
    'A mapping may hand your function the same record twice, with or without errors: handlers must be idempotent.',
  sources: ['sqs', 'kinesis'],
  steps: [
    {
      title: 'Nothing fails here',
      scenario: atLeastOnce,
      at: 1,
      narration:
        'This standard queue receives 4 messages a second, and the function never fails. ' +
        'So far no message has reached the function more than once.',
      look: ['queue', 'function'],
      claims: [
        cmp(q.failedInvocations(), '==', 0),
        cmp(q.duplicates(), '==', 0),
        cmp(q.recordsPut(), '==', 5),
      ],
      predict: {
        question: 'In the next 30 s, will any message arrive twice?',
        options: [
          {
            id: 'no',
            label: 'No: nothing fails',
            claim: cmp(q.duplicates('since'), '==', 0),
          },
          { id: 'yes', label: 'Yes, some will', claim: cmp(q.duplicates('since'), '>', 0) },
        ],
        runSeconds: 30,
        reveal:
          '{dup:message} reached the function twice, and not one invocation failed. ' +
          'SQS standard queues, and event source mappings in general, deliver at least once: now and then the same message goes out twice.',
        values: { dup: q.duplicates('since') },
        claims: [cmp(q.duplicates('since'), '>=', 1), cmp(q.failedInvocations(), '==', 0)],
      },
    },
    {
      title: 'The same message, twice',
      scenario: atLeastOnce,
      at: 8,
      follow: 'p0-27',
      narration:
        'Message p0-27 was handed to {n:invocation}, and both succeeded. ' +
        'If your handler charged a card for it, the card was charged twice.',
      values: { n: q.invocationsContaining('p0-27') },
      look: ['function'],
      claims: [
        cmp(q.deliveries('p0-27'), '==', 2),
        status('p0-27', 'succeeded'),
        cmp(q.failedInvocations(), '==', 0),
      ],
    },
    {
      title: 'Retries repeat good records',
      scenario: retried,
      at: 6,
      narration:
        'Errors cause duplicates too. ' +
        'In this stream batch one record always fails; while Lambda split the batch to find it, r1 reached the function {d:time} and succeeded both times. ' +
        'On SQS, a thrown error returns a whole batch, processed messages included, in the same way.',
      values: { d: q.deliveries('r1') },
      look: ['batches:0'],
      claims: [
        cmp(q.deliveries('r1'), '==', 2),
        status('r1', 'succeeded'),
        cmp(q.bisects(), '>=', 1),
      ],
    },
    {
      title: 'Make the handler idempotent',
      scenario: atLeastOnce,
      at: 40,
      narration:
        'So far {dup:message} reached the function twice in this healthy run. ' +
        'Write handlers so that a second delivery changes nothing: remember the messageId (or the stream record’s sequence number) of what you processed, for example with a conditional write, and skip what you have already seen.',
      values: { dup: q.duplicates() },
      look: ['function'],
      claims: [cmp(q.duplicates(), '>=', 3), cmp(q.failedInvocations(), '==', 0)],
    },
  ],
};
