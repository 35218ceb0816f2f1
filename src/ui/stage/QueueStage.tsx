/**
 * The queue stage (SQS standard and FIFO): visible and in-flight messages
 * (canvas; countdown ring = visibility timeout, badge = receive count), FIFO
 * rows per message group with the lock, the poller fleet, running
 * invocations, deleted messages and the dead-letter queue.
 */
import { useMemo, useRef, type KeyboardEvent, type MouseEvent, type ReactElement } from 'react';
import {
  asRecordId,
  type RecordId,
  type SimEvent,
  type StageMessage,
  type StageSnapshot,
} from '../../engine/types';
import { useSimStore } from '../../store/simStore';
import type { SimStoreState } from '../../store/types';
import { formatSeconds, invocationProgress, stepped } from './derive';
import type { HitBox } from './drawLane';
import { hitTest } from './drawLane';
import { drawMessages } from './drawMessages';
import { fitCanvas, palette, reducedMotion, setShown, setText, useFrame } from './frame';
import { LambdaIcon, LockIcon, PollerIcon, QueueIcon } from './icons';
import { useTarget } from './targets';
import styles from './Stage.module.css';

type Snap = { snapshot: StageSnapshot | null };
const selectFifo = (s: Snap): boolean => s.snapshot?.sourceType === 'sqs-fifo';
const MAX_GROUP_ROWS = 8;
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

/** The queue stage. */
export function QueueStage(): ReactElement {
  const fifo = useSimStore(selectFifo);
  const hasDlq = useSimStore(selectHasDlq);
  return (
    <div className={styles.queueGrid}>
      <QueueBox fifo={fifo} />
      <div className={styles.queueMiddle}>
        <Fleet fifo={fifo} />
        <Invocations />
      </div>
      <div className={styles.outcomes}>
        <Deleted />
        <Dlq hasDlq={hasDlq} />
      </div>
    </div>
  );
}

function QueueBox({ fifo }: { readonly fifo: boolean }): ReactElement {
  const countsRef = useRef<HTMLParagraphElement>(null);
  const groupIds = useSimStore(selectGroupIds);
  const groups = groupIds === '' ? [] : groupIds.split('\u0000');
  const moreRef = useRef<HTMLParagraphElement>(null);
  const queueTarget = useTarget('queue');
  const inflightTarget = useTarget('inflight');
  useFrame((s) => {
    const q = s.snapshot?.queue;
    if (q == null) return;
    setText(
      countsRef.current,
      `${q.visibleCount.toLocaleString('en-US')} visible · ${q.inFlightCount.toLocaleString('en-US')} in flight` +
        (q.delayedCount > 0 ? ` · ${q.delayedCount} delayed` : '') +
        ` · oldest ${formatSeconds(q.oldestMessageAgeSeconds)}`,
    );
    const extra = (q.groups?.length ?? 0) - MAX_GROUP_ROWS;
    setShown(moreRef.current, extra > 0);
    if (extra > 0) setText(moreRef.current, `+${extra} more message groups`);
  });
  return (
    <section
      className={styles.queueBox}
      aria-label={fifo ? 'FIFO queue' : 'Queue'}
      {...queueTarget}
    >
      <h3 className={styles.outcomeTitle}>
        <QueueIcon /> {fifo ? 'SQS FIFO queue' : 'SQS queue'}
      </h3>
      <p ref={countsRef} className={styles.muted} />
      {fifo ? (
        <ol
          className={styles.groups}
          aria-label="Message groups"
          // Three or more groups: one strip of messages each, so the stage fits 720p without scrolling.
          data-dense={groups.length >= 3 ? '' : undefined}
        >
          {groups.map((g, i) => (
            <GroupRow key={g} index={i} groupId={g} />
          ))}
        </ol>
      ) : (
        <div className={styles.queueAreas}>
          <div>
            <h4 className={styles.areaTitle}>Visible</h4>
            <MessagesCanvas which="visible" group={null} label="Visible messages" />
          </div>
          <div {...inflightTarget}>
            <h4 className={styles.areaTitle}>In flight (hidden by the visibility timeout)</h4>
            <MessagesCanvas which="inFlight" group={null} label="In-flight messages" />
          </div>
        </div>
      )}
      <p ref={moreRef} className={styles.muted} hidden />
    </section>
  );
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
  const groupTarget = useTarget(`group:${groupId}`);
  useFrame((s) => {
    const g = s.snapshot?.queue?.groups?.[index];
    if (g === undefined) return;
    setText(countsRef.current, `${g.visible} visible · ${g.inFlight} in flight`);
    setShown(lockRef.current, g.locked);
    rowRef.current?.toggleAttribute('data-locked', g.locked);
  });
  return (
    <li
      ref={rowRef}
      className={styles.groupRow}
      aria-label={`Message group ${groupId}`}
      {...groupTarget}
    >
      <div className={styles.groupHead}>
        <span
          className={styles.swatch}
          style={{ background: `var(--key-${groupIndex(groupId)})` }}
        />
        <strong>{groupId}</strong>
        <span ref={countsRef} className={styles.groupCounts} />
        <span ref={lockRef} className={styles.lock} hidden>
          <LockIcon /> locked
        </span>
      </div>
      <MessagesCanvas which="group" group={groupId} label={`Group ${groupId} messages`} short />
    </li>
  );
}

