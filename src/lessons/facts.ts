/**
 * Evaluating a lesson's claims and values on the engine's state: the run
 * report, the stage snapshot, the event log up to the evaluated time and the
 * record stories. Pure functions over `Facts`; `run.ts` builds `Facts` by
 * running the engine exactly as the app's host does.
 */
import { summarizeRun } from '../engine/summary';
import type {
  InvocationResult,
  RecordId,
  RecordStory,
  ResolvedScenario,
  RunReport,
  SimEvent,
  StageSnapshot,
} from '../engine/types';
import type { Claim, Op, Quantity, SettingField, Span } from './types';

/** What claims read: the engine's state at time `t`, reached from a step at time `from`. */
export interface Facts {
  /** The step's own time: span 'since' counts what happened after it. */
  readonly from: number;
  /** The time evaluated (the step's, or after a prediction's run). */
  readonly t: number;
  readonly scenario: ResolvedScenario;
  readonly snapshot: StageSnapshot;
  readonly report: RunReport;
  /** Every event logged from 0 to t, oldest first. */
  readonly events: readonly SimEvent[];
  readonly story: (id: string) => RecordStory | null;
  /** SQS: the poller fleet's size at `from` (null for streams). */
  readonly fleetAtStep: number | null;
}

/** One invocation as the event log tells it (batchSent → invocationResult). */
export interface InvocationSpan {
  readonly n: number;
  readonly start: number;
  /** The result's time, or `t` while it still runs. */
  readonly end: number;
  readonly records: readonly RecordId[];
  /** null while running. */
  readonly result: InvocationResult | null;
}

const EPS = 1e-9;

/** Invocations from the event log (throttled ones included, marked by their result). */
export function invocationsOf(facts: Facts): readonly InvocationSpan[] {
  const byN = new Map<number, { start: number; records: readonly RecordId[] }>();
  const ended = new Map<number, { t: number; result: InvocationResult }>();
  for (const e of facts.events) {
    if (e.kind === 'batchSent') byN.set(e.invocation, { start: e.t, records: e.recordIds });
    else if (e.kind === 'invocationResult') ended.set(e.invocation, { t: e.t, result: e.result });
  }
  const out: InvocationSpan[] = [];
  for (const [n, b] of byN) {
    const r = ended.get(n);
    out.push({
      n,
      start: b.start,
      end: r?.t ?? facts.t,
      records: b.records,
      result: r?.result ?? null,
    });
  }
  // A throttled invoke may be logged by its result alone (no batch was sent).
  for (const [n, r] of ended) {
    if (!byN.has(n)) out.push({ n, start: r.t, end: r.t, records: [], result: r.result });
  }
  return out.sort((a, b) => a.start - b.start || a.n - b.n);
}

const ran = (i: InvocationSpan): boolean => i.result !== 'throttled';
const inSpan = (t: number, span: Span, facts: Facts): boolean =>
  span === 'run' ? t <= facts.t + EPS : t > facts.from + EPS && t <= facts.t + EPS;
const eventsIn = (facts: Facts, span: Span): readonly SimEvent[] =>
  facts.events.filter((e) => inSpan(e.t, span, facts));

/** The most invocations running at once within the span (ends free a slot before starts take one). */
function peakConcurrency(facts: Facts, span: Span): number {
  const lo = span === 'run' ? 0 : facts.from;
  const edges: [number, number][] = [];
  for (const inv of invocationsOf(facts)) {
    if (!ran(inv)) continue;
    const end = inv.result === null ? Number.POSITIVE_INFINITY : inv.end;
    if (inv.start > facts.t + EPS || end <= lo + EPS) continue;
    edges.push([Math.max(lo, inv.start), 1], [end, -1]);
  }
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let level = 0;
  let peak = 0;
  for (const [, d] of edges) {
    level += d;
    peak = Math.max(peak, level);
  }
  return peak;
}

