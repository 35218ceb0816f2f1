/**
 * The question templates as data, without the engine: id, topic, kind and
 * title. The practice view, links, tests and the spaced-repetition schedule
 * read this (first paint and the view's chunk stay engine-free); only the
 * quiz worker loads the templates themselves (templates/index.ts). A unit
 * test keeps the two lists equal.
 */
import type { QuestionKind, TopicId } from './types';

/** One template, as the catalog lists it. */
export interface CatalogEntry {
  readonly id: string;
  readonly topic: TopicId;
  readonly kind: QuestionKind;
  readonly title: string;
}

/** Every template, in topic order. */
export const CATALOG: readonly CatalogEntry[] = [
  {
    id: 'blocking-whole-batch-retried',
    topic: 'blocking',
    kind: 'number',
    title: 'A failed stream batch is retried whole',
  },
  {
    id: 'blocking-other-shard',
    topic: 'blocking',
    kind: 'single',
    title: 'A poison record and the other shard',
  },
  {
    id: 'blocking-which-processed',
    topic: 'blocking',
    kind: 'multiple',
    title: 'Which records get past a poison record?',
  },
  {
    id: 'batching-invocation-count',
    topic: 'batching',
    kind: 'number',
    title: 'How many invocations for a burst of records?',
  },
  {
    id: 'batching-window-first-batch',
    topic: 'batching',
    kind: 'number',
    title: 'What a batching window gathers',
  },
  { id: 'batching-six-mb', topic: 'batching', kind: 'number', title: 'The 6 MB payload limit' },
  {
    id: 'batching-accepted-configs',
    topic: 'batching',
    kind: 'multiple',
    title: 'Which batch settings does Lambda accept?',
  },
  {
    id: 'parallelization-peak-concurrency',
    topic: 'parallelization',
    kind: 'number',
    title: 'Concurrent invocations with a parallelization factor',
  },
  {
    id: 'parallelization-blocked-keys',
    topic: 'parallelization',
    kind: 'multiple',
    title: 'A poison record with ParallelizationFactor above 1',
  },
  {
    id: 'parallelization-fix-lag',
    topic: 'parallelization',
    kind: 'fix',
    title: 'A stream consumer falls behind',
  },
  {
    id: 'retries-poison-invocations',
    topic: 'retries',
    kind: 'number',
    title: 'How often is a poison record tried?',
  },
  {
    id: 'retries-which-limit',
    topic: 'retries',
    kind: 'single',
    title: 'Retry attempts or record age: which runs out first?',
  },
  {
    id: 'retries-records-lost',
    topic: 'retries',
    kind: 'number',
    title: 'What a discarded batch takes with it',
  },
  {
    id: 'bisect-poison-invocations',
    topic: 'bisect',
    kind: 'number',
    title: 'Bisect: invocations that hold the poison record',
  },
  {
    id: 'bisect-good-record',
    topic: 'bisect',
    kind: 'number',
    title: 'Bisect: how often a good record is delivered',
  },
  {
    id: 'bisect-fix-good-records',
    topic: 'bisect',
    kind: 'fix',
    title: 'Good records end up in the on-failure destination',
  },
  {
    id: 'destinations-payload',
    topic: 'destinations',
    kind: 'single',
    title: 'What an on-failure destination receives',
  },
  {
    id: 'destinations-batch-size',
    topic: 'destinations',
    kind: 'number',
    title: 'The batchSize of an on-failure record',
  },
  {
    id: 'destinations-which-records',
    topic: 'destinations',
    kind: 'multiple',
    title: 'Which records does the on-failure record cover?',
  },
  {
    id: 'partial-stream-deliveries',
    topic: 'partial',
    kind: 'number',
    title: 'A partial batch response on a stream: how often is the failing record sent?',
  },
  {
    id: 'partial-stream-retried-records',
    topic: 'partial',
    kind: 'multiple',
    title: 'A partial batch response on a stream: what is retried?',
  },
  {
    id: 'partial-not-enabled',
    topic: 'partial',
    kind: 'single',
    title: 'batchItemFailures without ReportBatchItemFailures',
  },
  {
    id: 'partial-fix-reprocessing',
    topic: 'partial',
    kind: 'fix',
    title: 'Good SQS messages processed again after a failure',
  },
  {
    id: 'visibility-window-duplicates',
    topic: 'visibility',
    kind: 'number',
    title: 'A visibility timeout shorter than window plus run time',
  },
  {
    id: 'visibility-retry-gap',
    topic: 'visibility',
    kind: 'number',
    title: 'When does a failed SQS message come back?',
  },
  {
    id: 'visibility-fix-duplicates',
    topic: 'visibility',
    kind: 'fix',
    title: 'Stop duplicate deliveries caused by the visibility timeout',
  },
  {
    id: 'dlq-receive-count',
    topic: 'dlq',
    kind: 'number',
    title: 'How many receives before the DLQ?',
  },
  {
    id: 'dlq-which-messages',
    topic: 'dlq',
    kind: 'multiple',
    title: 'Which messages end up in the DLQ?',
  },
  { id: 'dlq-where', topic: 'dlq', kind: 'fix', title: 'Where does the DLQ go for an SQS source?' },
  {
    id: 'duplicates-counter',
    topic: 'duplicates',
    kind: 'number',
    title: 'A counter that is not idempotent',
  },
  {
    id: 'duplicates-fifo-dedup',
    topic: 'duplicates',
    kind: 'number',
    title: 'FIFO content-based deduplication',
  },
  {
    id: 'duplicates-cause',
    topic: 'duplicates',
    kind: 'single',
    title: 'Why did a message arrive twice?',
  },
  {
    id: 'fifo-peak-concurrency',
    topic: 'fifo',
    kind: 'number',
    title: 'FIFO concurrency and message groups',
  },
  {
    id: 'fifo-failed-group',
    topic: 'fifo',
    kind: 'multiple',
    title: 'A failing message holds back its group',
  },
  {
    id: 'fifo-fix-blocked-group',
    topic: 'fifo',
    kind: 'fix',
    title: 'A poison message blocks its FIFO group',
  },
  {
    id: 'scaling-maximum-concurrency',
    topic: 'scaling',
    kind: 'number',
    title: 'MaximumConcurrency on an SQS mapping',
  },
  {
    id: 'scaling-first-second',
    topic: 'scaling',
    kind: 'number',
    title: 'How fast does an SQS mapping start?',
  },
  {
    id: 'scaling-fix-throttles',
    topic: 'scaling',
    kind: 'fix',
    title: 'Throttles on a stream mapping',
  },
  {
    id: 'starting-latest-or-trim-horizon',
    topic: 'starting',
    kind: 'number',
    title: 'LATEST or TRIM_HORIZON',
  },
  { id: 'starting-at-timestamp', topic: 'starting', kind: 'number', title: 'AT_TIMESTAMP' },
  {
    id: 'starting-accepted',
    topic: 'starting',
    kind: 'multiple',
    title: 'Which starting positions does a source accept?',
  },
  {
    id: 'filtering-count',
    topic: 'filtering',
    kind: 'number',
    title: 'How many records pass a filter?',
  },
  {
    id: 'filtering-sqs-fate',
    topic: 'filtering',
    kind: 'single',
    title: 'What happens to SQS messages a filter rejects?',
  },
  {
    id: 'filtering-stream-fate',
    topic: 'filtering',
    kind: 'single',
    title: 'What happens to stream records a filter rejects?',
  },
  {
    id: 'permissions-fix-role',
    topic: 'permissions',
    kind: 'fix',
    title: 'The execution role cannot read the source',
  },
  {
    id: 'permissions-which-roles',
    topic: 'permissions',
    kind: 'multiple',
    title: 'Which execution roles can read the source?',
  },
  {
    id: 'permissions-what-happens',
    topic: 'permissions',
    kind: 'single',
    title: 'Creating a mapping with a role that cannot read',
  },
];

const BY_ID = new Map(CATALOG.map((e) => [e.id, e]));

/** The catalog entry of a template id, if there is one. */
export function catalogEntry(id: string): CatalogEntry | undefined {
  return BY_ID.get(id);
}

/** The templates of one topic. */
export function templatesOf(topic: TopicId): CatalogEntry[] {
  return CATALOG.filter((e) => e.topic === topic);
}

/** What a kind is called in the question's header. */
export const KIND_LABELS: Readonly<Record<QuestionKind, string>> = {
  single: 'Single choice',
  multiple: 'Multiple choice',
  number: 'Number',
  fix: 'Which setting would fix this?',
};

/** A template's catalog entry, for its definition (templates/*.ts); throws if the catalog lacks it. */
export function entry(id: string): CatalogEntry {
  const e = BY_ID.get(id);
  if (e === undefined) throw new Error(`Template "${id}" is not in the catalog`);
  return e;
}
