/**
 * `parseScenario`: a user's scenario JSON → a defaults-filled ResolvedScenario,
 * or every problem found, each with its JSON path. Zod checks the structure
 * (types, strict objects: unknown fields are rejected by name); rules.ts checks
 * ranges and combinations with the same words the controls UI shows.
 *
 * Never throws and never hangs: array sizes, run length, producer rates and the
 * total number of generated records are capped (simulator limits, said so in
 * the messages).
 */
import { z } from 'zod';
import type { ResolvedScenario, ScenarioAction, SourceType } from '../engine/types';
import { buildScenario, type ScenarioDraft } from './build';
import { findJsonError } from './jsonError';
import {
  MAX_ACTIONS,
  MAX_DURATION_SECONDS,
  CLI_GENERATED_LIMIT,
  MAX_RECORDS,
  applyPatch,
  checkCombinations,
  checkFailNext,
  checkFields,
  checkLiveOnly,
  checkProducers,
  checkRecords,
  touchedFields,
  type ConfigPatch,
  type ConfigState,
  type GeneratedRecordsLimit,
  type Problem,
  type RecordFields,
} from './rules';

export type { Problem };

/** The result of parsing: a runnable scenario, or every problem found. */
export type ParseResult =
  | { readonly ok: true; readonly scenario: ResolvedScenario }
  | { readonly ok: false; readonly problems: readonly Problem[] };

const SOURCE_TYPES = ['kinesis', 'dynamodb', 'sqs', 'sqs-fifo'] as const;

// Structure only: ranges and AWS's combination rules live in rules.ts.
const num = z.number();
const sourceFields = {
  ShardCount: num.optional(),
  RetentionPeriodHours: num.optional(),
  StreamViewType: z.string().optional(),
  VisibilityTimeout: num.optional(),
  MessageRetentionPeriod: num.optional(),
  RedrivePolicy: z.strictObject({ maxReceiveCount: num }).nullable().optional(),
  duplicateDeliveryRate: num.optional(),
  ContentBasedDeduplication: z.boolean().optional(),
};
const sourceSchema = z.strictObject({ type: z.enum(SOURCE_TYPES), ...sourceFields });
const sourcePatchSchema = z.strictObject(sourceFields);

const mappingSchema = z.strictObject({
  BatchSize: num.optional(),
  MaximumBatchingWindowInSeconds: num.optional(),
  StartingPosition: z.string().optional(),
  StartingPositionTimestamp: num.nullable().optional(),
  ParallelizationFactor: num.optional(),
  MaximumRetryAttempts: num.optional(),
  MaximumRecordAgeInSeconds: num.optional(),
  BisectBatchOnFunctionError: z.boolean().optional(),
  FunctionResponseTypes: z.array(z.string()).max(10).optional(),
  TumblingWindowInSeconds: num.optional(),
  DestinationConfig: z
    .strictObject({ OnFailure: z.strictObject({ Destination: z.string().max(2048) }) })
    .nullable()
    .optional(),
  ScalingConfig: z.strictObject({ MaximumConcurrency: num }).nullable().optional(),
  FilterCriteria: z
    .strictObject({ Filters: z.array(z.strictObject({ Pattern: z.string() })).max(100) })
    .nullable()
    .optional(),
  Enabled: z.boolean().optional(),
});

const functionSchema = z.strictObject({
  Timeout: num.optional(),
  ReservedConcurrentExecutions: num.nullable().optional(),
  durationSeconds: z
    .strictObject({ base: num.optional(), perRecord: num.optional(), jitter: num.optional() })
    .optional(),
  failureMode: z.string().optional(),
  response: z.string().optional(),
  errorRate: num.optional(),
  executionRolePolicies: z.array(z.string().max(128)).max(100).optional(),
});

const recordSchema = z.strictObject({
  id: z.string(),
  at: num.optional(),
  key: z.string().optional(),
  body: z.string().max(1_048_576).optional(),
  failDeliveries: num.optional(),
  failAs: z.string().optional(),
  MessageDeduplicationId: z.string().optional(),
});

const producerSchema = z.strictObject({
  ratePerSecond: num.optional(),
  keys: num.optional(),
  keyMode: z.string().optional(),
  from: num.optional(),
  until: num.optional(),
  failProbability: num.optional(),
});

const actionSchema = z.strictObject({
  at: num,
  mapping: mappingSchema.optional(),
  function: functionSchema.optional(),
  source: sourcePatchSchema.optional(),
  records: z.array(recordSchema).optional(),
  producers: z.array(producerSchema).max(100).optional(),
  failNextInvocations: num.optional(),
});