function shardOf(facts: Facts, shard: number) {
  const s = facts.snapshot.shards?.[shard];
  if (s === undefined) throw new Error(`the stage has no shard ${shard}`);
  return s;
}

function queueOf(facts: Facts) {
  const q = facts.snapshot.queue;
  if (q === null) throw new Error('the stage has no queue (this is a stream scenario)');
  return q;
}

function recordReport(facts: Facts, id: string) {
  const r = facts.report.records[id];
  if (r === undefined) throw new Error(`the run report has no record "${id}"`);
  return r;
}

function destinationEntry(facts: Facts, index: number) {
  const list = facts.report.onFailureDestination;
  const e = list[index < 0 ? list.length + index : index];
  if (e === undefined) throw new Error(`the on-failure destination has no entry ${index}`);
  return e;
}

function setting(facts: Facts, field: SettingField): number {
  const { mapping, source, function: fn } = facts.snapshot;
  const missing = (): never => {
    throw new Error(`the scenario has no ${field}`);
  };
  switch (field) {
    case 'MaximumConcurrency':
      return mapping.ScalingConfig?.MaximumConcurrency ?? missing();
    case 'VisibilityTimeout':
      return 'VisibilityTimeout' in source ? source.VisibilityTimeout : missing();
    case 'MessageRetentionPeriod':
      return 'MessageRetentionPeriod' in source ? source.MessageRetentionPeriod : missing();
    case 'maxReceiveCount':
      return 'RedrivePolicy' in source
        ? (source.RedrivePolicy?.maxReceiveCount ?? missing())
        : missing();
    case 'Timeout':
      return fn.Timeout;
    default:
      return mapping[field];
  }
}

