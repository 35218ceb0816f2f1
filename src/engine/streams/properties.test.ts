import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildScenario, type ScenarioDraft } from '../../scenarios/build';
import { RECORD_STATUSES, type RunReport, type SimEvent } from '../types';
import { createStreamSimulation, restoreStreamSimulation } from './simulation';
import { draftArb, structuredCopy } from './testUtil';

function run(draft: ScenarioDraft): { report: RunReport; events: readonly SimEvent[] } {
  const scenario = buildScenario(draft);
  const sim = createStreamSimulation(scenario, { historyLimit: null });
  sim.runUntil(scenario.durationSeconds);
  return { report: sim.report(), events: sim.drainEvents() };
}

/** Every invariant violation found, as readable lines (empty = all hold). */
function violations(
  draft: ScenarioDraft,
  report: RunReport,
  events: readonly SimEvent[],
): string[] {
  const out: string[] = [];
  const keyOf: Record<string, string> = {};
  const shardOf: Record<string, string> = {};
  const putOrder: string[] = [];
  for (const e of events) {
    if (e.kind !== 'recordPut') continue;
    keyOf[e.recordId] = e.key;
    shardOf[e.recordId] = e.shardId ?? '';
    putOrder.push(e.recordId);
  }
  // Every record put has exactly one known status.
  if (JSON.stringify(Object.keys(report.records)) !== JSON.stringify(putOrder)) {
    out.push('report records differ from records put');
  }
  for (const [id, r] of Object.entries(report.records)) {
    if (!RECORD_STATUSES.includes(r.status)) out.push(`${id} has status ${r.status}`);
    if (r.status === 'succeeded' && r.deliveries === 0) out.push(`${id} succeeded undelivered`);
    if ((r.status === 'skipped' || r.status === 'filtered') && r.deliveries > 0) {
      out.push(`${id} ${r.status} but delivered`);
    }
  }
  const delivered = report.invocations.filter((i) => i.result !== 'throttled');
  // No invocation above BatchSize.
  const batchSize = draft.mapping!.BatchSize!;
  for (const inv of report.invocations) {
    if (inv.records.length > batchSize) out.push(`invocation ${inv.n} above BatchSize`);
  }
  // First deliveries of one key (of one shard when the factor is 1) follow put order.
  const putIndex: Record<string, number> = {};
  putOrder.forEach((id, i) => (putIndex[id] = i));
  const seen = new Set<string>();
  const lastFirst: Record<string, number> = {};
  const byShard = draft.mapping!.ParallelizationFactor === 1;
  for (const inv of delivered) {
    for (const id of inv.records) {
      if (seen.has(id)) continue;
      seen.add(id);
      for (const group of [`k:${keyOf[id]}`, ...(byShard ? [`s:${shardOf[id]}`] : [])]) {
        if (putIndex[id]! <= (lastFirst[group] ?? -1)) out.push(`${id} out of order in ${group}`);
        lastFirst[group] = putIndex[id]!;
      }
    }
  }
  // Concurrency caps: shards × factor and ReservedConcurrentExecutions.
  const cap = Math.min(
    draft.source.ShardCount! * draft.mapping!.ParallelizationFactor!,
    draft.function!.ReservedConcurrentExecutions ?? 1000,
  );
  const points = delivered.flatMap((i) => [
    [i.start, 1],
    [i.end, -1],
  ]);
  points.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let level = 0;
  for (const [t, d] of points) {
    level += d!;
    if (level > cap) out.push(`concurrency ${level} above ${cap} at ${t}`);
  }
  // A key is never in two overlapping invocations (sorted by start: scan while overlapping).
  for (let a = 0; a < delivered.length; a++) {
    const A = delivered[a]!;
    const keysA = new Set(A.records.map((id) => keyOf[id]));
    for (let b = a + 1; b < delivered.length && delivered[b]!.start < A.end; b++) {
      const B = delivered[b]!;
      if (B.start >= A.end || A.start >= B.end) continue;
      for (const id of B.records) {
        if (keysA.has(keyOf[id])) out.push(`key ${keyOf[id]} in ${A.n} and ${B.n} at once`);
      }
    }
  }
  return out;
}

