/**
 * The long runs the time-travel benchmarks share (issue 6): 1,000 records/s on
 * Kinesis (4 shards, 100 keys, batches of up to 100 gathered for 1 s) and on
 * an SQS standard queue. `npm run bench checkpoint` and `npm run bench host`
 * run them in Node, e2e/bench/seek.bench.ts loads them in the app, so the
 * figures describe the same runs.
 */
import type { ScenarioDraft } from '../scenarios/build';

export type LongRunSource = 'kinesis' | 'sqs';

/** The run on `source` lasting `durationSeconds`, as a scenario file would hold it. */
export function longRunScenario(source: LongRunSource, durationSeconds: number): ScenarioDraft {
  const minutes = durationSeconds / 60;
  return source === 'kinesis'
    ? {
        format: 1,
        title: `Bench: Kinesis, 4 shards, ${minutes} minutes at 1,000 records/s`,
        seed: 7,
        durationSeconds,
        source: { type: 'kinesis', ShardCount: 4 },
        mapping: {
          BatchSize: 100,
          MaximumBatchingWindowInSeconds: 1,
          StartingPosition: 'TRIM_HORIZON',
        },
        producers: [{ ratePerSecond: 1000, keys: 100, failProbability: 0 }],
      }
    : {
        format: 1,
        title: `Bench: SQS standard, ${minutes} minutes at 1,000 messages/s`,
        seed: 7,
        durationSeconds,
        source: { type: 'sqs' },
        producers: [{ ratePerSecond: 1000, keys: 1, failProbability: 0 }],
      };
}

/** The two sources, in the order the benches run them. */
export const LONG_RUN_SOURCES: readonly LongRunSource[] = ['kinesis', 'sqs'];