/** A quantity's value. Throws (with a message naming what is missing) when it does not apply. */
export function quantity(facts: Facts, q: Quantity): number {
  switch (q.q) {
    case 'deliveries':
      return recordReport(facts, q.record).deliveries;
    case 'receiveCount': {
      const s = facts.story(q.record);
      if (s === null) throw new Error(`the run keeps no story of message "${q.record}"`);
      return s.receiveCount;
    }
    case 'invocations':
      return invocationsOf(facts).filter((i) => ran(i) && inSpan(i.start, q.span, facts)).length;
    case 'invocationsContaining':
      return invocationsOf(facts).filter(
        (i) => ran(i) && inSpan(i.start, q.span, facts) && i.records.includes(q.record as RecordId),
      ).length;
    case 'failedInvocations':
      return invocationsOf(facts).filter(
        (i) =>
          (i.result === 'functionError' || i.result === 'timeout') &&
          inSpan(i.start, q.span, facts),
      ).length;
    case 'throttles':
      return invocationsOf(facts).filter(
        (i) => i.result === 'throttled' && inSpan(i.start, q.span, facts),
      ).length;
    case 'peakConcurrency':
      return peakConcurrency(facts, q.span);
    case 'concurrency':
      return facts.snapshot.concurrency.current;
    case 'concurrencyCap':
      return facts.snapshot.concurrency.cap;
    case 'fleetSize':
      return queueOf(facts).fleet.size;
    case 'fleetSizeAtStep':
      if (facts.fleetAtStep === null) throw new Error('streams have no poller fleet');
      return facts.fleetAtStep;
    case 'setting':
      return setting(facts, q.field);
    case 'gathered':
      return shardOf(facts, q.shard).lanes.reduce((n, l) => n + (l.window?.gathered ?? 0), 0);
    case 'shards':
      if (facts.snapshot.shards === null) throw new Error('a queue has no shards');
      return facts.snapshot.shards.length;
    case 'retentionHours': {
      const src = facts.snapshot.source;
      if (!('RetentionPeriodHours' in src)) throw new Error('a queue has no RetentionPeriodHours');
      return src.RetentionPeriodHours;
    }
    case 'fleetGrowth':
      return quantity(facts, { q: 'fleetSize' }) - quantity(facts, { q: 'fleetSizeAtStep' });
    case 'fleetCeiling':
      return queueOf(facts).fleet.ceiling;
    case 'visibleIn': {
      const m = queueOf(facts).inFlight.find((x) => x.id === q.record);
      if (m === undefined || m.visibleAt === null) {
        throw new Error(`message "${q.record}" is not in flight`);
      }
      return m.visibleAt - facts.t;
    }
    case 'firstDeliveryDelay': {
      const put = facts.events.find((e) => e.kind === 'recordPut' && e.recordId === q.record);
      const first = firstDelivery(facts, q.record);
      if (put === undefined || first === null) {
        throw new Error(`record "${q.record}" was not put and delivered`);
      }
      return first[0] - put.t;
    }
    case 'waiting':
      return shardOf(facts, q.shard).waiting;
    case 'shardRecords':
      return shardOf(facts, q.shard).totalRecords;
    case 'iteratorAge':
      return shardOf(facts, q.shard).iteratorAgeSeconds;
    case 'retries': {
      const lane = shardOf(facts, q.shard).lanes.find((l) => l.blocked !== null);
      return lane?.blocked?.retries ?? 0;
    }
    case 'visible':
      return queueOf(facts).visibleCount;
    case 'inFlight':
      return queueOf(facts).inFlightCount;
    case 'withStatus':
      return Object.values(facts.report.records).filter((r) => r.status === q.status).length;
    case 'recordsPut':
      return facts.snapshot.totals.recordsPut;
    case 'scenarioRecords':
      return facts.scenario.records.length;
    case 'scenarioKeys':
      return new Set(facts.scenario.records.map((r) => r.key)).size;
    case 'dlq':
      return facts.report.deadLetterQueue.length;
    case 'dlqReceiveCount': {
      const e = facts.report.deadLetterQueue.find((d) => d.id === q.record);
      if (e === undefined) throw new Error(`message "${q.record}" is not in the dead-letter queue`);
      return e.receiveCount;
    }
    case 'destination':
      return facts.report.onFailureDestination.length;
    case 'destinationInvokeCount':
      return destinationEntry(facts, q.index).approximateInvokeCount;
    case 'destinationBatchSize':
      return destinationEntry(facts, q.index).batchSize;
    case 'batchSize': {
      const sizes = invocationsOf(facts)
        .filter((i) => ran(i) && i.records.length > 0 && inSpan(i.start, q.span, facts))
        .map((i) => i.records.length);
      if (sizes.length === 0) throw new Error('no batch was sent in the span');
      switch (q.which) {
        case 'last':
          return sizes[sizes.length - 1] ?? 0;
        case 'max':
          return Math.max(...sizes);
        case 'min':
          return Math.min(...sizes);
        case 'mean':
          return sizes.reduce((a, b) => a + b, 0) / sizes.length;
      }
      break;
    }
    case 'duplicates':
      return eventsIn(facts, q.span).filter((e) => e.kind === 'duplicateDelivery').length;
    case 'bisects':
      return eventsIn(facts, q.span).filter((e) => e.kind === 'bisect').length;
    case 'polls':
      return eventsIn(facts, q.span).filter((e) => e.kind === 'poll').length;
    case 'activeGroups':
      return (queueOf(facts).groups ?? []).filter((g) => g.visible + g.inFlight > 0).length;
    case 'time':
      return facts.t;
    case 'ratio': {
      const per = typeof q.per === 'number' ? q.per : quantity(facts, q.per);
      if (per === 0) throw new Error('a ratio divided by zero');
      return quantity(facts, q.of) / per;
    }
  }
}

function compare(a: number, op: Op, b: number): boolean {
  switch (op) {
    case '==':
      return Math.abs(a - b) < 1e-9;
    case '!=':
      return Math.abs(a - b) >= 1e-9;
    case '<':
      return a < b;
    case '<=':
      return a <= b + 1e-9;
    case '>':
      return a > b;
    case '>=':
      return a >= b - 1e-9;
  }
}

/**
 * When a record was first delivered, as [time, event order, place in the batch]:
 * records of one batch are ordered by where the function received them.
 */
