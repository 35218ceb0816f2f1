/**
 * Event log filtering: by kind category (the checkbox group), by shard or
 * FIFO message group, and by record id. Pure over the store's bounded event
 * buffer; anything derived (the id → group index) is capped too.
 */
import type { SimEvent, SimEventKind } from '../../engine';
import { eventRecordIds, eventShard } from './describe';

/** A checkbox in the kind filter: a few related event kinds. */
export interface KindCategory {
  readonly id: string;
  readonly label: string;
  readonly kinds: readonly SimEventKind[];
}

/** The kind filter's checkboxes, in display order; together they cover every kind. */
export const KIND_CATEGORIES: readonly KindCategory[] = [
  { id: 'put', label: 'Records put', kinds: ['recordPut'] },
  { id: 'poll', label: 'Polls', kinds: ['poll'] },
  { id: 'batch', label: 'Batches sent', kinds: ['batchSent'] },
  { id: 'result', label: 'Results', kinds: ['invocationResult'] },
  { id: 'retry', label: 'Retries and bisects', kinds: ['retryScheduled', 'bisect'] },
  {
    id: 'progress',
    label: 'Checkpoints and deletes',
    kinds: ['checkpoint', 'messagesDeleted', 'windowClosed'],
  },
  {
    id: 'failure',
    label: 'Blocked, given up, DLQ',
    kinds: [
      'shardBlocked',
      'shardUnblocked',
      'onFailureDestination',
      'discarded',
      'expired',
      'movedToDlq',
    ],
  },
  {
    id: 'queue',
    label: 'Visibility and duplicates',
    kinds: ['visibilityTimeoutExpired', 'duplicateDelivery', 'deduplicated', 'filtered'],
  },
  {
    id: 'control',
    label: 'Scaling and edits',
    kinds: ['scaling', 'edit', 'mappingDisabled', 'mappingEnabled'],
  },
];

/** What the log shows. Empty `where` / `record` = no restriction. */
export interface LogFilter {
  /** Category ids that are switched off. */
  readonly hidden: ReadonlySet<string>;
  /** A shard id (streams) or a MessageGroupId (FIFO), '' for all. */
  readonly where: string;
  /** An exact record id, '' for all. */
  readonly record: string;
}

/** Shows everything except the noisiest kinds (puts and polls) a learner rarely reads. */
export const DEFAULT_FILTER: LogFilter = {
  hidden: new Set(['put', 'poll']),
  where: '',
  record: '',
};

const CATEGORY_OF: ReadonlyMap<SimEventKind, string> = new Map(
  KIND_CATEGORIES.flatMap((c) => c.kinds.map((k) => [k, c.id] as const)),
);

/** The category id an event kind belongs to. */
export function categoryOf(kind: SimEventKind): string {
  return CATEGORY_OF.get(kind) ?? 'control';
}

/** The most ids remembered for the group filter (the store's buffer is smaller). */
export const MAX_GROUP_INDEX = 20_000;

/**
 * Record id → where it lives (its shard on a stream, its MessageGroupId on a
 * queue) from the recordPut events and the scenario's explicit records,
 * capped at `limit` entries (the oldest are forgotten first).
 */
export function groupIndex(
  events: readonly SimEvent[],
  explicit: readonly { readonly id: string; readonly key: string }[] = [],
  limit = MAX_GROUP_INDEX,
): Map<string, string> {
  const m = new Map<string, string>();
  for (const r of explicit.slice(-limit)) m.set(r.id, r.key);
  for (const e of events) {
    if (e.kind !== 'recordPut') continue;
    m.set(e.recordId, e.shardId ?? e.key);
    if (m.size > limit) {
      const oldest = m.keys().next();
      if (!oldest.done) m.delete(oldest.value);
    }
  }
  return m;
}

/** The events that pass the filter, oldest first. */
export function filterEvents(
  events: readonly SimEvent[],
  filter: LogFilter,
  keyOf: ReadonlyMap<string, string> = new Map(),
): SimEvent[] {
  const record = filter.record.trim();
  const where = filter.where;
  return events.filter((e) => {
    if (filter.hidden.has(categoryOf(e.kind))) return false;
    const ids = record !== '' || (where !== '' && eventShard(e) === null) ? eventRecordIds(e) : [];
    if (record !== '' && !ids.includes(record)) return false;
    if (where !== '') {
      const shard = eventShard(e);
      if (shard !== null) return shard === where;
      if (e.kind === 'recordPut') return e.key === where;
      // Queue events carry no group: look their records up.
      return ids.some((id) => keyOf.get(id) === where);
    }
    return true;
  });
}

/** The log's filtered rows, remembered between frames so `refilter` can extend them. */
export interface FilteredView {
  readonly events: readonly SimEvent[];
  readonly filter: LogFilter;
  readonly keyOf: ReadonlyMap<string, string>;
  readonly rows: readonly SimEvent[];
}

/**
 * How many leading events of `next` are the tail of `prev` (the same
 * objects, in order): the store's ring buffer grows at the back and drops
 * at the front. -1 when `next` is not such a continuation (a reset or seek).
 */
function keptFromPrev(prev: readonly SimEvent[], next: readonly SimEvent[]): number {
  const last = prev[prev.length - 1];
  if (last === undefined) return 0;
  // Search from the back: normally only a few events are new.
  for (let i = next.length - 1; i >= 0; i--) {
    if (next[i] !== last) continue;
    const kept = i + 1;
    return next[0] === prev[prev.length - kept] ? kept : -1;
  }
  return -1;
}

/**
 * The rows `filterEvents(events, filter, keyOf)` returns, computed from
 * `prev` when only the buffer changed and it merely grew at the back and
 * lost events at the front: then only the new events are tested and the
 * dropped ones are cut off the front, so a playing log costs O(new events)
 * per frame instead of a pass over the whole buffer.
 */
export function refilter(
  prev: FilteredView | null,
  events: readonly SimEvent[],
  filter: LogFilter,
  keyOf: ReadonlyMap<string, string>,
): FilteredView {
  if (prev === null || prev.filter !== filter || prev.keyOf !== keyOf) {
    return { events, filter, keyOf, rows: filterEvents(events, filter, keyOf) };
  }
  if (prev.events === events) return prev;
  const kept = keptFromPrev(prev.events, events);
  if (kept < 0) return { events, filter, keyOf, rows: filterEvents(events, filter, keyOf) };
  // Rows are a subsequence of the events: count the rows among the dropped front.
  const dropped = prev.events.length - kept;
  let droppedRows = 0;
  for (let i = 0; i < dropped && droppedRows < prev.rows.length; i++) {
    if (prev.events[i] === prev.rows[droppedRows]) droppedRows++;
  }
  const fresh = filterEvents(events.slice(kept), filter, keyOf);
  const rows =
    droppedRows === 0 && fresh.length === 0
      ? prev.rows
      : [...prev.rows.slice(droppedRows), ...fresh];
  return { events, filter, keyOf, rows };
}

/** A `refilter` that remembers its last view: call it with each new buffer. */
export function createRefilter(): (
  events: readonly SimEvent[],
  filter: LogFilter,
  keyOf: ReadonlyMap<string, string>,
) => readonly SimEvent[] {
  let view: FilteredView | null = null;
  return (events, filter, keyOf) => {
    view = refilter(view, events, filter, keyOf);
    return view.rows;
  };
}
