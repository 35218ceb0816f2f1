/**
 * Min/max decimation: with more samples than pixels, keep each pixel bucket's
 * minimum and maximum (in time order) so spikes and dips survive the
 * reduction, as an oscilloscope would draw them. Pure, allocation-light.
 */

/** One plotted sample: the start of its simulated second and its value. */
export interface SeriesPoint {
  readonly t: number;
  readonly v: number;
}

/**
 * The points of `values` (index i covers simulated second [start + i, start + i + 1))
 * inside [t0, t1], at most two per pixel bucket when there are more samples than
 * `buckets` × 2. Each point sits at the start of its second (drawn as a step to the next).
 */
export function decimateMinMax(
  values: readonly number[],
  start: number,
  t0: number,
  t1: number,
  buckets: number,
): SeriesPoint[] {
  const first = Math.max(0, Math.floor(t0 - start));
  const last = Math.min(values.length - 1, Math.ceil(t1 - start));
  const out: SeriesPoint[] = [];
  if (last < first) return out;
  const n = last - first + 1;
  const b = Math.max(1, Math.floor(buckets));
  const at = (i: number): SeriesPoint => ({ t: start + i, v: finite(values[i]) });
  if (n <= b * 2) {
    for (let i = first; i <= last; i++) out.push(at(i));
    return out;
  }
  const per = n / b;
  for (let k = 0; k < b; k++) {
    const lo = first + Math.floor(k * per);
    const hi = Math.min(last, first + Math.floor((k + 1) * per) - 1);
    if (hi < lo) continue;
    let iMin = lo;
    let iMax = lo;
    for (let i = lo + 1; i <= hi; i++) {
      const v = finite(values[i]);
      if (v < finite(values[iMin])) iMin = i;
      if (v > finite(values[iMax])) iMax = i;
    }
    if (iMin === iMax) out.push(at(iMin));
    else if (iMin < iMax) out.push(at(iMin), at(iMax));
    else out.push(at(iMax), at(iMin));
  }
  return out;
}

/** A missing or non-finite sample draws as 0 (CloudWatch shows no point; the chart shows a floor). */
function finite(v: number | undefined): number {
  return v !== undefined && Number.isFinite(v) ? v : 0;
}

/** The value of the second containing t, or 0 outside the series. */
export function valueAt(values: readonly number[], start: number, t: number): number {
  return finite(values[Math.floor(t) - start]);
}

/**
 * The second with the largest value within ±radius seconds of t: a click
 * near a spike lands on the spike, not on the pixel beside it.
 */
export function spikeNear(
  values: readonly number[],
  start: number,
  t: number,
  radius: number,
): number {
  const centre = Math.floor(t);
  let best = centre;
  let bestV = Number.NEGATIVE_INFINITY;
  const r = Math.max(0, Math.ceil(radius));
  for (let s = centre - r; s <= centre + r; s++) {
    const i = s - start;
    if (i < 0 || i >= values.length) continue;
    const v = finite(values[i]);
    // Prefer the nearer second on equal values so a flat line keeps the pointer's second.
    if (v > bestV || (v === bestV && Math.abs(s - centre) < Math.abs(best - centre))) {
      best = s;
      bestV = v;
    }
  }
  return best;
}
