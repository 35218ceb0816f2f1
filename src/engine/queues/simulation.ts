/**
 * The SQS queue model (standard and FIFO) behind the Simulation interface.
 * One event loop pops plain-data events in (time, order) and runs the named
 * rule functions of receive.ts, results.ts and scaling.ts; after each event
 * the pollers take whatever the queue can hand out (long polling).
 */
import { copyQueueState } from './checkpoint';
import { peekSlot, popSlot, reserveOrder, scheduleTyped } from '../typedEvents';
import { chance, nextInt } from '../rng';
import {
  MEANINGFUL_EVENT_KINDS,
  type ProducerSpec,
  type RecordId,
  type ResolvedScenario,
  type ReportScope,
  type ScenarioAction,
  type SimEvent,
  type Simulation,
  type SimulationOptions,
  type SimulationState,
} from '../types';
import {
  batchLimit,
  expireByRetention,
  visibilityDeadlinesDue,
  receivable,
  receiveMessages,
  sendFields,
  sendMessage,
  type SendFields,
  takeDuplicates,
  visibilityIsNoOp,
} from './receive';
import { registerReportWriter } from '../reportJson';
import {
  buildReport,
  currentMetrics,
  writeGauges,
  resetGauges,
  noteGauges,
  writeQueueReport,
} from './report';
import { invokeBatch, whenInvocationEnds } from './results';
import {
  fleetCeiling,
  INITIAL_POLLERS,
  resizeFleet,
  scalePollerFleet,
  busyPollers,
} from './scaling';
import {
  buildSnapshot,
  eventsSince,
  invocationEventOf,
  loggedKindSince,
  recordStoryOf,
} from './snapshot';
import {
  createQueueState,
  internKey,
  logEvent,
  producerIdCode,
  QE,
  type Poller,
  type QState,
} from './state';

// ---------------------------------------------------------------------------
// Polling: idle pollers take visible messages at once (long polling)
// ---------------------------------------------------------------------------

function takeIdlePoller(s: QState): Poller | null {
  const slot = s.idle.pop();
  return slot === undefined ? null : s.pollers[slot]!;
}

/** The batching window of a poller that starts a batch now (streams and SQS: it opened when the previous invocation completed). */
function openWindow(s: QState, p: Poller): void {
  const w = s.mapping.MaximumBatchingWindowInSeconds;
  // Modelling choice: a window that elapsed with nothing gathered restarts at the first message.
  const opened = p.windowStart + w > s.now ? p.windowStart : s.now;
  p.windowClosesAt = opened + w;
  p.phase = 'gathering';
  p.gen++;
  s.gathering.push(p.slot);
  scheduleTyped(s.queue, p.windowClosesAt, QE.windowClose, p.slot, p.gen);
}

function stopGathering(s: QState, p: Poller): void {
  const i = s.gathering.indexOf(p.slot);
  if (i >= 0) s.gathering.splice(i, 1);
}

/** What a receive can change: visible messages and the entries that may name one. */
const visibleEntries = (s: QState): number =>
  s.visibleCount + s.visibleHeap.length + (s.sentEnd - s.sentHead) + s.readyGroups.length;

/**
 * The pollers' receive loop. A gathering poller keeps receiving until its
 * batch is full (BatchSize), the 6 MB cap is reached, or its window elapses;
 * with window 0 (always on FIFO) it invokes with what one receive returned.
 * At-least-once copies go to the next free poller as a separate invocation.
 */
function pollQueue(s: QState): void {
  // Retention is exact: a message past MessageRetentionPeriod is gone before anyone can receive it
  // (including one sent before the mapping existed); the per-second tick only keeps the gauges current.
  expireByRetention(s);
  if (!s.mapping.Enabled) return;
  const windowed = !s.fifo && s.mapping.MaximumBatchingWindowInSeconds > 0;
  for (;;) {
    if (s.pendingDuplicates.length > 0) {
      const p = takeIdlePoller(s);
      if (p !== null) {
        takeDuplicates(s, p);
        invokeBatch(s, p, 'duplicate');
        continue;
      }
    }
    if (!receivable(s)) break;
    const gatheringSlot = windowed ? s.gathering[0] : undefined;
    const p = gatheringSlot !== undefined ? s.pollers[gatheringSlot]! : takeIdlePoller(s);
    if (p === null) break;
    const wasIdle = p.phase === 'idle';
    const before = visibleEntries(s);
    receiveMessages(s, p);
    const full = p.count >= batchLimit(s);
    if (p.count === 0) {
      if (wasIdle) s.idle.push(p.slot);
      // Nothing received and nothing moved (e.g. no room in a batch): stop rather than spin.
      if (visibleEntries(s) === before) break;
      continue;
    }
    if (!windowed || full || p.trigger === 'payloadFull') {
      if (!wasIdle) stopGathering(s, p);
      // Without a window (always on FIFO) the batch is what the receive returned.
      invokeBatch(
        s,
        p,
        full ? 'batchFull' : p.trigger === 'payloadFull' ? 'payloadFull' : 'polled',
      );
    } else if (wasIdle) {
      openWindow(s, p);
    }
  }
  const busy = busyPollers(s);
  if (busy > s.second.busyPeak) s.second.busyPeak = busy;
}

