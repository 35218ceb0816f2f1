/**
 * The SQS poller fleet (esm-semantics.md §3, §12). Since 6 Nov 2023 Lambda
 * starts with 5 concurrent invokes and adds up to 300 per minute while messages
 * wait; it backs off after function errors and throttles and shrinks at low
 * traffic. AWS publishes no exact back-off numbers: the constants below are the
 * model's documented choices.
 */
import { ACCOUNT_CONCURRENCY } from '../aws';
import type { QState, Poller } from './state';
import { logEvent } from './state';
import { receivable } from './receive';

/** Concurrent invokes (pollers) a new mapping starts with (SQS-S). */
export const INITIAL_POLLERS = 5;
/** The current rule (WN23): up to 300 more per minute, modelled as +5 each simulated second. */
export const SCALE_UP_PER_SECOND = 5;
/** After function errors or throttles the fleet never backs off below this (or the ceiling, if lower). */
export const BACKOFF_MIN_POLLERS = 5;
/** At low traffic, without MaximumConcurrency, the fleet can drop as low as 2 (SQS-S). */
export const IDLE_MIN_POLLERS = 2;
/** Function errors take away this fraction of their share of the fleet each second (a gentle back-off). */
export const ERROR_BACKOFF_FACTOR = 0.5;
/** Seconds with no message waiting before the fleet starts shrinking. */
export const IDLE_SHRINK_AFTER_SECONDS = 10;
/** Pollers removed per idle second once shrinking. */
export const IDLE_SHRINK_PER_SECOND = 5;
/** The rule from 2019 to Nov 2023 (GHhist, BLOG21), for the UI to compare: +60/min up to 1,000. */
export const LEGACY_SCALING_RULE = {
  period: 'Jul 2019 – Nov 2023',
  initial: 5,
  perMinute: 60,
  ceiling: 1000,
} as const;
/** The rule the engine runs (WN23, BLOG23), in the same shape as LEGACY_SCALING_RULE. */
export const CURRENT_SCALING_RULE = {
  period: 'since 6 Nov 2023',
  initial: INITIAL_POLLERS,
  perMinute: SCALE_UP_PER_SECOND * 60,
  ceiling: ACCOUNT_CONCURRENCY,
} as const;

/**
 * The fleet's ceiling: min(the account's 1,000, MaximumConcurrency), and without
 * MaximumConcurrency also ReservedConcurrentExecutions (§12's modelling choice), at least 1 so
 * reserved concurrency 0 shows as throttles rather than silence. MaximumConcurrency reserves
 * nothing (SQS-S): with it set, the fleet grows to it whatever the function's reserved
 * concurrency, and the invokes above that reservation are throttled.
 */
export function fleetCeiling(s: QState): { cap: number; reason: string } {
  let cap = ACCOUNT_CONCURRENCY;
  let reason = 'account concurrency quota (1,000)';
  const max = s.mapping.ScalingConfig?.MaximumConcurrency;
  if (max !== undefined && max < cap) {
    cap = max;
    reason = `ScalingConfig.MaximumConcurrency (${max})`;
  }
  const reserved = s.fn.ReservedConcurrentExecutions;
  if (max === undefined && reserved !== null && reserved < cap) {
    cap = reserved;
    reason = `ReservedConcurrentExecutions (${reserved})`;
  }
  return { cap: Math.max(1, cap), reason };
}

function newPoller(slot: number, now: number): Poller {
  return {
    slot,
    phase: 'idle',
    batch: new Int32Array(16),
    receipts: new Int32Array(16),
    flags: new Uint8Array(16),
    count: 0,
    bytes: 0,
    windowStart: now,
    windowClosesAt: now,
    trigger: 'polled',
    gen: 0,
    attempt: 0,
    invocation: null,
  };
}

/** Busy pollers of the fleet (gathering, invoking or backing off). */
export const busyPollers = (s: QState): number => s.fleetSize - s.idle.length;

/** Sets the fleet size, logging a scaling event; pollers above it retire once their work ends. */
export function resizeFleet(
  s: QState,
  to: number,
  reason: 'backlog' | 'functionErrors' | 'throttles' | 'idle' | 'cap',
  quiet = false,
): void {
  const from = s.fleetSize;
  if (to === from) return;
  if (to > from) {
    for (let slot = from; slot < to; slot++) {
      let p = s.pollers[slot];
      if (p === undefined) {
        p = newPoller(slot, s.now);
        s.pollers[slot] = p;
      }
      if (p.phase === 'idle') s.idle.push(slot);
    }
  } else {
    s.idle = s.idle.filter((slot) => slot < to);
    s.gathering = s.gathering.filter((slot) => slot < to);
  }
  s.fleetSize = to;
  if (!quiet) logEvent(s, { kind: 'scaling', from, to, reason });
}

/**
 * scalePollerFleet, evaluated once per simulated second, in this order:
 * 1. above the ceiling (a live edit lowered it) → down to the ceiling ('cap');
 * 2. throttles in the last second → halve, not below BACKOFF_MIN_POLLERS;
 * 3. function errors in the last second (ReportBatchItemFailures off) take away
 *    ERROR_BACKOFF_FACTOR × the failed share of that second's invocations of
 *    the fleet (rounded), and messages
 *    waiting with every poller busy add SCALE_UP_PER_SECOND; the net change is
 *    applied within [BACKOFF_MIN_POLLERS, ceiling] (so a steady error rate
 *    settles the fleet where the two balance);
 * 4. after IDLE_SHRINK_AFTER_SECONDS with nothing waiting and spare pollers →
 *    −IDLE_SHRINK_PER_SECOND per second, down to 2 (5 when MaximumConcurrency is set).
 */
export function scalePollerFleet(s: QState): void {
  const { cap } = fleetCeiling(s);
  const size = s.fleetSize;
  const sec = s.second;
  const floor = Math.min(BACKOFF_MIN_POLLERS, cap);
  const waiting = receivable(s) && s.mapping.Enabled;
  if (waiting || sec.busyPeak >= size) s.idleSeconds = 0;
  else s.idleSeconds++;

  if (size > cap) {
    resizeFleet(s, cap, 'cap');
  } else if (sec.throttles > 0) {
    const to = Math.max(floor, Math.floor(size / 2));
    if (to < size) resizeFleet(s, to, 'throttles');
  } else if (sec.failed > 0 || (waiting && busyPollers(s) >= size)) {
    // Errors take away their share of the fleet; a backlog that keeps every poller busy adds 5.
    const share = sec.failed / Math.max(1, sec.invocations);
    const shrink = Math.round(size * share * ERROR_BACKOFF_FACTOR);
    const grow = waiting && busyPollers(s) >= size ? SCALE_UP_PER_SECOND : 0;
    const to = Math.min(cap, Math.max(floor, size - shrink + grow));
    if (to !== size) resizeFleet(s, to, to < size ? 'functionErrors' : 'backlog');
  } else if (s.idleSeconds >= IDLE_SHRINK_AFTER_SECONDS) {
    const idleFloor = Math.min(
      s.mapping.ScalingConfig === null ? IDLE_MIN_POLLERS : BACKOFF_MIN_POLLERS,
      cap,
    );
    const to = Math.max(idleFloor, sec.busyPeak, size - IDLE_SHRINK_PER_SECOND);
    if (to < size) resizeFleet(s, to, 'idle');
  }
  sec.invocations = 0;
  sec.failed = 0;
  sec.throttles = 0;
  sec.busyPeak = busyPollers(s);
}
