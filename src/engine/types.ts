/**
 * The engine's data contract: the resolved scenario it runs, the run report it
 * produces, the stage snapshot the UI draws, the event log, and the Simulation
 * interface every source model implements.
 *
 * Everything here is plain data (structuredClone-able, JSON-serialisable) so a
 * simulation state can be checkpointed, sent to a worker and replayed.
 *
 * Units: every time is simulated seconds since the mapping was created (t = 0),
 * as a float. `SimSeconds` documents that; it is an alias rather than a brand
 * because the engine does arithmetic on times everywhere and a brand would
 * force a cast on every sum. Wall time never enters the engine.
 */

/** Simulated seconds since the event source mapping was created. */
export type SimSeconds = number;

/** A record or message name as the scenario gave it (e.g. "r0", "p0-17"). */
export type RecordId = string & { readonly __brand: 'RecordId' };
/** A Kinesis/DynamoDB shard id, e.g. "shardId-000000000000". */
export type ShardId = string & { readonly __brand: 'ShardId' };

export const asRecordId = (s: string): RecordId => s as RecordId;
export const asShardId = (s: string): ShardId => s as ShardId;

// ---------------------------------------------------------------------------
// Resolved scenario: what the engine runs. The scenarios/ layer validates the
// user's JSON and fills in AWS's defaults per source type; the engine never
// sees a missing field.
// ---------------------------------------------------------------------------

export type SourceType = 'kinesis' | 'dynamodb' | 'sqs' | 'sqs-fifo';
export type StreamSourceType = 'kinesis' | 'dynamodb';
export type QueueSourceType = 'sqs' | 'sqs-fifo';

export const isStreamSource = (t: SourceType): t is StreamSourceType =>
  t === 'kinesis' || t === 'dynamodb';

export type StreamViewType = 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';

export interface StreamSourceConfig {
  readonly type: StreamSourceType;
  readonly ShardCount: number;
  /** Kinesis: 24..8760 (default 24). DynamoDB: always 24. */
  readonly RetentionPeriodHours: number;
  /** DynamoDB only (default NEW_AND_OLD_IMAGES); null for Kinesis. */
  readonly StreamViewType: StreamViewType | null;
}

export interface QueueSourceConfig {
  readonly type: QueueSourceType;
  /** 0..43200 seconds, default 30. */
  readonly VisibilityTimeout: number;
  /** Seconds, default 345600 (4 days). */
  readonly MessageRetentionPeriod: number;
  /** null = the queue has no DLQ. */
  readonly RedrivePolicy: { readonly maxReceiveCount: number } | null;
  /** 0..1: chance that a receive also hands the message to a second poller. */
  readonly duplicateDeliveryRate: number;
  /** FIFO only (false for standard). */
  readonly ContentBasedDeduplication: boolean;
}

export type SourceConfig = StreamSourceConfig | QueueSourceConfig;

export type StartingPosition = 'LATEST' | 'TRIM_HORIZON' | 'AT_TIMESTAMP';
export type DestinationKind = 'sqs' | 'sns' | 's3';

/**
 * The CreateEventSourceMapping fields, resolved. Fields that do not apply to
 * the source type hold their neutral value (null, false, 0, 1, -1) and are
 * ignored by the engine; validation has already rejected them if the user set them.
 */
