/**
 * What the infrastructure export writes, decided once for every format: the
 * mapping settings that differ from AWS's defaults for the source type
 * (StartingPosition always for streams: AWS requires it), the queue, stream
 * or table with the settings the lab models, the on-failure destination, and
 * the function settings that matter to the mapping (Timeout, reserved
 * concurrency). The lab's own knobs (run time, failures, duplicate rate) are
 * not infrastructure: notes say so.
 */
import { destinationKindOf, FUNCTION_NAME } from '../engine/aws';
import type {
  DestinationKind,
  FunctionConfig,
  MappingConfig,
  SourceConfig,
  SourceType,
  StartingPosition,
  StreamSourceConfig,
  StreamViewType,
} from '../engine/types';
import { DEFAULT_FUNCTION, defaultMapping, defaultSource } from '../scenarios/build';

/** The configuration in force (the stage snapshot's `source`, `mapping`, `function`). */
export interface IacConfig {
  readonly source: SourceConfig;
  readonly mapping: MappingConfig;
  readonly function: FunctionConfig;
}

/** The mapping settings written, by AWS name (only those that differ from AWS's defaults). */
export interface MappingPlan {
  readonly BatchSize?: number;
  readonly MaximumBatchingWindowInSeconds?: number;
  readonly StartingPosition?: StartingPosition;
  /** AT_TIMESTAMP: the lab's timestamp, in seconds after the mapping was created (may be < 0). */
  readonly StartingPositionOffsetSeconds?: number;
  readonly ParallelizationFactor?: number;
  readonly MaximumRetryAttempts?: number;
  readonly MaximumRecordAgeInSeconds?: number;
  readonly BisectBatchOnFunctionError?: boolean;
  readonly FunctionResponseTypes?: readonly 'ReportBatchItemFailures'[];
  readonly TumblingWindowInSeconds?: number;
  /** DestinationConfig.OnFailure: the plan's `destination`. */
  readonly OnFailure?: true;
  /** ScalingConfig.MaximumConcurrency. */
  readonly MaximumConcurrency?: number;
  /** FilterCriteria.Filters[].Pattern. */
  readonly FilterPatterns?: readonly string[];
  readonly Enabled?: boolean;
}

export interface QueuePlan {
  readonly name: string;
  readonly fifo: boolean;
  readonly VisibilityTimeout?: number;
  readonly MessageRetentionPeriod?: number;
  readonly ContentBasedDeduplication?: true;
  /** The source queue's redrive policy: a dead-letter queue of the same kind. */
  readonly deadLetter?: { readonly name: string; readonly maxReceiveCount: number };
}

export interface StreamPlan {
  readonly name: string;
  /** Written always: the lab models a provisioned stream of this many shards. */
  readonly ShardCount: number;
  readonly RetentionPeriodHours?: number;
}

export interface TablePlan {
  readonly name: string;
  /** The partition key attribute (the lab's item key): a String named `pk`. */
  readonly partitionKey: string;
  /** Written always: a table's stream exists only with a view type. */
  readonly StreamViewType: StreamViewType;
}

export interface DestinationPlan {
  readonly kind: DestinationKind;
  /** Queue, topic or bucket name, from the lab's ARN. */
  readonly name: string;
}

export interface FunctionPlan {
  readonly name: string;
  readonly Timeout?: number;
  readonly ReservedConcurrentExecutions?: number;
}

