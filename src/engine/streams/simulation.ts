/**
 * The stream engine (Kinesis Data Streams and DynamoDB Streams): one event
 * loop over plain-data state. `handleEvent` is the only place events are
 * interpreted; the rules it calls live in polling.ts and failures.ts.
 */
import { peek, pop } from '../eventQueue';
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
import { dispatchShard, laneHungry, nextPollTime, pollShard, requestPoll } from './polling';
import { putRecordsDueBy } from './producers';
import { buildInvocationEvent, buildRecordStory, buildReport } from './report';
import { buildSnapshot } from './snapshot';
import {
  createInitialState,
  eventsFrom,
  copyStreamState,
  type StreamEvent,
  type StreamState,
} from './state';

function assertNever(x: never): never {
  throw new Error(`unhandled stream event ${JSON.stringify(x)}`);
}

/** Interprets one scheduled event. Stale timers (rescheduled since) are ignored. */
function handleEvent(s: StreamState, e: StreamEvent): void {
  switch (e.type) {
    case 'poll': {
      if (s.shards[e.shard]!.pollAt === s.now) pollShard(s, e.shard);
      return;
    }
    case 'timer': {
      const lane = s.shards[e.shard]!.lanes[e.lane];
      if (lane === undefined || lane.timerAt !== s.now) return;
      lane.timerAt = null;
      // The batching window elapsed: read what arrived meanwhile, then send.
      pollShard(s, e.shard);
      return;
    }
    case 'retry': {
      const lane = s.shards[e.shard]!.lanes[e.lane];
      if (lane === undefined || lane.retryAt !== s.now) return;
      lane.retryAt = null;
      dispatchShard(s, e.shard);
      return;
    }
    case 'complete': {
      const sh = s.shards[e.shard]!;
      const lane = sh.lanes[e.lane];
      if (lane?.inFlight == null) return;
      whenInvocationCompletes(s, e.shard, e.lane);
      dispatchShard(s, e.shard);
      // A lane that frees up polls again: back to back while a batch waits, else at the cadence.
      if (s.mapping.Enabled && sh.lanes.some((l) => laneHungry(s, l))) {
        requestPoll(s, e.shard, nextPollTime(s, sh));
      }
      return;
    }
    case 'action': {
      const action = s.scenario.actions[e.index];
      if (action !== undefined) applyLiveEdit(s, { ...action, at: s.now });
      return;
    }
    default:
      assertNever(e);
  }
}

/** Processes the next event if it is due by `limit`; false when there is none. */
function step(s: StreamState, limit: number): boolean {
  const next = peek(s.queue);
  if (next === undefined || next.t > limit) return false;
  pop(s.queue);
  if (next.t > s.now) s.now = next.t;
  putRecordsDueBy(s, s.now);
  handleEvent(s, next.event);
  return true;
}

function runUntil(s: StreamState, t: number): void {
  const target = Math.min(t, s.scenario.durationSeconds);
  if (!(target >= s.now)) return;
  while (step(s, target));
  s.now = target;
  putRecordsDueBy(s, s.now);
}

function wrap(s: StreamState): Simulation {
  const ended = (): boolean => s.now >= s.scenario.durationSeconds;
  return {
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
      putRecordsDueBy(s, s.now);
      applyLiveEdit(s, { ...action, at: s.now });
    },
    actions: () => s.actionsApplied.slice(),
    snapshot: () => buildSnapshot(s, ended()),
    drainEvents(): readonly SimEvent[] {
      const out = eventsFrom(s, s.drainedSeq);
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
}

/** A new stream simulation at t = 0. */
export function createStreamSimulation(
  scenario: ResolvedScenario,
  options: SimulationOptions,
): Simulation {
  return wrap(createInitialState(scenario, options.historyLimit, options.recordsKeptWhole));
}

/** Continues a stream simulation from saveState() (state.kind 'stream'); the state is copied. */
export function restoreStreamSimulation(state: SimulationState): Simulation {
  if (state.kind !== 'stream') throw new Error('restoreStreamSimulation needs a stream state');
  return wrap(copyStreamState(state.data as StreamState, 'own'));
}