export interface MappingConfig {
  readonly BatchSize: number;
  readonly MaximumBatchingWindowInSeconds: number;
  /** Streams only; null for queues. */
  readonly StartingPosition: StartingPosition | null;
  /** Unix seconds in the scenario's simulated clock (same axis as record `at`); AT_TIMESTAMP only. */
  readonly StartingPositionTimestamp: number | null;
  /** Streams: 1..10. Queues: 1. */
  readonly ParallelizationFactor: number;
  /** Streams: -1 (infinite) or 0..10000. Queues: -1 (not applicable). */
  readonly MaximumRetryAttempts: number;
  /** Streams: -1 (infinite) or 60..604800. Queues: -1. */
  readonly MaximumRecordAgeInSeconds: number;
  readonly BisectBatchOnFunctionError: boolean;
  /** [] or ['ReportBatchItemFailures']. */
  readonly FunctionResponseTypes: readonly 'ReportBatchItemFailures'[];
  /** Streams: 0..900, 0 = off. */
  readonly TumblingWindowInSeconds: number;
  readonly DestinationConfig: { readonly OnFailure: { readonly Destination: string } } | null;
  /** SQS only. */
  readonly ScalingConfig: { readonly MaximumConcurrency: number } | null;
  readonly FilterCriteria: { readonly Filters: readonly { readonly Pattern: string }[] } | null;
  readonly Enabled: boolean;
}

export interface FunctionDuration {
  readonly base: number;
  readonly perRecord: number;
  /** 0..1: each invocation's duration is multiplied by 1 ± jitter (seeded). */
  readonly jitter: number;
}

export type FailureMode = 'throw' | 'reportBatchItemFailures';

export interface FunctionConfig {
  /** 1..900 seconds. */
  readonly Timeout: number;
  /** null = unreserved (the simulated account has 1,000 concurrent executions). */
  readonly ReservedConcurrentExecutions: number | null;
  readonly durationSeconds: FunctionDuration;
  readonly failureMode: FailureMode;
  readonly response: 'normal' | 'invalid';
  /** 0..1, probability that an invocation throws regardless of its records. */
  readonly errorRate: number;
  /**
   * AWS managed policies attached to the function's execution role (names, e.g.
   * AWSLambdaSQSQueueExecutionRole). Checked when the mapping is created (the
   * scenario is validated): the engine never reads it.
   */
  readonly executionRolePolicies: readonly string[];
}

export interface RecordSpec {
  readonly id: RecordId;
  /** Simulated second the producer puts it; negative = before the mapping existed. */
  readonly at: number;
  /** Partition key / item key / MessageGroupId. Ignored for standard SQS. Default "k0". */
  readonly key: string;
  /** Payload text; null = the engine generates one deterministically from the id. */
  readonly body: string | null;
  /** First N deliveries fail; -1 = every delivery fails. */
  readonly failDeliveries: number;
  readonly failAs: 'error' | 'timeout';
  /** FIFO only: explicit deduplication id (otherwise content-based or the record id). */
  readonly MessageDeduplicationId: string | null;
}

export interface ProducerSpec {
  readonly ratePerSecond: number;
  readonly keys: number;
  /** 'roundRobin' (default) assigns k0, k1, … in turn; 'random' draws a key with the seeded RNG. */
  readonly keyMode: 'roundRobin' | 'random';
  readonly from: number;
  readonly until: number;
  /** Chance that a generated record has failDeliveries -1 (a poison record). */
  readonly failProbability: number;
}

/** A scripted or live change applied at simulated second `at`, in order. */
export interface ScenarioAction {
  readonly at: number;
  readonly mapping?: Partial<MappingConfig>;
  readonly function?: Partial<FunctionConfig>;
  /** Queue attributes that can change live (VisibilityTimeout, RedrivePolicy, duplicateDeliveryRate, MessageRetentionPeriod). */
  readonly source?: Partial<Omit<QueueSourceConfig, 'type'>>;
  /** Records put at this moment (live "Put record" / "Put poison record"). Their `at` equals the action's. */
  readonly records?: readonly RecordSpec[];
  /** Replaces the producers from this moment on (live "Records per second", "Partition keys", "Error rate"). */
  readonly producers?: readonly ProducerSpec[];
  /** Fault injection: the next N invocations throw regardless of their records ("Fail next batch"). */
  readonly failNextInvocations?: number;
}