// ---------------------------------------------------------------------------
// Traffic and actions
// ---------------------------------------------------------------------------

const firstEmission = (spec: ProducerSpec, now: number): number =>
  now <= spec.from ? 0 : Math.ceil((now - spec.from) * spec.ratePerSecond - 1e-9);

/**
 * When producer `index` emits next, or -1 when it is done. (A number constant:
 * with null, or the global Infinity, the result was a boxed number, once per
 * message.)
 */
function nextEmission(s: QState, index: number): number {
  const run = s.producers[index]!;
  const { spec } = run;
  if (spec.ratePerSecond <= 0) return -1;
  const t = spec.from + run.k / spec.ratePerSecond;
  return t >= spec.until || t > s.scenario.durationSeconds ? -1 : t;
}

/**
 * Queues producer `index`'s emission due at t (now, if t has passed): as if
 * scheduled in the event heap now (it takes its insertion number), but kept
 * beside it (QState.producerDue).
 */
function scheduleEmission(s: QState, index: number, t: number): void {
  s.producerDue[index] = Math.max(t, s.now);
  s.producerOrder[index] = reserveOrder(s.queue);
}

function scheduleProducer(s: QState, index: number): void {
  const t = nextEmission(s, index);
  if (t >= 0) scheduleEmission(s, index, t);
}

function startProducers(s: QState, specs: readonly ProducerSpec[]): void {
  // Emissions of the producers replaced still happen (and do nothing): into the heap, in place.
  s.producerDue.forEach((t, index) => {
    if (t !== Infinity) {
      scheduleTyped(s.queue, t, QE.produce, index, s.producerGen, s.producerOrder[index]!);
    }
  });
  s.producerDue = specs.map(() => Infinity);
  s.producerOrder = specs.map(() => 0);
  s.producerGen++;
  s.producers = specs.map((spec, index) => ({
    spec,
    index,
    k: firstEmission(spec, s.now),
    keyIds: [],
  }));
  for (let i = 0; i < specs.length; i++) {
    while (s.producerCounters.length <= i) s.producerCounters.push(0);
    scheduleProducer(s, i);
  }
}

/** Key strings k0, k1, … made once: a generated message keeps its key for its whole life. */
const KEY_NAMES: string[] = [];
const KEY_NAMES_CACHED = 4096;

function keyName(i: number): string {
  if (i >= KEY_NAMES_CACHED) return `k${i}`;
  while (KEY_NAMES.length <= i) KEY_NAMES.push(`k${KEY_NAMES.length}`);
  return KEY_NAMES[i]!;
}

/** The fields of the generated message being sent (reused: sends never nest). */
const GENERATED: { -readonly [K in keyof SendFields]: SendFields[K] } = {
  code: 0,
  key: 0,
  body: null,
  failDeliveries: 0,
  timeout: false,
  dedupId: null,
  sentAt: 0,
};

/** One generated record: id p<i>-<n>, key round robin or seeded, poison with failProbability. */
function sendGenerated(s: QState, index: number): void {
  const run = s.producers[index]!;
  const { spec } = run;
  const n = s.producerCounters[index]!;
  s.producerCounters[index] = n + 1;
  const keys = Math.max(1, Math.floor(spec.keys));
  const keyNumber = spec.keyMode === 'random' ? nextInt(s.rng, keys) : n % keys;
  const poison = chance(s.rng, spec.failProbability);
  // Interned keys are cached per producer run: no key lookup per message.
  let key = run.keyIds[keyNumber] ?? -1;
  if (key < 0) {
    key = internKey(s, keyName(keyNumber));
    while (run.keyIds.length < keyNumber) run.keyIds.push(-1);
    run.keyIds[keyNumber] = key;
  }
  const f = GENERATED;
  f.code = producerIdCode(index, n);
  f.key = key;
  f.failDeliveries = poison ? -1 : 0;
  f.sentAt = s.now;
  sendFields(s, f);
  run.k++;
}

