/**
 * The run report (scenario-format.md, "Run report") and the per-second gauges
 * behind the queue metrics. Gauges are the maximum level seen in each second;
 * counters are written where they happen (receive.ts, results.ts).
 */
import { count, max, metricsSeries } from '../metrics';
import {
  RECENT_REPORT_INVOCATIONS,
  type DeadLetterEntry,
  type MetricName,
  type MetricsSeries,
  type RecordReport,
  type ReportScope,
  type RunReport,
} from '../types';
import { idsNeedObject, json, JsonBytes, ms, num, utf8Of, type JsonText } from '../reportJson';
import { entryAt, idsOf, reportedIdsOf, resultOf } from './history';
import { bodyOfRow, messageIdOf } from './payload';
import {
  GONE,
  idOf,
  oldestLive,
  PRODUCER_ID_BASE,
  QSTATUS_NAMES,
  RESULTS,
  type QState,
} from './state';

/** Metrics every queue run reports (ActiveMessageGroups on FIFO only). */
export const QUEUE_METRICS: readonly MetricName[] = [
  'ApproximateNumberOfMessagesVisible',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateAgeOfOldestMessage',
  'NumberOfMessagesDeleted',
  'DeadLetterQueueDepth',
  'ConcurrentExecutions',
  'Invocations',
  'Errors',
  'Throttles',
  'Duration',
  'PolledEventCount',
  'InvokedEventCount',
  'FailedInvokeEventCount',
  'DeletedEventCount',
  'FilteredOutEventCount',
  'DuplicateDeliveries',
  'PollerFleetSize',
  'RecordsPut',
];

/** Age in seconds of the oldest message still in the queue (visible or in flight), 0 when empty. */
export function oldestMessageAge(s: QState): number {
  const oldest = oldestLive(s);
  return oldest < 0 ? 0 : Math.max(0, s.now - s.m.sentAt[oldest]!);
}

/** Raises the current second's gauge maxima to the levels now (called after every event). */
export function noteGauges(s: QState): void {
  const g = s.gmax;
  if (s.visibleCount > g.visible) g.visible = s.visibleCount;
  if (s.inFlightCount > g.notVisible) g.notVisible = s.inFlightCount;
  if (s.running > g.concurrency) g.concurrency = s.running;
  if (s.fleetSize > g.fleet) g.fleet = s.fleetSize;
  if (s.dlqCount > g.dlq) g.dlq = s.dlqCount;
  if (s.groups.size > g.groups) g.groups = s.groups.size;
}

/** Starts a new second's maxima at the levels now. */
export function resetGauges(s: QState): void {
  const g = s.gmax;
  g.visible = s.visibleCount;
  g.notVisible = s.inFlightCount;
  g.concurrency = s.running;
  g.fleet = s.fleetSize;
  g.dlq = s.dlqCount;
  g.groups = s.groups.size;
}

/**
 * The gauges of the running second as they stand: the maxima seen so far, and
 * ApproximateAgeOfOldestMessage sampled now. One list, in the order the series
 * are first written, for the per-second tick and for reads in between.
 */
function gaugeLevels(s: QState): [MetricName, number][] {
  const g = s.gmax;
  const levels: [MetricName, number][] = [
    ['ApproximateNumberOfMessagesVisible', g.visible],
    ['ApproximateNumberOfMessagesNotVisible', g.notVisible],
    ['ApproximateAgeOfOldestMessage', Math.floor(oldestMessageAge(s))],
    ['ConcurrentExecutions', g.concurrency],
    ['PollerFleetSize', g.fleet],
    ['DeadLetterQueueDepth', g.dlq],
  ];
  if (s.fifo) levels.push(['ActiveMessageGroups', g.groups]);
  return levels;
}

/**
 * The metric series up to now, with the running second's gauges as they stand,
 * without storing anything: reading metrics mid-second must not change what the
 * run reports later (ApproximateAgeOfOldestMessage is sampled at an instant, so
 * a stored mid-second sample could exceed what the second's end records).
 */
export function currentMetrics(s: QState, fromSecond = 0): MetricsSeries {
  const out = metricsSeries(s.metrics, s.now, fromSecond);
  const second = Math.floor(s.now);
  const i = second - out.start;
  if (i < 0) return out;
  const series: Partial<Record<MetricName, readonly number[]>> = { ...out.series };
  const padded = (name: MetricName): number[] => {
    const arr = (series[name] ?? []).slice();
    while (arr.length <= i) arr.push(0);
    series[name] = arr;
    return arr;
  };
  for (const [name, v] of gaugeLevels(s)) {
    const arr = padded(name);
    if (v > arr[i]!) arr[i] = v;
  }
  // As writeGauges does: every queue metric has a line, zero where nothing was counted.
  for (const name of QUEUE_METRICS) if (series[name] === undefined) padded(name);
  return { ...out, series };
}

/** Writes the gauge maxima of `second` into the series (idempotent: max). */
export function writeGauges(s: QState, second: number): void {
  if (second < 0) return;
  for (const [name, v] of gaugeLevels(s)) max(s.metrics, name, second, v);
  // Counters with nothing counted yet still get a (zero) series, so every chart has its line.
  for (const name of QUEUE_METRICS) count(s.metrics, name, second, 0);
}

/** The dead-letter ring as the report lists it (`at` in whole milliseconds). */
function deadLetterEntries(s: QState): DeadLetterEntry[] {
  return s.dlq.map((r, i) => ({
    id: idOf(s, r),
    receiveCount: s.m.receives[r]!,
    at: ms(s.dlqAt[i]!),
    messageId: messageIdOf(s, r),
    body: bodyOfRow(s, r),
  }));
}