export interface ResolvedScenario {
  readonly format: 1;
  readonly title: string | null;
  readonly seed: number;
  readonly durationSeconds: number;
  readonly source: SourceConfig;
  readonly mapping: MappingConfig;
  readonly function: FunctionConfig;
  readonly records: readonly RecordSpec[];
  readonly producers: readonly ProducerSpec[];
  readonly actions: readonly ScenarioAction[];
}

// ---------------------------------------------------------------------------
// Run report (scenario-format.md, "Run report"). A contract: other tools read it.
// ---------------------------------------------------------------------------

export type InvocationResult =
  'success' | 'functionError' | 'timeout' | 'throttled' | 'partialFailure' | 'invalidResponse';

export type RecordStatus =
  | 'succeeded'
  | 'sentToOnFailureDestination'
  | 'discarded'
  | 'movedToDlq'
  | 'filtered'
  | 'expired'
  | 'skipped'
  | 'pending';

export const RECORD_STATUSES: readonly RecordStatus[] = [
  'succeeded',
  'sentToOnFailureDestination',
  'discarded',
  'movedToDlq',
  'filtered',
  'expired',
  'skipped',
  'pending',
];

export interface InvocationReport {
  /** 1-based, in start order. */
  readonly n: number;
  readonly start: SimSeconds;
  readonly end: SimSeconds;
  /** null for queues. */
  readonly shardId: ShardId | null;
  /** Record ids in the order the function received them. */
  readonly records: readonly RecordId[];
  readonly result: InvocationResult;
  /** The ids the function listed in batchItemFailures (whether or not Lambda honoured them). */
  readonly reportedFailures: readonly RecordId[];
}

export interface RecordReport {
  readonly status: RecordStatus;
  /** Invocations (throttled ones excluded) that contained this record. */
  readonly deliveries: number;
}

export type OnFailureCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

/** The invocation record AWS sends to an on-failure destination (SQS/SNS: metadata only; S3: plus payload). */
export interface OnFailureInvocationRecord {
  readonly requestContext: {
    readonly requestId: string;
    readonly functionArn: string;
    readonly condition: OnFailureCondition;
    readonly approximateInvokeCount: number;
  };
  /** Absent for RecordAgeExceeded (no invocation response to report). */
  readonly responseContext?: {
    readonly statusCode: number;
    readonly executedVersion: string;
    readonly functionError: string;
  };
  readonly version: '1.0';
  /** ISO-8601, on the simulated clock (t = 0 is the scenario epoch). */
  readonly timestamp: string;
  readonly KinesisBatchInfo?: StreamBatchInfo;
  readonly DDBStreamBatchInfo?: StreamBatchInfo;
  /** S3 destinations only: the original invocation event as an escaped JSON string. */
  readonly payload?: string;
}

export interface StreamBatchInfo {
  readonly shardId: string;
  readonly startSequenceNumber: string;
  readonly endSequenceNumber: string;
  readonly approximateArrivalOfFirstRecord: string;
  readonly approximateArrivalOfLastRecord: string;
  readonly batchSize: number;
  readonly streamArn: string;
}

export interface OnFailureReportEntry {
  readonly condition: OnFailureCondition;
  readonly approximateInvokeCount: number;
  readonly shardId: ShardId;
  readonly startSequenceNumber: string;
  readonly endSequenceNumber: string;
  readonly batchSize: number;
  /** Record ids the sequence range covers. */
  readonly records: readonly RecordId[];
  /** When it was delivered. */
  readonly at: SimSeconds;
  readonly destinationKind: DestinationKind;
  /**
   * S3 destinations only: the object's key,
   * aws/lambda/<ESM-UUID>/<shardID>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<uuid> (KIN-F).
   */
  readonly s3ObjectKey?: string;
  /** The full AWS-shaped invocation record, as the destination received it. */
  readonly invocationRecord: OnFailureInvocationRecord;
}

