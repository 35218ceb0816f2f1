/**
 * Starting the simulation: connect the store to a worker client (falling
 * back to an in-thread host, loaded lazily, where module workers are not
 * available) and load the default scenario.
 */
import type { SimClient } from '../../client';
import { createWorkerClient } from '../../client';
import type { ResolvedScenario } from '../../engine/types';
import { buildScenario } from '../../scenarios/build';
import { connectSimStore, useSimStore } from '../../store/simStore';

/** The scenario the app opens with (relative URL: the build works from any sub-path). */
export const DEFAULT_SCENARIO_URL = './scenarios/kinesis-poison-blocks-shard.json';

/** Used when the scenario file is missing: one poison record blocks a Kinesis shard. */
export function fallbackScenario(): ResolvedScenario {
  return buildScenario({
    title: 'A poison record blocks a Kinesis shard',
    seed: 7,
    durationSeconds: 300,
    source: { type: 'kinesis', ShardCount: 2 },
    mapping: { BatchSize: 10, MaximumBatchingWindowInSeconds: 1, StartingPosition: 'TRIM_HORIZON' },
    function: { durationSeconds: { base: 0.2, perRecord: 0.01 } },
    producers: [{ ratePerSecond: 4, keys: 6 }],
    records: [{ id: 'poison', at: 12, key: 'k1', failDeliveries: -1 }],
  });
}

async function loadDefault(): Promise<void> {
  try {
    const res = await fetch(DEFAULT_SCENARIO_URL);
    if (res.ok) {
      useSimStore.getState().loadJson(await res.json());
      return;
    }
  } catch {
    // Offline without the file, or served from a place without it: use the built-in one.
  }
  useSimStore.getState().load(fallbackScenario());
}

async function inThreadClient(): Promise<SimClient> {
  const { createInThreadClient } = await import('../../client/inThread');
  return createInThreadClient();
}

/** Connects the store and loads the default scenario. */
export function startSimulation(): void {
  let disconnect: () => void = () => {};
  const fallBack = async (): Promise<void> => {
    disconnect();
    disconnect = connectSimStore(await inThreadClient());
    useSimStore.setState({ error: null });
    await loadDefault();
  };
  if (typeof Worker !== 'function') {
    void fallBack();
    return;
  }
  disconnect = connectSimStore(createWorkerClient());
  // A worker that fails before its first run loads (blocked, unsupported) is replaced in-thread.
  const stop = useSimStore.subscribe((s) => {
    if (s.scenario !== null) stop();
    else if (s.status === 'error') {
      stop();
      void fallBack();
    }
  });
  void loadDefault();
}
