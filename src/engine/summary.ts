/**
 * The run summary the UI's summary panel shows: records by final status,
 * invocations by result, the worst lag the metrics saw, and the invariants of
 * scenario-format.md ("Invariants every run report satisfies") checked against
 * the report, each with a concrete counterexample when it fails.
 *
 * Pure: a function of the report and the scenario, so the worker host can
 * answer a `summary` request and tests can feed hand-made reports.
 */
import { ACCOUNT_CONCURRENCY } from './aws';
import {
  isStreamSource,
  RECORD_STATUSES,
  type InvariantCheck,
  type InvocationReport,
  type InvocationResult,
  type ProducerSpec,
  type RecordStatus,
  type ResolvedScenario,
  type RunReport,
  type RunSummary,
  type StageTotals,
} from './types';

const INVOCATION_RESULTS: readonly InvocationResult[] = [
  'success',
  'functionError',
  'timeout',
  'throttled',
  'partialFailure',
  'invalidResponse',
];

/** AWS's SQS poller ceiling for concurrent invokes (esm-semantics.md §3, since Nov 2023). */
const SQS_FLEET_CEILING = 1250;

/** Where and when a record was put, as far as the scenario tells (null key = seeded random). */
interface PutInfo {
  readonly at: number;
  readonly key: string | null;
}

const fmt = (t: number): string => `${t.toFixed(2)} s`;

/** Lists at most `max` items, then "… and N more". */
function listSome(items: readonly string[], max = 5): string {
  const head = items.slice(0, max).join(', ');
  return items.length > max ? `${head} … and ${items.length - max} more` : head;
}

/**
 * Put time and key of every record the scenario defines explicitly, plus a
 * resolver for generated ids `p<i>-<n>` (streams/queues engines: producer i
 * puts its n-th record at `from + n/rate`, keys k0..k{keys-1} round robin;
 * a producer replaced by an action continues its numbering).
 */
function putInfoResolver(scenario: ResolvedScenario): (id: string) => PutInfo | null {
  const explicit = new Map<string, PutInfo>();
  for (const r of scenario.records) explicit.set(r.id, { at: r.at, key: r.key });
  for (const a of scenario.actions) {
    for (const r of a.records ?? []) explicit.set(r.id, { at: a.at, key: r.key });
  }
  // Per producer index: the specs in force, each from the moment it took over.
  const segments = new Map<number, { from: number; until: number; spec: ProducerSpec }[]>();
  const activate = (list: readonly ProducerSpec[], at: number): void => {
    for (const segs of segments.values()) {
      const last = segs[segs.length - 1];
      if (last && last.until > at) last.until = at;
    }
    list.forEach((spec, i) => {
      const segs = segments.get(i) ?? [];
      segs.push({ from: at, until: Number.POSITIVE_INFINITY, spec });
      segments.set(i, segs);
    });
  };
  activate(scenario.producers, Number.NEGATIVE_INFINITY);
  for (const a of [...scenario.actions].sort((x, y) => x.at - y.at)) {
    if (a.producers) activate(a.producers, a.at);
  }
  // Closed form per segment: record k of a spec is put at from + k/rate, inside [start, end).
  const producerPut = (i: number, n: number): PutInfo | null => {
    let before = 0;
    for (const seg of segments.get(i) ?? []) {
      const { spec } = seg;
      if (!(spec.ratePerSecond > 0)) continue;
      const start = Math.max(spec.from, seg.from);
      const end = Math.min(spec.until, seg.until);
      if (!(end > start)) continue;
      const firstK = Math.max(0, Math.ceil((start - spec.from) * spec.ratePerSecond - 1e-9));
      const endK = Math.ceil((end - spec.from) * spec.ratePerSecond - 1e-9);
      const count = Math.max(0, endK - firstK);
      if (n < before + count) {
        const at = spec.from + (firstK + n - before) / spec.ratePerSecond;
        const key = spec.keyMode === 'roundRobin' ? `k${n % Math.max(1, spec.keys)}` : null;
        return { at, key };
      }
      before += count;
    }
    return null;
  };
  return (id) => {
    const e = explicit.get(id);
    if (e) return e;
    const m = /^p(\d+)-(\d+)$/.exec(id);
    if (!m) return null;
    return producerPut(Number(m[1]), Number(m[2]));
  };
}

/** Invocations that ran the function (a throttled invoke never reached it). */
const ran = (inv: InvocationReport): boolean => inv.result !== 'throttled';

