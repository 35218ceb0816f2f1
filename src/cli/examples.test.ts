/**
 * Every example scenario validates, and running it through the CLI shows the
 * behaviour it is named for.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSimulation, runScenario } from '../engine/index';
import type { InvocationReport, RunReport } from '../engine/types';
import { EXAMPLES } from '../scenarios/examples';
import { parseScenario } from '../scenarios/validate';
import { runCli } from './run';

const DIR = 'public/scenarios';
const read = (file: string): string => readFileSync(`${DIR}/${file}`, 'utf8');

function run(id: string): RunReport {
  let out = '';
  let err = '';
  const code = runCli(
    [`${DIR}/${id}.json`],
    {
      readFile: (p) => readFileSync(p, 'utf8'),
      stdout: (t) => {
        out += t;
      },
      stderr: (t) => {
        err += t;
      },
    },
    runScenario,
  );
  expect(err).toBe('');
  expect(code).toBe(0);
  return JSON.parse(out) as RunReport;
}

const ran = (r: RunReport): InvocationReport[] =>
  r.invocations.filter((i) => i.result !== 'throttled');
const holds = (i: InvocationReport, id: string): boolean =>
  (i.records as readonly string[]).includes(id);

/** Most invocations running at the same moment. */
function maxConcurrent(invs: readonly InvocationReport[]): number {
  const edges = invs.flatMap((i) => [
    { t: i.start, d: 1 },
    { t: i.end, d: -1 },
  ]);
  // Ends before starts at the same time: back-to-back invocations do not overlap.
  edges.sort((a, b) => a.t - b.t || a.d - b.d);
  let now = 0;
  let max = 0;
  for (const e of edges) {
    now += e.d;
    max = Math.max(max, now);
  }
  return max;
}

const status = (r: RunReport, id: string) => r.records[id]?.status;
const deliveries = (r: RunReport, id: string) => r.records[id]?.deliveries;
const allStatus = (r: RunReport) => new Set(Object.values(r.records).map((x) => x.status));
const firstStart = (r: RunReport, id: string) =>
  ran(r).find((i) => holds(i, id))?.start ?? Infinity;
const lastEnd = (r: RunReport, id: string) =>
  Math.max(
    ...ran(r)
      .filter((i) => holds(i, id))
      .map((i) => i.end),
  );

/** Generated ids p0-<n> get keys k0, k1, … round robin; first deliveries of a key follow n. */
function expectOrderPerKey(r: RunReport, keys: number): void {
  const seen = new Set<string>();
  const lastN = new Map<number, number>();
  for (const inv of ran(r)) {
    for (const id of inv.records) {
      if (seen.has(id)) continue;
      seen.add(id);
      const n = Number(id.split('-')[1]);
      const key = n % keys;
      expect(n, `${id} after ${lastN.get(key) ?? -1} on key ${key}`).toBeGreaterThan(
        lastN.get(key) ?? -1,
      );
      lastN.set(key, n);
    }
  }
  expect(seen.size).toBeGreaterThan(10);
}

