/**
 * The charts the app can show, registered as data: the AWS metric names they
 * plot, their unit, which sources they apply to, and the one-line caption a
 * learner reads (what it means, what to notice). Order is display order.
 */
import type { MetricName, MetricsSeries, SourceType } from '../../engine';
import type { MetricUnit } from './format';
import type { ChartLine } from './metricChart';

/** The colour role of a chart's main line (always paired with a legend label). */
export type ChartTone = 'info' | 'accent' | 'danger' | 'warning' | 'success';

/** One small multiple. */
export interface ChartDef {
  readonly id: string;
  /** As AWS names the metric(s). */
  readonly title: string;
  readonly unit: MetricUnit;
  readonly tone: ChartTone;
  readonly caption: string;
  readonly sources: readonly SourceType[];
  /** The lines to draw from the metrics (missing series draw as zero). */
  readonly lines: (metrics: MetricsSeries) => ChartLine[];
}

const STREAMS: readonly SourceType[] = ['kinesis', 'dynamodb'];
const QUEUES: readonly SourceType[] = ['sqs', 'sqs-fifo'];
const ALL: readonly SourceType[] = [...STREAMS, ...QUEUES];

/** Most shards drawn individually on the IteratorAge chart (the maximum line covers all). */
export const MAX_SHARD_LINES = 6;

const EMPTY: readonly number[] = [];

function metricLine(m: MetricsSeries, name: MetricName, label: string = name): ChartLine {
  return { id: name, label, values: m.series[name] ?? EMPTY, start: m.start };
}

/** "shardId-000000000003" → "shard 3". */
export function shortShard(id: string): string {
  const m = /(\d+)$/.exec(id);
  return m ? `shard ${Number(m[1])}` : id;
}

const single =
  (name: MetricName) =>
  (m: MetricsSeries): ChartLine[] => [metricLine(m, name)];

/** Every chart, in display order. */
export const CHARTS: readonly ChartDef[] = [
  {
    id: 'IteratorAge',
    title: 'IteratorAge',
    unit: 'ms',
    tone: 'accent',
    caption:
      'Age of the records in each batch sent. Rising steadily: a shard is blocked or the function is too slow.',
    sources: STREAMS,
    lines: (m) => {
      const byShard = Object.entries(m.iteratorAgeByShard ?? {})
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .slice(0, MAX_SHARD_LINES)
        .map(([id, values]) => ({ id, label: shortShard(id), values, start: m.start }));
      return [metricLine(m, 'IteratorAge', 'Maximum'), ...(byShard.length > 1 ? byShard : [])];
    },
  },
  {
    id: 'ApproximateAgeOfOldestMessage',
    title: 'ApproximateAgeOfOldestMessage',
    unit: 'seconds',
    tone: 'accent',
    caption:
      'How long the oldest message has waited. Climbing: pollers fall behind, or a poison message keeps coming back.',
    sources: QUEUES,
    lines: single('ApproximateAgeOfOldestMessage'),
  },
  {
    id: 'Messages',
    title: 'ApproximateNumberOfMessagesVisible / NotVisible',
    unit: 'count',
    tone: 'info',
    caption:
      'Visible: waiting. Not visible: in flight. A growing visible backlog: the pollers cannot keep up.',
    sources: QUEUES,
    lines: (m) => [
      metricLine(m, 'ApproximateNumberOfMessagesVisible', 'Visible'),
      metricLine(m, 'ApproximateNumberOfMessagesNotVisible', 'Not visible'),
    ],
  },
  {
    id: 'ConcurrentExecutions',
    title: 'ConcurrentExecutions',
    unit: 'count',
    tone: 'info',
    caption:
      'Instances running at once. Flat at a ceiling: a concurrency cap (shards × factor, maximum, reserved) holds it.',
    sources: ALL,
    lines: single('ConcurrentExecutions'),
  },
  {
    id: 'PollerFleetSize',
    title: 'PollerFleetSize',
    unit: 'count',
    tone: 'success',
    caption:
      'Concurrent invokes the SQS pollers allow. Grows up to 300 a minute while messages wait; shrinks after errors.',
    sources: QUEUES,
    lines: single('PollerFleetSize'),
  },
  {
    id: 'Invocations',
    title: 'Invocations',
    unit: 'count',
    tone: 'info',
    caption:
      'Invocations per second, failed ones included, throttled ones not. Steady with errors: the same batch retried.',
    sources: ALL,
    lines: single('Invocations'),
  },
  {
    id: 'Errors',
    title: 'Errors',
    unit: 'count',
    tone: 'danger',
    caption:
      'Invocations that threw or timed out. On a stream each one retries the whole batch and blocks its shard.',
    sources: ALL,
    lines: single('Errors'),
  },
  {
    id: 'Throttles',
    title: 'Throttles',
    unit: 'count',
    tone: 'warning',
    caption:
      'Invokes refused for lack of concurrency (429). Any at all: reserved concurrency is below what the mapping wants.',
    sources: ALL,
    lines: single('Throttles'),
  },
  {
    id: 'OnFailureDestinationDeliveredEventCount',
    title: 'OnFailureDestinationDeliveredEventCount',
    unit: 'count',
    tone: 'danger',
    caption:
      'Records given up and described to the on-failure destination (metadata only): re-read them from the stream.',
    sources: STREAMS,
    lines: single('OnFailureDestinationDeliveredEventCount'),
  },
  {
    id: 'DroppedEventCount',
    title: 'DroppedEventCount',
    unit: 'count',
    tone: 'danger',
    caption:
      'Records dropped after retries or MaximumRecordAgeInSeconds ran out. Without a destination, that data is gone.',
    sources: STREAMS,
    lines: single('DroppedEventCount'),
  },
  {
    id: 'BlockedShards',
    title: 'BlockedShards',
    unit: 'count',
    tone: 'warning',
    caption:
      'Shards stuck retrying a failed batch (a teaching metric). While blocked, no later record of the shard moves.',
    sources: STREAMS,
    lines: single('BlockedShards'),
  },
  {
    id: 'DeadLetterQueueDepth',
    title: 'DeadLetterQueueDepth',
    unit: 'count',
    tone: 'danger',
    caption:
      'Messages moved to the DLQ after maxReceiveCount receives. Rising: poison messages, or a too-short VisibilityTimeout.',
    sources: QUEUES,
    lines: single('DeadLetterQueueDepth'),
  },
  {
    id: 'DuplicateDeliveries',
    title: 'DuplicateDeliveries',
    unit: 'count',
    tone: 'warning',
    caption:
      'Messages delivered again while processed or in flight. Delivery is at-least-once: keep the function idempotent.',
    sources: QUEUES,
    lines: single('DuplicateDeliveries'),
  },
];

/** The charts that apply to a source type, in display order. */
export function chartsFor(source: SourceType): readonly ChartDef[] {
  return CHARTS.filter((c) => c.sources.includes(source));
}
