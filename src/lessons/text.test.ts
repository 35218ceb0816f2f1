import { describe, expect, it } from 'vitest';
import { fill, formatNumber, placeholders, sentences } from './text';

const v = (value: number, seconds = false) => ({ value, seconds });

describe('narration text', () => {
  it('fills numbers, seconds and plurals that follow the number', () => {
    expect(fill('{n} put', { n: v(1250) })).toBe('1,250 put');
    expect(fill('age {a}', { a: v(7.84, true) })).toBe('age 7.8 s');
    expect(fill('{n:record}', { n: v(1) })).toBe('1 record');
    expect(fill('{n:record}', { n: v(3) })).toBe('3 records');
    expect(fill('{n:batch|batches}', { n: v(2) })).toBe('2 batches');
    expect(fill('{n:batch|batches}', { n: v(1) })).toBe('1 batch');
  });

  it('refuses a placeholder without a value', () => {
    expect(() => fill('{missing}', {})).toThrow(/\{missing\}/);
  });

  it('lists placeholders by name', () => {
    expect(placeholders('a {x} b {y:record} c {z:one|many}')).toEqual(['x', 'y', 'z']);
  });

  it('counts sentences without breaking on decimals', () => {
    expect(sentences('It took 0.5 s. Then it stopped! Why? Because.')).toHaveLength(4);
    expect(sentences('One sentence at t = 2.5 s only.')).toHaveLength(1);
  });

  it('formats whole numbers grouped and others to one decimal', () => {
    expect(formatNumber(10000)).toBe('10,000');
    expect(formatNumber(1.96)).toBe('2');
    expect(formatNumber(1.94)).toBe('1.9');
  });
});
