/**
 * Reading the state out: the run report (scenario-format.md), a record's
 * story for the side panel, and the exact payload of an invocation.
 */
import { metricsSeries } from '../metrics';
import {
  RECENT_REPORT_INVOCATIONS,
  type InvocationReport,
  type RecordId,
  type RecordReport,
  type ReportScope,
  type RecordStory,
  type RunReport,
  type ShardId,
  type SimEvent,
} from '../types';
import { keptRecords } from './compaction';
import { invocationPayload, onFailureEntry } from './payloads';
import {
  invocationAt,
  invocationHasRecord,
  invocationsFrom,
  firstInvocationIndex,
  RESULTS,
  slotOf,
  type InvocationEntry,
} from './invocationLog';
import {
  PRODUCER_ID_BASE,
  STATUS_NAMES,
  eventsFrom,
  findRecord,
  idOf,
  idOfCode,
  producerIdCode,
  producerIdText,
  seqOf,
  type GivenUpBatch,
  type StreamState,
} from './state';

import { idsNeedObject, json, JsonBytes, ms, num, utf8Of, type JsonText } from '../reportJson';

function invocationReport(
  s: StreamState,
  e: InvocationEntry,
  ids: readonly RecordId[],
): InvocationReport {
  return {
    n: e.n,
    start: ms(e.start),
    end: ms(e.end),
    shardId: s.shards[e.shard]!.id as ShardId,
    records: e.recs.map((i) => ids[i]!),
    result: e.result,
    reportedFailures: e.reported.map((i) => ids[i]!),
  };
}

/**
 * The run report: every invocation kept, every record kept (in put order:
 * all of them unless a bounded run forgot some, see compaction.ts),
 * destinations, metrics.
 */
export function buildReport(s: StreamState, scope: ReportScope = 'all'): RunReport {
  const records: Record<string, RecordReport> = {};
  const { status, deliveries } = s.rec;
  const keptRecs = keptRecords(s);
  const log = s.invocations;
  const invocations = invocationsFrom(
    log,
    scope === 'recent' ? log.total - RECENT_REPORT_INVOCATIONS : 0,
  );
  const givenUp = scope === 'recent' ? givenUpSince(s, invocations[0]) : s.destination;
  // Scope 'recent': only records those invocations or those on-failure entries name.
  let named: Uint8Array | null = null;
  if (scope === 'recent') {
    named = new Uint8Array(s.rec.n);
    for (const e of invocations) {
      for (const i of e.recs) named[i] = 1;
      for (const i of e.reported) named[i] = 1;
    }
    markNamedByDestination(s, givenUp, named);
  }
  // Records with the same status and delivery count share one (read-only) entry object.
  const shared: Record<string, RecordReport> = {};
  // Each id string made once, shared by the records map and the invocations (~25% of a long report).
  const ids: RecordId[] = new Array<RecordId>(s.rec.n);
  for (let i = 0; i < s.rec.n; i++) {
    if (keptRecs !== null && keptRecs[i] === 0) continue;
    if (named !== null && named[i] === 0) continue;
    const id = idOf(s, i);
    const code = status[i]!;
    const d = deliveries[i]!;
    const slot = `${code}:${d}`;
    const entry = (shared[slot] ??= { status: STATUS_NAMES[code]!, deliveries: d });
    ids[i] = id;
    // "__proto__" is a valid record id: define it as an own key rather than set the prototype.
    if (id === '__proto__') {
      Object.defineProperty(records, id, { value: entry, enumerable: true, writable: true });
    } else records[id] = entry;
  }
  return {
    format: 1,
    seed: s.scenario.seed,
    endedAt: ms(s.now),
    invocations: invocations.map((e) => invocationReport(s, e, ids)),
    records,
    onFailureDestination: givenUp.map((d) => onFailureEntry(s, d, ms(d.at))),
    deadLetterQueue: [],
    metrics: metricsSeries(s.metrics, s.now),
  };
}

/**
 * The batches a 'recent' report lists as on-failure entries: those given up since its first
 * invocation started (all of them when it has none), so its entries cover the
 * same span as its invocations. A summary of a long run reads none of them, and
 * an hour at 1,000 records/s with 1% poison gives up ~34,000 batches: spelling
 * them was four fifths of that report's time (0.4 of 0.5 s).
 */