export interface DeadLetterEntry {
  readonly id: RecordId;
  /** Receives from the source queue before SQS moved it (= maxReceiveCount). */
  readonly receiveCount: number;
  readonly at: SimSeconds;
  /** The message as it was sent: a message moved to the DLQ keeps its messageId and body. */
  readonly messageId: string;
  readonly body: string;
}

/**
 * Per-second metric series. Index i covers simulated [start + i, start + i + 1).
 * Counters (Invocations, Errors, …) are sums over the second; gauges
 * (ConcurrentExecutions, ApproximateNumberOfMessagesVisible, …) are the maximum
 * seen in the second; IteratorAge is the maximum in milliseconds of batches
 * sent in that second (0 where none was sent, as CloudWatch shows no point).
 */
export interface MetricsSeries {
  readonly periodSeconds: 1;
  readonly start: number;
  readonly series: Readonly<Partial<Record<MetricName, readonly number[]>>>;
  /** Streams only: IteratorAge per shard. */
  readonly iteratorAgeByShard?: Readonly<Record<string, readonly number[]>>;
}

export type MetricName =
  // function metrics
  | 'Invocations'
  | 'Errors'
  | 'Throttles'
  | 'ConcurrentExecutions'
  | 'Duration'
  | 'IteratorAge'
  // ESM event metrics
  | 'PolledEventCount'
  | 'FilteredOutEventCount'
  | 'InvokedEventCount'
  | 'FailedInvokeEventCount'
  | 'DroppedEventCount'
  | 'OnFailureDestinationDeliveredEventCount'
  | 'DestinationDeliveryFailures'
  | 'DeletedEventCount'
  // SQS queue metrics
  | 'ApproximateNumberOfMessagesVisible'
  | 'ApproximateNumberOfMessagesNotVisible'
  | 'ApproximateAgeOfOldestMessage'
  | 'NumberOfMessagesDeleted'
  | 'DeadLetterQueueDepth'
  | 'DuplicateDeliveries'
  | 'ActiveMessageGroups'
  | 'PollerFleetSize'
  // streams, derived for teaching
  | 'BlockedShards'
  | 'RecordsPut';

export interface RunReport {
  readonly format: 1;
  readonly seed: number;
  readonly endedAt: SimSeconds;
  readonly invocations: readonly InvocationReport[];
  readonly records: Readonly<Record<string, RecordReport>>;
  readonly onFailureDestination: readonly OnFailureReportEntry[];
  readonly deadLetterQueue: readonly DeadLetterEntry[];
  readonly metrics: MetricsSeries;
}

// ---------------------------------------------------------------------------
// Event log: what happened, in order. The UI's log, narration, breakpoints and
// "step to the next meaningful event" all read this.
// ---------------------------------------------------------------------------

/**
 * Why a batch was sent. Each exists only where AWS has it: `windowElapsed` only with a
 * batching window set (streams, SQS standard; never FIFO); `polled` = sent with what the
 * poll returned, at once (window 0, and always on FIFO); `duplicate` = a second copy of a
 * received message (SQS standard at-least-once delivery); `bisect`, `partialRetry` (streams)
 * and `windowEnd` (tumbling windows) are stream-only.
 */
export type BatchTrigger =
  | 'batchFull'
  | 'windowElapsed'
  | 'payloadFull'
  | 'retry'
  | 'bisect'
  | 'partialRetry'
  | 'windowEnd'
  | 'polled'
  | 'duplicate';

interface EventBase {
  readonly t: SimSeconds;
  /** Monotonic per run: a stable id for the UI. */
  readonly seq: number;
}

