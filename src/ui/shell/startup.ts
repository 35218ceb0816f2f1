/**
 * Starting the simulation: connect the store to a worker client (falling
 * back to an in-thread host, loaded lazily, where module workers are not
 * available), then open what the link names (a hash route: shared state,
 * lesson step, exam question) or else the default scenario.
 */
import type { SimClient } from '../../client';
import { createWorkerClient } from '../../client';
import type { ResolvedScenario } from '../../engine/types';
import { buildScenario } from '../../scenarios/build';
import { connectSimStore, useSimStore } from '../../store/simStore';
import { useUiStore } from '../../store/uiStore';
import { currentHash, listenForUserHash, openHash } from './routes';

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

/** Shows the scenario file's title in the header while the worker loads it (no run yet). */
function showTitleHint(json: unknown): void {
  if (useSimStore.getState().scenario !== null || typeof json !== 'object' || json === null) return;
  const title = (json as { readonly title?: unknown }).title;
  if (typeof title === 'string') useUiStore.setState({ titleHint: title });
}

async function loadDefault(): Promise<void> {
  try {
    const res = await fetch(DEFAULT_SCENARIO_URL);
    if (res.ok) {
      const json: unknown = await res.json();
      showTitleHint(json);
      useSimStore.getState().loadJson(json);
      return;
    }
  } catch {
    // Offline without the file, or served from a place without it: use the built-in one.
  }
  useSimStore.getState().load(fallbackScenario());
}

/**
 * Opens the route the hash names; with no route, the default scenario. A bad
 * link says what was wrong and opens the default scenario (`keepRun`: a link
 * pasted while the app runs keeps the current run instead).
 */
export async function openLink(hash: string, keepRun = false): Promise<void> {
  const opened = await openHash(hash);
  if (opened === 'opened') return;
  const reload = opened === 'none' || !keepRun || useSimStore.getState().scenario === null;
  if (opened !== 'none') {
    // A load clears the banner, so the message is shown once the default run has loaded.
    if (reload) showAfterNextLoad(opened.problem);
    else useSimStore.setState({ error: opened.problem });
  }
  if (reload) await loadDefault();
}

/** Sets the store's error message once the next run has loaded (a load clears it). */
function showAfterNextLoad(message: string): void {
  const before = useSimStore.getState().runId;
  const stop = useSimStore.subscribe((s) => {
    if (s.runId !== before && s.scenario !== null) {
      stop();
      useSimStore.setState({ error: message });
    }
  });
}

async function inThreadClient(): Promise<SimClient> {
  const { createInThreadClient } = await import('../../client/inThread');
  return createInThreadClient();
}

/**
 * Opens the page's link: the default scenario at once (its file and the
 * worker download while the app's code does), a route (lesson, exam
 * question, shared state) once the app is on the page (`appReady`), so what
 * the route starts — a timed test's clock, say — starts when it can be seen.
 */
async function openStartLink(appReady: Promise<unknown>): Promise<void> {
  const hash = currentHash();
  if (hash !== '') await appReady;
  await openLink(hash);
}

/**
 * Connects the store to the simulation and opens the page's link (see
 * openStartLink); `appReady` resolves once the app has been handed to React.
 */
export function startSimulation(appReady: Promise<unknown> = Promise.resolve()): void {
  let disconnect: () => void = () => {};
  const fallBack = async (): Promise<void> => {
    disconnect();
    disconnect = connectSimStore(await inThreadClient());
    useSimStore.setState({ error: null });
    await openStartLink(appReady);
  };
  listenForUserHash((hash) => {
    if (hash !== '') void openLink(hash, true);
  });
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
  void openStartLink(appReady);
}
