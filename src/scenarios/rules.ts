/**
 * The range and cross-field rules of scenario configuration (esm-semantics.md
 * §1–§5), shared by `validateEdit` (the controls UI, main thread) and
 * `parseScenario` (CLI, loader) so both reject exactly the same things with the
 * same words. Zod-free and small on purpose: the UI imports it.
 *
 * Messages follow AWS's own validation errors where AWS has one (the
 * ValidationException "Value … failed to satisfy constraint" form for plain
 * ranges, InvalidParameterValueException wording for combinations).
 */
import { MAX_FILTERS, validateFilterPattern } from '../engine/filter';
import { checkExecutionRole } from './roles';
import type {
  FunctionConfig,
  MappingConfig,
  ProducerSpec,
  QueueSourceConfig,
  SourceConfig,
  SourceType,
} from '../engine/types';

/** One validation problem: a JSON path (`mapping.BatchSize`, `records[3].at`) and a message. */
export interface Problem {
  readonly path: string;
  readonly message: string;
}

/** The configuration in force: what cross-field rules look at. */
export interface ConfigState {
  readonly source: SourceConfig;
  readonly mapping: MappingConfig;
  readonly function: FunctionConfig;
}

/** Fields a user set explicitly (a scenario's JSON or a live edit), section by section. */
export interface ConfigPatch {
  readonly source?: Readonly<Record<string, unknown>>;
  readonly mapping?: Readonly<Record<string, unknown>>;
  readonly function?: Readonly<Record<string, unknown>>;
}

export const ALL_SOURCES: readonly SourceType[] = ['kinesis', 'dynamodb', 'sqs', 'sqs-fifo'];
export const STREAM_SOURCES: readonly SourceType[] = ['kinesis', 'dynamodb'];
export const QUEUE_SOURCES: readonly SourceType[] = ['sqs', 'sqs-fifo'];

/** Display names used in messages. */
export const SOURCE_NAMES: Readonly<Record<SourceType, string>> = {
  kinesis: 'Kinesis',
  dynamodb: 'DynamoDB Streams',
  sqs: 'SQS',
  'sqs-fifo': 'SQS FIFO',
};

// Guards that keep every run bounded (simulator limits, not AWS's).
/** Most explicit records a scenario may list (simulator limit). */
export const MAX_RECORDS = 100_000;
/** Longest run: 7 days of simulated time (simulator limit; also AWS's MaximumRecordAge ceiling). */
export const MAX_DURATION_SECONDS = 604_800;
/** Fastest producer (simulator limit). */
export const MAX_RATE_PER_SECOND = 10_000;
/**
 * Most records all producers together may generate in one headless (CLI) run
 * (simulator limit: the CLI keeps every record for its full report, streamed
 * to stdout). Measured with src/bench/cliBench.ts: 800,000 SQS FIFO messages
 * take ~1.3 GB and under a minute, the heaviest source; Kinesis handles far more.
 * A 10-minute run at 1,000 records/s fits.
 */
export const MAX_GENERATED_RECORDS = 800_000;
/**
 * Most records all producers together may generate in one run in the app
 * (simulator limit): the app keeps only recent history (historyLimit), so
 * memory grows slowly with the run; an hour at 1,000 records/s with margin.
 */
export const MAX_GENERATED_RECORDS_BOUNDED = 4_000_000;

/** The generated-records limit that applies to a run, and why (quoted in the problem). */
export interface GeneratedRecordsLimit {
  readonly max: number;
  readonly why: string;
}

/** The CLI's limit (the default of parseScenario). */
export const CLI_GENERATED_LIMIT: GeneratedRecordsLimit = {
  max: MAX_GENERATED_RECORDS,
  why: 'the headless runner keeps every record for its full report',
};

/** The app's limit (the worker validates with it: its history is bounded). */
export const APP_GENERATED_LIMIT: GeneratedRecordsLimit = {
  max: MAX_GENERATED_RECORDS_BOUNDED,
  why: 'the app keeps only recent history; this bounds its memory (an hour at 1,000 records/s with margin)',
};
/** Most scripted actions in one scenario (simulator limit). */
export const MAX_ACTIONS = 10_000;
/** Most shards the simulator draws (simulator limit: AWS allows far more). */
export const MAX_SHARDS = 64;
/** Most distinct keys a producer may cycle through (simulator limit). */
export const MAX_PRODUCER_KEYS = 10_000;

/** A numeric range: inclusive bounds, integer or not. */
export interface NumericRange {
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
  /** Values outside [min, max] that are still allowed (e.g. -1 = unlimited). */
  readonly also?: readonly number[];
  /** Why the bounds are what they are, when it is not AWS's API range (appended to the message). */
  readonly note?: string;
}