const scenarioSchema = z.strictObject({
  format: z.literal(1, { error: 'format must be 1' }),
  title: z.string().max(200).optional(),
  seed: num.optional(),
  durationSeconds: num,
  source: sourceSchema,
  mapping: mappingSchema.optional(),
  function: functionSchema.optional(),
  records: z.array(recordSchema).optional(),
  producers: z.array(producerSchema).max(100).optional(),
  actions: z.array(actionSchema).optional(),
});

/** `records[3].failDeliveries` from a zod/JS path. */
function pathOf(parts: readonly PropertyKey[]): string {
  let out = '';
  for (const p of parts) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

function zodProblems(error: z.ZodError): Problem[] {
  const problems: Problem[] = [];
  for (const issue of error.issues) {
    const base = pathOf(issue.path);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({
          path: base === '' ? key : `${base}.${key}`,
          message: `Unknown field "${key}"`,
        });
      }
    } else if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) {
      problems.push({ path: base, message: `${String(issue.path.at(-1) ?? 'value')} is required` });
    } else {
      problems.push({ path: base, message: issue.message });
    }
  }
  return problems;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const objectOrUndefined = (v: unknown): Record<string, unknown> | undefined =>
  isRecord(v) ? v : undefined;

const arrayOf = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);

/** The source/mapping/function sections a scenario or action sets (`source.type` is not a setting). */
function patchOf(section: Record<string, unknown>): ConfigPatch {
  const source = objectOrUndefined(section.source);
  const out: {
    source?: Record<string, unknown>;
    mapping?: Record<string, unknown>;
    function?: Record<string, unknown>;
  } = {};
  if (source !== undefined) {
    const { type: _type, ...rest } = source;
    out.source = rest;
  }
  const mapping = objectOrUndefined(section.mapping);
  if (mapping !== undefined) out.mapping = mapping;
  const fn = objectOrUndefined(section.function);
  if (fn !== undefined) out.function = fn;
  return out;
}

/** The patch without the fields at (or under) the given paths. */
function withoutPaths(patch: ConfigPatch, bad: ReadonlySet<string>): ConfigPatch {
  const isBad = (path: string): boolean =>
    [...bad].some((b) => b === path || b.startsWith(`${path}.`) || path.startsWith(`${b}.`));
  const out: Record<string, Record<string, unknown>> = {};
  for (const section of ['source', 'mapping', 'function'] as const) {
    const fields = patch[section];
    // A bad field drops that field (and what lies under or above it), not its whole section.
    if (fields === undefined || bad.has(section)) continue;
    out[section] = Object.fromEntries(
      Object.entries(fields).filter(([k]) => !isBad(`${section}.${k}`)),
    );
  }
  return out;
}

/** Rule: the size guards, checked before anything walks the arrays. */
function checkSizes(input: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const records = arrayOf(input.records);
  const actions = arrayOf(input.actions);
  let explicit = records.length;
  for (const a of actions.slice(0, MAX_ACTIONS))
    explicit += arrayOf(objectOrUndefined(a)?.records).length;
  if (explicit > MAX_RECORDS) {
    problems.push({
      path: 'records',
      message: `Too many explicit records: ${explicit}; at most ${MAX_RECORDS} are allowed (simulator limit)`,
    });
  }
  if (actions.length > MAX_ACTIONS) {
    problems.push({
      path: 'actions',
      message: `Too many actions: ${actions.length}; at most ${MAX_ACTIONS} are allowed (simulator limit)`,
    });
  }
  return problems;
}

/** Rule: the run is bounded: 0 < durationSeconds ≤ 7 days; seed a whole number. */
function checkRun(input: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const d = input.durationSeconds;
  if (typeof d === 'number' && Number.isFinite(d) && (d <= 0 || d > MAX_DURATION_SECONDS)) {
    problems.push({
      path: 'durationSeconds',
      message: `durationSeconds must be greater than 0 and at most ${MAX_DURATION_SECONDS} (7 days, simulator limit), got ${d}`,
    });
  }
  const seed = input.seed;
  if (typeof seed === 'number' && Number.isFinite(seed) && !Number.isSafeInteger(seed)) {
    problems.push({ path: 'seed', message: `seed must be a whole number, got ${seed}` });
  }
  return problems;
}

