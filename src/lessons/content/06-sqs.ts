/**
 * Lesson 6: SQS — long polling, batch size (up to 10,000 with a window; the
 * lecture's 10 is the old limit), the visibility timeout and why AWS asks for
 * 6 × the function timeout, redelivery and the receive count.
 */
import type { ScenarioDraft } from '../../scenarios/build';
import { anyTrigger, cmp, messageInFlight, q, status } from '../dsl';
import type { Lesson } from '../types';

/** A quiet standard queue: four messages a second and a half apart. */
const quiet: ScenarioDraft = {
  format: 1,
  title: 'Lesson 6: pollers on a standard queue',
  seed: 1,
  durationSeconds: 60,
  source: { type: 'sqs' },
  function: { durationSeconds: { base: 1 } },
  records: [
    { id: 'm1', at: 1 },
    { id: 'm2', at: 2.5 },
    { id: 'm3', at: 4 },
    { id: 'm4', at: 5.5 },
  ],
};

/** BatchSize 100 with a 2-second window, 60 messages a second. */
function bigBatches(batchSize: number, window: number | null): ScenarioDraft {
  return {
    format: 1,
    title: `Lesson 6: BatchSize ${batchSize}`,
    seed: 1,
    durationSeconds: 60,
    source: { type: 'sqs' },
    mapping:
      window === null
        ? { BatchSize: batchSize }
        : { BatchSize: batchSize, MaximumBatchingWindowInSeconds: window },
    function: { durationSeconds: { base: 1 } },
    producers: [{ ratePerSecond: 60, from: 0, until: 30 }],
  };
}
const batch100 = bigBatches(100, 2);

/** The recommended setting: VisibilityTimeout 30 s = 6 × a 5-second function Timeout. */
const visibility: ScenarioDraft = {
  format: 1,
  title: 'Lesson 6: the visibility timeout',
  seed: 1,
  durationSeconds: 60,
  source: { type: 'sqs', VisibilityTimeout: 30 },
  function: { Timeout: 5, durationSeconds: { base: 4 } },
  records: [{ id: 'm1', at: 1 }],
};

/** Too short: the visibility timeout equals the Timeout, and a 4-second window comes first. */
const tooShort: ScenarioDraft = {
  format: 1,
  title: 'Lesson 6: a visibility timeout that is too short',
  seed: 1,
  durationSeconds: 60,
  source: { type: 'sqs', VisibilityTimeout: 5 },
  mapping: { BatchSize: 20, MaximumBatchingWindowInSeconds: 4 },
  function: { Timeout: 5, durationSeconds: { base: 3 } },
  producers: [{ ratePerSecond: 2, from: 0, until: 30 }],
};

/** m3 makes the function throw every time; the queue has no dead-letter queue. */
const redelivery: ScenarioDraft = {
  format: 1,
  title: 'Lesson 6: redelivery and the receive count',
  seed: 1,
  durationSeconds: 120,
  source: { type: 'sqs', VisibilityTimeout: 10 },
  records: [
    { id: 'm1', at: 1 },
    { id: 'm2', at: 2 },
    { id: 'm3', at: 3, failDeliveries: -1 },
    { id: 'm4', at: 4 },
  ],
};

