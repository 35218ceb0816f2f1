/**
 * The exam topics, in teaching order: the lesson topics of issue #15. The
 * practice view's topic filter, a test's per-topic score and the spaced
 * repetition's weak-topic pick all read this list.
 */
import type { TopicId } from './types';

/** A topic: its id and the name students see. */
export interface Topic {
  readonly id: TopicId;
  readonly name: string;
}

/** Every topic, in the order the lessons teach them. */
export const TOPICS: readonly Topic[] = [
  { id: 'blocking', name: 'Stream ordering and blocking' },
  { id: 'batching', name: 'Batch size, window and 6 MB' },
  { id: 'parallelization', name: 'Parallelization factor' },
  { id: 'retries', name: 'Retries and record age' },
  { id: 'bisect', name: 'Bisect on function error' },
  { id: 'destinations', name: 'On-failure destinations' },
  { id: 'partial', name: 'Partial batch responses' },
  { id: 'visibility', name: 'Visibility timeout and receive count' },
  { id: 'dlq', name: 'Dead-letter queues' },
  { id: 'duplicates', name: 'Duplicates and idempotency' },
  { id: 'fifo', name: 'FIFO groups and concurrency' },
  { id: 'scaling', name: 'Scaling and MaximumConcurrency' },
  { id: 'starting', name: 'Starting positions' },
  { id: 'filtering', name: 'Event filtering' },
  { id: 'permissions', name: 'Execution role permissions' },
];

const BY_ID = new Map(TOPICS.map((t) => [t.id, t]));

/** The topic's name ("Bisect on function error"). */
export function topicName(id: TopicId): string {
  return BY_ID.get(id)?.name ?? id;
}

/** True if `id` names a topic. */
export function isTopicId(id: string): id is TopicId {
  return BY_ID.has(id as TopicId);
}
