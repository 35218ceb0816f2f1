/**
 * The event log region: a filterable, virtualised list over the store's
 * bounded event buffer. Only the rows in view (plus a few) are rendered.
 * While following "live" it keeps the newest entry in view; scrolling up
 * pauses that until "Jump to latest".
 */
import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState, type UIEvent } from 'react';
import { asRecordId, type SimEvent } from '../../engine/types';
import { useSimStore } from '../../store/simStore';
import type { SimStoreState } from '../../store/types';
import { shortShard } from '../charts/catalog';
import { useFrameSelector } from '../charts/useFrameSelector';
import { describeEvent } from './describe';
import {
  createRefilter,
  DEFAULT_FILTER,
  groupIndex,
  KIND_CATEGORIES,
  type LogFilter,
} from './filter';
import styles from './log.module.css';
import { grouped } from '../numbers';

/** Fixed row height (px): two text lines plus padding. Virtualisation depends on it. */
export const ROW_HEIGHT = 62;
const OVERSCAN = 6;
/** The log's rows refresh at most this often (ms). */
const LOG_UPDATE_MS = 160;
/**
 * While a run plays at FAST_LOG_SPEED or faster, at most this often: there every refresh replaces
 * every visible row (a 10x Kinesis run logs thousands of events a second), and each costs the
 * page a render, a layout and a paint of the list that no one can read at that pace.
 */
const FAST_LOG_UPDATE_MS = 400;
const FAST_LOG_SPEED = 5;
const MAX_CHIPS = 3;

const selectEvents = (s: SimStoreState): readonly SimEvent[] => s.events;
const NO_INDEX: ReadonlyMap<string, string> = new Map();

interface Places {
  readonly label: string;
  readonly options: readonly { readonly value: string; readonly label: string }[];
}

/** Shards (streams) or message groups (FIFO) the "where" filter offers; null for standard SQS. */
const selectPlaces = (s: SimStoreState): Places | null => {
  const snap = s.snapshot;
  if (!snap) return null;
  if (snap.shards) {
    return {
      label: 'Shard',
      options: snap.shards.map((sh) => ({ value: sh.shardId, label: shortShard(sh.shardId) })),
    };
  }
  if (snap.queue?.groups) {
    return {
      label: 'Message group',
      options: snap.queue.groups.map((g) => ({ value: g.groupId, label: g.groupId })),
    };
  }
  return null;
};

const samePlaces = (a: Places | null, b: Places | null): boolean =>
  a === b ||
  (a !== null &&
    b !== null &&
    a.label === b.label &&
    a.options.length === b.options.length &&
    a.options.every((o, i) => o.value === b.options[i]?.value));

const selectExplicit = (s: SimStoreState) => s.scenario?.records ?? [];

/** Downloads the rows the log shows (the code loads on first use). */
function saveLog(rows: readonly SimEvent[], kind: 'csv' | 'jsonl'): void {
  const events = [...rows];
  void Promise.all([import('./exportLog'), import('../share/download')]).then(([ex, dl]) => {
    if (kind === 'csv') dl.downloadText('esm-lab-events.csv', ex.logCsv(events), 'text/csv');
    else dl.downloadText('esm-lab-events.jsonl', ex.logJsonLines(events), 'application/jsonl');
  });
}

