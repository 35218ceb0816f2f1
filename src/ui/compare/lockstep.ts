/**
 * One clock for two runs (compare mode). Each run has its own worker host
 * and store; the clock here maps wall time × speed to one simulated time and
 * sends both hosts `advance(t)` (src/worker: run forward to t, then pause),
 * sending the next moment only once both have drawn this one. So at every
 * frame both stages show the same simulated instant: their clocks match.
 * Step goes to the next meaningful event of either run (both step, the one
 * that went further comes back to the nearer moment); Step back to the
 * previous one; seeks and restarts go to both.
 */
import { create, type StoreApi, type UseBoundStore } from 'zustand';
import type { SimClient } from '../../client/client';
import type { SimStore } from '../../store/simStore';
import { SPEED_MAX, SPEED_MIN } from '../../worker/protocol';

/** One compared run: its store and the client the store is connected to. */
export interface Run {
  readonly store: SimStore;
  readonly client: SimClient;
}

/** The shared playback state the compare view renders. */
export interface LockStepState {
  readonly playing: boolean;
  readonly speed: number;
  /** A step or seek is being carried out. */
  readonly busy: boolean;
}

/** The controller. */
export interface LockStep {
  readonly state: UseBoundStore<StoreApi<LockStepState>>;
  play(): void;
  pause(): void;
  togglePlay(): void;
  step(): void;
  stepBack(): void;
  seek(t: number): void;
  restart(): void;
  setSpeed(speed: number): void;
  dispose(): void;
}

/** Simulated seconds within which two clocks count as the same moment. */
export const SAME_MOMENT = 1e-6;
/** Wall seconds of clock debt kept when the runs fall behind (the rest is dropped, as the host does). */
const MAX_LAG_SECONDS = 0.25;

const timeOf = (r: Run): number | null => r.store.getState().snapshot?.t ?? null;
const endedOf = (r: Run): boolean => {
  const s = r.store.getState();
  return s.status === 'ended' || s.snapshot?.ended === true;
};
const durationOf = (r: Run): number => r.store.getState().scenario?.durationSeconds ?? Infinity;

/** Resolves with the run's next frame (or after `timeoutMs`, so a lost reply never hangs a step). */
function nextFrame(r: Run, timeoutMs = 4000): Promise<void> {
  return new Promise((resolve) => {
    const before = r.store.getState().snapshot;
    const timer = setTimeout(done, timeoutMs);
    const stop = r.store.subscribe((s) => {
      if (s.snapshot !== before) done();
    });
    function done(): void {
      clearTimeout(timer);
      stop();
      resolve();
    }
  });
}

