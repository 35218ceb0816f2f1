/**
 * SimHost: the simulation side of the worker protocol, as a plain class with
 * no worker globals (sim.worker.ts wires it to `self`; tests and the
 * in-thread client call it directly).
 *
 * It owns one run at a time: the Simulation, a playback clock that maps wall
 * time to simulated time, checkpoints for time travel, and the live edits the
 * user made. It sends at most one frame per acknowledgement (backpressure).
 */
import {
  BOUNDED_RECORDS_KEPT_WHOLE,
  createSimulation,
  MEANINGFUL_EVENT_KINDS,
  restoreSimulation,
  type RecordId,
  type ResolvedScenario,
  type ScenarioAction,
  type SimEvent,
  type Simulation,
  type SimulationOptions,
  type SimulationState,
} from '../engine';
import { summarizeRun } from '../engine/summary';
import {
  BREAKPOINT_EVENTS,
  type BreakpointKind,
  type PausedAt,
  type PlaybackStatus,
} from '../store/types';
import {
  assertNever,
  EVENTS_PER_FRAME,
  METRICS_WINDOW_SECONDS,
  SPEED_MAX,
  SPEED_MIN,
  type FromHost,
  type LoadStart,
  type ToHost,
} from './protocol';
import { estimateBytes } from './stateSize';
import { parseLoadInput, validateLiveAction } from './validation';

/** What the host needs from its surroundings. */
export interface HostEnv {
  /** Sends a message to the UI. */
  post(message: FromHost): void;
  /** Wall clock in milliseconds (performance.now in the worker; a fake one in tests). */
  now(): number;
}

/** How the host makes simulations: the real engine, or a stand-in in tests. */
export interface EngineFactory {
  create(scenario: ResolvedScenario, options: SimulationOptions): Simulation;
  restore(state: SimulationState): Simulation;
}

/** The real engine (src/engine). */
export const REAL_ENGINE: EngineFactory = {
  create: createSimulation,
  restore: restoreSimulation,
};

/** Tuning of the playback clock and the checkpoints (tests shrink them). */
export interface HostTuning {
  /** Engine work allowed per frame, in wall milliseconds. */
  readonly frameBudgetMs: number;
  /** The clock never runs more than this many wall seconds behind: older debt is dropped. */
  readonly maxLagSeconds: number;
  /** A checkpoint at least every this many simulated seconds… */
  readonly checkpointEverySeconds: number;
  /** …or sooner, once the engine worked this long since the last one (keeps seeks fast). */
  readonly checkpointEveryWorkMs: number;
  /** At most this many checkpoints; older ones are thinned (every other one dropped). */
  readonly maxCheckpoints: number;
  /**
   * Checkpoints are also thinned once saving the kept ones cost more than this
   * (wall ms, summed): save time grows with the simulation's state, so this
   * bounds their memory too.
   */
  readonly checkpointCostBudgetMs: number;
  /**
   * Checkpoints are also thinned once their estimated size (estimateBytes of
   * each saved state and log tail, summed) exceeds this many bytes.
   */
  readonly checkpointMemoryBytes: number;
  /** Engine work between checkpoints is at least this multiple of the cheapest recent save. */
  readonly checkpointWorkRatio: number;
  /**
   * …except that a checkpoint is taken at least every this many simulated
   * seconds whatever the work: a replay from a restored state costs more than
   * the same stretch did in play (cold code, fresh memory), so where the
   * engine does little (blocked shards) the work ratio alone left gaps of
   * 100+ s and seeks that replayed them.
   */
  readonly checkpointMaxGapSeconds: number;
  /** History the simulation keeps for the UI (invocations, events, stories). */
  readonly historyLimit: number;
  /** Events the host keeps to refill the UI's log after a seek. */
  readonly logSize: number;
  /**
   * Events each checkpoint keeps of the log before it (for a seek forward
   * past what the host has logged): fewer than logSize, since the replay from
   * the checkpoint adds its own, and a tail is often most of a checkpoint's memory.
   */
  readonly checkpointLogTail: number;
  /**
   * Meaningful events the step-back index keeps (the oldest half goes when
   * full; a step back into the dropped part finds its event by replaying).
   */
  readonly stepBackIndexSize: number;
  /**
   * Once the clock stops after some play, the host restores a scratch copy of
   * a checkpoint and replays this many simulated seconds of it, then drops it
   * (see warmRestorePath): the first seek otherwise ran the restore path cold.
   * 0 turns it off.
   */
  readonly warmReplaySeconds: number;
}

