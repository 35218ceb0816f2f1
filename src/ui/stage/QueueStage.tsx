/**
 * The queue stage (SQS standard and FIFO) as one flow read left to right:
 * ① the queue (visible messages; in-flight ones hidden by the visibility
 * timeout, with its countdown ring and the receive count) → ② the poller
 * fleet → ③ the batches in the function (invocations against Timeout) → ④ the
 * outcome (deleted, or moved to the dead-letter queue). FIFO draws one row per
 * message group across the columns, with the group's lock and the invocation
 * holding it. Batches moving between columns are drawn by FlowOverlay.
 */
import { useMemo, useRef, type KeyboardEvent, type MouseEvent, type ReactElement } from 'react';
import {
  asRecordId,
  type RecordId,
  type SimEvent,
  type StageMessage,
  type StageSnapshot,
} from '../../engine/types';
import type { SimStoreState } from '../../store/types';
import { formatSeconds, invocationProgress, keyIndex, stepped } from './derive';
import type { HitBox } from './drawLane';
import { hitTest } from './drawLane';
import { drawMessages } from './drawMessages';
import {
  fitCanvas,
  palette,
  reducedMotion,
  setPacedTransform,
  setShown,
  setText,
  useFrame,
} from './frame';
import { ColumnHeads, type Column } from './ColumnHeads';
import { LambdaIcon, LockIcon, PollerIcon, QueueIcon } from './icons';
import { useRecordHits } from './hits';
import { useStageStore } from './storeContext';
import { useTarget } from './targets';
import styles from './Stage.module.css';
import { grouped } from '../numbers';

type Snap = { snapshot: StageSnapshot | null };
const selectFifo = (s: Snap): boolean => s.snapshot?.sourceType === 'sqs-fifo';
/** Most message groups drawn as rows (eight fit 1280 × 720); the rest are counted. */
export const MAX_GROUP_ROWS = 8;
const selectGroupIds = (s: Snap): string =>
  (s.snapshot?.queue?.groups ?? [])
    .slice(0, MAX_GROUP_ROWS)
    .map((g) => g.groupId)
    .join('\u0000');
const MAX_INVOCATIONS = 12;
const selectInvocationIds = (s: Snap): string =>
  (s.snapshot?.invocations ?? [])
    .slice(0, MAX_INVOCATIONS)
    .map((i) => i.n)
    .join(',');
const selectHasDlq = (s: Snap): boolean => s.snapshot?.queue?.dlq != null;

let dupCacheEvents: readonly SimEvent[] | null = null;
let dupCache: ReadonlySet<string> = new Set();
/** Messages delivered twice recently (duplicate flag), from the event log. */
function recentDuplicates(events: readonly SimEvent[]): ReadonlySet<string> {
  if (events === dupCacheEvents) return dupCache;
  const set = new Set<string>();
  for (let i = events.length - 1, seen = 0; i >= 0 && seen < 400; i--, seen++) {
    const e = events[i];
    if (e?.kind === 'duplicateDelivery') set.add(e.recordId);
  }
  dupCacheEvents = events;
  dupCache = set;
  return set;
}

const STANDARD_COLUMNS: readonly Column[] = [
  { id: 'source', title: 'Queue', note: 'visible, and hidden while in flight' },
  { id: 'poll', title: 'Pollers', note: 'receive batches' },
  { id: 'fn', title: 'Function', note: 'one batch per invocation' },
  { id: 'out', title: 'Outcome', note: 'deleted, or to the DLQ' },
];
const FIFO_COLUMNS: readonly Column[] = [
  { id: 'source', title: 'FIFO queue', note: 'one row per message group' },
  { id: 'poll', title: 'Pollers', note: 'one batch per group' },
  { id: 'fn', title: 'Function', note: 'the batch holding the group' },
  { id: 'out', title: 'Outcome', note: 'deleted, or to the DLQ' },
];

