/** Lesson 4: high traffic — ParallelizationFactor up to 10 batches per shard, order kept per partition key. */
import type { RecordDraft, ScenarioDraft } from '../../scenarios/build';
import { cmp, firstDeliveredBefore, invariant, keysNeverConcurrent, putBefore, q } from '../dsl';
import type { Lesson } from '../types';

/**
 * Eight partition keys that Lambda's key hash spreads two by two over four
 * batch slots (checked by the steps' claims, not assumed).
 */
const KEYS = ['bob', 'heidi', 'alice', 'erin', 'carol', 'trent', 'olivia', 'judy'];

/** `perSecond` records a second for `seconds`, keys taken in turn. */
function traffic(keys: readonly string[], perSecond: number, seconds: number): RecordDraft[] {
  return Array.from({ length: perSecond * seconds }, (_, i) => ({
    id: `${keys[i % keys.length] ?? 'k'}-${Math.floor(i / keys.length) + 1}`,
    at: Math.round((i / perSecond) * 1000) / 1000,
    key: keys[i % keys.length] ?? 'k',
  }));
}

/** One shard, 30 records a second, about half a second per batch of 10. */
function busyShard(factor: number, keys: readonly string[] = KEYS): ScenarioDraft {
  return {
    format: 1,
    title: `Lesson 4: ParallelizationFactor ${factor}`,
    seed: 1,
    durationSeconds: 60,
    source: { type: 'kinesis', ShardCount: 1 },
    mapping: { StartingPosition: 'TRIM_HORIZON', BatchSize: 10, ParallelizationFactor: factor },
    function: { durationSeconds: { base: 0.4, perRecord: 0.01 } },
    records: traffic(keys, 30, 40),
  };
}

const factor1 = busyShard(1);
const factor4 = busyShard(4);
/** Two keys only (they hash to different slots of ten). */
const twoKeys = busyShard(10, ['alice', 'erin']);

export const parallelization: Lesson = {
  id: 'parallelization',
  number: 4,
  title: 'High traffic: concurrent batches per shard',
  short: 'Parallelization',
  summary:
    'ParallelizationFactor runs up to 10 batches of one shard at once, and keeps order per partition key.',
  sources: ['kinesis'],
  steps: [
    {
      title: 'One batch at a time falls behind',
      scenario: factor1,
      at: 20,
      narration:
        'This shard receives 30 records a second, and the function needs about half a second per batch of 10. ' +
        'With ParallelizationFactor 1 the shard has one batch in flight at a time, so it cannot keep up: {waiting:record} are waiting, and the oldest has waited {age} (IteratorAge).',
      values: { waiting: q.waiting(0), age: q.iteratorAge(0) },
      look: ['shard:0'],
      claims: [
        cmp(q.setting('ParallelizationFactor'), '==', 1),
        cmp(q.peakConcurrency(), '==', 1),
        cmp(q.waiting(0), '>=', 150),
        cmp(q.iteratorAge(0), '>=', 5),
        cmp(q.recordsPut(), '>=', 600),
        cmp(q.recordsPut(), '<=', 601),
      ],
    },
    {
      title: 'Four batches per shard',
      scenario: factor4,
      at: 20,
      narration:
        'Same traffic with ParallelizationFactor {factor}: the shard now runs up to {factor} batches at once, and {peak} ran together at the peak. ' +
        'The backlog is gone: {waiting:record} waiting, the oldest only {age} old. ' +
        'The factor goes up to 10; it is set per mapping and applies to every shard.',
      values: {
        factor: q.setting('ParallelizationFactor'),
        peak: q.peakConcurrency(),
        waiting: q.waiting(0),
        age: q.iteratorAge(0),
      },
      look: ['batches:0', 'concurrency'],
      claims: [
        cmp(q.concurrencyCap(), '==', 4),
        cmp(q.peakConcurrency(), '==', 4),
        cmp(q.waiting(0), '<=', 30),
        cmp(q.iteratorAge(0), '<', 2),
      ],
      rules: [
        { scenario: busyShard(10), verdict: 'valid' },
        { scenario: busyShard(11), verdict: 'rejected', path: 'mapping.ParallelizationFactor' },
      ],
    },
    {
      title: 'Order is kept per partition key',
      scenario: factor4,
      at: 20,
      narration:
        'Each partition key always goes to the same batch slot, so one key is never in two batches at once and its records are processed in the order they were put. ' +
        'Order across keys is not kept any more: carol-10 reached the function before heidi-10, although heidi-10 was put first.',
      look: ['batches:0'],
      claims: [
        keysNeverConcurrent(),
        invariant('Order per key kept'),
        firstDeliveredBefore('bob-9', 'bob-10'),
        firstDeliveredBefore('carol-10', 'heidi-10'),
        putBefore('heidi-10', 'carol-10'),
        firstDeliveredBefore('heidi-9', 'heidi-10'),
      ],
    },
    {
      title: 'Only as parallel as the keys',
      scenario: twoKeys,
      at: 2,
      narration:
        'Now the factor is {factor}, the maximum, but every record carries one of just two partition keys: alice or erin. ' +
        'Lambda still keeps each key in order.',
      values: { factor: q.setting('ParallelizationFactor') },
      look: ['batches:0', 'concurrency'],
      claims: [cmp(q.setting('ParallelizationFactor'), '==', 10), keysNeverConcurrent()],
      predict: {
        question: 'At most, how many batches will run at once?',
        options: [
          {
            id: 'ten',
            label: '10, the factor',
            claim: cmp(q.peakConcurrency('since'), '==', 10),
          },
          {
            id: 'two',
            label: '2, one per partition key',
            claim: cmp(q.peakConcurrency('since'), '==', 2),
          },
          {
            id: 'one',
            label: '1, as without the factor',
            claim: cmp(q.peakConcurrency('since'), '==', 1),
          },
        ],
        runSeconds: 10,
        reveal:
          'At most {peak} batches ran at once: a key stays in one batch slot, so the other slots had nothing to do. ' +
          'Parallelism per shard is capped by the factor and by how many keys the shard holds.',
        values: { peak: q.peakConcurrency('since') },
        claims: [cmp(q.peakConcurrency('since'), '==', 2), keysNeverConcurrent()],
      },
    },
  ],
};