/** The UI's settings: seeks within ~200 ms at 1,000 records/s over 10 minutes. */
export const DEFAULT_TUNING: HostTuning = {
  frameBudgetMs: 8,
  maxLagSeconds: 0.25,
  checkpointEverySeconds: 5,
  checkpointEveryWorkMs: 60,
  maxCheckpoints: 96,
  checkpointCostBudgetMs: 3000,
  checkpointMemoryBytes: 48 * 2 ** 20,
  // 2, not 5: saves then cost at most a third of the engine's time, and a 10-minute run at
  // 1,000 records/s keeps ~16 checkpoints instead of ~7, which halves the replay behind a seek
  // (src/bench/README.md, issue #11); playing to the end was no slower (seeks got cheaper).
  checkpointWorkRatio: 2,
  checkpointMaxGapSeconds: 20,
  historyLimit: 20000,
  logSize: EVENTS_PER_FRAME,
  checkpointLogTail: 1000,
  // 16 bytes an event: 8 MB. SQS at 1,000 messages/s fills it in about 130 simulated seconds.
  stepBackIndexSize: 500_000,
  // In the browser the first seek after playing a 10-minute run to its end took 2–4 times the
  // later ones (restore and replay code cold, deoptimised on restored objects): src/bench/README.md.
  warmReplaySeconds: 4,
};

/**
 * Saves whose cheapest cost spaces checkpoints: a save that a garbage
 * collection made several times slower must not push the next checkpoint
 * that many times further away (seeks replay from it). The median was not
 * enough: in the browser two such saves among five happen.
 */
const COST_SAMPLES = 5;

