/**
 * The stream engine's hot metric updates without looking a series up by name
 * each time. metrics.ts keeps the series in one object keyed by metric name
 * (and IteratorAge per shard in another, keyed by shard id); `count(m, name,
 * …)` called with a dozen names is a megamorphic keyed lookup each time, and
 * an invocation made seven such updates (a record put one). Here each series
 * array (and gauge state) is looked up once per MetricsState and kept by
 * number. They are the arrays metrics.ts reads, created by the same first
 * update (`??=` in the same order), so the series and their key order are
 * unchanged; the updates do exactly what metrics.ts's `count`, `max`,
 * `gauge` and `maxPerShard` do.
 *
 * The cache is module scratch, never part of a state: it holds the arrays of
 * one MetricsState and is refilled when another one (a restored or second
 * simulation) is updated. metrics.ts only ever pushes into a series array,
 * never replaces it, so a cached array stays the live one.
 */
import {
  newSeriesCache,
  seriesByNumber,
  type GaugeState,
  type MetricsState,
  type SeriesCache,
} from '../metrics';
import type { MetricName } from '../types';

/** The metrics the stream engine updates on its hot path, by number. */
export const SM = {
  RecordsPut: 0,
  PolledEventCount: 1,
  Invocations: 2,
  InvokedEventCount: 3,
  ConcurrentExecutions: 4,
  Duration: 5,
  IteratorAge: 6,
} as const;
export type StreamMetric = (typeof SM)[keyof typeof SM];

const SM_NAMES = Object.keys(SM) as MetricName[];

interface StreamCache {
  /** The series arrays by SM number (metrics.ts `seriesByNumber`). */
  series: SeriesCache;
  gauges: (GaugeState | null)[];
  /** IteratorAge series by shard index. */
  byShard: (number[] | null)[];
}

const CACHE: StreamCache = {
  series: newSeriesCache(SM_NAMES.length),
  gauges: SM_NAMES.map(() => null),
  byShard: [],
};

/** The cache, emptied first when it holds another MetricsState's arrays. */
function cacheFor(m: MetricsState): StreamCache {
  const c = CACHE;
  if (c.series.metrics !== m) {
    c.series.metrics = m;
    c.series.arrays.fill(null);
    c.gauges.fill(null);
    c.byShard.length = 0;
  }
  return c;
}

/** Metric `metric`'s series (created as metrics.ts would), padded to hold second `t`. */
function seriesAt(m: MetricsState, metric: StreamMetric, t: number): number[] {
  return seriesByNumber(cacheFor(m).series, m, SM_NAMES, metric, t);
}

/** The second metrics.ts files time t under (its secondOf). */
const secondOf = (t: number): number => Math.max(0, Math.floor(t));

/** metrics.ts `count`: adds n to the counter for the second containing t. */
export function countAt(m: MetricsState, metric: StreamMetric, t: number, n = 1): void {
  const s = secondOf(t);
  seriesAt(m, metric, s)[s]! += n;
}

/** metrics.ts `max`: keeps the maximum of v for the second containing t. */
export function maxAt(m: MetricsState, metric: StreamMetric, t: number, v: number): void {
  const s = secondOf(t);
  const arr = seriesAt(m, metric, s);
  if (v > arr[s]!) arr[s] = v;
}

/** metrics.ts `gauge`: sets the level at t; seconds since its last change carry the old level. */
export function gaugeAt(m: MetricsState, metric: StreamMetric, t: number, v: number): void {
  const s = secondOf(t);
  const arr = seriesAt(m, metric, s);
  const c = CACHE;
  let g = c.gauges[metric]!;
  if (g === null) {
    g = m.gauges[SM_NAMES[metric]!] ??= { value: 0, second: 0 };
    c.gauges[metric] = g;
  }
  for (let i = g.second + 1; i <= s; i++) arr[i] = Math.max(arr[i]!, g.value);
  if (v > arr[s]!) arr[s] = v;
  g.value = v;
  g.second = s;
}

/** metrics.ts `maxPerShard`: IteratorAge of shard `shard` (id `shardId`), maximum per second. */
export function maxPerShardAt(
  m: MetricsState,
  shard: number,
  shardId: string,
  t: number,
  v: number,
): void {
  const c = cacheFor(m);
  let arr = c.byShard[shard];
  if (arr === undefined || arr === null) {
    arr = m.iteratorAgeByShard[shardId] ??= [];
    while (c.byShard.length <= shard) c.byShard.push(null);
    c.byShard[shard] = arr;
  }
  const s = secondOf(t);
  while (arr.length <= s) arr.push(0);
  if (v > arr[s]!) arr[s] = v;
}