/** The queue stage. */
export function QueueStage({
  flowRef,
}: {
  readonly flowRef: React.RefObject<HTMLDivElement | null>;
}): ReactElement {
  const useStore = useStageStore();
  const fifo = useStore(selectFifo);
  const hasDlq = useStore(selectHasDlq);
  const groupIds = useStore(selectGroupIds);
  const groups = groupIds === '' ? [] : groupIds.split('\u0000');
  const sourceTarget = useTarget('source');
  const pollersTarget = useTarget('pollers');
  const functionTarget = useTarget('function');
  const queueTarget = useTarget('queue');
  return (
    <div
      ref={flowRef}
      className={styles.flow}
      data-kind="queue"
      data-fifo={fifo ? '' : undefined}
      data-density={groups.length <= 3 ? 'normal' : 'compact'}
      style={{ ['--rows' as string]: Math.max(1, groups.length) }}
    >
      <div className={`${styles.band} ${styles.bandSource}`} {...sourceTarget} />
      <div
        className={`${styles.band} ${styles.bandPoll}`}
        data-anchor="pollers"
        {...pollersTarget}
      />
      <div className={`${styles.band} ${styles.bandFn}`} data-anchor="fn" {...functionTarget} />
      <ColumnHeads columns={fifo ? FIFO_COLUMNS : STANDARD_COLUMNS} />
      {fifo ? (
        <>
          <div className={styles.queueInfo} {...queueTarget}>
            <QueueCounts fifo />
          </div>
          <div className={styles.pollInfo}>
            <Fleet fifo />
          </div>
          <div className={styles.fnInfo}>
            <Invocations list={false} />
          </div>
          <ol className={styles.rows} aria-label="Message groups">
            {groups.map((g, i) => (
              <GroupRow key={g} index={i} groupId={g} />
            ))}
          </ol>
        </>
      ) : (
        <>
          <StandardQueue />
          <div className={styles.pollBody}>
            <Fleet fifo={false} />
          </div>
          <div className={styles.fnBody}>
            <Invocations list />
          </div>
        </>
      )}
      <div className={styles.outcomes}>
        <Deleted />
        <Dlq hasDlq={hasDlq} />
      </div>
    </div>
  );
}

/** "12 visible · 3 in flight · oldest 4.0 s", and how many groups are not drawn. */
function QueueCounts({ fifo }: { readonly fifo: boolean }): ReactElement {
  const countsRef = useRef<HTMLParagraphElement>(null);
  const moreRef = useRef<HTMLParagraphElement>(null);
  useFrame((s) => {
    const q = s.snapshot?.queue;
    if (q == null) return;
    setText(
      countsRef.current,
      `${grouped(q.visibleCount)} visible · ${grouped(q.inFlightCount)} in flight` +
        (q.delayedCount > 0 ? ` · ${grouped(q.delayedCount)} delayed` : '') +
        ` · oldest ${formatSeconds(q.oldestMessageAgeSeconds)}`,
    );
    const extra = fifo ? (q.groups?.length ?? 0) - MAX_GROUP_ROWS : 0;
    setShown(moreRef.current, extra > 0);
    if (extra > 0) setText(moreRef.current, `+${grouped(extra)} more message groups, not drawn`);
  });
  return (
    <div className={styles.queueCounts}>
      <h3 className={styles.outcomeTitle}>
        <QueueIcon /> {fifo ? 'SQS FIFO queue' : 'SQS queue'}
      </h3>
      <p ref={countsRef} className={styles.countsLine} />
      <p ref={moreRef} className={styles.note} hidden />
    </div>
  );
}

function StandardQueue(): ReactElement {
  const queueTarget = useTarget('queue');
  const inflightTarget = useTarget('inflight');
  return (
    <section className={styles.queueCell} aria-label="Queue">
      <QueueCounts fifo={false} />
      <div className={styles.queueArea} {...queueTarget}>
        <h4 className={styles.areaTitle}>Visible: waiting to be received</h4>
        <MessagesCanvas
          which="visible"
          group={null}
          label="Visible messages"
          anchor="queue:visible"
        />
        <AggregateNote which="visible" />
      </div>
      <div className={`${styles.queueArea} ${styles.hiddenArea}`} {...inflightTarget}>
        <h4 className={styles.areaTitle}>
          In flight: hidden until the visibility timeout runs out
        </h4>
        <MessagesCanvas
          which="inFlight"
          group={null}
          label="In-flight messages"
          anchor="queue:hidden"
        />
        <AggregateNote which="inFlight" />
      </div>
    </section>
  );
}

