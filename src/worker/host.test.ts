import { describe, expect, it } from 'vitest';
import { buildScenario } from '../scenarios/build';
import type { Simulation } from '../engine';
import { SimHost, type EngineFactory, type HostTuning } from './host';
import type { FrameMessage, FromHost, ToHost } from './protocol';

/** A message without its runId (the harness adds it); distributes over the union. */
type Command<T = ToHost> = T extends unknown ? Omit<T, 'runId'> : never;
import { FAKE_ENGINE } from './testing/fakeSimulation';

const SCENARIO = buildScenario({
  title: 'fake',
  durationSeconds: 60,
  source: { type: 'kinesis' },
});

/** A host over the fake engine with a hand-driven wall clock. */
function harness(tuning: Partial<HostTuning> = {}) {
  let wall = 0;
  const out: FromHost[] = [];
  const host = new SimHost(
    { post: (m) => out.push(structuredClone(m)), now: () => wall },
    // The fake clock does not move during a frame, so the budget never cuts a frame short.
    { frameBudgetMs: 1e9, ...tuning },
    FAKE_ENGINE,
  );
  const frames = (): FrameMessage[] => out.filter((m): m is FrameMessage => m.type === 'frame');
  const last = (): FrameMessage => {
    const f = frames().at(-1);
    if (f === undefined) throw new Error('no frame yet');
    return f;
  };
  let runId = 1;
  const send = (m: Command): void => host.handle({ runId, ...m } as ToHost);
  const ack = (): void => send({ type: 'frameAck', frameNo: last().frameNo });
  const load = (id = 1): void => {
    runId = id;
    host.handle({ type: 'load', runId: id, input: { kind: 'resolved', scenario: SCENARIO } });
  };
  /** Plays in 100 ms wall steps (acking each frame) until simulated time reaches t. */
  const playTo = (t: number): void => {
    send({ type: 'play' });
    for (let i = 0; i < 100_000 && last().t < t - 1e-9; i++) {
      wall += 100;
      ack();
    }
    send({ type: 'pause' });
    ack();
  };
  return {
    host,
    out,
    frames,
    last,
    send,
    ack,
    load,
    playTo,
    tick: (ms: number) => {
      wall += ms;
    },
  };
}

const freshSnapshotAt = (t: number) => {
  const sim = FAKE_ENGINE.create(SCENARIO, { historyLimit: null });
  sim.runUntil(t);
  return { snapshot: sim.snapshot(), events: sim.drainEvents() };
};

