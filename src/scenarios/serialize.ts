/**
 * `serializeScenario`: a resolved scenario (plus the actions recorded so far)
 * → compact scenario JSON that omits every value equal to AWS's default for
 * the source type, for sharing and export. `parseScenario` reads it back to an
 * equal scenario.
 */
import type {
  FunctionConfig,
  ProducerSpec,
  RecordSpec,
  ResolvedScenario,
  ScenarioAction,
} from '../engine/types';
import { defaultFunction, defaultMapping, defaultSource } from './build';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The entries of `obj` that differ from `defaults` (deep comparison). */
function diff(obj: object, defaults: object): JsonObject {
  const out: JsonObject = {};
  const d = defaults as Record<string, unknown>;
  for (const [k, v] of Object.entries(obj)) {
    if (v !== undefined && !same(v, d[k])) out[k] = v as Json;
  }
  return out;
}

function compactFunction(fn: Partial<FunctionConfig>, base: FunctionConfig): JsonObject {
  const out = diff(fn, base);
  if (fn.durationSeconds !== undefined && !same(fn.durationSeconds, base.durationSeconds)) {
    out.durationSeconds = diff(fn.durationSeconds, base.durationSeconds);
  }
  return out;
}

function compactRecord(r: RecordSpec, defaultAt: number | null): JsonObject {
  const out: JsonObject = { id: r.id };
  if (defaultAt === null && r.at !== 0) out.at = r.at;
  if (r.key !== 'k0') out.key = r.key;
  if (r.body !== null) out.body = r.body;
  if (r.failDeliveries !== 0) out.failDeliveries = r.failDeliveries;
  if (r.failAs !== 'error') out.failAs = r.failAs;
  if (r.MessageDeduplicationId !== null) out.MessageDeduplicationId = r.MessageDeduplicationId;
  return out;
}

function compactProducer(p: ProducerSpec, durationSeconds: number): JsonObject {
  return diff(p, {
    ratePerSecond: 1,
    keys: 1,
    keyMode: 'roundRobin',
    from: 0,
    until: durationSeconds,
    failProbability: 0,
  } satisfies ProducerSpec);
}

function compactAction(a: ScenarioAction, s: ResolvedScenario): JsonObject {
  const out: JsonObject = { at: a.at };
  if (a.mapping !== undefined) out.mapping = diff(a.mapping, {});
  if (a.function !== undefined) {
    // buildScenario merges an action's durationSeconds over the scenario's function: write it whole.
    const { durationSeconds, ...rest } = a.function;
    out.function = diff(rest, {});
    if (durationSeconds !== undefined) out.function.durationSeconds = { ...durationSeconds };
  }
  if (a.source !== undefined) out.source = diff(a.source, {});
  if (a.records !== undefined) out.records = a.records.map((r) => compactRecord(r, a.at));
  if (a.producers !== undefined) {
    out.producers = a.producers.map((p) => compactProducer(p, s.durationSeconds));
  }
  if (a.failNextInvocations !== undefined) out.failNextInvocations = a.failNextInvocations;
  return out;
}

/**
 * Compact scenario JSON (defaults omitted) for a resolved scenario; `actions`
 * (e.g. the live edits recorded so far) replace the scenario's own.
 */
export function serializeScenario(
  resolved: ResolvedScenario,
  actions: readonly ScenarioAction[] = resolved.actions,
): JsonObject {
  const type = resolved.source.type;
  const out: JsonObject = { format: 1 };
  if (resolved.title !== null) out.title = resolved.title;
  out.seed = resolved.seed;
  out.durationSeconds = resolved.durationSeconds;
  out.source = { type, ...diff(resolved.source, defaultSource(type)) };
  const mapping = diff(resolved.mapping, defaultMapping(type));
  if (Object.keys(mapping).length > 0) out.mapping = mapping;
  const fn = compactFunction(resolved.function, defaultFunction(type));
  if (Object.keys(fn).length > 0) out.function = fn;
  if (resolved.records.length > 0)
    out.records = resolved.records.map((r) => compactRecord(r, null));
  if (resolved.producers.length > 0) {
    out.producers = resolved.producers.map((p) => compactProducer(p, resolved.durationSeconds));
  }
  if (actions.length > 0) out.actions = actions.map((a) => compactAction(a, resolved));
  return out;
}