/** Largest value of a BatchSize-like mapping field over the run (live edits included). */
function maxOverRun<T>(base: T, patches: readonly (T | undefined)[]): T[] {
  return [base, ...patches.filter((p): p is T => p !== undefined)];
}

/**
 * Records lost, from the engine's own counts (for a report that lists only the
 * records its invocations name): every record put must have exactly one status.
 */
function checkRecordsLostByCount(totals: StageTotals): InvariantCheck {
  const counted = RECORD_STATUSES.reduce((sum, st) => sum + totals.byStatus[st], 0);
  const lost = Math.abs(totals.recordsPut - counted);
  return {
    name: 'Records lost',
    passed: lost === 0,
    detail: `${lost} lost: every record put has exactly one final status (${totals.recordsPut} records, counted by status).`,
    counterexample:
      lost === 0
        ? null
        : `${totals.recordsPut} put, but ${counted} have a status (${lost} unaccounted for)`,
  };
}

function checkRecordsLost(
  report: RunReport,
  scenario: ResolvedScenario,
  partial: boolean,
): InvariantCheck {
  const known = new Set(Object.keys(report.records));
  const missing = new Set<string>();
  const badStatus: string[] = [];
  for (const [id, r] of Object.entries(report.records)) {
    if (!RECORD_STATUSES.includes(r.status)) badStatus.push(`${id} (${String(r.status)})`);
  }
  for (const r of scenario.records)
    if (r.at <= report.endedAt && !known.has(r.id)) missing.add(r.id);
  for (const a of scenario.actions) {
    if (a.at > report.endedAt) continue;
    for (const r of a.records ?? []) if (!known.has(r.id)) missing.add(r.id);
  }
  for (const inv of report.invocations)
    for (const id of inv.records) if (!known.has(id)) missing.add(id);
  for (const d of report.deadLetterQueue) if (!known.has(d.id)) missing.add(d.id);
  for (const o of report.onFailureDestination)
    for (const id of o.records) if (!known.has(id)) missing.add(id);
  const put = report.metrics.series.RecordsPut;
  let countGap = 0;
  if (put && report.metrics.start === 0 && !partial) {
    const total = put.reduce((s, v) => s + v, 0);
    countGap = Math.max(0, total - known.size - missing.size);
  }
  const lost = missing.size + countGap + badStatus.length;
  const parts: string[] = [];
  if (missing.size > 0) parts.push(`no final status for ${listSome([...missing])}`);
  if (countGap > 0) parts.push(`${countGap} put (RecordsPut) but absent from the report`);
  if (badStatus.length > 0) parts.push(`unknown status: ${listSome(badStatus)}`);
  return {
    name: 'Records lost',
    passed: lost === 0,
    detail: `${lost} lost: every record put has exactly one final status (${known.size} records).`,
    counterexample: lost === 0 ? null : parts.join('; '),
  };
}

function checkBatchSize(report: RunReport, scenario: ResolvedScenario): InvariantCheck {
  const cap = Math.max(
    ...maxOverRun(
      scenario.mapping.BatchSize,
      scenario.actions.map((a) => a.mapping?.BatchSize),
    ),
  );
  const over = report.invocations.filter((inv) => inv.records.length > cap);
  const first = over[0];
  return {
    name: 'No batch above BatchSize',
    passed: over.length === 0,
    detail: `Every invocation held at most BatchSize (${cap}) records.`,
    counterexample: first
      ? `invocation ${first.n} at ${fmt(first.start)} held ${first.records.length} records` +
        (over.length > 1 ? ` (${over.length} invocations over the limit)` : '')
      : null,
  };
}

/**
 * First-delivery order within each group: walking records in the order the
 * function first saw them, put times must never go backwards.
 */
function checkFirstDeliveryOrder(
  report: RunReport,
  groupOf: (id: string, inv: InvocationReport) => string | null,
  putOf: (id: string) => PutInfo | null,
): { violation: string | null; checked: number; unchecked: number } {
  const seen = new Set<string>();
  const lastInGroup = new Map<string, { id: string; at: number; inv: InvocationReport }>();
  let checked = 0;
  let unchecked = 0;
  const byStart = [...report.invocations].filter(ran).sort((a, b) => a.n - b.n);
  for (const inv of byStart) {
    for (const id of inv.records) {
      if (seen.has(id)) continue;
      seen.add(id);
      const put = putOf(id);
      const group = put ? groupOf(id, inv) : null;
      if (!put || group === null) {
        unchecked++;
        continue;
      }
      checked++;
      const prev = lastInGroup.get(group);
      // Equal put times are unordered as far as the scenario says; only a strict decrease is a swap.
      if (prev && put.at < prev.at - 1e-9) {
        return {
          violation:
            `${group}: ${id} (put ${fmt(put.at)}) first delivered in invocation ${inv.n} at ` +
            `${fmt(inv.start)}, after ${prev.id} (put ${fmt(prev.at)}) in invocation ${prev.inv.n}`,
          checked,
          unchecked,
        };
      }
      lastInGroup.set(group, { id, at: put.at, inv });
    }
  }
  return { violation: null, checked, unchecked };
}