/**
 * Whether the pollers would do nothing after a send: the mapping is disabled,
 * or no poller is idle or gathering and no at-least-once copy is waiting.
 */
function nobodyPolling(s: QState): boolean {
  return (
    !s.mapping.Enabled ||
    (s.idle.length === 0 && s.gathering.length === 0 && s.pendingDuplicates.length === 0)
  );
}

/**
 * A producer's emission, then its next one. While nobody is polling and no
 * other event comes first (nor `until`), the next records are sent at once,
 * each at its own time, rather than through the event queue. Between two of
 * them it runs what handle() runs after every event, so the run is the same
 * however runUntil is sliced (`until` ends the shortcut): with nobody polling,
 * pollQueue only checks retention (a message may expire between two sends,
 * and is logged then), and the gauges note the moment.
 */
function produce(s: QState, index: number, until: number): void {
  for (;;) {
    sendGenerated(s, index);
    const t = nextEmission(s, index);
    if (t < 0) return;
    if (t > until || t < s.now || !nobodyPolling(s) || eventDueBy(s, t)) {
      // scheduleEmission, written out: a number passed to a call that is not inlined is boxed,
      // and this runs once per message.
      s.producerDue[index] = t;
      s.producerOrder[index] = reserveOrder(s.queue);
      return;
    }
    expireByRetention(s);
    noteGauges(s);
    s.now = t;
  }
}

/**
 * Whether a pending event (heap, producer emission or visibility) is due at
 * or before t. (A yes or no rather than the earliest time: a time returned
 * from a call that is not inlined is a new heap number, once per message.)
 */
function eventDueBy(s: QState, t: number): boolean {
  const slot = peekSlot(s.queue);
  if (slot >= 0 && s.queue.t[slot]! <= t) return true;
  const due = s.producerDue;
  for (let i = 0; i < due.length; i++) if (due[i]! <= t) return true;
  return s.visibilityDue <= t;
}

function putScenarioRecords(s: QState): void {
  const recs = s.scenario.records;
  // Every record due at this instant goes in before the pollers look (one long poll sees them all).
  while (s.recordCursor < s.recordOrder.length) {
    const r = recs[s.recordOrder[s.recordCursor]!]!;
    if (Math.max(0, r.at) > s.now) break;
    sendMessage(s, r, r.at);
    s.recordCursor++;
  }
  const next = s.recordOrder[s.recordCursor];
  if (next !== undefined) {
    scheduleTyped(s.queue, Math.max(0, recs[next]!.at), QE.putRecord);
  }
}

const fmt = (v: unknown): string =>
  typeof v === 'string' ? v : v === undefined ? 'unset' : JSON.stringify(v);

function describePatch(
  before: Readonly<Record<string, unknown>>,
  patch: Readonly<Record<string, unknown>>,
  out: string[],
): void {
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    const old = before[k];
    if (JSON.stringify(old) !== JSON.stringify(v)) out.push(`${k} ${fmt(old)} → ${fmt(v)}`);
  }
}

/**
 * applyLiveEdit: a scripted or live change at now. Mapping, function and queue
 * attribute changes apply from this instant (a new VisibilityTimeout applies to
 * the next receives, as in SQS); records are sent now; producers are replaced
 * (numbering continues per index); failNextInvocations makes the next N invokes throw.
 */
export function applyLiveEdit(s: QState, action: ScenarioAction): void {
  const parts: string[] = [];
  const wasEnabled = s.mapping.Enabled;
  if (action.mapping !== undefined) {
    describePatch(s.mapping as unknown as Record<string, unknown>, action.mapping, parts);
    s.mapping = { ...s.mapping, ...stripUndefined(action.mapping) };
  }
  if (action.function !== undefined) {
    describePatch(s.fn as unknown as Record<string, unknown>, action.function, parts);
    s.fn = { ...s.fn, ...stripUndefined(action.function) };
  }
  if (action.source !== undefined) {
    describePatch(s.source as unknown as Record<string, unknown>, action.source, parts);
    s.source = { ...s.source, ...stripUndefined(action.source), type: s.source.type };
  }
  if (action.records !== undefined && action.records.length > 0) {
    parts.push(`Sent ${action.records.length} message${action.records.length === 1 ? '' : 's'}`);
  }
  if (action.producers !== undefined) {
    const rate = action.producers.reduce((sum, p) => sum + p.ratePerSecond, 0);
    parts.push(`Producers → ${action.producers.length} at ${rate} messages/s`);
  }
  if (action.failNextInvocations !== undefined && action.failNextInvocations > 0) {
    parts.push(`Fail the next ${action.failNextInvocations} invocation(s)`);
  }
  logEvent(s, { kind: 'edit', description: parts.join('; ') || 'No change', action });

  if (wasEnabled !== s.mapping.Enabled) {
    logEvent(s, { kind: s.mapping.Enabled ? 'mappingEnabled' : 'mappingDisabled' });
  }
  const { cap } = fleetCeiling(s);
  if (s.fleetSize > cap) resizeFleet(s, cap, 'cap');
  for (const r of action.records ?? []) sendMessage(s, { ...r, at: s.now }, s.now);
  if (action.producers !== undefined) startProducers(s, action.producers);
  if (action.failNextInvocations !== undefined) {
    s.failNext += Math.max(0, Math.floor(action.failNextInvocations));
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o))
    if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

