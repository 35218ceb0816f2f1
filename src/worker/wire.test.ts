/** The frame codec (wire.ts): lossless on every engine's snapshots (its size: src/bench/wireSize.test.ts). */
import { describe, expect, it } from 'vitest';
import type { ResolvedScenario } from '../engine';
import type { RecordId, StageRecord, StageRecordState } from '../engine/types';
import { buildScenario } from '../scenarios/build';
import type { FromHost } from './protocol';
import { BENCH, frameOf, snapshotAt } from './testing/frames';
import { createSimulation } from '../engine';
import { createUnpacker, packFromHost, packRecords, unpackFromHost, unpackRecords } from './wire';

/** The message after the trip: packed, structured-cloned as postMessage does, unpacked. */
const trip = (m: FromHost): FromHost => unpackFromHost(structuredClone(packFromHost(m)));

const scenarios: { name: string; scenario: ResolvedScenario; t: number }[] = [
  { name: 'Kinesis 8 shards × 10 at 1,000 records/s', scenario: BENCH, t: 60 },
  {
    name: 'Kinesis with a poison record blocking its shard (retrying)',
    scenario: buildScenario({
      seed: 3,
      durationSeconds: 60,
      source: { type: 'kinesis', ShardCount: 2 },
      mapping: { BatchSize: 10, StartingPosition: 'TRIM_HORIZON', MaximumRetryAttempts: 50 },
      producers: [{ ratePerSecond: 20, keys: 5 }],
      records: [{ id: 'poison', at: 5, key: 'k1', failDeliveries: -1 }],
    }),
    t: 30,
  },
  {
    name: 'DynamoDB (21-digit sequence numbers), filtered and skipped records',
    scenario: buildScenario({
      seed: 4,
      durationSeconds: 60,
      source: { type: 'dynamodb', ShardCount: 2 },
      mapping: {
        StartingPosition: 'AT_TIMESTAMP',
        StartingPositionTimestamp: 3,
        FilterCriteria: { Filters: [{ Pattern: '{"dynamodb":{"Keys":{"pk":{"S":["k1"]}}}}' }] },
      },
      producers: [{ ratePerSecond: 20, keys: 4 }],
    }),
    // Early: the records before the timestamp (skipped) are still in the window.
    t: 4,
  },
  {
    name: 'SQS standard (no shards)',
    scenario: buildScenario({ seed: 5, durationSeconds: 60, source: { type: 'sqs' } }),
    t: 20,
  },
  {
    name: 'SQS FIFO (no shards)',
    scenario: buildScenario({ seed: 5, durationSeconds: 60, source: { type: 'sqs-fifo' } }),
    t: 20,
  },
];

describe.each(scenarios)('a frame of $name', ({ scenario, t }) => {
  const snapshot = snapshotAt(scenario, t);
  const frame = frameOf(snapshot);

  it('comes back from the wire equal to what the host built', () => {
    expect(trip(frame)).toEqual(frame);
  });

  it('comes back with records keyed as the engine keys them', () => {
    const back = trip(frame);
    if (back.type !== 'frame') throw new Error('not a frame');
    for (const [k, shard] of (back.snapshot.shards ?? []).entries()) {
      const engine = snapshot.shards![k]!.records;
      shard.records.forEach((r, i) => expect(Object.keys(r)).toEqual(Object.keys(engine[i]!)));
    }
  });
});

describe('the wire', () => {
  it('carries the states the scenarios reach (the round trips above cover them)', () => {
    const seen = new Set<StageRecordState>();
    for (const { scenario, t } of scenarios) {
      for (const shard of snapshotAt(scenario, t).shards ?? []) {
        for (const r of shard.records) seen.add(r.state);
      }
    }
    const states = [
      'waiting',
      'gathered',
      'inFlight',
      'retrying',
      'processed',
      'filtered',
      'skipped',
    ];
    for (const state of states as StageRecordState[]) {
      expect(seen.has(state)).toBe(true);
    }
  });

  it('passes other messages as they are', () => {
    const loaded: FromHost = { type: 'error', runId: 2, message: 'boom' };
    expect(packFromHost(loaded)).toBe(loaded);
    expect(unpackFromHost(loaded)).toBe(loaded);
  });

  it('keeps any records: odd ids and keys, no shared prefix, every state, empty windows', () => {
    const states: StageRecordState[] = [
      'waiting',
      'gathered',
      'inFlight',
      'retrying',
      'processed',
      'sentToOnFailureDestination',
      'discarded',
      'filtered',
      'skipped',
    ];
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const text = (): string =>
      Array.from({ length: rand(6) }, () => String.fromCharCode(32 + rand(0x2fff))).join('');
    for (let round = 0; round < 50; round++) {
      const records: StageRecord[] = Array.from({ length: rand(30) }, () => ({
        id: text() as RecordId,
        key: ['a', 'b', '', text()][rand(4)]!,
        sequenceNumber: rand(3) === 0 ? text() : `4900000${rand(1000)}`,
        arrival: rand(2) === 0 ? rand(100000) / 7 : -rand(10),
        state: states[rand(states.length)]!,
        deliveries: rand(5) === 0 ? 2 ** 40 + rand(9) : rand(4),
        poison: rand(2) === 0,
      }));
      expect(unpackRecords(structuredClone(packRecords(records)))).toEqual(records);
    }
    expect(unpackRecords(packRecords([]))).toEqual([]);
  });
});

