/**
 * Running a lesson step's scenario on the engine, the way the app's host
 * does (`createSimulation` with the host's history limit, then `runUntil`,
 * scripted actions applied by the engine), and reading `Facts` from it. The
 * unit test checks every step through this code, and the lesson panel uses
 * it for the numbers it says and to decide a prediction, so what the panel
 * says is what the stage shows.
 */
import { createSimulation } from '../engine';
import { asRecordId, type ResolvedScenario, type SimEvent, type Simulation } from '../engine/types';
import { buildScenario, type ScenarioDraft } from '../scenarios/build';
import type { Facts } from './facts';

/**
 * The app host's history limit (src/worker/host.ts DEFAULT_TUNING.historyLimit;
 * a test keeps the two equal): the bounded history the stage reads.
 */
export const HOST_HISTORY_LIMIT = 20000;

/** Events are drained every this many simulated seconds, as the host does per frame. */
const SLICE_SECONDS = 1;

/** A step's scenario resolved with AWS's defaults (the app loads exactly this). */
export function resolveStep(draft: ScenarioDraft): ResolvedScenario {
  return buildScenario(draft);
}

/** One run of a step's scenario, from 0 to the step's time and on (a prediction's "next seconds"). */
export class StepRun {
  readonly scenario: ResolvedScenario;
  /** The step's time. */
  readonly at: number;
  private readonly sim: Simulation;
  private readonly events: SimEvent[] = [];
  private fleetAtStep: number | null = null;

  constructor(draft: ScenarioDraft, at: number) {
    this.scenario = resolveStep(draft);
    this.at = at;
    this.sim = createSimulation(this.scenario, { historyLimit: HOST_HISTORY_LIMIT });
  }

  /** The facts at the step's own time. */
  atStep(): Facts {
    return this.factsAt(this.at);
  }

  /** The facts `seconds` after the step's time (clamped to the run's end). */
  after(seconds: number): Facts {
    return this.factsAt(this.at + seconds);
  }

  private factsAt(target: number): Facts {
    const t = Math.min(target, this.scenario.durationSeconds);
    if (t < this.sim.now() - 1e-9) throw new Error(`the run is already past ${t} s`);
    if (this.fleetAtStep === null) {
      this.reach(Math.min(this.at, t));
      if (t >= this.at) this.fleetAtStep = this.sim.snapshot().queue?.fleet.size ?? -1;
    }
    this.reach(t);
    const sim = this.sim;
    return {
      from: this.at,
      t,
      scenario: this.scenario,
      snapshot: sim.snapshot(),
      report: sim.report(),
      events: [...this.events],
      story: (id) => sim.recordStory(asRecordId(id)),
      fleetAtStep: this.fleetAtStep === null || this.fleetAtStep < 0 ? null : this.fleetAtStep,
    };
  }

  /** Runs to t in slices, keeping every event (the engine's log is drained like the host's). */
  private reach(t: number): void {
    while (this.sim.now() < t - 1e-9) {
      const next = Math.min(t, (Math.floor(this.sim.now() / SLICE_SECONDS) + 1) * SLICE_SECONDS);
      this.sim.runUntil(next);
      for (const e of this.sim.drainEvents()) this.events.push(e);
    }
    this.sim.runUntil(t);
    for (const e of this.sim.drainEvents()) this.events.push(e);
  }
}
