/**
 * Per-second metric accumulation, as CloudWatch would aggregate at 1-second
 * resolution: counters sum within a second; gauges report the maximum level
 * seen in the second (a level carries over seconds in which it did not change).
 * Plain data, so it lives inside the simulation state.
 */
import type { MetricName, MetricsSeries } from './types';

export interface GaugeState {
  value: number;
  /** The last second already written to the series. */
  second: number;
}

export interface MetricsState {
  series: Partial<Record<MetricName, number[]>>;
  gauges: Partial<Record<MetricName, GaugeState>>;
  iteratorAgeByShard: Record<string, number[]>;
}

export function createMetrics(): MetricsState {
  return { series: {}, gauges: {}, iteratorAgeByShard: {} };
}

const secondOf = (t: number): number => Math.max(0, Math.floor(t));

function cell(arr: number[], s: number): void {
  while (arr.length <= s) arr.push(0);
}

/** Adds n to a counter for the second containing t. */
export function count(m: MetricsState, name: MetricName, t: number, n = 1): void {
  const arr = (m.series[name] ??= []);
  const s = secondOf(t);
  cell(arr, s);
  arr[s]! += n;
}

/** Keeps the maximum of v for the second containing t (e.g. IteratorAge of batches sent). */
export function max(m: MetricsState, name: MetricName, t: number, v: number): void {
  const arr = (m.series[name] ??= []);
  const s = secondOf(t);
  cell(arr, s);
  if (v > arr[s]!) arr[s] = v;
}

/** IteratorAge per shard, in milliseconds, maximum per second. */
export function maxPerShard(m: MetricsState, shardId: string, t: number, v: number): void {
  const arr = (m.iteratorAgeByShard[shardId] ??= []);
  const s = secondOf(t);
  cell(arr, s);
  if (v > arr[s]!) arr[s] = v;
}

/** Sets a gauge's level at time t; seconds since its last change carry the old level. */
export function gauge(m: MetricsState, name: MetricName, t: number, v: number): void {
  const arr = (m.series[name] ??= []);
  const g = (m.gauges[name] ??= { value: 0, second: 0 });
  const s = secondOf(t);
  cell(arr, s);
  for (let i = g.second + 1; i <= s; i++) arr[i] = Math.max(arr[i]!, g.value);
  if (v > arr[s]!) arr[s] = v;
  g.value = v;
  g.second = s;
}

/**
 * Series arrays of one MetricsState kept by number, for an engine's hot path:
 * `count(m, name, …)` with a dozen names is a keyed lookup each time (the
 * series object becomes a dictionary). The arrays are those this module reads
 * and creates (`??=`, same first update, same key order); it only ever pushes
 * into a series, so a kept array stays the live one. A cache follows one
 * MetricsState: given another (a restored or copied run), it starts again.
 */
export interface SeriesCache {
  metrics: MetricsState | null;
  arrays: (number[] | null)[];
}

/** An empty cache for `size` numbered metrics. */
export function newSeriesCache(size: number): SeriesCache {
  return { metrics: null, arrays: new Array<number[] | null>(size).fill(null) };
}

/** Metric number `metric` (named `names[metric]`) of `m`, created as `count` would, padded to hold `second`. */
export function seriesByNumber(
  cache: SeriesCache,
  m: MetricsState,
  names: readonly MetricName[],
  metric: number,
  second: number,
): number[] {
  if (cache.metrics !== m) {
    cache.metrics = m;
    cache.arrays.fill(null);
  }
  let arr = cache.arrays[metric]!;
  if (arr === null) {
    arr = m.series[names[metric]!] ??= [];
    cache.arrays[metric] = arr;
  }
  while (arr.length <= second) arr.push(0);
  return arr;
}

/** Extends every series (and carries gauges) to cover the second containing t. */
export function flushMetrics(m: MetricsState, t: number): void {
  const s = secondOf(t);
  for (const name of Object.keys(m.series) as MetricName[]) {
    const g = m.gauges[name];
    if (g) gauge(m, name, t, g.value);
    else cell(m.series[name]!, s);
  }
  for (const arr of Object.values(m.iteratorAgeByShard)) cell(arr, s);
}

/**
 * The series from `fromSecond` up to the second containing `t` (exclusive of
 * any second after t). Arrays are copies, safe to send to another thread.
 */
export function metricsSeries(m: MetricsState, t: number, fromSecond = 0): MetricsSeries {
  flushMetrics(m, t);
  const end = secondOf(t) + 1;
  const from = Math.max(0, Math.floor(fromSecond));
  const series: Partial<Record<MetricName, readonly number[]>> = {};
  for (const [name, arr] of Object.entries(m.series) as [MetricName, number[]][]) {
    series[name] = arr.slice(from, end);
  }
  const byShard: Record<string, readonly number[]> = {};
  for (const [id, arr] of Object.entries(m.iteratorAgeByShard)) byShard[id] = arr.slice(from, end);
  return {
    periodSeconds: 1,
    start: from,
    series,
    ...(Object.keys(byShard).length > 0 ? { iteratorAgeByShard: byShard } : {}),
  };
}
