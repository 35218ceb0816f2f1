/**
 * Host memory benchmark (issue 6: an hour-long run at 1,000 records/s keeps
 * the tab under 300 MB). Drives the worker's SimHost in this thread, with the
 * app's own tuning (DEFAULT_TUNING), through an hour of Kinesis (4 shards)
 * and of SQS standard at 1,000 records/s, playing at top speed and acking
 * every frame at once (as fast as the host allows). Every 10 simulated
 * minutes it forces a garbage collection and prints the heap used, the
 * checkpoints kept and their summed save cost. At the end it releases the
 * host's parts one by one (checkpoints, log, step-back index, then the
 * simulation) and prints what each held.
 *
 * `npm run bench host` (engine.bench.ts). Garbage collection is exposed at
 * run time (v8.setFlagsFromString), so no node flag is needed.
 */
import { buildScenario } from '../scenarios/build';
import { LONG_RUN_SOURCES, longRunScenario } from './longRuns';
import type { ResolvedScenario, Simulation } from '../engine';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { HostMemoryStats } from '../worker/host';
import { benchHost } from './benchHost';

/** The two hour-long runs. */
export function hostMemoryScenarios(durationSeconds = 3600): readonly ResolvedScenario[] {
  return LONG_RUN_SOURCES.map((source) => buildScenario(longRunScenario(source, durationSeconds)));
}

/** One sample of a run. */
export interface HostMemorySample {
  readonly t: number;
  readonly wallSeconds: number;
  readonly heapMb: number;
  readonly stats: HostMemoryStats;
}

/** What one run measured. */
export interface HostMemoryResult {
  readonly name: string;
  readonly samples: readonly HostMemorySample[];
  /** Heap released by dropping each part of the host at the end, in MB. */
  readonly parts: Readonly<Record<string, number>>;
}

const MB = 2 ** 20;

/** A full garbage collection (node --expose-gc's gc(), enabled here at run time). */
function exposedGc(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing !== undefined) return existing;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function heapAfterGc(): number {
  const gc = exposedGc();
  gc();
  gc();
  // Typed arrays' memory lives outside the JS heap (arrayBuffers): the engine's columns are there.
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / MB;
}

/** The host's run, as far as this bench reaches into it to release its parts. */
interface RunParts {
  sim: Simulation | null;
  checkpoints: unknown[];
  log: unknown[];
}

/** Plays one scenario to its end through a SimHost, sampling every `everySeconds` simulated. */
export function runHostMemory(scenario: ResolvedScenario, everySeconds = 600): HostMemoryResult {
  const { host, last, ack, check } = benchHost();
  const base = heapAfterGc();
  const started = performance.now();
  host.handle({ type: 'load', runId: 1, input: { kind: 'resolved', scenario } });
  check();
  host.handle({ type: 'setSpeed', runId: 1, speed: Number.POSITIVE_INFINITY });
  host.handle({ type: 'setSpeed', runId: 1, speed: 100 });
  host.handle({ type: 'play', runId: 1 });
  const samples: HostMemorySample[] = [];
  let next = everySeconds;
  const sample = (): void => {
    samples.push({
      t: last.t,
      wallSeconds: (performance.now() - started) / 1000,
      heapMb: heapAfterGc() - base,
      stats: host.memoryStats(),
    });
  };
  while (!last.ended) {
    ack();
    if (last.t >= next || last.ended) {
      sample();
      next += everySeconds;
    }
  }
  // What each part holds: release it and measure the heap again.
  const parts: Record<string, number> = {};
  const run = (host as unknown as { run: RunParts }).run;
  let before = heapAfterGc();
  const release = (name: string, drop: () => void): void => {
    drop();
    const after = heapAfterGc();
    parts[name] = before - after;
    before = after;
  };
  release('checkpoints', () => {
    run.checkpoints = [];
  });
  release('host log', () => {
    run.log = [];
  });
  release('simulation', () => {
    run.sim = null;
  });
  release('rest of the host', () => {
    (host as unknown as { run: RunParts | null }).run = null;
  });
  return { name: scenario.title ?? '', samples, parts };
}

/** Both runs (`npm run bench host`); BENCH_SECONDS shortens them. */
export function hostMemoryBench(): readonly HostMemoryResult[] {
  const seconds = Number(process.env.BENCH_SECONDS ?? 3600);
  const only = process.env.BENCH_SOURCE;
  return hostMemoryScenarios(seconds)
    .filter((s) => only === undefined || s.source.type === only)
    .map((s) => runHostMemory(s, Math.max(60, Math.round(seconds / 6))));
}

/** Prints one result. */
export function printHostMemory(r: HostMemoryResult): void {
  console.log(`host memory, ${r.name} (DEFAULT_TUNING, speed 100, frames acked at once):`);
  for (const s of r.samples) {
    const st = s.stats;
    console.log(
      `  t=${s.t.toFixed(0)} s after ${s.wallSeconds.toFixed(1)} s wall: heap + array buffers ${s.heapMb.toFixed(0)} MB; ` +
        `${st.checkpoints} checkpoints (save cost ${st.checkpointCostMs.toFixed(0)} ms, ` +
        `~${(st.checkpointBytes / MB).toFixed(0)} MB estimated), ` +
        `log ${st.logEvents} events, step-back index ${st.meaningful}`,
    );
  }
  console.log(
    `  released at the end: ${Object.entries(r.parts)
      .map(([k, v]) => `${k} ${v.toFixed(0)} MB`)
      .join(', ')}`,
  );
}