describe('SimHost', () => {
  it('answers load with loaded and a first frame at t = 0', () => {
    const h = harness();
    h.load();
    expect(h.out[0]).toMatchObject({ type: 'loaded', runId: 1 });
    expect(h.last()).toMatchObject({ runId: 1, t: 0, status: 'paused', reset: true });
    expect(h.last().timeline).toEqual({ furthest: 0, duration: 60, forkedAt: null });
  });

  it('plays at wall time × speed, one frame per ack', () => {
    const h = harness();
    h.load();
    h.send({ type: 'play' });
    const t0 = h.frames().length;
    h.tick(200);
    h.ack();
    expect(h.last().t).toBeCloseTo(0.2, 6);
    h.send({ type: 'setSpeed', speed: 5 });
    h.tick(100);
    h.ack();
    expect(h.last().t).toBeCloseTo(0.7, 6);
    expect(h.last().speed).toBe(5);
    const ts = h
      .frames()
      .slice(t0)
      .map((f) => f.t);
    expect([...ts].sort((a, b) => a - b)).toEqual(ts);
  });

  it('drops clock debt beyond the catch-up cap instead of spiralling', () => {
    const h = harness();
    h.load();
    h.send({ type: 'play' });
    h.tick(10_000);
    h.ack();
    expect(h.last().t).toBeCloseTo(0.25, 6);
    h.tick(100);
    h.ack();
    expect(h.last().t).toBeCloseTo(0.35, 6);
  });

  it('sends no second frame without an ack for the first (backpressure)', () => {
    const h = harness();
    h.load();
    const n = h.frames().length;
    h.send({ type: 'play' });
    h.tick(500);
    h.send({ type: 'setSpeed', speed: 2 });
    h.send({ type: 'step' });
    h.send({ type: 'seek', t: 0 });
    expect(h.frames().length).toBe(n);
    h.send({ type: 'frameAck', frameNo: h.last().frameNo + 7 });
    expect(h.frames().length).toBe(n);
    h.ack();
    expect(h.frames().length).toBe(n + 1);
  });

  it('steps to the next meaningful event and back to the previous one', () => {
    const h = harness();
    h.load();
    h.playTo(3);
    h.send({ type: 'step' });
    h.ack();
    expect(h.last().t).toBeCloseTo(3.5, 9);
    expect(h.last().events.some((e) => e.kind === 'poll' && e.t === 3.5)).toBe(true);
    h.send({ type: 'stepBack' });
    h.ack();
    expect(h.last().t).toBeCloseTo(3, 9);
    h.ack();
    h.send({ type: 'stepBack' });
    h.ack();
    expect(h.last().t).toBeCloseTo(2.5, 9);
    expect(h.last().status).toBe('paused');
  });

  it('seeks backwards to the same state as a fresh run to that time', () => {
    const h = harness({ checkpointEverySeconds: 2 });
    h.load();
    h.playTo(20);
    h.send({ type: 'seek', t: 7.3 });
    h.ack();
    const f = h.last();
    expect(f.t).toBe(7.3);
    expect(f.reset).toBe(true);
    const fresh = freshSnapshotAt(7.3);
    expect(f.snapshot).toEqual(fresh.snapshot);
    expect(f.events).toEqual(fresh.events);
    expect(f.timeline.furthest).toBeGreaterThanOrEqual(20);
    // and forwards again, within what has been reached
    h.send({ type: 'seek', t: 15 });
    h.ack();
    expect(h.last().snapshot).toEqual(freshSnapshotAt(15).snapshot);
  });

  it('clamps seeks to [0, furthest]', () => {
    const h = harness();
    h.load();
    h.playTo(4);
    h.send({ type: 'seek', t: 50 });
    h.ack();
    expect(h.last().t).toBeCloseTo(4, 6);
    h.send({ type: 'seek', t: -3 });
    h.ack();
    expect(h.last().t).toBe(0);
  });

  it('forks: an edit made in the past drops the old future', () => {
    const h = harness();
    h.load();
    h.playTo(20);
    h.send({ type: 'seek', t: 5 });
    h.ack();
    h.send({ type: 'applyAction', requestId: 9, action: { mapping: { BatchSize: 5 } } });
    expect(h.out.some((m) => m.type === 'actionApplied' && m.requestId === 9)).toBe(true);
    h.ack();
    expect(h.last().timeline).toMatchObject({ furthest: 5, forkedAt: 5 });
    expect(h.last().snapshot.mapping.BatchSize).toBe(5);
    expect(h.last().actions?.at(-1)).toMatchObject({ at: 5, mapping: { BatchSize: 5 } });
    h.send({ type: 'seek', t: 15 });
    h.ack();
    expect(h.last().t).toBe(5);
  });

  it('replays a live edit when the run passes its time again', () => {
    const h = harness({ checkpointEverySeconds: 3 });
    h.load();
    h.playTo(10);
    h.send({ type: 'applyAction', requestId: 1, action: { mapping: { BatchSize: 7 } } });
    h.ack();
    h.playTo(20);
    expect(h.last().timeline.forkedAt).toBeNull();
    h.send({ type: 'seek', t: 4 });
    h.ack();
    expect(h.last().snapshot.mapping.BatchSize).toBe(100);
    h.send({ type: 'seek', t: 16 });
    h.ack();
    expect(h.last().snapshot.mapping.BatchSize).toBe(7);
    h.send({ type: 'seek', t: 4 });
    h.ack();
    h.playTo(12);
    expect(h.last().snapshot.mapping.BatchSize).toBe(7);
  });

  it('rejects an invalid live edit with problems and leaves the run as it was', () => {
    const h = harness();
    h.load();
    h.send({ type: 'applyAction', requestId: 3, action: { mapping: { BatchSize: -5 } } });
    const reply = h.out.at(-1);
    expect(reply).toMatchObject({ type: 'problems', requestId: 3 });
    expect(reply?.type === 'problems' && reply.problems[0]?.path).toBe('mapping.BatchSize');
    h.ack();
    expect(h.last().snapshot.mapping.BatchSize).toBe(100);
  });

  it('advances to the time the UI names (lock step), then stays paused, never past the end', () => {
    const h = harness({ checkpointEverySeconds: 2 });
    h.load();
    h.ack();
    h.send({ type: 'advance', t: 3.25 });
    h.ack();
    const f = h.last();
    expect(f.t).toBe(3.25);
    expect(f.status).toBe('paused');
    expect(f.snapshot).toEqual(freshSnapshotAt(3.25).snapshot);
    expect(f.timeline.furthest).toBe(3.25);
    // No wall time passes, yet nothing moves on by itself: the UI's clock drives it.
    h.tick(1000);
    h.ack();
    expect(h.last().t).toBe(3.25);
    // Seeking back works from the checkpoints the advance took.
    h.send({ type: 'seek', t: 1 });
    h.ack();
    expect(h.last().snapshot).toEqual(freshSnapshotAt(1).snapshot);
    h.send({ type: 'advance', t: 500 });
    h.ack();
    expect(h.last().t).toBeCloseTo(60, 6);
  });

  it('stops an advance at a breakpoint, like Play', () => {
    const h = harness();
    h.load();
    h.ack();
    h.send({ type: 'setBreakpoints', kinds: ['batchFailed'] });
    h.send({ type: 'advance', t: 10 });
    h.ack();
    expect(h.last().pausedAt?.breakpoint).toBe('batchFailed');
    expect(h.last().t).toBeCloseTo(2, 9);
  });

  it('pauses at a breakpoint event', () => {
    const h = harness();
    h.load();
    h.send({ type: 'setBreakpoints', kinds: ['batchFailed'] });
    h.send({ type: 'play' });
    for (let i = 0; i < 50 && h.last().pausedAt === null; i++) {
      h.tick(100);
      h.ack();
    }
    const f = h.last();
    expect(f.pausedAt?.breakpoint).toBe('batchFailed');
    expect(f.pausedAt?.event.kind).toBe('invocationResult');
    expect(f.t).toBe(2);
    expect(f.status).toBe('paused');
  });

  it('keeps the current run when a scenario JSON is invalid', () => {
    const h = harness();
    h.load();
    h.host.handle({ type: 'load', runId: 2, input: { kind: 'json', json: { format: 1 } } });
    const reply = h.out.at(-1);
    expect(reply).toMatchObject({ type: 'problems', runId: 2, requestId: null });
    expect(reply?.type === 'problems' && reply.problems.length).toBeGreaterThan(0);
    h.send({ type: 'play' });
    h.tick(200);
    h.ack();
    expect(h.last()).toMatchObject({ runId: 1 });
    expect(h.last().t).toBeCloseTo(0.2, 6);
  });

  it('holds a resolved scenario to the same rules as JSON', () => {
    const h = harness();
    h.load();
    const bad = { ...SCENARIO, mapping: { ...SCENARIO.mapping, BatchSize: 0 } };
    h.host.handle({ type: 'load', runId: 2, input: { kind: 'resolved', scenario: bad } });
    const reply = h.out.at(-1);
    expect(reply?.type === 'problems' && reply.problems[0]?.path).toBe('mapping.BatchSize');
    expect(h.last().runId).toBe(1);
  });

  it('ignores commands addressed to a replaced run', () => {
    const h = harness();
    h.load();
    h.load(2);
    h.ack();
    const n = h.frames().length;
    h.host.handle({ type: 'play', runId: 1 });
    h.tick(500);
    h.ack();
    expect(h.frames().length).toBe(n);
  });

  it('answers invocationEvent requests', () => {
    const h = harness();
    h.load();
    h.send({ type: 'invocationEvent', requestId: 4, n: 3 });
    expect(h.out.at(-1)).toEqual({
      type: 'invocationEvent',
      runId: 1,
      requestId: 4,
      payload: { fake: 3 },
    });
  });

  /**
   * A host over the fake engine whose saves and work take (fake) wall time:
   * save number n costs saveMs(n), a simulated second of work workMs. Plays
   * at 10x in 50 ms frames until `checkpoints` are held or the run ends, and
   * returns the checkpoints' times.
   */
  function checkpointTimes(
    saveMs: (n: number) => number,
    workMs: number,
    tuning: Partial<HostTuning>,
    checkpoints: number,
  ): number[] {
    let wall = 0;
    let saves = 0;
    const timed = (sim: Simulation): Simulation =>
      new Proxy(sim, {
        get(target, key: keyof Simulation) {
          if (key === 'saveState') {
            return () => {
              saves += 1;
              wall += saveMs(saves);
              return target.saveState();
            };
          }
          if (key === 'runUntil') {
            return (t: number) => {
              const from = target.now();
              target.runUntil(t);
              wall += (target.now() - from) * workMs;
            };
          }
          const value = target[key];
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    const engine: EngineFactory = {
      create: (scenario, options) => timed(FAKE_ENGINE.create(scenario, options)),
      restore: (state) => timed(FAKE_ENGINE.restore(state)),
    };
    const host = new SimHost(
      { post: () => undefined, now: () => wall },
      { frameBudgetMs: 1e9, ...tuning },
      engine,
    );
    host.handle({ type: 'load', runId: 1, input: { kind: 'resolved', scenario: SCENARIO } });
    host.handle({ type: 'setSpeed', runId: 1, speed: 10 });
    host.handle({ type: 'play', runId: 1 });
    for (
      let frameNo = 1;
      frameNo < 2000 && host.memoryStats().checkpoints < checkpoints;
      frameNo++
    ) {
      wall += 50;
      host.handle({ type: 'frameAck', runId: 1, frameNo });
    }
    return (host as unknown as { run: { checkpoints: { t: number }[] } }).run.checkpoints.map(
      (c) => c.t,
    );
  }
  const largestGap = (times: readonly number[]): number =>
    Math.max(...times.slice(1).map((t, i) => t - times[i]!));

  it('spaces checkpoints by the cheapest recent save, so slow saves do not push them away', () => {
    // 1 ms per save (three in a row take 40 ms, as if garbage collections hit them) and 1 ms
    // of work per simulated second.
    const times = checkpointTimes(
      (n) => (n >= 3 && n <= 5 ? 40 : 1),
      1,
      { checkpointEverySeconds: 5, checkpointWorkRatio: 5 },
      12,
    );
    // Every 5 simulated seconds (5 ms of work = 5 × the 1 ms cheapest), the slow saves included.
    expect(times.length).toBeGreaterThanOrEqual(10);
    expect(largestGap(times)).toBeLessThan(7);
  });

  it('takes a checkpoint at least every checkpointMaxGapSeconds, however little the work', () => {
    // Saves of 20 ms and almost no work (shards blocked by a poison record): the work ratio alone
    // would wait 40 ms of work, 400 simulated seconds.
    const times = checkpointTimes(() => 20, 0.1, { checkpointMaxGapSeconds: 12 }, 100);
    expect(times.at(-1)).toBeGreaterThan(SCENARIO.durationSeconds - 12);
    expect(largestGap(times)).toBeLessThanOrEqual(12.5);
    expect(largestGap(times)).toBeGreaterThanOrEqual(11.5);
  });

  it('keeps checkpoints bounded by thinning the older ones', () => {
    const h = harness({ checkpointEverySeconds: 0.5, maxCheckpoints: 8 });
    h.load();
    h.playTo(40);
    h.send({ type: 'seek', t: 1.2 });
    h.ack();
    expect(h.last().snapshot).toEqual(freshSnapshotAt(1.2).snapshot);
    h.send({ type: 'seek', t: 33.3 });
    h.ack();
    expect(h.last().snapshot).toEqual(freshSnapshotAt(33.3).snapshot);
  });
});

describe('SimHost warm-up of the restore path', () => {
  /** Plays to 30 s, pauses, seeks to 12.3; returns what was posted and how many restores ran. */
  function session(warmReplaySeconds: number): { out: FromHost[]; restores: number[] } {
    let wall = 0;
    const out: FromHost[] = [];
    const restores: number[] = [];
    const engine: EngineFactory = {
      create: FAKE_ENGINE.create,
      restore: (state) => {
        restores.push(out.length);
        return FAKE_ENGINE.restore(state);
      },
    };
    const host = new SimHost(
      { post: (m) => out.push(structuredClone(m)), now: () => wall },
      { frameBudgetMs: 1e9, checkpointEverySeconds: 2, warmReplaySeconds },
      engine,
    );
    const lastFrame = (): number =>
      out.filter((m): m is FrameMessage => m.type === 'frame').at(-1)?.frameNo ?? 0;
    const lastT = (): number =>
      out.filter((m): m is FrameMessage => m.type === 'frame').at(-1)?.t ?? 0;
    host.handle({ type: 'load', runId: 1, input: { kind: 'resolved', scenario: SCENARIO } });
    host.handle({ type: 'play', runId: 1 });
    for (let i = 0; i < 10_000 && lastT() < 30; i++) {
      wall += 100;
      host.handle({ type: 'frameAck', runId: 1, frameNo: lastFrame() });
    }
    host.handle({ type: 'pause', runId: 1 });
    host.handle({ type: 'frameAck', runId: 1, frameNo: lastFrame() });
    host.handle({ type: 'pause', runId: 1 });
    host.handle({ type: 'frameAck', runId: 1, frameNo: lastFrame() });
    host.handle({ type: 'seek', runId: 1, t: 12.3 });
    host.handle({ type: 'frameAck', runId: 1, frameNo: lastFrame() });
    return { out, restores };
  }

  it('restores a scratch copy once, when the clock stops, and leaves the run as it was', () => {
    const cold = session(0);
    const warm = session(4);
    // Without warm-up only the seek restores; with it, one more restore before the seek, once.
    expect(cold.restores).toHaveLength(1);
    expect(warm.restores).toHaveLength(2);
    expect(warm.restores[0]).toBeLessThan(cold.restores[0] ?? 0);
    // Every message the UI got is the same, the seek's frame included.
    expect(warm.out).toEqual(cold.out);
    const seekFrame = warm.out.filter((m): m is FrameMessage => m.type === 'frame').at(-1);
    expect(seekFrame?.t).toBe(12.3);
    expect(seekFrame?.snapshot).toEqual(freshSnapshotAt(12.3).snapshot);
  });

  it('waits until there is played ground to replay', () => {
    // 40 s of warm-up is more than the 30 s played: nothing to warm, so only the seek restores.
    expect(session(40).restores).toHaveLength(1);
  });
});
