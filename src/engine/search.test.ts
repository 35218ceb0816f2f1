import { describe, expect, it } from 'vitest';
import { firstIndexWhere } from './search';

describe('firstIndexWhere', () => {
  const sorted = [1, 3, 3, 5, 8];
  const first = (pred: (v: number) => boolean, lo = 0, hi = sorted.length) =>
    firstIndexWhere(lo, hi, (i) => pred(sorted[i]!));

  it('finds the first entry past a target, equal ones before it or at it as asked', () => {
    expect(first((v) => v >= 3)).toBe(1);
    expect(first((v) => v > 3)).toBe(3);
    expect(first((v) => v > 0)).toBe(0);
  });

  it('returns hi when no entry qualifies, and searches only [lo, hi)', () => {
    expect(first((v) => v > 8)).toBe(5);
    expect(first((v) => v > 3, 1, 3)).toBe(3);
    expect(first((v) => v >= 1, 2, 4)).toBe(2);
    expect(firstIndexWhere(4, 4, () => true)).toBe(4);
  });
});
