/**
 * The settings registry: every knob the controls UI offers, as data (AWS name,
 * console label, unit, range and default per source type, which sources it
 * applies to and why not for the others), plus `validateEdit`, which checks a
 * live edit with the same rules (rules.ts) and words as `parseScenario`.
 *
 * Zod-free: the main-thread UI imports it.
 */
import type {
  FunctionConfig,
  MappingConfig,
  ProducerSpec,
  QueueSourceConfig,
  ScenarioAction,
  SourceConfig,
  SourceType,
  StartingPosition,
  StreamViewType,
} from '../engine/types';
import { MANAGED_POLICIES, defaultExecutionRolePolicies } from './roles';
import {
  ALL_SOURCES,
  MAX_DURATION_SECONDS,
  QUEUE_SOURCES,
  STREAM_SOURCES,
  applyPatch,
  checkCombinations,
  checkFailNext,
  checkFields,
  checkLiveOnly,
  checkProducers,
  checkRecords,
  rangeOf,
  touchedFields,
  type ConfigPatch,
  type Problem,
  type RangedField,
} from './rules';

export type FieldSection = 'source' | 'mapping' | 'function' | 'traffic';

/** Slider bounds. 'log' is only used where min > 0. */
export interface FieldRange {
  min: number;
  max: number;
  step: number;
  scale: 'linear' | 'log';
}

/** A value a field holds: numbers, switches, choices and text; null = unset (e.g. no DLQ). */
export type FieldValue = number | boolean | string | null;

/** The configuration in force that the controls edit. */
export interface EditableConfig {
  source: SourceConfig;
  mapping: MappingConfig;
  function: FunctionConfig;
  producers: readonly ProducerSpec[];
}

/** One knob of the controls UI. */
export interface FieldSpec {
  /** Unique, e.g. 'mapping.BatchSize', 'traffic.ratePerSecond'. */
  id: string;
  section: FieldSection;
  /** Console grouping: 'Batching', 'Starting position', 'Error handling', 'Concurrency', 'Queue', 'Function', 'Traffic', … */
  group: string;
  /** AWS's parameter name; null for simulator-only knobs. */
  awsName: string | null;
  /** AWS console wording. */
  label: string;
  /** Per-source label override ('Message groups' for FIFO). */
  labelFor?: Partial<Record<SourceType, string>>;
  /** One line for learners. */
  help: string;
  unit: string | null;
  /**
   * 'multiselect': a set of `options` (checkboxes); its value is the chosen
   * option values joined by commas, in the options' order ('' = none).
   */
  kind: 'number' | 'boolean' | 'select' | 'text' | 'multiselect';
  /** select / multiselect choices; `detail` says what a choice means (shown beside it). */
  options?: readonly { value: string; label: string; detail?: string }[];
  appliesTo: readonly SourceType[];
  /** Why it is not offered, per source type it does not apply to. */
  notApplicable: Partial<Record<SourceType, string>>;
  range: Partial<Record<SourceType, FieldRange>>;
  defaults: Partial<Record<SourceType, FieldValue>>;
  /** Changing it live is an action (true) or needs a restart of the scenario (false, e.g. Shards, Starting position). */
  live: boolean;
  /** Reads the current value from the config in force (snapshot.source/mapping/function + traffic). */
  read(cfg: EditableConfig): FieldValue;
  /** Builds the live action for a new value (e.g. { mapping: { BatchSize: 50 } }). */
  toAction(value: FieldValue, cfg: EditableConfig): Omit<ScenarioAction, 'at'>;
}

const isQueueCfg = (s: SourceConfig): s is QueueSourceConfig =>
  s.type === 'sqs' || s.type === 'sqs-fifo';

const num = (v: FieldValue, fallback: number): number => (typeof v === 'number' ? v : fallback);
/** A multiselect value ("A,B") as the list it stands for ('' or null = none). */
export const multiselectValues = (v: FieldValue): string[] =>
  typeof v === 'string' ? v.split(',').filter((s) => s !== '') : [];
const bool = (v: FieldValue): boolean => v === true;

/** Slider ranges from rules.ts's API ranges, per source the field applies to. */
function rangesFrom(
  field: RangedField,
  step: number,
  scale: 'linear' | 'log',
): Partial<Record<SourceType, FieldRange>> {
  const out: Partial<Record<SourceType, FieldRange>> = {};
  for (const t of ALL_SOURCES) {
    const r = rangeOf(field, t);
    if (r !== undefined) {
      out[t] = {
        min: r.min,
        max: r.max,
        step,
        scale: scale === 'log' && r.min > 0 ? 'log' : 'linear',
      };
    }
  }
  return out;
}

