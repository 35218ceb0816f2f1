/**
 * Pure helpers of the controls: the configuration in force as the registry
 * reads it, number parsing with clear messages, slider ↔ value mapping
 * (linear or logarithmic), the preset index parser and fault-injection
 * actions. No DOM, no React: unit-tested in Node.
 */
import type {
  FunctionConfig,
  ProducerSpec,
  RecordSpec,
  ResolvedScenario,
  ScenarioAction,
  SourceType,
  StageSnapshot,
} from '../../engine/types';
import { asRecordId } from '../../engine/types';
import type { EditableConfig, FieldRange } from '../../scenarios/fields';

/** The producers in force: the last live/scripted replacement applied, else the scenario's. */
export function producersInForce(
  scenario: ResolvedScenario | null,
  actions: readonly ScenarioAction[],
  t: number,
): readonly ProducerSpec[] {
  let producers = scenario?.producers ?? [];
  for (const a of actions) if (a.producers !== undefined && a.at <= t) producers = a.producers;
  return producers;
}

/** The EditableConfig the registry reads and validates against, or null before the first frame. */
export function editableConfig(
  snapshot: StageSnapshot | null,
  scenario: ResolvedScenario | null,
  actions: readonly ScenarioAction[],
): EditableConfig | null {
  if (snapshot === null) return null;
  return {
    source: snapshot.source,
    mapping: snapshot.mapping,
    function: snapshot.function,
    producers: producersInForce(scenario, actions, snapshot.t),
  };
}

/** Result of reading a number input. */
export type ParsedNumber = { ok: true; value: number | null } | { ok: false; message: string };

/**
 * Reads what the user typed. Empty means "unset" only for nullable fields
 * (Maximum concurrency, Maximum receives, Reserved concurrency). Anything not
 * a finite number is refused here; ranges are AWS's and come from validateEdit.
 */
export function parseNumberInput(text: string, nullable: boolean): ParsedNumber {
  const s = text.trim().replace(/[_,\s]/g, '');
  if (s === '')
    return nullable ? { ok: true, value: null } : { ok: false, message: 'Enter a number.' };
  const n = Number(s);
  if (!Number.isFinite(n))
    return { ok: false, message: `“${text.trim().slice(0, 24)}” is not a number.` };
  return { ok: true, value: n };
}

/** Slider resolution for logarithmic ranges. */
export const LOG_STEPS = 1000;

/** Slider attributes for a range: native for linear, 0..LOG_STEPS for log. */
export function sliderBounds(r: FieldRange): { min: number; max: number; step: number } {
  return r.scale === 'log'
    ? { min: 0, max: LOG_STEPS, step: 1 }
    : { min: r.min, max: r.max, step: r.step };
}

/** Slider position for a value (clamped into the range: the slider can only show valid values). */
export function toSlider(value: number | null, r: FieldRange): number {
  const v = Math.min(r.max, Math.max(r.min, value ?? r.min));
  if (r.scale !== 'log' || r.min <= 0) return v;
  return Math.round((Math.log(v / r.min) / Math.log(r.max / r.min)) * LOG_STEPS);
}

/** Value for a slider position, snapped to the field's step. */
export function fromSlider(pos: number, r: FieldRange): number {
  if (r.scale !== 'log' || r.min <= 0) return snap(pos, r);
  const raw = r.min * Math.pow(r.max / r.min, Math.min(1, Math.max(0, pos / LOG_STEPS)));
  return snap(raw, r);
}

function snap(v: number, r: FieldRange): number {
  const step = r.step > 0 ? r.step : 1;
  const s = Math.round((v - r.min) / step) * step + r.min;
  const clamped = Math.min(r.max, Math.max(r.min, s));
  return Number(clamped.toPrecision(12));
}

/** A preset listed in public/scenarios/index.json. */
export interface Preset {
  readonly id: string;
  readonly file: string;
  readonly title: string;
  readonly source: SourceType;
  readonly description: string;
}

