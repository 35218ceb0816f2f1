/**
 * Guided lessons as data: a lesson is an ordered list of steps, a step is a
 * scenario state (scenario + seed + simulated time, reached by running the
 * engine), a short narration, what to look at, the facts the narration states
 * (checked on the engine by a unit test) and optionally a predict-then-run
 * question whose answer the engine decides.
 *
 * Nothing here is an answer key: numbers in the narration are `values`
 * computed from the run, and every sentence's fact is a `Claim` evaluated on
 * the engine's state at the step's time.
 */
import type {
  BatchTrigger,
  OnFailureCondition,
  RecordStatus,
  SourceType,
  StageRecordState,
} from '../engine/types';
import type { ScenarioDraft } from '../scenarios/build';

/**
 * A stage element a step points at (mirrors `StageTarget` in
 * src/ui/stage/targets.ts; src/ui/lessons checks at compile time that every
 * LessonTarget is a StageTarget).
 */
export type LessonTarget =
  | 'source'
  | `shard:${number}`
  | `batches:${number}`
  | 'pollers'
  | `window:${number}`
  | 'window'
  | 'function'
  | 'concurrency'
  | 'destination'
  | 'discard'
  | 'queue'
  | 'inflight'
  | 'dlq'
  | `group:${string}`
  | `record:${string}`
  | 'narration';

/**
 * Which events and invocations a quantity counts: the whole run up to the
 * evaluated time ('run'), or only what happened after the step's own time
 * ('since': what a prediction's "next seconds" did).
 */
export type Span = 'run' | 'since';

/** Numeric settings a narration may quote (read from the configuration in force, never typed in). */
export type SettingField =
  | 'BatchSize'
  | 'MaximumBatchingWindowInSeconds'
  | 'ParallelizationFactor'
  | 'MaximumRetryAttempts'
  | 'MaximumRecordAgeInSeconds'
  | 'MaximumConcurrency'
  | 'VisibilityTimeout'
  | 'maxReceiveCount'
  | 'MessageRetentionPeriod'
  | 'Timeout';

/** A number read from the engine's state (snapshot, run report, record stories, events). */
export type Quantity =
  /** Invocations (throttled ones excluded) that contained the record. */
  | { readonly q: 'deliveries'; readonly record: string }
  /** SQS: ApproximateReceiveCount of the message (its story). */
  | { readonly q: 'receiveCount'; readonly record: string }
  /** Invocations that ran (throttled ones excluded), started in the span. */
  | { readonly q: 'invocations'; readonly span: Span }
  /** Invocations that ran and held the record, started in the span. */
  | { readonly q: 'invocationsContaining'; readonly record: string; readonly span: Span }
  /** Invocations that ended in a function error or timeout, started in the span. */
  | { readonly q: 'failedInvocations'; readonly span: Span }
  /** Throttled invokes, in the span. */
  | { readonly q: 'throttles'; readonly span: Span }
  /** The most invocations running at once during the span. */
  | { readonly q: 'peakConcurrency'; readonly span: Span }
  /** Invocations running now. */
  | { readonly q: 'concurrency' }
  /** The concurrency limit in force now (shards × factor, MaximumConcurrency, …). */
  | { readonly q: 'concurrencyCap' }
  /** SQS poller fleet size now. */
  | { readonly q: 'fleetSize' }
  /** SQS poller fleet size at the step's own time. */
  | { readonly q: 'fleetSizeAtStep' }
  /** SQS: pollers added since the step's own time (fleet now − fleet at the step). */
  | { readonly q: 'fleetGrowth' }
  /** SQS: the most pollers the fleet may have (account quota, MaximumConcurrency, reserved concurrency). */
  | { readonly q: 'fleetCeiling' }
  /** SQS: seconds until the in-flight message becomes visible again. */
  | { readonly q: 'visibleIn'; readonly record: string }
  /** Seconds from the record's put to its first delivery. */
  | { readonly q: 'firstDeliveryDelay'; readonly record: string }
  /** A mapping setting in force now (after scripted changes). */
  | { readonly q: 'setting'; readonly field: SettingField }
  /** Records gathered so far by shard n's open batching window (0 when none is open). */
  | { readonly q: 'gathered'; readonly shard: number }
  /** Streams: the number of shards. */
  | { readonly q: 'shards' }
  /** Streams: how long the stream keeps records (RetentionPeriodHours). */
  | { readonly q: 'retentionHours' }
  /** Records of shard n not yet processed (behind the checkpoint). */
  | { readonly q: 'waiting'; readonly shard: number }
  /** Records of shard n still in the stream (processed ones included: streams keep them). */
  | { readonly q: 'shardRecords'; readonly shard: number }
  /** Seconds: age of shard n's oldest unprocessed record (IteratorAge). */
  | { readonly q: 'iteratorAge'; readonly shard: number }
  /** Retries done so far for the batch blocking shard n (0 when not blocked). */
  | { readonly q: 'retries'; readonly shard: number }
  /** SQS: messages visible / in flight now. */
  | { readonly q: 'visible' }
  | { readonly q: 'inFlight' }
  /** Records whose status (run report) is `status` now. */
  | { readonly q: 'withStatus'; readonly status: RecordStatus }
  /** Records put so far. */
  | { readonly q: 'recordsPut' }
  /** The scenario's explicit records (put so far or later), and their distinct keys / message groups. */
  | { readonly q: 'scenarioRecords' }
  | { readonly q: 'scenarioKeys' }
  /** Messages in the source queue's dead-letter queue. */
  | { readonly q: 'dlq' }
  /** The receive count a message had when SQS moved it to the dead-letter queue. */
  | { readonly q: 'dlqReceiveCount'; readonly record: string }
  /** Invocation records delivered to the on-failure destination. */
  | { readonly q: 'destination' }
  /** approximateInvokeCount / batchSize of on-failure entry `index` (0-based, -1 = last). */
  | { readonly q: 'destinationInvokeCount'; readonly index: number }
  | { readonly q: 'destinationBatchSize'; readonly index: number }
  /** Records per invocation over the invocations that ran in the span. */
  | {
      readonly q: 'batchSize';
      readonly which: 'last' | 'max' | 'min' | 'mean';
      readonly span: Span;
    }
  /** Deliveries of a message that was already delivered (duplicateDelivery events) in the span. */
  | { readonly q: 'duplicates'; readonly span: Span }
  /** Batches split in two (bisect events) in the span. */
  | { readonly q: 'bisects'; readonly span: Span }
  /** Polls (GetRecords / ReceiveMessage calls that the engine logged) in the span. */
  | { readonly q: 'polls'; readonly span: Span }
  /** SQS FIFO: message groups with messages visible or in flight now. */
  | { readonly q: 'activeGroups' }
  /** Seconds: the simulated time evaluated. */
  | { readonly q: 'time' }
  /** One quantity divided by another (or by a number): "6 times the timeout", seconds → days. */
  | { readonly q: 'ratio'; readonly of: Quantity; readonly per: Quantity | number };