export const sqs: Lesson = {
  id: 'sqs',
  number: 6,
  title: 'SQS: long polling, batches and the visibility timeout',
  short: 'SQS',
  summary:
    'Pollers long-poll the queue; batches reach 10,000 messages with a window; in-flight messages hide for the visibility timeout and come back if not deleted.',
  sources: ['sqs'],
  steps: [
    {
      title: 'Pollers wait on the queue',
      scenario: quiet,
      at: 2.7,
      narration:
        'An SQS mapping starts with {pollers:poller}, each keeping a long poll open on the queue instead of asking again and again. ' +
        'So a message is received the moment it arrives: m2 was sent at t = 2.5 s and reached the function at that same instant.',
      values: { pollers: q.fleetSize() },
      look: ['pollers', 'inflight'],
      claims: [
        cmp(q.fleetSize(), '==', 5),
        cmp(q.firstDeliveryDelay('m1'), '==', 0),
        cmp(q.firstDeliveryDelay('m2'), '==', 0),
        messageInFlight('m2'),
      ],
    },
    {
      title: 'Batches bigger than 10',
      scenario: batch100,
      at: 2.5,
      narration:
        'The lecture’s 1 to 10 messages per batch was the limit until late 2020. ' +
        'A standard queue now takes BatchSize up to 10,000, with a batch window of at least 1 s above 10; FIFO still stops at 10. ' +
        'Here BatchSize {size} and a {window} window gave a batch of {first:message}.',
      values: {
        size: q.setting('BatchSize'),
        window: q.setting('MaximumBatchingWindowInSeconds'),
        first: q.batchSize('max'),
      },
      look: ['function', 'inflight'],
      claims: [cmp(q.batchSize('max'), '==', 100), anyTrigger('batchFull')],
      rules: [
        {
          scenario: bigBatches(100, null),
          verdict: 'rejected',
          path: 'mapping.BatchSize',
          quote:
            'Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10',
        },
        { scenario: bigBatches(10000, 1), verdict: 'valid' },
        { scenario: bigBatches(10001, 1), verdict: 'rejected', path: 'mapping.BatchSize' },
        {
          scenario: {
            ...bigBatches(11, null),
            source: { type: 'sqs-fifo', ContentBasedDeduplication: true },
          },
          verdict: 'rejected',
          path: 'mapping.BatchSize',
        },
      ],
    },
    {
      title: 'In flight, hidden for a while',
      scenario: visibility,
      at: 3,
      narration:
        'While the function works on m1, the message is in flight: hidden for the queue’s visibility timeout ({vt}). ' +
        'Unless Lambda deletes it first, it becomes visible again in {left}. ' +
        'AWS asks for at least 6 times the function timeout: {vt} for a {timeout} timeout here.',
      values: {
        vt: q.setting('VisibilityTimeout'),
        left: q.visibleIn('m1'),
        timeout: q.setting('Timeout'),
      },
      look: ['inflight'],
      claims: [
        messageInFlight('m1'),
        cmp(q.visibleIn('m1'), '==', 28),
        cmp(q.ratio(q.setting('VisibilityTimeout'), q.setting('Timeout')), '==', 6),
      ],
    },
    {
      title: 'Why six times the timeout',
      scenario: tooShort,
      at: 4.5,
      narration:
        'This queue’s visibility timeout is only {vt}, the same as the function’s Timeout, which Lambda accepts. ' +
        'The mapping gathered messages for a {window} batch window, then invoked the function with them.',
      values: {
        vt: q.setting('VisibilityTimeout'),
        window: q.setting('MaximumBatchingWindowInSeconds'),
      },
      look: ['inflight', 'function'],
      claims: [
        cmp(q.setting('VisibilityTimeout'), '==', q.setting('Timeout')),
        cmp(q.invocations(), '==', 1),
        cmp(q.concurrency(), '==', 1),
      ],
      predict: {
        question: 'What happens to the first messages of this batch?',
        options: [
          {
            id: 'hidden',
            label: 'They stay hidden',
            claim: cmp(q.duplicates('since'), '==', 0),
          },
          {
            id: 'twice',
            label: 'A second invocation gets them',
            claim: cmp(q.duplicates('since'), '>', 0),
          },
        ],
        runSeconds: 4,
        reveal:
          '{dup:message} became visible again while the first invocation still ran and were delivered a second time. ' +
          'The timer starts when a message is received, so the window counts too: allow 6 × the function timeout, plus the batch window.',
        values: { dup: q.duplicates('since') },
        claims: [cmp(q.duplicates('since'), '>=', 1), cmp(q.failedInvocations(), '==', 0)],
      },
    },
    {
      title: 'Redelivery and the receive count',
      scenario: redelivery,
      at: 26,
      follow: 'm3',
      narration:
        'm3 makes the function throw, so Lambda never deletes it. ' +
        'Each time its visibility timeout ({vt}) ends, it is received again: its ApproximateReceiveCount is now {rc}. ' +
        'With no dead-letter queue it keeps coming back until the queue’s retention ends ({days} days).',
      values: {
        vt: q.setting('VisibilityTimeout'),
        rc: q.receiveCount('m3'),
        days: q.ratio(q.setting('MessageRetentionPeriod'), 86400),
      },
      look: ['queue'],
      claims: [
        cmp(q.receiveCount('m3'), '==', 3),
        status('m3', 'pending'),
        status('m4', 'succeeded'),
        cmp(q.dlq(), '==', 0),
        cmp(q.ratio(q.setting('MessageRetentionPeriod'), 86400), '==', 4),
      ],
    },
  ],
};