/** Rule (simulator limit): producers together generate at most `limit.max` records. */
function checkGeneratedVolume(
  input: Record<string, unknown>,
  duration: number,
  limit: GeneratedRecordsLimit,
): Problem[] {
  const specs: unknown[] = [...arrayOf(input.producers)];
  for (const a of arrayOf(input.actions)) specs.push(...arrayOf(objectOrUndefined(a)?.producers));
  let total = 0;
  for (const s of specs) {
    const p = objectOrUndefined(s);
    if (p === undefined) continue;
    const rate = typeof p.ratePerSecond === 'number' ? p.ratePerSecond : 1;
    const from = typeof p.from === 'number' ? p.from : 0;
    const until = typeof p.until === 'number' ? p.until : duration;
    const span = Math.max(0, Math.min(until, duration) - Math.max(from, 0));
    if (Number.isFinite(rate) && rate > 0) total += rate * span;
  }
  return total > limit.max
    ? [
        {
          path: 'producers',
          message: `Producers would generate about ${Math.round(total)} records; at most ${limit.max} per run are allowed (simulator limit: ${limit.why}): lower ratePerSecond or shorten from/until`,
        },
      ]
    : [];
}

/** Actions in stable order of `at`, with their original index for paths. */
function sortedActions(
  actions: readonly unknown[],
): { index: number; action: Record<string, unknown> }[] {
  return actions
    .map((a, index) => ({ index, action: objectOrUndefined(a) }))
    .filter((x): x is { index: number; action: Record<string, unknown> } => x.action !== undefined)
    .sort((x, y) => {
      const ax = typeof x.action.at === 'number' ? x.action.at : 0;
      const ay = typeof y.action.at === 'number' ? y.action.at : 0;
      return ax - ay || x.index - y.index;
    });
}

/** Rules for scripted actions, each checked against the configuration in force at its time. */
function checkActions(
  input: Record<string, unknown>,
  type: SourceType,
  base: ConfigState,
  duration: number | null,
  seen: Set<string>,
): Problem[] {
  const problems: Problem[] = [];
  let state = base;
  for (const { index, action } of sortedActions(arrayOf(input.actions).slice(0, MAX_ACTIONS))) {
    const prefix = `actions[${index}].`;
    const at = action.at;
    if (typeof at === 'number' && duration !== null && (at < 0 || at > duration)) {
      problems.push({
        path: `${prefix}at`,
        message: `at must be within the run: between 0 and durationSeconds (${duration}), got ${at}`,
      });
    }
    const patch = patchOf(action);
    const own = [...checkLiveOnly(patch, prefix)];
    const blocked = new Set(own.map((p) => p.path));
    own.push(...checkFields(type, patch, prefix).filter((p) => !blocked.has(p.path)));
    if (own.length === 0) {
      const next = applyPatch(state, patch);
      const combos = checkCombinations(next, touchedFields(patch), prefix);
      own.push(...combos);
      // A rejected edit leaves the settings in force unchanged, as the live UI does.
      if (combos.length === 0) state = next;
    }
    problems.push(...own);
    if (action.records !== undefined) {
      const recs = arrayOf(action.records).filter(isRecord) as RecordFields[];
      problems.push(...checkRecords(recs, state.source, `${prefix}records`, seen));
      recs.forEach((r, i) => {
        if (r.at !== undefined && r.at !== at) {
          problems.push({
            path: `${prefix}records[${i}].at`,
            message: `Records in an action are put at the action's time (${String(at)}); omit at`,
          });
        }
      });
    }
    if (action.producers !== undefined) {
      problems.push(
        ...checkProducers(arrayOf(action.producers).filter(isRecord), `${prefix}producers`),
      );
    }
    if (action.failNextInvocations !== undefined) {
      problems.push(...checkFailNext(action.failNextInvocations, `${prefix}failNextInvocations`));
    }
  }
  return problems;
}

