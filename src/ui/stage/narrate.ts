/**
 * Narration: turns significant engine events into one learner sentence each,
 * and coalesces them so a screen reader hears at most one message per ~2 s of
 * wall time. Pure (tested in Node); the Narrator component owns the timer.
 */
import type { SimEvent } from '../../engine/types';

const shard = (id: string | null): string => {
  if (id === null) return '';
  const m = /(\d+)$/.exec(id);
  return m?.[1] !== undefined ? `Shard ${Number.parseInt(m[1], 10)}` : id;
};

const list = (ids: readonly string[]): string =>
  ids.length <= 3 ? ids.join(', ') : `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more`;

const RESULT_TEXT: Record<string, string> = {
  functionError: 'a function error',
  timeout: 'a timeout',
  throttled: 'throttling',
  partialFailure: 'a partial batch failure',
  invalidResponse: 'an invalid response',
};

/** The sentence for a significant event, or null for routine ones (polls, successes). */
export function narrateEvent(e: SimEvent): string | null {
  switch (e.kind) {
    case 'invocationResult':
      if (e.result === 'success') return null;
      if (e.result === 'partialFailure') {
        // The function returned normally and listed items: a response, not a crash.
        const n = e.reportedFailures.length;
        return `Invocation #${e.invocation}${e.shardId !== null ? ` on ${shard(e.shardId)}` : ''} reported ${n} failed item${n === 1 ? '' : 's'} in its partial batch response.`;
      }
      return `Invocation #${e.invocation}${e.shardId !== null ? ` on ${shard(e.shardId)}` : ''} failed with ${RESULT_TEXT[e.result] ?? e.result}.`;
    case 'shardBlocked':
      return `${shard(e.shardId)} is blocked: it retries the failed batch and the records behind it wait.`;
    case 'shardUnblocked':
      return `${shard(e.shardId)} is moving again.`;
    case 'bisect':
      return `${shard(e.shardId)}: the failed batch is split in two (${e.left.length} + ${e.right.length} records).`;
    case 'onFailureDestination':
      return `${list(e.recordIds)} sent to the on-failure ${e.destinationKind.toUpperCase()} destination (${e.condition === 'RecordAgeExceeded' ? 'record too old' : 'retries exhausted'}).`;
    case 'discarded':
      return `${list(e.recordIds)} discarded (${e.condition === 'RecordAgeExceeded' ? 'record too old' : 'retries exhausted'}).`;
    case 'movedToDlq':
      return `Message ${e.recordId} moved to the dead-letter queue after ${e.receiveCount} receives.`;
    case 'duplicateDelivery':
      return `Message ${e.recordId} was delivered twice (${e.cause === 'visibilityTimeout' ? 'visibility timeout expired while in flight' : 'at-least-once delivery'}).`;
    case 'edit':
      return `Change applied: ${e.description}.`;
    case 'mappingDisabled':
      return 'The event source mapping was disabled.';
    case 'mappingEnabled':
      return 'The event source mapping was enabled.';
    default:
      return null;
  }
}

/** Minimum wall time between two announcements. */
export const NARRATION_INTERVAL_MS = 2000;

/** A sentence waiting to be announced, with how much it matters. */
export interface Pending {
  readonly text: string;
  readonly priority: number;
  /** Per-message sentences of one kind merge into one ("Messages a, b and c were …"). */
  readonly merge?: { readonly key: string; readonly id: string } | undefined;
}

/** How a per-message event merges with others of its kind, or undefined. */
export function mergeOf(e: SimEvent): Pending['merge'] {
  switch (e.kind) {
    case 'movedToDlq':
      return { key: `dlq:${e.receiveCount}`, id: e.recordId };
    case 'duplicateDelivery':
      return { key: `dup:${e.cause}`, id: e.recordId };
    default:
      return undefined;
  }
}

/** The sentence for several messages merged under one key (see mergeOf). */
function mergedText(key: string, ids: readonly string[]): string {
  const [kind, detail] = key.split(':') as [string, string];
  const who = `Messages ${list(ids)}`;
  if (kind === 'dlq') return `${who} moved to the dead-letter queue after ${detail} receives.`;
  return `${who} were delivered twice (${detail === 'visibilityTimeout' ? 'visibility timeout expired while in flight' : 'at-least-once delivery'}).`;
}

/** Merges per-message sentences of the same kind, keeping the first one's place. */
function mergeMessages(pending: readonly Pending[]): Pending[] {
  const ids = new Map<string, string[]>();
  for (const p of pending) {
    if (p.merge === undefined) continue;
    const seen = ids.get(p.merge.key);
    if (seen === undefined) ids.set(p.merge.key, [p.merge.id]);
    else if (!seen.includes(p.merge.id)) seen.push(p.merge.id);
  }
  const out: Pending[] = [];
  const done = new Set<string>();
  for (const p of pending) {
    if (p.merge === undefined) {
      out.push(p);
      continue;
    }
    if (done.has(p.merge.key)) continue;
    done.add(p.merge.key);
    const group = ids.get(p.merge.key) ?? [p.merge.id];
    out.push(
      group.length === 1 ? p : { text: mergedText(p.merge.key, group), priority: p.priority },
    );
  }
  return out;
}

/**
 * How much an event matters to a learner: where records end up first, then
 * what blocks progress, then single failures, then edits.
 */
export function narrationPriority(e: SimEvent): number {
  switch (e.kind) {
    case 'movedToDlq':
    case 'onFailureDestination':
    case 'discarded':
      return 4;
    case 'shardBlocked':
    case 'bisect':
    case 'duplicateDelivery':
      return 3;
    case 'invocationResult':
      return 2;
    default:
      return 1;
  }
}

/**
 * One announcement from everything pending: the two most important distinct
 * sentences (in the order they happened), plus a count of the rest.
 */
export function coalesce(all: readonly Pending[]): string | null {
  if (all.length === 0) return null;
  const pending = mergeMessages(all);
  const distinct: { p: Pending; i: number }[] = [];
  pending.forEach((p, i) => {
    if (!distinct.some((d) => d.p.text === p.text)) distinct.push({ p, i });
  });
  const top = [...distinct]
    .sort((a, b) => b.p.priority - a.p.priority || a.i - b.i)
    .slice(0, 2)
    .sort((a, b) => a.i - b.i);
  const rest = pending.length - top.length;
  const said = top.map((d) => d.p.text).join(' ');
  return rest > 0 ? `${said} And ${rest} more event${rest === 1 ? '' : 's'}.` : said;
}