export type SimEvent = EventBase &
  (
    | {
        readonly kind: 'recordPut';
        readonly recordId: RecordId;
        readonly key: string;
        readonly shardId: ShardId | null;
        readonly sequenceNumber: string;
      }
    | {
        readonly kind: 'poll';
        readonly shardId: ShardId | null;
        readonly polled: number;
      }
    | {
        readonly kind: 'batchSent';
        readonly invocation: number;
        readonly shardId: ShardId | null;
        /** ParallelizationFactor lane (0-based) for streams; poller index for queues. */
        readonly slot: number;
        readonly recordIds: readonly RecordId[];
        readonly trigger: BatchTrigger;
        /** 0 for a first attempt; n for the n-th retry of the same records. */
        readonly attempt: number;
      }
    | {
        readonly kind: 'invocationResult';
        readonly invocation: number;
        readonly shardId: ShardId | null;
        readonly result: InvocationResult;
        readonly recordIds: readonly RecordId[];
        readonly reportedFailures: readonly RecordId[];
      }
    | {
        readonly kind: 'retryScheduled';
        readonly shardId: ShardId | null;
        readonly recordIds: readonly RecordId[];
        /** The retry number that will run (1 = first retry). */
        readonly attempt: number;
        /** -1 = unlimited. */
        readonly maxAttempts: number;
        readonly retryAt: SimSeconds;
        readonly reason: 'functionError' | 'throttled' | 'partialFailure';
      }
    | {
        readonly kind: 'bisect';
        readonly shardId: ShardId;
        readonly left: readonly RecordId[];
        readonly right: readonly RecordId[];
      }
    | {
        readonly kind: 'checkpoint';
        readonly shardId: ShardId;
        /** Lane for ParallelizationFactor > 1. */
        readonly slot: number;
        readonly sequenceNumber: string;
        readonly recordId: RecordId;
      }
    | {
        readonly kind: 'shardBlocked';
        readonly shardId: ShardId;
        readonly slot: number;
        readonly recordIds: readonly RecordId[];
      }
    | { readonly kind: 'shardUnblocked'; readonly shardId: ShardId; readonly slot: number }
    | {
        readonly kind: 'onFailureDestination';
        readonly shardId: ShardId;
        readonly condition: OnFailureCondition;
        readonly destinationKind: DestinationKind;
        readonly recordIds: readonly RecordId[];
      }
    | {
        readonly kind: 'discarded';
        readonly shardId: ShardId;
        readonly condition: OnFailureCondition;
        readonly recordIds: readonly RecordId[];
        /**
         * Set when an on-failure destination is configured but the delivery failed (a FIFO
         * queue or topic, which AWS does not support): counted in DestinationDeliveryFailures.
         */
        readonly deliveryFailed?: DestinationKind;
      }
    | { readonly kind: 'expired'; readonly recordIds: readonly RecordId[] }
    | { readonly kind: 'filtered'; readonly recordIds: readonly RecordId[] }
    | { readonly kind: 'deduplicated'; readonly recordId: RecordId; readonly duplicateOf: RecordId }
    | { readonly kind: 'messagesDeleted'; readonly recordIds: readonly RecordId[] }
    | { readonly kind: 'visibilityTimeoutExpired'; readonly recordIds: readonly RecordId[] }
    | {
        readonly kind: 'movedToDlq';
        readonly recordId: RecordId;
        readonly receiveCount: number;
      }
    | {
        readonly kind: 'duplicateDelivery';
        readonly recordId: RecordId;
        readonly invocation: number;
        /** 'atLeastOnce' = duplicateDeliveryRate; 'visibilityTimeout' = visible again while still in flight. */
        readonly cause: 'atLeastOnce' | 'visibilityTimeout';
      }
    | {
        readonly kind: 'scaling';
        readonly from: number;
        readonly to: number;
        readonly reason: 'backlog' | 'functionErrors' | 'throttles' | 'idle' | 'cap';
      }
    | {
        readonly kind: 'windowClosed';
        readonly shardId: ShardId;
        readonly windowStart: SimSeconds;
        readonly windowEnd: SimSeconds;
      }
    | {
        readonly kind: 'edit';
        /** Human-readable, e.g. "BatchSize 100 → 10". */
        readonly description: string;
        readonly action: ScenarioAction;
      }
    | { readonly kind: 'mappingDisabled' }
    | { readonly kind: 'mappingEnabled' }
  );

