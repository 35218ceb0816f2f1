import { describe, expect, it } from 'vitest';
import type { MetricsSeries } from '../engine/types';
import { mergeMetrics } from './metrics';

const m = (start: number, values: number[], errors?: number[]): MetricsSeries => ({
  periodSeconds: 1,
  start,
  series: errors === undefined ? { Invocations: values } : { Invocations: values, Errors: errors },
});

describe('mergeMetrics', () => {
  it('overlays the changed seconds and appends new ones', () => {
    const merged = mergeMetrics(m(0, [1, 2, 3]), m(2, [4, 5], [9, 9]));
    expect(merged.start).toBe(0);
    expect(merged.series.Invocations).toEqual([1, 2, 4, 5]);
    expect(merged.series.Errors).toEqual([0, 0, 9, 9]);
  });

  it('keeps only the newest `cap` seconds', () => {
    const merged = mergeMetrics(m(0, [1, 2, 3, 4]), m(4, [5, 6]), 3);
    expect(merged.start).toBe(3);
    expect(merged.series.Invocations).toEqual([4, 5, 6]);
  });

  it('takes the delta as the whole series when there is nothing yet', () => {
    expect(mergeMetrics(null, m(5, [7, 8])).series.Invocations).toEqual([7, 8]);
  });
});
