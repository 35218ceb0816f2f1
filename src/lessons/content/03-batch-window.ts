/** Lesson 3: low traffic — the batch window gathers records (a full batch, the window or 6 MB: whichever first). */
import type { ScenarioDraft } from '../../scenarios/build';
import { anyTrigger, cmp, lastTrigger, q } from '../dsl';
import type { Lesson } from '../types';

/** A quiet stream: 2 records a second, AWS's default BatchSize (100) and no window. */
const noWindow: ScenarioDraft = {
  format: 1,
  title: 'Lesson 3: no batch window',
  seed: 1,
  durationSeconds: 60,
  source: { type: 'kinesis', ShardCount: 1 },
  mapping: { StartingPosition: 'TRIM_HORIZON' },
  producers: [{ ratePerSecond: 2, from: 0, until: 60 }],
};

/** The same stream with a 5-second window; from t = 20 traffic jumps to 42 records a second. */
const withWindow: ScenarioDraft = {
  format: 1,
  title: 'Lesson 3: a 5-second batch window',
  seed: 1,
  durationSeconds: 60,
  source: { type: 'kinesis', ShardCount: 1 },
  mapping: { StartingPosition: 'TRIM_HORIZON', BatchSize: 50, MaximumBatchingWindowInSeconds: 5 },
  producers: [
    { ratePerSecond: 2, from: 0, until: 60 },
    { ratePerSecond: 40, from: 20, until: 60 },
  ],
};

/** Kinesis records can be up to 1 MB: 900 KB records fill the 6 MB invoke payload at five. */
const bigBody = 'x'.repeat(900_000);
const bigRecords: ScenarioDraft = {
  format: 1,
  title: 'Lesson 3: big records fill 6 MB',
  seed: 1,
  durationSeconds: 30,
  source: { type: 'kinesis', ShardCount: 1 },
  mapping: { StartingPosition: 'TRIM_HORIZON', BatchSize: 100, MaximumBatchingWindowInSeconds: 5 },
  records: ['big-1', 'big-2', 'big-3', 'big-4', 'big-5', 'big-6', 'big-7'].map((id, i) => ({
    id,
    at: 0.1 * (i + 1),
    body: bigBody,
  })),
};

export const batchWindow: Lesson = {
  id: 'batch-window',
  number: 3,
  title: 'Low traffic: the batch window',
  short: 'Batch window',
  summary:
    'A batching window gathers records into bigger batches: Lambda invokes when the batch is full, the window ends or the payload reaches 6 MB.',
  sources: ['kinesis'],
  steps: [
    {
      title: 'Tiny batches at low traffic',
      scenario: noWindow,
      at: 6.5,
      narration:
        'This stream gets 2 records a second, and the mapping has no batch window. ' +
        'It invokes as soon as a poll returns anything, so its {n:batch|batches} held {mean} records on average although BatchSize is {size}. ' +
        'Many small invocations cost more than a few big ones.',
      values: {
        n: q.invocations(),
        mean: q.batchSize('mean'),
        size: q.setting('BatchSize'),
      },
      look: ['batches:0', 'concurrency'],
      claims: [
        cmp(q.setting('MaximumBatchingWindowInSeconds'), '==', 0),
        cmp(q.batchSize('max'), '<=', 2),
        cmp(q.invocations(), '>=', 6),
        cmp(q.setting('BatchSize'), '==', 100),
      ],
    },
    {
      title: 'The window gathers records',
      scenario: withWindow,
      at: 4,
      narration:
        'Same traffic, now with MaximumBatchingWindowInSeconds {window}. ' +
        'The mapping keeps reading the shard but holds the batch back: {gathered:record} gathered so far, and no invocation yet.',
      values: { window: q.setting('MaximumBatchingWindowInSeconds'), gathered: q.gathered(0) },
      look: ['window:0'],
      claims: [cmp(q.invocations(), '==', 0), cmp(q.gathered(0), '>=', 7)],
      predict: {
        question: 'BatchSize is 50. What will end this batch?',
        options: [
          {
            id: 'window',
            label: 'The 5-second window ending',
            claim: lastTrigger('windowElapsed', 'since'),
          },
          {
            id: 'full',
            label: 'The batch reaching 50',
            claim: lastTrigger('batchFull', 'since'),
          },
          {
            id: 'payload',
            label: 'The payload reaching 6 MB',
            claim: lastTrigger('payloadFull', 'since'),
          },
        ],
        runSeconds: 2,
        reveal:
          'The window ran out first, and the function got one batch of {size:record} instead of a tiny batch every second. ' +
          'At low traffic the window is what trades a few seconds of delay for fewer, fuller invocations.',
        values: { size: q.batchSize('last', 'since') },
        claims: [cmp(q.invocations('since'), '==', 1), cmp(q.batchSize('last', 'since'), '>=', 9)],
      },
    },
    {
      title: 'A full batch goes at once',
      scenario: withWindow,
      at: 26,
      narration:
        'Since t = 20 the stream gets 42 records a second. ' +
        'Now a batch reaches BatchSize ({size:record}) before the window ends, and Lambda invokes at once instead of waiting for the window. ' +
        'Whichever comes first sends the batch: a full batch, the end of the window, or 6 MB of payload.',
      values: { size: q.setting('BatchSize') },
      look: ['batches:0'],
      claims: [
        lastTrigger('batchFull'),
        cmp(q.batchSize('last'), '==', q.setting('BatchSize')),
        anyTrigger('windowElapsed'),
      ],
    },
    {
      title: 'Six megabytes fill a batch',
      scenario: bigRecords,
      at: 1,
      narration:
        'These Kinesis records are 900 KB each, and Lambda’s invoke payload is capped at 6 MB. ' +
        'With base64 encoding, the first {size:record} already make over 5 MB, so a sixth would pass 6 MB: the batch went out at once with {size}, far below BatchSize ({max}).',
      values: { size: q.batchSize('last'), max: q.setting('BatchSize') },
      look: ['batches:0'],
      claims: [
        lastTrigger('payloadFull'),
        cmp(q.batchSize('last'), '==', 5),
        cmp(q.invocations(), '==', 1),
      ],
    },
  ],
};