function groupIndex(id: string): number {
  const m = /(\d+)$/.exec(id);
  if (m?.[1] !== undefined) return Number.parseInt(m[1].slice(-6), 10) % 10;
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return h % 10;
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
  short = false,
}: {
  readonly which: Which;
  readonly group: string | null;
  readonly label: string;
  readonly short?: boolean;
}): ReactElement {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const hitsRef = useRef<HitBox[]>([]);
  const cursorRef = useRef<RecordId | null>(null);
  const liveRef = useRef<HTMLSpanElement>(null);
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
    },
    'canvas',
    canvasRef,
  );
  const onClick = (e: MouseEvent<HTMLCanvasElement>): void => {
    const rect = e.currentTarget.getBoundingClientRect();
    const id = hitTest(hitsRef.current, e.clientX - rect.left, e.clientY - rect.top);
    if (id !== null) useSimStore.getState().selectRecord(id);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLCanvasElement>): void => {
    const hits = hitsRef.current;
    const at = hits.findIndex((h) => h.id === cursorRef.current);
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      const next =
        hits[Math.min(hits.length - 1, Math.max(0, at + (e.key === 'ArrowRight' ? 1 : -1)))];
      cursorRef.current = next?.id ?? null;
      const picked = pick(useSimStore.getState(), which, group);
      const m = picked?.list.find((x) => x.id === cursorRef.current);
      setText(
        liveRef.current,
        m === undefined
          ? ''
          : `Message ${m.id}${m.group !== '' ? `, group ${m.group}` : ''}, received ${m.receiveCount} times. Press Enter to follow it.`,
      );
    } else if ((e.key === 'Enter' || e.key === ' ') && cursorRef.current !== null) {
      useSimStore.getState().selectRecord(cursorRef.current);
    } else return;
    e.preventDefault();
    e.stopPropagation();
  };
  return (
    <div className={styles.laneWrap}>
      <canvas
        ref={canvasRef}
        className={short ? styles.msgCanvasShort : styles.msgCanvas}
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
  const pollersTarget = useTarget('pollers');
  useFrame((s) => {
    const snap = s.snapshot;
    const q = snap?.queue;
    if (snap == null || q == null) return;
    setText(
      textRef.current,
      `${q.fleet.size.toLocaleString('en-US')} of ${q.fleet.ceiling.toLocaleString('en-US')} pollers · ${q.fleet.busy} busy`,
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
        `${snap.concurrency.current} of ${active} ${active === 1 ? 'group' : 'groups'} busy: one batch per group at a time`,
      );
    }
  });
  return (
    <section className={styles.outcome} aria-label="Poller fleet" {...pollersTarget}>
      <h3 className={styles.outcomeTitle}>
        <PollerIcon /> Poller fleet
      </h3>
      <p ref={textRef} />
      <div ref={dotsRef} className={styles.pollerDots} aria-hidden="true" />
      {fifo ? <p ref={groupsRef} className={styles.note} /> : null}
    </section>
  );
}

/** "ScalingConfig.MaximumConcurrency (10)" → "MaximumConcurrency": the limit itself is shown next to it. */
function capSource(reason: string): string {
  return reason.replace(/ \([\d,]+\)$/, '').replace(/^ScalingConfig\./, '');
}

function Invocations(): ReactElement {
  const ids = useSimStore(selectInvocationIds);
  const list = ids === '' ? [] : ids.split(',').map(Number);
  const capRef = useRef<HTMLParagraphElement>(null);
  const functionTarget = useTarget('function');
  useFrame((s) => {
    const snap = s.snapshot;
    if (snap === null) return;
    const more = snap.invocations.length - MAX_INVOCATIONS;
    setText(
      capRef.current,
      `${snap.concurrency.current} running · limit ${snap.concurrency.cap.toLocaleString('en-US')}, set by ${capSource(snap.concurrency.capReason)}` +
        (more > 0 ? ` · ${more} more not shown` : ''),
    );
  });
  return (
    <section className={styles.outcome} aria-label="Invocations" {...functionTarget}>
      <h3 className={styles.outcomeTitle}>
        <LambdaIcon /> Invocations
      </h3>
      <p ref={capRef} className={styles.muted} />
      <ul className={styles.invocations}>
        {list.map((n) => (
          <InvocationRow key={n} n={n} />
        ))}
      </ul>
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
    if (barRef.current !== null)
      barRef.current.style.transform = `scaleX(${stepped(invocationProgress(inv, snap.t), reducedMotion()).toFixed(4)})`;
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
    </li>
  );
}

function Deleted(): ReactElement {
  const ref = useRef<HTMLElement>(null);
  useFrame((s) => setText(ref.current, (s.snapshot?.queue?.deleted ?? 0).toLocaleString('en-US')));
  return (
    <section className={styles.outcome} aria-label="Deleted messages">
      <h3 className={styles.outcomeTitle}>✓ Deleted</h3>
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
    recent: d.recent.slice(-5).map((m) => [m.id, m.receiveCount]),
  });
};

function Dlq({ hasDlq }: { readonly hasDlq: boolean }): ReactElement {
  const json = useSimStore(selectDlq);
  const view = useMemo(
    () =>
      json === '' ? null : (JSON.parse(json) as { count: number; recent: [string, number][] }),
    [json],
  );
  const dlqTarget = useTarget('dlq');
  const maxReceive = useSimStore((s) => {
    const src = s.snapshot?.source;
    return src !== undefined && 'RedrivePolicy' in src
      ? (src.RedrivePolicy?.maxReceiveCount ?? null)
      : null;
  });
  return (
    <section className={styles.outcome} aria-label="Dead-letter queue" {...dlqTarget}>
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
            <strong className={styles.bigCount}>{view.count.toLocaleString('en-US')}</strong> moved
            after {maxReceive ?? '?'} receives (Maximum receives)
          </p>
          <ul className={styles.entryList}>
            {[...view.recent].reverse().map(([id, rc]) => (
              <li key={id}>
                <button
                  type="button"
                  className={styles.entry}
                  onClick={() => useSimStore.getState().selectRecord(asRecordId(id))}
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