type Section = 'source' | 'mapping' | 'function';

/** How one configuration field is checked. */
interface FieldRule {
  /** Source types AWS accepts the field for. */
  readonly appliesTo: readonly SourceType[];
  /** Why it is rejected for the other source types (AWS-like wording). */
  readonly notApplicable: (type: SourceType) => string;
  /** Checks a value the user set; null = fine. */
  readonly check: (value: unknown, type: SourceType) => string | null;
}

const camel = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

/** AWS's ValidationException wording for a value outside the API range. */
function rangeMessage(awsName: string, value: number, r: NumericRange): string | null {
  if (r.also?.includes(value)) return null;
  if (r.integer && !Number.isInteger(value)) {
    return `Value '${value}' at '${camel(awsName)}' failed to satisfy constraint: Member must be a whole number`;
  }
  const note = r.note === undefined ? '' : ` (${r.note})`;
  if (value < r.min) {
    return `Value '${value}' at '${camel(awsName)}' failed to satisfy constraint: Member must have value greater than or equal to ${r.min}${note}`;
  }
  if (value > r.max) {
    return `Value '${value}' at '${camel(awsName)}' failed to satisfy constraint: Member must have value less than or equal to ${r.max}${note}`;
  }
  return null;
}

const typeMessage = (expected: string, value: unknown): string =>
  `Expected ${expected}, received ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}`;

/** Numeric ranges per field and source type; the controls UI reads them for slider bounds. */
export const RANGES = {
  'source.ShardCount': {
    kinesis: { min: 1, max: MAX_SHARDS, integer: true, note: 'simulator limit' },
    dynamodb: { min: 1, max: MAX_SHARDS, integer: true, note: 'simulator limit' },
  },
  'source.RetentionPeriodHours': { kinesis: { min: 24, max: 8760, integer: true } },
  'source.VisibilityTimeout': {
    sqs: { min: 0, max: 43200, integer: true },
    'sqs-fifo': { min: 0, max: 43200, integer: true },
  },
  'source.MessageRetentionPeriod': {
    sqs: { min: 60, max: 1209600, integer: true },
    'sqs-fifo': { min: 60, max: 1209600, integer: true },
  },
  'source.RedrivePolicy.maxReceiveCount': {
    sqs: { min: 1, max: 1000, integer: true },
    'sqs-fifo': { min: 1, max: 1000, integer: true },
  },
  'source.duplicateDeliveryRate': {
    sqs: { min: 0, max: 1, integer: false },
    'sqs-fifo': { min: 0, max: 1, integer: false },
  },
  'mapping.BatchSize': {
    kinesis: { min: 1, max: 10000, integer: true },
    dynamodb: { min: 1, max: 10000, integer: true },
    sqs: { min: 1, max: 10000, integer: true },
    'sqs-fifo': { min: 1, max: 10, integer: true },
  },
  'mapping.MaximumBatchingWindowInSeconds': {
    kinesis: { min: 0, max: 300, integer: true },
    dynamodb: { min: 0, max: 300, integer: true },
    sqs: { min: 0, max: 300, integer: true },
  },
  'mapping.ParallelizationFactor': {
    kinesis: { min: 1, max: 10, integer: true },
    dynamodb: { min: 1, max: 10, integer: true },
  },
  'mapping.MaximumRetryAttempts': {
    kinesis: { min: -1, max: 10000, integer: true },
    dynamodb: { min: -1, max: 10000, integer: true },
  },
  'mapping.MaximumRecordAgeInSeconds': {
    kinesis: { min: 60, max: 604800, integer: true, also: [-1] },
    dynamodb: { min: 60, max: 604800, integer: true, also: [-1] },
  },
  'mapping.TumblingWindowInSeconds': {
    kinesis: { min: 0, max: 900, integer: true },
    dynamodb: { min: 0, max: 900, integer: true },
  },
  'mapping.ScalingConfig.MaximumConcurrency': {
    sqs: { min: 2, max: 1000, integer: true },
    'sqs-fifo': { min: 2, max: 1000, integer: true },
  },
  'function.Timeout': allSources({ min: 1, max: 900, integer: true }),
  'function.ReservedConcurrentExecutions': allSources({ min: 0, max: 1000, integer: true }),
  'function.durationSeconds.base': allSources({
    min: 0.001,
    max: 900,
    integer: false,
    note: 'simulator limit',
  }),
  'function.durationSeconds.perRecord': allSources({
    min: 0,
    max: 60,
    integer: false,
    note: 'simulator limit',
  }),
  'function.durationSeconds.jitter': allSources({ min: 0, max: 1, integer: false }),
  'function.errorRate': allSources({ min: 0, max: 1, integer: false }),
} as const satisfies Record<string, Partial<Record<SourceType, NumericRange>>>;

