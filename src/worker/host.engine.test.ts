/** The host over the real engine: seeks and forks must agree with fresh runs. */
import { describe, expect, it } from 'vitest';
import { createSimulation, type ResolvedScenario } from '../engine';
import {
  asRecordId,
  BOUNDED_RECORDS_KEPT_WHOLE,
  MEANINGFUL_EVENT_KINDS,
  RECENT_REPORT_INVOCATIONS,
} from '../engine/types';
import { buildScenario } from '../scenarios/build';
import { SimHost, SUMMARY_FULL_RECORDS, type HostTuning } from './host';
import type { FrameMessage, FromHost, ToHost } from './protocol';

/** A message without its runId (the harness adds it); distributes over the union. */
type Command<T = ToHost> = T extends unknown ? Omit<T, 'runId'> : never;

const KINESIS = buildScenario({
  title: 'poison on a shard',
  seed: 3,
  durationSeconds: 120,
  source: { type: 'kinesis', ShardCount: 2 },
  mapping: {
    BatchSize: 10,
    MaximumBatchingWindowInSeconds: 1,
    StartingPosition: 'TRIM_HORIZON',
    MaximumRetryAttempts: 3,
  },
  producers: [{ ratePerSecond: 20, keys: 5 }],
  records: [{ id: 'poison', at: 5, key: 'k1', failDeliveries: -1 }],
});

const SQS = buildScenario({
  seed: 5,
  durationSeconds: 120,
  source: { type: 'sqs', VisibilityTimeout: 5, RedrivePolicy: { maxReceiveCount: 2 } },
  function: { errorRate: 0.2 },
  producers: [{ ratePerSecond: 30 }],
});

function drive(scenario: ResolvedScenario, tuning: Partial<HostTuning> = {}) {
  let wall = 0;
  const out: FromHost[] = [];
  const host = new SimHost(
    { post: (m) => out.push(m), now: () => wall },
    { frameBudgetMs: 1e9, checkpointEverySeconds: 4, ...tuning },
  );
  const last = (): FrameMessage => {
    const f = out.filter((m): m is FrameMessage => m.type === 'frame').at(-1);
    if (f === undefined) throw new Error('no frame');
    return f;
  };
  const send = (m: Command): void => host.handle({ runId: 1, ...m } as ToHost);
  const ack = (): void => send({ type: 'frameAck', frameNo: last().frameNo });
  host.handle({ type: 'load', runId: 1, input: { kind: 'resolved', scenario } });
  send({ type: 'setSpeed', speed: 20 });
  ack();
  return {
    host,
    out,
    last,
    send,
    ack,
    playTo(t: number) {
      send({ type: 'play' });
      while (last().t < t) {
        wall += 10;
        ack();
      }
      send({ type: 'pause' });
      ack();
    },
  };
}

function freshAt(scenario: ResolvedScenario, t: number) {
  const sim = createSimulation(scenario, { historyLimit: 20000 });
  sim.runUntil(t);
  return sim.snapshot();
}