/** Says so when a queue area holds more messages than it can draw one by one. */
function AggregateNote({ which }: { readonly which: 'visible' | 'inFlight' }): ReactElement {
  const ref = useRef<HTMLParagraphElement>(null);
  useFrame((s) => {
    const q = s.snapshot?.queue;
    if (q == null) return;
    const total = which === 'visible' ? q.visibleCount : q.inFlightCount;
    const listed = which === 'visible' ? q.visible.length : q.inFlight.length;
    const more = total > listed;
    setShown(ref.current, more);
    if (more)
      setText(
        ref.current,
        `${grouped(total)} messages: the first ${listed} are drawn, the rest counted.`,
      );
  });
  return <p ref={ref} className={styles.note} hidden />;
}

function GroupRow({
  index,
  groupId,
}: {
  readonly index: number;
  readonly groupId: string;
}): ReactElement {
  const rowRef = useRef<HTMLLIElement>(null);
  const countsRef = useRef<HTMLSpanElement>(null);
  const lockRef = useRef<HTMLSpanElement>(null);
  const holdRef = useRef<HTMLSpanElement>(null);
  const invRef = useRef<HTMLSpanElement>(null);
  const barRef = useRef<HTMLDivElement>(null);
  const trackRef = useRef<HTMLDivElement>(null);
  const groupTarget = useTarget(`group:${groupId}`);
  useFrame(
    (s) => {
      const snap = s.snapshot;
      const q = snap?.queue;
      const g = q?.groups?.[index];
      if (snap == null || q == null || g === undefined) return;
      setText(countsRef.current, `${g.visible} visible · ${g.inFlight} in flight`);
      setShown(lockRef.current, g.locked);
      rowRef.current?.toggleAttribute('data-locked', g.locked);
      const held = q.inFlight.find((m) => m.group === groupId && m.invocation !== null);
      const inv =
        held === undefined ? undefined : snap.invocations.find((i) => i.n === held.invocation);
      setShown(trackRef.current, inv !== undefined);
      setText(holdRef.current, g.locked ? 'held' : 'free');
      if (inv === undefined) {
        setText(invRef.current, g.locked ? 'failed: hidden until timeout' : 'Idle');
        return;
      }
      setText(
        invRef.current,
        `#${inv.n} · ${inv.recordCount} msg${inv.recordCount === 1 ? '' : 's'}`,
      );
      setPacedTransform(
        barRef.current,
        `scaleX(${stepped(invocationProgress(inv, snap.t), reducedMotion()).toFixed(4)})`,
      );
    },
    'dom',
    rowRef,
  );
  return (
    <li ref={rowRef} className={styles.row} aria-label={`Message group ${groupId}`}>
      <div className={styles.srcCell} {...groupTarget}>
        <div className={styles.cellHead}>
          <span
            className={styles.swatch}
            style={{ background: `var(--key-${keyIndex(groupId)})` }}
          />
          <strong className={styles.rowName}>{groupId}</strong>
          <span ref={countsRef} className={styles.rowStats} />
          <span ref={lockRef} className={styles.lock} hidden>
            <LockIcon /> locked
          </span>
        </div>
        <MessagesCanvas
          which="group"
          group={groupId}
          label={`Group ${groupId} messages`}
          anchor={`group:${groupId}`}
          short
        />
      </div>
      <div className={styles.pollCell} data-anchor={`poll:grp:${groupId}`}>
        <span ref={holdRef} className={styles.pollText} />
      </div>
      <div className={styles.fnCell}>
        <div className={styles.fnSlot}>
          <span className={styles.sideTray} data-anchor={`fn:grp:${groupId}`} />
          <span className={styles.fnLine}>
            <LambdaIcon size={16} />
            <span ref={invRef} className={styles.fnTitle} />
          </span>
          <div ref={trackRef} className={styles.track} hidden>
            <div ref={barRef} className={styles.bar} />
          </div>
        </div>
      </div>
    </li>
  );
}