describe('stream engine properties', () => {
  it('invariants hold over random stream scenarios', () => {
    fc.assert(
      fc.property(draftArb, (draft) => {
        const { report, events } = run(draft);
        expect(violations(draft, report, events)).toEqual([]);
      }),
      { numRuns: 60, endOnFailure: true },
    );
  }, 60_000);

  it('every batch reason logged exists for the mapping (no window → never "window elapsed")', () => {
    fc.assert(
      fc.property(draftArb, (draft) => {
        const m = draft.mapping!;
        const allowed = new Set<string>(['batchFull', 'payloadFull', 'retry']);
        allowed.add(m.MaximumBatchingWindowInSeconds! > 0 ? 'windowElapsed' : 'polled');
        if (m.BisectBatchOnFunctionError) allowed.add('bisect');
        if ((m.FunctionResponseTypes ?? []).length > 0) allowed.add('partialRetry');
        if (m.TumblingWindowInSeconds! > 0) allowed.add('windowEnd');
        for (const e of run(draft).events) {
          if (e.kind === 'batchSent') expect(allowed).toContain(e.trigger);
        }
      }),
      { numRuns: 40 },
    );
  }, 60_000);

  it('the report and the events do not depend on how runUntil is sliced', () => {
    fc.assert(
      fc.property(
        draftArb,
        fc.array(fc.double({ min: 0.05, max: 30, noNaN: true }), { minLength: 1, maxLength: 12 }),
        (draft, steps) => {
          const scenario = buildScenario(draft);
          const end = scenario.durationSeconds;
          const play = (sliced: boolean): string => {
            const sim = createStreamSimulation(scenario, { historyLimit: null });
            const events: SimEvent[] = [];
            for (let t = 0, i = 0; sliced && t < end; i++) {
              t += steps[i % steps.length]!;
              sim.runUntil(t);
              events.push(...sim.drainEvents());
            }
            sim.runUntil(end);
            events.push(...sim.drainEvents());
            return JSON.stringify([sim.report(), events]);
          };
          expect(play(true)).toBe(play(false));
        },
      ),
      { numRuns: 30 },
    );
  }, 120_000);

  it('determinism: two runs are byte-identical', () => {
    fc.assert(
      fc.property(draftArb, (draft) => {
        expect(JSON.stringify(run(draft).report)).toBe(JSON.stringify(run(draft).report));
      }),
      { numRuns: 25 },
    );
  }, 60_000);

  it('replay from a mid-run saveState gives the same final report', () => {
    fc.assert(
      fc.property(draftArb, fc.double({ min: 0, max: 90, noNaN: true }), (draft, cut) => {
        const whole = JSON.stringify(run(draft).report);
        const scenario = buildScenario(draft);
        const first = createStreamSimulation(scenario, { historyLimit: null });
        first.runUntil(cut);
        const resumed = restoreStreamSimulation(structuredCopy(first.saveState()));
        resumed.runUntil(scenario.durationSeconds);
        expect(JSON.stringify(resumed.report())).toBe(whole);
        // A JSON round trip works too (plain data only).
        const viaJson = restoreStreamSimulation(JSON.parse(JSON.stringify(first.saveState())));
        viaJson.runUntil(scenario.durationSeconds);
        expect(JSON.stringify(viaJson.report())).toBe(whole);
      }),
      { numRuns: 25 },
    );
  }, 60_000);

  it('a saved state is unchanged by the run going on (it shares the write-once columns)', () => {
    fc.assert(
      fc.property(draftArb, fc.double({ min: 0, max: 90, noNaN: true }), (draft, cut) => {
        const whole = JSON.stringify(run(draft).report);
        const scenario = buildScenario(draft);
        const live = createStreamSimulation(scenario, { historyLimit: 50 });
        live.runUntil(cut);
        const saved = live.saveState();
        const before = JSON.stringify(saved);
        live.runUntil(scenario.durationSeconds);
        expect(JSON.stringify(saved)).toBe(before);
        // Restored twice: each restore owns its columns, so neither disturbs the other.
        const a = restoreStreamSimulation(saved);
        const b = restoreStreamSimulation(saved);
        a.runUntil(scenario.durationSeconds);
        b.runUntil(scenario.durationSeconds);
        expect(JSON.stringify(a.report())).toBe(JSON.stringify(live.report()));
        expect(JSON.stringify(b.report())).toBe(JSON.stringify(live.report()));
        const full = restoreStreamSimulation(createAndSave(scenario, cut));
        full.runUntil(scenario.durationSeconds);
        expect(JSON.stringify(full.report())).toBe(whole);
      }),
      { numRuns: 25 },
    );
  }, 60_000);
});

function createAndSave(scenario: ReturnType<typeof buildScenario>, cut: number) {
  const sim = createStreamSimulation(scenario, { historyLimit: null });
  sim.runUntil(cut);
  return sim.saveState();
}
