/**
 * Checkpoint memory of the queue engine in bounded mode (the app's setting):
 * a standard queue at 1,000 messages/s with 2% poison and a DLQ, run for a
 * simulated hour with historyLimit 20,000, keeping a saveState() copy at 96
 * evenly spaced times, as the app's worker keeps up to ~96 checkpoints.
 * Prints the heap after a forced GC with and without the checkpoints held.
 *
 * `node --expose-gc --import tsx src/bench/queueCheckpointMemory.ts [simulatedSeconds] [checkpoints]`
 */
import { createSimulation, type SimulationState } from '../engine';
import { queueBenchScenario } from './queueBench';

interface GcGlobal {
  gc?: () => void;
}

function heapAfterGcMb(): number {
  const gc = (globalThis as GcGlobal).gc;
  if (gc === undefined) throw new Error('run with node --expose-gc');
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

export function checkpointMemory(durationSeconds = 3600, count = 96): string {
  const scenario = queueBenchScenario(durationSeconds, 1000);
  const sim = createSimulation(scenario, { historyLimit: 20000 });
  const kept: SimulationState[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 1; i <= count; i++) {
    sim.runUntil((durationSeconds * i) / count);
    sim.drainEvents();
    kept.push(sim.saveState());
  }
  const cpu = process.cpuUsage(cpu0);
  const withCheckpoints = heapAfterGcMb();
  kept.length = 0;
  const without = heapAfterGcMb();
  return (
    `queues, 1,000 msg/s × ${durationSeconds} s, historyLimit 20000: heap after GC ` +
    `${withCheckpoints.toFixed(0)} MB holding ${count} saveState() copies, ` +
    `${without.toFixed(0)} MB without them (${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU)`
  );
}

if (process.argv[1] !== undefined && /queueCheckpointMemory\.[cm]?[tj]s$/.test(process.argv[1])) {
  const seconds = Number(process.argv[2]);
  const count = Number(process.argv[3]);
  console.log(
    checkpointMemory(
      Number.isFinite(seconds) && seconds > 0 ? seconds : 3600,
      Number.isFinite(count) && count > 0 ? count : 96,
    ),
  );
}
