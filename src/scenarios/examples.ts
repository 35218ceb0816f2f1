/**
 * The example scenarios the app offers as presets and lessons build on: one per
 * behaviour. The JSON bodies live in `public/scenarios/<id>.json` (fetched
 * relative to the page, see `exampleUrl`); `public/scenarios/index.json` is
 * this list as JSON (a test keeps the two equal).
 */
import type { SourceType } from '../engine/types';

/** One example scenario: what it shows and what to learn from it. */
export interface ExampleInfo {
  /** File name without `.json`. */
  readonly id: string;
  readonly title: string;
  readonly sourceType: SourceType;
  /** The behaviour the run shows, in one line. */
  readonly description: string;
  /** The lesson to take away, in one line. */
  readonly lesson: string;
}

/** Every example, in the order a course would meet them. */
export const EXAMPLES: readonly ExampleInfo[] = [
  {
    id: 'kinesis-happy-path',
    title: 'Kinesis: the happy path',
    sourceType: 'kinesis',
    description:
      'Records flow from one shard to the function in batches; every batch succeeds and the checkpoint moves on. AWS’s defaults: BatchSize 100 and no batching window, so each poll’s records go at once.',
    lesson:
      'A stream mapping reads each shard in order and checkpoints after each successful batch.',
  },
  {
    id: 'kinesis-poison-blocks-shard',
    title: 'Kinesis: a poison record blocks its shard',
    sourceType: 'kinesis',
    description:
      'One record always fails. With the default settings Lambda retries its batch again and again, and every record behind it waits.',
    lesson:
      'By default a stream retries a failing batch until the record expires (up to a week on Kinesis): set retry and age limits.',
  },
  {
    id: 'kinesis-retry-attempts-to-destination',
    title: 'Kinesis: retry attempts, then the on-failure destination',
    sourceType: 'kinesis',
    description:
      'With MaximumRetryAttempts 2 the failing batch is tried 3 times, then its details go to an SQS queue and the shard moves on.',
    lesson:
      'Retry attempts bound the blocking; the on-failure destination receives metadata only, not the records.',
  },
  {
    id: 'kinesis-max-record-age',
    title: 'Kinesis: maximum age of record unblocks the shard',
    sourceType: 'kinesis',
    description:
      'The poison record is retried until it is 60 seconds old, then discarded without another invocation; the waiting records follow.',
    lesson:
      'MaximumRecordAgeInSeconds (60 s to 7 days) drops records too old to be worth processing.',
  },
  {
    id: 'kinesis-bisect-isolates-poison',
    title: 'Kinesis: split batch on error isolates the poison record',
    sourceType: 'kinesis',
    description:
      'A batch of 8 fails; Lambda splits it in halves until the poison record is alone, and only that record goes to the destination.',
    lesson:
      'BisectBatchOnFunctionError finds the bad record; the splits do not use up retry attempts.',
  },
  {
    id: 'kinesis-partial-batch-response',
    title: 'Kinesis: report batch item failures (the recorded AWS run)',
    sourceType: 'kinesis',
    description:
      'Six records, batches of 3, the last record always reported failed: the first five are delivered once, the last five times.',
    lesson:
      'A partial-batch response moves the checkpoint to the failed record and starts a fresh retry count from there.',
  },
  {
    id: 'kinesis-parallelization-factor',
    title: 'Kinesis: concurrent batches per shard',
    sourceType: 'kinesis',
    description:
      'One shard, ParallelizationFactor 4: up to four batches of different partition keys run at once.',
    lesson:
      'Concurrency for streams is shards × ParallelizationFactor; order still holds per partition key.',
  },
  {
    id: 'kinesis-batch-window',
    title: 'Kinesis: a batch window gathers bigger batches',
    sourceType: 'kinesis',
    description:
      'With a 5-second batch window, Lambda waits and invokes with about 50 records instead of a few at a time.',
    lesson: 'MaximumBatchingWindowInSeconds trades latency for fewer, larger invocations.',
  },
  {
    id: 'kinesis-throttled',
    title: 'Kinesis: throttles are retried without using up retry attempts',
    sourceType: 'kinesis',
    description:
      'Three shards share a reserved concurrency of 1; throttled batches wait and retry, and nothing is dropped even with MaximumRetryAttempts 0.',
    lesson: 'Throttles are not function errors: streams retry them until the records expire.',
  },
  {
    id: 'kinesis-tumbling-window',
    title: 'Kinesis: tumbling windows aggregate over 30 seconds',
    sourceType: 'kinesis',
    description:
      'Records are grouped into 30-second windows; the function carries state between invocations of a window.',
    lesson: 'TumblingWindowInSeconds gives simple stream aggregation without an external store.',
  },
  {
    id: 'kinesis-s3-destination',
    title: 'Kinesis: an S3 on-failure destination keeps the records',
    sourceType: 'kinesis',
    description:
      'After one retry the failing batch goes to an S3 bucket, and the object includes the original invocation payload.',
    lesson:
      'Unlike SQS and SNS destinations, S3 receives the records themselves, not just their sequence numbers.',
  },
  {
    id: 'dynamodb-stream-basics',
    title: 'DynamoDB Streams: item changes flow per shard, in order per key',
    sourceType: 'dynamodb',
    description:
      'Item changes land on two shards by item key; each shard is polled four times a second and processed in order.',
    lesson:
      'DynamoDB Streams behave like Kinesis for Lambda: shards, batches, checkpoints, ordering per key.',
  },
  {
    id: 'dynamodb-poison-one-day',
    title: 'DynamoDB Streams: a poison record blocks its shard until it is a day old',
    sourceType: 'dynamodb',
    description:
      'A failing record written almost 24 hours ago blocks the shard until the stream’s 24-hour retention removes it; the newer records then flow.',
    lesson: 'With default settings a bad record blocks a DynamoDB stream shard for up to one day.',
  },
  {
    id: 'sqs-happy-path',
    title: 'SQS: the happy path',
    sourceType: 'sqs',
    description:
      'Pollers receive batches of up to 10 messages; each successful invocation deletes its messages from the queue.',
    lesson:
      'With SQS, Lambda deletes messages after a successful invocation; there is no checkpoint.',
  },
  {
    id: 'sqs-poison-to-dlq',
    title: 'SQS: a poison message moves to the dead-letter queue',
    sourceType: 'sqs',
    description:
      'The poison message reappears after each visibility timeout; after 2 receives SQS moves it to the queue’s DLQ.',
    lesson:
      'For SQS sources, failures are handled by the queue’s redrive policy (maxReceiveCount), not by Lambda.',
  },
  {
    id: 'sqs-partial-batch-response',
    title: 'SQS: report batch item failures returns only the failed message',
    sourceType: 'sqs',
    description:
      'One message of a batch of 10 fails twice; only it returns to the queue, the other nine are deleted after one delivery.',
    lesson:
      'Without ReportBatchItemFailures, a failure returns the whole batch, good messages too.',
  },
  {
    id: 'sqs-visibility-timeout-too-short',
    title: 'SQS: a visibility timeout that is too short delivers messages twice',
    sourceType: 'sqs',
    description:
      'The batch window plus the function’s run time outlast the 5-second visibility timeout, so messages become visible and are received again while still being processed.',
    lesson:
      'Set the visibility timeout to at least 6× the function timeout, plus the batch window.',
  },
  {
    id: 'sqs-scaling-burst',
    title: 'SQS: the poller fleet scales up under a burst',
    sourceType: 'sqs',
    description:
      'A burst of 100 messages per second: Lambda starts with 5 concurrent invocations and adds more each minute while messages wait.',
    lesson:
      'SQS scaling starts at 5 and grows by up to 300 concurrent invocations per minute (since Nov 2023).',
  },
  {
    id: 'sqs-duplicates-at-least-once',
    title: 'SQS: at-least-once delivery means occasional duplicates',
    sourceType: 'sqs',
    description:
      'Without any failure, a few messages are delivered to the function twice, as standard queues allow.',
    lesson: 'Event source mappings are at-least-once: make the function idempotent.',
  },
  {
    id: 'sqs-filtering',
    title: 'SQS: event filtering deletes messages that do not match',
    sourceType: 'sqs',
    description:
      'A filter on body.type = "order" lets orders through; refunds and plain-text messages are deleted without an invocation.',
    lesson: 'Filtered-out SQS messages are deleted, not kept: filter only what you never need.',
  },
  {
    id: 'fifo-ordering',
    title: 'SQS FIFO: order is kept within each message group',
    sourceType: 'sqs-fifo',
    description:
      'Three message groups; each group’s messages reach the function in send order and never in two invocations at once.',
    lesson: 'FIFO ordering is per MessageGroupId; different groups are processed in parallel.',
  },
  {
    id: 'fifo-failed-group-blocks',
    title: 'SQS FIFO: a failing message holds back its group only',
    sourceType: 'sqs-fifo',
    description:
      'Message a2 fails twice: a3 and a4 wait for its retries while group B carries on (batch size 1 keeps the groups in separate invocations).',
    lesson:
      'In a FIFO queue a failure blocks the rest of its message group until it succeeds or leaves the queue.',
  },
  {
    id: 'fifo-concurrency-bounded-by-groups',
    title: 'SQS FIFO: concurrency is bounded by the number of message groups',
    sourceType: 'sqs-fifo',
    description:
      'Plenty of messages and MaximumConcurrency 10, yet never more than 3 invocations run: there are only 3 groups.',
    lesson: 'FIFO concurrency is at most the number of active message groups.',
  },
  {
    id: 'fifo-deduplication',
    title: 'SQS FIFO: deduplication drops a resend within five minutes',
    sourceType: 'sqs-fifo',
    description:
      'The same order is sent twice with one MessageDeduplicationId; the queue accepts only the first.',
    lesson:
      'FIFO queues remember a deduplication id for 5 minutes, so a retrying producer does not create duplicates.',
  },
];

/** The example with this id, if any. */
export function exampleById(id: string): ExampleInfo | undefined {
  return EXAMPLES.find((e) => e.id === id);
}

/** Where the app fetches an example's JSON, relative to the page. */
export function exampleUrl(id: string): string {
  return `./scenarios/${id}.json`;
}