/** The same range for the given sources. */
function rangeFor(
  types: readonly SourceType[],
  r: FieldRange,
): Partial<Record<SourceType, FieldRange>> {
  return Object.fromEntries(types.map((t) => [t, r]));
}

function same<T>(types: readonly SourceType[], v: T): Partial<Record<SourceType, T>> {
  return Object.fromEntries(types.map((t) => [t, v]));
}

const STREAM_ONLY_QUEUE_WHY = (what: string): Partial<Record<SourceType, string>> => ({
  sqs: `SQS queues have no ${what}.`,
  'sqs-fifo': `SQS FIFO queues have no ${what}.`,
});

const QUEUE_ONLY_STREAM_WHY = (text: string): Partial<Record<SourceType, string>> => ({
  kinesis: text,
  dynamodb: text,
});

/** Producers with one field changed; rate 0 stops traffic. A new producer runs from 0 to the longest run. */
function trafficAction(
  cfg: EditableConfig,
  patch: Partial<ProducerSpec>,
): Omit<ScenarioAction, 'at'> {
  if (patch.ratePerSecond === 0) return { producers: [] };
  const base: readonly ProducerSpec[] =
    cfg.producers.length > 0
      ? cfg.producers
      : [
          {
            ratePerSecond: 1,
            keys: 1,
            keyMode: 'roundRobin',
            from: 0,
            until: MAX_DURATION_SECONDS,
            failProbability: 0,
          },
        ];
  return { producers: base.map((p) => ({ ...p, ...patch })) };
}

/**
 * Stream source fields are not live (ScenarioAction.source types queue attributes only): this
 * action carries them anyway so validateEdit can say why, and applyEdit can build the restart config.
 */
const streamSourceAction = (
  patch: Partial<Record<string, FieldValue>>,
): Omit<ScenarioAction, 'at'> => ({
  source: patch as NonNullable<ScenarioAction['source']>,
});

const DESTINATION_OPTIONS = [
  { value: '', label: 'None (discard)' },
  { value: 'arn:aws:sqs:us-east-1:123456789012:esm-lab-failures', label: 'SQS queue' },
  { value: 'arn:aws:sns:us-east-1:123456789012:esm-lab-failures', label: 'SNS topic' },
  { value: 'arn:aws:s3:::esm-lab-failures', label: 'S3 bucket' },
] as const;

