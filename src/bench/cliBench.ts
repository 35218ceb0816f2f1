/**
 * Headless-runner memory bench: what the CLI does for a long run (simulate,
 * build the full report, stream it to stdout), past the generated-records cap,
 * with time and memory after each phase on stderr.
 *
 *   npx tsx src/bench/cliBench.ts <scenario> <seconds> [ratePerSecond] > /dev/null
 *
 * Scenarios (SCENARIOS below): kinesis (4 shards), kinesis-batch1,
 * kinesis-poison, sqs (standard), sqs-poison, fifo; producers at
 * ratePerSecond (default 1,000).
 * Peak RSS of the whole process: run it under `/usr/bin/time -v`.
 */
import { createSimulation } from '../engine/index';
import type { ResolvedScenario } from '../engine/types';
import { fdSink } from '../cli/stdoutSink';
import { ChunkedWriter } from '../cli/writeJson';
import { buildScenario, type ScenarioDraft } from '../scenarios/build';

/** The bench scenarios: plain ones and the costly shapes (one record per batch, retries). */
const SCENARIOS: Record<string, (seconds: number, rate: number) => ScenarioDraft> = {
  kinesis: (seconds, rate) => ({
    source: { type: 'kinesis', ShardCount: 4 },
    mapping: { StartingPosition: 'TRIM_HORIZON' },
    producers: [{ ratePerSecond: rate, keys: 100, until: seconds }],
  }),
  // One record per invocation: the most invocations per record.
  'kinesis-batch1': (seconds, rate) => ({
    source: { type: 'kinesis', ShardCount: 4 },
    mapping: { StartingPosition: 'TRIM_HORIZON', BatchSize: 1, ParallelizationFactor: 10 },
    producers: [{ ratePerSecond: rate, keys: 1000, until: seconds }],
  }),
  // 1% poison records, bisected and retried, then sent to a destination.
  'kinesis-poison': (seconds, rate) => ({
    source: { type: 'kinesis', ShardCount: 4 },
    mapping: {
      StartingPosition: 'TRIM_HORIZON',
      ParallelizationFactor: 10,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 2,
      DestinationConfig: {
        OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:esm-lab-failures' },
      },
    },
    producers: [{ ratePerSecond: rate, keys: 1000, until: seconds, failProbability: 0.01 }],
  }),
  sqs: (seconds, rate) => ({
    source: { type: 'sqs' },
    producers: [{ ratePerSecond: rate, keys: 100, until: seconds }],
  }),
  // 5% poison messages received 3 times each (then to the DLQ).
  'sqs-poison': (seconds, rate) => ({
    source: { type: 'sqs', VisibilityTimeout: 5, RedrivePolicy: { maxReceiveCount: 3 } },
    producers: [{ ratePerSecond: rate, keys: 100, until: seconds, failProbability: 0.05 }],
  }),
  fifo: (seconds, rate) => ({
    source: { type: 'sqs-fifo' },
    producers: [{ ratePerSecond: rate, keys: 100, until: seconds }],
  }),
};

function scenario(kind: string, seconds: number, rate: number): ResolvedScenario {
  const draft = SCENARIOS[kind];
  if (draft === undefined) {
    throw new Error(`unknown scenario ${kind}: one of ${Object.keys(SCENARIOS).join(', ')}`);
  }
  return buildScenario({ seed: 1, durationSeconds: seconds, ...draft(seconds, rate) });
}

const [kind = 'kinesis', secondsArg = '300', rateArg = '1000'] = process.argv.slice(2);
const started = performance.now();
const mb = (n: number): string => `${Math.round(n / 1048576)} MB`;
function phase(name: string): void {
  const m = process.memoryUsage();
  const peak = process.resourceUsage().maxRSS * 1024;
  process.stderr.write(
    `${name.padEnd(10)} ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s  ` +
      `rss ${mb(m.rss)}  heap ${mb(m.heapUsed)}  external ${mb(m.external + m.arrayBuffers)}  peak rss ${mb(peak)}\n`,
  );
}

const s = scenario(kind, Number(secondsArg), Number(rateArg));
// As runScenario (the CLI's runner) does: full history, no event log.
const sim = createSimulation(s, { historyLimit: null, keepEvents: false });
sim.runUntil(s.durationSeconds);
phase('simulated');
const report = sim.report();
phase('report');
process.stderr.write(
  `records ${Object.keys(report.records).length}  invocations ${report.invocations.length}\n`,
);
const out = new ChunkedWriter(fdSink(1));
out.value(report);
out.text('\n');
out.flush();
phase('written');
