import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEventQueue, peek, pop, schedule, size } from './eventQueue';

describe('event queue (binary heap by time, then insertion order)', () => {
  it('pops in time order, ties in insertion order', () => {
    const q = createEventQueue<string>();
    schedule(q, 2, 'c');
    schedule(q, 1, 'a');
    schedule(q, 2, 'd');
    schedule(q, 1, 'b');
    expect(peek(q)?.event).toBe('a');
    expect(size(q)).toBe(4);
    const out: string[] = [];
    for (let e = pop(q); e !== undefined; e = pop(q)) out.push(e.event);
    expect(out).toEqual(['a', 'b', 'c', 'd']);
    expect(pop(q)).toBeUndefined();
  });

  it('matches a stable sort for any schedule', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }), (times) => {
        const q = createEventQueue<number>();
        times.forEach((t, i) => schedule(q, t, i));
        const popped: number[] = [];
        for (let e = pop(q); e !== undefined; e = pop(q)) popped.push(e.event);
        const expected = times
          .map((t, i) => [t, i] as const)
          .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        expect(popped).toEqual(expected.map(([, i]) => i));
      }),
      { numRuns: 100 },
    );
  });

  it('survives a JSON round trip mid-way (plain data)', () => {
    const q = createEventQueue<string>();
    ['x', 'y', 'z'].forEach((e, i) => schedule(q, 3 - i, e));
    pop(q);
    const copy = JSON.parse(JSON.stringify(q)) as typeof q;
    schedule(copy, 0, 'w');
    expect([pop(copy)?.event, pop(copy)?.event, pop(copy)?.event]).toEqual(['w', 'y', 'x']);
  });
});
