/**
 * Queue engine benchmark: a standard queue at 2,000 messages/s for one
 * simulated hour, 2% poison messages, a DLQ with maxReceiveCount 3, and the
 * UI's historyLimit of 20,000. Prints simulated messages per wall second, wall
 * time and peak memory. Target: under 10 s of wall time.
 *
 * Run alone with `npx tsx src/bench/queueBench.ts`, or through the bench registry.
 */
import { createSimulation } from '../engine';
import { buildScenario } from '../scenarios/build';

/** The outcome of one bench run, for the registry's table. */
export interface QueueBenchResult {
  readonly name: string;
  readonly simulatedMessages: number;
  readonly wallSeconds: number;
  readonly messagesPerWallSecond: number;
  readonly peakHeapMiB: number;
  readonly invocations: number;
  readonly deadLettered: number;
}

/** Runs the queue bench and prints its figures. */
export function runQueueBench(durationSeconds = 3600): QueueBenchResult {
  const scenario = buildScenario({
    title: 'SQS standard, 2,000 msg/s, 2% poison, DLQ after 3 receives',
    seed: 7,
    durationSeconds,
    source: { type: 'sqs', VisibilityTimeout: 30, RedrivePolicy: { maxReceiveCount: 3 } },
    mapping: { BatchSize: 10 },
    function: { Timeout: 3, durationSeconds: { base: 0.05, perRecord: 0.001 } },
    producers: [{ ratePerSecond: 2000, keys: 1, failProbability: 0.02 }],
  });
  const sim = createSimulation(scenario, { historyLimit: 20000 });
  let peak = process.memoryUsage().heapUsed;
  const started = process.hrtime.bigint();
  // Advance a minute at a time, as a UI frame loop would, sampling memory between steps.
  for (let t = 60; t <= durationSeconds; t += 60) {
    sim.runUntil(t);
    sim.drainEvents();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  sim.runUntil(durationSeconds);
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const snap = sim.snapshot();
  const result: QueueBenchResult = {
    name: 'queue: SQS standard 2,000 msg/s × 1 h, 2% poison, DLQ',
    simulatedMessages: snap.totals.recordsPut,
    wallSeconds,
    messagesPerWallSecond: snap.totals.recordsPut / wallSeconds,
    peakHeapMiB: peak / 1024 / 1024,
    invocations: snap.totals.invocations,
    deadLettered: snap.queue?.dlq?.count ?? 0,
  };
  console.log(
    [
      result.name,
      `  simulated messages: ${result.simulatedMessages.toLocaleString('en-US')}`,
      `  invocations:        ${result.invocations.toLocaleString('en-US')}`,
      `  dead-lettered:      ${result.deadLettered.toLocaleString('en-US')}`,
      `  wall time:          ${result.wallSeconds.toFixed(2)} s`,
      `  messages/wall s:    ${Math.round(result.messagesPerWallSecond).toLocaleString('en-US')}`,
      `  peak heap:          ${result.peakHeapMiB.toFixed(0)} MiB`,
      `  backlog at end:     ${snap.queue?.visibleCount ?? 0} visible, ${snap.queue?.inFlightCount ?? 0} in flight, fleet ${snap.queue?.fleet.size ?? 0}`,
    ].join('\n'),
  );
  return result;
}

// Run directly: `npx tsx src/bench/queueBench.ts [simulatedSeconds]`.
if (process.argv[1] !== undefined && /queueBench\.[tj]s$/.test(process.argv[1])) {
  const arg = Number(process.argv[2]);
  runQueueBench(Number.isFinite(arg) && arg > 0 ? arg : 3600);
}