/** Comparison operators for `compare` claims. */
export type Op = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** The run summary's invariant checks a claim can name (src/engine/summary.ts). */
export type InvariantName =
  | 'Records lost'
  | 'No batch above BatchSize'
  | 'Order per key kept'
  | 'FIFO groups never concurrent'
  | 'Concurrency within caps';

/** A fact about the engine's state that a narration sentence or a prediction option states. */
export type Claim =
  | {
      readonly c: 'compare';
      readonly left: Quantity;
      readonly op: Op;
      readonly right: Quantity | number;
    }
  /** The record's status in the run report. */
  | { readonly c: 'status'; readonly record: string; readonly is: RecordStatus }
  /** A stream record's state on the stage (in flight, retrying, processed, …). */
  | { readonly c: 'recordState'; readonly record: string; readonly is: StageRecordState }
  /** Shard n has a batch failing and waiting to retry (the shard is blocked). */
  | { readonly c: 'blocked'; readonly shard: number; readonly is: boolean }
  /** SQS: the message is in flight (hidden by its visibility timeout) now. */
  | { readonly c: 'messageInFlight'; readonly record: string; readonly is: boolean }
  /** SQS FIFO: message group `group` is locked (a batch holds its messages). */
  | { readonly c: 'groupLocked'; readonly group: string; readonly is: boolean }
  /** The batch sent last (in the span) went out because of `trigger`. */
  | { readonly c: 'lastTrigger'; readonly is: BatchTrigger; readonly span: Span }
  /** Some batch sent in the span went out because of `trigger`. */
  | { readonly c: 'anyTrigger'; readonly is: BatchTrigger; readonly span: Span }
  /** The run summary's invariant check `name` passes (or fails). */
  | { readonly c: 'invariant'; readonly name: InvariantName; readonly passed: boolean }
  /** Record `first` was delivered for the first time before record `then`. */
  | { readonly c: 'firstDeliveredBefore'; readonly first: string; readonly then: string }
  /** Record `first` was put before record `then`. */
  | { readonly c: 'putBefore'; readonly first: string; readonly then: string }
  /** The on-failure entry `index` (-1 = last) was sent because of `is`. */
  | { readonly c: 'destinationCondition'; readonly index: number; readonly is: OnFailureCondition }
  /** All the records were in one invocation together (at least once). */
  | { readonly c: 'deliveredTogether'; readonly records: readonly string[] }
  /** No partition key (stream) or message group (FIFO) was ever in two invocations running at once. */
  | { readonly c: 'keysNeverConcurrent' }
  /** The mapping's FunctionResponseTypes holds ReportBatchItemFailures (or not). */
  | { readonly c: 'reportBatchItemFailures'; readonly is: boolean }
  /** The function's execution role (the run's configuration) has the managed policy `policy`. */
  | { readonly c: 'rolePolicy'; readonly policy: string; readonly is: boolean }
  /** The mapping is enabled (Enabled) now. */
  | { readonly c: 'mappingEnabled'; readonly is: boolean }
  | { readonly c: 'all'; readonly claims: readonly Claim[] }
  | { readonly c: 'any'; readonly claims: readonly Claim[] }
  | { readonly c: 'not'; readonly claim: Claim };