function firstDelivery(facts: Facts, id: string): readonly [number, number, number] | null {
  for (const e of facts.events) {
    if (e.kind !== 'batchSent') continue;
    const i = e.recordIds.indexOf(id as RecordId);
    if (i >= 0) return [e.t, e.seq, i];
  }
  return null;
}

const before = (a: readonly number[], b: readonly number[]): boolean => {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y;
  }
  return false;
};

/** No key (partition key or message group) in two invocations that overlap in time. */
function keysNeverConcurrent(facts: Facts): boolean {
  const keyOf = new Map<string, string>();
  for (const e of facts.events) if (e.kind === 'recordPut') keyOf.set(e.recordId, e.key);
  const open: { end: number; keys: ReadonlySet<string> }[] = [];
  for (const inv of invocationsOf(facts)) {
    if (!ran(inv)) continue;
    const keys = new Set(inv.records.map((r) => keyOf.get(r) ?? `?${r}`));
    for (const o of open) {
      if (o.end > inv.start + EPS && [...keys].some((k) => o.keys.has(k))) return false;
    }
    open.push({ end: inv.result === null ? Number.POSITIVE_INFINITY : inv.end, keys });
  }
  return true;
}

/** Whether a claim holds. Throws when it names something the run does not have. */
export function holds(facts: Facts, claim: Claim): boolean {
  switch (claim.c) {
    case 'compare':
      return compare(
        quantity(facts, claim.left),
        claim.op,
        typeof claim.right === 'number' ? claim.right : quantity(facts, claim.right),
      );
    case 'status':
      return recordReport(facts, claim.record).status === claim.is;
    case 'recordState': {
      for (const s of facts.snapshot.shards ?? []) {
        const r = s.records.find((x) => x.id === claim.record);
        if (r !== undefined) return r.state === claim.is;
      }
      throw new Error(`the stage does not show record "${claim.record}"`);
    }
    case 'blocked':
      return shardOf(facts, claim.shard).lanes.some((l) => l.blocked !== null) === claim.is;
    case 'messageInFlight': {
      const q = queueOf(facts);
      return q.inFlight.some((m) => m.id === claim.record) === claim.is;
    }
    case 'groupLocked': {
      const g = (queueOf(facts).groups ?? []).find((x) => x.groupId === claim.group);
      if (g === undefined) throw new Error(`the queue has no message group "${claim.group}"`);
      return g.locked === claim.is;
    }
    case 'lastTrigger':
    case 'anyTrigger': {
      const sent = eventsIn(facts, claim.span).filter(
        (e): e is Extract<SimEvent, { kind: 'batchSent' }> => e.kind === 'batchSent',
      );
      if (sent.length === 0) throw new Error('no batch was sent in the span');
      return claim.c === 'lastTrigger'
        ? sent[sent.length - 1]?.trigger === claim.is
        : sent.some((e) => e.trigger === claim.is);
    }
    case 'invariant': {
      const summary = summarizeRun(facts.report, facts.scenario, false);
      const check = summary.invariants.find((i) => i.name === claim.name);
      if (check === undefined) throw new Error(`the run summary has no check "${claim.name}"`);
      return check.passed === claim.passed;
    }
    case 'firstDeliveredBefore': {
      const a = firstDelivery(facts, claim.first);
      const b = firstDelivery(facts, claim.then);
      return a !== null && (b === null || before(a, b));
    }
    case 'putBefore': {
      const at = (id: string): number => {
        const e = facts.events.find((x) => x.kind === 'recordPut' && x.recordId === id);
        if (e === undefined) throw new Error(`record "${id}" was not put`);
        return e.seq;
      };
      return at(claim.first) < at(claim.then);
    }
    case 'destinationCondition':
      return destinationEntry(facts, claim.index).condition === claim.is;
    case 'deliveredTogether':
      return invocationsOf(facts).some((i) =>
        claim.records.every((r) => i.records.includes(r as RecordId)),
      );
    case 'keysNeverConcurrent':
      return keysNeverConcurrent(facts);
    case 'reportBatchItemFailures':
      return (
        facts.snapshot.mapping.FunctionResponseTypes.includes('ReportBatchItemFailures') ===
        claim.is
      );
    case 'rolePolicy':
      return facts.snapshot.function.executionRolePolicies.includes(claim.policy) === claim.is;
    case 'mappingEnabled':
      return facts.snapshot.mapping.Enabled === claim.is;
    case 'all':
      return claim.claims.every((c) => holds(facts, c));
    case 'any':
      return claim.claims.some((c) => holds(facts, c));
    case 'not':
      return !holds(facts, claim.claim);
  }
}