/** A field id that has numeric ranges. */
export type RangedField = keyof typeof RANGES;

function allSources(r: NumericRange): Record<SourceType, NumericRange> {
  return { kinesis: r, dynamodb: r, sqs: r, 'sqs-fifo': r };
}

/** The numeric range of a field for a source type, if it applies. */
export function rangeOf(field: RangedField, type: SourceType): NumericRange | undefined {
  return (RANGES[field] as Partial<Record<SourceType, NumericRange>>)[type];
}

function numberRule(field: RangedField, awsName: string): FieldRule['check'] {
  return (value, type) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return typeMessage('number', value);
    const r = rangeOf(field, type);
    if (r === undefined) return null;
    if (field === 'mapping.BatchSize' && type === 'sqs-fifo' && value > r.max) {
      return 'Batch size for an SQS FIFO queue must be between 1 and 10';
    }
    return rangeMessage(awsName, value, r);
  };
}

const boolRule: FieldRule['check'] = (value) =>
  typeof value === 'boolean' ? null : typeMessage('boolean', value);

function enumRule(awsName: string, values: readonly string[]): FieldRule['check'] {
  return (value) =>
    typeof value === 'string' && values.includes(value)
      ? null
      : `Value '${String(value)}' at '${camel(awsName)}' failed to satisfy constraint: Member must satisfy enum value set: [${values.join(', ')}]`;
}

function unsupported(awsName: string, extra?: Partial<Record<SourceType, string>>) {
  return (type: SourceType): string =>
    `Unsupported ${awsName} parameter for ${SOURCE_NAMES[type]} event sources${extra?.[type] === undefined ? '' : `: ${extra[type]}`}`;
}

/**
 * AWS rule: on-failure destinations for streams are SQS, SNS or S3 ARNs. A FIFO queue or
 * topic is accepted here as AWS accepts it, but every delivery to it fails (the engine counts
 * DestinationDeliveryFailures and drops the records), as esm-semantics.md §2 says.
 */
export function checkDestinationArn(arn: string): string | null {
  const m = /^arn:aws[a-zA-Z-]*:(sqs|sns|s3):([a-z0-9-]*):(\d{12})?:(.+)$/.exec(arn);
  if (m === null) {
    return `The provided destination ARN is not valid: '${arn}'. Use an Amazon SQS queue, Amazon SNS topic or Amazon S3 bucket ARN`;
  }
  return null;
}

const DESTINATION_NOTES: Partial<Record<SourceType, string>> = {
  sqs: 'SQS sources send failed messages to the queue’s dead-letter queue (RedrivePolicy), not to an on-failure destination',
  'sqs-fifo':
    'SQS sources send failed messages to the queue’s dead-letter queue (RedrivePolicy), not to an on-failure destination',
};