/** Drives `runs` in lock step. */
export function createLockStep(runs: readonly Run[]): LockStep {
  const state = create<LockStepState>()(() => ({ playing: false, speed: 1, busy: false }));
  let raf = 0;
  let target = 0;
  let anchorWall = 0;
  let anchorSim = 0;
  let disposed = false;
  let generation = 0;
  let starting = false;

  const allAt = (t: number): boolean =>
    runs.every((r) => {
      const rt = timeOf(r);
      return rt !== null && (Math.abs(rt - t) <= SAME_MOMENT || (endedOf(r) && rt <= t));
    });

  /** First tick after Play: both runs to the same start (once both have drawn a first frame). */
  const start = (now: number): boolean => {
    const ts = runs.map(timeOf);
    if (ts.some((t) => t === null)) return false;
    const duration = Math.min(...runs.map(durationOf));
    const at = Math.min(...(ts as number[]));
    // Play at the end starts again from 0, as the lab's Play does.
    const from = runs.every(endedOf) || at >= duration - SAME_MOMENT ? 0 : at;
    for (const r of runs)
      if (Math.abs((timeOf(r) ?? from) - from) > SAME_MOMENT) r.client.seek(from);
    target = from;
    anchorSim = from;
    anchorWall = now;
    return true;
  };

  const tick = (now: number): void => {
    raf = 0;
    if (disposed || !state.getState().playing) return;
    if (starting) {
      if (start(now)) starting = false;
      raf = requestAnimationFrame(tick);
      return;
    }
    if (allAt(target)) {
      const duration = Math.min(...runs.map(durationOf));
      if (runs.every(endedOf) || target >= duration - SAME_MOMENT) {
        state.setState({ playing: false });
        return;
      }
      const speed = state.getState().speed;
      let next = anchorSim + ((now - anchorWall) / 1000) * speed;
      if (next - target > MAX_LAG_SECONDS * speed) {
        // The runs could not keep up: play slower rather than jump.
        next = target + MAX_LAG_SECONDS * speed;
        anchorSim = next;
        anchorWall = now;
      }
      next = Math.min(next, duration);
      if (next > target + SAME_MOMENT) {
        target = next;
        for (const r of runs) r.client.advance(next);
      }
    }
    raf = requestAnimationFrame(tick);
  };

  const stopClock = (): void => {
    if (raf !== 0) cancelAnimationFrame(raf);
    raf = 0;
    state.setState({ playing: false });
  };

  /** Both runs to time t (each seeks; a seek never goes past what that run reached). */
  const align = async (t: number, which: readonly Run[]): Promise<void> => {
    const waits = which.map((r) => nextFrame(r));
    for (const r of which) r.client.seek(t);
    await Promise.all(waits);
  };

  /** Runs `f` as the one operation in progress; a newer one supersedes it. */
  const operate = (f: (gen: number) => Promise<void>): void => {
    stopClock();
    const gen = ++generation;
    state.setState({ busy: true });
    void f(gen).finally(() => {
      if (gen === generation) state.setState({ busy: false });
    });
  };

  const controller: LockStep = {
    state,
    play() {
      if (disposed || state.getState().playing) return;
      generation += 1;
      starting = true;
      state.setState({ playing: true, busy: false });
      raf = requestAnimationFrame(tick);
    },
    pause() {
      stopClock();
    },
    togglePlay() {
      if (state.getState().playing) controller.pause();
      else controller.play();
    },
    step() {
      operate(async (gen) => {
        const waits = runs.map((r) => nextFrame(r));
        for (const r of runs) r.client.step();
        await Promise.all(waits);
        if (gen !== generation) return;
        // The next meaningful event of either run: the one that went further comes back to it.
        const ts = runs.map(timeOf).filter((t): t is number => t !== null);
        const m = Math.min(...ts);
        await align(
          m,
          runs.filter((r) => (timeOf(r) ?? m) > m + SAME_MOMENT),
        );
      });
    },
    stepBack() {
      operate(async (gen) => {
        const waits = runs.map((r) => nextFrame(r));
        for (const r of runs) r.client.stepBack();
        await Promise.all(waits);
        if (gen !== generation) return;
        // The previous meaningful event of either run: the one that went further back comes forward.
        const ts = runs.map(timeOf).filter((t): t is number => t !== null);
        const m = Math.max(...ts);
        await align(
          m,
          runs.filter((r) => (timeOf(r) ?? m) < m - SAME_MOMENT),
        );
      });
    },
    seek(t) {
      if (!Number.isFinite(t)) return;
      const wasPlaying = state.getState().playing;
      operate(async () => {
        // Only where both runs have been: the nearer of their furthest points.
        const reach = Math.min(...runs.map((r) => r.store.getState().timeline.furthest));
        await align(Math.max(0, Math.min(t, reach)), runs);
      });
      if (wasPlaying) {
        // Scrubbing while playing keeps playing from the new moment.
        const stop = state.subscribe((s) => {
          if (!s.busy) {
            stop();
            controller.play();
          }
        });
      }
    },
    restart() {
      operate(async () => {
        const waits = runs.map((r) => nextFrame(r, 8000));
        for (const r of runs) r.client.restart();
        await Promise.all(waits);
      });
    },
    setSpeed(speed) {
      if (!Number.isFinite(speed)) return;
      const s = Math.min(SPEED_MAX, Math.max(SPEED_MIN, speed));
      // Re-anchor so the clock carries on from where it is.
      anchorSim = target;
      anchorWall = performance.now();
      state.setState({ speed: s });
      for (const r of runs) {
        r.store.setState({ speed: s });
        r.client.setSpeed(s);
      }
    },
    dispose() {
      disposed = true;
      generation += 1;
      if (raf !== 0) cancelAnimationFrame(raf);
      raf = 0;
    },
  };
  return controller;
}