type Which = 'visible' | 'inFlight' | 'group';

/** The messages a canvas draws, and the exact count they stand for. */
function pick(
  s: SimStoreState,
  which: Which,
  group: string | null,
): { list: readonly StageMessage[]; total: number } | null {
  const q = s.snapshot?.queue;
  if (q == null) return null;
  if (which === 'visible') return { list: q.visible, total: q.visibleCount };
  if (which === 'inFlight') return { list: q.inFlight, total: q.inFlightCount };
  // FIFO group row: its in-flight batch first (the head of the group), then what waits behind it.
  const g = q.groups?.find((x) => x.groupId === group);
  const list = [
    ...q.inFlight.filter((m) => m.group === group),
    ...q.visible.filter((m) => m.group === group),
  ];
  return { list, total: g === undefined ? list.length : g.visible + g.inFlight };
}

function MessagesCanvas({
  which,
  group,
  label,
  anchor,
  short = false,
}: {
  readonly which: Which;
  readonly group: string | null;
  readonly label: string;
  readonly anchor: string;
  readonly short?: boolean;
}): ReactElement {
  const store = useStageStore();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const hitsRef = useRef<HitBox[]>([]);
  const cursorRef = useRef<RecordId | null>(null);
  const liveRef = useRef<HTMLSpanElement>(null);
  const publishHits = useRecordHits(anchor, canvasRef);
  useFrame(
    (s) => {
      const canvas = canvasRef.current;
      const picked = pick(s, which, group);
      if (canvas === null || picked === null || s.snapshot === null) return;
      const fitted = fitCanvas(canvas);
      if (fitted === null) return;
      const src = s.snapshot.source;
      hitsRef.current = drawMessages(
        fitted.ctx,
        fitted.w,
        fitted.h,
        {
          messages: picked.list,
          total: picked.total,
          t: s.snapshot.t,
          visibilityTimeout: 'VisibilityTimeout' in src ? src.VisibilityTimeout : 30,
          scale: canvas.closest('[data-presenter]') !== null ? 1.4 : 1,
          byGroup: group !== null,
          duplicates: recentDuplicates(s.events),
          selected: s.selectedRecord,
          cursor: document.activeElement === canvas ? cursorRef.current : null,
          reduced: reducedMotion(),
          emptyText:
            which === 'inFlight'
              ? 'Nothing in flight'
              : which === 'visible'
                ? 'Queue empty'
                : 'No messages',
        },
        palette(),
      );
      publishHits(hitsRef.current);
    },
    'canvas',
    canvasRef,
  );
  const onClick = (e: MouseEvent<HTMLCanvasElement>): void => {
    const rect = e.currentTarget.getBoundingClientRect();
    const id = hitTest(hitsRef.current, e.clientX - rect.left, e.clientY - rect.top);
    if (id !== null) store.getState().selectRecord(id);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLCanvasElement>): void => {
    const hits = hitsRef.current;
    const at = hits.findIndex((h) => h.id === cursorRef.current);
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      const next =
        hits[Math.min(hits.length - 1, Math.max(0, at + (e.key === 'ArrowRight' ? 1 : -1)))];
      cursorRef.current = next?.id ?? null;
      const picked = pick(store.getState(), which, group);
      const m = picked?.list.find((x) => x.id === cursorRef.current);
      setText(
        liveRef.current,
        m === undefined
          ? ''
          : `Message ${m.id}${m.group !== '' ? `, group ${m.group}` : ''}, received ${m.receiveCount} times. Press Enter to follow it.`,
      );
    } else if ((e.key === 'Enter' || e.key === ' ') && cursorRef.current !== null) {
      store.getState().selectRecord(cursorRef.current);
    } else return;
    e.preventDefault();
    e.stopPropagation();
  };
  return (
    <div className={styles.laneWrap}>
      <canvas
        ref={canvasRef}
        className={short ? styles.msgCanvasShort : styles.msgCanvas}
        data-anchor={anchor}
        tabIndex={0}
        role="group"
        aria-roledescription="messages"
        aria-label={`${label}. Use the arrow keys to choose a message and Enter to follow it.`}
        onClick={onClick}
        onKeyDown={onKeyDown}
      />
      <span ref={liveRef} className={styles.srOnly} aria-live="polite" />
    </div>
  );
}

