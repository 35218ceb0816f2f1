import { describe, expect, it } from 'vitest';
import { estimateBytes } from './stateSize';

describe('estimateBytes', () => {
  it('counts owned typed arrays and not views of part of a bigger (shared) buffer', () => {
    const column = new Float64Array(1000);
    expect(estimateBytes(column)).toBeGreaterThanOrEqual(8000);
    expect(estimateBytes(column.subarray(0, 500))).toBeLessThan(100);
    expect(estimateBytes({ a: column, b: column.subarray(0, 10) })).toBeLessThan(8200);
  });

  it('samples long arrays: close to the exact figure for uniform items, whatever their number', () => {
    const small = Array.from({ length: 10_000 }, (_, i) => i);
    const doubles = Array.from({ length: 10_000 }, (_, i) => i + 0.5);
    const objects = Array.from({ length: 10_000 }, (_, i) => ({ t: i + 0.5, kind: 'recordPut' }));
    expect(estimateBytes(small)).toBeCloseTo(8 * 10_000, -3);
    // Boxed doubles cost their own 16 bytes besides the slot.
    expect(estimateBytes(doubles)).toBeCloseTo(24 * 10_000, -3);
    const perObject = estimateBytes(objects) / 10_000;
    expect(perObject).toBeGreaterThan(50);
    expect(perObject).toBeLessThan(120);
    expect(estimateBytes(objects.concat(objects))).toBeCloseTo(2 * estimateBytes(objects), -3);
  });

  it('scales objects used as maps from the keys it walked', () => {
    const map: Record<string, { t: number }> = {};
    for (let i = 0; i < 5000; i++) map[`k${i}`] = { t: i + 0.5 };
    const bytes = estimateBytes(map);
    expect(bytes).toBeGreaterThan(5000 * 30);
    expect(bytes).toBeLessThan(5000 * 60);
  });

  it('counts strings as shared (a saved state holds the live one’s strings, not copies)', () => {
    const withStrings = Array.from({ length: 100 }, (_, i) => ({ id: `p0-${i}`.repeat(50) }));
    const withNumbers = Array.from({ length: 100 }, () => ({ id: 1 }));
    expect(estimateBytes(withStrings)).toBe(estimateBytes(withNumbers));
    // Unless asked to count them (events rebuilt for the log own their strings).
    expect(estimateBytes(withStrings, true)).toBeGreaterThan(100 * 250);
  });
});
