import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildScenario, type ScenarioDraft } from '../../scenarios/build';
import { RECORD_STATUSES, type RunReport } from '../types';
import { createQueueSimulation, restoreQueueSimulation } from './simulation';

/** Small random queue scenarios: standard or FIFO, with failures, caps and live settings. */
const scenarioArb = fc
  .record({
    fifo: fc.boolean(),
    seed: fc.integer({ min: 1, max: 1000 }),
    vt: fc.integer({ min: 1, max: 20 }),
    maxReceive: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
    batch: fc.integer({ min: 1, max: 10 }),
    window: fc.integer({ min: 0, max: 2 }),
    timeout: fc.integer({ min: 1, max: 4 }),
    base: fc.double({ min: 0.01, max: 2, noNaN: true }),
    reserved: fc.option(fc.integer({ min: 0, max: 6 }), { nil: null }),
    maxConcurrency: fc.option(fc.integer({ min: 2, max: 6 }), { nil: null }),
    rbif: fc.boolean(),
    failureMode: fc.constantFrom('throw' as const, 'reportBatchItemFailures' as const),
    dupRate: fc.constantFrom(0, 0, 0.3),
    records: fc.array(
      fc.record({
        at: fc.integer({ min: -5, max: 40 }),
        key: fc.constantFrom('k0', 'k1', 'k2', 'k3'),
        fail: fc.constantFrom(0, 0, 0, 1, 2, -1),
      }),
      { maxLength: 30 },
    ),
  })
  .map((g): ScenarioDraft => ({
    seed: g.seed,
    durationSeconds: 90,
    source: {
      type: g.fifo ? 'sqs-fifo' : 'sqs',
      VisibilityTimeout: g.vt,
      RedrivePolicy: g.maxReceive === null ? null : { maxReceiveCount: g.maxReceive },
      duplicateDeliveryRate: g.fifo ? 0 : g.dupRate,
      ContentBasedDeduplication: false,
    },
    mapping: {
      BatchSize: g.batch,
      MaximumBatchingWindowInSeconds: g.fifo ? 0 : g.window,
      FunctionResponseTypes: g.rbif ? ['ReportBatchItemFailures'] : [],
      ScalingConfig: g.maxConcurrency === null ? null : { MaximumConcurrency: g.maxConcurrency },
    },
    function: {
      Timeout: g.timeout,
      ReservedConcurrentExecutions: g.reserved,
      failureMode: g.failureMode,
      durationSeconds: { base: g.base, perRecord: 0.01 },
    },
    records: g.records.map((r, i) => ({
      id: `r${i}`,
      at: r.at,
      key: r.key,
      body: `body-${i}`,
      failDeliveries: r.fail,
      MessageDeduplicationId: `d${i}`,
    })),
  }));

function runDraft(draft: ScenarioDraft): RunReport {
  const sim = createQueueSimulation(buildScenario(draft), { historyLimit: null });
  sim.runUntil(sim.scenario.durationSeconds);
  return sim.report();
}

const overlaps = (a: RunReport['invocations'][number], b: RunReport['invocations'][number]) =>
  a.start < b.end && b.start < a.end;

const NUM_RUNS = 60;