/** The event log. */
export function EventLog() {
  // A fast run logs hundreds of events a second: the rows follow at most 6 times a second (2.5
  // while playing at 5x or faster), which still reads as live and spares the page re-laying out
  // the list on every frame. Paused or stepping, a change shows at the next frame.
  const fast = useSimStore((s) => s.status === 'playing' && s.speed >= FAST_LOG_SPEED);
  const events = useFrameSelector(
    selectEvents,
    Object.is,
    fast ? FAST_LOG_UPDATE_MS : LOG_UPDATE_MS,
  );
  const places = useFrameSelector(selectPlaces, samePlaces);
  const explicit = useFrameSelector(selectExplicit);
  const seek = useSimStore((s) => s.seek);
  const selectRecord = useSimStore((s) => s.selectRecord);
  const selected = useSimStore((s) => s.selectedRecord);
  const [filter, setFilter] = useState<LogFilter>(DEFAULT_FILTER);
  const [follow, setFollow] = useState(true);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewHeight, setViewHeight] = useState(400);
  const scroller = useRef<HTMLDivElement | null>(null);
  const firstSeq = useRef<number | null>(null);

  // The id -> group index is read only by the "where" filter: without one it is
  // not built, so the rows below can be extended frame by frame.
  const keyOf = useMemo(
    () =>
      filter.where === ''
        ? NO_INDEX
        : places?.label === 'Message group'
          ? groupIndex(events, explicit)
          : groupIndex(events),
    [events, explicit, places?.label, filter.where],
  );
  const [rowsOf] = useState(createRefilter);
  const rows = useMemo(() => rowsOf(events, filter, keyOf), [rowsOf, events, filter, keyOf]);
  const total = rows.length;

  // The scroller's height, from a ResizeObserver: the effects below never read layout.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver((entries) => {
      const box = entries[0]?.contentBoxSize[0];
      setViewHeight(box?.blockSize ?? el.clientHeight);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Follow live: keep the newest row in view. Otherwise keep the rows the reader
  // is looking at in place when old events fall off the front of the ring buffer.
  // The position comes from the known row height and the observed view height, and
  // is written only when it moves: reading scrollHeight here, and writing the same
  // position again, forced a layout in React's commit on every log update.
  const written = useRef<{ top: number; view: number } | null>(null);
  const ownScroll = useRef(false);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    let target: number | null = null;
    if (follow) target = Math.max(0, total * ROW_HEIGHT - viewHeight);
    else if (firstSeq.current !== null) {
      const seq = firstSeq.current;
      const idx = rows.findIndex((e) => e.seq >= seq);
      if (idx >= 0) target = idx * ROW_HEIGHT + (el.scrollTop % ROW_HEIGHT);
    }
    if (target === null) return;
    const last = written.current;
    if (last !== null && last.top === target && last.view === viewHeight) return;
    el.scrollTop = target;
    written.current = { top: target, view: viewHeight };
    // The scroll event this write causes comes in the next frame's scroll steps, before its
    // animation frame callbacks: until then a scroll event is ours, and onScroll does not read
    // the position back (a forced layout of the page at every log update while playing).
    ownScroll.current = true;
    requestAnimationFrame(() => {
      ownScroll.current = false;
    });
    // The position just written, not el.scrollTop read back (a forced layout in the commit): the
    // rows rendered follow from it, and the scroll event that follows reports the real one.
    setScrollTop(target);
  }, [rows, total, follow, viewHeight]);

  const onScroll = useCallback(
    (e: UIEvent<HTMLDivElement>) => {
      if (ownScroll.current) {
        ownScroll.current = false;
        return;
      }
      const el = e.currentTarget;
      setScrollTop(el.scrollTop);
      // A scroll by the reader: the next wanted position is written again.
      if (el.scrollTop !== written.current?.top) written.current = null;
      const atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT / 2;
      setFollow(atBottom);
      firstSeq.current = rows[Math.floor(el.scrollTop / ROW_HEIGHT)]?.seq ?? null;
    },
    [rows],
  );

  // The rows rendered: always `rowPlaces` of them (a constant while the view keeps its height),
  // the view's rows and OVERSCAN more on each side, shifted inside the list at its ends.
  const rowPlaces = Math.ceil(viewHeight / ROW_HEIGHT) + 2 * OVERSCAN + 2;
  const first = Math.max(
    0,
    Math.min(Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN, total - rowPlaces),
  );
  const last = Math.min(total, first + rowPlaces);
  const visible = rows.slice(first, last);
  // Rows are keyed by their place in what is rendered: an update or a scroll rewrites the rows'
  // text and attributes, and never removes, inserts or moves a list item (a fast run's update
  // shifts the list by hundreds of rows; keyed by event, or by index modulo the rows rendered,
  // React replaced or reordered the items, and the page restyled all of them).
  const hiddenCount = filter.hidden.size + (filter.where ? 1 : 0) + (filter.record ? 1 : 0);

  const toggleCategory = useCallback(
    (id: string, on: boolean): void =>
      setFilter((f) => {
        const hidden = new Set(f.hidden);
        if (on) hidden.delete(id);
        else hidden.add(id);
        return { ...f, hidden };
      }),
    [],
  );

  return (
    <div className={styles.log}>
      <div className={styles.top}>
        <details className={styles.filters}>
          <summary>
            Filter the log
            <span className={styles.count}>
              {grouped(total)} of {grouped(events.length)} events
              {hiddenCount > 0 ? ` · ${hiddenCount} filter${hiddenCount === 1 ? '' : 's'} on` : ''}
            </span>
          </summary>
          <KindFilters hidden={filter.hidden} onToggle={toggleCategory} />
          <div className={styles.fields}>
            {places !== null && (
              <label>
                {places.label}
                <select
                  value={filter.where}
                  onChange={(e) => {
                    // Read now: the event's currentTarget is gone by the time React runs the updater.
                    const where = e.currentTarget.value;
                    setFilter((f) => ({ ...f, where }));
                  }}
                >
                  <option value="">All</option>
                  {places.options.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <label>
              Record id
              <input
                type="search"
                value={filter.record}
                placeholder={selected ?? 'e.g. r3'}
                spellCheck={false}
                onChange={(e) => {
                  const record = e.currentTarget.value;
                  setFilter((f) => ({ ...f, record }));
                }}
              />
            </label>
            <button
              type="button"
              className={styles.reset}
              onClick={() => setFilter(DEFAULT_FILTER)}
            >
              Reset filters
            </button>
          </div>
        </details>
        {total > 0 && (
          <p className={styles.downloads}>
            Save the {grouped(total)} event{total === 1 ? '' : 's'} shown
            {hiddenCount > 0 ? ' (filters applied)' : ''}:
            <button
              type="button"
              className={styles.reset}
              aria-label={`Download the ${total} events shown as CSV`}
              onClick={() => saveLog(rows, 'csv')}
            >
              CSV
            </button>
            <button
              type="button"
              className={styles.reset}
              aria-label={`Download the ${total} events shown as JSON lines`}
              onClick={() => saveLog(rows, 'jsonl')}
            >
              JSON lines
            </button>
          </p>
        )}
      </div>
      <div className={styles.scroller} ref={scroller} onScroll={onScroll}>
        {total === 0 ? (
          <p className={styles.empty}>
            {events.length === 0
              ? 'Nothing has happened yet. Press Play or Step.'
              : 'No event matches the filters.'}
          </p>
        ) : (
          <ul
            className={styles.list}
            aria-label="Events, oldest first"
            style={{ height: total * ROW_HEIGHT }}
          >
            {visible.map((e, i) => (
              <LogRow
                key={i}
                event={e}
                index={first + i}
                total={total}
                selected={selected}
                onSeek={seek}
                onSelect={selectRecord}
              />
            ))}
          </ul>
        )}
      </div>
      {!follow && total > 0 && (
        <button
          type="button"
          className={styles.jump}
          onClick={() => {
            firstSeq.current = null;
            setFollow(true);
          }}
        >
          Jump to latest ↓
        </button>
      )}
    </div>
  );
}

/**
 * The kind checkboxes, rendered only when the hidden kinds change: the log re-renders with every
 * update of its rows, and React rewrote every checkbox's attributes each time.
 */
const KindFilters = memo(function KindFilters({
  hidden,
  onToggle,
}: {
  readonly hidden: ReadonlySet<string>;
  readonly onToggle: (id: string, on: boolean) => void;
}) {
  return (
    <fieldset className={styles.kinds}>
      <legend>Show kinds</legend>
      {KIND_CATEGORIES.map((c) => (
        <label key={c.id}>
          <input
            type="checkbox"
            checked={!hidden.has(c.id)}
            onChange={(e) => onToggle(c.id, e.currentTarget.checked)}
          />
          {c.label}
        </label>
      ))}
    </fieldset>
  );
});

interface LogRowProps {
  readonly event: SimEvent;
  readonly index: number;
  readonly total: number;
  readonly selected: string | null;
  readonly onSeek: (t: number) => void;
  readonly onSelect: SimStoreState['selectRecord'];
}

function LogRow({ event, index, total, selected, onSeek, onSelect }: LogRowProps) {
  const d = describeEvent(event);
  const time = `${event.t.toFixed(2)} s`;
  const chips = d.recordIds.slice(0, MAX_CHIPS);
  return (
    <li
      className={styles.row}
      data-tone={d.tone}
      data-kind={event.kind}
      aria-posinset={index + 1}
      aria-setsize={total}
      style={{ top: index * ROW_HEIGHT, height: ROW_HEIGHT }}
    >
      <div className={styles.line}>
        <button
          type="button"
          className={styles.time}
          aria-label={`Go to ${time}`}
          onClick={() => onSeek(event.t)}
        >
          {time}
        </button>
        <span className={styles.badge}>
          <span aria-hidden="true" className={styles.icon}>
            {d.icon}
          </span>
          {d.label}
        </span>
        <span className={styles.chips}>
          {chips.map((id, i) => (
            <button
              // By place: the next event's chips rewrite these buttons' text, not replace them.
              key={i}
              type="button"
              className={styles.chip}
              aria-pressed={selected === id}
              aria-label={`Show record ${id}`}
              onClick={() => onSelect(asRecordId(id))}
            >
              {id}
            </button>
          ))}
          {d.recordIds.length > MAX_CHIPS && (
            <span className={styles.more}>+{d.recordIds.length - MAX_CHIPS}</span>
          )}
        </span>
      </div>
      <p className={styles.text} title={d.text}>
        {d.text}
      </p>
    </li>
  );
}