const CHECKS: Record<string, (r: RunReport) => void> = {
  'kinesis-happy-path': (r) => {
    expect(allStatus(r)).toEqual(new Set(['succeeded']));
    expect(Object.values(r.records).every((x) => x.deliveries === 1)).toBe(true);
  },
  'kinesis-poison-blocks-shard': (r) => {
    expect(status(r, 'poison')).toBe('pending');
    expect(deliveries(r, 'poison')).toBeGreaterThanOrEqual(5);
    for (const i of [1, 2, 3, 4, 5]) expect(status(r, `before-${i}`)).toBe('succeeded');
    for (const i of [1, 2, 3, 4, 5, 6]) {
      expect(status(r, `after-${i}`)).toBe('pending');
      expect(deliveries(r, `after-${i}`)).toBe(0);
    }
  },
  'kinesis-retry-attempts-to-destination': (r) => {
    expect(status(r, 'poison')).toBe('sentToOnFailureDestination');
    expect(deliveries(r, 'poison')).toBe(3);
    expect(r.onFailureDestination).toHaveLength(1);
    const d = r.onFailureDestination[0]!;
    expect([d.condition, d.approximateInvokeCount, d.destinationKind]).toEqual([
      'RetryAttemptsExhausted',
      3,
      'sqs',
    ]);
    expect(d.records).toEqual(['poison']);
    expect(d.invocationRecord.payload).toBeUndefined();
    for (const i of [1, 2, 3, 4]) expect(status(r, `after-${i}`)).toBe('succeeded');
  },
  'kinesis-max-record-age': (r) => {
    expect(status(r, 'poison')).toBe('discarded');
    expect(r.onFailureDestination).toEqual([]);
    // No invocation of a record older than MaximumRecordAgeInSeconds (put at 5, limit 60).
    expect(
      Math.max(
        ...ran(r)
          .filter((i) => holds(i, 'poison'))
          .map((i) => i.start),
      ),
    ).toBeLessThan(65);
    for (const i of [1, 2, 3, 4, 5]) expect(status(r, `after-${i}`)).toBe('succeeded');
  },
  'kinesis-bisect-isolates-poison': (r) => {
    expect(status(r, 'poison')).toBe('sentToOnFailureDestination');
    expect(r.onFailureDestination.map((d) => [d.records, d.batchSize])).toEqual([[['poison'], 1]]);
    for (const i of [1, 2, 3, 4, 5, 6, 7]) expect(status(r, `r${i}`)).toBe('succeeded');
    expect(r.invocations[1]?.records).toEqual(['r1', 'r2', 'r3', 'r4']);
  },
  'kinesis-partial-batch-response': (r) => {
    // esm-semantics §11, recorded on AWS.
    expect(['r1', 'r2', 'r3', 'r4', 'r5', 'r6'].map((id) => deliveries(r, id))).toEqual([
      1, 1, 1, 1, 1, 5,
    ]);
    expect(r.onFailureDestination).toHaveLength(1);
    expect(r.onFailureDestination[0]?.approximateInvokeCount).toBe(4);
    expect(r.onFailureDestination[0]?.batchSize).toBe(1);
    expect(r.onFailureDestination[0]?.records).toEqual(['r6']);
  },
  'kinesis-parallelization-factor': (r) => {
    expect(maxConcurrent(ran(r))).toBe(4);
    expect(allStatus(r)).toEqual(new Set(['succeeded']));
    expectOrderPerKey(r, 32);
  },
  'kinesis-batch-window': (r) => {
    expect(Math.max(...r.invocations.map((i) => i.records.length))).toBeGreaterThanOrEqual(40);
    expect(r.invocations.length).toBeLessThanOrEqual(15);
    expect(allStatus(r)).toEqual(new Set(['succeeded']));
  },
  'kinesis-throttled': (r) => {
    expect(r.invocations.some((i) => i.result === 'throttled')).toBe(true);
    expect(maxConcurrent(ran(r))).toBe(1);
    expect(allStatus(r)).toEqual(new Set(['succeeded']));
  },
  'kinesis-tumbling-window': (r) => {
    expect(allStatus(r)).toEqual(new Set(['succeeded']));
    expect(r.invocations.length).toBeGreaterThan(3);
  },
  'kinesis-s3-destination': (r) => {
    expect(status(r, 'poison')).toBe('sentToOnFailureDestination');
    const d = r.onFailureDestination[0]!;
    expect(d.destinationKind).toBe('s3');
    expect(typeof d.invocationRecord.payload).toBe('string');
    const payload = JSON.parse(d.invocationRecord.payload ?? '{}') as { Records?: unknown[] };
    expect(payload.Records).toHaveLength(1);
  },
  'dynamodb-stream-basics': (r) => {
    expect(allStatus(r)).toEqual(new Set(['succeeded']));
    expect(new Set(r.invocations.map((i) => i.shardId)).size).toBe(2);
    expectOrderPerKey(r, 6);
  },
  'dynamodb-poison-one-day': (r) => {
    // Put 86,340 s before the mapping: the 24 h retention removes it at second 60.
    expect(status(r, 'poison')).toBe('expired');
    for (const i of [1, 2, 3, 4]) {
      expect(status(r, `new-${i}`)).toBe('succeeded');
      expect(firstStart(r, `new-${i}`)).toBeGreaterThanOrEqual(60);
    }
  },
  'sqs-happy-path': (r) => {
    expect(allStatus(r)).toEqual(new Set(['succeeded']));
    expect(Object.values(r.records).every((x) => x.deliveries === 1)).toBe(true);
  },
  'sqs-poison-to-dlq': (r) => {
    expect(status(r, 'poison')).toBe('movedToDlq');
    expect(deliveries(r, 'poison')).toBe(2);
    expect(r.deadLetterQueue.map((d) => [d.id, d.receiveCount])).toEqual([['poison', 2]]);
    for (const i of [1, 2, 3, 4, 5]) expect(status(r, `m${i}`)).toBe('succeeded');
  },
  'sqs-partial-batch-response': (r) => {
    expect(r.invocations[0]?.result).toBe('partialFailure');
    expect(r.invocations[0]?.reportedFailures).toEqual(['flaky']);
    expect(deliveries(r, 'flaky')).toBe(3);
    for (let i = 1; i <= 9; i++) expect(deliveries(r, `m${i}`)).toBe(1);
    expect(allStatus(r)).toEqual(new Set(['succeeded']));
  },
  'sqs-visibility-timeout-too-short': (r) => {
    expect(r.invocations.every((i) => i.result === 'success')).toBe(true);
    expect(Object.values(r.records).some((x) => x.deliveries >= 2)).toBe(true);
    expect(allStatus(r)).toEqual(new Set(['succeeded']));
  },
  'sqs-scaling-burst': (r) => {
    // Starts at 5 concurrent invokes and adds at most 300 a minute (5 a second).
    const conc = r.metrics.series.ConcurrentExecutions ?? [];
    const fleet = r.metrics.series.PollerFleetSize ?? [];
    expect(conc[0]).toBeLessThanOrEqual(5);
    expect(fleet[0]).toBe(5);
    for (let i = 1; i < fleet.length; i++) {
      expect((fleet[i] ?? 0) - (fleet[i - 1] ?? 0)).toBeLessThanOrEqual(5);
    }
    expect(Math.max(...conc)).toBeGreaterThan(20);
    expect(allStatus(r)).toEqual(new Set(['succeeded']));
  },
  'sqs-duplicates-at-least-once': (r) => {
    expect(r.invocations.every((i) => i.result === 'success')).toBe(true);
    expect(Object.values(r.records).filter((x) => x.deliveries >= 2).length).toBeGreaterThan(0);
    expect(allStatus(r)).toEqual(new Set(['succeeded']));
  },
  'sqs-filtering': (r) => {
    for (const id of ['order-1', 'order-2', 'order-3']) expect(status(r, id)).toBe('succeeded');
    for (const id of ['refund-1', 'refund-2', 'plain-text']) {
      expect(status(r, id)).toBe('filtered');
      expect(deliveries(r, id)).toBe(0);
    }
  },
  'fifo-ordering': (r) => {
    expect(allStatus(r)).toEqual(new Set(['succeeded']));
    expectOrderPerKey(r, 3);
    const invs = ran(r);
    const group = (id: string) => Number(id.split('-')[1]) % 3;
    for (const a of invs) {
      for (const b of invs) {
        if (a.n >= b.n || b.start >= a.end || a.start >= b.end) continue;
        const ga = new Set(a.records.map(group));
        expect(
          b.records.some((id) => ga.has(group(id))),
          `#${a.n} and #${b.n} share a group`,
        ).toBe(false);
      }
    }
  },
  'fifo-failed-group-blocks': (r) => {
    expect(deliveries(r, 'a2')).toBe(3);
    expect(allStatus(r)).toEqual(new Set(['succeeded']));
    // Group A waits for a2; group B finishes meanwhile.
    expect(firstStart(r, 'a3')).toBeGreaterThanOrEqual(lastEnd(r, 'a2'));
    expect(lastEnd(r, 'b4')).toBeLessThan(firstStart(r, 'a3'));
  },
  'fifo-concurrency-bounded-by-groups': (r) => {
    expect(maxConcurrent(ran(r))).toBe(3);
    expect(allStatus(r)).toEqual(new Set(['succeeded']));
  },
  'fifo-deduplication': (r) => {
    expect(status(r, 'order-1')).toBe('succeeded');
    expect(status(r, 'order-2')).toBe('succeeded');
    expect(deliveries(r, 'order-1-resent')).toBe(0);
    expect(status(r, 'order-1-resent')).toBe('skipped');
  },
};