describe('queue model properties', () => {
  it('every message ends with exactly one status and no invocation exceeds BatchSize', () => {
    fc.assert(
      fc.property(scenarioArb, (draft) => {
        const report = runDraft(draft);
        const ids = (draft.records ?? []).map((r) => r.id).sort();
        expect(Object.keys(report.records).sort()).toEqual(ids);
        for (const r of Object.values(report.records)) expect(RECORD_STATUSES).toContain(r.status);
        const batch = draft.mapping?.BatchSize ?? 10;
        for (const inv of report.invocations) expect(inv.records.length).toBeLessThanOrEqual(batch);
      }),
      { numRuns: NUM_RUNS },
    );
  }, 60_000);

  it('every batch reason logged exists for the queue: FIFO never waits for a batching window', () => {
    fc.assert(
      fc.property(scenarioArb, (draft) => {
        const sim = createQueueSimulation(buildScenario(draft), { historyLimit: null });
        sim.runUntil(sim.scenario.durationSeconds);
        const fifo = draft.source.type === 'sqs-fifo';
        const windowed = !fifo && (draft.mapping?.MaximumBatchingWindowInSeconds ?? 0) > 0;
        const allowed = new Set<string>(['batchFull', 'payloadFull', 'retry']);
        allowed.add(windowed ? 'windowElapsed' : 'polled');
        if (!fifo && (draft.source.duplicateDeliveryRate ?? 0) > 0) allowed.add('duplicate');
        for (const e of sim.drainEvents()) {
          if (e.kind === 'batchSent') expect(allowed).toContain(e.trigger);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  }, 60_000);

  it('with duplicateDeliveryRate 0 and a visibility timeout longer than Timeout + window, no processed message is delivered again', () => {
    fc.assert(
      fc.property(scenarioArb, (draft0) => {
        const draft: ScenarioDraft = {
          ...draft0,
          source: { ...draft0.source, duplicateDeliveryRate: 0, VisibilityTimeout: 10 },
        };
        const report = runDraft(draft);
        const done = new Set<string>();
        for (const inv of report.invocations) {
          if (inv.result === 'throttled') continue;
          for (const id of inv.records) expect(done.has(id)).toBe(false);
          if (inv.result === 'success') inv.records.forEach((id) => done.add(id));
          if (inv.result === 'partialFailure') {
            inv.records
              .filter((id) => !inv.reportedFailures.includes(id))
              .forEach((id) => done.add(id));
          }
        }
      }),
      { numRuns: NUM_RUNS },
    );
  }, 60_000);

  it('FIFO: first deliveries within a group follow send order and no group is in two concurrent invocations', () => {
    fc.assert(
      fc.property(scenarioArb, (draft0) => {
        const draft: ScenarioDraft = {
          ...draft0,
          source: {
            ...draft0.source,
            type: 'sqs-fifo',
            duplicateDeliveryRate: 0,
            VisibilityTimeout: 10,
          },
          mapping: { ...draft0.mapping, MaximumBatchingWindowInSeconds: 0 },
        };
        const report = runDraft(draft);
        const records = draft.records ?? [];
        const keyOf = new Map(records.map((r) => [r.id, r.key ?? 'k0']));
        // Send order: by time, ties in list order (what the scenario defines).
        const sendOrder = records
          .map((r, i) => ({ id: r.id, at: r.at ?? 0, i }))
          .sort((a, b) => a.at - b.at || a.i - b.i)
          .map((r) => r.id);
        const seen = new Set<string>();
        const firstByGroup = new Map<string, string[]>();
        const delivered = report.invocations.filter((i) => i.result !== 'throttled');
        for (const inv of delivered) {
          for (const id of inv.records) {
            if (seen.has(id)) continue;
            seen.add(id);
            const g = keyOf.get(id)!;
            firstByGroup.set(g, [...(firstByGroup.get(g) ?? []), id]);
          }
        }
        for (const [g, ids] of firstByGroup) {
          const expected = sendOrder.filter((id) => keyOf.get(id) === g && seen.has(id));
          expect(ids).toEqual(expected);
        }
        for (let a = 0; a < delivered.length; a++) {
          for (let b = a + 1; b < delivered.length; b++) {
            if (!overlaps(delivered[a]!, delivered[b]!)) continue;
            const ga = new Set(delivered[a]!.records.map((id) => keyOf.get(id)));
            for (const id of delivered[b]!.records) expect(ga.has(keyOf.get(id))).toBe(false);
          }
        }
      }),
      { numRuns: NUM_RUNS },
    );
  }, 60_000);

  it('concurrency never exceeds MaximumConcurrency or ReservedConcurrentExecutions', () => {
    fc.assert(
      fc.property(scenarioArb, (draft) => {
        const report = runDraft(draft);
        const caps = [
          draft.mapping?.ScalingConfig?.MaximumConcurrency ?? Infinity,
          draft.function?.ReservedConcurrentExecutions ?? Infinity,
        ];
        const cap = Math.min(...caps);
        const running = report.invocations.filter((i) => i.result !== 'throttled');
        for (const inv of running) {
          const concurrent = running.filter(
            (o) => o.start <= inv.start && inv.start < o.end,
          ).length;
          expect(concurrent).toBeLessThanOrEqual(cap);
        }
        if (draft.function?.ReservedConcurrentExecutions === 0) expect(running).toEqual([]);
      }),
      { numRuns: NUM_RUNS },
    );
  }, 60_000);

  it('a message reaches the DLQ only after maxReceiveCount receives', () => {
    fc.assert(
      fc.property(scenarioArb, (draft0) => {
        // Without at-least-once copies every delivery is a receive.
        const draft: ScenarioDraft = {
          ...draft0,
          source: { ...draft0.source, duplicateDeliveryRate: 0 },
        };
        const report = runDraft(draft);
        const max = draft.source.RedrivePolicy?.maxReceiveCount;
        if (max === undefined || max === null) expect(report.deadLetterQueue).toEqual([]);
        for (const d of report.deadLetterQueue) {
          expect(d.receiveCount).toBe(max);
          expect(report.records[d.id]!.status).toBe('movedToDlq');
          expect(report.records[d.id]!.deliveries).toBeLessThanOrEqual(max!);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  }, 60_000);

  it('scripted live edits (disable, caps, visibility, fault injection, traffic) keep every invariant and replay exactly', () => {
    const actionArb = fc.record({
      at: fc.integer({ min: 0, max: 80 }),
      enabled: fc.option(fc.boolean(), { nil: undefined }),
      vt: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
      reserved: fc.option(fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }), {
        nil: undefined,
      }),
      maxConcurrency: fc.option(fc.integer({ min: 2, max: 8 }), { nil: undefined }),
      failNext: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
      rate: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
      maxReceive: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(scenarioArb, fc.array(actionArb, { maxLength: 4 }), (draft0, raw) => {
        const actions = raw
          .sort((a, b) => a.at - b.at)
          .map((a) => ({
            at: a.at,
            ...(a.enabled !== undefined || a.maxConcurrency !== undefined
              ? {
                  mapping: {
                    ...(a.enabled !== undefined ? { Enabled: a.enabled } : {}),
                    ...(a.maxConcurrency !== undefined
                      ? { ScalingConfig: { MaximumConcurrency: a.maxConcurrency } }
                      : {}),
                  },
                }
              : {}),
            ...(a.vt !== undefined || a.maxReceive !== undefined
              ? {
                  source: {
                    ...(a.vt !== undefined ? { VisibilityTimeout: a.vt } : {}),
                    ...(a.maxReceive !== undefined
                      ? { RedrivePolicy: { maxReceiveCount: a.maxReceive } }
                      : {}),
                  },
                }
              : {}),
            ...(a.reserved !== undefined
              ? { function: { ReservedConcurrentExecutions: a.reserved } }
              : {}),
            ...(a.failNext !== undefined ? { failNextInvocations: a.failNext } : {}),
            ...(a.rate !== undefined ? { producers: [{ ratePerSecond: a.rate, keys: 3 }] } : {}),
          }));
        const draft: ScenarioDraft = { ...draft0, actions };
        const full = runDraft(draft);
        const produced = Object.keys(full.records).length;
        expect(produced).toBeGreaterThanOrEqual((draft.records ?? []).length);
        for (const r of Object.values(full.records)) expect(RECORD_STATUSES).toContain(r.status);
        const first = createQueueSimulation(buildScenario(draft), { historyLimit: null });
        first.runUntil(45);
        const resumed = restoreQueueSimulation(first.saveState());
        resumed.runUntil(90);
        expect(JSON.stringify(resumed.report())).toBe(JSON.stringify(full));
      }),
      { numRuns: 30 },
    );
  }, 60_000);

  it('the report and the events do not depend on how runUntil is sliced (retention, producers, pauses)', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.integer({ min: 1, max: 25 }),
        fc.array(fc.integer({ min: 0, max: 89 }), { maxLength: 3 }),
        fc.array(fc.double({ min: 0.05, max: 30, noNaN: true }), { minLength: 1, maxLength: 12 }),
        (draft0, rate, pauses, steps) => {
          // Retention at its minimum, so messages expire within the run while pollers are busy or
          // the mapping is off; producers keep sending meanwhile.
          const draft: ScenarioDraft = {
            ...draft0,
            source: { ...draft0.source, MessageRetentionPeriod: 60 },
            producers: [{ ratePerSecond: rate, keys: 3 }],
            actions: [...pauses]
              .sort((a, b) => a - b)
              .map((at, i) => ({ at, mapping: { Enabled: i % 2 === 1 } })),
          };
          const play = (cuts: readonly number[]): string => {
            const sim = createQueueSimulation(buildScenario(draft), { historyLimit: null });
            const events: unknown[] = [];
            for (const t of cuts) {
              sim.runUntil(t);
              events.push(...sim.drainEvents());
            }
            sim.runUntil(90);
            events.push(...sim.drainEvents());
            return JSON.stringify([sim.report(), events]);
          };
          const cuts: number[] = [];
          for (let t = 0, i = 0; t < 90; i++) {
            t += steps[i % steps.length]!;
            cuts.push(t);
          }
          expect(play(cuts)).toBe(play([]));
        },
      ),
      { numRuns: 30 },
    );
  }, 120_000);

  it('is deterministic, and replay from a mid-run saved state equals the uninterrupted run', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 1, max: 89 }), (draft, cut) => {
        const full = JSON.stringify(runDraft(draft));
        expect(JSON.stringify(runDraft(draft))).toBe(full);
        const first = createQueueSimulation(buildScenario(draft), { historyLimit: null });
        first.runUntil(cut);
        // saveState() is already a structuredClone; clone once more as a worker hand-off would.
        const saved = (globalThis as unknown as { structuredClone<T>(v: T): T }).structuredClone(
          first.saveState(),
        );
        const resumed = restoreQueueSimulation(saved);
        resumed.runUntil(90);
        expect(JSON.stringify(resumed.report())).toBe(full);
      }),
      { numRuns: 40 },
    );
  }, 60_000);

  it('a saved state is unchanged by the run going on (settled parts are shared)', () => {
    const sc = (globalThis as unknown as { structuredClone<T>(v: T): T }).structuredClone;
    fc.assert(
      fc.property(
        scenarioArb,
        fc.integer({ min: 1, max: 89 }),
        fc.constantFrom(null, 5, 40),
        (draft, cut, historyLimit) => {
          const scenario = buildScenario(draft);
          const live = createQueueSimulation(scenario, { historyLimit });
          live.runUntil(cut);
          const saved = live.saveState();
          const before = sc(saved);
          live.runUntil(90);
          expect(saved).toEqual(before);
          // Two restores of one saved state do not disturb each other.
          const a = restoreQueueSimulation(saved);
          const b = restoreQueueSimulation(saved);
          a.runUntil(60);
          b.runUntil(90);
          a.runUntil(90);
          const report = JSON.stringify(live.report());
          expect(JSON.stringify(a.report())).toBe(report);
          expect(JSON.stringify(b.report())).toBe(report);
          expect(JSON.stringify(b.snapshot())).toBe(JSON.stringify(live.snapshot()));
          expect(saved).toEqual(before);
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);
});