function runScriptedAction(s: QState): void {
  const order = s.scenario.actions;
  while (s.actionCursor < order.length) {
    const a = order[s.actionCursor]!;
    if (a.at > s.now) break;
    s.applied.push(a);
    applyLiveEdit(s, a);
    s.actionCursor++;
  }
  const next = order[s.actionCursor];
  if (next !== undefined) scheduleTyped(s.queue, Math.max(s.now, next.at), QE.action);
}

/** Once per simulated second: close the second's gauges, expire by retention, scale the fleet. */
function tick(s: QState): void {
  const second = Math.round(s.now);
  writeGauges(s, second - 1);
  expireByRetention(s);
  scalePollerFleet(s);
  resetGauges(s);
  if (second + 1 <= s.scenario.durationSeconds) scheduleTyped(s.queue, second + 1, QE.tick);
}

// ---------------------------------------------------------------------------
// The event loop
// ---------------------------------------------------------------------------

/** Runs an event (kind, a, b) at now, then lets the pollers take what they can; `until` bounds the step. */
function handle(s: QState, kind: number, a: number, b: number, until: number): void {
  switch (kind) {
    case QE.putRecord:
      putScenarioRecords(s);
      break;
    case QE.produce:
      if (b === s.producerGen) produce(s, a, until);
      break;
    case QE.action:
      runScriptedAction(s);
      break;
    case QE.tick:
      tick(s);
      break;
    case QE.windowClose: {
      const p = s.pollers[a];
      if (p !== undefined && p.gen === b && p.phase === 'gathering') {
        stopGathering(s, p);
        invokeBatch(s, p, 'windowElapsed');
      }
      break;
    }
    case QE.invocationEnd:
      whenInvocationEnds(s, a);
      break;
    case QE.throttleRetry: {
      const p = s.pollers[a];
      if (p !== undefined && p.gen === b && p.phase === 'backoff') invokeBatch(s, p, 'retry');
      break;
    }
    case QE.visibility:
      visibilityDeadlinesDue(s);
      break;
    default:
      throw new Error(`unexpected queue event kind ${kind}`);
  }
  pollQueue(s);
  noteGauges(s);
}

/** Runs one event; false when none is due at or before `until`. */
function step(s: QState, until: number): boolean {
  const q = s.queue;
  const slot = peekSlot(q);
  // A producer's emission runs where a heap event scheduled at the same moment would.
  let producer = -1;
  let pt = slot >= 0 ? q.t[slot]! : Infinity;
  let po = slot >= 0 ? q.order[slot]! : Infinity;
  for (let i = 0; i < s.producerDue.length; i++) {
    const t = s.producerDue[i]!;
    if (t < pt || (t === pt && t !== Infinity && s.producerOrder[i]! < po)) {
      producer = i;
      pt = t;
      po = s.producerOrder[i]!;
    }
  }
  const vt = s.visibilityDue;
  const visibility = vt < pt || (vt === pt && vt !== Infinity && s.visibilityOrder < po);
  if (visibility) {
    if (vt > until) return false;
    s.visibilityDue = Infinity;
    s.now = Math.max(s.now, vt);
    // Most visibility events find their messages deleted long ago: then nothing else runs.
    if (!visibilityIsNoOp(s)) handle(s, QE.visibility, 0, 0, until);
    return true;
  }
  if (producer >= 0) {
    if (pt > until) return false;
    s.producerDue[producer] = Infinity;
    s.now = Math.max(s.now, pt);
    handle(s, QE.produce, producer, s.producerGen, until);
    return true;
  }
  if (slot < 0 || q.t[slot]! > until) return false;
  popSlot(q);
  // Read before anything is scheduled: the slot is free again.
  const t = q.t[slot]!;
  const kind = q.kind[slot]!;
  const a = q.a[slot]!;
  const b = q.b[slot]!;
  s.now = Math.max(s.now, t);
  if (kind === QE.visibility && visibilityIsNoOp(s)) return true;
  handle(s, kind, a, b, until);
  return true;
}

