/**
 * The streams stage (Kinesis, DynamoDB Streams) as one flow read left to
 * right: ① the stream's shards (records lane, checkpoint) → ② the poller →
 * ③ the batch (ParallelizationFactor slots: gathering, blocked, retrying) →
 * ④ the function (invocations against Timeout) → ⑤ the outcome (checkpointed,
 * on-failure destination, discarded). Columns are bands a shard row crosses;
 * the batches moving between them are drawn by FlowOverlay. React renders
 * the structure; per-frame values are written into refs by useFrame.
 */
import { useRef, type ReactElement } from 'react';
import type { StageSnapshot } from '../../engine/types';
import {
  blockedBadge,
  blockedDetail,
  formatSeconds,
  invocationProgress,
  stepped,
  limitText,
  TRIGGER_LABEL,
  windowText,
} from './derive';
import { Lane } from './Lane';
import {
  reducedMotion,
  setAttr,
  setPacedState,
  setPacedTransform,
  setShown,
  setText,
  useFrame,
} from './frame';
import { BlockIcon, LambdaIcon, PollerIcon, SplitIcon } from './icons';
import { Outcomes } from './Outcomes';
import { SlotTiles } from './SlotTiles';
import { laneInvocation, laneOf } from './drawTiles';
import { useStageStore } from './storeContext';
import { useTarget } from './targets';
import { ColumnHeads, type Column } from './ColumnHeads';
import styles from './Stage.module.css';
import { grouped } from '../numbers';

const selectShardIds = (s: { snapshot: StageSnapshot | null }): string =>
  s.snapshot?.shards?.map((x) => x.shardId).join('|') ?? '';
const selectFactor = (s: { snapshot: StageSnapshot | null }): number =>
  s.snapshot?.mapping.ParallelizationFactor ?? 1;
const selectWindowed = (s: { snapshot: StageSnapshot | null }): boolean =>
  (s.snapshot?.mapping.MaximumBatchingWindowInSeconds ?? 0) > 0;

/** "shardId-000000000003" → "Shard 3". */
export function shortShard(id: string): string {
  const m = /(\d+)$/.exec(id);
  return m?.[1] !== undefined ? `Shard ${Number.parseInt(m[1], 10)}` : id;
}

/** How tall a shard row may get: few shards get roomy rows, many get compact ones. */
export function rowDensity(shards: number): 'roomy' | 'normal' | 'compact' {
  return shards <= 2 ? 'roomy' : shards <= 4 ? 'normal' : 'compact';
}

/**
 * From this many slots per shard the batch and function cells are tiles on a canvas (SlotTiles):
 * as DOM, 8 shards × 10 slots restyled and repainted 160 elements a frame at 10x.
 */
const TILES_FROM = 3;

const COLUMNS: readonly Column[] = [
  { id: 'source', title: 'Stream', note: 'shards, oldest record first' },
  { id: 'poll', title: 'Poller', note: 'reads each shard' },
  { id: 'batch', title: 'Batch', note: 'gathered, or retrying' },
  { id: 'fn', title: 'Function', note: 'invocations' },
  { id: 'out', title: 'Outcome', note: 'where records end up' },
];

/** The streams stage. */
export function StreamStage({
  flowRef,
}: {
  readonly flowRef: React.RefObject<HTMLDivElement | null>;
}): ReactElement {
  const useStore = useStageStore();
  const ids = useStore(selectShardIds);
  const factor = useStore(selectFactor);
  const windowed = useStore(selectWindowed);
  const shardIds = ids === '' ? [] : ids.split('|');
  const sourceTarget = useTarget('source');
  const pollersTarget = useTarget('pollers');
  const functionTarget = useTarget('function');
  return (
    <div
      ref={flowRef}
      className={styles.flow}
      data-kind="streams"
      data-density={rowDensity(shardIds.length)}
      data-factor={factor}
      style={{ ['--rows' as string]: Math.max(1, shardIds.length) }}
    >
      <div className={`${styles.band} ${styles.bandSource}`} {...sourceTarget} />
      <div
        className={`${styles.band} ${styles.bandPoll}`}
        data-anchor="pollers"
        {...pollersTarget}
      />
      <div className={`${styles.band} ${styles.bandBatch}`} />
      <div className={`${styles.band} ${styles.bandFn}`} data-anchor="fn" {...functionTarget} />
      <ColumnHeads columns={COLUMNS} />
      <ol className={styles.rows} aria-label="Shards">
        {shardIds.map((id, i) => (
          <ShardRow key={id} index={i} shardId={id} factor={factor} windowed={windowed} />
        ))}
      </ol>
      <Outcomes />
    </div>
  );
}