/** Every settable field with its rule. Sub-paths (e.g. `ScalingConfig.MaximumConcurrency`) are checked by the parent. */
export const FIELD_RULES: Readonly<Record<Section, Readonly<Record<string, FieldRule>>>> = {
  source: {
    ShardCount: {
      appliesTo: STREAM_SOURCES,
      notApplicable: unsupported('ShardCount', {
        sqs: 'queues have no shards',
        'sqs-fifo': 'queues have no shards',
      }),
      check: numberRule('source.ShardCount', 'ShardCount'),
    },
    RetentionPeriodHours: {
      appliesTo: ['kinesis'],
      notApplicable: unsupported('RetentionPeriodHours', {
        dynamodb: 'DynamoDB Streams keep records for 24 hours, fixed',
      }),
      check: numberRule('source.RetentionPeriodHours', 'RetentionPeriodHours'),
    },
    StreamViewType: {
      appliesTo: ['dynamodb'],
      notApplicable: unsupported('StreamViewType'),
      check: enumRule('StreamViewType', [
        'KEYS_ONLY',
        'NEW_IMAGE',
        'OLD_IMAGE',
        'NEW_AND_OLD_IMAGES',
      ]),
    },
    VisibilityTimeout: {
      appliesTo: QUEUE_SOURCES,
      notApplicable: unsupported('VisibilityTimeout'),
      check: numberRule('source.VisibilityTimeout', 'VisibilityTimeout'),
    },
    MessageRetentionPeriod: {
      appliesTo: QUEUE_SOURCES,
      notApplicable: unsupported('MessageRetentionPeriod'),
      check: numberRule('source.MessageRetentionPeriod', 'MessageRetentionPeriod'),
    },
    RedrivePolicy: {
      appliesTo: QUEUE_SOURCES,
      notApplicable: unsupported('RedrivePolicy'),
      check: (value, type) => {
        if (value === null) return null;
        if (typeof value !== 'object' || Array.isArray(value)) {
          return typeMessage('object or null', value);
        }
        const n = (value as { maxReceiveCount?: unknown }).maxReceiveCount;
        if (typeof n !== 'number' || !Number.isFinite(n)) return typeMessage('number', n);
        const r = rangeOf('source.RedrivePolicy.maxReceiveCount', type);
        return r === undefined ? null : rangeMessage('maxReceiveCount', n, r);
      },
    },
    duplicateDeliveryRate: {
      appliesTo: QUEUE_SOURCES,
      notApplicable: unsupported('duplicateDeliveryRate'),
      check: numberRule('source.duplicateDeliveryRate', 'duplicateDeliveryRate'),
    },
    ContentBasedDeduplication: {
      appliesTo: ['sqs-fifo'],
      notApplicable: unsupported('ContentBasedDeduplication', {
        sqs: 'content-based deduplication is only for FIFO queues',
      }),
      check: boolRule,
    },
  },
  mapping: {
    BatchSize: {
      appliesTo: ALL_SOURCES,
      notApplicable: unsupported('BatchSize'),
      check: numberRule('mapping.BatchSize', 'BatchSize'),
    },
    MaximumBatchingWindowInSeconds: {
      appliesTo: ['kinesis', 'dynamodb', 'sqs'],
      notApplicable: (type) =>
        type === 'sqs-fifo'
          ? 'Batching window is not supported for FIFO queues: MaximumBatchingWindowInSeconds cannot be set for an SQS FIFO event source'
          : unsupported('MaximumBatchingWindowInSeconds')(type),
      check: numberRule('mapping.MaximumBatchingWindowInSeconds', 'MaximumBatchingWindowInSeconds'),
    },
    StartingPosition: {
      appliesTo: STREAM_SOURCES,
      notApplicable: unsupported('StartingPosition', {
        sqs: 'queues are always read from the oldest visible message',
        'sqs-fifo': 'queues are always read from the oldest visible message',
      }),
      check: (value, type) => {
        const err = enumRule('StartingPosition', ['LATEST', 'TRIM_HORIZON', 'AT_TIMESTAMP'])(
          value,
          type,
        );
        if (err !== null) return err;
        return value === 'AT_TIMESTAMP' && type === 'dynamodb'
          ? 'Unsupported starting position AT_TIMESTAMP for DynamoDB Streams event sources: use LATEST or TRIM_HORIZON'
          : null;
      },
    },
    StartingPositionTimestamp: {
      appliesTo: ['kinesis'],
      notApplicable: unsupported('StartingPositionTimestamp'),
      check: (value) =>
        value === null || (typeof value === 'number' && Number.isFinite(value))
          ? null
          : typeMessage('number', value),
    },
    ParallelizationFactor: {
      appliesTo: STREAM_SOURCES,
      notApplicable: unsupported('ParallelizationFactor'),
      check: numberRule('mapping.ParallelizationFactor', 'ParallelizationFactor'),
    },
    MaximumRetryAttempts: {
      appliesTo: STREAM_SOURCES,
      notApplicable: unsupported('MaximumRetryAttempts', {
        sqs: 'SQS retries by making the message visible again; use the queue’s maxReceiveCount',
        'sqs-fifo':
          'SQS retries by making the message visible again; use the queue’s maxReceiveCount',
      }),
      check: numberRule('mapping.MaximumRetryAttempts', 'MaximumRetryAttempts'),
    },
    MaximumRecordAgeInSeconds: {
      appliesTo: STREAM_SOURCES,
      notApplicable: unsupported('MaximumRecordAgeInSeconds'),
      check: (value, type) => {
        if (typeof value !== 'number' || !Number.isFinite(value))
          return typeMessage('number', value);
        // AWS rule: -1 (infinite) or 60..604800; 0..59 are rejected although the API range starts at -1.
        if (value !== -1 && (value < 60 || value > 604800 || !Number.isInteger(value))) {
          return `MaximumRecordAgeInSeconds must be -1 (infinite) or a whole number between 60 and 604800 seconds (got ${value})`;
        }
        return numberRule('mapping.MaximumRecordAgeInSeconds', 'MaximumRecordAgeInSeconds')(
          value,
          type,
        );
      },
    },
    BisectBatchOnFunctionError: {
      appliesTo: STREAM_SOURCES,
      notApplicable: unsupported('BisectBatchOnFunctionError'),
      check: boolRule,
    },
    FunctionResponseTypes: {
      appliesTo: ALL_SOURCES,
      notApplicable: unsupported('FunctionResponseTypes'),
      check: (value) => {
        if (!Array.isArray(value)) return typeMessage('array', value);
        if (value.length > 1 || value.some((v) => v !== 'ReportBatchItemFailures')) {
          return `Value '[${value.map(String).join(', ')}]' at 'functionResponseTypes' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [ReportBatchItemFailures]]`;
        }
        return null;
      },
    },
    TumblingWindowInSeconds: {
      appliesTo: STREAM_SOURCES,
      notApplicable: unsupported('TumblingWindowInSeconds'),
      check: numberRule('mapping.TumblingWindowInSeconds', 'TumblingWindowInSeconds'),
    },
    DestinationConfig: {
      appliesTo: STREAM_SOURCES,
      notApplicable: unsupported('DestinationConfig', DESTINATION_NOTES),
      check: (value) => {
        if (value === null) return null;
        const dest = (value as { OnFailure?: { Destination?: unknown } } | undefined)?.OnFailure
          ?.Destination;
        if (typeof dest !== 'string')
          return typeMessage('{ "OnFailure": { "Destination": "<arn>" } }', value);
        return checkDestinationArn(dest);
      },
    },
    ScalingConfig: {
      appliesTo: QUEUE_SOURCES,
      notApplicable: unsupported('ScalingConfig', {
        kinesis: 'use ParallelizationFactor to control concurrency per shard',
        dynamodb: 'use ParallelizationFactor to control concurrency per shard',
      }),
      check: (value, type) => {
        if (value === null) return null;
        const n = (value as { MaximumConcurrency?: unknown } | undefined)?.MaximumConcurrency;
        if (typeof n !== 'number' || !Number.isFinite(n)) return typeMessage('number', n);
        const r = rangeOf('mapping.ScalingConfig.MaximumConcurrency', type);
        return r === undefined ? null : rangeMessage('MaximumConcurrency', n, r);
      },
    },
    FilterCriteria: {
      appliesTo: ALL_SOURCES,
      notApplicable: unsupported('FilterCriteria'),
      check: (value) => {
        if (value === null) return null;
        const filters = (value as { Filters?: unknown } | undefined)?.Filters;
        if (!Array.isArray(filters))
          return typeMessage('{ "Filters": [ { "Pattern": "…" } ] }', value);
        if (filters.length > MAX_FILTERS) {
          return `FilterCriteria has ${filters.length} filters; at most ${MAX_FILTERS} are allowed per event source mapping`;
        }
        for (const [i, f] of filters.entries()) {
          const pattern = (f as { Pattern?: unknown } | null)?.Pattern;
          if (typeof pattern !== 'string') return `Filters[${i}].Pattern must be a string`;
          const why = validateFilterPattern(pattern);
          if (why !== null) return `Invalid filter pattern definition (Filters[${i}]): ${why}`;
        }
        return null;
      },
    },
    Enabled: { appliesTo: ALL_SOURCES, notApplicable: unsupported('Enabled'), check: boolRule },
  },
  function: {
    Timeout: {
      appliesTo: ALL_SOURCES,
      notApplicable: unsupported('Timeout'),
      check: numberRule('function.Timeout', 'Timeout'),
    },
    ReservedConcurrentExecutions: {
      appliesTo: ALL_SOURCES,
      notApplicable: unsupported('ReservedConcurrentExecutions'),
      check: (value, type) =>
        value === null
          ? null
          : numberRule('function.ReservedConcurrentExecutions', 'ReservedConcurrentExecutions')(
              value,
              type,
            ),
    },
    durationSeconds: {
      appliesTo: ALL_SOURCES,
      notApplicable: unsupported('durationSeconds'),
      check: (value, type) => {
        if (typeof value !== 'object' || value === null) return typeMessage('object', value);
        const d = value as Record<string, unknown>;
        for (const k of ['base', 'perRecord', 'jitter'] as const) {
          if (d[k] === undefined) continue;
          const why = numberRule(`function.durationSeconds.${k}`, k)(d[k], type);
          if (why !== null) return `${k}: ${why}`;
        }
        return null;
      },
    },
    failureMode: {
      appliesTo: ALL_SOURCES,
      notApplicable: unsupported('failureMode'),
      check: enumRule('failureMode', ['throw', 'reportBatchItemFailures']),
    },
    response: {
      appliesTo: ALL_SOURCES,
      notApplicable: unsupported('response'),
      check: enumRule('response', ['normal', 'invalid']),
    },
    errorRate: {
      appliesTo: ALL_SOURCES,
      notApplicable: unsupported('errorRate'),
      check: numberRule('function.errorRate', 'errorRate'),
    },
    // AWS rule: CreateEventSourceMapping rejects a role that cannot read the source (roles.ts).
    executionRolePolicies: {
      appliesTo: ALL_SOURCES,
      notApplicable: unsupported('executionRolePolicies'),
      check: checkExecutionRole,
    },
  },
};

