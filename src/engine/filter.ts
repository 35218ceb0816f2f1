/**
 * Event filtering for event source mappings (esm-semantics.md §7): a subset of
 * EventBridge pattern syntax, applied to one record before it is batched.
 *
 * Supported: exact values (an array lists alternatives), nested objects,
 * `prefix`, `suffix`, `anything-but` (a value, a list, or `{ prefix }` /
 * `{ suffix }`), `numeric` (=, <, <=, >, >= in pairs), `exists`,
 * `equals-ignore-case`, `null` and the empty string. Filters are OR'd: a record
 * passes when any one of them matches.
 *
 * Where the payload lives (AWS rule: "SQS filters on body; Kinesis on data;
 * DynamoDB on the dynamodb keys"): callers pass the record's filterable shape,
 * e.g. `{ body }` for SQS, `{ data, partitionKey }` for Kinesis and
 * `{ eventName, dynamodb }` for DynamoDB. A top-level `body` or `data` that is
 * a string holding a JSON object or array is matched as that parsed JSON;
 * anything else (plain text) is matched as the plain string.
 *
 * Pure: no DOM, no clock. Bad patterns never throw: they match nothing.
 */
import type { MappingConfig } from './types';

/** Longest pattern accepted (AWS: a filter pattern is at most 4,096 characters). */
export const MAX_PATTERN_LENGTH = 4096;
/** Filters per mapping (AWS default quota: 5). */
export const MAX_FILTERS = 5;
/** Nesting depth accepted in a pattern; keeps validation and matching bounded. */
const MAX_DEPTH = 32;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const NUMERIC_OPS = new Set(['=', '<', '<=', '>', '>=']);
const OPERATORS = new Set([
  'prefix',
  'suffix',
  'anything-but',
  'numeric',
  'exists',
  'equals-ignore-case',
]);

const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function parsePattern(pattern: string): Json | undefined {
  try {
    return JSON.parse(pattern) as Json;
  } catch {
    return undefined;
  }
}

/** Why a numeric operand list is invalid, or null. */
function checkNumeric(list: Json): string | null {
  if (!Array.isArray(list) || list.length === 0 || list.length % 2 !== 0 || list.length > 4) {
    return 'numeric takes one or two operator/number pairs, e.g. [">", 0, "<=", 5]';
  }
  for (let i = 0; i < list.length; i += 2) {
    const op = list[i];
    const n = list[i + 1];
    if (typeof op !== 'string' || !NUMERIC_OPS.has(op)) {
      return `numeric operator must be one of =, <, <=, >, >= (got ${JSON.stringify(op)})`;
    }
    if (typeof n !== 'number' || !Number.isFinite(n)) {
      return `numeric operand after "${op}" must be a number`;
    }
  }
  return null;
}

/** Why one matcher object inside a value list is invalid, or null. */
function checkMatcher(m: JsonObject, path: string): string | null {
  const keys = Object.keys(m);
  if (keys.length !== 1) {
    return `${path}: a matcher object has exactly one operator (prefix, suffix, anything-but, numeric, exists, equals-ignore-case)`;
  }
  const op = keys[0] as string;
  const arg = m[op] as Json;
  if (!OPERATORS.has(op)) return `${path}: unsupported operator "${op}"`;
  switch (op) {
    case 'prefix':
    case 'suffix':
    case 'equals-ignore-case':
      return typeof arg === 'string' ? null : `${path}: ${op} takes a string`;
    case 'exists':
      return typeof arg === 'boolean' ? null : `${path}: exists takes true or false`;
    case 'numeric': {
      const why = checkNumeric(arg);
      return why === null ? null : `${path}: ${why}`;
    }
    default: {
      // anything-but: a value, a list of values, or { prefix } / { suffix }.
      if (typeof arg === 'string' || typeof arg === 'number') return null;
      if (Array.isArray(arg)) {
        return arg.every((a) => typeof a === 'string' || typeof a === 'number')
          ? null
          : `${path}: anything-but lists strings or numbers`;
      }
      if (isObject(arg)) {
        const inner = Object.keys(arg);
        const k = inner[0];
        if (
          inner.length === 1 &&
          (k === 'prefix' || k === 'suffix') &&
          typeof arg[k] === 'string'
        ) {
          return null;
        }
      }
      return `${path}: anything-but takes a value, a list, or { "prefix": "…" } / { "suffix": "…" }`;
    }
  }
}

function checkNode(node: JsonObject, path: string, depth: number): string | null {
  if (depth > MAX_DEPTH) return `pattern is nested deeper than ${MAX_DEPTH} levels`;
  const keys = Object.keys(node);
  if (keys.length === 0)
    return `${path || 'pattern'}: an object in a pattern needs at least one field`;
  for (const key of keys) {
    const value = node[key] as Json;
    const here = path === '' ? key : `${path}.${key}`;
    if (isObject(value)) {
      const why = checkNode(value, here, depth + 1);
      if (why !== null) return why;
    } else if (Array.isArray(value)) {
      if (value.length === 0) return `${here}: a value list must not be empty`;
      for (const item of value) {
        if (Array.isArray(item)) return `${here}: value lists cannot contain lists`;
        if (isObject(item)) {
          const why = checkMatcher(item, here);
          if (why !== null) return why;
        }
      }
    } else {
      return `${here}: values in a pattern must be arrays, e.g. [${JSON.stringify(value)}]`;
    }
  }
  return null;
}