function ShardRow({
  index,
  shardId,
  factor,
  windowed,
}: {
  readonly index: number;
  readonly shardId: string;
  readonly factor: number;
  readonly windowed: boolean;
}): ReactElement {
  const statsRef = useRef<HTMLSpanElement>(null);
  const pollRef = useRef<HTMLSpanElement>(null);
  const pollIconRef = useRef<HTMLSpanElement>(null);
  const badgeRef = useRef<HTMLSpanElement>(null);
  const badgeTextRef = useRef<HTMLSpanElement>(null);
  const rowRef = useRef<HTMLLIElement>(null);
  const shardTarget = useTarget(`shard:${index}`);
  const batchesTarget = useTarget(`batches:${index}`);
  const name = shortShard(shardId);

  useFrame(
    (s) => {
      const shard = s.snapshot?.shards?.[index];
      if (shard === undefined || s.snapshot === null) return;
      const t = s.snapshot.t;
      setText(
        statsRef.current,
        `${grouped(shard.waiting)} waiting · age ${formatSeconds(shard.iteratorAgeSeconds)}` +
          (shard.trimmed > 0 ? ` · ${grouped(shard.trimmed)} trimmed by retention` : ''),
      );
      const next = shard.nextPollAt === null ? null : Math.max(0, shard.nextPollAt - t);
      setText(
        pollRef.current,
        next === null ? 'idle' : next === 0 ? 'now' : `in ${formatSeconds(next)}`,
      );
      // The poller turns while it reads: a quarter turn per poll, from simulated time.
      const since = shard.lastPollAt === null ? null : t - shard.lastPollAt;
      const polling = since !== null && since >= 0 && since < 0.3;
      if (pollIconRef.current !== null) {
        pollIconRef.current.toggleAttribute('data-polling', polling);
        const turn = reducedMotion() || since === null ? 0 : Math.min(1, since / 0.3) * 90;
        pollIconRef.current.style.transform = `rotate(${turn.toFixed(1)}deg)`;
      }
      const blocked = shard.lanes.find((l) => l.blocked !== null)?.blocked ?? null;
      setShown(badgeRef.current, blocked !== null);
      rowRef.current?.toggleAttribute('data-blocked', blocked !== null);
      if (blocked !== null) setText(badgeTextRef.current, blockedBadge(blocked));
    },
    'dom',
    rowRef,
  );

  return (
    <li ref={rowRef} className={styles.row} aria-label={name}>
      <div className={styles.srcCell} {...shardTarget}>
        <div className={styles.cellHead}>
          <span className={styles.rowName} title={shardId}>
            {name}
          </span>
          <span
            ref={statsRef}
            className={styles.rowStats}
            title="Records waiting behind the checkpoint · age of the oldest unprocessed record (IteratorAge)"
          />
          <span ref={badgeRef} className={styles.blockedBadge} role="status" hidden>
            <BlockIcon />
            <span ref={badgeTextRef} />
          </span>
        </div>
        <Lane index={index} shardLabel={name} />
      </div>
      <div className={styles.pollCell} title="The shard's poller: when it next reads the shard">
        <span ref={pollIconRef} className={styles.pollIcon}>
          <PollerIcon size={20} />
        </span>
        <span className={styles.pollText}>
          <span className={styles.srOnly}>Next poll </span>
          <span ref={pollRef} />
        </span>
      </div>
      {factor >= TILES_FROM ? (
        <>
          <SlotTiles kind="batch" shardIndex={index} factor={factor} windowed={windowed} />
          <SlotTiles kind="fn" shardIndex={index} factor={factor} windowed={windowed} />
        </>
      ) : (
        <>
          <div
            className={styles.batchCell}
            data-anchor={`batch:${index}`}
            data-slots={factor}
            {...batchesTarget}
          >
            {Array.from({ length: factor }, (_, slot) => (
              <BatchSlot
                key={slot}
                shardIndex={index}
                slot={slot}
                factor={factor}
                windowed={windowed && slot === 0}
              />
            ))}
          </div>
          <div className={styles.fnCell} data-anchor={`fn:${index}`} data-slots={factor}>
            {Array.from({ length: factor }, (_, slot) => (
              <FnSlot key={slot} shardIndex={index} slot={slot} factor={factor} />
            ))}
          </div>
        </>
      )}
    </li>
  );
}