/** Every knob, in console order. */
export const FIELDS: readonly FieldSpec[] = [
  // --- source ---------------------------------------------------------------
  {
    id: 'source.ShardCount',
    section: 'source',
    group: 'Stream',
    awsName: 'ShardCount',
    label: 'Shards',
    help: 'Each shard is read in order by its own poller; more shards means more parallel batches.',
    unit: 'shards',
    kind: 'number',
    appliesTo: STREAM_SOURCES,
    notApplicable: STREAM_ONLY_QUEUE_WHY('shards: pollers receive from the whole queue'),
    range: rangesFrom('source.ShardCount', 1, 'linear'),
    defaults: same(STREAM_SOURCES, 1),
    live: false,
    read: (c) => (isQueueCfg(c.source) ? null : c.source.ShardCount),
    toAction: (v) => streamSourceAction({ ShardCount: num(v, 1) }),
  },
  {
    id: 'source.RetentionPeriodHours',
    section: 'source',
    group: 'Stream',
    awsName: 'RetentionPeriodHours',
    label: 'Retention period',
    help: 'How long the stream keeps a record; unprocessed records older than this are lost.',
    unit: 'hours',
    kind: 'number',
    appliesTo: ['kinesis'],
    notApplicable: {
      dynamodb: 'DynamoDB Streams keep records for 24 hours; the retention cannot be changed.',
      sqs: 'Queues use the message retention period instead.',
      'sqs-fifo': 'Queues use the message retention period instead.',
    },
    range: rangesFrom('source.RetentionPeriodHours', 1, 'log'),
    defaults: { kinesis: 24 },
    live: false,
    read: (c) => (isQueueCfg(c.source) ? null : c.source.RetentionPeriodHours),
    toAction: (v) => streamSourceAction({ RetentionPeriodHours: num(v, 24) }),
  },
  {
    id: 'source.StreamViewType',
    section: 'source',
    group: 'Stream',
    awsName: 'StreamViewType',
    label: 'View type',
    help: 'Which item images each stream record carries (keys, new image, old image or both).',
    unit: null,
    kind: 'select',
    options: [
      { value: 'KEYS_ONLY', label: 'Key attributes only' },
      { value: 'NEW_IMAGE', label: 'New image' },
      { value: 'OLD_IMAGE', label: 'Old image' },
      { value: 'NEW_AND_OLD_IMAGES', label: 'New and old images' },
    ],
    appliesTo: ['dynamodb'],
    notApplicable: {
      kinesis: 'Kinesis records carry your data as written; there are no item images.',
      sqs: 'Queue messages carry a body; there are no item images.',
      'sqs-fifo': 'Queue messages carry a body; there are no item images.',
    },
    range: {},
    defaults: { dynamodb: 'NEW_AND_OLD_IMAGES' },
    live: false,
    read: (c) => (isQueueCfg(c.source) ? null : c.source.StreamViewType),
    toAction: (v) => streamSourceAction({ StreamViewType: String(v) as StreamViewType }),
  },
  {
    id: 'source.VisibilityTimeout',
    section: 'source',
    group: 'Queue',
    awsName: 'VisibilityTimeout',
    label: 'Visibility timeout',
    help: 'How long a received message stays hidden; it must be at least the function timeout (AWS suggests 6×).',
    unit: 'seconds',
    kind: 'number',
    appliesTo: QUEUE_SOURCES,
    notApplicable: QUEUE_ONLY_STREAM_WHY(
      'Streams do not hide records: a shard’s poller keeps its place with a checkpoint.',
    ),
    range: rangesFrom('source.VisibilityTimeout', 1, 'linear'),
    defaults: same(QUEUE_SOURCES, 30),
    live: true,
    read: (c) => (isQueueCfg(c.source) ? c.source.VisibilityTimeout : null),
    toAction: (v) => ({ source: { VisibilityTimeout: num(v, 30) } }),
  },
  {
    id: 'source.RedrivePolicy.maxReceiveCount',
    section: 'source',
    group: 'Queue',
    awsName: 'maxReceiveCount',
    label: 'Maximum receives',
    help: 'After this many receives SQS moves the message to the dead-letter queue; empty = no DLQ.',
    unit: 'receives',
    kind: 'number',
    appliesTo: QUEUE_SOURCES,
    notApplicable: QUEUE_ONLY_STREAM_WHY(
      'Streams have no dead-letter queue: use retry attempts and an on-failure destination.',
    ),
    range: rangesFrom('source.RedrivePolicy.maxReceiveCount', 1, 'log'),
    defaults: same(QUEUE_SOURCES, null),
    live: true,
    read: (c) => (isQueueCfg(c.source) ? (c.source.RedrivePolicy?.maxReceiveCount ?? null) : null),
    toAction: (v) => ({
      source: { RedrivePolicy: typeof v === 'number' ? { maxReceiveCount: v } : null },
    }),
  },
  {
    id: 'source.MessageRetentionPeriod',
    section: 'source',
    group: 'Queue',
    awsName: 'MessageRetentionPeriod',
    label: 'Message retention period',
    help: 'How long SQS keeps a message that nobody deletes.',
    unit: 'seconds',
    kind: 'number',
    appliesTo: QUEUE_SOURCES,
    notApplicable: QUEUE_ONLY_STREAM_WHY('Streams use the stream’s retention period instead.'),
    range: rangesFrom('source.MessageRetentionPeriod', 60, 'log'),
    defaults: same(QUEUE_SOURCES, 345600),
    live: true,
    read: (c) => (isQueueCfg(c.source) ? c.source.MessageRetentionPeriod : null),
    toAction: (v) => ({ source: { MessageRetentionPeriod: num(v, 345600) } }),
  },
  {
    id: 'source.duplicateDeliveryRate',
    section: 'source',
    group: 'Queue',
    awsName: null,
    label: 'Duplicate deliveries',
    help: 'Chance that a receive also hands the message to a second poller, as at-least-once delivery allows.',
    unit: '%',
    kind: 'number',
    appliesTo: QUEUE_SOURCES,
    notApplicable: QUEUE_ONLY_STREAM_WHY(
      'Stream records are read by one poller per shard; the simulator models no duplicates there.',
    ),
    range: rangeFor(QUEUE_SOURCES, { min: 0, max: 100, step: 1, scale: 'linear' }),
    defaults: same(QUEUE_SOURCES, 0),
    live: true,
    read: (c) =>
      isQueueCfg(c.source) ? Math.round(c.source.duplicateDeliveryRate * 1000) / 10 : null,
    toAction: (v) => ({ source: { duplicateDeliveryRate: num(v, 0) / 100 } }),
  },
  {
    id: 'source.ContentBasedDeduplication',
    section: 'source',
    group: 'Queue',
    awsName: 'ContentBasedDeduplication',
    label: 'Content-based deduplication',
    help: 'SQS uses a SHA-256 hash of the body as the deduplication id, for 5 minutes.',
    unit: null,
    kind: 'boolean',
    appliesTo: ['sqs-fifo'],
    notApplicable: {
      kinesis: 'Streams do not deduplicate records.',
      dynamodb: 'Streams do not deduplicate records.',
      sqs: 'Only FIFO queues deduplicate messages.',
    },
    range: {},
    defaults: { 'sqs-fifo': false },
    live: false,
    read: (c) => (isQueueCfg(c.source) ? c.source.ContentBasedDeduplication : null),
    toAction: (v) => ({ source: { ContentBasedDeduplication: bool(v) } }),
  },
  // --- mapping --------------------------------------------------------------
  {
    id: 'mapping.BatchSize',
    section: 'mapping',
    group: 'Batching',
    awsName: 'BatchSize',
    label: 'Batch size',
    help: 'The most records one invocation receives. SQS standard: above 10 needs a batch window of at least 1 s; FIFO: at most 10.',
    unit: 'records',
    kind: 'number',
    appliesTo: ALL_SOURCES,
    notApplicable: {},
    range: rangesFrom('mapping.BatchSize', 1, 'log'),
    defaults: { kinesis: 100, dynamodb: 100, sqs: 10, 'sqs-fifo': 10 },
    live: true,
    read: (c) => c.mapping.BatchSize,
    toAction: (v) => ({ mapping: { BatchSize: num(v, 10) } }),
  },
  {
    id: 'mapping.MaximumBatchingWindowInSeconds',
    section: 'mapping',
    group: 'Batching',
    awsName: 'MaximumBatchingWindowInSeconds',
    label: 'Batch window',
    help: 'How long Lambda gathers records before invoking, unless the batch fills first; 0 = invoke with what each poll returns.',
    unit: 'seconds',
    kind: 'number',
    appliesTo: ['kinesis', 'dynamodb', 'sqs'],
    notApplicable: {
      'sqs-fifo':
        'SQS FIFO has no batching window: AWS does not support MaximumBatchingWindowInSeconds for FIFO queues.',
    },
    range: rangesFrom('mapping.MaximumBatchingWindowInSeconds', 1, 'linear'),
    defaults: { kinesis: 0, dynamodb: 0, sqs: 0 },
    live: true,
    read: (c) => c.mapping.MaximumBatchingWindowInSeconds,
    toAction: (v) => ({ mapping: { MaximumBatchingWindowInSeconds: num(v, 0) } }),
  },
  {
    id: 'mapping.StartingPosition',
    section: 'mapping',
    group: 'Starting position',
    awsName: 'StartingPosition',
    label: 'Starting position',
    help: 'LATEST reads only records put after the mapping starts; TRIM_HORIZON starts from the oldest.',
    unit: null,
    kind: 'select',
    options: [
      { value: 'LATEST', label: 'Latest' },
      { value: 'TRIM_HORIZON', label: 'Trim horizon' },
    ],
    appliesTo: STREAM_SOURCES,
    notApplicable: {
      sqs: 'Queues have no starting position: pollers always receive the visible messages.',
      'sqs-fifo': 'Queues have no starting position: pollers always receive the visible messages.',
    },
    range: {},
    defaults: same(STREAM_SOURCES, 'LATEST'),
    live: false,
    read: (c) => c.mapping.StartingPosition,
    toAction: (v) => ({ mapping: { StartingPosition: String(v) as StartingPosition } }),
  },
  {
    id: 'mapping.ParallelizationFactor',
    section: 'mapping',
    group: 'Concurrency',
    awsName: 'ParallelizationFactor',
    label: 'Concurrent batches per shard',
    help: 'Batches of one shard processed at once; order is still kept per partition key.',
    unit: 'batches',
    kind: 'number',
    appliesTo: STREAM_SOURCES,
    notApplicable: {
      sqs: 'SQS scales pollers with the queue instead; cap it with Maximum concurrency.',
      'sqs-fifo': 'SQS FIFO concurrency follows the number of active message groups.',
    },
    range: rangesFrom('mapping.ParallelizationFactor', 1, 'linear'),
    defaults: same(STREAM_SOURCES, 1),
    live: true,
    read: (c) => c.mapping.ParallelizationFactor,
    toAction: (v) => ({ mapping: { ParallelizationFactor: num(v, 1) } }),
  },
  {
    id: 'mapping.MaximumRetryAttempts',
    section: 'mapping',
    group: 'Error handling',
    awsName: 'MaximumRetryAttempts',
    label: 'Retry attempts',
    help: 'Retries of a failed batch before it is discarded or sent on; -1 = until the record expires.',
    unit: 'retries',
    kind: 'number',
    appliesTo: STREAM_SOURCES,
    notApplicable: {
      sqs: 'SQS retries by making the message visible again; limit it with Maximum receives.',
      'sqs-fifo':
        'SQS retries by making the message visible again; limit it with Maximum receives.',
    },
    range: rangesFrom('mapping.MaximumRetryAttempts', 1, 'linear'),
    defaults: same(STREAM_SOURCES, -1),
    live: true,
    read: (c) => c.mapping.MaximumRetryAttempts,
    toAction: (v) => ({ mapping: { MaximumRetryAttempts: num(v, -1) } }),
  },
  {
    id: 'mapping.MaximumRecordAgeInSeconds',
    section: 'mapping',
    group: 'Error handling',
    awsName: 'MaximumRecordAgeInSeconds',
    label: 'Maximum age of record',
    help: 'Records older than this are discarded or sent on without an invocation; -1 = no limit (60 s at least).',
    unit: 'seconds',
    kind: 'number',
    appliesTo: STREAM_SOURCES,
    notApplicable: STREAM_ONLY_QUEUE_WHY(
      'record age limit: a message expires by the queue’s retention period',
    ),
    range: rangeFor(STREAM_SOURCES, { min: -1, max: 604800, step: 1, scale: 'linear' }),
    defaults: same(STREAM_SOURCES, -1),
    live: true,
    read: (c) => c.mapping.MaximumRecordAgeInSeconds,
    toAction: (v) => ({ mapping: { MaximumRecordAgeInSeconds: num(v, -1) } }),
  },
  {
    id: 'mapping.BisectBatchOnFunctionError',
    section: 'mapping',
    group: 'Error handling',
    awsName: 'BisectBatchOnFunctionError',
    label: 'Split batch on error',
    help: 'On a function error, retry the batch as two halves to isolate a bad record.',
    unit: null,
    kind: 'boolean',
    appliesTo: STREAM_SOURCES,
    notApplicable: STREAM_ONLY_QUEUE_WHY(
      'batch splitting: failed messages return to the queue one by one',
    ),
    range: {},
    defaults: same(STREAM_SOURCES, false),
    live: true,
    read: (c) => c.mapping.BisectBatchOnFunctionError,
    toAction: (v) => ({ mapping: { BisectBatchOnFunctionError: bool(v) } }),
  },
  {
    id: 'mapping.FunctionResponseTypes',
    section: 'mapping',
    group: 'Error handling',
    awsName: 'FunctionResponseTypes',
    label: 'Report batch item failures',
    help: 'Lets the function name the failed records so only they are retried; off = the list is ignored.',
    unit: null,
    kind: 'boolean',
    appliesTo: ALL_SOURCES,
    notApplicable: {},
    range: {},
    defaults: same(ALL_SOURCES, false),
    live: true,
    read: (c) => c.mapping.FunctionResponseTypes.includes('ReportBatchItemFailures'),
    toAction: (v) => ({
      mapping: { FunctionResponseTypes: bool(v) ? ['ReportBatchItemFailures'] : [] },
    }),
  },
  {
    id: 'mapping.DestinationConfig',
    section: 'mapping',
    group: 'Error handling',
    awsName: 'DestinationConfig',
    label: 'On-failure destination',
    help: 'Where Lambda sends details of a batch it gives up on (S3 also gets the records).',
    unit: null,
    kind: 'select',
    options: DESTINATION_OPTIONS,
    appliesTo: STREAM_SOURCES,
    notApplicable: {
      sqs: 'SQS sources use the queue’s dead-letter queue (Maximum receives), not an on-failure destination.',
      'sqs-fifo':
        'SQS sources use the queue’s dead-letter queue (Maximum receives), not an on-failure destination.',
    },
    range: {},
    defaults: same(STREAM_SOURCES, ''),
    live: true,
    read: (c) => c.mapping.DestinationConfig?.OnFailure.Destination ?? '',
    toAction: (v) => ({
      mapping: {
        DestinationConfig:
          typeof v === 'string' && v !== '' ? { OnFailure: { Destination: v } } : null,
      },
    }),
  },
  {
    id: 'mapping.TumblingWindowInSeconds',
    section: 'mapping',
    group: 'Windowing',
    awsName: 'TumblingWindowInSeconds',
    label: 'Tumbling window',
    help: 'Aggregates records into fixed windows, carrying state between invocations; 0 = off.',
    unit: 'seconds',
    kind: 'number',
    appliesTo: STREAM_SOURCES,
    notApplicable: STREAM_ONLY_QUEUE_WHY('tumbling windows: AWS offers them for streams only'),
    range: rangesFrom('mapping.TumblingWindowInSeconds', 1, 'linear'),
    defaults: same(STREAM_SOURCES, 0),
    live: true,
    read: (c) => c.mapping.TumblingWindowInSeconds,
    toAction: (v) => ({ mapping: { TumblingWindowInSeconds: num(v, 0) } }),
  },
  {
    id: 'mapping.ScalingConfig.MaximumConcurrency',
    section: 'mapping',
    group: 'Concurrency',
    awsName: 'MaximumConcurrency',
    label: 'Maximum concurrency',
    help: 'Caps the invocations this queue’s pollers run at once (2–1,000); empty = no cap.',
    unit: 'invocations',
    kind: 'number',
    appliesTo: QUEUE_SOURCES,
    notApplicable: QUEUE_ONLY_STREAM_WHY(
      'Stream concurrency is shards × concurrent batches per shard; AWS offers Maximum concurrency for SQS only.',
    ),
    range: rangesFrom('mapping.ScalingConfig.MaximumConcurrency', 1, 'log'),
    defaults: same(QUEUE_SOURCES, null),
    live: true,
    read: (c) => c.mapping.ScalingConfig?.MaximumConcurrency ?? null,
    toAction: (v) => ({
      mapping: { ScalingConfig: typeof v === 'number' ? { MaximumConcurrency: v } : null },
    }),
  },
  {
    id: 'mapping.FilterCriteria',
    section: 'mapping',
    group: 'Filtering',
    awsName: 'FilterCriteria',
    label: 'Filter criteria',
    help: 'An EventBridge pattern; records that do not match are skipped (SQS deletes them). Empty = no filter.',
    unit: null,
    kind: 'text',
    appliesTo: ALL_SOURCES,
    notApplicable: {},
    range: {},
    defaults: same(ALL_SOURCES, ''),
    live: true,
    read: (c) => c.mapping.FilterCriteria?.Filters[0]?.Pattern ?? '',
    toAction: (v) => ({
      mapping: {
        FilterCriteria:
          typeof v === 'string' && v.trim() !== '' ? { Filters: [{ Pattern: v }] } : null,
      },
    }),
  },
  {
    id: 'mapping.Enabled',
    section: 'mapping',
    group: 'Trigger',
    awsName: 'Enabled',
    label: 'Activate trigger',
    help: 'A disabled mapping stops polling; records wait in the source.',
    unit: null,
    kind: 'boolean',
    appliesTo: ALL_SOURCES,
    notApplicable: {},
    range: {},
    defaults: same(ALL_SOURCES, true),
    live: true,
    read: (c) => c.mapping.Enabled,
    toAction: (v) => ({ mapping: { Enabled: bool(v) } }),
  },
  // --- function -------------------------------------------------------------
  {
    id: 'function.Timeout',
    section: 'function',
    group: 'Function',
    awsName: 'Timeout',
    label: 'Function timeout',
    help: 'An invocation still running after this many seconds fails as a timeout.',
    unit: 'seconds',
    kind: 'number',
    appliesTo: ALL_SOURCES,
    notApplicable: {},
    range: rangesFrom('function.Timeout', 1, 'log'),
    defaults: same(ALL_SOURCES, 3),
    live: true,
    read: (c) => c.function.Timeout,
    toAction: (v) => ({ function: { Timeout: num(v, 3) } }),
  },
  {
    id: 'function.durationSeconds.base',
    section: 'function',
    group: 'Function',
    awsName: null,
    label: 'Function duration',
    help: 'How long the simulated code runs per invocation, before the per-record time.',
    unit: 'seconds',
    kind: 'number',
    appliesTo: ALL_SOURCES,
    notApplicable: {},
    range: rangesFrom('function.durationSeconds.base', 0.001, 'log'),
    defaults: same(ALL_SOURCES, 0.05),
    live: true,
    read: (c) => c.function.durationSeconds.base,
    toAction: (v, c) => ({
      function: { durationSeconds: { ...c.function.durationSeconds, base: num(v, 0.05) } },
    }),
  },
  {
    id: 'function.ReservedConcurrentExecutions',
    section: 'function',
    group: 'Concurrency',
    awsName: 'ReservedConcurrentExecutions',
    label: 'Reserved concurrency',
    help: 'Caps the function’s concurrent invocations; extra invokes are throttled. 0 stops it. Empty = unreserved.',
    unit: 'executions',
    kind: 'number',
    appliesTo: ALL_SOURCES,
    notApplicable: {},
    range: rangesFrom('function.ReservedConcurrentExecutions', 1, 'linear'),
    defaults: same(ALL_SOURCES, null),
    live: true,
    read: (c) => c.function.ReservedConcurrentExecutions,
    toAction: (v) => ({
      function: { ReservedConcurrentExecutions: typeof v === 'number' ? v : null },
    }),
  },
  {
    id: 'function.failureMode',
    section: 'function',
    group: 'Function',
    awsName: null,
    label: 'Failure reporting',
    help: 'What the code does when a record fails: throw (the whole batch fails) or list it in batchItemFailures.',
    unit: null,
    kind: 'select',
    options: [
      { value: 'throw', label: 'Throw an error' },
      { value: 'reportBatchItemFailures', label: 'Return batchItemFailures' },
    ],
    appliesTo: ALL_SOURCES,
    notApplicable: {},
    range: {},
    defaults: same(ALL_SOURCES, 'throw'),
    live: true,
    read: (c) => c.function.failureMode,
    toAction: (v) => ({
      function: {
        failureMode: v === 'reportBatchItemFailures' ? 'reportBatchItemFailures' : 'throw',
      },
    }),
  },
  {
    id: 'function.errorRate',
    section: 'function',
    group: 'Function',
    awsName: null,
    label: 'Invocation error rate',
    help: 'Chance that an invocation throws whatever its records (a flaky dependency).',
    unit: '%',
    kind: 'number',
    appliesTo: ALL_SOURCES,
    notApplicable: {},
    range: rangeFor(ALL_SOURCES, { min: 0, max: 100, step: 1, scale: 'linear' }),
    defaults: same(ALL_SOURCES, 0),
    live: true,
    read: (c) => Math.round(c.function.errorRate * 1000) / 10,
    toAction: (v) => ({ function: { errorRate: num(v, 0) / 100 } }),
  },
  {
    id: 'function.executionRolePolicies',
    section: 'function',
    group: 'Permissions',
    awsName: null,
    label: 'Execution role policies',
    help: 'AWS managed policies on the function’s role. Lambda needs the source’s read permission (e.g. AWSLambdaSQSQueueExecutionRole) or AWS rejects the trigger.',
    unit: null,
    kind: 'multiselect',
    options: MANAGED_POLICIES.map((p) => ({ value: p.name, label: p.name, detail: p.summary })),
    appliesTo: ALL_SOURCES,
    notApplicable: {},
    range: {},
    defaults: Object.fromEntries(
      ALL_SOURCES.map((t) => [t, defaultExecutionRolePolicies(t).join(',')]),
    ),
    // AWS checks the role when the mapping is created: a change restarts the scenario.
    live: false,
    read: (c) => c.function.executionRolePolicies.join(','),
    toAction: (v) => ({
      function: { executionRolePolicies: multiselectValues(v) },
    }),
  },
  // --- traffic --------------------------------------------------------------
  {
    id: 'traffic.ratePerSecond',
    section: 'traffic',
    group: 'Traffic',
    awsName: null,
    label: 'Records per second',
    labelFor: { sqs: 'Messages per second', 'sqs-fifo': 'Messages per second' },
    help: 'How fast producers put records; 0 stops the traffic.',
    unit: 'per second',
    kind: 'number',
    appliesTo: ALL_SOURCES,
    notApplicable: {},
    range: rangeFor(ALL_SOURCES, { min: 0, max: 1000, step: 1, scale: 'linear' }),
    defaults: same(ALL_SOURCES, 0),
    live: true,
    read: (c) => c.producers[0]?.ratePerSecond ?? 0,
    toAction: (v, c) => trafficAction(c, { ratePerSecond: num(v, 0) }),
  },
  {
    id: 'traffic.keys',
    section: 'traffic',
    group: 'Traffic',
    awsName: null,
    label: 'Partition keys',
    labelFor: { dynamodb: 'Item keys', 'sqs-fifo': 'Message groups' },
    help: 'How many distinct keys producers cycle through; order is kept per key.',
    unit: 'keys',
    kind: 'number',
    appliesTo: ['kinesis', 'dynamodb', 'sqs-fifo'],
    notApplicable: {
      sqs: 'Standard queues have no ordering key: any poller may receive any message.',
    },
    range: rangeFor(['kinesis', 'dynamodb', 'sqs-fifo'], {
      min: 1,
      max: 1000,
      step: 1,
      scale: 'log',
    }),
    defaults: same(['kinesis', 'dynamodb', 'sqs-fifo'], 1),
    live: true,
    read: (c) => c.producers[0]?.keys ?? 1,
    toAction: (v, c) => trafficAction(c, { keys: num(v, 1) }),
  },
  {
    id: 'traffic.failProbability',
    section: 'traffic',
    group: 'Traffic',
    awsName: null,
    label: 'Error rate',
    help: 'Share of new records that are poison: every delivery of them fails.',
    unit: '%',
    kind: 'number',
    appliesTo: ALL_SOURCES,
    notApplicable: {},
    range: rangeFor(ALL_SOURCES, { min: 0, max: 100, step: 1, scale: 'linear' }),
    defaults: same(ALL_SOURCES, 0),
    live: true,
    read: (c) => Math.round((c.producers[0]?.failProbability ?? 0) * 1000) / 10,
    toAction: (v, c) => trafficAction(c, { failProbability: num(v, 0) / 100 }),
  },
];

