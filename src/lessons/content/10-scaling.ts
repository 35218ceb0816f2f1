/**
 * Lesson 10: scaling — SQS pollers start at 5 and grow (+300 a minute today;
 * the lecture's figures are older), MaximumConcurrency caps a mapping, and
 * streams scale by shards × ParallelizationFactor.
 */
import type { ScenarioDraft } from '../../scenarios/build';
import { cmp, q } from '../dsl';
import type { Lesson } from '../types';

/** A burst of 400 messages a second for 40 s; each batch takes the function 5 s. */
function burst(maximumConcurrency: number | null): ScenarioDraft {
  return {
    format: 1,
    title:
      maximumConcurrency === null
        ? 'Lesson 10: the SQS poller fleet scales up'
        : `Lesson 10: MaximumConcurrency ${maximumConcurrency}`,
    seed: 1,
    durationSeconds: 120,
    source: { type: 'sqs' },
    ...(maximumConcurrency === null
      ? {}
      : { mapping: { ScalingConfig: { MaximumConcurrency: maximumConcurrency } } }),
    function: { Timeout: 30, durationSeconds: { base: 5 } },
    producers: [{ ratePerSecond: 400, from: 0, until: 40 }],
  };
}
const unbounded = burst(null);
const capped = burst(20);

/** Three shards, ParallelizationFactor 2, heavy traffic over 24 partition keys. */
const streamScaling: ScenarioDraft = {
  format: 1,
  title: 'Lesson 10: streams scale by shards × factor',
  seed: 1,
  durationSeconds: 120,
  source: { type: 'kinesis', ShardCount: 3 },
  mapping: { StartingPosition: 'TRIM_HORIZON', BatchSize: 10, ParallelizationFactor: 2 },
  function: { durationSeconds: { base: 0.5, perRecord: 0.01 } },
  producers: [{ ratePerSecond: 150, keys: 24, from: 0, until: 60 }],
};

