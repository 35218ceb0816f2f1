/**
 * The typed message protocol between the UI (src/client) and the simulation
 * host (src/worker/host.ts). Plain data only: every message survives
 * structuredClone, so the same protocol runs over postMessage or in-thread.
 *
 * Every message carries the `runId` it belongs to. The UI picks the id of a
 * new run when it sends `load`/`restart`; the host stamps its replies with the
 * id of the run that produced them, and the client drops replies whose run is
 * no longer current (stale frames after a reload never reach the store).
 */
import type {
  BreakpointKind,
  LoadStart,
  PausedAt,
  PlaybackStatus,
  Problem,
  TimelineState,
} from '../store/types';
import type {
  MetricsSeries,
  RecordId,
  RecordStory,
  ResolvedScenario,
  RunSummary,
  ScenarioAction,
  SimEvent,
  StageSnapshot,
} from '../engine/types';

export type { Problem };

/** What `load` starts: an already resolved scenario, or raw JSON the host validates. */
export type LoadInput =
  | { readonly kind: 'resolved'; readonly scenario: ResolvedScenario }
  | { readonly kind: 'json'; readonly json: unknown };

/**
 * Where a freshly loaded run starts (`LoadStart`, defined with the store's
 * types): run forward to simulated second `at` (clamped to the scenario's
 * duration; checkpoints are taken on the way, so the scrubber can go back)
 * and follow record `follow`. Shared links, lesson steps and "Show me" open
 * a run at a moment this way.
 */
export type { LoadStart };

/** Simulated seconds per wall second accepted by `setSpeed` (clamped by the host). */
export const SPEED_MIN = 0.1;
export const SPEED_MAX = 100;

// ---------------------------------------------------------------------------
// UI → host
// ---------------------------------------------------------------------------

/** Messages the UI sends to the host. */
export type ToHost =
  | {
      readonly type: 'load';
      readonly runId: number;
      readonly input: LoadInput;
      readonly start?: LoadStart;
    }
  | { readonly type: 'restart'; readonly runId: number }
  | { readonly type: 'play'; readonly runId: number }
  | { readonly type: 'pause'; readonly runId: number }
  | { readonly type: 'setSpeed'; readonly runId: number; readonly speed: number }
  | { readonly type: 'step'; readonly runId: number }
  | { readonly type: 'stepBack'; readonly runId: number }
  | { readonly type: 'seek'; readonly runId: number; readonly t: number }
  /** Lock-step playback (compare mode): run forward to t as Play would, then pause. */
  | { readonly type: 'advance'; readonly runId: number; readonly t: number }
  | {
      readonly type: 'applyAction';
      readonly runId: number;
      readonly requestId: number;
      readonly action: Omit<ScenarioAction, 'at'>;
    }
  | {
      readonly type: 'setBreakpoints';
      readonly runId: number;
      readonly kinds: readonly BreakpointKind[];
    }
  | { readonly type: 'selectRecord'; readonly runId: number; readonly id: RecordId | null }
  | {
      readonly type: 'invocationEvent';
      readonly runId: number;
      readonly requestId: number;
      readonly n: number;
    }
  | { readonly type: 'summary'; readonly runId: number; readonly requestId: number }
  | { readonly type: 'frameAck'; readonly runId: number; readonly frameNo: number };

// ---------------------------------------------------------------------------
// Host → UI
// ---------------------------------------------------------------------------

/** One animation frame's worth of state. */
export interface FrameMessage {
  readonly type: 'frame';
  readonly runId: number;
  /** Numbers frames within a run; the ack names the frame it acknowledges. */
  readonly frameNo: number;
  readonly t: number;
  readonly status: PlaybackStatus;
  readonly speed: number;
  readonly snapshot: StageSnapshot;
  /**
   * True when the host moved backwards or restored a checkpoint (seek, step
   * back, fork): `events` and `metrics` then replace what the UI holds instead
   * of appending to it.
   */
  readonly reset: boolean;
  /** Events logged since the previous frame (at most EVENTS_PER_FRAME, the newest). */
  readonly events: readonly SimEvent[];
  /** Events left out of `events` because too many happened in one frame. */
  readonly eventsDropped: number;
  /** The seconds that changed since the previous frame (or everything kept, when `reset`). */
  readonly metrics: MetricsSeries;
  readonly timeline: TimelineState;
  /** Set on the frame where a breakpoint paused the clock. */
  readonly pausedAt: PausedAt | null;
  /** The selected record's story, refreshed every frame while one is selected. */
  readonly story: RecordStory | null;
  /**
   * The record `story` answers for: the one selected when the frame was built
   * (null: none). With `story` null, the run keeps no record of that id at
   * this moment (not put yet, a mistyped id, or one a long run has forgotten).
   */
  readonly storyFor: RecordId | null;
  /** Every action applied so far (scripted and live); only sent when it changed. */
  readonly actions: readonly ScenarioAction[] | null;
}

/** Messages the host sends to the UI. */
export type FromHost =
  | {
      readonly type: 'loaded';
      readonly runId: number;
      readonly scenario: ResolvedScenario;
      /** The record the run follows from the start (LoadStart.follow), or null. */
      readonly selected: RecordId | null;
    }
  | {
      /** A load or live edit was rejected; the current run keeps going. */
      readonly type: 'problems';
      readonly runId: number;
      readonly requestId: number | null;
      readonly problems: readonly Problem[];
    }
  | { readonly type: 'actionApplied'; readonly runId: number; readonly requestId: number }
  | FrameMessage
  | {
      readonly type: 'invocationEvent';
      readonly runId: number;
      readonly requestId: number;
      readonly payload: unknown;
    }
  | {
      readonly type: 'summary';
      readonly runId: number;
      readonly requestId: number;
      readonly summary: RunSummary | null;
    }
  | { readonly type: 'error'; readonly runId: number; readonly message: string };

/** Seconds of metrics a reset frame carries (the store keeps the same window). */
export const METRICS_WINDOW_SECONDS = 2 * 60 * 60;

/** The most events one frame carries; the UI keeps a ring of about this size anyway. */
export const EVENTS_PER_FRAME = 5000;

/** Exhaustiveness guard for switches over message types. */
export function assertNever(x: never): never {
  throw new Error(`Unexpected message: ${JSON.stringify(x)}`);
}