describe.each([
  ['kinesis', KINESIS],
  ['sqs', SQS],
])('SimHost over the real %s engine', (_name, scenario) => {
  it('seeks to exactly the state of a fresh run', () => {
    const h = drive(scenario);
    h.playTo(40);
    for (const t of [12.34, 0.5, 33, 39.9]) {
      h.send({ type: 'seek', t });
      h.ack();
      expect(h.last().t).toBe(t);
      expect(h.last().snapshot).toEqual(freshAt(scenario, t));
    }
  });

  it('opens a new run at a moment (LoadStart): the state of a fresh run there, with the past seekable', () => {
    const out: FromHost[] = [];
    const host = new SimHost(
      { post: (m) => out.push(m), now: () => 0 },
      { frameBudgetMs: 1e9, checkpointEverySeconds: 4 },
    );
    const follow = asRecordId(scenario.source.type === 'kinesis' ? 'poison' : 'p0-3');
    host.handle({
      type: 'load',
      runId: 1,
      input: { kind: 'resolved', scenario },
      start: { at: 37.5, follow },
    });
    const frames = () => out.filter((m): m is FrameMessage => m.type === 'frame');
    expect(out[0]).toMatchObject({ type: 'loaded', runId: 1, selected: follow });
    expect(frames()).toHaveLength(1);
    const first = frames()[0];
    expect(first?.t).toBe(37.5);
    expect(first?.status).toBe('paused');
    expect(first?.snapshot).toEqual(freshAt(scenario, 37.5));
    expect(first?.storyFor).toBe(follow);
    expect(first?.story?.id).toBe(follow);
    expect(first?.timeline.furthest).toBe(37.5);
    expect(host.memoryStats().checkpoints).toBeGreaterThan(3);
    host.handle({ type: 'seek', runId: 1, t: 10 });
    host.handle({ type: 'frameAck', runId: 1, frameNo: first?.frameNo ?? 0 });
    expect(frames().at(-1)?.snapshot).toEqual(freshAt(scenario, 10));
    // A moment past the end opens at the end.
    host.handle({
      type: 'load',
      runId: 2,
      input: { kind: 'resolved', scenario },
      start: { at: 1e9 },
    });
    expect(frames().at(-1)?.t).toBe(scenario.durationSeconds);
    expect(frames().at(-1)?.status).toBe('ended');
  });

  it('keeps its checkpoints within the memory budget and still seeks exactly', () => {
    const free = drive(scenario);
    free.playTo(100);
    const all = free.host.memoryStats();
    expect(all.checkpoints).toBeGreaterThan(20);
    expect(all.checkpointBytes).toBeGreaterThan(0);
    const budget = all.checkpointBytes / 4;
    const h = drive(scenario, { checkpointMemoryBytes: budget });
    h.playTo(100);
    const kept = h.host.memoryStats();
    expect(kept.checkpoints).toBeLessThan(all.checkpoints / 2);
    expect(kept.checkpointBytes).toBeLessThanOrEqual(budget);
    for (const t of [97.5, 3, 61.25]) {
      h.send({ type: 'seek', t });
      h.ack();
      expect(h.last().t).toBe(t);
      expect(h.last().snapshot).toEqual(freshAt(scenario, t));
    }
  });

  it('steps back to the previous meaningful event from its compact index', () => {
    const h = drive(scenario);
    const times: number[] = [];
    for (let i = 0; i < 12; i++) {
      h.send({ type: 'step' });
      h.ack();
      times.push(h.last().t);
    }
    expect(h.host.memoryStats().meaningful).toBeGreaterThanOrEqual(12);
    const distinct = [...new Set(times)];
    h.send({ type: 'stepBack' });
    h.ack();
    expect(h.last().t).toBe(distinct.at(-2));
  });

  it('refills the log with what led to a moment when a seek forward restores a later checkpoint', () => {
    const h = drive(scenario);
    h.playTo(60);
    h.send({ type: 'seek', t: 2 });
    h.ack();
    h.send({ type: 'seek', t: 50 });
    h.ack();
    const frame = h.last();
    expect(frame.reset).toBe(true);
    const sim = createSimulation(scenario, { historyLimit: 20000 });
    sim.runUntil(50);
    const fresh = sim.drainEvents();
    const shown = frame.events.map((e) => e.seq);
    expect(shown.length).toBeGreaterThan(10);
    expect(shown).toEqual(fresh.slice(-shown.length).map((e) => e.seq));
  });

  it('forks on an edit in the past and keeps playing from the edit', () => {
    const h = drive(scenario);
    h.playTo(30);
    h.send({ type: 'seek', t: 10 });
    h.ack();
    h.send({ type: 'applyAction', requestId: 1, action: { failNextInvocations: 2 } });
    h.ack();
    expect(h.out.some((m) => m.type === 'actionApplied')).toBe(true);
    expect(h.last().timeline).toMatchObject({ furthest: 10, forkedAt: 10 });
    h.playTo(20);
    expect(h.last().t).toBeGreaterThanOrEqual(20);
    // Actions are sent only on frames where they changed.
    const withActions = h.out.filter(
      (m): m is FrameMessage => m.type === 'frame' && m.actions !== null,
    );
    expect(withActions.at(-1)?.actions?.some((a) => a.failNextInvocations === 2)).toBe(true);
  });

  it('steps back after a seek back from the index it kept of the ground ahead', () => {
    const h = drive(scenario);
    h.playTo(60);
    const sim = createSimulation(scenario, { historyLimit: 20000 });
    sim.runUntil(60);
    const meaningful = sim.drainEvents().filter((e) => MEANINGFUL_EVENT_KINDS.has(e.kind));
    for (const t of [30, 12.5]) {
      h.send({ type: 'seek', t });
      h.ack();
      expect(h.last().t).toBe(t);
      // The last meaningful moment before t, as a run that never sought back finds it.
      const before = meaningful.filter((e) => e.t < t - 1e-9).at(-1)?.t ?? 0;
      h.send({ type: 'stepBack' });
      h.ack();
      expect(h.last().t).toBe(before);
    }
    // Played again, the ground ahead adds no second copy of its events to the index.
    h.playTo(60);
    const again = createSimulation(scenario, { historyLimit: 20000 });
    again.runUntil(h.last().t);
    expect(h.host.memoryStats().meaningful).toBe(
      again.drainEvents().filter((e) => MEANINGFUL_EVENT_KINDS.has(e.kind)).length,
    );
  });

  it('steps back into the part of the run its step-back index dropped, by replaying', () => {
    // An index of 64 events: playing to 60 s drops its oldest halves several times over.
    const h = drive(scenario, { stepBackIndexSize: 64 });
    h.playTo(60);
    const sim = createSimulation(scenario, { historyLimit: 20000 });
    sim.runUntil(60);
    const meaningful = sim.drainEvents().filter((e) => MEANINGFUL_EVENT_KINDS.has(e.kind));
    expect(meaningful.length).toBeGreaterThan(200);
    expect(h.host.memoryStats().meaningful).toBeLessThanOrEqual(64);
    for (const t of [30, 12.5, 4.2]) {
      h.send({ type: 'seek', t });
      h.ack();
      // Two steps back: the second starts exactly at a meaningful moment.
      let at = t;
      for (let k = 0; k < 2; k++) {
        const before = meaningful.filter((e) => e.t < at - 1e-9).at(-1)?.t ?? 0;
        h.send({ type: 'stepBack' });
        h.ack();
        expect(h.last().t).toBe(before);
        expect(h.last().snapshot).toEqual(freshAt(scenario, before));
        at = before;
      }
    }
  });

  it('after a seek back replays many events, shows the newest of them in the log without a gap', () => {
    // A log of 40 events: the replay from the checkpoint logs more, and only its tail is built.
    const h = drive(scenario, { logSize: 40, checkpointEverySeconds: 20 });
    h.playTo(60);
    // Back to the start, then forward: restored, the checkpoint at 20 brings its own log tail.
    h.send({ type: 'seek', t: 2 });
    h.ack();
    h.send({ type: 'seek', t: 39 });
    h.ack();
    const frame = h.last();
    expect(frame.reset).toBe(true);
    const sim = createSimulation(scenario, { historyLimit: 20000 });
    sim.runUntil(39);
    const fresh = sim.drainEvents().map((e) => e.seq);
    const shown = frame.events.map((e) => e.seq);
    expect(shown.length).toBeGreaterThan(10);
    expect(shown.length).toBeLessThanOrEqual(40);
    expect(shown).toEqual(fresh.slice(-shown.length));
    // The host's log is that tail alone: nothing from before the events passed over.
    expect(h.host.memoryStats().logEvents).toBe(shown.length);
  });

  it('forgets the meaningful events of the old future at a fork', () => {
    const h = drive(scenario);
    h.playTo(40);
    h.send({ type: 'seek', t: 10 });
    h.ack();
    const action = { failNextInvocations: 2 };
    h.send({ type: 'applyAction', requestId: 1, action });
    h.ack();
    const sim = createSimulation(scenario, { historyLimit: 20000 });
    sim.runUntil(10);
    const events = [...sim.drainEvents()];
    sim.applyAction(action);
    events.push(...sim.drainEvents());
    const count = events.filter((e) => MEANINGFUL_EVENT_KINDS.has(e.kind)).length;
    expect(h.host.memoryStats().meaningful).toBe(count);
  });

  it('steps from meaningful event to meaningful event', () => {
    const h = drive(scenario);
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      h.send({ type: 'step' });
      h.ack();
      times.push(h.last().t);
    }
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(times.at(-1)).toBeGreaterThan(0);
  });
});

