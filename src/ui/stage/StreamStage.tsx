/**
 * The streams stage (Kinesis, DynamoDB Streams): one row per shard with its
 * records lane (canvas), checkpoint, poller, batch slots (ParallelizationFactor)
 * and blocked badge; the on-failure destination and discarded bin beside them.
 * React renders the structure (shards × slots); per-frame values are written
 * into refs by useFrame.
 */
import { useRef, type ReactElement } from 'react';
import type { StageShard, StageSnapshot } from '../../engine/types';
import { useSimStore } from '../../store/simStore';
import {
  blockedBadge,
  blockedDetail,
  formatSeconds,
  invocationProgress,
  stepped,
  keyIndex,
  limitText,
  TRIGGER_LABEL,
  windowText,
} from './derive';
import { Lane } from './Lane';
import { reducedMotion, setShown, setText, useFrame } from './frame';
import { BlockIcon, PollerIcon, SplitIcon } from './icons';
import { Outcomes } from './Outcomes';
import { useTarget } from './targets';
import styles from './Stage.module.css';

const selectShardIds = (s: { snapshot: StageSnapshot | null }): string =>
  s.snapshot?.shards?.map((x) => x.shardId).join('|') ?? '';
const selectFactor = (s: { snapshot: StageSnapshot | null }): number =>
  s.snapshot?.mapping.ParallelizationFactor ?? 1;

/** "shardId-000000000003" → "Shard 3". */
export function shortShard(id: string): string {
  const m = /(\d+)$/.exec(id);
  return m?.[1] !== undefined ? `Shard ${Number.parseInt(m[1], 10)}` : id;
}

/** Three or more concurrent batches per shard: two lines per slot, so four fit 1280 × 720. */
const denseSlots = (factor: number): boolean => factor >= 3;

/**
 * Three or more shards with one or two batch slots each: each shard's slots
 * sit beside its lane instead of below it, so four shards fit 1280 × 720.
 */
const sideSlots = (shards: number, factor: number): boolean => shards >= 3 && factor <= 2;

