/**
 * `npm run bench`: a small registry of engine benchmarks. Each module exports
 * a function returning its measurements; add new ones to BENCHES.
 */
import { streamBench, type BenchResult } from './streamBench';
import { queueBench } from './queueBench';
import { checkpointBench } from './checkpointBench';
import { hostMemoryBench, printHostMemory } from './hostMemoryBench';
import { printSimulateBench, simulateBench } from './simulateBench';
import { hostSeekBench, printHostSeeks } from './hostSeekBench';

// The queue hour runs first: after the streams' CLI run (a full report, ~1.5 GB of heap) the
// same process's old generation is still that large, and the queue hour took ~0.5 s more CPU.
const BENCHES: readonly { readonly name: string; readonly run: () => readonly BenchResult[] }[] = [
  { name: 'queues', run: () => queueBench() },
  { name: 'streams', run: streamBench },
];

/** `npm run bench checkpoint`: time-travel costs (printed in its own format). */
function printCheckpointBench(): void {
  for (const r of checkpointBench()) {
    const f = (ms: number): string => `${ms.toFixed(1)} ms`;
    console.log(
      `checkpoint, ${r.name} at t=600: saveState ${f(r.saveMs)} + restore ${f(r.restoreMs)} ` +
        `= ${f(r.saveMs + r.restoreMs)}, replay 5 s ${f(r.replayMs)} ` +
        `(seek = restore + replay ${f(r.restoreMs + r.replayMs)}); ` +
        `structuredClone of a saved state ${f(r.cloneMs)} (${r.stateMb.toFixed(1)} MB serialized)`,
    );
  }
}

const only = process.argv[2];
if (only === 'checkpoint') printCheckpointBench();
// `npm run bench host`: the worker host's memory through hour-long runs (not part of the default run: minutes).
if (only === 'host') for (const r of hostMemoryBench()) printHostMemory(r);
// `npm run bench seek`: the worker host's share of 20 seeks in each 10-minute run.
if (only === 'seek') for (const r of hostSeekBench()) printHostSeeks(r);
// `npm run bench simulate`: the headless runner on the two 5-minute scenarios, start-up included.
if (only === undefined || only === 'simulate') printSimulateBench(simulateBench());
for (const bench of BENCHES) {
  if (only !== undefined && only !== bench.name) continue;
  for (const r of bench.run()) {
    console.log(
      `${r.name}: ${r.records.toLocaleString('en-US')} records, ` +
        `${r.invocations.toLocaleString('en-US')} invocations in ${r.wallSeconds.toFixed(2)} s wall, ${r.cpuSeconds.toFixed(2)} s CPU ` +
        `(${r.recordsPerWallSecond.toLocaleString('en-US')} simulated records/wall s), ` +
        `peak RSS ${r.peakRssMb} MB, peak heap ${r.peakHeapMb} MB`,
    );
  }
}
