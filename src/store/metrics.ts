/**
 * Merging per-second metric deltas into the series the store keeps. Pure
 * functions over plain data, so they are tested without a worker.
 */
import type { MetricName, MetricsSeries } from '../engine/types';
import { METRICS_WINDOW_SECONDS } from '../worker/protocol';

/** How many seconds of metrics the store keeps (older seconds fall off the front). */
export const METRICS_CAP_SECONDS = METRICS_WINDOW_SECONDS;

type Series = Readonly<Record<string, readonly number[]>>;

function mergeSeries(
  prev: Series | undefined,
  prevStart: number,
  delta: Series,
  deltaStart: number,
  start: number,
  end: number,
): Record<string, readonly number[]> {
  const out: Record<string, readonly number[]> = {};
  const names = new Set([...Object.keys(prev ?? {}), ...Object.keys(delta)]);
  for (const name of names) {
    const values = new Array<number>(Math.max(0, end - start)).fill(0);
    const old = prev?.[name];
    if (old !== undefined) {
      for (let i = 0; i < old.length; i++) {
        const at = prevStart + i - start;
        if (at >= 0 && at < values.length) values[at] = old[i] ?? 0;
      }
    }
    const fresh = delta[name];
    if (fresh !== undefined) {
      for (let i = 0; i < fresh.length; i++) {
        const at = deltaStart + i - start;
        if (at >= 0 && at < values.length) values[at] = fresh[i] ?? 0;
      }
    }
    out[name] = values;
  }
  return out;
}

/**
 * Overlays `delta` (the seconds that changed) on `prev`, keeping at most
 * `cap` seconds (the newest). With `prev` null the delta is the whole series.
 */
export function mergeMetrics(
  prev: MetricsSeries | null,
  delta: MetricsSeries,
  cap: number = METRICS_CAP_SECONDS,
): MetricsSeries {
  const lengthOf = (m: MetricsSeries): number =>
    Math.max(0, ...Object.values(m.series).map((v) => v?.length ?? 0));
  const deltaEnd = delta.start + lengthOf(delta);
  if (prev === null) {
    const start = Math.max(delta.start, deltaEnd - cap);
    return build(undefined, 0, undefined, delta, start, deltaEnd);
  }
  const end = Math.max(prev.start + lengthOf(prev), deltaEnd);
  const start = Math.max(Math.min(prev.start, delta.start), end - cap);
  return build(prev.series, prev.start, prev.iteratorAgeByShard, delta, start, end);
}

function build(
  prevSeries: MetricsSeries['series'] | undefined,
  prevStart: number,
  prevByShard: MetricsSeries['iteratorAgeByShard'],
  delta: MetricsSeries,
  start: number,
  end: number,
): MetricsSeries {
  const series = mergeSeries(
    prevSeries as Series | undefined,
    prevStart,
    delta.series as Series,
    delta.start,
    start,
    end,
  ) as Partial<Record<MetricName, readonly number[]>>;
  const byShard =
    prevByShard !== undefined || delta.iteratorAgeByShard !== undefined
      ? mergeSeries(prevByShard, prevStart, delta.iteratorAgeByShard ?? {}, delta.start, start, end)
      : undefined;
  return byShard === undefined
    ? { periodSeconds: 1, start, series }
    : { periodSeconds: 1, start, series, iteratorAgeByShard: byShard };
}