export type SimEventKind = SimEvent['kind'];

/** Events that "Step" stops at: poll, batch sent, result, checkpoint and the consequences of failure. */
export const MEANINGFUL_EVENT_KINDS: ReadonlySet<SimEventKind> = new Set<SimEventKind>([
  'poll',
  'batchSent',
  'invocationResult',
  'checkpoint',
  'retryScheduled',
  'bisect',
  'shardBlocked',
  'onFailureDestination',
  'discarded',
  'movedToDlq',
  'messagesDeleted',
  'visibilityTimeoutExpired',
  'duplicateDelivery',
]);

// ---------------------------------------------------------------------------
// Stage snapshot: the state the UI draws at one simulated instant.
// Bounded in size whatever the traffic: lists are windows, counts are exact.
// ---------------------------------------------------------------------------

export type StageRecordState =
  | 'waiting' // in the source, not yet read past the checkpoint
  | 'gathered' // read into a batch that is being gathered (window open)
  | 'inFlight' // in an invocation now
  | 'retrying' // its batch failed and waits for a retry (shard blocked)
  | 'processed' // checkpointed / deleted
  | 'sentToOnFailureDestination'
  | 'discarded'
  | 'filtered'
  | 'skipped';

export interface StageRecord {
  readonly id: RecordId;
  readonly key: string;
  readonly sequenceNumber: string;
  readonly arrival: SimSeconds;
  readonly state: StageRecordState;
  readonly deliveries: number;
  /** True if the scenario makes every delivery fail (a poison record). */
  readonly poison: boolean;
}

export interface StageInvocation {
  readonly n: number;
  readonly start: SimSeconds;
  /** When the engine will finish it (success, error or Timeout, whichever first). */
  readonly end: SimSeconds;
  readonly timeoutAt: SimSeconds;
  readonly shardId: ShardId | null;
  readonly slot: number;
  readonly recordIds: readonly RecordId[];
  readonly recordCount: number;
  readonly attempt: number;
  readonly trigger: BatchTrigger;
}

export interface StageBatchWindow {
  readonly openedAt: SimSeconds;
  /** When the window elapses (MaximumBatchingWindowInSeconds after the previous invocation completed). */
  readonly closesAt: SimSeconds;
  readonly gathered: number;
  readonly batchSize: number;
}

export interface StageBlocked {
  readonly since: SimSeconds;
  readonly recordIds: readonly RecordId[];
  readonly reason: 'functionError' | 'throttled' | 'partialFailure';
  /** Retries done so far for these records (function errors only). */
  readonly retries: number;
  /** -1 = unlimited. */
  readonly maxRetries: number;
  /** null when the retry is running now. */
  readonly retryAt: SimSeconds | null;
  readonly oldestRecordAgeSeconds: number;
  /** -1 = unlimited. */
  readonly maxRecordAgeSeconds: number;
}

export interface StageLane {
  /** 0..ParallelizationFactor-1. */
  readonly slot: number;
  readonly keysInFlight: readonly string[];
  readonly invocation: number | null;
  readonly blocked: StageBlocked | null;
  readonly window: StageBatchWindow | null;
}

export interface StageShard {
  readonly shardId: ShardId;
  /** A window of the shard's records around the checkpoint, oldest first (bounded). */
  readonly records: readonly StageRecord[];
  /** Records in the shard now (not yet trimmed by retention). */
  readonly totalRecords: number;
  /** Records before `records[0]` that are still in the shard. */
  readonly hiddenBefore: number;
  /** Records after the last of `records` still in the shard. */
  readonly hiddenAfter: number;
  readonly trimmed: number;
  /** Sequence number of the last checkpointed record, null before the first checkpoint. */
  readonly checkpoint: string | null;
  readonly waiting: number;
  readonly lanes: readonly StageLane[];
  readonly lastPollAt: SimSeconds | null;
  readonly nextPollAt: SimSeconds | null;
  /** Age in seconds of the oldest record not yet processed (what IteratorAge measures). */
  readonly iteratorAgeSeconds: number;
}