function checkOrder(report: RunReport, scenario: ResolvedScenario): InvariantCheck {
  const putOf = putInfoResolver(scenario);
  const stream = isStreamSource(scenario.source.type);
  const pf = Math.max(
    ...maxOverRun(
      scenario.mapping.ParallelizationFactor,
      scenario.actions.map((a) => a.mapping?.ParallelizationFactor),
    ),
  );
  // Streams keep shard order with ParallelizationFactor 1 and key order above it;
  // FIFO keeps order per MessageGroupId.
  const perShard = stream && pf === 1;
  const groupOf = (id: string, inv: InvocationReport): string | null => {
    if (perShard) return inv.shardId ?? 'shard';
    const key = putOf(id)?.key ?? null;
    return key === null ? null : `${stream ? 'key' : 'group'} ${key}`;
  };
  const { violation, checked, unchecked } = checkFirstDeliveryOrder(report, groupOf, putOf);
  const scope = perShard ? 'shard' : stream ? 'partition key' : 'message group';
  const skipped = unchecked > 0 ? ` ${unchecked} with an unknown put time or key not checked.` : '';
  return {
    name: 'Order per key kept',
    passed: violation === null,
    detail: `Records of one ${scope} were first delivered in put order (${checked} checked).${skipped}`,
    counterexample: violation,
  };
}

function checkFifoGroups(report: RunReport, scenario: ResolvedScenario): InvariantCheck {
  const putOf = putInfoResolver(scenario);
  const open = new Map<string, InvocationReport>();
  let violation: string | null = null;
  const byStart = [...report.invocations]
    .filter(ran)
    .sort((a, b) => a.start - b.start || a.n - b.n);
  outer: for (const inv of byStart) {
    const groups = new Set<string>();
    for (const id of inv.records) {
      const key = putOf(id)?.key;
      if (key != null) groups.add(key);
    }
    for (const g of groups) {
      const prev = open.get(g);
      if (prev && prev.end > inv.start + 1e-9) {
        violation =
          `group ${g}: invocation ${prev.n} (${fmt(prev.start)}–${fmt(prev.end)}) and invocation ` +
          `${inv.n} (${fmt(inv.start)}–${fmt(inv.end)}) both held its messages`;
        break outer;
      }
      if (!prev || inv.end > prev.end) open.set(g, inv);
    }
  }
  return {
    name: 'FIFO groups never concurrent',
    passed: violation === null,
    detail: 'No two invocations that overlap in time held messages of the same MessageGroupId.',
    counterexample: violation,
  };
}

/** The concurrency cap in force at any time, taking the most generous value over live edits. */
function concurrencyCap(scenario: ResolvedScenario): { cap: number; why: string } {
  const caps: { cap: number; why: string }[] = [];
  const reserved = maxOverRun(
    scenario.function.ReservedConcurrentExecutions,
    scenario.actions.map((a) => a.function?.ReservedConcurrentExecutions),
  );
  const reservedCap = reserved.some((r) => r === null)
    ? ACCOUNT_CONCURRENCY
    : Math.max(...reserved.map((r) => r ?? ACCOUNT_CONCURRENCY));
  caps.push({
    cap: reservedCap,
    why:
      reservedCap === ACCOUNT_CONCURRENCY && reserved.some((r) => r === null)
        ? 'account concurrency'
        : 'ReservedConcurrentExecutions',
  });
  const src = scenario.source;
  if (src.type === 'kinesis' || src.type === 'dynamodb') {
    const pf = Math.max(
      ...maxOverRun(
        scenario.mapping.ParallelizationFactor,
        scenario.actions.map((a) => a.mapping?.ParallelizationFactor),
      ),
    );
    caps.push({ cap: src.ShardCount * pf, why: 'shards × ParallelizationFactor' });
  } else {
    caps.push({ cap: SQS_FLEET_CEILING, why: 'SQS poller ceiling' });
    const maxConc = maxOverRun(
      scenario.mapping.ScalingConfig,
      scenario.actions.map((a) => a.mapping?.ScalingConfig),
    );
    if (maxConc.every((s) => s !== null)) {
      caps.push({
        cap: Math.max(...maxConc.map((s) => s?.MaximumConcurrency ?? SQS_FLEET_CEILING)),
        why: 'MaximumConcurrency',
      });
    }
  }
  return caps.reduce((a, b) => (b.cap < a.cap ? b : a));
}

