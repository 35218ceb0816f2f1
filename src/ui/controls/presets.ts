/**
 * Loading scenarios from public/scenarios (relative URLs, so the build works
 * from any sub-path). Raw JSON goes to the store's loadJson: the worker
 * validates it, and a bad file is reported without stopping the current run.
 */
import type { SourceType } from '../../engine/types';
import { buildScenario } from '../../scenarios/build';
import { useSimStore } from '../../store/simStore';
import { DEFAULT_PRESET, parsePresetIndex, type Preset } from './editable';

let indexPromise: Promise<Preset[]> | null = null;

/** The example scenarios (fetched once; [] when the index is missing). */
export function loadPresetIndex(): Promise<Preset[]> {
  indexPromise ??= fetch('./scenarios/index.json')
    .then((r) => (r.ok ? (r.json() as Promise<unknown>) : null))
    .then((j) => parsePresetIndex(j))
    .catch(() => []);
  return indexPromise;
}

/** Fetches a preset and loads it; resolves false when it could not be fetched. */
export async function loadPreset(file: string): Promise<boolean> {
  try {
    const r = await fetch(`./scenarios/${file}`);
    if (!r.ok) return false;
    useSimStore.getState().loadJson((await r.json()) as unknown);
    return true;
  } catch {
    return false;
  }
}

/**
 * Switching source: its default preset, or (if the file is missing) AWS's
 * defaults for that source with a steady producer, built in code.
 */
export async function loadDefaultFor(type: SourceType): Promise<void> {
  const presets = await loadPresetIndex();
  const preferred =
    presets.find((p) => p.id === DEFAULT_PRESET[type]) ?? presets.find((p) => p.source === type);
  if (preferred !== undefined && (await loadPreset(preferred.file))) return;
  useSimStore.getState().load(
    buildScenario({
      title: 'AWS defaults',
      source: { type },
      durationSeconds: 300,
      producers: [{ ratePerSecond: 2, keys: type === 'sqs' ? 1 : 3 }],
    }),
  );
}
