/**
 * Binary search over a monotone predicate, for the engine's sorted arrays
 * (event rings by seq, invocation history by number, deadlines by time).
 */

/**
 * The first index i in [lo, hi) where `after(i)` is true, or hi when there is
 * none. `after` must be false then true along the range (a sorted array read
 * as "is this entry past the target?").
 */
export function firstIndexWhere(lo: number, hi: number, after: (i: number) => boolean): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (after(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
