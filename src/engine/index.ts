/**
 * The engine's public surface. Everything outside src/engine imports from here.
 */
import { createQueueSimulation, restoreQueueSimulation } from './queues/simulation';
import { createStreamSimulation, restoreStreamSimulation } from './streams/simulation';
import {
  isStreamSource,
  type ResolvedScenario,
  type RunReport,
  type Simulation,
  type SimulationOptions,
  type SimulationState,
} from './types';

export * from './types';
export * from './aws';
export { writeReportJson, type JsonByteSink, type JsonSink } from './reportJson';

const DEFAULT_OPTIONS: SimulationOptions = { historyLimit: null };

/** A new simulation at t = 0 of a validated, defaults-filled scenario. */
export function createSimulation(
  scenario: ResolvedScenario,
  options: SimulationOptions = DEFAULT_OPTIONS,
): Simulation {
  return isStreamSource(scenario.source.type)
    ? createStreamSimulation(scenario, options)
    : createQueueSimulation(scenario, options);
}

/** Continues a simulation from a state saved with saveState(). */
export function restoreSimulation(state: SimulationState): Simulation {
  return state.kind === 'stream' ? restoreStreamSimulation(state) : restoreQueueSimulation(state);
}

/** How a headless run is kept: every record for the full report, no event log (the report never reads it). */
export const REPORT_RUN_OPTIONS: SimulationOptions = { historyLimit: null, keepEvents: false };

/** Runs a scenario to its end and returns the full run report (every record listed; no event log kept). */
export function runScenario(scenario: ResolvedScenario): RunReport {
  const sim = createSimulation(scenario, REPORT_RUN_OPTIONS);
  sim.runUntil(scenario.durationSeconds);
  return sim.report();
}
