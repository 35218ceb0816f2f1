import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildScenario, type ScenarioDraft } from '../scenarios/build';
import { createSimulation, REPORT_RUN_OPTIONS } from './index';
import { isIndexKey, writeReportJson } from './reportJson';
import { draftArb } from './streams/testUtil';

// The WHATWG codecs (Node has them; the engine's ECMAScript-only type library does not declare them).
declare const TextEncoder: new () => { encode(text: string): Uint8Array };
declare const TextDecoder: new () => { decode(bytes: Uint8Array): string };

function both(draft: ScenarioDraft): { direct: string; stringified: string } {
  const sim = createSimulation(buildScenario(draft), REPORT_RUN_OPTIONS);
  sim.runUntil(sim.scenario.durationSeconds);
  const chunks: string[] = [];
  writeReportJson(sim, (c) => chunks.push(c));
  const direct = chunks.join('');
  // With a byte sink (the CLI's): text and bytes interleaved in order give the same UTF-8.
  const parts: Uint8Array[] = [];
  const encoder = new TextEncoder();
  writeReportJson(
    sim,
    (c) => parts.push(encoder.encode(c)),
    (b) => parts.push(b.slice()),
  );
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (all.set(p, at), at + p.length), 0);
  expect(new TextDecoder().decode(all)).toBe(direct);
  return { direct, stringified: JSON.stringify(sim.report()) };
}

const queueArb: fc.Arbitrary<ScenarioDraft> = fc
  .record({
    fifo: fc.boolean(),
    seed: fc.integer({ min: 1, max: 1000 }),
    maxReceive: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
    rbif: fc.boolean(),
    rate: fc.integer({ min: 1, max: 30 }),
    poison: fc.constantFrom(0, 0.1),
    records: fc.array(fc.constantFrom(0, 1, -1), { maxLength: 12 }),
  })
  .map((g) => ({
    seed: g.seed,
    durationSeconds: 60,
    source: {
      type: g.fifo ? 'sqs-fifo' : 'sqs',
      VisibilityTimeout: 5,
      RedrivePolicy: g.maxReceive === null ? null : { maxReceiveCount: g.maxReceive },
    },
    mapping: { FunctionResponseTypes: g.rbif ? ['ReportBatchItemFailures'] : [] },
    function: { failureMode: g.rbif ? 'reportBatchItemFailures' : 'throw' },
    records: g.records.map((fail, i) => ({
      id: `r"${i}\\é😀`,
      at: i,
      key: `g${i % 3}`,
      failDeliveries: fail,
      MessageDeduplicationId: `d${i}`,
    })),
    producers: [{ ratePerSecond: g.rate, keys: 4, failProbability: g.poison, until: 40 }],
  }));

describe('writeReportJson: the report as JSON text, straight from the state', () => {
  it('is exactly JSON.stringify(report) for random stream scenarios', () => {
    fc.assert(
      fc.property(draftArb, (draft) => {
        const { direct, stringified } = both(draft);
        expect(direct).toBe(stringified);
      }),
      { numRuns: 40 },
    );
  }, 60_000);

  it('is exactly JSON.stringify(report) for random queue scenarios (ids that need escaping too)', () => {
    fc.assert(
      fc.property(queueArb, (draft) => {
        const { direct, stringified } = both(draft);
        expect(direct).toBe(stringified);
      }),
      { numRuns: 40 },
    );
  }, 60_000);

  it('falls back to the report object where a JSON object would reorder keys ("42" first) or treat "__proto__" specially', () => {
    for (const type of ['kinesis', 'sqs'] as const) {
      const { direct, stringified } = both({
        durationSeconds: 20,
        source: { type },
        ...(type === 'kinesis' ? { mapping: { StartingPosition: 'TRIM_HORIZON' } } : {}),
        records: [{ id: 'b' }, { id: '42' }, { id: '__proto__' }, { id: '7' }],
      });
      expect(direct).toBe(stringified);
      const records = direct.slice(direct.indexOf('"records":{'));
      expect(records.indexOf('"7":')).toBeLessThan(records.indexOf('"b":'));
    }
  });

  it('recognises the keys a JSON object lists first', () => {
    expect(['0', '7', '42', '4294967294'].every(isIndexKey)).toBe(true);
    expect(['', '01', '-1', '1.5', '4294967295', 'p0-1', 'a'].some(isIndexKey)).toBe(false);
  });
});
