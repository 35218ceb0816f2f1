/**
 * The streamed writer gives exactly JSON.stringify's text, chunk boundaries
 * never split a character, and the fd sink survives partial writes and EAGAIN.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeAllSync, type WriteFn } from './stdoutSink';
import { writeJson } from './writeJson';

/** Everything writeJson handed out, as chunks. */
function chunksOf(value: unknown, chunkChars: number): { wrote: boolean; chunks: string[] } {
  const chunks: string[] = [];
  const wrote = writeJson(value, (c) => chunks.push(c), chunkChars);
  return { wrote, chunks };
}

/** One UTF-16 code unit of any kind: ASCII, controls, lone surrogates, astral pairs. */
const char = fc.oneof(
  fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
  fc.constantFrom('"', '\\', '\u2028', '\u2029', '\u007f', 'é', '中'),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
);
const text = fc.array(char, { maxLength: 12 }).map((cs) => cs.join(''));
const key = fc.oneof(text, fc.constantFrom('__proto__', '0', '1', '10', '-1', 'toJSON', ''));

const number = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(
    -0,
    0,
    1e21,
    1e-7,
    -1e300,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    Number.MAX_SAFE_INTEGER + 2,
    NaN,
    Infinity,
    -Infinity,
  ),
);

/** Values JSON.stringify treats specially: skipped, boxed, toJSON, dates. */
const special = fc.oneof(
  fc.constant(undefined),
  fc.constant(() => 1),
  fc.constant(Symbol('s')),
  number.map((n) => Object(n) as unknown),
  text.map((s) => Object(s) as unknown),
  fc.boolean().map((b) => Object(b) as unknown),
  fc.integer({ min: -8.64e15, max: 8.64e15 }).map((t) => new Date(t)),
  fc.constant(new Date(NaN)),
  fc.constant({ toJSON: (k: string) => `key:${k}` }),
  fc.constant({ toJSON: () => undefined }),
);

const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    number,
    text,
    special,
    fc.array(tie('value'), { maxLength: 6 }),
    // Holes in arrays are written as null.
    fc.array(tie('value'), { maxLength: 4 }).map((a) => {
      const sparse: unknown[] = [...a];
      sparse.length = a.length + 2;
      return sparse;
    }),
    fc
      .array(fc.tuple(key, tie('value')), { maxLength: 6 })
      .map((entries) => Object.fromEntries(entries) as unknown),
  ),
}));

describe('writeJson', () => {
  it('writes exactly JSON.stringify, in chunks that encode to the same bytes', () => {
    fc.assert(
      fc.property(value, fc.integer({ min: 1, max: 40 }), (v, size) => {
        const expected = JSON.stringify(v) as string | undefined;
        const { wrote, chunks } = chunksOf(v, size);
        if (expected === undefined) {
          expect(wrote).toBe(false);
          expect(chunks).toEqual([]);
          return;
        }
        expect(wrote).toBe(true);
        expect(chunks.join('')).toBe(expected);
        expect(chunks.every((c) => c !== '')).toBe(true);
        const bytes = Buffer.concat(chunks.map((c) => Buffer.from(c, 'utf8')));
        expect(bytes.equals(Buffer.from(expected, 'utf8'))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('handles the edge cases by name', () => {
    const cases: unknown[] = [
      -0,
      [-0, NaN, -Infinity, 1e21, 5e-324],
      {},
      [],
      [[], {}, [[]], { a: {} }],
      { a: undefined, b: () => 1, c: Symbol('x'), d: 1 },
      [undefined, () => 1, Symbol('x')],
      '\ud800x\udfff\ud83d\ude00',
      { '\ud800': '\u2028' },
      Object.fromEntries([['__proto__', 1]]),
      { 2: 'b', 1: 'a', x: 'x' },
      new Date(0),
      { toJSON: (k: string) => ({ k }) },
      [{ toJSON: (k: string) => k }, { toJSON: (k: string) => k }],
      Object(-0) as unknown,
      Object('s') as unknown,
      Object(false) as unknown,
    ];
    for (const c of cases) {
      expect(chunksOf(c, 3).chunks.join('')).toBe(JSON.stringify(c));
      expect(chunksOf(c, 1 << 16).chunks.join('')).toBe(JSON.stringify(c));
    }
  });

  it('returns false and writes nothing where JSON.stringify gives undefined', () => {
    for (const v of [undefined, () => 1, Symbol('x'), { toJSON: () => undefined }]) {
      expect(JSON.stringify(v)).toBeUndefined();
      expect(chunksOf(v, 8)).toEqual({ wrote: false, chunks: [] });
    }
  });

  it('throws where JSON.stringify throws: cycles and BigInt', () => {
    const cycle: { self?: unknown } = {};
    cycle.self = [cycle];
    expect(() => JSON.stringify(cycle)).toThrow(TypeError);
    expect(() => writeJson(cycle, () => undefined)).toThrow(TypeError);
    expect(() => JSON.stringify({ n: 1n })).toThrow(TypeError);
    expect(() => writeJson({ n: 1n }, () => undefined)).toThrow(TypeError);
    // The same object twice, not nested, is no cycle.
    const shared = { a: 1 };
    expect(chunksOf([shared, shared], 4).chunks.join('')).toBe('[{"a":1},{"a":1}]');
  });

  it('hands out chunks of about the requested size', () => {
    const big = Array.from({ length: 20_000 }, (_, i) => ({ id: `r${i}`, n: i }));
    const { chunks } = chunksOf(big, 1024);
    expect(chunks.join('')).toBe(JSON.stringify(big));
    expect(chunks.length).toBeGreaterThan(100);
    // Every chunk but the last reached the size; none exceeds it by more than one token.
    for (const c of chunks.slice(0, -1)) {
      expect(c.length).toBeGreaterThanOrEqual(1024);
      expect(c.length).toBeLessThan(1024 + 32);
    }
  });
});

describe('writeAllSync', () => {
  const sysError = (code: string): Error => Object.assign(new Error(code), { code });

  it('continues after partial writes and retries EAGAIN', () => {
    const got: number[] = [];
    let calls = 0;
    const flaky: WriteFn = (_fd, buf, offset, length) => {
      calls++;
      if (calls % 3 === 0) throw sysError('EAGAIN');
      const n = Math.min(length, 5);
      got.push(...buf.subarray(offset, offset + n));
      return n;
    };
    const text = 'héllo \ud83d\ude00 wörld, '.repeat(20);
    writeAllSync(1, text, flaky);
    expect(Buffer.from(got).toString('utf8')).toBe(text);
    expect(calls).toBeGreaterThan(text.length / 5);
  });

  it('throws any other error (EPIPE) to the caller', () => {
    const closed: WriteFn = () => {
      throw sysError('EPIPE');
    };
    expect(() => writeAllSync(1, 'x', closed)).toThrow('EPIPE');
  });
});