function Fleet({ fifo }: { readonly fifo: boolean }): ReactElement {
  const textRef = useRef<HTMLParagraphElement>(null);
  const dotsRef = useRef<HTMLDivElement>(null);
  const groupsRef = useRef<HTMLParagraphElement>(null);
  const windowRef = useRef<HTMLParagraphElement>(null);
  const windowTarget = useTarget('window');
  useFrame((s) => {
    const snap = s.snapshot;
    const q = snap?.queue;
    if (snap == null || q == null) return;
    setText(
      textRef.current,
      `${grouped(q.fleet.size)} of ${grouped(q.fleet.ceiling)} pollers · ${q.fleet.busy} busy`,
    );
    const dots = dotsRef.current;
    if (dots !== null) {
      const shown = Math.min(q.fleet.size, 40);
      const sig = `${shown}/${Math.min(q.fleet.busy, shown)}`;
      if (dots.dataset['sig'] !== sig) {
        dots.dataset['sig'] = sig;
        dots.replaceChildren(
          ...Array.from({ length: shown }, (_, i) => {
            const d = document.createElement('span');
            d.className =
              i < q.fleet.busy ? `${styles.pollerDot} ${styles.busy}` : (styles.pollerDot ?? '');
            return d;
          }),
        );
      }
    }
    if (fifo) {
      const active = (q.groups ?? []).filter((g) => g.visible + g.inFlight > 0).length;
      setText(
        groupsRef.current,
        `${snap.concurrency.current} of ${active} ${active === 1 ? 'group' : 'groups'} busy`,
      );
    } else {
      const w = snap.mapping.MaximumBatchingWindowInSeconds;
      setText(
        windowRef.current,
        w > 0
          ? `Batch window ${formatSeconds(w)}: a poller waits up to this long to fill a batch`
          : 'Batch window 0 s: a batch goes as soon as messages are received',
      );
    }
  });
  return (
    <section className={styles.fleet} aria-label="Poller fleet">
      <h3 className={styles.outcomeTitle}>
        <PollerIcon /> Poller fleet
      </h3>
      <p ref={textRef} className={styles.countsLine} />
      <div ref={dotsRef} className={styles.pollerDots} aria-hidden="true" />
      {fifo ? (
        <p ref={groupsRef} className={styles.note} />
      ) : (
        <p ref={windowRef} className={styles.note} {...windowTarget} />
      )}
    </section>
  );
}

/** "ScalingConfig.MaximumConcurrency (10)" → "MaximumConcurrency": the limit itself is shown next to it. */
function capSource(reason: string): string {
  return reason.replace(/ \([\d,]+\)$/, '').replace(/^ScalingConfig\./, '');
}