/** Why a FilterCriteria Pattern string is invalid (EventBridge subset), or null when it is valid. */
export function validateFilterPattern(pattern: string): string | null {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return `Filter pattern is longer than ${MAX_PATTERN_LENGTH} characters`;
  }
  const parsed = parsePattern(pattern);
  if (parsed === undefined) return 'Filter pattern is not valid JSON';
  if (!isObject(parsed)) return 'Filter pattern must be a JSON object';
  return checkNode(parsed, '', 0);
}

const equalValues = (a: Json, b: Json): boolean =>
  typeof a === 'number' && typeof b === 'number' ? a === b : a === b;

function numericMatches(list: Json[], v: number): boolean {
  for (let i = 0; i < list.length; i += 2) {
    const op = list[i];
    const n = list[i + 1] as number;
    const ok =
      op === '='
        ? v === n
        : op === '<'
          ? v < n
          : op === '<='
            ? v <= n
            : op === '>'
              ? v > n
              : v >= n;
    if (!ok) return false;
  }
  return true;
}

/** One present, scalar event value against one matcher (not `exists`). */
function scalarMatches(matcher: Json, v: Json): boolean {
  if (!isObject(matcher)) return equalValues(matcher, v);
  const op = Object.keys(matcher)[0];
  const arg = op === undefined ? null : (matcher[op] as Json);
  switch (op) {
    case 'prefix':
      return typeof v === 'string' && typeof arg === 'string' && v.startsWith(arg);
    case 'suffix':
      return typeof v === 'string' && typeof arg === 'string' && v.endsWith(arg);
    case 'equals-ignore-case':
      return (
        typeof v === 'string' && typeof arg === 'string' && v.toLowerCase() === arg.toLowerCase()
      );
    case 'numeric':
      return typeof v === 'number' && Array.isArray(arg) && numericMatches(arg, v);
    case 'anything-but': {
      if (isObject(arg)) {
        if (typeof v !== 'string') return false;
        if (typeof arg.prefix === 'string') return !v.startsWith(arg.prefix);
        if (typeof arg.suffix === 'string') return !v.endsWith(arg.suffix);
        return false;
      }
      const banned = Array.isArray(arg) ? arg : [arg];
      return v !== null && !banned.some((b) => equalValues(b, v));
    }
    default:
      return false;
  }
}

/** A leaf value list against the event's value at that key (undefined = the key is absent). */
function leafMatches(list: Json[], value: Json | undefined): boolean {
  return list.some((matcher) => {
    if (isObject(matcher) && 'exists' in matcher) {
      // EventBridge: exists applies to leaf values; an object is not a leaf.
      const present = value !== undefined && !isObject(value);
      return matcher.exists === present;
    }
    if (value === undefined) return false;
    // An event array matches when any of its elements matches.
    if (Array.isArray(value))
      return value.some((el) => !isObject(el) && scalarMatches(matcher, el));
    if (isObject(value)) return false;
    return scalarMatches(matcher, value);
  });
}

function nodeMatches(node: JsonObject, event: Json | undefined, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  for (const key of Object.keys(node)) {
    const sub = node[key] as Json;
    const value = isObject(event) ? event[key] : undefined;
    if (isObject(sub)) {
      // Nested pattern: the event must have an object here, or an array of objects.
      const ok = Array.isArray(value)
        ? value.some((el) => nodeMatches(sub, el, depth + 1))
        : nodeMatches(sub, isObject(value) ? value : undefined, depth + 1);
      if (!ok) return false;
    } else if (Array.isArray(sub)) {
      if (!leafMatches(sub, value)) return false;
    } else {
      return false;
    }
  }
  return true;
}

/** AWS rule: SQS `body` / Kinesis `data` that is a JSON object is filtered as parsed JSON, else as text. */
function asFilterable(eventRecord: unknown): Json | undefined {
  if (!isObject(eventRecord as Json)) return undefined;
  const rec = eventRecord as Record<string, unknown>;
  const out: Record<string, unknown> = { ...rec };
  for (const key of ['body', 'data'] as const) {
    const v = rec[key];
    if (typeof v === 'string') {
      const parsed = parsePattern(v);
      if (parsed !== undefined && typeof parsed === 'object' && parsed !== null) out[key] = parsed;
    }
  }
  return out as JsonObject;
}

// Patterns are few and records many: keep the parsed form of recent patterns (null = invalid).
const compiled = new Map<string, JsonObject | null>();
const MAX_COMPILED = 64;

function compile(pattern: string): JsonObject | null {
  const hit = compiled.get(pattern);
  if (hit !== undefined) return hit;
  const parsed = validateFilterPattern(pattern) === null ? parsePattern(pattern) : undefined;
  const value = parsed !== undefined && isObject(parsed) ? parsed : null;
  if (compiled.size >= MAX_COMPILED) compiled.clear();
  compiled.set(pattern, value);
  return value;
}

/** Whether a pattern (already validated or not) matches a filterable record; invalid patterns match nothing. */
export function matchesPattern(pattern: string, eventRecord: unknown): boolean {
  const node = compile(pattern);
  return node !== null && nodeMatches(node, asFilterable(eventRecord), 0);
}

/**
 * Whether a record passes the mapping's FilterCriteria. No criteria (or no
 * filters) = every record passes; otherwise filters are OR'd (AWS rule).
 */
export function matchesFilter(
  criteria: MappingConfig['FilterCriteria'],
  eventRecord: unknown,
): boolean {
  if (criteria === null || criteria.Filters.length === 0) return true;
  return criteria.Filters.some((f) => matchesPattern(f.Pattern, eventRecord));
}
