/**
 * The flow a record travels on the stage, as pure data: which batches are
 * moving between which places (source → function → outcome) and how far
 * along they are, derived from simulated time and the event log alone (never
 * tweened), so pause, step and seek show exactly the state at t.
 *
 * Places are named anchors the stage's DOM marks with `data-anchor`
 * (`lane:0`, `fn:0:1`, `out:ok`, …); the overlay (FlowOverlay.tsx) measures
 * them and draws the batches. No DOM, no React: unit-tested in Node.
 */
import type { SimEvent, StageSnapshot } from '../../engine/types';

/** Simulated seconds a batch takes to travel between two places. */
export const TRANSIT_SECONDS = 0.45;

/** How a moving batch looks: what happened to it. */
export type TokenKind =
  /** Read from the source, on its way to the function. */
  | 'send'
  /** Succeeded: checkpointed (streams) or deleted (queues). */
  | 'ok'
  /** Failed: back to its batch slot to retry (streams) or hidden in the queue (SQS). */
  | 'fail'
  /** Given up on: to the on-failure destination. */
  | 'dest'
  /** Given up on: dropped. */
  | 'discard'
  /** Received too often: to the dead-letter queue. */
  | 'dlq'
  /** Visible again in the queue (visibility timeout ran out). */
  | 'return';

/** A batch on the move (or just arrived, with reduced motion). */
export interface Token {
  /** Stable while the token exists (draw order, tests). */
  readonly id: string;
  readonly kind: TokenKind;
  /** Anchors it travels through, first to last (fallbacks after '|': the first one measured wins). */
  readonly path: readonly string[];
  /** 0 at the first anchor, 1 at the last. */
  readonly progress: number;
  /** Records it carries. */
  readonly count: number;
  /** Keys of the first few records (colours), '' for unkeyed messages. */
  readonly keys: readonly string[];
}

/** A batch resting at a place: in an invocation, gathered, or waiting to retry. */
export interface Parked {
  readonly id: string;
  readonly kind: 'running' | 'gathering' | 'retrying';
  readonly anchor: string;
  readonly count: number;
  readonly keys: readonly string[];
}

const ease = (p: number): number => (p < 0.5 ? 2 * p * p : 1 - Math.pow(-2 * p + 2, 2) / 2);

/** Progress 0..1 of a move that started at `start`, eased; reduced motion: there at once. */
export function transitProgress(
  start: number,
  t: number,
  reduced: boolean,
  span = TRANSIT_SECONDS,
): number | null {
  const age = t - start;
  if (age < 0 || age >= span) return null;
  return reduced ? 1 : ease(age / span);
}

/** Where shard `shardId` is on the stage (its index), or -1. */
function shardIndexOf(snapshot: StageSnapshot, shardId: string | null): number {
  if (shardId === null) return -1;
  return snapshot.shards?.findIndex((s) => s.shardId === shardId) ?? -1;
}

/** Keys of the first few records of a batch (colours for the moving batch). */
function keysOf(snapshot: StageSnapshot, shard: number, ids: readonly string[]): string[] {
  const recs = snapshot.shards?.[shard]?.records;
  const out: string[] = [];
  if (recs === undefined) return out;
  for (const id of ids.slice(0, 4)) {
    const r = recs.find((x) => x.id === id);
    if (r !== undefined) out.push(r.key);
  }
  return out;
}

/**
 * Events of the last TRANSIT_SECONDS before t (the log is oldest first),
 * newest last. Stops at the first older event, so a frame looks at a handful.
 */
export function recentEvents(events: readonly SimEvent[], t: number): SimEvent[] {
  const out: SimEvent[] = [];
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e === undefined) continue;
    if (e.t < t - TRANSIT_SECONDS) break;
    if (e.t <= t) out.push(e);
  }
  return out.reverse();
}

/**
 * Which batch slot an invocation ran in, remembered while it ran (the
 * snapshot forgets finished invocations; after a seek the map may not know:
 * the shard's cell is used instead).
 */
export type SlotMemo = Map<number, number>;

