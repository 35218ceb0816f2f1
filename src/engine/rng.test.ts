import { describe, expect, it } from 'vitest';
import { chance, createRng, nextFloat, nextInt } from './rng';

describe('seeded RNG (mulberry32)', () => {
  it('the same seed gives the same sequence; different seeds differ', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const seqA = Array.from({ length: 5 }, () => nextFloat(a));
    expect(Array.from({ length: 5 }, () => nextFloat(b))).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => nextFloat(c))).not.toEqual(seqA);
  });

  it('the state is plain data: a cloned state continues the same sequence', () => {
    const a = createRng(7);
    nextFloat(a);
    const copy = JSON.parse(JSON.stringify(a)) as typeof a;
    expect(nextFloat(copy)).toBe(nextFloat(a));
  });

  it('floats lie in [0, 1) and are roughly uniform', () => {
    const r = createRng(1);
    const buckets = [0, 0, 0, 0];
    let outside = 0;
    for (let i = 0; i < 4000; i++) {
      const x = nextFloat(r);
      if (x < 0 || x >= 1) outside++;
      else buckets[Math.floor(x * 4)]!++;
    }
    expect(outside).toBe(0);
    for (const n of buckets) expect(n).toBeGreaterThan(850);
  });

  it('chance(0) and chance(1) never draw, so a zero knob leaves the sequence unchanged', () => {
    const a = createRng(5);
    const b = createRng(5);
    expect(chance(a, 0)).toBe(false);
    expect(chance(a, 1)).toBe(true);
    expect(nextFloat(a)).toBe(nextFloat(b));
  });

  it('nextInt stays within [0, n)', () => {
    const r = createRng(9);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) seen.add(nextInt(r, 5));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4]);
  });
});