describe('example scenarios', () => {
  it('public/scenarios/index.json lists exactly the examples, in order', () => {
    const index = JSON.parse(read('index.json')) as unknown[];
    expect(index).toEqual(EXAMPLES.map((e) => ({ ...e, file: `${e.id}.json` })));
    const files = readdirSync(DIR).filter((f) => f.endsWith('.json') && f !== 'index.json');
    expect(files.sort()).toEqual(EXAMPLES.map((e) => `${e.id}.json`).sort());
    expect(Object.keys(CHECKS).sort()).toEqual(EXAMPLES.map((e) => e.id).sort());
  });

  for (const example of EXAMPLES) {
    it(`${example.id}: validates, and shows what it is named for`, () => {
      const parsed = parseScenario(JSON.parse(read(`${example.id}.json`)));
      expect(parsed.ok ? [] : parsed.problems).toEqual([]);
      if (!parsed.ok) return;
      expect(parsed.scenario.title).toBe(example.title);
      expect(parsed.scenario.source.type).toBe(example.sourceType);
      expect(parsed.scenario.durationSeconds).toBeGreaterThanOrEqual(60);
      expect(parsed.scenario.durationSeconds).toBeLessThanOrEqual(300);
      CHECKS[example.id]?.(run(example.id));
    });
  }

  it('kinesis-happy-path runs on AWS’s stream defaults: BatchSize 100, no window, each poll sent at once', () => {
    const parsed = parseScenario(JSON.parse(read('kinesis-happy-path.json')));
    if (!parsed.ok) throw new Error('invalid');
    expect(parsed.scenario.mapping.BatchSize).toBe(100);
    expect(parsed.scenario.mapping.MaximumBatchingWindowInSeconds).toBe(0);
    const sim = createSimulation(parsed.scenario, { historyLimit: null });
    sim.runUntil(parsed.scenario.durationSeconds);
    const triggers = new Set(
      sim.drainEvents().flatMap((e) => (e.kind === 'batchSent' ? [e.trigger] : [])),
    );
    expect(triggers).toEqual(new Set(['polled']));
  });

  it('no FIFO example ever says a batching window elapsed', () => {
    for (const example of EXAMPLES.filter((e) => e.sourceType === 'sqs-fifo')) {
      const parsed = parseScenario(JSON.parse(read(`${example.id}.json`)));
      if (!parsed.ok) throw new Error(`${example.id} invalid`);
      const sim = createSimulation(parsed.scenario, { historyLimit: null });
      sim.runUntil(parsed.scenario.durationSeconds);
      for (const e of sim.drainEvents()) {
        if (e.kind === 'batchSent') expect(['batchFull', 'polled', 'retry']).toContain(e.trigger);
      }
    }
  });

  it('kinesis-tumbling-window closes windows and passes window state to the function', () => {
    const parsed = parseScenario(JSON.parse(read('kinesis-tumbling-window.json')));
    if (!parsed.ok) throw new Error('invalid');
    const sim = createSimulation(parsed.scenario, { historyLimit: null });
    sim.runUntil(parsed.scenario.durationSeconds);
    const events = sim.drainEvents();
    expect(events.filter((e) => e.kind === 'windowClosed').length).toBeGreaterThanOrEqual(2);
    expect(events.some((e) => e.kind === 'batchSent' && e.trigger === 'windowEnd')).toBe(true);
    expect(JSON.stringify(sim.invocationEvent(1))).toMatch(/"window"/);
  });
});
