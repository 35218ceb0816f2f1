/**
 * The short difference summary of compare mode, computed from the two runs
 * as they stand at the shared moment: invocations, errors, records lost
 * (dropped, or expired unprocessed), records handed away (on-failure
 * destination or DLQ) and the 95th percentile of the age metric (IteratorAge
 * for streams, ApproximateAgeOfOldestMessage for queues). Pure.
 */
import type { MetricsSeries, StageSnapshot } from '../../engine/types';
import { grouped } from '../numbers';

/** One run's figures. */
export interface RunFigures {
  readonly invocations: number;
  readonly errors: number;
  /** Dropped or expired without being processed. */
  readonly lost: number;
  /** Sent to the on-failure destination (streams) or moved to the DLQ (queues). */
  readonly handedAway: number;
  /** p95 of the age metric in seconds, null before any value. */
  readonly p95AgeSeconds: number | null;
}

/** The value at the 95th percentile (nearest rank), null for no values. */
export function p95(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] ?? null;
}

/** The age metric's per-second values up to t, in seconds. */
function ageSeconds(snapshot: StageSnapshot, metrics: MetricsSeries | null): number[] {
  if (metrics === null) return [];
  const streams = snapshot.shards !== null;
  const name = streams ? 'IteratorAge' : 'ApproximateAgeOfOldestMessage';
  const values = metrics.series[name] ?? [];
  const upTo = Math.max(0, Math.floor(snapshot.t) - metrics.start + 1);
  const seen = values.slice(0, upTo);
  // IteratorAge is measured on the batches sent (milliseconds); seconds with no batch have none.
  return streams ? seen.filter((v) => v > 0).map((v) => v / 1000) : [...seen];
}

/** The figures of one run at its current moment. */
export function figuresOf(snapshot: StageSnapshot, metrics: MetricsSeries | null): RunFigures {
  const s = snapshot.totals.byStatus;
  return {
    invocations: snapshot.totals.invocations,
    errors: snapshot.totals.errors,
    lost: s.discarded + s.expired,
    handedAway: s.sentToOnFailureDestination + s.movedToDlq,
    p95AgeSeconds: p95(ageSeconds(snapshot, metrics)),
  };
}

/** One line of the summary: both values and what the difference means. */
export interface DiffRow {
  readonly label: string;
  readonly a: string;
  readonly b: string;
  /** "B: 12 fewer", "same", "B: 3.5 s higher". */
  readonly delta: string;
  /** Which run comes out better on this line (fewer errors, lower age), or null. */
  readonly better: 'a' | 'b' | null;
}

const count = (n: number): string => grouped(n);
const secs = (s: number | null): string =>
  s === null ? '—' : s < 10 ? `${s.toFixed(1)} s` : `${grouped(Math.round(s))} s`;

function countRow(label: string, a: number, b: number, lowerIsBetter: boolean | null): DiffRow {
  const d = b - a;
  return {
    label,
    a: count(a),
    b: count(b),
    delta: d === 0 ? 'same' : `B: ${count(Math.abs(d))} ${d < 0 ? 'fewer' : 'more'}`,
    better: d === 0 || lowerIsBetter === null ? null : d < 0 === lowerIsBetter ? 'b' : 'a',
  };
}

/** The summary rows; `queues` names the age metric and where records are handed. */
export function differences(a: RunFigures, b: RunFigures, queues: boolean): DiffRow[] {
  const age: DiffRow = (() => {
    const label = queues ? 'p95 age of oldest message' : 'p95 IteratorAge';
    if (a.p95AgeSeconds === null || b.p95AgeSeconds === null)
      return {
        label,
        a: secs(a.p95AgeSeconds),
        b: secs(b.p95AgeSeconds),
        delta: '—',
        better: null,
      };
    const d = b.p95AgeSeconds - a.p95AgeSeconds;
    return {
      label,
      a: secs(a.p95AgeSeconds),
      b: secs(b.p95AgeSeconds),
      delta: Math.abs(d) < 0.05 ? 'same' : `B: ${secs(Math.abs(d))} ${d < 0 ? 'lower' : 'higher'}`,
      better: Math.abs(d) < 0.05 ? null : d < 0 ? 'b' : 'a',
    };
  })();
  return [
    countRow('Invocations', a.invocations, b.invocations, null),
    countRow('Errors', a.errors, b.errors, true),
    countRow('Records lost', a.lost, b.lost, true),
    countRow(
      queues ? 'Moved to the DLQ' : 'Sent to the destination',
      a.handedAway,
      b.handedAway,
      null,
    ),
    age,
  ];
}