function checkConcurrency(report: RunReport, scenario: ResolvedScenario): InvariantCheck {
  const { cap, why } = concurrencyCap(scenario);
  // Sweep starts and ends; at equal times an end frees its slot before a start takes one.
  const edges: [number, number, number][] = [];
  for (const inv of report.invocations) {
    if (!ran(inv)) continue;
    edges.push([inv.start, 1, inv.n], [inv.end, -1, inv.n]);
  }
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let level = 0;
  let peak = 0;
  let peakAt = 0;
  let peakInv = 0;
  for (const [t, d, n] of edges) {
    level += d;
    if (level > peak) {
      peak = level;
      peakAt = t;
      peakInv = n;
    }
  }
  const fifoGroups =
    scenario.source.type === 'sqs-fifo'
      ? fifoGroupCount(report, scenario)
      : Number.POSITIVE_INFINITY;
  const effective = Math.min(cap, fifoGroups);
  const effWhy = fifoGroups < cap ? 'active message groups' : why;
  return {
    name: 'Concurrency within caps',
    passed: peak <= effective,
    detail: `Peak ${peak} concurrent invocations; cap ${effective} (${effWhy}).`,
    counterexample:
      peak > effective
        ? `${peak} invocations ran at once at ${fmt(peakAt)} (invocation ${peakInv} started then), cap ${effective}`
        : null,
  };
}

function fifoGroupCount(report: RunReport, scenario: ResolvedScenario): number {
  const putOf = putInfoResolver(scenario);
  const groups = new Set<string>();
  for (const id of Object.keys(report.records)) {
    const key = putOf(id)?.key;
    if (key == null) return Number.POSITIVE_INFINITY;
    groups.add(key);
  }
  return groups.size;
}

function seriesMax(values: readonly number[] | undefined): number | null {
  if (!values || values.length === 0) return null;
  let m = 0;
  for (const v of values) if (Number.isFinite(v) && v > m) m = v;
  return m;
}

/**
 * Totals and invariant checks for a run report. `partialHistory` says the
 * report was built from capped history (older invocations dropped), which
 * the panel tells the reader and which skips the RecordsPut count comparison.
 */
export function summarizeRun(
  report: RunReport,
  scenario: ResolvedScenario,
  partialHistory: boolean,
  /**
   * The engine's totals, when the report lists only the records its invocations
   * name (report('referenced'), for long runs): statuses and the lost-records
   * check then come from these counts.
   */
  totals?: StageTotals,
): RunSummary {
  const recordsByStatus = Object.fromEntries(RECORD_STATUSES.map((s) => [s, 0])) as Record<
    RecordStatus,
    number
  >;
  if (totals !== undefined) {
    for (const st of RECORD_STATUSES) recordsByStatus[st] = totals.byStatus[st];
  } else {
    for (const r of Object.values(report.records)) {
      if (r.status in recordsByStatus) recordsByStatus[r.status]++;
    }
  }
  const invocationsByResult = Object.fromEntries(INVOCATION_RESULTS.map((r) => [r, 0])) as Record<
    InvocationResult,
    number
  >;
  for (const inv of report.invocations) {
    if (inv.result in invocationsByResult) invocationsByResult[inv.result]++;
  }
  const type = scenario.source.type;
  const invariants: InvariantCheck[] = [
    totals !== undefined
      ? checkRecordsLostByCount(totals)
      : checkRecordsLost(report, scenario, partialHistory),
    checkBatchSize(report, scenario),
  ];
  if (type !== 'sqs') invariants.push(checkOrder(report, scenario));
  if (type === 'sqs-fifo') invariants.push(checkFifoGroups(report, scenario));
  invariants.push(checkConcurrency(report, scenario));
  const stream = isStreamSource(type);
  return {
    t: report.endedAt,
    recordsByStatus,
    invocationsByResult,
    maxIteratorAgeMs: stream ? (seriesMax(report.metrics.series.IteratorAge) ?? 0) : null,
    maxOldestMessageAgeSeconds: stream
      ? null
      : (seriesMax(report.metrics.series.ApproximateAgeOfOldestMessage) ?? 0),
    invariants,
    partialHistory,
  };
}
