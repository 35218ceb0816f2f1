/**
 * The stream engine (Kinesis Data Streams and DynamoDB Streams): one event
 * loop over plain-data state. `handleEvent` is the only place events are
 * interpreted; the rules it calls live in polling.ts and failures.ts.
 */
import { peekSlot, popSlot } from '../typedEvents';
import { metricsSeries } from '../metrics';
import {
  MEANINGFUL_EVENT_KINDS,
  type ResolvedScenario,
  type ScenarioAction,
  type SimEvent,
  type ReportScope,
  type Simulation,
  type SimulationOptions,
  type SimulationState,
} from '../types';
import { saveBoundedState } from './compaction';
import { applyLiveEdit } from './edits';
import { whenInvocationCompletes } from './failures';
import { anyLaneHungry, dispatchShard, nextPollTime, pollShard, requestPoll } from './polling';
import { putRecordsDue } from './producers';
import { registerReportWriter } from '../reportJson';
import { buildInvocationEvent, buildRecordStory, buildReport, writeStreamReport } from './report';
import { buildSnapshot } from './snapshot';
import { createInitialState, eventsFrom, copyStreamState, SE, type StreamState } from './state';

/** Interprets one scheduled event (kind, a, b). Stale timers (rescheduled since) are ignored. */
function handleEvent(s: StreamState, kind: number, a: number, b: number): void {
  switch (kind) {
    case SE.poll: {
      if (s.shards[a]!.pollAt === s.now) pollShard(s, a);
      return;
    }
    case SE.timer: {
      const lane = s.shards[a]!.lanes[b];
      if (lane === undefined || lane.timerAt !== s.now) return;
      lane.timerAt = null;
      // The batching window elapsed: read what arrived meanwhile, then send.
      pollShard(s, a);
      return;
    }
    case SE.retry: {
      const lane = s.shards[a]!.lanes[b];
      if (lane === undefined || lane.retryAt !== s.now) return;
      lane.retryAt = null;
      dispatchShard(s, a);
      return;
    }
    case SE.complete: {
      const sh = s.shards[a]!;
      const lane = sh.lanes[b];
      if (lane?.inFlight == null) return;
      whenInvocationCompletes(s, a, b);
      dispatchShard(s, a);
      // A lane that frees up polls again: back to back while a batch waits, else at the cadence.
      if (s.mapping.Enabled && anyLaneHungry(s, sh)) {
        requestPoll(s, a, nextPollTime(s, sh));
      }
      return;
    }
    case SE.action: {
      const action = s.scenario.actions[a];
      if (action !== undefined) applyLiveEdit(s, { ...action, at: s.now });
      return;
    }
    default:
      throw new Error(`unhandled stream event kind ${kind}`);
  }
}

/** Processes the next event if it is due by `limit`; false when there is none. */
function step(s: StreamState, limit: number): boolean {
  const q = s.queue;
  const slot = peekSlot(q);
  if (slot < 0 || q.t[slot]! > limit) return false;
  popSlot(q);
  // Read before anything is scheduled: the slot is free again.
  const t = q.t[slot]!;
  const kind = q.kind[slot]!;
  const a = q.a[slot]!;
  const b = q.b[slot]!;
  if (t > s.now) s.now = t;
  putRecordsDue(s);
  handleEvent(s, kind, a, b);
  return true;
}

function runUntil(s: StreamState, t: number): void {
  const target = Math.min(t, s.scenario.durationSeconds);
  if (!(target >= s.now)) return;
  stepUntil(s, target);
  s.now = target;
  putRecordsDue(s);
}

/**
 * The event loop, a function of its own. V8 optimises a long loop while it
 * runs (on-stack replacement) and keeps that code for the next call; with
 * statements after the loop in the same function, that code had no type
 * feedback for them and deoptimised on reaching them, at every call (up to
 * one a simulated minute in the bench, each followed by a recompilation).
 */
function stepUntil(s: StreamState, target: number): void {
  while (step(s, target));
}

function wrap(s: StreamState): Simulation {
  const ended = (): boolean => s.now >= s.scenario.durationSeconds;
  const sim: Simulation = {
    scenario: s.scenario,
    now: () => s.now,
    ended,
    runUntil: (t: number = s.scenario.durationSeconds) => runUntil(s, t),
    stepToNextMeaningfulEvent(): readonly SimEvent[] {
      const from = s.events.total;
      let checked = from;
      for (;;) {
        if (!step(s, s.scenario.durationSeconds)) {
          runUntil(s, s.scenario.durationSeconds);
          break;
        }
        const fresh = eventsFrom(s, checked);
        checked = s.events.total;
        if (fresh.some((e) => MEANINGFUL_EVENT_KINDS.has(e.kind))) break;
      }
      return eventsFrom(s, from);
    },
    applyAction(action: Omit<ScenarioAction, 'at'>): void {
      putRecordsDue(s);
      applyLiveEdit(s, { ...action, at: s.now });
    },
    actions: () => s.actionsApplied.slice(),
    snapshot: () => buildSnapshot(s, ended()),
    drainEvents(max: number = Infinity): readonly SimEvent[] {
      const out = eventsFrom(s, Math.max(s.drainedSeq, s.events.total - max));
      s.drainedSeq = s.events.total;
      return out;
    },
    metrics: (fromSecond?: number) => metricsSeries(s.metrics, s.now, fromSecond ?? 0),
    recordStory: (id) => buildRecordStory(s, id),
    invocationEvent: (n: number) => buildInvocationEvent(s, n),
    report: (scope?: ReportScope) => buildReport(s, scope),
    saveState: (): SimulationState => ({
      kind: 'stream',
      data: s.historyLimit === null ? copyStreamState(s, 'share') : saveBoundedState(s),
    }),
  };
  registerReportWriter(sim, (out) => writeStreamReport(s, out));
  return sim;
}

/** A new stream simulation at t = 0. */
export function createStreamSimulation(
  scenario: ResolvedScenario,
  options: SimulationOptions,
): Simulation {
  return wrap(
    createInitialState(
      scenario,
      options.historyLimit,
      options.recordsKeptWhole,
      options.keepEvents ?? true,
    ),
  );
}

/** Continues a stream simulation from saveState() (state.kind 'stream'); the state is copied. */
export function restoreStreamSimulation(state: SimulationState): Simulation {
  if (state.kind !== 'stream') throw new Error('restoreStreamSimulation needs a stream state');
  return wrap(copyStreamState(state.data as StreamState, 'own'));
}