/** The median of a short list (0 when empty). */
export function medianOf(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Runs with more records put than this get a summary from counts and kept
 * invocations (see 'summary'). The engine keeps every record of a bounded run
 * up to this many (BOUNDED_RECORDS_KEPT_WHOLE), so a smaller run's summary
 * checks each of them.
 */
export const SUMMARY_FULL_RECORDS = BOUNDED_RECORDS_KEPT_WHOLE;

interface Checkpoint {
  readonly t: number;
  readonly state: SimulationState;
  /** How many live edits the saved state already contains. */
  readonly appliedLive: number;
  /** The last event seq logged before the save. */
  readonly lastSeq: number;
  /**
   * The host's log tail at the save (at most logSize events), so a seek that
   * restores a checkpoint ahead of the events the host has logged (forward,
   * after an earlier seek back) still refills the UI's log with what led there.
   */
  readonly logTail: readonly SimEvent[];
  /** Taken right after a live edit: never thinned (seeks past the edit need it). */
  readonly pinned: boolean;
  /** Wall ms saveState took: a proxy for the state's size. */
  readonly costMs: number;
  /** Estimated bytes of the state and log tail not already held by earlier checkpoints. */
  readonly bytes: number;
}

/** What the host holds for the current run (benchmarks and tests). */
export interface HostMemoryStats {
  readonly checkpoints: number;
  /** Summed saveState cost of the kept checkpoints, wall ms. */
  readonly checkpointCostMs: number;
  /** Summed estimated size of the kept checkpoints. */
  readonly checkpointBytes: number;
  /** Events in the host's log (refills the UI's log after a seek). */
  readonly logEvents: number;
  /** Meaningful events indexed for stepping back. */
  readonly meaningful: number;
}

interface LiveAction {
  readonly at: number;
  readonly action: Omit<ScenarioAction, 'at'>;
}

interface Run {
  readonly runId: number;
  readonly scenario: ResolvedScenario;
  sim: Simulation;
  checkpoints: Checkpoint[];
  live: LiveAction[];
  appliedLive: number;
  /** The most recent events up to now (bounded), to refill the UI's log after a seek. */
  log: SimEvent[];
  /**
   * Times and seqs of the meaningful events up to `furthest` (a seek back
   * keeps the ones ahead: the timeline only changes at a fork), for stepping
   * backwards.
   */
  meaningful: MeaningfulIndex;
  /** Objects the checkpoints' size estimates have counted (shared ones count once). */
  counted: WeakSet<object>;
  lastSeq: number;
  furthest: number;
  forkedAt: number | null;
  workSinceCheckpointMs: number;
  /** What the last few saves cost (ms), newest last: their median spaces checkpoints. */
  recentCheckpointCostsMs: number[];
  frameNo: number;
  /** The restore path has been warmed up for this run (warmRestorePath). */
  warmed: boolean;
}

const EPSILON = 1e-9;
/**
 * Times and seqs of the meaningful events, in typed arrays (16
 * bytes an event instead of two arrays of boxed numbers), grown by doubling
 * and capped at `max` (HostTuning.stepBackIndexSize): when full, the oldest
 * half goes, and `dropped` says that events before the first kept one exist
 * (a step back there finds its event by replaying, previousMeaningfulByReplay).
 */
interface MeaningfulIndex {
  t: Float64Array;
  seq: Float64Array;
  n: number;
  readonly max: number;
  dropped: boolean;
}

const createMeaningful = (max: number): MeaningfulIndex => {
  const size = Math.max(2, Math.min(1024, max));
  return { t: new Float64Array(size), seq: new Float64Array(size), n: 0, max, dropped: false };
};

/** Adds a meaningful event; one the index holds already (replayed after a seek back) is skipped. */
function pushMeaningful(m: MeaningfulIndex, t: number, seq: number): void {
  if (m.n > 0 && seq <= (m.seq[m.n - 1] ?? 0)) return;
  if (m.n >= m.max) {
    const keep = Math.max(1, m.max >> 1);
    m.t.copyWithin(0, m.n - keep, m.n);
    m.seq.copyWithin(0, m.n - keep, m.n);
    m.n = keep;
    m.dropped = true;
  }
  if (m.n === m.t.length) {
    const size = Math.min(Math.max(m.max, 2), m.t.length * 2);
    const t2 = new Float64Array(size);
    const seq2 = new Float64Array(size);
    t2.set(m.t);
    seq2.set(m.seq);
    m.t = t2;
    m.seq = seq2;
  }
  m.t[m.n] = t;
  m.seq[m.n] = seq;
  m.n += 1;
}

/** Clamps a requested speed into the protocol's range. */
export function clampSpeed(speed: number): number {
  if (!Number.isFinite(speed)) return 1;
  return Math.min(SPEED_MAX, Math.max(SPEED_MIN, speed));
}

/** The simulation host (see src/worker/README.md for the protocol). */
export class SimHost {
  private run: Run | null = null;
  private playing = false;
  private speed = 1;
  private anchorWall = 0;
  private anchorSim = 0;
  private awaitingAck = false;
  private dirty = false;
  private resetNext = false;
  private pendingEvents: SimEvent[] = [];
  private eventsDropped = 0;
  private metricsFrom = 0;
  private pausedAt: PausedAt | null = null;
  private breakpoints = new Set<BreakpointKind>();
  private selected: RecordId | null = null;
  private actionsChanged = false;
  private pendingSeek: number | null = null;
  private readonly tuning: HostTuning;

  constructor(
    private readonly env: HostEnv,
    tuning: Partial<HostTuning> = {},
    private readonly engine: EngineFactory = REAL_ENGINE,
  ) {
    this.tuning = { ...DEFAULT_TUNING, ...tuning };
  }

  /** What the host holds for the current run (zeros before the first load). */
  memoryStats(): HostMemoryStats {
    const run = this.run;
    let checkpointCostMs = 0;
    let checkpointBytes = 0;
    for (const cp of run?.checkpoints ?? []) {
      checkpointCostMs += cp.costMs;
      checkpointBytes += cp.bytes;
    }
    return {
      checkpoints: run?.checkpoints.length ?? 0,
      checkpointCostMs,
      checkpointBytes,
      logEvents: run?.log.length ?? 0,
      meaningful: run?.meaningful.n ?? 0,
    };
  }

  /** Handles one message from the UI; failures are reported, never thrown. */
  handle(message: ToHost): void {
    try {
      this.dispatch(message);
    } catch (err) {
      this.playing = false;
      this.env.post({
        type: 'error',
        runId: this.run?.runId ?? message.runId,
        message: `The simulation stopped: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
  }

  private dispatch(message: ToHost): void {
    if (message.type === 'load') {
      const parsed = parseLoadInput(message.input);
      if (!parsed.ok) {
        this.env.post({
          type: 'problems',
          runId: message.runId,
          requestId: null,
          problems: parsed.problems,
        });
        return;
      }
      this.start(message.runId, parsed.scenario, message.start);
      return;
    }
    if (message.type === 'restart') {
      if (this.run !== null) this.start(message.runId, this.run.scenario);
      return;
    }
    const run = this.run;
    // Commands for a run that has been replaced are meaningless now.
    if (run === null || message.runId !== run.runId) {
      if (message.type === 'invocationEvent') {
        this.env.post({ ...message, payload: null });
      } else if (message.type === 'summary') {
        this.env.post({ ...message, summary: null });
      } else if (message.type === 'applyAction') {
        this.env.post({
          type: 'problems',
          runId: message.runId,
          requestId: message.requestId,
          problems: [{ path: '', message: 'The run this edit was meant for has been replaced.' }],
        });
      }
      return;
    }
    switch (message.type) {
      case 'play':
        if (run.sim.ended()) this.seekTo(run, 0);
        this.playing = true;
        this.pausedAt = null;
        this.anchor(run);
        break;
      case 'pause':
        this.playing = false;
        break;
      case 'setSpeed':
        this.speed = clampSpeed(message.speed);
        this.anchor(run);
        break;
      case 'step':
        this.playing = false;
        this.pendingSeek = null;
        this.stepForward(run);
        break;
      case 'stepBack':
        this.playing = false;
        this.pendingSeek = null;
        this.stepBackward(run);
        break;
      case 'seek':
        // Applied when the next frame is built, so a burst of seeks (scrubbing) costs one replay.
        this.pendingSeek = Number.isFinite(message.t) ? message.t : null;
        break;
      case 'advance':
        this.playing = false;
        this.pendingSeek = null;
        if (Number.isFinite(message.t)) this.runForwardTo(run, message.t);
        break;
      case 'applyAction':
        this.applyLive(run, message.requestId, message.action);
        break;
      case 'setBreakpoints':
        this.breakpoints = new Set(message.kinds.filter((k) => k in BREAKPOINT_EVENTS));
        return;
      case 'selectRecord':
        this.selected = message.id;
        break;
      case 'invocationEvent':
        this.env.post({
          type: 'invocationEvent',
          runId: run.runId,
          requestId: message.requestId,
          payload: Number.isInteger(message.n) ? run.sim.invocationEvent(message.n) : null,
        });
        return;
      case 'summary': {
        // A long run's full report lists millions of records (seconds of work and hundreds of MB
        // here): past SUMMARY_FULL_RECORDS the summary checks the recent invocations and the
        // records they name, and takes statuses and lost records from the engine's own counts.
        const totals = run.sim.snapshot().totals;
        const large = totals.recordsPut > SUMMARY_FULL_RECORDS;
        const report = run.sim.report(large ? 'recent' : 'all');
        const partial = large || (report.invocations[0]?.n ?? 1) > 1;
        this.env.post({
          type: 'summary',
          runId: run.runId,
          requestId: message.requestId,
          summary: summarizeRun(report, run.scenario, partial, large ? totals : undefined),
        });
        return;
      }
      case 'frameAck':
        if (message.frameNo !== run.frameNo) return;
        this.awaitingAck = false;
        // Nothing changed by itself: a frame follows only if playing or something is pending.
        this.flush();
        return;
      default:
        assertNever(message);
    }
    this.dirty = true;
    this.flush();
  }

  // -------------------------------------------------------------------------
  // Runs
  // -------------------------------------------------------------------------

  private start(runId: number, loaded: ResolvedScenario, begin?: LoadStart): void {
    // Actions that were live edits (LoadStart.live) are replayed live, not scheduled.
    const liveIndices = new Set(begin?.live ?? []);
    const scenario =
      liveIndices.size === 0
        ? loaded
        : { ...loaded, actions: loaded.actions.filter((_, i) => !liveIndices.has(i)) };
    const live = loaded.actions
      .filter((_, i) => liveIndices.has(i))
      .map(({ at, ...action }): LiveAction => ({ at, action }));
    const sim = this.engine.create(scenario, { historyLimit: this.tuning.historyLimit });
    const run: Run = {
      runId,
      scenario,
      sim,
      checkpoints: [],
      live,
      appliedLive: 0,
      log: [],
      meaningful: createMeaningful(this.tuning.stepBackIndexSize),
      counted: new WeakSet(),
      lastSeq: -1,
      furthest: 0,
      forkedAt: null,
      workSinceCheckpointMs: 0,
      recentCheckpointCostsMs: [],
      frameNo: 0,
      warmed: false,
    };
    this.run = run;
    this.playing = false;
    this.awaitingAck = false;
    this.pausedAt = null;
    this.selected = null;
    this.pendingSeek = null;
    this.pendingEvents = [];
    this.eventsDropped = 0;
    this.collect(run, false);
    this.checkpoint(run, false);
    this.selected = begin?.follow ?? null;
    this.env.post({ type: 'loaded', runId, scenario, selected: this.selected });
    const at = begin?.at;
    if (at !== undefined && Number.isFinite(at) && at > 0) this.fastForward(run, at);
    else if (live[0] !== undefined && live[0].at <= 0) {
      // A live edit made at t = 0 is in force from the first frame, as it was when made.
      this.advanceTo(run, 0);
      this.collect(run, false);
    }
    this.resetNext = true;
    this.actionsChanged = true;
    this.dirty = true;
    this.flush();
  }

  /**
   * Runs a new run forward to simulated time t (clamped to its duration)
   * without frames, taking checkpoints on new ground as playback would, so
   * the scrubber can go back from there.
   */
  private fastForward(run: Run, t: number): void {
    const target = Math.min(t, run.scenario.durationSeconds);
    while (run.sim.now() < target - EPSILON && !run.sim.ended()) {
      const from = this.env.now();
      this.advanceTo(run, Math.min(target, run.sim.now() + this.tuning.checkpointEverySeconds));
      run.workSinceCheckpointMs += this.env.now() - from;
      this.collect(run, false);
      this.maybeCheckpoint(run);
    }
  }

  /** Restarts the playback clock from the current simulated time. */
  private anchor(run: Run): void {
    this.anchorWall = this.env.now();
    this.anchorSim = run.sim.now();
  }

  // -------------------------------------------------------------------------
  // Frames
  // -------------------------------------------------------------------------

  /** Builds and sends a frame if the UI has drawn the previous one and something changed. */
  private flush(): void {
    const run = this.run;
    if (run === null || this.awaitingAck) return;
    if (this.pendingSeek !== null) {
      const t = this.pendingSeek;
      this.pendingSeek = null;
      this.seekTo(run, t);
      this.anchor(run);
      this.dirty = true;
    }
    if (this.playing) {
      this.advanceClock(run);
      // Even a frame that stopped the clock (breakpoint, end) must reach the UI.
      this.dirty = true;
    }
    if (!this.dirty) return;
    this.sendFrame(run);
    // The frame is on its way: the page draws it while the worker, idle until the next seek or
    // play, warms the path a seek takes.
    if (!this.playing && !run.warmed) this.warmRestorePath(run);
  }

  private sendFrame(run: Run): void {
    const sim = run.sim;
    const now = sim.now();
    const reset = this.resetNext;
    const metricsFrom = reset
      ? Math.max(0, Math.floor(now) - METRICS_WINDOW_SECONDS)
      : Math.max(0, Math.min(this.metricsFrom, Math.floor(now)));
    const events = reset ? run.log.slice(-EVENTS_PER_FRAME) : this.pendingEvents;
    run.frameNo += 1;
    this.env.post({
      type: 'frame',
      runId: run.runId,
      frameNo: run.frameNo,
      t: now,
      status: this.status(run),
      speed: this.speed,
      snapshot: sim.snapshot(),
      reset,
      events,
      eventsDropped: reset ? 0 : this.eventsDropped,
      metrics: sim.metrics(metricsFrom),
      timeline: {
        furthest: run.furthest,
        duration: run.scenario.durationSeconds,
        forkedAt: run.forkedAt,
      },
      pausedAt: this.pausedAt,
      story: this.selected === null ? null : sim.recordStory(this.selected),
      storyFor: this.selected,
      actions: this.actionsChanged || reset ? sim.actions() : null,
    });
    this.awaitingAck = true;
    this.dirty = false;
    this.resetNext = false;
    this.actionsChanged = false;
    this.pendingEvents = [];
    this.eventsDropped = 0;
    this.metricsFrom = Math.floor(now);
    this.pausedAt = null;
  }

  private status(run: Run): PlaybackStatus {
    if (run.sim.ended()) return 'ended';
    return this.playing ? 'playing' : 'paused';
  }

  // -------------------------------------------------------------------------
  // The playback clock: wall time × speed → target simulated time, advanced in
  // slices within a per-frame budget; debt beyond maxLagSeconds is dropped.
  // -------------------------------------------------------------------------

  private advanceClock(run: Run): void {
    const wall = this.env.now();
    const duration = run.scenario.durationSeconds;
    let target = this.anchorSim + ((wall - this.anchorWall) / 1000) * this.speed;
    const maxLag = this.tuning.maxLagSeconds * this.speed;
    if (target - run.sim.now() > maxLag) {
      // The engine could not keep up: drop the debt instead of spiralling.
      this.anchorSim = run.sim.now() + maxLag;
      this.anchorWall = wall;
      target = this.anchorSim;
    }
    target = Math.min(target, duration);
    // Small slices so a breakpoint is noticed soon after it happens.
    const slice = Math.max(0.001, this.speed * 0.004);
    const started = this.env.now();
    while (run.sim.now() < target - EPSILON && !run.sim.ended()) {
      if (this.env.now() - started >= this.tuning.frameBudgetMs) break;
      const from = this.env.now();
      this.advanceTo(run, Math.min(target, run.sim.now() + slice));
      run.workSinceCheckpointMs += this.env.now() - from;
      const hit = this.collect(run, true);
      if (hit !== null) {
        this.playing = false;
        this.seekTo(run, hit.event.t);
        this.pausedAt = hit;
        return;
      }
      this.maybeCheckpoint(run);
    }
    if (run.sim.ended()) this.playing = false;
  }

  /**
   * Lock-step playback (compare mode: the UI's one clock drives two hosts):
   * runs forward to t (clamped to the duration; never backwards) in the same
   * slices as the playback clock, taking checkpoints and stopping at a
   * breakpoint as Play would, and leaves the clock paused.
   */
  private runForwardTo(run: Run, t: number): void {
    const target = Math.min(t, run.scenario.durationSeconds);
    const slice = Math.max(0.001, this.speed * 0.004);
    while (run.sim.now() < target - EPSILON && !run.sim.ended()) {
      const from = this.env.now();
      this.advanceTo(run, Math.min(target, run.sim.now() + slice));
      run.workSinceCheckpointMs += this.env.now() - from;
      const hit = this.collect(run, true);
      if (hit !== null) {
        this.seekTo(run, hit.event.t);
        this.pausedAt = hit;
        return;
      }
      this.maybeCheckpoint(run);
    }
  }

  /** Runs the simulation to t, re-applying the live edits recorded on the way. */
  private advanceTo(run: Run, t: number): void {
    for (let a = run.live[run.appliedLive]; a !== undefined && a.at <= t;) {
      run.sim.runUntil(a.at);
      run.sim.applyAction(a.action);
      run.appliedLive += 1;
      a = run.live[run.appliedLive];
    }
    run.sim.runUntil(t);
    run.furthest = Math.max(run.furthest, run.sim.now());
  }

  /**
   * Takes the events the simulation logged since the last call into the
   * host's log and the next frame. With `checkBreakpoints`, returns the first
   * event that an enabled breakpoint stops on.
   */
  private collect(
    run: Run,
    checkBreakpoints: boolean,
    extra: readonly SimEvent[] = [],
  ): PausedAt | null {
    return this.collectFrom(run, checkBreakpoints, extra, run.sim.drainEvents());
  }

  /**
   * After a seek's replay over ground already played: only the log's tail is
   * needed (the step-back index holds the rest), so only that is built — a
   * replay of many seconds at 1,000 records/s logs tens of thousands of events.
   */
  private collectTail(run: Run): void {
    const max = this.tuning.logSize;
    const drained = run.sim.drainEvents(max);
    // Events may have been passed over: the log starts again at the tail, without a gap.
    if (drained.length >= max) run.log = [];
    this.collectFrom(run, false, [], drained);
  }

  private collectFrom(
    run: Run,
    checkBreakpoints: boolean,
    extra: readonly SimEvent[],
    drained: readonly SimEvent[],
  ): PausedAt | null {
    let hit: PausedAt | null = null;
    for (const list of [extra, drained]) {
      for (const e of list) {
        if (e.seq <= run.lastSeq) continue;
        run.lastSeq = e.seq;
        run.log.push(e);
        this.pendingEvents.push(e);
        if (MEANINGFUL_EVENT_KINDS.has(e.kind)) pushMeaningful(run.meaningful, e.t, e.seq);
        // Every applied action (scripted, or a live edit replayed) logs an edit: the store's list grows.
        if (e.kind === 'edit') this.actionsChanged = true;
        if (checkBreakpoints && hit === null) {
          for (const kind of this.breakpoints) {
            if (BREAKPOINT_EVENTS[kind](e)) {
              hit = { breakpoint: kind, event: e };
              break;
            }
          }
        }
      }
    }
    if (run.log.length > this.tuning.logSize * 2) run.log = run.log.slice(-this.tuning.logSize);
    if (this.pendingEvents.length > EVENTS_PER_FRAME * 2) {
      this.eventsDropped += this.pendingEvents.length - EVENTS_PER_FRAME;
      this.pendingEvents = this.pendingEvents.slice(-EVENTS_PER_FRAME);
    }
    return hit;
  }

  // -------------------------------------------------------------------------
  // Time travel: checkpoints, seek, step back, fork.
  // -------------------------------------------------------------------------

  private checkpoint(run: Run, pinned: boolean): void {
    const started = this.env.now();
    // saveState returns a copy, and restore copies its input (engine contract), so a
    // checkpoint can be restored any number of times without cloning it here.
    const state = run.sim.saveState();
    const logTail = run.log.slice(-Math.min(this.tuning.logSize, this.tuning.checkpointLogTail));
    // Objects earlier checkpoints hold count once (saved states share immutable ones); the log's
    // events own their strings (rebuilt by the engine), the state shares its own.
    const bytes =
      estimateBytes(state, { seen: run.counted }) +
      estimateBytes(logTail, { strings: true, seen: run.counted });
    // The estimate is part of the checkpoint's cost (checkpointWorkRatio spaces them by it).
    const costMs = Math.max(0, this.env.now() - started);
    run.checkpoints.push({
      t: run.sim.now(),
      state,
      appliedLive: run.appliedLive,
      lastSeq: run.lastSeq,
      logTail,
      pinned,
      costMs,
      bytes,
    });
    run.workSinceCheckpointMs = 0;
    run.recentCheckpointCostsMs = [...run.recentCheckpointCostsMs.slice(1 - COST_SAMPLES), costMs];
    let cost = 0;
    let held = 0;
    for (const cp of run.checkpoints) {
      cost += cp.costMs;
      held += cp.bytes;
    }
    while (
      run.checkpoints.length > this.tuning.maxCheckpoints ||
      (run.checkpoints.length > 2 &&
        (cost > this.tuning.checkpointCostBudgetMs || held > this.tuning.checkpointMemoryBytes))
    ) {
      const dropped = this.thinOne(run);
      if (dropped === null) break;
      cost -= dropped.costMs;
      held -= dropped.bytes;
    }
  }

  /**
   * Only new ground gets checkpoints (replaying the past re-uses the ones
   * there), never so often that saving costs more than 1/checkpointWorkRatio
   * of the engine's time, and never further apart than checkpointMaxGapSeconds.
   */
  private maybeCheckpoint(run: Run): void {
    const last = run.checkpoints[run.checkpoints.length - 1];
    const now = run.sim.now();
    if (last !== undefined && now <= last.t) return;
    const since = last === undefined ? Infinity : now - last.t;
    const work = run.workSinceCheckpointMs;
    if (since >= this.tuning.checkpointMaxGapSeconds) {
      this.checkpoint(run, false);
      return;
    }
    const cheapest =
      run.recentCheckpointCostsMs.length === 0 ? 0 : Math.min(...run.recentCheckpointCostsMs);
    if (work < cheapest * this.tuning.checkpointWorkRatio) return;
    if (since >= this.tuning.checkpointEverySeconds || work >= this.tuning.checkpointEveryWorkMs) {
      this.checkpoint(run, false);
    }
  }

  /**
   * Drops the checkpoint whose removal leaves the smallest gap, so the rest
   * stay as evenly spread as possible. The first, the last and pinned ones stay.
   */
  private thinOne(run: Run): Checkpoint | null {
    const cps = run.checkpoints;
    let best = -1;
    let bestGap = Infinity;
    for (let i = 1; i < cps.length - 1; i++) {
      const cp = cps[i];
      const prev = cps[i - 1];
      const next = cps[i + 1];
      if (cp === undefined || prev === undefined || next === undefined || cp.pinned) continue;
      const gap = next.t - prev.t;
      if (gap < bestGap) {
        bestGap = gap;
        best = i;
      }
    }
    if (best < 0) return null;
    return cps.splice(best, 1)[0] ?? null;
  }

  /** Moves to simulated time t in [0, furthest]: from here if t is ahead, else from a checkpoint. */
  private seekTo(run: Run, requested: number): void {
    const t = Math.min(Math.max(0, requested), run.furthest);
    const cp = this.checkpointAtOrBefore(run, t);
    const now = run.sim.now();
    if (cp === undefined || (now <= t + EPSILON && now >= cp.t)) {
      this.advanceTo(run, t);
      this.collect(run, false);
      return;
    }
    run.sim = this.engine.restore(cp.state);
    run.appliedLive = cp.appliedLive;
    run.lastSeq = cp.lastSeq;
    // Seeking forward past what the host has logged: the checkpoint's own tail is the log.
    run.log =
      (run.log[run.log.length - 1]?.seq ?? 0) >= cp.lastSeq
        ? run.log.filter((e) => e.seq <= cp.lastSeq)
        : [...cp.logTail];
    // The step-back index stays: it holds the meaningful events up to `furthest`, and the
    // replay (t <= furthest) logs the same ones again.
    this.pendingEvents = [];
    this.eventsDropped = 0;
    this.advanceTo(run, t);
    this.collectTail(run);
    this.resetNext = true;
    this.actionsChanged = true;
  }

  /**
   * Warms the code a seek runs (restore, then replay on restored objects)
   * once per run, after the clock stopped on played ground: restores a
   * scratch copy of the latest checkpoint with warmReplaySeconds of played
   * ground after it, replays that stretch as a seek would, reads its frame's
   * snapshot and metrics, and drops it. The run itself is not touched. In
   * the browser the first restore otherwise paid for cold code and the
   * deoptimisations of code tuned during play on the engine's fresh objects.
   */
  private warmRestorePath(run: Run): void {
    const span = this.tuning.warmReplaySeconds;
    if (span <= 0) return;
    let cp: Checkpoint | undefined;
    for (let i = run.checkpoints.length - 1; i >= 0 && cp === undefined; i--) {
      const c = run.checkpoints[i];
      if (c !== undefined && c.t + span <= run.furthest + EPSILON) cp = c;
    }
    // Not yet played far enough: warmed later, once the clock stops further on.
    if (cp === undefined) return;
    run.warmed = true;
    const sim = this.engine.restore(cp.state);
    const end = cp.t + span;
    // As a seek replays (advanceTo, collectTail): live edits on the way, then the log's tail.
    let applied = cp.appliedLive;
    for (let a = run.live[applied]; a !== undefined && a.at <= end; a = run.live[applied]) {
      sim.runUntil(a.at);
      sim.applyAction(a.action);
      applied += 1;
    }
    sim.runUntil(end);
    sim.drainEvents(this.tuning.logSize);
    sim.snapshot();
    sim.metrics(Math.max(0, Math.floor(sim.now()) - METRICS_WINDOW_SECONDS));
  }

  private checkpointAtOrBefore(run: Run, t: number): Checkpoint | undefined {
    const cps = run.checkpoints;
    let lo = 0;
    let hi = cps.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((cps[mid]?.t ?? Infinity) <= t + EPSILON) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found < 0 ? undefined : cps[found];
  }

  /** One step to the next meaningful event, re-applying any live edit passed on the way. */
  private stepForward(run: Run): void {
    if (run.sim.ended()) return;
    const next = run.live[run.appliedLive];
    const stepped = run.sim.stepToNextMeaningfulEvent();
    if (next !== undefined && run.sim.now() > next.at + EPSILON) {
      // The step jumped over a live edit: go to the edit and step again from there.
      this.seekTo(run, next.at);
      this.stepForward(run);
      return;
    }
    run.furthest = Math.max(run.furthest, run.sim.now());
    this.collect(run, false, stepped);
    this.maybeCheckpoint(run);
  }

  /** Back to the previous meaningful event's time (t = 0 when there is none). */
  private stepBackward(run: Run): void {
    const now = run.sim.now();
    const m = run.meaningful;
    // The last index entry before now - EPSILON (the index also holds the ground ahead).
    let lo = 0;
    let hi = m.n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((m.t[mid] ?? 0) < now - EPSILON) lo = mid + 1;
      else hi = mid;
    }
    const target =
      lo > 0 ? (m.t[lo - 1] ?? 0) : m.dropped ? this.previousMeaningfulByReplay(run, now) : 0;
    this.seekTo(run, target);
  }

  /**
   * The time of the last meaningful event before `now`, where the step-back
   * index no longer holds it (its oldest part was dropped): replays a scratch
   * copy from the checkpoints before `now`, newest first, until one stretch
   * has such an event (0 when none has). The run itself is not moved.
   */
  private previousMeaningfulByReplay(run: Run, now: number): number {
    const before = now - EPSILON;
    for (let i = run.checkpoints.length - 1; i >= 0; i--) {
      const cp = run.checkpoints[i];
      if (cp === undefined || cp.t >= before) continue;
      const sim = this.engine.restore(cp.state);
      let found = -1;
      const note = (events: readonly SimEvent[]): void => {
        for (const e of events) {
          if (e.t < before && MEANINGFUL_EVENT_KINDS.has(e.kind)) found = Math.max(found, e.t);
        }
      };
      // Events the saved state logged but had not handed out yet are before it: they count.
      note(sim.drainEvents());
      let applied = cp.appliedLive;
      for (let a = run.live[applied]; a !== undefined && a.at < before; a = run.live[applied]) {
        sim.runUntil(a.at);
        note(sim.drainEvents());
        sim.applyAction(a.action);
        applied += 1;
      }
      // In slices, so a long stretch never holds all its events at once.
      while (sim.now() < before - EPSILON && !sim.ended()) {
        sim.runUntil(Math.min(before, sim.now() + 1));
        note(sim.drainEvents());
      }
      note(sim.drainEvents());
      if (found >= 0) return found;
    }
    return 0;
  }

  /** A live edit at now; made in the past, it forks the timeline (the old future is dropped). */
  private applyLive(run: Run, requestId: number, action: Omit<ScenarioAction, 'at'>): void {
    const problems = validateLiveAction(run.sim.snapshot(), action);
    if (problems.length > 0) {
      this.env.post({ type: 'problems', runId: run.runId, requestId, problems });
      return;
    }
    // Finish every event at this instant first, so a replay of the edit (after a seek) is identical.
    run.sim.runUntil(run.sim.now());
    this.collect(run, false);
    const now = run.sim.now();
    if (now < run.furthest - EPSILON) {
      run.checkpoints = run.checkpoints.filter((cp) => cp.t <= now + EPSILON);
      run.live.length = run.appliedLive;
      run.furthest = now;
      run.forkedAt = now;
      // The old future's meaningful events go with it.
      const m = run.meaningful;
      while (m.n > 0 && (m.seq[m.n - 1] ?? 0) > run.lastSeq) m.n -= 1;
    }
    run.sim.applyAction(action);
    run.live.push({ at: now, action });
    run.appliedLive = run.live.length;
    this.collect(run, false);
    this.checkpoint(run, true);
    this.actionsChanged = true;
    this.env.post({ type: 'actionApplied', runId: run.runId, requestId });
  }
}
