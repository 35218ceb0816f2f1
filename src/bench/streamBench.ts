/**
 * Stream engine benchmark: 16 shards, ParallelizationFactor 10, 1,000
 * records/s for a simulated hour, 1% poison records, bisect on,
 * MaximumRetryAttempts 2 with an SQS on-failure destination. Runs the UI's
 * variant (historyLimit 20,000, the summary's report at the end) and the CLI's
 * (full report).
 */
import { createStreamSimulation } from '../engine/streams/simulation';
import type { ResolvedScenario } from '../engine/types';
import { buildScenario } from '../scenarios/build';
import { SUMMARY_FULL_RECORDS } from '../worker/host';

/** One bench run's measurements. */
export interface BenchResult {
  readonly name: string;
  readonly records: number;
  readonly invocations: number;
  readonly wallSeconds: number;
  /** CPU seconds (user + system) of this process: stable when other work shares the machine. */
  readonly cpuSeconds: number;
  readonly recordsPerWallSecond: number;
  readonly peakRssMb: number;
  readonly peakHeapMb: number;
}

/** The bench scenario (exported so a test or profile can reuse it). */
export function streamBenchScenario(durationSeconds = 3600): ResolvedScenario {
  return buildScenario({
    title: 'Stream bench: 16 shards × 10 lanes, 1,000 records/s, 1% poison',
    seed: 7,
    durationSeconds,
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
  });
}

/** Runs the scenario in simulated-minute slices (as the UI's worker would) and measures it. */
export function runStreamBench(
  name: string,
  historyLimit: number | null,
  durationSeconds = 3600,
): BenchResult {
  const scenario = streamBenchScenario(durationSeconds);
  let peakRss = 0;
  let peakHeap = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const sim = createStreamSimulation(scenario, { historyLimit });
  for (let t = 60; t <= durationSeconds; t += 60) {
    sim.runUntil(t);
    sample();
  }
  // Building the report is part of the work measured: the report the app's summary builds
  // (worker/host.ts: a run past SUMMARY_FULL_RECORDS reports its recent invocations, not every
  // record; listing the ~870,000 records an hour-long bounded run keeps took 1.5 s alone).
  const put = sim.snapshot().totals.recordsPut;
  sim.report(historyLimit !== null && put > SUMMARY_FULL_RECORDS ? 'recent' : 'all');
  sample();
  const wallSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  // Records put over the run (a bounded run's report lists only the records it still keeps).
  const totals = sim.snapshot().totals;
  const records = totals.recordsPut;
  return {
    name,
    records,
    invocations: totals.invocations,
    wallSeconds,
    cpuSeconds,
    recordsPerWallSecond: Math.round(records / wallSeconds),
    peakRssMb: Math.round(peakRss / 2 ** 20),
    peakHeapMb: Math.round(peakHeap / 2 ** 20),
  };
}

/** The bench entry the registry runs. */
export function streamBench(): BenchResult[] {
  const seconds = Number(process.env.BENCH_SECONDS ?? 3600);
  const results = [runStreamBench('streams, UI (historyLimit 20000)', 20000, seconds)];
  if (process.env.BENCH_SKIP_FULL !== '1') {
    results.push(runStreamBench('streams, CLI (full report)', null, seconds));
  }
  return results;
}
