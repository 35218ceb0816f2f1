/** Lesson 1: what an event source mapping is — Lambda polls, builds a batch, invokes synchronously. */
import type { ScenarioDraft } from '../../scenarios/build';
import { cmp, deliveredTogether, q, recordState, status } from '../dsl';
import type { Lesson } from '../types';

/** One shard, four records before the first poll, five more a little later. */
const stream: ScenarioDraft = {
  format: 1,
  title: 'Lesson 1: Lambda polls a stream',
  seed: 1,
  durationSeconds: 30,
  source: { type: 'kinesis', ShardCount: 1 },
  mapping: { StartingPosition: 'TRIM_HORIZON', BatchSize: 10 },
  // About a second per invocation, so the batch is seen running.
  function: { durationSeconds: { base: 0.8, perRecord: 0.05 } },
  records: [
    { id: 'r1', at: 0.2 },
    { id: 'r2', at: 0.4 },
    { id: 'r3', at: 0.6 },
    { id: 'r4', at: 0.8 },
    { id: 'r5', at: 3.1 },
    { id: 'r6', at: 3.2 },
    { id: 'r7', at: 3.3 },
    { id: 'r8', at: 3.4 },
    { id: 'r9', at: 3.5 },
  ],
};

/** A standard queue: seven messages sent at once. */
const queue: ScenarioDraft = {
  format: 1,
  title: 'Lesson 1: Lambda polls a queue',
  seed: 1,
  durationSeconds: 30,
  source: { type: 'sqs' },
  function: { durationSeconds: { base: 0.8, perRecord: 0.05 } },
  records: ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'].map((id) => ({ id, at: 0.5 })),
};

export const whatIsAnEsm: Lesson = {
  id: 'what-is-an-esm',
  number: 1,
  title: 'What an event source mapping is',
  short: 'What an ESM is',
  summary: 'Lambda polls the source, builds a batch and invokes your function synchronously.',
  sources: ['kinesis', 'sqs'],
  steps: [
    {
      title: 'Records wait in the stream',
      scenario: stream,
      at: 0.9,
      narration:
        'The Kinesis shard now holds {put:record}, and the function has not been invoked yet. ' +
        'Kinesis never pushes records to Lambda. ' +
        'Lambda runs an event source mapping for you, and the mapping has to poll the shard for records.',
      values: { put: q.recordsPut() },
      look: ['shard:0'],
      claims: [
        cmp(q.waiting(0), '==', q.recordsPut()),
        cmp(q.invocations(), '==', 0),
        cmp(q.polls(), '==', 0),
      ],
    },
    {
      title: 'A poll becomes a batch',
      scenario: stream,
      at: 1.4,
      narration:
        'The mapping polled the shard and got {batch:record} in one response. ' +
        'It put them in one batch and invoked the function synchronously with it. ' +
        'The invocation is still running, and the mapping waits for its result before it reads the shard again.',
      values: { batch: q.batchSize('last') },
      look: ['batches:0'],
      claims: [
        cmp(q.invocations(), '==', 1),
        cmp(q.concurrency(), '==', 1),
        deliveredTogether('r1', 'r2', 'r3', 'r4'),
        recordState('r4', 'inFlight'),
        cmp(q.polls(), '==', 1),
      ],
    },
    {
      title: 'Success moves the checkpoint',
      scenario: stream,
      at: 2.5,
      narration:
        'The function returned success, so the mapping moved the shard’s checkpoint past the batch and polled again. ' +
        '{done:record} are processed, each delivered to the function exactly once.',
      values: { done: q.withStatus('succeeded') },
      look: ['shard:0'],
      claims: [
        status('r1', 'succeeded'),
        status('r4', 'succeeded'),
        cmp(q.deliveries('r1'), '==', 1),
        cmp(q.deliveries('r4'), '==', 1),
        cmp(q.polls(), '>=', 2),
        cmp(q.withStatus('succeeded'), '==', 4),
      ],
      predict: {
        question: 'How will the next five records be delivered?',
        options: [
          {
            id: 'one',
            label: 'One invocation with all five',
            claim: cmp(q.invocations('since'), '==', 1),
          },
          {
            id: 'five',
            label: 'Five invocations, one each',
            claim: cmp(q.invocations('since'), '==', 5),
          },
          {
            id: 'wait',
            label: 'None yet: it waits for 10',
            claim: cmp(q.invocations('since'), '==', 0),
          },
        ],
        runSeconds: 3,
        reveal:
          'The next poll found {batch:record} waiting and sent them in one invocation. ' +
          'Without a batch window, Lambda invokes with whatever one poll returns, up to BatchSize.',
        values: { batch: q.batchSize('last', 'since') },
        claims: [
          deliveredTogether('r5', 'r6', 'r7', 'r8', 'r9'),
          cmp(q.invocations('since'), '==', 1),
        ],
      },
    },
    {
      title: 'Queues work the same way',
      scenario: queue,
      at: 1.0,
      narration:
        'Queues, SQS standard and FIFO, work the same way. ' +
        'Lambda’s pollers received all {batch:message} in one ReceiveMessage call and invoked the function synchronously with that batch. ' +
        'While it runs, the messages are in flight: still in the queue, but hidden.',
      values: { batch: q.batchSize('last') },
      look: ['inflight', 'function'],
      claims: [
        cmp(q.invocations(), '==', 1),
        cmp(q.inFlight(), '==', 7),
        cmp(q.visible(), '==', 0),
        cmp(q.batchSize('last'), '==', 7),
        cmp(q.polls(), '==', 1),
      ],
    },
    {
      title: 'Success deletes the messages',
      scenario: queue,
      at: 2.0,
      narration:
        'The function returned success, so Lambda deleted the {done:message} from the queue: they are gone for good. ' +
        'Your function never talks to the queue or the stream itself: it only sees the batches the mapping hands it.',
      values: { done: q.withStatus('succeeded') },
      look: ['queue'],
      claims: [
        cmp(q.withStatus('succeeded'), '==', 7),
        cmp(q.inFlight(), '==', 0),
        cmp(q.visible(), '==', 0),
      ],
    },
  ],
};