/** The streams stage. */
export function StreamStage(): ReactElement {
  const ids = useSimStore(selectShardIds);
  const factor = useSimStore(selectFactor);
  const shardIds = ids === '' ? [] : ids.split('|');
  const side = sideSlots(shardIds.length, factor);
  return (
    <div className={styles.streamGrid}>
      <ol className={styles.shards} aria-label="Shards" data-side-slots={side ? '' : undefined}>
        {shardIds.map((id, i) => (
          <ShardRow key={id} index={i} shardId={id} factor={factor} side={side} />
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
  side,
}: {
  readonly index: number;
  readonly shardId: string;
  readonly factor: number;
  /** The slots sit beside the lane (sideSlots): shorter slot texts. */
  readonly side: boolean;
}): ReactElement {
  const statsRef = useRef<HTMLSpanElement>(null);
  const pollRef = useRef<HTMLSpanElement>(null);
  const badgeRef = useRef<HTMLDivElement>(null);
  const badgeTextRef = useRef<HTMLSpanElement>(null);
  const badgeDetailRef = useRef<HTMLSpanElement>(null);
  const rowRef = useRef<HTMLLIElement>(null);
  const shardTarget = useTarget(`shard:${index}`);
  const pollerTarget = useTarget('pollers');
  const batchesTarget = useTarget(`batches:${index}`);

  useFrame(
    (s) => {
      const shard = s.snapshot?.shards?.[index];
      if (shard === undefined || s.snapshot === null) return;
      const t = s.snapshot.t;
      setText(
        statsRef.current,
        `${shard.waiting.toLocaleString('en-US')} waiting · age ${formatSeconds(shard.iteratorAgeSeconds)}` +
          (shard.trimmed > 0
            ? ` · ${shard.trimmed.toLocaleString('en-US')} trimmed by retention`
            : ''),
      );
      const next = shard.nextPollAt === null ? null : Math.max(0, shard.nextPollAt - t);
      setText(
        pollRef.current,
        next === null
          ? 'Poller idle'
          : next === 0
            ? 'Polling now'
            : `Next poll ${formatSeconds(next)}`,
      );
      const blocked = shard.lanes.find((l) => l.blocked !== null)?.blocked ?? null;
      setShown(badgeRef.current, blocked !== null);
      rowRef.current?.toggleAttribute('data-blocked', blocked !== null);
      if (blocked !== null) {
        setText(badgeTextRef.current, blockedBadge(blocked));
        setText(badgeDetailRef.current, blockedDetail(blocked, t));
      }
    },
    'dom',
    rowRef,
  );

  return (
    <li ref={rowRef} className={styles.shard} aria-label={shortShard(shardId)} {...shardTarget}>
      <div className={styles.shardHead}>
        <span className={styles.shardName} title={shardId}>
          {shortShard(shardId)}
        </span>
        <span
          ref={statsRef}
          className={styles.shardStats}
          title="Records waiting behind the checkpoint · age of the oldest unprocessed record (IteratorAge)"
        />
        <span className={styles.poller} {...pollerTarget}>
          <PollerIcon size={16} />
          <span ref={pollRef} />
        </span>
      </div>
      <Lane index={index} shardLabel={shortShard(shardId)} />
      <div ref={badgeRef} className={styles.blockedBadge} role="status" hidden>
        <BlockIcon />
        <strong ref={badgeTextRef} />
        <span ref={badgeDetailRef} />
      </div>
      <div
        className={styles.slots}
        data-factor={factor}
        data-dense={denseSlots(factor) ? '' : undefined}
        {...batchesTarget}
      >
        {Array.from({ length: factor }, (_, slot) => (
          <Slot key={slot} shardIndex={index} slot={slot} factor={factor} side={side} />
        ))}
      </div>
    </li>
  );
}

function laneOf(shard: StageShard | undefined, slot: number) {
  return shard?.lanes.find((l) => l.slot === slot) ?? null;
}

function Slot({
  shardIndex,
  slot,
  factor,
  side,
}: {
  readonly shardIndex: number;
  readonly slot: number;
  readonly factor: number;
  readonly side: boolean;
}): ReactElement {
  const rootRef = useRef<HTMLDivElement>(null);
  const titleRef = useRef<HTMLSpanElement>(null);
  const countRef = useRef<HTMLSpanElement>(null);
  const keysRef = useRef<HTMLSpanElement>(null);
  const triggerRef = useRef<HTMLSpanElement>(null);
  const barRef = useRef<HTMLDivElement>(null);
  const endRef = useRef<HTMLDivElement>(null);
  const timeRef = useRef<HTMLSpanElement>(null);
  const progressRef = useRef<HTMLDivElement>(null);
  const windowRef = useRef<HTMLDivElement>(null);
  const stateRef = useRef<HTMLSpanElement>(null);
  const splitRef = useRef<HTMLSpanElement>(null);
  const windowTarget = useTarget(`window:${shardIndex}`);

  useFrame(
    (s) => {
      const snap = s.snapshot;
      const shard = snap?.shards?.[shardIndex];
      const lane = laneOf(shard, slot);
      if (snap === null || shard === undefined || lane === null) return;
      const t = snap.t;
      const inv =
        lane.invocation === null
          ? undefined
          : snap.invocations.find((i) => i.n === lane.invocation);
      const root = rootRef.current;
      const state =
        inv !== undefined
          ? 'running'
          : lane.blocked !== null
            ? 'blocked'
            : lane.window !== null
              ? 'gathering'
              : 'idle';
      if (root !== null && root.dataset['state'] !== state) root.dataset['state'] = state;
      setShown(progressRef.current, inv !== undefined);
      // Why this batch went out: "Batch full" vs "Window elapsed" (AWS's invoke triggers), retries, bisect halves.
      setShown(triggerRef.current, inv !== undefined);
      if (inv !== undefined) {
        setText(triggerRef.current, TRIGGER_LABEL[inv.trigger]);
        if (triggerRef.current !== null) triggerRef.current.dataset['trigger'] = inv.trigger;
      }
      setShown(splitRef.current, inv?.trigger === 'bisect');
      if (inv !== undefined) {
        const attempt = inv.attempt > 0 ? ` · attempt ${inv.attempt + 1}` : '';
        setText(titleRef.current, `Invocation #${inv.n}`);
        // Beside the lane (side) the count is read out but not shown: the lane shows the batch.
        setText(
          countRef.current,
          ` · ${inv.recordCount} record${inv.recordCount === 1 ? '' : 's'}${attempt}`,
        );
        const p = stepped(invocationProgress(inv, t), reducedMotion());
        if (barRef.current !== null) barRef.current.style.transform = `scaleX(${p.toFixed(4)})`;
        const endFrac = Math.min(
          1,
          (inv.end - inv.start) / Math.max(1e-9, inv.timeoutAt - inv.start),
        );
        if (endRef.current !== null)
          endRef.current.dataset['timeout'] = endFrac >= 1 ? 'yes' : 'no';
        setText(
          timeRef.current,
          `${formatSeconds(Math.max(0, Math.min(t, inv.end) - inv.start))} of ${formatSeconds(inv.timeoutAt - inv.start)} timeout`,
        );
      } else {
        setText(titleRef.current, factor > 1 ? `Batch slot ${slot + 1}` : 'Batch');
        setText(countRef.current, '');
      }
      const keys = lane.keysInFlight;
      setText(
        keysRef.current,
        keys.length === 0
          ? ''
          : `${denseSlots(factor) || side ? 'Keys' : 'Keys in flight'}: ${keys.slice(0, 6).join(', ')}${keys.length > 6 ? ` +${keys.length - 6}` : ''}`,
      );
      if (keysRef.current !== null && keys[0] !== undefined) {
        keysRef.current.style.setProperty('--slot-key', `var(--key-${keyIndex(keys[0])})`);
      }
      const wt = windowText(lane, t);
      setShown(windowRef.current, wt !== null && inv === undefined);
      if (wt !== null) setText(windowRef.current, wt);
      setText(
        stateRef.current,
        inv !== undefined
          ? 'Running'
          : lane.blocked !== null
            ? `Blocked · ${lane.blocked.retries} of ${limitText(lane.blocked.maxRetries)} retries`
            : lane.window !== null
              ? 'Gathering'
              : 'Idle',
      );
    },
    'dom',
    rootRef,
  );

  return (
    <div ref={rootRef} className={styles.slot} data-state="idle">
      <div className={styles.slotHead}>
        <span className={styles.slotTitle}>
          <span ref={titleRef} />
          <span ref={countRef} className={side ? styles.srOnly : undefined} />
        </span>
        <span ref={splitRef} className={styles.split} hidden>
          <SplitIcon /> split
        </span>
        <span ref={stateRef} className={styles.slotState} />
      </div>
      <div className={styles.slotLine}>
        <span ref={triggerRef} className={styles.trigger} hidden />
        {/* Beside the lane (side) the keys are read out but not shown: the lane shows them. */}
        <span ref={keysRef} className={side ? styles.srOnly : styles.keys} />
      </div>
      <div ref={progressRef} className={styles.progressWrap} hidden>
        <div className={styles.track} ref={endRef}>
          <div ref={barRef} className={styles.bar} />
        </div>
        {/* Dense or side slots: the bar alone shows the runtime; its text stays for screen readers. */}
        <span ref={timeRef} className={denseSlots(factor) || side ? styles.srOnly : styles.muted} />
      </div>
      <div ref={windowRef} className={styles.window} hidden {...windowTarget} />
    </div>
  );
}
