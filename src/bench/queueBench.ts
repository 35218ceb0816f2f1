/**
 * Queue engine benchmark: a standard queue at 2,000 messages/s for one
 * simulated hour, 2% poison messages, a DLQ with maxReceiveCount 3, and the
 * UI's historyLimit of 20,000. Reports simulated messages per wall second, wall
 * and CPU time, and peak memory. Target: under 10 s of wall time.
 *
 * Registered in engine.bench.ts (`npm run bench queues`); also runnable alone:
 * `npx tsx src/bench/queueBench.ts [simulatedSeconds]`.
 */
import { createSimulation, type ResolvedScenario } from '../engine';
import { buildScenario } from '../scenarios/build';
import type { BenchResult } from './streamBench';

/** The bench scenario (exported so a test, a profile or queueCheckpointMemory can reuse it). */
export function queueBenchScenario(durationSeconds = 3600, ratePerSecond = 2000): ResolvedScenario {
  return buildScenario({
    title: `SQS standard, ${ratePerSecond.toLocaleString('en-US')} msg/s, 2% poison, DLQ after 3 receives`,
    seed: 7,
    durationSeconds,
    source: { type: 'sqs', VisibilityTimeout: 30, RedrivePolicy: { maxReceiveCount: 3 } },
    mapping: { BatchSize: 10 },
    function: { Timeout: 3, durationSeconds: { base: 0.05, perRecord: 0.001 } },
    producers: [{ ratePerSecond, keys: 1, failProbability: 0.02 }],
  });
}

/** Runs the queue bench (UI settings: historyLimit 20,000), advancing a simulated minute per step. */
export function queueBench(durationSeconds = 3600): readonly BenchResult[] {
  const scenario = queueBenchScenario(durationSeconds);
  const sim = createSimulation(scenario, { historyLimit: 20000 });
  let peakHeap = process.memoryUsage().heapUsed;
  let peakRss = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let t = 60; t < durationSeconds + 60; t += 60) {
    sim.runUntil(Math.min(t, durationSeconds));
    sim.drainEvents();
    const mem = process.memoryUsage();
    peakHeap = Math.max(peakHeap, mem.heapUsed);
    peakRss = Math.max(peakRss, mem.rss);
  }
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const snap = sim.snapshot();
  return [
    {
      name: `queues, SQS standard 2,000 msg/s × ${durationSeconds} s, 2% poison, DLQ (historyLimit 20000)`,
      records: snap.totals.recordsPut,
      invocations: snap.totals.invocations,
      wallSeconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      recordsPerWallSecond: Math.round(snap.totals.recordsPut / wallSeconds),
      peakRssMb: Math.round(peakRss / 1024 / 1024),
      peakHeapMb: Math.round(peakHeap / 1024 / 1024),
    },
  ];
}

// Run directly: `npx tsx src/bench/queueBench.ts [simulatedSeconds]`.
if (process.argv[1] !== undefined && /queueBench\.[cm]?[tj]s$/.test(process.argv[1])) {
  const arg = Number(process.argv[2]);
  for (const r of queueBench(Number.isFinite(arg) && arg > 0 ? arg : 3600)) {
    console.log(
      `${r.name}: ${r.records.toLocaleString('en-US')} messages, ` +
        `${r.invocations.toLocaleString('en-US')} invocations in ${r.wallSeconds.toFixed(2)} s wall, ` +
        `${r.cpuSeconds.toFixed(2)} s CPU (${r.recordsPerWallSecond.toLocaleString('en-US')} simulated messages/wall s), ` +
        `peak RSS ${r.peakRssMb} MB, peak heap ${r.peakHeapMb} MB`,
    );
  }
}
