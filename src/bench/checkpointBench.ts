/**
 * Checkpoint benchmark (issue 6: a seek anywhere in a 10-minute run at 1,000
 * records/s answers within 200 ms). At t = 600 of Kinesis (4 shards) and SQS
 * standard runs at 1,000 records/s with the UI's historyLimit of 20,000, it
 * times what the worker host does for time travel: `saveState()` (taking a
 * checkpoint), `restoreSimulation` (the start of a seek) and the replay of 5
 * simulated seconds from the restored state (the rest of a seek). It also
 * times a structuredClone of the saved state, which the host does not do but a
 * hand-off to another thread would.
 *
 * Registered in engine.bench.ts (`npm run bench checkpoint`).
 */
import { serialize } from 'node:v8';
import { createSimulation, restoreSimulation, type ResolvedScenario } from '../engine';
import { buildScenario } from '../scenarios/build';
import { medianOf } from '../worker/host';
import { LONG_RUN_SOURCES, longRunScenario } from './longRuns';

/** One checkpoint measurement: milliseconds per step (median of a few tries) and the state's size. */
export interface CheckpointResult {
  readonly name: string;
  readonly saveMs: number;
  readonly cloneMs: number;
  readonly restoreMs: number;
  readonly replayMs: number;
  /** Megabytes of the state as structuredClone serializes it (v8.serialize). */
  readonly stateMb: number;
}

/** The two bench scenarios: 10 minutes at 1,000 records/s. */
export function checkpointScenarios(durationSeconds = 600): readonly ResolvedScenario[] {
  return LONG_RUN_SOURCES.map((source) => buildScenario(longRunScenario(source, durationSeconds)));
}

/** Runs each scenario to `at - 5` s, then times save, clone, restore and a 5 s replay. */
export function checkpointBench(at = 600, tries = 5): readonly CheckpointResult[] {
  return checkpointScenarios(at).map((scenario) => {
    const sim = createSimulation(scenario, { historyLimit: 20000 });
    sim.runUntil(at - 5);
    const save: number[] = [];
    const clone: number[] = [];
    const restore: number[] = [];
    const replay: number[] = [];
    let bytes = 0;
    for (let i = 0; i < tries; i++) {
      let t0 = performance.now();
      const state = sim.saveState();
      save.push(performance.now() - t0);
      t0 = performance.now();
      structuredClone(state);
      clone.push(performance.now() - t0);
      t0 = performance.now();
      const restored = restoreSimulation(state);
      restore.push(performance.now() - t0);
      t0 = performance.now();
      restored.runUntil(at);
      replay.push(performance.now() - t0);
      // v8.serialize is the serializer structuredClone uses: its size is the state's cloned size.
      if (i === 0) bytes = serialize(state).byteLength;
    }
    return {
      name: scenario.title ?? '',
      saveMs: medianOf(save),
      cloneMs: medianOf(clone),
      restoreMs: medianOf(restore),
      replayMs: medianOf(replay),
      stateMb: bytes / 2 ** 20,
    };
  });
}
