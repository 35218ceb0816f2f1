import { describe, expect, it } from 'vitest';
import { copyShape, copyShapeWith, notConstant } from './shape';

describe('copyShape', () => {
  it('copies own keys and values in order, shallowly', () => {
    const inner = { x: 1 };
    const o = { b: 2, a: 'one', inner, list: [1, 2], none: null, d: 1.5 };
    const c = copyShape(o);
    expect(c).not.toBe(o);
    expect(c).toEqual(o);
    expect(Object.keys(c)).toEqual(Object.keys(o));
    expect(c.inner).toBe(inner);
    c.b = 3;
    expect(o.b).toBe(2);
  });

  it('keeps integer-like and quoted keys, and "__proto__" as an own key, not the prototype', () => {
    const o = JSON.parse(
      '{"2": "two", "a b": 1, "quote\\"d": 2, "__proto__": {"polluted": true}}',
    ) as Record<string, unknown>;
    const c = copyShape(o);
    expect(Object.keys(c)).toEqual(Object.keys(o));
    expect(Object.getPrototypeOf(c)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(c, '__proto__')?.value).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('copyShapeWith writes the changes over the copy', () => {
    const o = { a: 1, b: [1], c: 'x' };
    const c = copyShapeWith(o, { b: [2, 3] });
    expect(c).toEqual({ a: 1, b: [2, 3], c: 'x' });
    expect(o.b).toEqual([1]);
    expect(Object.keys(c)).toEqual(['a', 'b', 'c']);
  });

  it('copies objects with many distinct key lists (user data) correctly', () => {
    for (let i = 0; i < 700; i++) {
      const o = { [`k${i}`]: i, shared: true };
      expect(copyShape(o)).toEqual(o);
    }
  });
});

describe('notConstant', () => {
  it('leaves every value as it was (the same objects), keys and their order included', () => {
    const recs = new Int32Array([3, 1, 2]);
    const list = [1, 2, 3];
    const bodies = { 4: 'x' };
    const o = { recs, base: 7, list, bodies, name: 'shard', other: null as number | null };
    const same = notConstant(o, ['recs', 'base', 'list', 'bodies', 'name', 'other']);
    expect(same).toBe(o);
    expect(Object.keys(o)).toEqual(['recs', 'base', 'list', 'bodies', 'name', 'other']);
    expect(o.recs).toBe(recs);
    expect(o.list).toBe(list);
    expect(o.bodies).toBe(bodies);
    expect(o).toEqual({
      recs,
      base: 7,
      list: [1, 2, 3],
      bodies: { 4: 'x' },
      name: 'shard',
      other: null,
    });
    // The stand-ins never touched the values themselves.
    expect(Array.from(recs)).toEqual([3, 1, 2]);
  });
});