export interface StageMessage {
  readonly id: RecordId;
  readonly messageId: string;
  /** MessageGroupId for FIFO, '' for standard. */
  readonly group: string;
  readonly sentAt: SimSeconds;
  readonly receiveCount: number;
  /** In flight: when it becomes visible again. Visible: null. */
  readonly visibleAt: SimSeconds | null;
  readonly invocation: number | null;
  readonly poison: boolean;
}

export interface StageGroup {
  readonly groupId: string;
  readonly visible: number;
  readonly inFlight: number;
  /** True while a batch holds messages of this group (FIFO lock). */
  readonly locked: boolean;
}

export interface StageQueue {
  readonly visible: readonly StageMessage[];
  readonly inFlight: readonly StageMessage[];
  readonly visibleCount: number;
  readonly inFlightCount: number;
  readonly delayedCount: number;
  readonly dlq: { readonly count: number; readonly recent: readonly StageMessage[] } | null;
  readonly fleet: { readonly size: number; readonly ceiling: number; readonly busy: number };
  readonly groups: readonly StageGroup[] | null;
  readonly oldestMessageAgeSeconds: number;
  readonly deleted: number;
}

export interface StageTotals {
  readonly recordsPut: number;
  readonly byStatus: Readonly<Record<RecordStatus, number>>;
  readonly invocations: number;
  readonly errors: number;
  readonly throttles: number;
  readonly duplicates: number;
}

export interface StageSnapshot {
  readonly t: SimSeconds;
  readonly ended: boolean;
  readonly sourceType: SourceType;
  /** The configuration in force now (after live edits). */
  readonly source: SourceConfig;
  readonly mapping: MappingConfig;
  readonly function: FunctionConfig;
  readonly invocations: readonly StageInvocation[];
  readonly concurrency: {
    readonly current: number;
    readonly cap: number;
    readonly capReason: string;
  };
  readonly totals: StageTotals;
  readonly shards: readonly StageShard[] | null;
  readonly queue: StageQueue | null;
  readonly destination: {
    readonly kind: DestinationKind | null;
    readonly delivered: number;
    readonly recent: readonly OnFailureReportEntry[];
  };
}

/** Everything known about one record: the side panel's story. */
export interface RecordStory {
  readonly id: RecordId;
  readonly key: string;
  readonly putAt: SimSeconds;
  readonly shardId: ShardId | null;
  /** Sequence number (streams) or messageId (queues). */
  readonly sequenceNumber: string;
  readonly messageId: string | null;
  readonly status: RecordStatus;
  readonly deliveries: number;
  readonly receiveCount: number;
  readonly poison: boolean;
  readonly batches: readonly {
    readonly invocation: number;
    readonly start: SimSeconds;
    readonly end: SimSeconds | null;
    readonly result: InvocationResult | null;
    readonly batchSize: number;
  }[];
  readonly events: readonly SimEvent[];
}

// ---------------------------------------------------------------------------
// The simulation API every source model implements.
// ---------------------------------------------------------------------------

export interface SimulationOptions {
  /**
   * Keep at most this many invocations, events and finished-record stories for
   * the UI (ring buffers); null = keep everything (the CLI report lists every one).
   */
  readonly historyLimit: number | null;
  /**
   * false: keep no event log (drainEvents and recordStory's events come back
   * empty). The run report never reads it; for a long queue run it is ~40% of
   * the memory, so runScenario (the headless runner) turns it off. Default
   * true.
   */
  readonly keepEvents?: boolean;
  /**
   * Streams with historyLimit set: every record is kept until this many have
   * been put (default BOUNDED_RECORDS_KEPT_WHOLE); past that, records that are
   * settled and that no kept history, stage window or pending batch names are
   * forgotten, so an hour-long run holds tens of thousands of records, not
   * millions. Tests lower it to exercise that.
   */
  readonly recordsKeptWhole?: number;
}

