/**
 * Counting into the run's metric series at now, as metrics.ts `count` and
 * `max` do, without looking the series up by name each time. metrics.ts keeps
 * the series in one object keyed by metric name; a queue run writes ~18 names
 * into it, enough for V8 to make it a dictionary, and the hot path counted
 * 8–9 times per invocation: a hash lookup each (4% of the bounded SQS hour).
 * Here each series array is looked up once and kept by number (QM). They are
 * the arrays metrics.ts reads, created at the same first count, so the series
 * and their key order are unchanged.
 */
import {
  newSeriesCache as newCache,
  seriesByNumber,
  type MetricsState,
  type SeriesCache,
} from '../metrics';
import type { MetricName } from '../types';

/** The metrics the queue model counts on its hot path, by number. */
export const QM = {
  RecordsPut: 0,
  PolledEventCount: 1,
  FilteredOutEventCount: 2,
  Invocations: 3,
  InvokedEventCount: 4,
  DuplicateDeliveries: 5,
  Throttles: 6,
  DeletedEventCount: 7,
  NumberOfMessagesDeleted: 8,
  FailedInvokeEventCount: 9,
  Errors: 10,
  Duration: 11,
} as const;
export type QMetric = (typeof QM)[keyof typeof QM];

const QM_NAMES = Object.keys(QM) as MetricName[];

export type { SeriesCache };

/** An empty series cache for the QM metrics (metrics.ts `seriesByNumber`). */
export const newSeriesCache = (): SeriesCache => newCache(QM_NAMES.length);

/** The state parts counting reads: its metrics, the cache and the time. */
interface Counting {
  readonly metrics: MetricsState;
  readonly seriesCache: SeriesCache;
  readonly now: number;
}

/** Metric `metric`'s series, padded to hold `second` (a copied or cloned state has its own metrics: the cache follows them). */
function seriesTo(s: Counting, metric: QMetric, second: number): number[] {
  return seriesByNumber(s.seriesCache, s.metrics, QM_NAMES, metric, second);
}

/** Adds n to a counter for now's second (metrics.ts count). */
export function countNow(s: Counting, metric: QMetric, n = 1): void {
  const second = Math.max(0, Math.floor(s.now));
  seriesTo(s, metric, second)[second]! += n;
}

/** Keeps the maximum of v for now's second (metrics.ts max). */
export function maxNow(s: Counting, metric: QMetric, v: number): void {
  const second = Math.max(0, Math.floor(s.now));
  const arr = seriesTo(s, metric, second);
  if (v > arr[second]!) arr[second] = v;
}