/** The run report: every invocation attempt kept, every record kept, in put order. */
export function buildReport(s: QState, scope: ReportScope = 'all'): RunReport {
  const h = s.history;
  const m = s.m;
  // Scope 'recent': the last invocations, and only the messages they or the DLQ name.
  const from =
    scope === 'recent' ? Math.max(h.first, h.count - RECENT_REPORT_INVOCATIONS) : h.first;
  let named: Set<string> | null = null;
  if (scope === 'recent') {
    named = new Set(s.dlq.map((r) => idOf(s, r)));
    for (let i = from; i < h.count; i++) for (const id of idsOf(s, entryAt(h, i))) named.add(id);
  }
  const rows: { idx: number; id: string; report: RecordReport }[] = [];
  for (let i = 0; i < s.finishedLen; i++) {
    const r = s.finished[i]!;
    const id = idOf(s, r);
    if (named !== null && !named.has(id)) continue;
    rows.push({
      idx: m.idx[r]!,
      id,
      report: { status: QSTATUS_NAMES[m.status[r]!]!, deliveries: m.deliveries[r]! },
    });
  }
  oldestLive(s);
  for (let i = s.sendHead; i < s.sendEnd; i++) {
    const r = s.sendOrder[i]!;
    if (m.place[r] === GONE) continue;
    const id = idOf(s, r);
    if (named !== null && !named.has(id)) continue;
    rows.push({ idx: m.idx[r]!, id, report: { status: 'pending', deliveries: m.deliveries[r]! } });
  }
  rows.sort((a, b) => a.idx - b.idx);
  const records: Record<string, RecordReport> = {};
  for (const r of rows) records[r.id] = r.report;
  const invocations: RunReport['invocations'][number][] = [];
  for (let i = from; i < h.count; i++) {
    const e = entryAt(h, i);
    invocations.push({
      n: e.n,
      start: ms(h.start[e.i]!),
      end: ms(h.end[e.i]!),
      shardId: null,
      records: idsOf(s, e),
      result: resultOf(h, e),
      reportedFailures: reportedIdsOf(s, e),
    });
  }
  return {
    format: 1,
    seed: s.scenario.seed,
    endedAt: ms(s.now),
    invocations,
    records,
    onFailureDestination: [],
    deadLetterQueue: deadLetterEntries(s),
    metrics: currentMetrics(s),
  };
}

// writeQueueReport's fixed pieces, as bytes (JsonBytes.raw).
const P_QUOTE = utf8Of('"p');
const FIRST_N = utf8Of('{"n":');
const NEXT_N = utf8Of(',{"n":');
const START = utf8Of(',"start":');
const END = utf8Of(',"end":');
const RECORDS = utf8Of(',"shardId":null,"records":[');
const CLOSE = utf8Of(']}');

/**
 * The full report (history unlimited: the CLI's) written as JSON text straight
 * from the columns: the text JSON.stringify(buildReport(s)) gives. There a row
 * is a message's put order and every message is finished or live, so the
 * records are the rows in order. False, with nothing written, for a bounded
 * run or record ids a JSON object would reorder or merge (reportJson.ts).
 * Written as UTF-8 bytes (JsonBytes, reportJson.ts): ids, numbers and times
 * as digits, no string per invocation or record; with a byte sink (the CLI)
 * the bytes reach stdout without becoming a string.
 */
export function writeQueueReport(s: QState, out: JsonText): boolean {
  if (s.historyLimit !== null || idsNeedObject(s.m.names)) return false;
  const m = s.m;
  const n = m.n;
  const w = new JsonBytes(out);
  // Explicit ids as JSON text; producer ids (p<index>-<n>) are written as digits from their code.
  const names = m.names.map((name) => utf8Of(json(name)));
  const codes = m.code;
  const id = (r: number): void => {
    const code = codes[r]!;
    if (code < 0) {
      w.raw(names[-code - 1]!);
      return;
    }
    const index = Math.floor(code / PRODUCER_ID_BASE);
    w.raw(P_QUOTE);
    w.uint(index);
    w.char(45); // -
    w.uint(code - index * PRODUCER_ID_BASE);
    w.char(34); // "
  };
  const results = RESULTS.map((r) => utf8Of(`],"result":${json(r)},"reportedFailures":[`));
  w.text(`{"format":1,"seed":${num(s.scenario.seed)},"endedAt":${num(ms(s.now))},"invocations":[`);
  const h = s.history;
  const pool = h.pool;
  for (let i = h.first; i < h.count; i++) {
    const at = h.at[i]!;
    const len = h.len[i]!;
    const rep = h.reported[i]!;
    w.raw(i > h.first ? NEXT_N : FIRST_N);
    w.num(h.n[i]!);
    w.raw(START);
    w.ms(h.start[i]!);
    w.raw(END);
    w.ms(h.end[i]!);
    w.raw(RECORDS);
    w.idList(pool, at, len, id);
    w.raw(results[h.result[i]!]!);
    w.idList(pool, at + len, rep, id);
    w.raw(CLOSE);
    w.boundary();
  }
  w.text('],"records":{');
  const entries = QSTATUS_NAMES.map((name) => utf8Of(`:{"status":${json(name)},"deliveries":`));
  const pending = entries[0]!;
  for (let r = 0; r < n; r++) {
    if (r > 0) w.char(44);
    id(r);
    w.raw(m.place[r] === GONE ? entries[m.status[r]!]! : pending);
    w.num(m.deliveries[r]!);
    w.char(125); // }
    w.boundary();
  }
  w.text('},"onFailureDestination":[],"deadLetterQueue":');
  w.flush();
  out.add(JSON.stringify(deadLetterEntries(s)));
  out.add(',"metrics":');
  out.add(JSON.stringify(currentMetrics(s)));
  out.add('}');
  return true;
}