describe('an unpacker (one per transport)', () => {
  it('gives what unpackFromHost gives, frame after frame, reusing unchanged records', () => {
    const sim = createSimulation(BENCH, { historyLimit: 20000 });
    const unpack = createUnpacker();
    let reused = 0;
    let total = 0;
    let last: readonly (readonly StageRecord[])[] = [];
    for (let t = 30; t <= 31; t += 1 / 6) {
      sim.runUntil(t);
      const wire = structuredClone(packFromHost(frameOf(sim.snapshot())));
      const fresh = unpackFromHost(structuredClone(wire));
      const back = unpack(wire);
      expect(back).toEqual(fresh);
      if (back.type !== 'frame') throw new Error('not a frame');
      const shards = (back.snapshot.shards ?? []).map((sh) => sh.records);
      for (const [k, records] of shards.entries()) {
        const before = new Set(last[k] ?? []);
        total += records.length;
        reused += records.filter((r) => before.has(r)).length;
      }
      last = shards;
    }
    // Most of a window is unchanged from one frame (a sixth of a second here) to the next.
    expect(reused).toBeGreaterThan(total / 2);
  });

  it('reuses a record only when every field is equal', () => {
    const base: StageRecord = {
      id: 'r1' as RecordId,
      key: 'k1',
      sequenceNumber: '49000000001',
      arrival: 1.5,
      state: 'waiting',
      deliveries: 0,
      poison: false,
    };
    const changes: Partial<StageRecord>[] = [
      { key: 'k2' },
      { sequenceNumber: '49000000002' },
      { sequenceNumber: '4900000000' },
      { arrival: 1.25 },
      { state: 'inFlight' },
      { deliveries: 1 },
      { poison: true },
    ];
    for (const change of changes) {
      const previous = [base];
      const next = { ...base, ...change };
      const out = unpackRecords(structuredClone(packRecords([next])), previous);
      expect(out).toEqual([next]);
      expect(out[0]).not.toBe(base);
    }
    const same = unpackRecords(structuredClone(packRecords([{ ...base }])), [base]);
    expect(same[0]).toBe(base);
  });

  it('finds records after the window slid, and never matches a record to another id', () => {
    const rec = (i: number): StageRecord => ({
      id: `r${i}` as RecordId,
      key: `k${i % 3}`,
      sequenceNumber: `4900${String(i).padStart(6, '0')}`,
      arrival: i / 10,
      state: 'waiting',
      deliveries: 0,
      poison: false,
    });
    const previous = Array.from({ length: 10 }, (_, i) => rec(i));
    // Slid by 3, with one record gone from the middle.
    const now = [3, 4, 5, 7, 8, 9, 10, 11].map(rec);
    const out = unpackRecords(structuredClone(packRecords(now)), previous);
    expect(out).toEqual(now);
    expect(out.slice(0, 3).every((r, i) => r === previous[3 + i])).toBe(true);
    // After the gap the places differ: those records are new objects, equal in value.
    expect(out.slice(3).some((r) => previous.includes(r))).toBe(false);
  });

  it('forgets the shards of a frame without them (a queue)', () => {
    const unpack = createUnpacker();
    const kinesis = frameOf(snapshotAt(scenarios[1]!.scenario, 30));
    const first = unpack(structuredClone(packFromHost(kinesis)));
    const queue = frameOf(snapshotAt(scenarios[3]!.scenario, 20));
    expect(unpack(structuredClone(packFromHost(queue)))).toEqual(queue);
    const again = unpack(structuredClone(packFromHost(kinesis)));
    expect(again).toEqual(kinesis);
    if (first.type !== 'frame' || again.type !== 'frame') throw new Error('not a frame');
    expect(again.snapshot.shards?.[0]?.records[0]).not.toBe(first.snapshot.shards?.[0]?.records[0]);
  });
});