const SOURCES: readonly SourceType[] = ['kinesis', 'dynamodb', 'sqs', 'sqs-fifo'];

/**
 * Reads index.json defensively (an array, or { scenarios | examples: [...] });
 * entries without a usable id/file, title or source type are skipped.
 */
export function parsePresetIndex(json: unknown): Preset[] {
  const o = json as Record<string, unknown> | null;
  const list: unknown = Array.isArray(json)
    ? json
    : (o?.['scenarios'] ?? o?.['examples'] ?? o?.['presets']);
  if (!Array.isArray(list)) return [];
  const out: Preset[] = [];
  for (const item of list as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const e = item as Record<string, unknown>;
    const str = (k: string): string | null => (typeof e[k] === 'string' ? (e[k] as string) : null);
    const file = str('file') ?? str('path') ?? (str('id') !== null ? `${str('id')}.json` : null);
    const id = str('id') ?? file?.replace(/^.*\//, '').replace(/\.json$/, '') ?? null;
    const src = str('source') ?? str('sourceType') ?? str('type');
    const title = str('title');
    if (id === null || file === null || title === null || src === null) continue;
    if (!SOURCES.includes(src as SourceType)) continue;
    if (!/^[\w./-]+\.json$/.test(file) || file.includes('..')) continue;
    out.push({
      id,
      file: file.replace(/^\.?\/?(scenarios\/)?/, ''),
      title,
      source: src as SourceType,
      description: str('description') ?? '',
    });
  }
  return out;
}

/** The preset a source switch loads: AWS defaults with steady traffic, named per source. */
export const DEFAULT_PRESET: Readonly<Record<SourceType, string>> = {
  kinesis: 'kinesis-happy-path',
  dynamodb: 'dynamodb-stream-basics',
  sqs: 'sqs-happy-path',
  'sqs-fifo': 'fifo-ordering',
};

let liveCounter = 0;

/** A record put live ("Put record" / "Put poison record"); ids are unique within the run. */
export function liveRecord(t: number, key: string, poison: boolean): RecordSpec {
  liveCounter += 1;
  const tag = poison ? 'poison' : 'put';
  return {
    id: asRecordId(`${tag}-${Math.round(t * 10)}-${liveCounter}`),
    at: t,
    key: key.trim() === '' ? 'k0' : key.trim().slice(0, 128),
    body: null,
    failDeliveries: poison ? -1 : 0,
    failAs: 'error',
    MessageDeduplicationId: null,
  };
}

/** A live edit, as the store's applyAction takes it. */
export type LiveEdit = Omit<ScenarioAction, 'at'>;

/**
 * "Make function slow": each invocation runs 1 s past the function Timeout,
 * so it ends as a timeout error; toggled back, the saved duration returns.
 */
export function slowAction(
  fn: FunctionConfig,
  saved: FunctionConfig['durationSeconds'] | null,
): { action: LiveEdit; slow: boolean } {
  const slow = fn.durationSeconds.base > fn.Timeout;
  if (!slow) {
    return {
      action: { function: { durationSeconds: { ...fn.durationSeconds, base: fn.Timeout + 1 } } },
      slow: true,
    };
  }
  const back =
    saved !== null && saved.base <= fn.Timeout ? saved : { ...fn.durationSeconds, base: 0.05 };
  return { action: { function: { durationSeconds: back } }, slow: false };
}

/** "Throttle function": reserved concurrency 0 makes every invoke a throttle; toggled back, the saved value. */
export function throttleAction(
  fn: FunctionConfig,
  saved: number | null,
): { action: LiveEdit; throttled: boolean } {
  if (fn.ReservedConcurrentExecutions !== 0) {
    return { action: { function: { ReservedConcurrentExecutions: 0 } }, throttled: true };
  }
  return {
    action: { function: { ReservedConcurrentExecutions: saved === 0 ? null : saved } },
    throttled: false,
  };
}
