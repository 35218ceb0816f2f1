/**
 * Restore-and-replay probe for the stream engine's hidden classes (issue #11,
 * seeks). Runs the Kinesis 10-minute long run to t = 400 with the app's
 * history limit, saves, then restores and replays 40 s six times, printing
 * each replay's CPU time. Run it bundled under `node --trace-deopt` and count
 * the deoptimisations after "restore 1": restored objects that have the
 * engine's own hidden classes give none.
 *
 * npx esbuild src/bench/streamRestoreDeopt.ts --bundle --platform=node --outfile=/tmp/d.cjs
 * node --trace-deopt /tmp/d.cjs | grep -c 'deoptimizing'
 */
import { createSimulation, restoreSimulation } from '../engine';
import { buildScenario } from '../scenarios/build';
import { longRunScenario } from './longRuns';

const scenario = buildScenario(longRunScenario('kinesis', 600));
const sim = createSimulation(scenario, { historyLimit: 20000 });
sim.runUntil(400);
const saved = sim.saveState();
for (let i = 1; i <= 6; i++) {
  console.log(`restore ${i}`);
  const cpu = process.cpuUsage();
  const again = restoreSimulation(saved);
  again.runUntil(440);
  const used = process.cpuUsage(cpu);
  console.log(`replay ${i}: ${((used.user + used.system) / 1000).toFixed(1)} ms CPU`);
}