export const scaling: Lesson = {
  id: 'scaling',
  number: 10,
  title: 'Scaling: pollers, caps and shards',
  short: 'Scaling',
  summary:
    'SQS pollers start at 5 and add up to 300 a minute; MaximumConcurrency caps a mapping; streams scale by shards × ParallelizationFactor.',
  sources: ['sqs', 'kinesis'],
  steps: [
    {
      title: 'Five pollers to start',
      scenario: unbounded,
      at: 0.5,
      narration:
        'A burst of 400 messages a second hits this standard queue, and the function needs 5 seconds a batch. ' +
        'The mapping starts with {pollers:poller}, so at most {pollers} batches run at once, and messages pile up.',
      values: { pollers: q.fleetSize() },
      look: ['pollers', 'concurrency'],
      claims: [
        cmp(q.fleetSize(), '==', 5),
        cmp(q.concurrency(), '==', 5),
        cmp(q.visible(), '>', 100),
      ],
      predict: {
        question: 'How many pollers will Lambda add in the next 20 s?',
        options: [
          {
            id: 'sixteen',
            label: 'About 5 (16 a minute)',
            claim: cmp(q.fleetGrowth(), '<=', 8),
          },
          {
            id: 'sixty',
            label: 'About 20 (60 a minute)',
            claim: {
              c: 'all',
              claims: [cmp(q.fleetGrowth(), '>=', 15), cmp(q.fleetGrowth(), '<=', 25)],
            },
          },
          {
            id: 'three-hundred',
            label: 'About 100 (300 a minute)',
            claim: {
              c: 'all',
              claims: [cmp(q.fleetGrowth(), '>=', 90), cmp(q.fleetGrowth(), '<=', 110)],
            },
          },
        ],
        runSeconds: 20,
        reveal:
          'Lambda added {growth:poller} in 20 seconds, 5 every second: 300 a minute, the rule since 6 November 2023. ' +
          'The lecture’s “16 more instances per minute” matches no AWS version: from 2019 until then the rule was 60 a minute.',
        values: { growth: q.fleetGrowth() },
        claims: [cmp(q.fleetGrowth(), '==', 100), cmp(q.fleetSize(), '==', 105)],
      },
    },
    {
      title: 'Up to a ceiling',
      scenario: unbounded,
      at: 30,
      narration:
        'The fleet has grown to {pollers:poller}, {running} of them invoking. ' +
        'It grows while messages wait, up to {ceiling} here: the account’s default concurrency quota comes first. ' +
        'With a raised quota a mapping now reaches 1,250; the lecture’s 1,000 is the old limit.',
      values: { pollers: q.fleetSize(), running: q.concurrency(), ceiling: q.fleetCeiling() },
      look: ['pollers', 'concurrency'],
      claims: [
        cmp(q.fleetSize(), '==', 155),
        cmp(q.fleetCeiling(), '==', 1000),
        cmp(q.concurrency(), '>', 100),
      ],
    },
    {
      title: 'MaximumConcurrency caps a mapping',
      scenario: capped,
      at: 30,
      narration:
        'Same burst, with ScalingConfig MaximumConcurrency {max}. ' +
        'The fleet stopped growing at {pollers:poller}, and never more than {peak} invocations ran at once, leaving the rest of the account’s concurrency to other functions. ' +
        'MaximumConcurrency goes from 2 to 1,000 and applies to SQS only.',
      values: {
        max: q.setting('MaximumConcurrency'),
        pollers: q.fleetSize(),
        peak: q.peakConcurrency(),
      },
      look: ['pollers', 'concurrency'],
      claims: [
        cmp(q.fleetSize(), '==', 20),
        cmp(q.peakConcurrency(), '==', 20),
        cmp(q.fleetCeiling(), '==', q.setting('MaximumConcurrency')),
      ],
      rules: [
        { scenario: burst(2), verdict: 'valid' },
        { scenario: burst(1), verdict: 'rejected', path: 'mapping.ScalingConfig' },
        { scenario: burst(1001), verdict: 'rejected', path: 'mapping.ScalingConfig' },
        {
          scenario: {
            ...streamScaling,
            mapping: {
              StartingPosition: 'TRIM_HORIZON',
              ScalingConfig: { MaximumConcurrency: 20 },
            },
          },
          verdict: 'rejected',
          path: 'mapping.ScalingConfig',
        },
      ],
    },
    {
      title: 'Streams scale by shards',
      scenario: streamScaling,
      at: 1,
      narration:
        'Streams do not scale by pollers. ' +
        'This Kinesis stream has {shards:shard} and ParallelizationFactor {factor}, with heavy traffic over many partition keys.',
      values: { shards: q.shards(), factor: q.setting('ParallelizationFactor') },
      look: ['concurrency', 'shard:0'],
      claims: [cmp(q.shards(), '==', 3), cmp(q.setting('ParallelizationFactor'), '==', 2)],
      predict: {
        question: 'At most, how many invocations will run at once?',
        options: [
          {
            id: 'shards',
            label: '3, one per shard',
            claim: cmp(q.peakConcurrency('since'), '==', 3),
          },
          {
            id: 'product',
            label: '6, shards × factor',
            claim: cmp(q.peakConcurrency('since'), '==', 6),
          },
          {
            id: 'backlog',
            label: 'As many as the backlog needs',
            claim: cmp(q.peakConcurrency('since'), '>', 6),
          },
        ],
        runSeconds: 20,
        reveal:
          'At most {peak} invocations ran at once: {shards} shards × {factor} batches each. ' +
          'To scale a stream further, add shards or raise the factor (up to 10).',
        values: {
          peak: q.peakConcurrency('since'),
          shards: q.shards(),
          factor: q.setting('ParallelizationFactor'),
        },
        claims: [
          cmp(q.peakConcurrency('since'), '==', q.concurrencyCap()),
          cmp(q.concurrencyCap(), '==', 6),
        ],
      },
    },
  ],
};