function Invocations({ list: withList }: { readonly list: boolean }): ReactElement {
  const useStore = useStageStore();
  const ids = useStore(selectInvocationIds);
  const list = ids === '' || !withList ? [] : ids.split(',').map(Number);
  const capRef = useRef<HTMLParagraphElement>(null);
  const reasonRef = useRef<HTMLSpanElement>(null);
  useFrame((s) => {
    const snap = s.snapshot;
    if (snap === null) return;
    const more = snap.invocations.length - MAX_INVOCATIONS;
    setText(
      capRef.current,
      `${snap.concurrency.current} running of ${grouped(snap.concurrency.cap)}` +
        (withList && more > 0 ? ` · ${more} more not shown` : ''),
    );
    // Who sets the limit: a note under the list (standard), read out only in FIFO's short row.
    setText(reasonRef.current, `Limit set by ${capSource(snap.concurrency.capReason)}.`);
  });
  return (
    <section className={styles.invocationsBox} aria-label="Invocations">
      <h3 className={styles.outcomeTitle}>
        <LambdaIcon /> Invocations
      </h3>
      <p className={styles.countsLine}>
        <span ref={capRef} />{' '}
        <span ref={reasonRef} className={withList ? styles.note : styles.srOnly} />
      </p>
      {withList ? (
        <ul className={styles.invocations}>
          {list.map((n) => (
            <InvocationRow key={n} n={n} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function InvocationRow({ n }: { readonly n: number }): ReactElement {
  const barRef = useRef<HTMLDivElement>(null);
  const textRef = useRef<HTMLSpanElement>(null);
  useFrame((s) => {
    const snap = s.snapshot;
    const inv = snap?.invocations.find((i) => i.n === n);
    if (snap == null || inv === undefined) return;
    setPacedTransform(
      barRef.current,
      `scaleX(${stepped(invocationProgress(inv, snap.t), reducedMotion()).toFixed(4)})`,
    );
    setText(
      textRef.current,
      `#${n} · ${inv.recordCount} msg · ${formatSeconds(Math.max(0, Math.min(snap.t, inv.end) - inv.start))} of ${formatSeconds(inv.timeoutAt - inv.start)}`,
    );
  });
  return (
    <li className={styles.invRow}>
      <span ref={textRef} />
      <div className={styles.track}>
        <div ref={barRef} className={styles.bar} />
      </div>
      <span className={styles.invTray} data-anchor={`fn:inv:${n}`} />
    </li>
  );
}

function Deleted(): ReactElement {
  const ref = useRef<HTMLElement>(null);
  useFrame((s) => setText(ref.current, grouped(s.snapshot?.queue?.deleted ?? 0)));
  return (
    <section className={`${styles.outcome} ${styles.outcomeOk}`} aria-label="Deleted messages">
      <span className={styles.landing} data-anchor="out:deleted" />
      <h3 className={styles.outcomeTitle}>
        <span aria-hidden="true">✓</span> Deleted
      </h3>
      <p>
        <strong ref={ref} className={styles.bigCount} /> messages deleted after a successful batch
      </p>
    </section>
  );
}

const selectDlq = (s: Snap): string => {
  const d = s.snapshot?.queue?.dlq;
  if (d == null) return '';
  return JSON.stringify({
    count: d.count,
    recent: d.recent.slice(-4).map((m) => [m.id, m.receiveCount]),
  });
};

function Dlq({ hasDlq }: { readonly hasDlq: boolean }): ReactElement {
  const useStore = useStageStore();
  const json = useStore(selectDlq);
  const view = useMemo(
    () =>
      json === '' ? null : (JSON.parse(json) as { count: number; recent: [string, number][] }),
    [json],
  );
  const maxReceive = useStore((s) => {
    const src = s.snapshot?.source;
    return src !== undefined && 'RedrivePolicy' in src
      ? (src.RedrivePolicy?.maxReceiveCount ?? null)
      : null;
  });
  const dlqTarget = useTarget('dlq');
  return (
    <section className={styles.outcome} aria-label="Dead-letter queue" {...dlqTarget}>
      <span className={styles.landing} data-anchor="out:dlq" />
      <h3 className={styles.outcomeTitle}>
        <QueueIcon /> Dead-letter queue
      </h3>
      {!hasDlq || view === null ? (
        <p className={styles.muted}>
          No redrive policy: failing messages return until they expire.
        </p>
      ) : (
        <>
          <p>
            <strong className={styles.bigCount}>{grouped(view.count)}</strong> moved after{' '}
            {maxReceive ?? '?'} receives (Maximum receives)
          </p>
          <ul className={styles.entryList}>
            {[...view.recent].reverse().map(([id, rc]) => (
              <li key={id}>
                <button
                  type="button"
                  className={styles.entry}
                  onClick={() => useStore.getState().selectRecord(asRecordId(id))}
                >
                  {id} <span className={styles.muted}>· received {rc} times</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
