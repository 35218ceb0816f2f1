/**
 * AWS's defaults per source type, and `buildScenario`, which fills a scenario
 * draft with them. It does not validate: `parseScenario` (validate.ts) checks
 * a user's JSON first and then calls this. Tests and built-in scenarios that
 * are known to be valid may call it directly.
 */
import {
  asRecordId,
  type FunctionConfig,
  type MappingConfig,
  type ProducerSpec,
  type QueueSourceConfig,
  type RecordSpec,
  type ResolvedScenario,
  type ScenarioAction,
  type SourceConfig,
  type SourceType,
  type StreamSourceConfig,
} from '../engine/types';
import { defaultExecutionRolePolicies } from './roles';

/** CreateEventSourceMapping defaults per source type (esm-semantics.md §1, §2, API). */
export function defaultMapping(type: SourceType): MappingConfig {
  const stream = type === 'kinesis' || type === 'dynamodb';
  return {
    BatchSize: stream ? 100 : 10,
    MaximumBatchingWindowInSeconds: 0,
    // StartingPosition is required by AWS for streams; scenarios may omit it and get LATEST,
    // the console's default choice.
    StartingPosition: stream ? 'LATEST' : null,
    StartingPositionTimestamp: null,
    ParallelizationFactor: 1,
    MaximumRetryAttempts: -1,
    MaximumRecordAgeInSeconds: -1,
    BisectBatchOnFunctionError: false,
    FunctionResponseTypes: [],
    TumblingWindowInSeconds: 0,
    DestinationConfig: null,
    ScalingConfig: null,
    FilterCriteria: null,
    Enabled: true,
  };
}

/** The function defaults every source shares (the execution role depends on the source: defaultFunction). */
export const DEFAULT_FUNCTION: Omit<FunctionConfig, 'executionRolePolicies'> = {
  Timeout: 3,
  ReservedConcurrentExecutions: null,
  durationSeconds: { base: 0.05, perRecord: 0.001, jitter: 0 },
  failureMode: 'throw',
  response: 'normal',
  errorRate: 0,
};

/** The function's defaults for a source type: its role has basic logging and the source's read policy. */
export function defaultFunction(type: SourceType): FunctionConfig {
  return { ...DEFAULT_FUNCTION, executionRolePolicies: defaultExecutionRolePolicies(type) };
}

export function defaultSource(type: SourceType): SourceConfig {
  switch (type) {
    case 'kinesis':
      return { type, ShardCount: 1, RetentionPeriodHours: 24, StreamViewType: null };
    case 'dynamodb':
      return {
        type,
        ShardCount: 1,
        RetentionPeriodHours: 24,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      };
    case 'sqs':
    case 'sqs-fifo':
      return {
        type,
        VisibilityTimeout: 30,
        MessageRetentionPeriod: 345600,
        RedrivePolicy: null,
        duplicateDeliveryRate: 0,
        ContentBasedDeduplication: false,
      };
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A scenario as written in JSON: everything optional except source.type. */
export interface ScenarioDraft {
  readonly format?: 1;
  readonly title?: string;
  readonly seed?: number;
  readonly durationSeconds?: number;
  readonly source: { readonly type: SourceType } & Partial<
    Omit<Mutable<StreamSourceConfig>, 'type'> & Omit<Mutable<QueueSourceConfig>, 'type'>
  >;
  readonly mapping?: Partial<MappingConfig>;
  readonly function?: Partial<Omit<FunctionConfig, 'durationSeconds'>> & {
    readonly durationSeconds?: Partial<FunctionConfig['durationSeconds']>;
  };
  readonly records?: readonly RecordDraft[];
  readonly producers?: readonly Partial<ProducerSpec>[];
  readonly actions?: readonly ActionDraft[];
}

export interface RecordDraft {
  readonly id: string;
  readonly at?: number;
  readonly key?: string;
  readonly body?: string;
  readonly failDeliveries?: number;
  readonly failAs?: 'error' | 'timeout';
  readonly MessageDeduplicationId?: string;
}

export interface ActionDraft extends Omit<ScenarioAction, 'records' | 'producers' | 'function'> {
  readonly function?: ScenarioDraft['function'];
  readonly records?: readonly RecordDraft[];
  readonly producers?: readonly Partial<ProducerSpec>[];
}

export function buildRecord(r: RecordDraft, defaultAt = 0): RecordSpec {
  return {
    id: asRecordId(r.id),
    at: r.at ?? defaultAt,
    key: r.key ?? 'k0',
    body: r.body ?? null,
    failDeliveries: r.failDeliveries ?? 0,
    failAs: r.failAs ?? 'error',
    MessageDeduplicationId: r.MessageDeduplicationId ?? null,
  };
}

export function buildProducer(p: Partial<ProducerSpec>, durationSeconds: number): ProducerSpec {
  return {
    ratePerSecond: p.ratePerSecond ?? 1,
    keys: p.keys ?? 1,
    keyMode: p.keyMode ?? 'roundRobin',
    from: p.from ?? 0,
    until: p.until ?? durationSeconds,
    failProbability: p.failProbability ?? 0,
  };
}

function buildFunctionPatch(
  f: ScenarioDraft['function'] | undefined,
  base: Pick<FunctionConfig, 'durationSeconds'>,
): Partial<FunctionConfig> | undefined {
  if (f === undefined) return undefined;
  const { durationSeconds, ...rest } = f;
  return durationSeconds === undefined
    ? rest
    : { ...rest, durationSeconds: { ...base.durationSeconds, ...durationSeconds } };
}

/** Fills a draft with AWS's defaults for its source type. Does not validate. */
export function buildScenario(draft: ScenarioDraft): ResolvedScenario {
  const type = draft.source.type;
  const durationSeconds = draft.durationSeconds ?? 600;
  const baseSource = defaultSource(type);
  const source = { ...baseSource } as Mutable<SourceConfig>;
  for (const [k, v] of Object.entries(draft.source)) {
    if (k in baseSource && v !== undefined) (source as Record<string, unknown>)[k] = v;
  }
  const fn: FunctionConfig = {
    ...defaultFunction(type),
    ...buildFunctionPatch(draft.function, DEFAULT_FUNCTION),
  };
  return {
    format: 1,
    title: draft.title ?? null,
    seed: draft.seed ?? 1,
    durationSeconds,
    source,
    mapping: { ...defaultMapping(type), ...draft.mapping },
    function: fn,
    records: (draft.records ?? []).map((r) => buildRecord(r)),
    producers: (draft.producers ?? []).map((p) => buildProducer(p, durationSeconds)),
    actions: (draft.actions ?? []).map((a) => {
      const { records, producers, function: f, ...rest } = a;
      const fnPatch = buildFunctionPatch(f, fn);
      return {
        ...rest,
        ...(fnPatch !== undefined ? { function: fnPatch } : {}),
        ...(records !== undefined ? { records: records.map((r) => buildRecord(r, a.at)) } : {}),
        ...(producers !== undefined
          ? { producers: producers.map((p) => buildProducer(p, durationSeconds)) }
          : {}),
      };
    }),
  };
}