/**
 * The event loop, a function of its own: V8 optimises a long loop while it
 * runs (on-stack replacement) and keeps that code for the next call; with
 * statements after the loop in the same function, that code had no type
 * feedback for them and could deoptimise on reaching them at every call.
 */
function stepUntil(s: QState, until: number): void {
  while (step(s, until));
}

function initialise(s: QState): void {
  const { cap } = fleetCeiling(s);
  // The fleet starts at 5 pollers; a scaling event is logged only when a cap holds it lower.
  resizeFleet(s, Math.min(INITIAL_POLLERS, cap), 'cap', cap >= INITIAL_POLLERS);
  const actions = s.scenario.actions;
  if (actions.length > 0) scheduleTyped(s.queue, Math.max(0, actions[0]!.at), QE.action);
  const first = s.recordOrder[0];
  if (first !== undefined) {
    scheduleTyped(s.queue, Math.max(0, s.scenario.records[first]!.at), QE.putRecord);
  }
  startProducers(s, s.scenario.producers);
  if (s.scenario.durationSeconds >= 1) scheduleTyped(s.queue, 1, QE.tick);
  resetGauges(s);
}

// ---------------------------------------------------------------------------
// The Simulation facade
// ---------------------------------------------------------------------------

class QueueSimulation implements Simulation {
  constructor(private readonly s: QState) {}

  get scenario(): ResolvedScenario {
    return this.s.scenario;
  }

  now(): number {
    return this.s.now;
  }

  ended(): boolean {
    return this.s.now >= this.s.scenario.durationSeconds;
  }

  runUntil(t: number): void {
    const until = Math.min(t, this.s.scenario.durationSeconds);
    if (!(until >= this.s.now)) return;
    stepUntil(this.s, until);
    this.s.now = until;
  }

  stepToNextMeaningfulEvent(): readonly SimEvent[] {
    const s = this.s;
    const from = s.nextSeq;
    const end = s.scenario.durationSeconds;
    for (;;) {
      if (!step(s, end)) {
        s.now = Math.max(s.now, end);
        return eventsSince(s, from);
      }
      if (loggedKindSince(s, from, MEANINGFUL_EVENT_KINDS)) return eventsSince(s, from);
    }
  }

  applyAction(action: Omit<ScenarioAction, 'at'>): void {
    const full: ScenarioAction = { ...action, at: this.s.now };
    this.s.applied.push(full);
    applyLiveEdit(this.s, full);
    pollQueue(this.s);
    noteGauges(this.s);
  }

  actions(): readonly ScenarioAction[] {
    return this.s.applied.slice();
  }

  snapshot() {
    return buildSnapshot(this.s, this.ended());
  }

  drainEvents(max: number = Infinity): readonly SimEvent[] {
    const s = this.s;
    const out = eventsSince(s, Math.max(s.drainedSeq + 1, s.nextSeq - max));
    s.drainedSeq = s.nextSeq - 1;
    return out;
  }

  metrics(fromSecond = 0) {
    return currentMetrics(this.s, fromSecond);
  }

  recordStory(id: RecordId) {
    return recordStoryOf(this.s, id);
  }

  invocationEvent(n: number): unknown {
    return invocationEventOf(this.s, n);
  }

  report(scope?: ReportScope) {
    return buildReport(this.s, scope);
  }

  saveState(): SimulationState {
    return { kind: 'queue', data: copyQueueState(this.s) };
  }
}

/** Registers the direct JSON writer of the simulation's full report (reportJson.ts). */
function withWriter(sim: Simulation, s: QState): Simulation {
  registerReportWriter(sim, (out) => writeQueueReport(s, out));
  return sim;
}

/** A new SQS (standard or FIFO) simulation at t = 0. */
export function createQueueSimulation(
  scenario: ResolvedScenario,
  options: SimulationOptions,
): Simulation {
  const s = createQueueState(scenario, options.historyLimit, options.keepEvents ?? true);
  initialise(s);
  return withWriter(new QueueSimulation(s), s);
}

/** Continues a queue simulation from saveState() (the state is copied, so it can be restored again). */
export function restoreQueueSimulation(state: SimulationState): Simulation {
  if (state.kind !== 'queue') throw new Error(`not a queue simulation state: ${state.kind}`);
  const s = copyQueueState(state.data as QState, false);
  return withWriter(new QueueSimulation(s), s);
}
