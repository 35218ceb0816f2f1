/**
 * Host seek benchmark (issue #11: a seek anywhere in a 10-minute run, p95 ≤
 * 150 ms). The worker's SimHost in this thread, with the app's tuning
 * (DEFAULT_TUNING), plays each 10-minute long run (longRuns.ts) to its end at
 * 100x, acking every frame at once, then seeks to the same 20 pseudo-random
 * moments as e2e/bench/seek.bench.ts (same generator). Each seek is timed from
 * the seek message to the frame that shows it, and split by what the host
 * spent it on: restoring a checkpoint, replaying the engine to the moment
 * (runUntil), and building the frame (snapshot, metrics, the rest). It is
 * the worker's share of a seek in the browser; the page adds its render.
 *
 * `npm run bench seek` (engine.bench.ts); BENCH_SOURCE=kinesis|sqs picks one.
 */
import { buildScenario } from '../scenarios/build';
import { LONG_RUN_SOURCES, longRunScenario, type LongRunSource } from './longRuns';
import type { Simulation } from '../engine';
import { REAL_ENGINE, type EngineFactory } from '../worker/host';
import { benchHost } from './benchHost';

/** One seek's cost, in wall ms. */
export interface SeekSample {
  readonly t: number;
  readonly totalMs: number;
  readonly restoreMs: number;
  readonly replayMs: number;
  readonly snapshotMs: number;
  readonly metricsMs: number;
}

/** What one run measured. */
export interface HostSeekResult {
  readonly source: LongRunSource;
  readonly playWallSeconds: number;
  readonly checkpoints: number;
  readonly seeks: readonly SeekSample[];
}

/** The seek bench's moments: the generator of e2e/bench/seek.bench.ts. */
export function seekMoments(n: number, duration: number): number[] {
  let seed = 12345;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    out.push(Math.round((seed / 2147483648) * duration * 10) / 10);
  }
  return out;
}

/** Time spent per timed method since the last reset. */
class Timers {
  restore = 0;
  runUntil = 0;
  snapshot = 0;
  metrics = 0;

  reset(): void {
    this.restore = 0;
    this.runUntil = 0;
    this.snapshot = 0;
    this.metrics = 0;
  }
}

type Timed = 'runUntil' | 'snapshot' | 'metrics';
const TIMED: readonly Timed[] = ['runUntil', 'snapshot', 'metrics'];

/** A simulation whose runUntil, snapshot and metrics add their wall time to the timers. */
function timedSimulation(sim: Simulation, timers: Timers): Simulation {
  return new Proxy(sim, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      const name = TIMED.find((k) => k === key);
      if (name === undefined) return value.bind(target) as unknown;
      return (...args: unknown[]): unknown => {
        const started = performance.now();
        try {
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        } finally {
          timers[name] += performance.now() - started;
        }
      };
    },
  });
}

/** Plays one long run to its end through a SimHost, then seeks `n` times. */
export function runHostSeeks(source: LongRunSource, durationSeconds = 600, n = 20): HostSeekResult {
  const timers = new Timers();
  const engine: EngineFactory = {
    create: (scenario, options) => timedSimulation(REAL_ENGINE.create(scenario, options), timers),
    restore: (state) => {
      const started = performance.now();
      const sim = REAL_ENGINE.restore(state);
      timers.restore += performance.now() - started;
      return timedSimulation(sim, timers);
    },
  };
  const { host, last, ack, check } = benchHost(engine);
  const scenario = buildScenario(longRunScenario(source, durationSeconds));
  const started = performance.now();
  host.handle({ type: 'load', runId: 1, input: { kind: 'resolved', scenario } });
  host.handle({ type: 'setSpeed', runId: 1, speed: 100 });
  host.handle({ type: 'play', runId: 1 });
  while (!last.ended) ack();
  const playWallSeconds = (performance.now() - started) / 1000;
  const checkpoints = host.memoryStats().checkpoints;
  const seeks: SeekSample[] = [];
  for (const at of seekMoments(n, durationSeconds)) {
    timers.reset();
    const from = performance.now();
    host.handle({ type: 'seek', runId: 1, t: at });
    ack();
    const totalMs = performance.now() - from;
    check();
    if (Math.abs(last.t - at) > 1e-6) throw new Error(`seek to ${at} showed ${last.t}`);
    seeks.push({
      t: at,
      totalMs,
      restoreMs: timers.restore,
      replayMs: timers.runUntil,
      snapshotMs: timers.snapshot,
      metricsMs: timers.metrics,
    });
  }
  return { source, playWallSeconds, checkpoints, seeks };
}

/** Both 10-minute runs (`npm run bench seek`); BENCH_SOURCE picks one. */
export function hostSeekBench(): readonly HostSeekResult[] {
  const only = process.env.BENCH_SOURCE;
  return LONG_RUN_SOURCES.filter((s) => only === undefined || s === only).map((s) =>
    runHostSeeks(s),
  );
}

const quantile = (xs: readonly number[], q: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
};

/** Prints one result. */
export function printHostSeeks(r: HostSeekResult): void {
  const f = (ms: number): string => ms.toFixed(0);
  const col = (pick: (s: SeekSample) => number): string =>
    `median ${f(quantile(r.seeks.map(pick), 0.5))} / p95 ${f(quantile(r.seeks.map(pick), 0.95))}`;
  console.log(
    `host seeks, ${r.source} 10 minutes (played to the end in ${r.playWallSeconds.toFixed(1)} s wall, ` +
      `${r.checkpoints} checkpoints): total ${col((s) => s.totalMs)} ms; ` +
      `restore ${col((s) => s.restoreMs)}, replay ${col((s) => s.replayMs)}, ` +
      `snapshot ${col((s) => s.snapshotMs)}, metrics ${col((s) => s.metricsMs)}`,
  );
  console.log(
    `  each (t: total = restore + replay + snapshot + metrics + rest): ` +
      r.seeks
        .map(
          (s) =>
            `${s.t}: ${f(s.totalMs)} = ${f(s.restoreMs)}+${f(s.replayMs)}+${f(s.snapshotMs)}+${f(s.metricsMs)}`,
        )
        .join('; '),
  );
}