/** One batch slot: idle, gathering (window countdown), sent, or blocked and retrying. */
function BatchSlot({
  shardIndex,
  slot,
  factor,
  windowed,
}: {
  readonly shardIndex: number;
  readonly slot: number;
  readonly factor: number;
  /** Carries the shard's batching-window target (window:n). */
  readonly windowed: boolean;
}): ReactElement {
  const rootRef = useRef<HTMLDivElement>(null);
  const stateRef = useRef<HTMLSpanElement>(null);
  const detailRef = useRef<HTMLSpanElement>(null);
  const splitRef = useRef<HTMLSpanElement>(null);
  const windowTarget = useTarget(`window:${shardIndex}`);

  useFrame(
    (s) => {
      const snap = s.snapshot;
      const shard = snap?.shards?.[shardIndex];
      const lane = laneOf(shard, slot);
      if (snap === null || shard === undefined || lane === null) return;
      const t = snap.t;
      const inv = laneInvocation(lane, snap.invocations);
      const state =
        inv !== undefined
          ? 'running'
          : lane.blocked !== null
            ? 'blocked'
            : lane.window !== null
              ? 'gathering'
              : 'idle';
      setPacedState(rootRef.current, state);
      setShown(splitRef.current, inv?.trigger === 'bisect');
      const label = factor > 1 ? `${slot + 1}` : '';
      if (inv !== undefined) {
        setText(stateRef.current, factor > 1 ? `${label} sent` : 'Sent');
        setText(detailRef.current, TRIGGER_LABEL[inv.trigger]);
      } else if (lane.blocked !== null) {
        setText(
          stateRef.current,
          `${label ? `${label} ` : ''}Retry ${Math.max(1, lane.blocked.retries)} of ${limitText(lane.blocked.maxRetries)}`,
        );
        setText(detailRef.current, blockedDetail(lane.blocked, t));
      } else if (lane.window !== null) {
        setText(stateRef.current, factor > 1 ? `${label} gathering` : 'Gathering');
        setText(detailRef.current, windowText(lane, t) ?? '');
      } else {
        setText(stateRef.current, factor > 1 ? `${label} idle` : 'Idle');
        setText(detailRef.current, '');
      }
    },
    'dom',
    rootRef,
  );

  return (
    <div
      ref={rootRef}
      className={styles.slot}
      data-state="idle"
      {...(windowed ? windowTarget : {})}
    >
      <span className={styles.slotLine}>
        <span ref={stateRef} className={styles.slotState} />
        <span ref={splitRef} className={styles.split} hidden>
          <SplitIcon /> split
        </span>
      </span>
      <span className={styles.tray} data-anchor={`batch:${shardIndex}:${slot}`} />
      <span ref={detailRef} className={styles.slotDetail} />
    </div>
  );
}

/** One invocation slot: the running invocation and its run time against Timeout. */
function FnSlot({
  shardIndex,
  slot,
  factor,
}: {
  readonly shardIndex: number;
  readonly slot: number;
  readonly factor: number;
}): ReactElement {
  const rootRef = useRef<HTMLDivElement>(null);
  const titleRef = useRef<HTMLSpanElement>(null);
  const metaRef = useRef<HTMLSpanElement>(null);
  const barRef = useRef<HTMLDivElement>(null);
  const trackRef = useRef<HTMLDivElement>(null);
  const timeRef = useRef<HTMLSpanElement>(null);

  useFrame(
    (s) => {
      const snap = s.snapshot;
      const lane = laneOf(snap?.shards?.[shardIndex], slot);
      if (snap === null || lane === null) return;
      const t = snap.t;
      const inv = laneInvocation(lane, snap.invocations);
      const root = rootRef.current;
      const state = inv !== undefined ? 'running' : 'idle';
      // The run-time bar shows with the state (CSS, by visibility): toggling its display per
      // invocation rebuilt its layout box (80 toggles: ~5 ms of layout; visibility needs none).
      setPacedState(root, state);
      if (inv === undefined) {
        setText(titleRef.current, factor > 1 ? `${slot + 1}` : 'Idle');
        setText(metaRef.current, '');
        setText(timeRef.current, '');
        return;
      }
      setText(titleRef.current, factor > 1 ? `#${inv.n}` : `Invocation #${inv.n}`);
      const attempt = inv.attempt > 0 ? ` · attempt ${inv.attempt + 1}` : '';
      setText(
        metaRef.current,
        `${inv.recordCount} record${inv.recordCount === 1 ? '' : 's'}${attempt}`,
      );
      const p = stepped(invocationProgress(inv, t), reducedMotion());
      setPacedTransform(barRef.current, `scaleX(${p.toFixed(4)})`);
      const endFrac = Math.min(
        1,
        (inv.end - inv.start) / Math.max(1e-9, inv.timeoutAt - inv.start),
      );
      setAttr(trackRef.current, 'data-timeout', endFrac >= 1 ? 'yes' : 'no');
      setText(
        timeRef.current,
        `${formatSeconds(Math.max(0, Math.min(t, inv.end) - inv.start))} of ${formatSeconds(inv.timeoutAt - inv.start)} timeout`,
      );
    },
    'dom',
    rootRef,
  );

  return (
    <div ref={rootRef} className={styles.fnSlot} data-state="idle">
      <span className={styles.fnLine}>
        <LambdaIcon size={16} />
        <span ref={titleRef} className={styles.fnTitle} />
      </span>
      <span ref={metaRef} className={styles.fnMeta} />
      <span className={styles.tray} data-anchor={`fn:${shardIndex}:${slot}`} />
      <div ref={trackRef} className={styles.track}>
        <div ref={barRef} className={styles.bar} />
      </div>
      <span ref={timeRef} className={styles.fnTime} />
    </div>
  );
}
