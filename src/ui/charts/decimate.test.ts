import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decimateMinMax, spikeNear, valueAt } from './decimate';

describe('decimateMinMax', () => {
  it('keeps every sample when there are few enough, at the start of their second', () => {
    expect(decimateMinMax([1, 2, 3], 10, 10, 13, 100)).toEqual([
      { t: 10, v: 1 },
      { t: 11, v: 2 },
      { t: 12, v: 3 },
    ]);
  });

  it('keeps a one-second spike in an hour of flat data drawn on 300 pixels', () => {
    const values = new Array<number>(3600).fill(5);
    values[1234] = 900;
    values[2345] = -3;
    const pts = decimateMinMax(values, 0, 0, 3600, 300);
    expect(pts.length).toBeLessThanOrEqual(600);
    expect(pts).toContainEqual({ t: 1234, v: 900 });
    expect(pts).toContainEqual({ t: 2345, v: -3 });
  });

  it('keeps the global min and max, in time order, for any series (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 2000 }),
        fc.integer({ min: 1, max: 400 }),
        (values, buckets) => {
          const pts = decimateMinMax(values, 0, 0, values.length, buckets);
          const vs = pts.map((p) => p.v);
          expect(Math.max(...vs)).toBe(Math.max(...values));
          expect(Math.min(...vs)).toBe(Math.min(...values));
          for (let i = 1; i < pts.length; i++) expect(pts[i]!.t).toBeGreaterThan(pts[i - 1]!.t);
          expect(pts.length).toBeLessThanOrEqual(Math.max(values.length, buckets * 2));
        },
      ),
    );
  });

  it('clips to the visible domain and treats NaN as 0', () => {
    expect(decimateMinMax([1, Number.NaN, 3, 4], 0, 1, 2, 10)).toEqual([
      { t: 1, v: 0 },
      { t: 2, v: 3 },
    ]);
    expect(decimateMinMax([], 0, 0, 10, 10)).toEqual([]);
  });
});

describe('valueAt and spikeNear', () => {
  const values = [0, 1, 0, 7, 0, 0, 2];
  it('reads the second containing t', () => {
    expect(valueAt(values, 0, 3.9)).toBe(7);
    expect(valueAt(values, 0, 99)).toBe(0);
    expect(valueAt(values, 100, 103)).toBe(7);
  });
  it('snaps to the largest second nearby, preferring the nearer on ties', () => {
    expect(spikeNear(values, 0, 4.2, 1)).toBe(3);
    expect(spikeNear(values, 0, 5.5, 0)).toBe(5);
    expect(spikeNear([0, 0, 0], 0, 1.5, 1)).toBe(1);
  });
});
