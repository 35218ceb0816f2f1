/**
 * Stage targets: the names by which a lesson step, an exam question's
 * "Show me" or the presenter can point at one element of the stage ("look at
 * the blocked shard", "the DLQ", "message m3's visibility ring").
 *
 * The contract: every stage element listed here carries
 * `data-stage-target="<id>"` (spread `targetProps(id, highlighted)` on it),
 * and while `useUiStore.highlight` names it, `data-highlighted="true"`, which
 * global.css draws as a thick ring with a "Look here" tag (shape and text,
 * never colour alone). Whatever the stage looks like, these ids keep working;
 * e2e specs and lessons locate elements by them.
 */
import { useUiStore } from '../../store/uiStore';

/** The elements of the stage that can be pointed at. */
export type StageTarget =
  /** The stream or queue as a whole. */
  | 'source'
  /** A stream shard's row: its records, checkpoint and blocked badge (shard index from 0). */
  | `shard:${number}`
  /** A shard's batch slots: the batches being gathered or in flight (ParallelizationFactor lanes). */
  | `batches:${number}`
  /** The poller(s): stream iterators' next poll, or the SQS poller fleet. */
  | 'pollers'
  /** The batching window countdown (streams: of shard n; SQS standard: the fleet's). */
  | `window:${number}`
  | 'window'
  /** The function: invocations in flight, runtime against Timeout. */
  | 'function'
  /** The concurrency figure in the stage header ("Concurrency 3 of 10"). */
  | 'concurrency'
  /** Stream on-failure destination (SQS, SNS or S3) and the discard bin. */
  | 'destination'
  | 'discard'
  /** SQS: visible messages, in-flight messages (with visibility rings), the DLQ. */
  | 'queue'
  | 'inflight'
  | 'dlq'
  /** SQS FIFO: one message group's row. */
  | `group:${string}`
  /** One record or message, wherever it is drawn (chip, ring, DLQ entry). */
  | `record:${string}`
  /** The narration strip ("What just happened"). */
  | 'narration';

/** The attributes a stage element spreads to be a target. */
export function targetProps(
  id: StageTarget,
  highlighted: boolean,
): { readonly 'data-stage-target': string; readonly 'data-highlighted'?: 'true' } {
  return highlighted
    ? { 'data-stage-target': id, 'data-highlighted': 'true' }
    : { 'data-stage-target': id };
}

/** True while the UI store's highlight names `id` (re-renders only when that changes). */
export function useHighlighted(id: StageTarget): boolean {
  return useUiStore((s) => s.highlight.includes(id));
}

/** `targetProps` for `id` with its live highlight state. */
export function useTarget(id: StageTarget): ReturnType<typeof targetProps> {
  return targetProps(id, useHighlighted(id));
}