/** The fields a source type offers, and the ones it does not with the reason. */
export function fieldsFor(type: SourceType): {
  offered: FieldSpec[];
  notOffered: { field: FieldSpec; why: string }[];
} {
  const offered: FieldSpec[] = [];
  const notOffered: { field: FieldSpec; why: string }[] = [];
  for (const field of FIELDS) {
    if (field.appliesTo.includes(type)) offered.push(field);
    else
      notOffered.push({
        field,
        why: field.notApplicable[type] ?? 'Not available for this source.',
      });
  }
  return { offered, notOffered };
}

/** The field with this id, if any. */
export function fieldById(id: string): FieldSpec | undefined {
  return FIELDS.find((f) => f.id === id);
}

/** The label a field shows for a source type. */
export function labelOf(field: FieldSpec, type: SourceType): string {
  return field.labelFor?.[type] ?? field.label;
}

/**
 * Validates a live edit against the config in force: AWS's messages, [] if
 * fine. Paths are relative to the action (`mapping.BatchSize`). Zod-free.
 */
export function validateEdit(cfg: EditableConfig, action: Omit<ScenarioAction, 'at'>): Problem[] {
  const type = cfg.source.type;
  const patch: ConfigPatch = {
    ...(action.source !== undefined ? { source: action.source } : {}),
    ...(action.mapping !== undefined ? { mapping: action.mapping } : {}),
    ...(action.function !== undefined ? { function: action.function } : {}),
  };
  const problems = [...checkLiveOnly(patch)];
  const blocked = new Set(problems.map((p) => p.path));
  problems.push(...checkFields(type, patch).filter((p) => !blocked.has(p.path)));
  const state = applyPatch(cfg, patch);
  if (problems.length === 0) problems.push(...checkCombinations(state, touchedFields(patch)));
  if (action.records !== undefined) {
    problems.push(...checkRecords(action.records, state.source, 'records', new Set()));
  }
  if (action.producers !== undefined)
    problems.push(...checkProducers(action.producers, 'producers'));
  if (action.failNextInvocations !== undefined) {
    problems.push(...checkFailNext(action.failNextInvocations, 'failNextInvocations'));
  }
  return problems;
}

/** The config after an edit (for restart-only fields: the scenario to restart with). */
export function applyEdit(cfg: EditableConfig, action: Omit<ScenarioAction, 'at'>): EditableConfig {
  const state = applyPatch(cfg, {
    ...(action.source !== undefined ? { source: action.source } : {}),
    ...(action.mapping !== undefined ? { mapping: action.mapping } : {}),
    ...(action.function !== undefined ? { function: action.function } : {}),
  });
  return { ...state, producers: action.producers ?? cfg.producers };
}

export type { Problem };
