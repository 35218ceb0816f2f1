/** Lesson 2: streams — one iterator per shard, order per shard, records stay, starting positions. */
import type { ScenarioDraft } from '../../scenarios/build';
import { cmp, firstDeliveredBefore, invariant, putBefore, q, status } from '../dsl';
import type { Lesson } from '../types';

/**
 * Two shards. alice and dave hash to shard 0, bob and carol to shard 1
 * (Kinesis's MD5 rule); shard 0 gets more records than one batch holds.
 */
const twoShards: ScenarioDraft = {
  format: 1,
  title: 'Lesson 2: one iterator per shard',
  seed: 1,
  durationSeconds: 60,
  source: { type: 'kinesis', ShardCount: 2 },
  mapping: { StartingPosition: 'TRIM_HORIZON', BatchSize: 4 },
  function: { durationSeconds: { base: 0.8, perRecord: 0.05 } },
  records: [
    { id: 'alice-1', at: 0.1, key: 'alice' },
    { id: 'dave-1', at: 0.2, key: 'dave' },
    { id: 'alice-2', at: 0.3, key: 'alice' },
    { id: 'dave-2', at: 0.4, key: 'dave' },
    { id: 'alice-3', at: 0.5, key: 'alice' },
    { id: 'dave-3', at: 0.6, key: 'dave' },
    { id: 'bob-1', at: 0.7, key: 'bob' },
    { id: 'carol-1', at: 0.8, key: 'carol' },
    { id: 'alice-4', at: 0.85, key: 'alice' },
    { id: 'bob-2', at: 0.9, key: 'bob' },
  ],
};

/** Five records were put before the mapping was created (negative times), three after. */
function startingAt(position: 'LATEST' | 'TRIM_HORIZON' | 'AT_TIMESTAMP'): ScenarioDraft {
  return {
    format: 1,
    title: `Lesson 2: StartingPosition ${position}`,
    seed: 1,
    durationSeconds: 60,
    source: { type: 'kinesis', ShardCount: 1 },
    mapping:
      position === 'AT_TIMESTAMP'
        ? { StartingPosition: position, StartingPositionTimestamp: -25, BatchSize: 10 }
        : { StartingPosition: position, BatchSize: 10 },
    records: [
      { id: 'old-1', at: -50 },
      { id: 'old-2', at: -40 },
      { id: 'old-3', at: -30 },
      { id: 'old-4', at: -20 },
      { id: 'old-5', at: -10 },
      { id: 'new-1', at: 2 },
      { id: 'new-2', at: 4 },
      { id: 'new-3', at: 6 },
    ],
  };
}

const latest = startingAt('LATEST');
const trimHorizon = startingAt('TRIM_HORIZON');
const atTimestamp = startingAt('AT_TIMESTAMP');

