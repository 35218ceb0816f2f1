/**
 * Human sentences for the event log: one describer per SimEvent kind,
 * registered in a table the type checker keeps complete. Each entry carries
 * an icon and a short kind label so meaning never rests on colour alone.
 */
import type { SimEvent, SimEventKind } from '../../engine';
import { shortShard } from '../charts/catalog';
import { formatInstant } from '../charts/format';
import { grouped } from '../numbers';

/** The colour role of an entry (paired with its icon and label). */
export type LogTone = 'neutral' | 'info' | 'success' | 'warning' | 'danger' | 'accent';

/** What the log shows for one event. */
export interface LogEntry {
  readonly icon: string;
  /** Short kind label shown beside the icon, e.g. "Result". */
  readonly label: string;
  readonly tone: LogTone;
  readonly text: string;
  /** Records the entry links to (selectRecord), in the event's order. */
  readonly recordIds: readonly string[];
}

type EventOf<K extends SimEventKind> = Extract<SimEvent, { kind: K }>;
type Describer<K extends SimEventKind> = (e: EventOf<K>) => Omit<LogEntry, 'recordIds'>;

const plural = (n: number, one: string, many = `${one}s`): string =>
  `${grouped(n)} ${n === 1 ? one : many}`;

/** "r1, r2, r3 and 7 more". */
export function listIds(ids: readonly string[], max = 4): string {
  if (ids.length === 0) return 'no records';
  const head = ids.slice(0, max).join(', ');
  return ids.length > max ? `${head} and ${ids.length - max} more` : head;
}

const where = (shardId: string | null): string => (shardId ? ` from ${shortShard(shardId)}` : '');

const TRIGGERS: Readonly<Record<EventOf<'batchSent'>['trigger'], string>> = {
  batchFull: 'BatchSize reached',
  windowElapsed: 'batching window elapsed',
  payloadFull: '6 MB payload full',
  retry: 'retry',
  bisect: 'bisected half',
  partialRetry: 'retry from the first failed item',
  windowEnd: 'tumbling window end',
  polled: 'sent as polled: no batching window',
  duplicate: 'a second copy: at-least-once delivery',
};

const RESULTS: Readonly<
  Record<EventOf<'invocationResult'>['result'], { text: string; tone: LogTone; icon: string }>
> = {
  success: { text: 'succeeded', tone: 'success', icon: '✓' },
  functionError: { text: 'failed: the function threw an error', tone: 'danger', icon: '✗' },
  timeout: { text: 'failed: it ran past the function Timeout', tone: 'danger', icon: '◷' },
  throttled: { text: 'was throttled (429): no concurrency free', tone: 'warning', icon: '⚠' },
  partialFailure: { text: 'reported failed items', tone: 'warning', icon: '◐' },
  invalidResponse: {
    text: 'returned an invalid batchItemFailures response: the whole batch fails',
    tone: 'danger',
    icon: '✗',
  },
};

const SCALING_REASONS: Readonly<Record<EventOf<'scaling'>['reason'], string>> = {
  backlog: 'messages are waiting',
  functionErrors: 'after function errors',
  throttles: 'after throttles',
  idle: 'the queue is quiet',
  cap: 'held at the concurrency cap',
};

