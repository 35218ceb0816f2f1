/**
 * A tiny deterministic Simulation for protocol tests: a poll every 0.5 s, a
 * record put every second, and a failed batch every 2 s (from t = 2). Live
 * edits change BatchSize, which the snapshot reports, so forks are visible.
 * Its state is plain data, so saveState/restore behave like the real engine's.
 */
import {
  asRecordId,
  RECORD_STATUSES,
  type MetricsSeries,
  type ResolvedScenario,
  type ScenarioAction,
  type SimEvent,
  type Simulation,
  type SimulationState,
  type StageSnapshot,
} from '../../engine/types';
import type { EngineFactory } from '../host';

interface FakeData {
  scenario: ResolvedScenario;
  now: number;
  /** Index of the next tick (ticks are every 0.5 s). */
  tick: number;
  seq: number;
  puts: number;
  batchSize: number;
  buffer: SimEvent[];
  actions: ScenarioAction[];
  putsPerSecond: number[];
}

const TICK = 0.5;

class FakeSimulation implements Simulation {
  constructor(private readonly d: FakeData) {}

  get scenario(): ResolvedScenario {
    return this.d.scenario;
  }
  now(): number {
    return this.d.now;
  }
  ended(): boolean {
    return this.d.now >= this.d.scenario.durationSeconds;
  }
  private emitTick(): void {
    const t = this.d.tick * TICK;
    const d = this.d;
    d.buffer.push({ t, seq: d.seq++, kind: 'poll', shardId: null, polled: 0 });
    if (d.tick % 2 === 0) {
      d.puts += 1;
      const sec = Math.floor(t);
      d.putsPerSecond[sec] = (d.putsPerSecond[sec] ?? 0) + 1;
      d.buffer.push({
        t,
        seq: d.seq++,
        kind: 'recordPut',
        recordId: asRecordId(`r${d.puts}`),
        key: 'k0',
        shardId: null,
        sequenceNumber: String(d.puts),
      });
    }
    if (d.tick > 0 && d.tick % 4 === 0) {
      d.buffer.push({
        t,
        seq: d.seq++,
        kind: 'invocationResult',
        invocation: d.tick / 4,
        shardId: null,
        result: 'functionError',
        recordIds: [],
        reportedFailures: [],
      });
    }
    d.tick += 1;
  }
  runUntil(t: number): void {
    const end = Math.min(t, this.d.scenario.durationSeconds);
    while (this.d.tick * TICK <= end) this.emitTick();
    this.d.now = Math.max(this.d.now, end);
  }
  stepToNextMeaningfulEvent(): readonly SimEvent[] {
    if (this.ended()) return [];
    const from = this.d.buffer.length;
    const t = this.d.tick * TICK;
    this.emitTick();
    this.d.now = t;
    return this.d.buffer.slice(from);
  }
  applyAction(action: Omit<ScenarioAction, 'at'>): void {
    const full: ScenarioAction = { ...action, at: this.d.now };
    this.d.actions.push(full);
    if (action.mapping?.BatchSize !== undefined) this.d.batchSize = action.mapping.BatchSize;
    this.d.buffer.push({
      t: this.d.now,
      seq: this.d.seq++,
      kind: 'edit',
      description: 'edit',
      action: full,
    });
  }
  actions(): readonly ScenarioAction[] {
    return [...this.d.scenario.actions, ...this.d.actions];
  }
  snapshot(): StageSnapshot {
    const s = this.d.scenario;
    const byStatus = Object.fromEntries(RECORD_STATUSES.map((k) => [k, 0])) as Record<
      (typeof RECORD_STATUSES)[number],
      number
    >;
    return {
      t: this.d.now,
      ended: this.ended(),
      sourceType: s.source.type,
      source: s.source,
      mapping: { ...s.mapping, BatchSize: this.d.batchSize },
      function: s.function,
      invocations: [],
      concurrency: { current: 0, cap: 1, capReason: 'one batch per shard' },
      totals: {
        recordsPut: this.d.puts,
        byStatus,
        invocations: 0,
        errors: 0,
        throttles: 0,
        duplicates: 0,
      },
      shards: null,
      queue: null,
      destination: { kind: null, delivered: 0, recent: [] },
    };
  }
  drainEvents(max = Infinity): readonly SimEvent[] {
    const out = max < this.d.buffer.length ? this.d.buffer.slice(-max) : this.d.buffer;
    this.d.buffer = [];
    return out;
  }
  metrics(fromSecond = 0): MetricsSeries {
    const upTo = Math.floor(this.d.now) + 1;
    const values: number[] = [];
    for (let i = fromSecond; i < upTo; i++) values.push(this.d.putsPerSecond[i] ?? 0);
    return { periodSeconds: 1, start: fromSecond, series: { RecordsPut: values } };
  }
  recordStory(): null {
    return null;
  }
  invocationEvent(n: number): unknown {
    return { fake: n };
  }
  report(): never {
    throw new Error('The fake simulation has no report.');
  }
  saveState(): SimulationState {
    return { kind: 'stream', data: structuredClone(this.d) };
  }
}

/** The fake engine: same API as src/engine's createSimulation/restoreSimulation. */
export const FAKE_ENGINE: EngineFactory = {
  create: (scenario) =>
    new FakeSimulation({
      scenario,
      now: 0,
      tick: 0,
      seq: 0,
      puts: 0,
      batchSize: scenario.mapping.BatchSize,
      buffer: [],
      actions: [],
      putsPerSecond: [],
    }),
  restore: (state) => new FakeSimulation(structuredClone(state.data as FakeData)),
};