function givenUpSince(s: StreamState, first: InvocationEntry | undefined): GivenUpBatch[] {
  const all = s.destination;
  if (first === undefined) return all;
  // Deliveries are kept in time order.
  let k = all.length;
  while (k > 0 && all[k - 1]!.at >= first.start) k--;
  return k === 0 ? all : all.slice(k);
}

/**
 * Marks (1) the records one of the `givenUp` batches names, whose id is among the
 * entries' ids: producer records by their id code, explicit records by name,
 * so no id string is made per record (an hour-long bounded run keeps ~870,000).
 */
function markNamedByDestination(
  s: StreamState,
  givenUp: readonly GivenUpBatch[],
  named: Uint8Array,
): void {
  if (givenUp.length === 0) return;
  const rec = s.rec;
  if (rec.names.length === 0) {
    // Producer records only: an entry names a record exactly when it holds its id code (the
    // id of a code >= 0 reads back as that code), so no id is spelled.
    const codes = new Set<number>();
    for (const d of givenUp) for (const code of d.codes) codes.add(code);
    for (let i = 0; i < rec.n; i++) if (codes.has(rec.id[i]!)) named[i] = 1;
    return;
  }
  const ids = new Set<string>();
  for (const d of givenUp) for (const code of d.codes) ids.add(idOfCode(s, code));
  const codes = new Set<number>();
  for (const id of ids) {
    const m = /^p(\d{1,9})-(\d{1,15})$/.exec(id);
    if (m === null) continue;
    const code = producerIdCode(Number(m[1]), Number(m[2]));
    // Only the id idOf spells for that code names it (not "p00-1", nor an n past the code's range).
    if (producerIdText(code) === id) codes.add(code);
  }
  for (let i = 0; i < rec.n; i++) {
    const code = rec.id[i]!;
    if (code >= 0 ? codes.has(code) : ids.has(rec.names[-code - 1]!)) named[i] = 1;
  }
}

/** The full report's fixed pieces of JSON as UTF-8 bytes, made once (JsonBytes.raw). */
const P = {
  quoteP: utf8Of('"p'),
  firstN: utf8Of('{"n":'),
  nextN: utf8Of(',{"n":'),
  start: utf8Of(',"start":'),
  end: utf8Of(',"end":'),
  shardId: utf8Of(',"shardId":'),
  records: utf8Of(',"records":['),
  results: RESULTS.map((r) => utf8Of(`],"result":${json(r)},"reportedFailures":[`)),
  close: utf8Of(']}'),
  recordsOpen: utf8Of('],"records":{'),
  statuses: STATUS_NAMES.map((name) => utf8Of(`:{"status":${json(name)},"deliveries":`)),
};

/**
 * The full report (history unlimited: the CLI's) written as JSON text straight
 * from the columns: the text JSON.stringify(buildReport(s)) gives. False, with
 * nothing written, for a bounded run or record ids a JSON object would
 * reorder or merge (reportJson.ts).
 */