/** Why a field is not offered for a source type (null if it applies). */
export function notApplicableReason(
  section: Section,
  field: string,
  type: SourceType,
): string | null {
  const rule = FIELD_RULES[section][field];
  if (rule === undefined) return null;
  return rule.appliesTo.includes(type) ? null : rule.notApplicable(type);
}

/** Field-by-field checks of the fields a user set: applicability, type and range. */
export function checkFields(type: SourceType, patch: ConfigPatch, prefix = ''): Problem[] {
  const problems: Problem[] = [];
  for (const section of ['source', 'mapping', 'function'] as const) {
    const fields = patch[section];
    if (fields === undefined) continue;
    for (const [field, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      const path = `${prefix}${section}.${field}`;
      if (section === 'source' && field === 'type') continue;
      const rule = FIELD_RULES[section][field];
      if (rule === undefined) {
        problems.push({ path, message: `Unknown field "${field}"` });
        continue;
      }
      if (!rule.appliesTo.includes(type)) {
        problems.push({ path, message: rule.notApplicable(type) });
        continue;
      }
      const why = rule.check(value, type);
      if (why !== null) problems.push({ path, message: why });
    }
  }
  return problems;
}

/** A combination rule: the fields it involves (first = where it is reported) and its check. */
interface CrossFieldRule {
  readonly name: string;
  readonly fields: readonly string[];
  /** Always report here (e.g. the missing field), whichever field was touched. */
  readonly reportAt?: string;
  readonly check: (s: ConfigState) => string | null;
}

/** The source is an SQS queue (standard or FIFO). */
export const isQueue = (s: SourceConfig): s is QueueSourceConfig =>
  s.type === 'sqs' || s.type === 'sqs-fifo';

/**
 * AWS rule (SQS standard queues only, esm-semantics.md §1 "Window rule"): BatchSize > 10
 * requires MaximumBatchingWindowInSeconds ≥ 1. Streams accept any BatchSize with a 0 s
 * window (their default is BatchSize 100, window 0); FIFO queues take at most 10 and no window.
 */
const batchWindowRequiredForLargeBatch: CrossFieldRule = {
  name: 'batchWindowRequiredForLargeBatch',
  fields: ['mapping.BatchSize', 'mapping.MaximumBatchingWindowInSeconds'],
  check: (s) =>
    s.source.type === 'sqs' &&
    s.mapping.BatchSize > 10 &&
    s.mapping.MaximumBatchingWindowInSeconds < 1
      ? 'Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10'
      : null,
};

/** AWS rule: AT_TIMESTAMP needs StartingPositionTimestamp. */
const atTimestampNeedsTimestamp: CrossFieldRule = {
  name: 'atTimestampNeedsTimestamp',
  fields: ['mapping.StartingPositionTimestamp', 'mapping.StartingPosition'],
  reportAt: 'mapping.StartingPositionTimestamp',
  check: (s) =>
    s.mapping.StartingPosition === 'AT_TIMESTAMP' && s.mapping.StartingPositionTimestamp === null
      ? 'StartingPositionTimestamp must be specified when StartingPosition is AT_TIMESTAMP'
      : null,
};

/** AWS rule: a timestamp is only accepted with AT_TIMESTAMP. */
const timestampOnlyWithAtTimestamp: CrossFieldRule = {
  name: 'timestampOnlyWithAtTimestamp',
  fields: ['mapping.StartingPositionTimestamp', 'mapping.StartingPosition'],
  check: (s) =>
    s.mapping.StartingPositionTimestamp !== null && s.mapping.StartingPosition !== 'AT_TIMESTAMP'
      ? 'StartingPositionTimestamp is only valid when StartingPosition is AT_TIMESTAMP'
      : null,
};

/** AWS rule (SQS): the function timeout must not exceed the queue's visibility timeout. */
const visibilityTimeoutCoversFunctionTimeout: CrossFieldRule = {
  name: 'visibilityTimeoutCoversFunctionTimeout',
  fields: ['function.Timeout', 'source.VisibilityTimeout'],
  check: (s) =>
    isQueue(s.source) && s.function.Timeout > s.source.VisibilityTimeout
      ? `Queue visibility timeout: ${s.source.VisibilityTimeout} seconds is less than Function timeout: ${s.function.Timeout} seconds`
      : null,
};

/** The cross-field rules, run in this order. */
export const CROSS_FIELD_RULES: readonly CrossFieldRule[] = [
  batchWindowRequiredForLargeBatch,
  atTimestampNeedsTimestamp,
  timestampOnlyWithAtTimestamp,
  visibilityTimeoutCoversFunctionTimeout,
];

/**
 * Runs the cross-field rules on the state in force. With `touched`, only rules
 * involving a touched field run (a live edit is blamed only for what it changes),
 * and the problem is reported at the first touched field the rule involves.
 */
export function checkCombinations(
  state: ConfigState,
  touched: ReadonlySet<string> | null,
  prefix = '',
): Problem[] {
  const problems: Problem[] = [];
  for (const rule of CROSS_FIELD_RULES) {
    const hit = touched === null ? rule.fields[0] : rule.fields.find((f) => touched.has(f));
    if (hit === undefined) continue;
    const at = rule.reportAt ?? hit;
    const why = rule.check(state);
    if (why !== null) problems.push({ path: `${prefix}${at}`, message: why });
  }
  return problems;
}

/** Paths (`mapping.BatchSize`) of the fields a patch sets. */
export function touchedFields(patch: ConfigPatch): Set<string> {
  const out = new Set<string>();
  for (const section of ['source', 'mapping', 'function'] as const) {
    for (const [k, v] of Object.entries(patch[section] ?? {})) {
      if (v !== undefined) out.add(`${section}.${k}`);
    }
  }
  return out;
}

/** Applies a patch of fields that passed checkFields to a state (durationSeconds merges). */
export function applyPatch(state: ConfigState, patch: ConfigPatch): ConfigState {
  const fn = { ...state.function, ...(patch.function as Partial<FunctionConfig> | undefined) };
  const d = patch.function?.durationSeconds;
  if (typeof d === 'object' && d !== null) {
    fn.durationSeconds = { ...state.function.durationSeconds, ...(d as object) };
  }
  return {
    source: { ...state.source, ...(patch.source as object | undefined) } as SourceConfig,
    mapping: { ...state.mapping, ...(patch.mapping as Partial<MappingConfig> | undefined) },
    function: fn,
  };
}

/** Fields that UpdateEventSourceMapping (or the simulator) cannot change on a running mapping. */
export function checkLiveOnly(patch: ConfigPatch, prefix = ''): Problem[] {
  const problems: Problem[] = [];
  const m = patch.mapping ?? {};
  for (const f of ['StartingPosition', 'StartingPositionTimestamp'] as const) {
    if (m[f] !== undefined) {
      problems.push({
        path: `${prefix}mapping.${f}`,
        message: `${f} cannot be changed on an existing event source mapping (UpdateEventSourceMapping does not accept it); restart the scenario to change it`,
      });
    }
  }
  const s = patch.source ?? {};
  if (s.ShardCount !== undefined) {
    problems.push({
      path: `${prefix}source.ShardCount`,
      message:
        'Live resharding is not modelled by the simulator: set ShardCount in the scenario’s source and restart',
    });
  }
  for (const f of ['RetentionPeriodHours', 'StreamViewType', 'type'] as const) {
    if (s[f] !== undefined) {
      problems.push({
        path: `${prefix}source.${f}`,
        message: `${f} cannot be changed during a run; set it in the scenario’s source and restart`,
      });
    }
  }
  // The role is checked when the mapping is created; what AWS does to a running mapping whose
  // role loses a permission is not documented, so the simulator does not change it mid-run.
  if (patch.function?.executionRolePolicies !== undefined) {
    problems.push({
      path: `${prefix}function.executionRolePolicies`,
      message:
        'executionRolePolicies cannot be changed during a run (AWS checks the role when the mapping is created); set it in the scenario’s function and restart',
    });
  }
  return problems;
}

/** Checks producer specs (fields present); paths are `${prefix}[i].field`. */
export function checkProducers(
  producers: readonly Partial<Record<keyof ProducerSpec, unknown>>[],
  prefix: string,
): Problem[] {
  const problems: Problem[] = [];
  producers.forEach((p, i) => {
    const at = `${prefix}[${i}]`;
    const num = (k: keyof ProducerSpec): number | undefined => {
      const v = p[k];
      if (v === undefined) return undefined;
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        problems.push({ path: `${at}.${k}`, message: typeMessage('number', v) });
        return undefined;
      }
      return v;
    };
    const rate = num('ratePerSecond');
    if (rate !== undefined && (rate <= 0 || rate > MAX_RATE_PER_SECOND)) {
      problems.push({
        path: `${at}.ratePerSecond`,
        message: `ratePerSecond must be greater than 0 and at most ${MAX_RATE_PER_SECOND} (simulator limit), got ${rate}`,
      });
    }
    const keys = num('keys');
    if (keys !== undefined && (!Number.isInteger(keys) || keys < 1 || keys > MAX_PRODUCER_KEYS)) {
      problems.push({
        path: `${at}.keys`,
        message: `keys must be a whole number from 1 to ${MAX_PRODUCER_KEYS} (simulator limit), got ${keys}`,
      });
    }
    const from = num('from');
    const until = num('until');
    if (from !== undefined && until !== undefined && !(from < until)) {
      problems.push({
        path: `${at}.until`,
        message: `until (${until}) must be greater than from (${from})`,
      });
    }
    const fp = num('failProbability');
    if (fp !== undefined && (fp < 0 || fp > 1)) {
      problems.push({
        path: `${at}.failProbability`,
        message: `failProbability must be between 0 and 1, got ${fp}`,
      });
    }
    if (p.keyMode !== undefined && p.keyMode !== 'roundRobin' && p.keyMode !== 'random') {
      problems.push({ path: `${at}.keyMode`, message: 'keyMode must be "roundRobin" or "random"' });
    }
  });
  return problems;
}

