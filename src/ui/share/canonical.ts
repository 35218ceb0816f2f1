/**
 * The canonical scenario document: what "Download scenario" writes, what a
 * share link carries, and what `npm run simulate` reads.
 *
 * Canonical form: `serializeScenario`'s compact JSON (every value equal to
 * AWS's default for the source type left out), with every object's keys in
 * one fixed order (top level: format, title, seed, durationSeconds, source,
 * mapping, function, records, producers, actions; inside, the order of the
 * defaults in src/scenarios/build.ts), written as JSON indented by two spaces
 * with a final newline. Importing a canonical file and exporting it again
 * gives the same bytes, whatever order its keys were typed or edited in.
 */
import type { ResolvedScenario, ScenarioAction, SourceType } from '../../engine/types';
import { DEFAULT_FUNCTION, defaultMapping, defaultSource } from '../../scenarios/build';
import { serializeScenario } from '../../scenarios/serialize';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** A JSON object, as serializeScenario returns it. */
export type JsonObject = { [key: string]: Json };

const TOP = [
  'format',
  'title',
  'seed',
  'durationSeconds',
  'source',
  'mapping',
  'function',
  'records',
  'producers',
  'actions',
];
const RECORD = ['id', 'at', 'key', 'body', 'failDeliveries', 'failAs', 'MessageDeduplicationId'];
const PRODUCER = ['ratePerSecond', 'keys', 'keyMode', 'from', 'until', 'failProbability'];
const ACTION = [
  'at',
  'mapping',
  'function',
  'source',
  'records',
  'producers',
  'failNextInvocations',
];
const DURATION = Object.keys(DEFAULT_FUNCTION.durationSeconds);
const FUNCTION = Object.keys(DEFAULT_FUNCTION);

const isObject = (v: Json | undefined): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** `obj` with its keys in `order` (keys not listed follow, alphabetically); values as `inner` maps them. */
function ordered(
  obj: JsonObject,
  order: readonly string[],
  inner: (key: string, value: Json) => Json = (_k, v) => deepSorted(v),
): JsonObject {
  const out: JsonObject = {};
  const rank = (k: string): number => {
    const i = order.indexOf(k);
    return i < 0 ? order.length : i;
  };
  const keys = Object.keys(obj).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  for (const k of keys) {
    const v = obj[k];
    // defineProperty, not assignment: a key named "__proto__" (JSON.parse makes it an own key)
    // would otherwise set the prototype and vanish from the file.
    if (v !== undefined) {
      Object.defineProperty(out, k, {
        value: inner(k, v),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return out;
}

/** Nested values with no schema order of their own (filters, destinations): keys sorted. */
function deepSorted(v: Json): Json {
  if (Array.isArray(v)) return v.map(deepSorted);
  if (isObject(v)) return ordered(v, []);
  return v;
}

function orderFunction(v: Json): Json {
  if (!isObject(v)) return v;
  return ordered(v, FUNCTION, (k, x) =>
    k === 'durationSeconds' && isObject(x) ? ordered(x, DURATION) : deepSorted(x),
  );
}

function orderList(v: Json, order: readonly string[]): Json {
  return Array.isArray(v) ? v.map((x) => (isObject(x) ? ordered(x, order) : x)) : v;
}

/** Puts a compact scenario's keys in the canonical order (a pure reordering: nothing added or lost). */
export function canonicalOrder(doc: JsonObject): JsonObject {
  const type = (isObject(doc.source) ? doc.source.type : undefined) as SourceType | undefined;
  const known = type === 'kinesis' || type === 'dynamodb' || type === 'sqs' || type === 'sqs-fifo';
  const sourceOrder = known ? ['type', ...Object.keys(defaultSource(type))] : ['type'];
  const mappingOrder = known ? Object.keys(defaultMapping(type)) : [];
  const inAction = (k: string, v: Json): Json => {
    if (k === 'mapping' && isObject(v)) return ordered(v, mappingOrder);
    if (k === 'source' && isObject(v)) return ordered(v, sourceOrder);
    if (k === 'function') return orderFunction(v);
    if (k === 'records') return orderList(v, RECORD);
    if (k === 'producers') return orderList(v, PRODUCER);
    return deepSorted(v);
  };
  return ordered(doc, TOP, (k, v) => {
    if (k === 'actions' && Array.isArray(v)) {
      return v.map((a) => (isObject(a) ? ordered(a, ACTION, inAction) : a));
    }
    return inAction(k, v);
  });
}

/** The canonical document for a scenario and its actions (scripted and live, in time order). */
export function scenarioDocument(
  scenario: ResolvedScenario,
  actions: readonly ScenarioAction[] = scenario.actions,
): JsonObject {
  return canonicalOrder(serializeScenario(scenario, actions));
}

/** The bytes of a scenario file: canonical JSON, two-space indent, final newline. */
export function scenarioFileText(doc: JsonObject): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** A file name for the scenario: its title in lower-case words, or "scenario". */
export function scenarioFileName(title: string | null): string {
  const slug = (title ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  return `${slug === '' ? 'scenario' : slug}.json`;
}
