/**
 * The contract between the simulation store (src/store/simStore.ts) and the
 * UI components that read it (stage, controls, charts, log, timeline).
 *
 * High-frequency values (snapshot, events, metrics) change every animation
 * frame while playing: components that draw them every frame should read them
 * with `useSimStore.subscribe` into refs/canvas, or with narrow selectors.
 */
import type {
  MetricsSeries,
  RecordId,
  RecordStory,
  ResolvedScenario,
  RunSummary,
  ScenarioAction,
  SimEvent,
  SimEventKind,
  StageSnapshot,
} from '../engine';

/** Where a loaded run starts (simulated time, followed record): see src/worker/protocol.ts. */
export interface LoadStart {
  readonly at?: number;
  readonly follow?: RecordId | null;
  /**
   * Indices into the scenario's actions (in time order) that were live edits: the host
   * replays them as the user made them, after everything else at their instant, rather
   * than scheduling them as scripted actions (a shared link restores the same run).
   */
  readonly live?: readonly number[];
}

export type PlaybackStatus = 'loading' | 'paused' | 'playing' | 'ended' | 'error';

/** What the "pause when …" toggles stop on. */
export type BreakpointKind =
  'batchFailed' | 'shardBlocked' | 'movedToDlq' | 'onFailureDestination' | 'duplicateDelivery';

export interface PausedAt {
  readonly breakpoint: BreakpointKind;
  readonly event: SimEvent;
}

export interface TimelineState {
  /** Simulated seconds reachable by seeking: [0, furthest]. */
  readonly furthest: number;
  readonly duration: number;
  /** Set when an edit made in the past dropped the old future: the time it forked at. */
  readonly forkedAt: number | null;
}

/** A validation problem (path like `mapping.BatchSize`), as src/scenarios reports it. */
export interface Problem {
  readonly path: string;
  readonly message: string;
}

export interface SimStoreState {
  /** Increments on every load/restart; replies from older runs are dropped. */
  readonly runId: number;
  readonly status: PlaybackStatus;
  /** Simulated seconds per wall second: 0.1 .. 100. */
  readonly speed: number;
  /** The scenario the run started from (actions recorded live are in `actions`). */
  readonly scenario: ResolvedScenario | null;
  /** Every action applied so far (scripted and live), for sharing and replay. */
  readonly actions: readonly ScenarioAction[];
  readonly snapshot: StageSnapshot | null;
  /** The most recent events, oldest first (bounded ring buffer). */
  readonly events: readonly SimEvent[];
  /** Per-second metrics from 0 to now. */
  readonly metrics: MetricsSeries | null;
  readonly timeline: TimelineState;
  readonly breakpoints: ReadonlySet<BreakpointKind>;
  readonly pausedAt: PausedAt | null;
  readonly selectedRecord: RecordId | null;
  readonly recordStory: RecordStory | null;
  /** The selected record when the run keeps no record of it at this moment (the host said so). */
  readonly recordAbsent: RecordId | null;
  /** A message for the user (bad input, worker failure); the previous run keeps going. */
  readonly error: string | null;
  /** Why the last scenario JSON given to `loadJson` was rejected ([] when it loaded). */
  readonly problems: readonly Problem[];
  /** Totals and invariant checks, as of the last `requestSummary()` (null until then / after a load). */
  readonly summary: RunSummary | null;

  /** Starts a run of `scenario`; `start` opens it at a moment, following a record. */
  load(scenario: ResolvedScenario, start?: LoadStart): void;
  /** Loads raw scenario JSON; the worker validates it and `problems` lists what it rejected. */
  loadJson(json: unknown, start?: LoadStart): void;
  /** Asks the host for a fresh run summary of the run so far (fills `summary`). */
  requestSummary(): void;
  play(): void;
  pause(): void;
  togglePlay(): void;
  /** Advances to the next meaningful event (poll, batch sent, result, checkpoint, …). */
  step(): void;
  /** Goes back to the previous meaningful event. */
  stepBack(): void;
  setSpeed(speed: number): void;
  /** Restarts the same scenario with the same seed (recorded live edits are dropped). */
  restart(): void;
  /** Applies a live edit at the current simulated time (recorded as a scenario action). */
  applyAction(action: Omit<ScenarioAction, 'at'>): void;
  seek(t: number): void;
  selectRecord(id: RecordId | null): void;
  setBreakpoint(kind: BreakpointKind, on: boolean): void;
  /** The exact event payload invocation n received. */
  invocationEvent(n: number): Promise<unknown>;
  clearError(): void;
}

/** Which logged events each breakpoint stops on. */
export const BREAKPOINT_EVENTS: Readonly<Record<BreakpointKind, (e: SimEvent) => boolean>> = {
  batchFailed: (e) =>
    e.kind === 'invocationResult' && e.result !== 'success' && e.result !== 'throttled',
  shardBlocked: (e) => e.kind === 'shardBlocked',
  movedToDlq: (e) => e.kind === 'movedToDlq',
  onFailureDestination: (e) => e.kind === 'onFailureDestination',
  duplicateDelivery: (e) => e.kind === 'duplicateDelivery',
};

export type { SimEventKind };