const DESCRIBERS: { readonly [K in SimEventKind]: Describer<K> } = {
  recordPut: (e) => ({
    icon: '+',
    label: 'Put',
    tone: 'neutral',
    text: e.shardId
      ? `Record ${e.recordId} put with key ${e.key} into ${shortShard(e.shardId)}`
      : `Message ${e.recordId} sent${e.key ? ` (group ${e.key})` : ''}`,
  }),
  poll: (e) => ({
    icon: '⟳',
    label: 'Poll',
    tone: 'neutral',
    text: e.shardId
      ? `Poller read ${plural(e.polled, 'record')}${where(e.shardId)}`
      : `Pollers received ${plural(e.polled, 'message')}`,
  }),
  batchSent: (e) => ({
    icon: '➜',
    label: 'Batch',
    tone: 'info',
    text:
      `Invocation #${e.invocation} sent ${plural(e.recordIds.length, 'record')}${where(e.shardId)} ` +
      `(${e.attempt > 0 ? `retry ${e.attempt}, ` : ''}${TRIGGERS[e.trigger]}): ${listIds(e.recordIds)}`,
  }),
  invocationResult: (e) => {
    const r = RESULTS[e.result];
    const failed = e.result === 'partialFailure' ? `: ${listIds(e.reportedFailures)}` : '';
    return {
      icon: r.icon,
      label: 'Result',
      tone: r.tone,
      text: `Invocation #${e.invocation} ${r.text}${failed}`,
    };
  },
  retryScheduled: (e) => ({
    icon: '↻',
    label: 'Retry',
    tone: 'warning',
    text:
      `Retry ${e.attempt}${e.maxAttempts >= 0 ? ` of ${e.maxAttempts}` : ' (no retry limit)'} for ` +
      `${plural(e.recordIds.length, 'record')}${where(e.shardId)} at ${formatInstant(e.retryAt)} ` +
      `after ${e.reason === 'functionError' ? 'a function error' : e.reason === 'throttled' ? 'a throttle' : 'a partial failure'}`,
  }),
  bisect: (e) => ({
    icon: '✂',
    label: 'Bisect',
    tone: 'warning',
    text: `Batch split in two (BisectBatchOnFunctionError): ${listIds(e.left, 3)} | ${listIds(e.right, 3)}`,
  }),
  checkpoint: (e) => ({
    icon: '⚑',
    label: 'Checkpoint',
    tone: 'success',
    text: `Checkpoint on ${shortShard(e.shardId)} moved past ${e.recordId}`,
  }),
  shardBlocked: (e) => ({
    icon: '■',
    label: 'Blocked',
    tone: 'danger',
    text: `${capital(shortShard(e.shardId))} blocked: later records wait while ${listIds(e.recordIds, 3)} ${e.recordIds.length === 1 ? 'retries' : 'retry'}`,
  }),
  shardUnblocked: (e) => ({
    icon: '▶',
    label: 'Unblocked',
    tone: 'success',
    text: `${capital(shortShard(e.shardId))} unblocked: processing moves on`,
  }),
  onFailureDestination: (e) => ({
    icon: '✉',
    label: 'Destination',
    tone: 'danger',
    text:
      `${plural(e.recordIds.length, 'record')}${where(e.shardId)} given up (${e.condition}); ` +
      `metadata sent to the ${e.destinationKind.toUpperCase()} on-failure destination: ${listIds(e.recordIds)}`,
  }),
  discarded: (e) => ({
    icon: '⊗',
    label: 'Discarded',
    tone: 'danger',
    text:
      e.deliveryFailed !== undefined
        ? `${plural(e.recordIds.length, 'record')}${where(e.shardId)} discarded (${e.condition}): delivery to the FIFO ${e.deliveryFailed.toUpperCase()} on-failure destination failed (FIFO is not supported): ${listIds(e.recordIds)}`
        : `${plural(e.recordIds.length, 'record')}${where(e.shardId)} discarded (${e.condition}), no destination: ${listIds(e.recordIds)}`,
  }),
  expired: (e) => ({
    icon: '⊖',
    label: 'Expired',
    tone: 'danger',
    text: `${listIds(e.recordIds)} expired: retention removed ${e.recordIds.length === 1 ? 'it' : 'them'} before processing`,
  }),
  filtered: (e) => ({
    icon: '⊘',
    label: 'Filtered',
    tone: 'neutral',
    text: `${listIds(e.recordIds)} filtered out by FilterCriteria (never invoked)`,
  }),
  deduplicated: (e) => ({
    icon: '≡',
    label: 'Deduplicated',
    tone: 'neutral',
    text: `${e.recordId} dropped: same deduplication id as ${e.duplicateOf} within 5 minutes`,
  }),
  messagesDeleted: (e) => ({
    icon: '✓',
    label: 'Deleted',
    tone: 'success',
    text: `Deleted ${plural(e.recordIds.length, 'message')} from the queue: ${listIds(e.recordIds)}`,
  }),
  visibilityTimeoutExpired: (e) => ({
    icon: '◎',
    label: 'Visible again',
    tone: 'warning',
    text: `VisibilityTimeout ran out: ${listIds(e.recordIds)} visible again`,
  }),
  movedToDlq: (e) => ({
    icon: '☠',
    label: 'DLQ',
    tone: 'danger',
    text: `${e.recordId} moved to the dead-letter queue after ${plural(e.receiveCount, 'receive')} (maxReceiveCount)`,
  }),
  duplicateDelivery: (e) => ({
    icon: '⊕',
    label: 'Duplicate',
    tone: 'warning',
    text:
      `${e.recordId} delivered again in invocation #${e.invocation} ` +
      (e.cause === 'atLeastOnce'
        ? '(at-least-once delivery)'
        : '(it became visible while still in flight)'),
  }),
  scaling: (e) => ({
    icon: e.to >= e.from ? '⇡' : '⇣',
    label: 'Scaling',
    tone: 'accent',
    text: `Poller fleet ${e.from} → ${e.to} concurrent invokes: ${SCALING_REASONS[e.reason]}`,
  }),
  windowClosed: (e) => ({
    icon: '▭',
    label: 'Window',
    tone: 'info',
    text: `Tumbling window ${formatInstant(e.windowStart)}–${formatInstant(e.windowEnd)} closed on ${shortShard(e.shardId)}`,
  }),
  edit: (e) => ({
    icon: '✎',
    label: 'Edit',
    tone: 'accent',
    text: `Live edit: ${e.description}`,
  }),
  mappingDisabled: () => ({
    icon: '○',
    label: 'Disabled',
    tone: 'warning',
    text: 'Mapping disabled (Enabled: false): polling stops, records wait',
  }),
  mappingEnabled: () => ({
    icon: '◉',
    label: 'Enabled',
    tone: 'success',
    text: 'Mapping enabled: polling resumes from the checkpoint',
  }),
};

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The record ids an event is about (for links and the record filter). */
export function eventRecordIds(e: SimEvent): readonly string[] {
  switch (e.kind) {
    case 'recordPut':
    case 'deduplicated':
    case 'movedToDlq':
    case 'duplicateDelivery':
      return [e.recordId];
    case 'checkpoint':
      return [e.recordId];
    case 'bisect':
      return [...e.left, ...e.right];
    case 'batchSent':
    case 'invocationResult':
    case 'retryScheduled':
    case 'shardBlocked':
    case 'onFailureDestination':
    case 'discarded':
    case 'expired':
    case 'filtered':
    case 'messagesDeleted':
    case 'visibilityTimeoutExpired':
      return e.recordIds;
    default:
      return [];
  }
}

/** The shard an event happened on, or null (queues, account-wide events). */
export function eventShard(e: SimEvent): string | null {
  return 'shardId' in e ? (e.shardId ?? null) : null;
}

/** Describes one event for the log. */
export function describeEvent(e: SimEvent): LogEntry {
  const d = (DESCRIBERS[e.kind] as Describer<SimEventKind>)(e as EventOf<SimEventKind>);
  return { ...d, recordIds: eventRecordIds(e) };
}
