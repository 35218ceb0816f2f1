import { describe, expect, it } from 'vitest';
import { createInThreadClient } from '../client/inThread';
import { buildScenario } from '../scenarios/build';
import { FAKE_ENGINE } from '../worker/testing/fakeSimulation';
import { appendToRing, connectSimStore, useSimStore } from './simStore';
import type { SimStoreState } from './types';

/** Resolves once the store satisfies `ok` (the in-thread host answers on later macrotasks). */
function until(
  ok: (s: SimStoreState) => boolean,
  label = '',
  timeoutMs = 2000,
): Promise<SimStoreState> {
  return new Promise((resolve, reject) => {
    if (ok(useSimStore.getState())) {
      resolve(useSimStore.getState());
      return;
    }
    const timer = setTimeout(() => {
      stop();
      reject(
        new Error(
          `timed out waiting for the store: ${label} ${JSON.stringify({ t: useSimStore.getState().snapshot?.t, st: useSimStore.getState().status, e: useSimStore.getState().error })}`,
        ),
      );
    }, timeoutMs);
    const stop = useSimStore.subscribe((s) => {
      if (ok(s)) {
        clearTimeout(timer);
        stop();
        resolve(s);
      }
    });
  });
}

describe('appendToRing', () => {
  it('keeps the newest events up to the ring size', () => {
    const ev = (seq: number) => ({ t: seq, seq, kind: 'mappingEnabled' as const });
    const ring = appendToRing([ev(1), ev(2), ev(3)], [ev(4), ev(5)], 4);
    expect(ring.map((e) => e.seq)).toEqual([2, 3, 4, 5]);
    expect(appendToRing([], [ev(1), ev(2), ev(3)], 2).map((e) => e.seq)).toEqual([2, 3]);
  });
});

describe('simStore over the in-thread client', () => {
  it('loads, plays, steps, seeks and rejects a bad scenario without losing the run', async () => {
    let wall = 0;
    const client = createInThreadClient({ now: () => wall, engine: FAKE_ENGINE });
    const disconnect = connectSimStore(client);
    const store = useSimStore.getState();
    store.load(buildScenario({ title: 'fake', durationSeconds: 30, source: { type: 'kinesis' } }));
    const loaded = await until((s) => s.scenario !== null && s.snapshot !== null, 'load');
    expect(loaded.runId).toBe(1);
    expect(loaded.status).toBe('paused');

    useSimStore.getState().play();
    await until((s) => s.status === 'playing', 'playing');
    const ts: number[] = [];
    for (let i = 0; i < 10; i++) {
      wall += 100;
      const s = await until((x) => (x.snapshot?.t ?? 0) > (ts.at(-1) ?? 0), 'play');
      ts.push(s.snapshot?.t ?? 0);
    }
    expect(ts.length).toBe(10);
    expect([...ts].sort((a, b) => a - b)).toEqual(ts);
    expect(useSimStore.getState().events.length).toBeGreaterThan(0);
    expect(useSimStore.getState().metrics?.series.RecordsPut?.length).toBeGreaterThan(0);

    useSimStore.getState().pause();
    await until((s) => s.status === 'paused', 'paused');
    useSimStore.getState().seek(0.25);
    const sought = await until((s) => s.snapshot?.t === 0.25, 'seek');
    expect(sought.events.every((e) => e.t <= 0.25)).toBe(true);
    useSimStore.getState().step();
    await until((s) => s.snapshot?.t === 0.5, 'step');

    // Following an id the run does not keep: the host says so, and the panel can tell the reader.
    useSimStore.getState().selectRecord('nope' as never);
    const absent = await until((s) => s.recordAbsent === 'nope', 'absent');
    expect(absent.recordStory).toBeNull();
    useSimStore.getState().selectRecord(null);
    expect(useSimStore.getState().recordAbsent).toBeNull();

    useSimStore.getState().loadJson({ format: 1 });
    const rejected = await until((s) => s.problems.length > 0, 'problems');
    expect(rejected.runId).toBe(1);
    expect(rejected.error).toMatch(/not loaded/);
    expect(rejected.scenario?.title).toBe('fake');

    useSimStore.getState().restart();
    const restarted = await until((s) => s.runId > 1, 'restart');
    expect(restarted.snapshot === null || restarted.snapshot.t === 0).toBe(true);
    disconnect();
    client.dispose();
  });
});