/**
 * What the scenario validator (src/scenarios, the same rules as the app and
 * `npm run simulate`) says about a scenario: checked by the unit test, for
 * steps whose narration states an AWS rule ("BatchSize above 10 needs a
 * window", "the role lacks sqs:ReceiveMessage").
 */
export type RuleCheck =
  | { readonly scenario: ScenarioDraft; readonly verdict: 'valid' }
  | {
      readonly scenario: ScenarioDraft;
      readonly verdict: 'rejected';
      /** The JSON path the problem names, e.g. `mapping.BatchSize`. */
      readonly path: string;
      /** Words the message must contain (AWS's wording, which the narration paraphrases). */
      readonly quote?: string;
    };

/** One answer of a prediction: the engine decides which one held. */
export interface PredictionOption {
  /** Stable id (progress remembers which one the student chose). */
  readonly id: string;
  /** What the student picks, in plain words. */
  readonly label: string;
  /** True of the engine's state after the run exactly when this answer is what happened. */
  readonly claim: Claim;
}

/** A predict-then-run question. */
export interface Prediction {
  readonly question: string;
  readonly options: readonly PredictionOption[];
  /** Simulated seconds the lab plays after the answer. */
  readonly runSeconds: number;
  /**
   * Said once the run has shown what happened (1–2 sentences; `{name}`
   * placeholders read `values`, evaluated after the run).
   */
  readonly reveal: string;
  /** Values the reveal interpolates, evaluated at step time + runSeconds (span 'since' = the run). */
  readonly values?: Readonly<Record<string, Quantity>>;
  /** Facts the reveal states, checked after the run. */
  readonly claims: readonly Claim[];
}

/** One step of a lesson. */
export interface LessonStep {
  /** A few words: the step's heading. */
  readonly title: string;
  /** The scenario (its seed included); lesson steps often share one object. */
  readonly scenario: ScenarioDraft;
  /** Simulated second the step shows (the engine runs the scenario to it). */
  readonly at: number;
  /** A record the stage follows (the side panel tells its story), if any. */
  readonly follow?: string;
  /**
   * 2–4 plain sentences. `{name}` reads a value (below); `{name:record}`
   * also pluralises the word after the number ("3 records"), and
   * `{name:batch|batches}` picks an irregular plural.
   */
  readonly narration: string;
  /** Values the narration interpolates, computed from the run at `at`. */
  readonly values?: Readonly<Record<string, Quantity>>;
  /** The stage elements the step is about ("Look here"). */
  readonly look: readonly LessonTarget[];
  /** The facts the narration states, each checked on the engine at `at`. */
  readonly claims: readonly Claim[];
  /** AWS rules the narration states, checked against the scenario validator. */
  readonly rules?: readonly RuleCheck[];
  readonly predict?: Prediction;
  /**
   * Lesson 11: the step's configuration as the user tries to create it; the
   * app hands it to the validator (as the Add-trigger button would) and shows
   * what it rejects, while the stage shows `scenario`.
   */
  readonly attempt?: ScenarioDraft;
}

/** A lesson: the lecture's part, told step by step. */
export interface Lesson {
  /** Slug used in links: `#lesson/<id>/<step>`. */
  readonly id: string;
  /** 1-based, the lecture's order. */
  readonly number: number;
  readonly title: string;
  /** Two or three words for the lesson panel's top line ("Stream errors"). */
  readonly short: string;
  /** One line for the lessons list. */
  readonly summary: string;
  /** The source types the lesson's steps use (for the list's icons and tests). */
  readonly sources: readonly SourceType[];
  readonly steps: readonly LessonStep[];
}
