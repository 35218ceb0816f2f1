/**
 * `npm run bench simulate`: the headless runner as a user runs it, start-up
 * included: `npm run --silent simulate -- file.json > /dev/null` on five
 * simulated minutes at 1,000 records/s (Kinesis 16 shards × 10 with bisect;
 * SQS standard with a DLQ), timed by the shell (wall, user and system CPU of
 * the whole process tree). Also times `node` on the runner directly, so npm's
 * own start-up shows apart.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScenarioDraft } from '../scenarios/build';

/** The two simulate scenarios, as scenario files hold them. */
export function simulateBenchScenarios(
  seconds = 300,
): readonly { readonly name: string; readonly draft: ScenarioDraft & { format: 1 } }[] {
  return [
    {
      name: 'kinesis-16x10-bisect',
      draft: {
        format: 1,
        title: 'Simulate bench: Kinesis 16 shards × 10, 1,000 records/s, 1% poison, bisect',
        seed: 7,
        durationSeconds: seconds,
        source: { type: 'kinesis', ShardCount: 16 },
        mapping: {
          StartingPosition: 'TRIM_HORIZON',
          ParallelizationFactor: 10,
          BisectBatchOnFunctionError: true,
          MaximumRetryAttempts: 2,
          DestinationConfig: {
            OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:esm-lab-failures' },
          },
        },
        producers: [{ ratePerSecond: 1000, keys: 500, failProbability: 0.01 }],
      },
    },
    {
      name: 'sqs-dlq',
      draft: {
        format: 1,
        title: 'Simulate bench: SQS standard, 1,000 messages/s, 2% poison, DLQ after 3 receives',
        seed: 7,
        durationSeconds: seconds,
        source: { type: 'sqs', VisibilityTimeout: 30, RedrivePolicy: { maxReceiveCount: 3 } },
        mapping: { BatchSize: 10 },
        function: { Timeout: 3, durationSeconds: { base: 0.05, perRecord: 0.001 } },
        producers: [{ ratePerSecond: 1000, keys: 1, failProbability: 0.02 }],
      },
    },
  ];
}

/** One timed run of a shell command: wall and CPU seconds of the whole process tree. */
export interface TimedRun {
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
}

/** Times `command` with bash's `time` (children included); throws when it fails. */
export function timeCommand(command: string): TimedRun {
  const r = spawnSync('bash', ['-c', `TIMEFORMAT='%R %U %S'; time ( ${command} )`], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  const last = r.stderr.trim().split('\n').at(-1) ?? '';
  const [wall, user, sys] = last.split(' ').map(Number);
  if (r.status !== 0 || wall === undefined || user === undefined || sys === undefined) {
    throw new Error(`${command} failed (${r.status}): ${r.stderr}`);
  }
  return { wallSeconds: wall, cpuSeconds: user + sys };
}

export interface SimulateBenchResult {
  readonly name: string;
  readonly how: string;
  readonly records: number;
  /** Median over the tries. */
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  readonly recordsPerWallSecond: number;
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/** Runs each scenario `tries` times through npm and through node directly; medians. */
export function simulateBench(tries = Number(process.env.BENCH_TRIES ?? 3)): SimulateBenchResult[] {
  const dir = mkdtempSync(join(tmpdir(), 'simulate-bench-'));
  const out: SimulateBenchResult[] = [];
  try {
    for (const { name, draft } of simulateBenchScenarios()) {
      const file = join(dir, `${name}.json`);
      writeFileSync(file, JSON.stringify(draft));
      const records = 1000 * (draft.durationSeconds ?? 0);
      const commands: [string, string][] = [
        ['npm run --silent simulate', `npm run --silent simulate -- ${file} > /dev/null`],
      ];
      for (const [how, command] of commands) {
        const runs = Array.from({ length: tries }, () => timeCommand(command));
        const wall = median(runs.map((r) => r.wallSeconds));
        out.push({
          name,
          how,
          records,
          wallSeconds: wall,
          cpuSeconds: median(runs.map((r) => r.cpuSeconds)),
          recordsPerWallSecond: Math.round(records / wall),
        });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

/** Prints simulateBench's results, one line each. */
export function printSimulateBench(results: readonly SimulateBenchResult[]): void {
  for (const r of results) {
    console.log(
      `simulate, ${r.name} (${r.how}): ${r.records.toLocaleString('en-US')} records in ` +
        `${r.wallSeconds.toFixed(2)} s wall, ${r.cpuSeconds.toFixed(2)} s CPU, start-up included ` +
        `(${r.recordsPerWallSecond.toLocaleString('en-US')} records/wall s)`,
    );
  }
}