/**
 * Streams with historyLimit set keep every record until this many have been
 * put, so a report of a shorter run lists them all (the app's run summary
 * checks every record up to here, and counts past it).
 */
export const BOUNDED_RECORDS_KEPT_WHOLE = 100_000;

/** Opaque, structuredClone-able state: restoreSimulation(state) continues exactly where it was. */
export interface SimulationState {
  readonly kind: 'stream' | 'queue';
  readonly data: unknown;
}

export interface Simulation {
  readonly scenario: ResolvedScenario;
  /** Current simulated time. */
  now(): SimSeconds;
  /** True once now() reached scenario.durationSeconds. */
  ended(): boolean;
  /** Processes every event with time <= t (capped at durationSeconds), then sets now = t. */
  runUntil(t: SimSeconds): void;
  /**
   * Processes events until one of MEANINGFUL_EVENT_KINDS is logged (or the run
   * ends) and returns the events logged meanwhile; now() is that event's time.
   */
  stepToNextMeaningfulEvent(): readonly SimEvent[];
  /** Applies a live edit at now(); it is recorded (in actions()) with at = now(). */
  applyAction(action: Omit<ScenarioAction, 'at'>): void;
  /** The actions applied so far (scripted and live), for sharing/replay. */
  actions(): readonly ScenarioAction[];
  snapshot(): StageSnapshot;
  /**
   * Events logged since the previous call (the UI drains once per frame).
   * With `max`, only the newest `max` of them are built and returned; the
   * older ones are passed over (a seek's replay needs only the log's tail).
   */
  drainEvents(max?: number): readonly SimEvent[];
  /** Metric series from second `fromSecond` to now. */
  metrics(fromSecond?: number): MetricsSeries;
  recordStory(id: RecordId): RecordStory | null;
  /** The exact event payload invocation n received (AWS's shape), or null if not kept. */
  invocationEvent(n: number): unknown;
  /**
   * The run report (default scope 'all'). Scope 'recent' keeps only the last
   * RECENT_REPORT_INVOCATIONS invocations, the on-failure entries given up since
   * the first of them started, and lists in `records` only the records they and
   * the DLQ name: a summary of an hour-long run needs those, not millions of
   * record entries.
   */
  report(scope?: ReportScope): RunReport;
  saveState(): SimulationState;
}

/** What a report holds: everything kept, or the recent invocations and the records they name. */
export type ReportScope = 'all' | 'recent';

/** Invocations a 'recent' report keeps. */
export const RECENT_REPORT_INVOCATIONS = 2000;

// ---------------------------------------------------------------------------
// Run summary (src/engine/summary.ts): totals and invariant checks for the UI.
// ---------------------------------------------------------------------------

export interface InvariantCheck {
  /** e.g. "Records lost", "Order per key kept", "FIFO groups never concurrent". */
  readonly name: string;
  readonly passed: boolean;
  /** One-line explanation of what was checked. */
  readonly detail: string;
  /** When failed: a concrete counterexample (record ids, invocation numbers, times). */
  readonly counterexample: string | null;
}

export interface RunSummary {
  readonly t: SimSeconds;
  readonly recordsByStatus: Readonly<Record<RecordStatus, number>>;
  readonly invocationsByResult: Readonly<Record<InvocationResult, number>>;
  readonly maxIteratorAgeMs: number | null;
  readonly maxOldestMessageAgeSeconds: number | null;
  readonly invariants: readonly InvariantCheck[];
  /** True when the report was built from capped history (older invocations dropped). */
  readonly partialHistory: boolean;
}