export const streams: Lesson = {
  id: 'streams',
  number: 2,
  title: 'Streams: shards, order and starting positions',
  short: 'Streams',
  summary:
    'One iterator per shard, order kept within a shard, records that stay after processing, and where reading starts.',
  sources: ['kinesis', 'dynamodb'],
  steps: [
    {
      title: 'One iterator per shard',
      scenario: twoShards,
      at: 1.5,
      narration:
        'This Kinesis stream has {shards:shard}. ' +
        'The mapping keeps one iterator per shard and reads each shard on its own, so {running:batch|batches} are running now, one per shard. ' +
        'A DynamoDB stream works the same way.',
      values: { shards: q.shards(), running: q.concurrency() },
      look: ['shard:0', 'shard:1', 'concurrency'],
      claims: [
        cmp(q.shards(), '==', 2),
        cmp(q.concurrency(), '==', q.shards()),
        cmp(q.concurrencyCap(), '==', q.shards()),
      ],
    },
    {
      title: 'Order within a shard',
      scenario: twoShards,
      at: 3,
      narration:
        'The partition key picks the shard: alice and dave go to shard 0, bob and carol to shard 1. ' +
        'Within a shard, records reached the function in the order they were put. ' +
        'Across shards there is no order: bob-2 went before alice-3, which was put first.',
      look: ['shard:0', 'shard:1'],
      claims: [
        invariant('Order per key kept'),
        firstDeliveredBefore('alice-1', 'alice-3'),
        firstDeliveredBefore('dave-2', 'dave-3'),
        firstDeliveredBefore('bob-2', 'alice-3'),
        putBefore('alice-3', 'bob-2'),
        status('alice-4', 'succeeded'),
      ],
    },
    {
      title: 'Records stay in the stream',
      scenario: twoShards,
      at: 5,
      narration:
        'All {done:record} are processed, and every one of them is still in the stream: shard 0 still holds {kept:record}. ' +
        'Processing only moves the mapping’s checkpoint; records leave a stream when its retention period ends ({hours} hours here). ' +
        'That is why other consumers can read the same records too.',
      values: {
        done: q.withStatus('succeeded'),
        kept: q.shardRecords(0),
        hours: q.retentionHours(),
      },
      look: ['shard:0'],
      claims: [
        cmp(q.withStatus('succeeded'), '==', q.recordsPut()),
        cmp(q.shardRecords(0), '==', 7),
        cmp(q.shardRecords(1), '==', 3),
        cmp(q.waiting(0), '==', 0),
        cmp(q.retentionHours(), '==', 24),
      ],
    },
    {
      title: 'Starting position: LATEST',
      scenario: latest,
      at: 0,
      narration:
        'This stream already held {old:record} when the mapping was created, at t = 0. ' +
        'A stream mapping must say where to start reading: StartingPosition. Here it is LATEST.',
      values: { old: q.recordsPut() },
      look: ['shard:0'],
      claims: [cmp(q.recordsPut(), '==', 5), cmp(q.invocations(), '==', 0)],
      predict: {
        question: 'With LATEST, what reaches the function in 8 s?',
        options: [
          {
            id: 'all',
            label: 'All eight, old ones first',
            claim: status('old-1', 'succeeded'),
          },
          {
            id: 'new',
            label: 'Only the three new records',
            claim: cmp(q.withStatus('skipped'), '==', 5),
          },
          {
            id: 'none',
            label: 'Nothing yet',
            claim: cmp(q.invocations(), '==', 0),
          },
        ],
        runSeconds: 8,
        reveal:
          'LATEST starts after the newest record, so the {skipped:old record|old records} were skipped and only {got:record} reached the function. ' +
          'Use it when only new events matter.',
        values: { skipped: q.withStatus('skipped'), got: q.withStatus('succeeded') },
        claims: [
          cmp(q.withStatus('skipped'), '==', 5),
          cmp(q.withStatus('succeeded'), '==', 3),
          status('new-1', 'succeeded'),
        ],
      },
    },
    {
      title: 'Starting position: TRIM_HORIZON',
      scenario: trimHorizon,
      at: 8,
      narration:
        'Same stream, StartingPosition TRIM_HORIZON: reading starts at the oldest record the stream still keeps. ' +
        'The function received all {done:record}, the five old ones first, in the order they were put.',
      values: { done: q.withStatus('succeeded') },
      look: ['shard:0'],
      claims: [
        cmp(q.withStatus('succeeded'), '==', 8),
        firstDeliveredBefore('old-5', 'new-1'),
        firstDeliveredBefore('old-1', 'old-5'),
        invariant('Order per key kept'),
      ],
    },
    {
      title: 'Starting position: AT_TIMESTAMP',
      scenario: atTimestamp,
      at: 8,
      narration:
        'AT_TIMESTAMP starts at a moment you choose: here 25 seconds before the mapping was created. ' +
        'The {skipped:record} put earlier were skipped; the {done:record} from then on were processed. ' +
        'Kinesis offers all three positions; DynamoDB Streams only LATEST and TRIM_HORIZON.',
      values: { skipped: q.withStatus('skipped'), done: q.withStatus('succeeded') },
      look: ['shard:0'],
      claims: [
        status('old-3', 'skipped'),
        status('old-4', 'succeeded'),
        cmp(q.withStatus('skipped'), '==', 3),
        cmp(q.withStatus('succeeded'), '==', 5),
      ],
      rules: [
        {
          scenario: { ...atTimestamp, source: { type: 'dynamodb', ShardCount: 1 } },
          verdict: 'rejected',
          path: 'mapping.StartingPosition',
        },
        {
          scenario: { ...trimHorizon, source: { type: 'dynamodb', ShardCount: 1 } },
          verdict: 'valid',
        },
        { scenario: { ...latest, source: { type: 'dynamodb', ShardCount: 1 } }, verdict: 'valid' },
      ],
    },
  ],
};
