/**
 * The "pause when …" toggles as data: label, which sources they apply to,
 * and the sentence shown when one stopped the run.
 */
import type { SimEvent, SourceType } from '../../engine/types';
import type { BreakpointKind } from '../../store/types';
import { describeEvent } from '../log/describe';

/** One breakpoint toggle. */
export interface BreakpointDef {
  readonly kind: BreakpointKind;
  /** Completes "Pause when …". */
  readonly label: string;
  /** The same, in the past tense, for the "paused because …" notice. */
  readonly happened: string;
  readonly sources: readonly SourceType[];
}

/** Every breakpoint, in display order. */
export const BREAKPOINTS: readonly BreakpointDef[] = [
  {
    kind: 'batchFailed',
    label: 'a batch fails',
    happened: 'a batch failed',
    sources: ['kinesis', 'dynamodb', 'sqs', 'sqs-fifo'],
  },
  {
    kind: 'shardBlocked',
    label: 'a shard becomes blocked',
    happened: 'a shard became blocked',
    sources: ['kinesis', 'dynamodb'],
  },
  {
    kind: 'movedToDlq',
    label: 'a message reaches the DLQ',
    happened: 'a message reached the DLQ',
    sources: ['sqs', 'sqs-fifo'],
  },
  {
    kind: 'onFailureDestination',
    label: 'a record is sent to the on-failure destination',
    happened: 'a record was sent to the on-failure destination',
    sources: ['kinesis', 'dynamodb'],
  },
  {
    kind: 'duplicateDelivery',
    label: 'a duplicate is delivered',
    happened: 'a duplicate was delivered',
    sources: ['sqs', 'sqs-fifo'],
  },
];

/** The breakpoints that can fire for a source type. */
export function breakpointsFor(source: SourceType | null): readonly BreakpointDef[] {
  return source === null ? BREAKPOINTS : BREAKPOINTS.filter((b) => b.sources.includes(source));
}

/** "Paused at 12.30 s because a batch failed: Invocation #7 failed: …". */
export function pausedSentence(kind: BreakpointKind, event: SimEvent): string {
  const def = BREAKPOINTS.find((b) => b.kind === kind);
  const why = def ? def.happened : kind;
  return `Paused at ${event.t.toFixed(2)} s because ${why}: ${describeEvent(event).text}.`;
}
