import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findJsonError } from './jsonError';

describe('findJsonError', () => {
  it('accepts valid JSON', () => {
    expect(findJsonError('{"a":[1,-2.5e3,true,false,null,"x\\n\\u00e9"]}')).toBeNull();
    expect(findJsonError('  7 ')).toBeNull();
  });

  it('finds the line, column and position of the first error', () => {
    expect(findJsonError('{"format": 1,\n  "x": }')).toEqual({
      position: 21,
      line: 2,
      column: 8,
      reason: 'unexpected character "}"',
    });
    expect(findJsonError('{"a": 1,}')?.reason).toBe('expected a property name in double quotes');
    expect(findJsonError('[1 2]')?.reason).toBe('expected "," or "]"');
    expect(findJsonError('{"a" 1}')?.reason).toBe('expected ":" after a property name');
    expect(findJsonError('"abc')?.reason).toBe('unterminated string');
    expect(findJsonError('{} x')).toMatchObject({
      position: 3,
      reason: 'unexpected text after the JSON value',
    });
    expect(findJsonError('')?.reason).toBe('unexpected end of input');
    expect(findJsonError('01')?.position).toBe(1);
  });

  it('bounds nesting instead of overflowing the stack', () => {
    expect(findJsonError('['.repeat(100_000))?.reason).toMatch(/nesting deeper/);
  });

  it('agrees with JSON.parse on what is valid (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), fc.string({ maxLength: 2 }), (v, at, junk) => {
        const text = JSON.stringify(v);
        const cut = at % (text.length + 1);
        const mutated = text.slice(0, cut) + junk + text.slice(cut);
        let valid = true;
        try {
          JSON.parse(mutated);
        } catch {
          valid = false;
        }
        expect(findJsonError(mutated) === null).toBe(valid);
      }),
      { seed: 5, numRuns: 500 },
    );
  });
});