export function writeStreamReport(s: StreamState, out: JsonText): boolean {
  if (s.historyLimit !== null || keptRecords(s) !== null || idsNeedObject(s.rec.names))
    return false;
  const rec = s.rec;
  const n = rec.n;
  const w = new JsonBytes(out);
  // Fixed pieces are bytes made once (utf8Of), copied with raw; explicit ids as JSON text's
  // bytes; producer ids (p<index>-<n>) are written as digits from their code.
  const names = rec.names.map((name) => utf8Of(json(name)));
  const codes = rec.id;
  const id = (i: number): void => {
    const code = codes[i]!;
    if (code < 0) {
      w.raw(names[-code - 1]!);
      return;
    }
    const k = code % PRODUCER_ID_BASE;
    w.raw(P.quoteP);
    w.uint((code - k) / PRODUCER_ID_BASE);
    w.char(45); // -
    w.uint(k);
    w.char(34); // "
  };
  const shardIds = s.shards.map((sh) => utf8Of(json(sh.id)));
  w.text(`{"format":1,"seed":${num(s.scenario.seed)},"endedAt":${num(ms(s.now))},"invocations":[`);
  const log = s.invocations;
  const pool = log.pool;
  const first = firstInvocationIndex(log);
  for (let index = first; index < log.total; index++) {
    const slot = slotOf(log, index);
    const at = log.recsAt[slot]! - log.poolBase;
    const len = log.recsLen[slot]!;
    const rep = log.reportedLen[slot]!;
    w.raw(index > first ? P.nextN : P.firstN);
    w.uint(index + 1);
    w.raw(P.start);
    w.ms(log.start[slot]!);
    w.raw(P.end);
    w.ms(log.end[slot]!);
    w.raw(P.shardId);
    w.raw(shardIds[log.shard[slot]!]!);
    w.raw(P.records);
    w.idList(pool, at, len, id);
    w.raw(P.results[log.result[slot]!]!);
    w.idList(pool, at + len, rep, id);
    w.raw(P.close);
    w.boundary();
  }
  w.raw(P.recordsOpen);
  const { status, deliveries } = rec;
  for (let i = 0; i < n; i++) {
    if (i > 0) w.char(44);
    id(i);
    w.raw(P.statuses[status[i]!]!);
    w.num(deliveries[i]!);
    w.char(125); // }
    w.boundary();
  }
  w.text('},"onFailureDestination":');
  w.flush();
  out.add(JSON.stringify(s.destination.map((d) => onFailureEntry(s, d, ms(d.at)))));
  out.add(',"deadLetterQueue":[],"metrics":');
  out.add(JSON.stringify(metricsSeries(s.metrics, s.now)));
  out.add('}');
  return true;
}

function mentions(e: SimEvent, id: string): boolean {
  switch (e.kind) {
    case 'recordPut':
    case 'checkpoint':
    case 'deduplicated':
    case 'movedToDlq':
    case 'duplicateDelivery':
      return e.recordId === id;
    case 'batchSent':
    case 'shardBlocked':
    case 'retryScheduled':
    case 'onFailureDestination':
    case 'discarded':
    case 'expired':
    case 'filtered':
    case 'messagesDeleted':
    case 'visibilityTimeoutExpired':
      return e.recordIds.includes(id as RecordId);
    case 'invocationResult':
      return e.recordIds.includes(id as RecordId) || e.reportedFailures.includes(id as RecordId);
    case 'bisect':
      return e.left.includes(id as RecordId) || e.right.includes(id as RecordId);
    default:
      return false;
  }
}

/** Everything known about one record (from the history still kept). */
export function buildRecordStory(s: StreamState, id: RecordId): RecordStory | null {
  const i = findRecord(s, id, keptRecords(s));
  if (i < 0) return null;
  const batches: RecordStory['batches'][number][] = [];
  const log = s.invocations;
  for (let index = firstInvocationIndex(log); index < log.total; index++) {
    if (!invocationHasRecord(log, index, i)) continue;
    const e = invocationAt(log, index)!;
    const done = e.result === 'throttled' || e.end <= s.now;
    batches.push({
      invocation: e.n,
      start: ms(e.start),
      end: done ? ms(e.end) : null,
      result: done ? e.result : null,
      batchSize: e.recs.length,
    });
  }
  return {
    id,
    key: s.keys.names[s.rec.key[i]!]!,
    putAt: s.rec.at[i]!,
    shardId: s.shards[s.keys.shard[s.rec.key[i]!]!]!.id as ShardId,
    sequenceNumber: seqOf(s, i),
    messageId: null,
    status: STATUS_NAMES[s.rec.status[i]!]!,
    deliveries: s.rec.deliveries[i]!,
    receiveCount: s.rec.deliveries[i]!,
    poison: s.rec.fail[i] === -1,
    batches,
    events: eventsFrom(s, 0).filter((e) => mentions(e, id)),
  };
}

/** The AWS-shaped event invocation n received, rebuilt from the record table (null if dropped from history). */
export function buildInvocationEvent(s: StreamState, n: number): unknown {
  const e = invocationAt(s.invocations, n - 1);
  if (e === undefined || e.n !== n) return null;
  return invocationPayload(s, e.recs, e.shard, e.tumbling);
}