const qText = (q: Quantity): string => {
  if (q.q === 'ratio') {
    return `${qText(q.of)} / ${typeof q.per === 'number' ? q.per : qText(q.per)}`;
  }
  const { q: name, ...args } = q;
  const list = Object.values(args).map((v) => String(v));
  return list.length === 0 ? name : `${name}(${list.join(', ')})`;
};

/** A claim in words for test messages and the panel's "checked on the engine" list. */
export function describeClaim(claim: Claim): string {
  switch (claim.c) {
    case 'compare':
      return `${qText(claim.left)} ${claim.op} ${typeof claim.right === 'number' ? claim.right : qText(claim.right)}`;
    case 'status':
      return `status(${claim.record}) is ${claim.is}`;
    case 'recordState':
      return `stage state(${claim.record}) is ${claim.is}`;
    case 'blocked':
      return `shard ${claim.shard} ${claim.is ? 'is' : 'is not'} blocked`;
    case 'messageInFlight':
      return `${claim.record} ${claim.is ? 'is' : 'is not'} in flight`;
    case 'groupLocked':
      return `group ${claim.group} ${claim.is ? 'is' : 'is not'} locked`;
    case 'lastTrigger':
      return `last batch (${claim.span}) sent because ${claim.is}`;
    case 'anyTrigger':
      return `some batch (${claim.span}) sent because ${claim.is}`;
    case 'invariant':
      return `run summary "${claim.name}" ${claim.passed ? 'passes' : 'fails'}`;
    case 'firstDeliveredBefore':
      return `${claim.first} first delivered before ${claim.then}`;
    case 'putBefore':
      return `${claim.first} put before ${claim.then}`;
    case 'destinationCondition':
      return `on-failure entry ${claim.index} condition is ${claim.is}`;
    case 'deliveredTogether':
      return `${claim.records.join(', ')} delivered in one invocation`;
    case 'keysNeverConcurrent':
      return 'no key in two concurrent invocations';
    case 'reportBatchItemFailures':
      return `ReportBatchItemFailures ${claim.is ? 'on' : 'off'}`;
    case 'rolePolicy':
      return `role ${claim.is ? 'has' : 'lacks'} ${claim.policy}`;
    case 'mappingEnabled':
      return `mapping ${claim.is ? 'enabled' : 'disabled'}`;
    case 'all':
      return `all of (${claim.claims.map(describeClaim).join('; ')})`;
    case 'any':
      return `any of (${claim.claims.map(describeClaim).join('; ')})`;
    case 'not':
      return `not (${describeClaim(claim.claim)})`;
  }
}

/** Quantities measured in seconds (formatted "12.5 s"); the rest are counts. */
export function isSeconds(q: Quantity): boolean {
  return (
    q.q === 'iteratorAge' ||
    q.q === 'time' ||
    q.q === 'firstDeliveryDelay' ||
    q.q === 'visibleIn' ||
    (q.q === 'setting' && SECONDS_SETTINGS.has(q.field))
  );
}

const SECONDS_SETTINGS: ReadonlySet<SettingField> = new Set<SettingField>([
  'MaximumBatchingWindowInSeconds',
  'MaximumRecordAgeInSeconds',
  'VisibilityTimeout',
  'MessageRetentionPeriod',
  'Timeout',
]);