/** Streams: the batches moving and resting at `snapshot.t`. */
export function streamFlow(
  snapshot: StageSnapshot,
  events: readonly SimEvent[],
  memo: SlotMemo,
  reduced: boolean,
): { tokens: Token[]; parked: Parked[] } {
  const t = snapshot.t;
  const tokens: Token[] = [];
  const parked: Parked[] = [];
  for (const inv of snapshot.invocations) {
    const shard = shardIndexOf(snapshot, inv.shardId);
    if (shard < 0) continue;
    memo.set(inv.n, inv.slot);
    const keys = keysOf(snapshot, shard, inv.recordIds);
    // Half the run time at most, so a fast function's batch arrives before it finishes.
    const span = Math.min(TRANSIT_SECONDS, Math.max(0.05, (inv.end - inv.start) * 0.5));
    const p = transitProgress(inv.start, t, reduced, span);
    if (p !== null && p < 1) {
      tokens.push({
        id: `send-${inv.n}`,
        kind: 'send',
        path: [
          `lane:${shard}`,
          `batch:${shard}:${inv.slot}|batch:${shard}`,
          `fn:${shard}:${inv.slot}|fn:${shard}`,
        ],
        progress: p,
        count: inv.recordCount,
        keys,
      });
    } else {
      parked.push({
        id: `run-${inv.n}`,
        kind: 'running',
        anchor: `fn:${shard}:${inv.slot}|fn:${shard}`,
        count: inv.recordCount,
        keys,
      });
    }
  }
  snapshot.shards?.forEach((sh, shard) => {
    for (const lane of sh.lanes) {
      if (lane.invocation !== null) continue;
      if (lane.blocked !== null) {
        parked.push({
          id: `retry-${shard}-${lane.slot}`,
          kind: 'retrying',
          anchor: `batch:${shard}:${lane.slot}|batch:${shard}`,
          count: lane.blocked.recordIds.length,
          keys: keysOf(snapshot, shard, lane.blocked.recordIds),
        });
      } else if (lane.window !== null && lane.window.gathered > 0) {
        parked.push({
          id: `gather-${shard}-${lane.slot}`,
          kind: 'gathering',
          anchor: `batch:${shard}:${lane.slot}|batch:${shard}`,
          count: lane.window.gathered,
          keys: [],
        });
      }
    }
  });
  for (const e of recentEvents(events, t)) {
    const p = transitProgress(e.t, t, reduced);
    if (p === null) continue;
    if (e.kind === 'invocationResult') {
      const shard = shardIndexOf(snapshot, e.shardId);
      if (shard < 0) continue;
      const slot = memo.get(e.invocation);
      const fn = slot === undefined ? `fn:${shard}` : `fn:${shard}:${slot}|fn:${shard}`;
      const batch = slot === undefined ? `batch:${shard}` : `batch:${shard}:${slot}|batch:${shard}`;
      const ok = e.result === 'success';
      tokens.push({
        id: `result-${e.invocation}`,
        kind: ok ? 'ok' : 'fail',
        path: ok ? [fn, 'out:ok'] : [fn, batch],
        progress: p,
        count: e.recordIds.length,
        keys: keysOf(snapshot, shard, e.recordIds),
      });
    } else if (e.kind === 'onFailureDestination' || e.kind === 'discarded') {
      const shard = shardIndexOf(snapshot, e.shardId);
      if (shard < 0) continue;
      tokens.push({
        id: `${e.kind}-${e.seq}`,
        kind: e.kind === 'discarded' ? 'discard' : 'dest',
        path: [`batch:${shard}`, e.kind === 'discarded' ? 'out:discard' : 'out:dest'],
        progress: p,
        count: e.recordIds.length,
        keys: keysOf(snapshot, shard, e.recordIds),
      });
    }
  }
  return { tokens, parked };
}

/** Queues: the batches moving and resting at `snapshot.t`. */
export function queueFlow(
  snapshot: StageSnapshot,
  events: readonly SimEvent[],
  reduced: boolean,
): { tokens: Token[]; parked: Parked[] } {
  const t = snapshot.t;
  const q = snapshot.queue;
  const tokens: Token[] = [];
  const parked: Parked[] = [];
  if (q === null) return { tokens, parked };
  const fifo = snapshot.sourceType === 'sqs-fifo';
  // FIFO: each running invocation belongs to the group whose messages it holds.
  const groupOf = new Map<number, string>();
  if (fifo)
    for (const m of q.inFlight) if (m.invocation !== null) groupOf.set(m.invocation, m.group);
  const fnAnchor = (n: number): string => {
    const g = groupOf.get(n);
    return g !== undefined ? `fn:grp:${g}|fn:inv:${n}|fn` : `fn:inv:${n}|fn`;
  };
  for (const inv of snapshot.invocations) {
    const g = groupOf.get(inv.n);
    const keys = g !== undefined ? [g] : [''];
    const span = Math.min(TRANSIT_SECONDS, Math.max(0.05, (inv.end - inv.start) * 0.5));
    const p = transitProgress(inv.start, t, reduced, span);
    if (p !== null && p < 1) {
      tokens.push({
        id: `send-${inv.n}`,
        kind: 'send',
        path: [
          g !== undefined ? `group:${g}|queue:visible` : 'queue:visible',
          'pollers',
          fnAnchor(inv.n),
        ],
        progress: p,
        count: inv.recordCount,
        keys,
      });
    } else {
      parked.push({
        id: `run-${inv.n}`,
        kind: 'running',
        anchor: fnAnchor(inv.n),
        count: inv.recordCount,
        keys,
      });
    }
  }
  for (const e of recentEvents(events, t)) {
    const p = transitProgress(e.t, t, reduced);
    if (p === null) continue;
    if (e.kind === 'invocationResult') {
      const ok = e.result === 'success';
      // A partial batch response deletes the rest; the reported failures go back to the queue.
      const failed = ok
        ? 0
        : e.reportedFailures.length > 0
          ? e.reportedFailures.length
          : e.recordIds.length;
      const deleted = e.recordIds.length - failed;
      if (deleted > 0) {
        tokens.push({
          id: `ok-${e.invocation}`,
          kind: 'ok',
          path: ['fn', 'out:deleted'],
          progress: p,
          count: deleted,
          keys: [''],
        });
      }
      if (failed > 0 && e.result !== 'throttled') {
        tokens.push({
          id: `fail-${e.invocation}`,
          kind: 'fail',
          path: ['fn', 'queue:hidden|queue:visible'],
          progress: p,
          count: failed,
          keys: [''],
        });
      }
    } else if (e.kind === 'movedToDlq') {
      tokens.push({
        id: `dlq-${e.seq}`,
        kind: 'dlq',
        path: ['queue:hidden|queue:visible', 'out:dlq'],
        progress: p,
        count: 1,
        keys: [''],
      });
    } else if (e.kind === 'visibilityTimeoutExpired') {
      tokens.push({
        id: `return-${e.seq}`,
        kind: 'return',
        path: ['queue:hidden', 'queue:visible'],
        progress: p,
        count: e.recordIds.length,
        keys: [''],
      });
    }
  }
  return { tokens, parked };
}