/** Drops rule problems that restate a structural problem at the same path or below. */
function dedupe(structural: readonly Problem[], rules: readonly Problem[]): Problem[] {
  const paths = structural.map((p) => p.path);
  const covered = (path: string): boolean =>
    paths.some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
  const out = [...structural];
  const seen = new Set(structural.map((p) => `${p.path}\n${p.message}`));
  for (const p of rules) {
    const key = `${p.path}\n${p.message}`;
    if (covered(p.path) || seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out;
}

/** Who validates: the limits that depend on how the run will be kept. */
export interface ParseOptions {
  /**
   * The most records producers may generate: CLI_GENERATED_LIMIT (the
   * default; the CLI keeps everything) or APP_GENERATED_LIMIT (the app's
   * bounded history), both from rules.ts.
   */
  readonly generatedLimit?: GeneratedRecordsLimit;
}

/**
 * Validates a scenario (already parsed from JSON) and fills AWS's defaults.
 * Reports every problem with its path; never throws.
 */
export function parseScenario(input: unknown, options: ParseOptions = {}): ParseResult {
  try {
    return parseUnsafe(input, options.generatedLimit ?? CLI_GENERATED_LIMIT);
  } catch (e) {
    // Defensive: a rule bug must not crash the CLI or the UI.
    return {
      ok: false,
      problems: [{ path: '', message: `Internal validation error: ${String(e)}` }],
    };
  }
}

function parseUnsafe(input: unknown, generatedLimit: GeneratedRecordsLimit): ParseResult {
  if (!isRecord(input)) {
    return { ok: false, problems: [{ path: '', message: 'A scenario must be a JSON object' }] };
  }
  const sizes = checkSizes(input);
  // Oversized arrays are reported once and not walked.
  const bounded: Record<string, unknown> =
    sizes.length === 0 ? input : { ...input, records: [], actions: [] };
  const parsed = scenarioSchema.safeParse(bounded);
  const structural = [...sizes, ...(parsed.success ? [] : zodProblems(parsed.error))];

  const rules: Problem[] = [...checkRun(bounded)];
  const source = objectOrUndefined(bounded.source);
  const type = SOURCE_TYPES.find((t) => t === source?.type);
  const durationRaw = bounded.durationSeconds;
  const duration =
    typeof durationRaw === 'number' &&
    Number.isFinite(durationRaw) &&
    durationRaw > 0 &&
    durationRaw <= MAX_DURATION_SECONDS
      ? durationRaw
      : null;
  if (duration !== null) rules.push(...checkGeneratedVolume(bounded, duration, generatedLimit));
  rules.push(...checkProducers(arrayOf(bounded.producers).filter(isRecord), 'producers'));

  if (type !== undefined) {
    const patch = patchOf(bounded);
    const fieldProblems = checkFields(type, patch);
    rules.push(...fieldProblems);
    // Combinations are checked on the fields that are valid on their own, so every problem shows.
    const bad = new Set([...structural, ...fieldProblems].map((p) => p.path));
    const validPart = withoutPaths(patch, bad);
    const draft = buildScenario({
      source: { type, ...(validPart.source ?? {}) },
      ...(validPart.mapping !== undefined ? { mapping: validPart.mapping } : {}),
      ...(validPart.function !== undefined ? { function: validPart.function } : {}),
    } as ScenarioDraft);
    const base: ConfigState = {
      source: draft.source,
      mapping: draft.mapping,
      function: draft.function,
    };
    // Only combinations the user touched: AWS's own stream defaults (BatchSize 100, no window) stand.
    rules.push(...checkCombinations(base, touchedFields(patch)));
    const seen = new Set<string>();
    rules.push(
      ...checkRecords(
        arrayOf(bounded.records).filter(isRecord) as RecordFields[],
        base.source,
        'records',
        seen,
      ),
    );
    rules.push(...checkActions(bounded, type, base, duration, seen));
  }

  const problems = dedupe(structural, rules);
  if (problems.length > 0 || !parsed.success) {
    return {
      ok: false,
      problems:
        problems.length > 0 ? problems : [{ path: '', message: 'The scenario is not valid' }],
    };
  }
  const resolved = buildScenario(parsed.data as ScenarioDraft);
  // Actions run in order of `at`; equal times keep the file's order (stable sort).
  const actions = [...resolved.actions]
    .map((a, i) => ({ a, i }))
    .sort((x, y) => x.a.at - y.a.at || x.i - y.i)
    .map(({ a }): ScenarioAction => a);
  return { ok: true, scenario: { ...resolved, actions } };
}

/** Parses JSON text, then validates; a JSON syntax error is one problem naming where it is. */
export function parseScenarioText(
  text: string,
  name = 'scenario',
  options: ParseOptions = {},
): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const place = findJsonError(text);
    const why = place === null ? (e instanceof Error ? e.message : String(e)) : place.reason;
    const where =
      place === null
        ? ''
        : ` at line ${place.line}, column ${place.column} (position ${place.position})`;
    return {
      ok: false,
      problems: [{ path: '', message: `${name}: invalid JSON${where}: ${why}` }],
    };
  }
  return parseScenario(value, options);
}
