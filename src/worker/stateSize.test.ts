import { describe, expect, it } from 'vitest';
import { estimateBytes } from './stateSize';

describe('estimateBytes', () => {
  it('counts owned typed arrays and not views of part of a bigger (shared) buffer', () => {
    const column = new Float64Array(1000);
    expect(estimateBytes(column)).toBeGreaterThanOrEqual(8000);
    expect(estimateBytes(column.subarray(0, 500))).toBeLessThan(100);
    expect(estimateBytes({ a: column, b: column.subarray(0, 10) })).toBeLessThan(8200);
  });

  it('counts arrays of numbers and objects (doubles among other values are boxed: 16 bytes more)', () => {
    const small = Array.from({ length: 10_000 }, (_, i) => i);
    const doubles = Array.from({ length: 10_000 }, (_, i) => i + 0.5);
    const mixed: unknown[] = [...doubles, { kind: 'recordPut' }];
    const objects = Array.from({ length: 10_000 }, (_, i) => ({ t: i + 0.5, kind: 'recordPut' }));
    expect(estimateBytes(small)).toBeCloseTo(8 * 10_000, -3);
    // V8 keeps an array of numbers only as unboxed doubles (measured: 8 bytes each).
    expect(estimateBytes(doubles)).toBeCloseTo(8 * 10_000, -3);
    // Among other values each double is a heap number of its own.
    expect(estimateBytes(mixed)).toBeCloseTo(24 * 10_000, -3);
    const perObject = estimateBytes(objects) / 10_000;
    expect(perObject).toBeGreaterThan(50);
    expect(perObject).toBeLessThan(120);
    // The same objects twice: counted once.
    expect(estimateBytes(objects.concat(objects))).toBe(estimateBytes(objects) + 8 * 10_000);
  });

  it('samples past its budget: close to the exact figure for uniform items', () => {
    const objects = Array.from({ length: 10_000 }, (_, i) => ({ t: i + 0.5, kind: 'recordPut' }));
    const exact = estimateBytes(objects);
    const sampled = estimateBytes(objects, { budget: 100 });
    expect(Math.abs(sampled - exact) / exact).toBeLessThan(0.05);
  });

  it('counts objects an earlier walk has seen as shared', () => {
    const seen = new WeakSet<object>();
    const events = Array.from({ length: 1000 }, (_, i) => ({ seq: i, t: i + 0.25 }));
    const first = estimateBytes({ events: events.slice(0, 600) }, { seen });
    const second = estimateBytes({ events: events.slice(200, 800) }, { seen });
    // The second holds 600 events, 200 of them new: its array's slots and a third of the events.
    expect(second / first).toBeGreaterThan(0.35);
    expect(second / first).toBeLessThan(0.5);
    // Seen again: only the new array's slots.
    expect(estimateBytes({ events: events.slice(0, 600) }, { seen })).toBe(16 + 8 + 16 + 600 * 8);
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
    expect(estimateBytes(withStrings, { strings: true })).toBeGreaterThan(100 * 250);
  });
});
