import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { grouped } from './numbers';

describe('grouped', () => {
  it('groups thousands and keeps up to three fraction digits by default', () => {
    expect(grouped(0)).toBe('0');
    expect(grouped(999)).toBe('999');
    expect(grouped(1000)).toBe('1,000');
    expect(grouped(1234567)).toBe('1,234,567');
    expect(grouped(-1234.5)).toBe('-1,234.5');
    expect(grouped(0.12345)).toBe('0.123');
    expect(grouped(2.5, 0)).toBe('3');
    expect(grouped(-2.5, 0)).toBe('-3');
    expect(grouped(1.25, 1)).toBe('1.3');
    expect(grouped(Infinity)).toBe('∞');
  });

  it('writes what toLocaleString("en-US") writes', () => {
    const check = (n: number, digits: number): void => {
      expect(grouped(n, digits)).toBe(n.toLocaleString('en-US', { maximumFractionDigits: digits }));
    };
    fc.assert(
      fc.property(fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }), (n) => check(n, 3)),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(
        fc.double({ min: -1e15, max: 1e15, noNaN: true }),
        fc.constantFrom(0, 1, 2, 3),
        (n, digits) => check(n, digits),
      ),
      { numRuns: 5000 },
    );
    for (const n of [-0, 0.05, 0.15, 0.25, 1.005, 12.345, 999.9999, 1e20, 123456789.987654]) {
      for (const digits of [0, 1, 2, 3]) check(n, digits);
    }
  });
});
