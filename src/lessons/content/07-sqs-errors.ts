/**
 * Lesson 7: SQS errors — the DLQ belongs to the queue, a thrown error returns
 * the whole batch, partial batch responses return only the failed messages.
 */
import type { MappingConfig } from '../../engine/types';
import type { RecordDraft, ScenarioDraft } from '../../scenarios/build';
import { all, cmp, q, reportBatchItemFailures, status } from '../dsl';
import type { Lesson } from '../types';

/** A queue with a redrive policy: after 3 receives SQS moves a message to the DLQ. */
function queue(
  title: string,
  records: readonly RecordDraft[],
  mapping: Partial<MappingConfig> = {},
  failureMode: 'throw' | 'reportBatchItemFailures' = 'throw',
): ScenarioDraft {
  return {
    format: 1,
    title: `Lesson 7: ${title}`,
    seed: 1,
    durationSeconds: 120,
    source: { type: 'sqs', VisibilityTimeout: 10, RedrivePolicy: { maxReceiveCount: 3 } },
    mapping,
    function: { failureMode },
    records,
  };
}

/** The poison message arrives on its own, between good ones. */
const alone = queue('the dead-letter queue', [
  { id: 'm1', at: 1 },
  { id: 'm2', at: 2 },
  { id: 'poison', at: 3, failDeliveries: -1 },
  { id: 'm3', at: 4 },
]);
/** Five messages sent together: they travel in one batch. */
const TOGETHER: readonly RecordDraft[] = [
  { id: 'm1', at: 2 },
  { id: 'm2', at: 2 },
  { id: 'm3', at: 2 },
  { id: 'm4', at: 2 },
  { id: 'poison', at: 2, failDeliveries: -1 },
];
const thrown = queue('a thrown error returns the whole batch', TOGETHER);
const partial = queue(
  'partial batch responses',
  TOGETHER,
  { FunctionResponseTypes: ['ReportBatchItemFailures'] },
  'reportBatchItemFailures',
);
const ignored = queue('a response Lambda ignores', TOGETHER, {}, 'reportBatchItemFailures');

export const sqsErrors: Lesson = {
  id: 'sqs-errors',
  number: 7,
  title: 'SQS errors: the DLQ and partial batch responses',
  short: 'SQS errors',
  summary:
    'The dead-letter queue belongs to the queue; a thrown error returns the whole batch; a partial batch response returns only the failed messages.',
  sources: ['sqs'],
  steps: [
    {
      title: 'The DLQ belongs to the queue',
      scenario: alone,
      at: 3.5,
      narration:
        'The message called poison makes the function throw. ' +
        'This queue’s redrive policy moves a message to its dead-letter queue after {max} receives: it is set on the queue, not on the function.',
      values: { max: q.setting('maxReceiveCount') },
      look: ['dlq', 'inflight'],
      claims: [
        cmp(q.setting('maxReceiveCount'), '==', 3),
        cmp(q.failedInvocations(), '==', 1),
        cmp(q.dlq(), '==', 0),
      ],
      predict: {
        question: 'Where will poison be 40 s from now?',
        options: [
          {
            id: 'dlq',
            label: 'In the queue’s DLQ',
            claim: status('poison', 'movedToDlq'),
          },
          {
            id: 'back',
            label: 'Back in the queue, again',
            claim: status('poison', 'pending'),
          },
          {
            id: 'deleted',
            label: 'Deleted, as if processed',
            claim: status('poison', 'succeeded'),
          },
        ],
        runSeconds: 40,
        reveal:
          'SQS moved it to the dead-letter queue once it had been received {rc} times without being deleted. ' +
          'A DLQ on the function would have caught nothing: it only serves asynchronous invocations, and a mapping invokes synchronously.',
        values: { rc: q.dlqReceiveCount('poison') },
        claims: [
          cmp(q.dlqReceiveCount('poison'), '==', q.setting('maxReceiveCount')),
          cmp(q.dlq(), '==', 1),
        ],
      },
    },
    {
      title: 'A thrown error returns the whole batch',
      scenario: thrown,
      at: 13,
      narration:
        'These five messages travel in one batch; poison makes the function throw, so Lambda deletes none of them. ' +
        'All five came back: m1, handled fine {d:time}, has receive count {rc} of {max}.',
      values: {
        d: q.deliveries('m1'),
        rc: q.receiveCount('m1'),
        max: q.setting('maxReceiveCount'),
      },
      look: ['queue'],
      claims: [
        cmp(q.deliveries('m1'), '==', 2),
        cmp(q.receiveCount('m1'), '==', 2),
        cmp(q.receiveCount('m4'), '==', 2),
        cmp(q.failedInvocations(), '==', 2),
      ],
      predict: {
        question: 'Where will m1 be in 25 s?',
        options: [
          { id: 'deleted', label: 'Deleted: it was processed', claim: status('m1', 'succeeded') },
          { id: 'dlq', label: 'In the dead-letter queue', claim: status('m1', 'movedToDlq') },
          { id: 'queue', label: 'Back in the queue', claim: status('m1', 'pending') },
        ],
        runSeconds: 25,
        reveal:
          'All {n:message} ended in the dead-letter queue: four good ones only because they shared every batch with poison. ' +
          'A thrown error fails the whole batch, however many messages in it were fine.',
        values: { n: q.dlq() },
        claims: [cmp(q.dlq(), '==', 5), status('m1', 'movedToDlq')],
      },
    },
    {
      title: 'Report only the failed messages',
      scenario: partial,
      at: 35,
      narration:
        'Same five messages; now the function returns batchItemFailures listing only poison, and the mapping has ReportBatchItemFailures on. ' +
        'Lambda deleted m1 to m4 after one delivery; only poison came back, and it alone reached the dead-letter queue.',
      look: ['dlq', 'queue'],
      claims: [
        status('m1', 'succeeded'),
        status('m4', 'succeeded'),
        cmp(q.deliveries('m1'), '==', 1),
        status('poison', 'movedToDlq'),
        cmp(q.dlq(), '==', 1),
        reportBatchItemFailures(),
      ],
    },
    {
      title: 'A response Lambda ignores',
      scenario: ignored,
      at: 1.5,
      narration:
        'This function also returns batchItemFailures listing poison. ' +
        'But the mapping’s FunctionResponseTypes is empty: nobody turned ReportBatchItemFailures on.',
      look: ['queue', 'dlq'],
      claims: [
        cmp(q.invocations(), '==', 0),
        cmp(q.recordsPut(), '==', 0),
        reportBatchItemFailures(false),
      ],
      predict: {
        question: 'What happens to poison once the batch is sent?',
        options: [
          {
            id: 'back',
            label: 'Only poison returns',
            claim: all(status('poison', 'pending'), status('m1', 'succeeded')),
          },
          {
            id: 'all-back',
            label: 'The whole batch returns',
            claim: all(status('poison', 'pending'), status('m1', 'pending')),
          },
          {
            id: 'deleted',
            label: 'Deleted with the others',
            claim: status('poison', 'succeeded'),
          },
        ],
        runSeconds: 5,
        reveal:
          'Without ReportBatchItemFailures, Lambda ignores the list and treats the invocation as a success: it deleted all {n:message}, poison included. ' +
          'Turn the setting on wherever your function returns batchItemFailures.',
        values: { n: q.withStatus('succeeded') },
        claims: [status('poison', 'succeeded'), cmp(q.withStatus('succeeded'), '==', 5)],
      },
    },
  ],
};