/** Everything the formats write. */
export interface Plan {
  readonly sourceType: SourceType;
  readonly queue: QueuePlan | null;
  readonly stream: StreamPlan | null;
  readonly table: TablePlan | null;
  readonly destination: DestinationPlan | null;
  readonly fn: FunctionPlan;
  readonly mapping: MappingPlan;
  /** Comment lines every format carries (what is not written, and why). */
  readonly notes: readonly string[];
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The resource name at the end of an ARN (`…:name`, `…:::bucket`, `…/name`). */
function arnName(arn: string): string {
  const tail = arn.split(':').slice(5).join(':');
  const last = tail.split('/').pop() ?? '';
  return last.replace(/[^A-Za-z0-9._-]/g, '-') || 'esm-lab-failures';
}

/** The plan for a configuration. */
export function buildPlan(config: IacConfig): Plan {
  const type = config.source.type;
  const m = config.mapping;
  const d = defaultMapping(type);
  const stream = type === 'kinesis' || type === 'dynamodb';
  const notes: string[] = [
    "Only settings that differ from AWS's defaults are written" +
      (stream ? ' (and StartingPosition, which AWS requires for streams).' : '.'),
  ];

  const mapping: { -readonly [K in keyof MappingPlan]: MappingPlan[K] } = {};
  if (m.BatchSize !== d.BatchSize) mapping.BatchSize = m.BatchSize;
  if (m.MaximumBatchingWindowInSeconds !== d.MaximumBatchingWindowInSeconds) {
    mapping.MaximumBatchingWindowInSeconds = m.MaximumBatchingWindowInSeconds;
  }
  if (stream) {
    mapping.StartingPosition = m.StartingPosition ?? 'LATEST';
    if (m.StartingPosition === 'AT_TIMESTAMP') {
      mapping.StartingPositionOffsetSeconds = m.StartingPositionTimestamp ?? 0;
      notes.push(
        `AT_TIMESTAMP: in the lab the timestamp is ${m.StartingPositionTimestamp ?? 0} s after the mapping was created; give the Unix time you want.`,
      );
    }
    if (m.ParallelizationFactor !== d.ParallelizationFactor) {
      mapping.ParallelizationFactor = m.ParallelizationFactor;
    }
    if (m.MaximumRetryAttempts !== d.MaximumRetryAttempts) {
      mapping.MaximumRetryAttempts = m.MaximumRetryAttempts;
    }
    if (m.MaximumRecordAgeInSeconds !== d.MaximumRecordAgeInSeconds) {
      mapping.MaximumRecordAgeInSeconds = m.MaximumRecordAgeInSeconds;
    }
    if (m.BisectBatchOnFunctionError !== d.BisectBatchOnFunctionError) {
      mapping.BisectBatchOnFunctionError = m.BisectBatchOnFunctionError;
    }
    if (m.TumblingWindowInSeconds !== d.TumblingWindowInSeconds) {
      mapping.TumblingWindowInSeconds = m.TumblingWindowInSeconds;
    }
  }
  if (!same(m.FunctionResponseTypes, d.FunctionResponseTypes)) {
    mapping.FunctionResponseTypes = [...m.FunctionResponseTypes];
  }
  let destination: DestinationPlan | null = null;
  const arn = m.DestinationConfig?.OnFailure.Destination;
  const kind = arn === undefined ? null : destinationKindOf(arn);
  if (stream && arn !== undefined && kind !== null) {
    destination = { kind, name: arnName(arn) };
    mapping.OnFailure = true;
    if (kind === 's3') notes.push('S3 bucket names are global: rename the bucket if it is taken.');
  }
  if (!stream && m.ScalingConfig !== null) {
    mapping.MaximumConcurrency = m.ScalingConfig.MaximumConcurrency;
  }
  if (m.FilterCriteria !== null && m.FilterCriteria.Filters.length > 0) {
    mapping.FilterPatterns = m.FilterCriteria.Filters.map((f) => f.Pattern);
  }
  if (m.Enabled !== d.Enabled) mapping.Enabled = m.Enabled;

  let queue: QueuePlan | null = null;
  let streamPlan: StreamPlan | null = null;
  let table: TablePlan | null = null;
  const src = config.source;
  if (src.type === 'sqs' || src.type === 'sqs-fifo') {
    const ds = defaultSource(src.type);
    const fifo = src.type === 'sqs-fifo';
    const suffix = fifo ? '.fifo' : '';
    const q: { -readonly [K in keyof QueuePlan]: QueuePlan[K] } = {
      name: `esm-lab-queue${suffix}`,
      fifo,
    };
    if ('VisibilityTimeout' in ds && src.VisibilityTimeout !== ds.VisibilityTimeout) {
      q.VisibilityTimeout = src.VisibilityTimeout;
    }
    if (
      'MessageRetentionPeriod' in ds &&
      src.MessageRetentionPeriod !== ds.MessageRetentionPeriod
    ) {
      q.MessageRetentionPeriod = src.MessageRetentionPeriod;
    }
    if (fifo && src.ContentBasedDeduplication) q.ContentBasedDeduplication = true;
    if (src.RedrivePolicy !== null) {
      q.deadLetter = {
        name: `esm-lab-dlq${suffix}`,
        maxReceiveCount: src.RedrivePolicy.maxReceiveCount,
      };
    }
    queue = q;
    if (src.duplicateDeliveryRate > 0) {
      notes.push(
        `The lab's duplicate delivery rate (${Math.round(src.duplicateDeliveryRate * 1000) / 10} %) models at-least-once delivery; SQS has no such setting.`,
      );
    }
  } else if (src.type === 'kinesis') {
    const s: { -readonly [K in keyof StreamPlan]: StreamPlan[K] } = {
      name: 'esm-lab-stream',
      ShardCount: src.ShardCount,
    };
    if (src.RetentionPeriodHours !== 24) s.RetentionPeriodHours = src.RetentionPeriodHours;
    streamPlan = s;
  } else {
    const ddb = src as StreamSourceConfig;
    table = {
      name: 'esm-lab-table',
      partitionKey: 'pk',
      StreamViewType: ddb.StreamViewType ?? 'NEW_AND_OLD_IMAGES',
    };
    notes.push(
      `DynamoDB decides how many shards a table's stream has; the lab simulated ${ddb.ShardCount}.`,
    );
  }

  const f = config.function;
  const fn: { -readonly [K in keyof FunctionPlan]: FunctionPlan[K] } = { name: FUNCTION_NAME };
  if (f.Timeout !== DEFAULT_FUNCTION.Timeout) fn.Timeout = f.Timeout;
  if (f.ReservedConcurrentExecutions !== null) {
    fn.ReservedConcurrentExecutions = f.ReservedConcurrentExecutions;
  }
  notes.push(
    "The function's run time and failures in the lab describe your code, not its configuration: they are not written.",
  );

  return {
    sourceType: type,
    queue,
    stream: streamPlan,
    table,
    destination,
    fn,
    mapping,
    notes,
  };
}

/** The managed policy that lets a function read its event source. */
export function sourceReadPolicy(type: SourceType): string {
  return type === 'kinesis'
    ? 'AWSLambdaKinesisExecutionRole'
    : type === 'dynamodb'
      ? 'AWSLambdaDynamoDBExecutionRole'
      : 'AWSLambdaSQSQueueExecutionRole';
}