describe('a long stream run (it forgets records past BOUNDED_RECORDS_KEPT_WHOLE)', () => {
  // Over SUMMARY_FULL_RECORDS records: the summary must not list every record (an hour at
  // 1,000 records/s made a 3.6M-entry report), yet its statuses are the whole run's.
  const LONG = buildScenario({
    seed: 9,
    durationSeconds: 130,
    source: { type: 'kinesis', ShardCount: 2 },
    mapping: { BatchSize: 10, StartingPosition: 'TRIM_HORIZON' },
    producers: [{ ratePerSecond: 1000, keys: 20 }],
  });

  it('counts statuses over the whole run and checks the recent invocations', () => {
    const h = drive(LONG);
    h.playTo(LONG.durationSeconds);
    const put = h.last().snapshot.totals.recordsPut;
    expect(put).toBeGreaterThan(SUMMARY_FULL_RECORDS);
    h.send({ type: 'summary', requestId: 7 });
    const reply = h.out.findLast((m) => m.type === 'summary');
    if (reply?.type !== 'summary' || reply.summary === null) throw new Error('no summary');
    const s = reply.summary;
    expect(Object.values(s.recordsByStatus).reduce((a, b) => a + b, 0)).toBe(put);
    expect(s.recordsByStatus).toEqual(h.last().snapshot.totals.byStatus);
    expect(s.partialHistory).toBe(true);
    const checked = Object.values(s.invocationsByResult).reduce((a, b) => a + b, 0);
    expect(checked).toBe(RECENT_REPORT_INVOCATIONS);
    expect(s.invariants.every((c) => c.passed)).toBe(true);
  });

  it('seeks back and forth to exactly the state of a run that never forgets', () => {
    const h = drive(LONG);
    h.playTo(LONG.durationSeconds);
    expect(h.last().snapshot.totals.recordsPut).toBeGreaterThan(BOUNDED_RECORDS_KEPT_WHOLE);
    for (const t of [121.5, 40, 129.9, 101.25]) {
      h.send({ type: 'seek', t });
      h.ack();
      const reference = createSimulation(LONG, {
        historyLimit: 20000,
        recordsKeptWhole: Number.POSITIVE_INFINITY,
      });
      reference.runUntil(t);
      expect(h.last().t).toBe(t);
      expect(h.last().snapshot).toEqual(reference.snapshot());
    }
    // Following a record still on stage after the seek: its story is there.
    const onStage = h.last().snapshot.shards?.[0]?.records.at(-1)?.id;
    expect(onStage).toBeDefined();
    h.send({ type: 'selectRecord', id: onStage! });
    h.ack();
    expect(h.last().story?.id).toBe(onStage);
    // One settled before the kept history is forgotten: the host answers, with no story.
    h.send({ type: 'selectRecord', id: 'p0-5' as never });
    h.ack();
    expect(h.last().storyFor).toBe('p0-5');
    expect(h.last().story).toBeNull();
  });
});