/** Generated ids look like this; explicit records may not use the form. */
export const GENERATED_ID = /^p\d+-\d+$/;

/** A record as a scenario or live edit gives it (fields present only). */
export type RecordFields = Partial<
  Record<
    'id' | 'at' | 'key' | 'body' | 'failDeliveries' | 'failAs' | 'MessageDeduplicationId',
    unknown
  >
>;

/**
 * Checks explicit records. `seen` collects ids across calls (uniqueness over the
 * whole scenario). AWS rule (FIFO): without ContentBasedDeduplication every
 * message needs a MessageDeduplicationId; generated records get their id as one.
 */
export function checkRecords(
  records: readonly RecordFields[],
  source: SourceConfig,
  prefix: string,
  seen: Set<string>,
): Problem[] {
  const problems: Problem[] = [];
  records.forEach((r, i) => {
    const at = `${prefix}[${i}]`;
    if (typeof r.id !== 'string' || r.id.length === 0) {
      problems.push({ path: `${at}.id`, message: 'id is required: a non-empty string' });
    } else if (seen.has(r.id)) {
      problems.push({
        path: `${at}.id`,
        message: `Duplicate record id "${r.id}": ids must be unique`,
      });
    } else if (GENERATED_ID.test(r.id)) {
      problems.push({
        path: `${at}.id`,
        message: `Record id "${r.id}" has the form p<n>-<n>, reserved for records that producers generate`,
      });
    } else {
      seen.add(r.id);
    }
    if (r.at !== undefined && (typeof r.at !== 'number' || !Number.isFinite(r.at))) {
      problems.push({ path: `${at}.at`, message: 'at must be a finite number of seconds' });
    }
    if (
      r.key !== undefined &&
      (typeof r.key !== 'string' || r.key.length < 1 || r.key.length > 256)
    ) {
      problems.push({ path: `${at}.key`, message: 'key must be a string of 1 to 256 characters' });
    }
    // null = generated body / no explicit deduplication id (the resolved RecordSpec form).
    if (r.body !== undefined && r.body !== null && typeof r.body !== 'string') {
      problems.push({ path: `${at}.body`, message: typeMessage('string', r.body) });
    }
    const fd = r.failDeliveries;
    if (
      fd !== undefined &&
      (typeof fd !== 'number' || !Number.isInteger(fd) || fd < -1 || fd > 1000)
    ) {
      problems.push({
        path: `${at}.failDeliveries`,
        message: 'failDeliveries must be a whole number from -1 (every delivery fails) to 1000',
      });
    }
    if (r.failAs !== undefined && r.failAs !== 'error' && r.failAs !== 'timeout') {
      problems.push({ path: `${at}.failAs`, message: 'failAs must be "error" or "timeout"' });
    }
    if (r.MessageDeduplicationId !== undefined && r.MessageDeduplicationId !== null) {
      if (source.type !== 'sqs-fifo') {
        problems.push({
          path: `${at}.MessageDeduplicationId`,
          message: 'MessageDeduplicationId is only valid for FIFO queues',
        });
      } else if (
        typeof r.MessageDeduplicationId !== 'string' ||
        r.MessageDeduplicationId.length < 1 ||
        r.MessageDeduplicationId.length > 128
      ) {
        problems.push({
          path: `${at}.MessageDeduplicationId`,
          message: 'MessageDeduplicationId must be a string of 1 to 128 characters',
        });
      }
    } else if (source.type === 'sqs-fifo' && !source.ContentBasedDeduplication) {
      problems.push({
        path: `${at}.MessageDeduplicationId`,
        message:
          'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
      });
    }
  });
  return problems;
}

/** Fault injection: failNextInvocations is a whole number ≥ 1. */
export function checkFailNext(value: unknown, path: string): Problem[] {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 10_000
    ? []
    : [{ path, message: 'failNextInvocations must be a whole number from 1 to 10000' }];
}
