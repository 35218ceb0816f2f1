import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonBytes, JsonText, ms } from './reportJson';

/** Writes with `write`, in chunks ending at boundaries, and returns the text handed on. */
function written(write: (w: JsonBytes) => void): { text: string; chunks: string[] } {
  const chunks: string[] = [];
  const out = new JsonText((chunk) => chunks.push(chunk));
  const w = new JsonBytes(out);
  write(w);
  w.flush();
  out.flush();
  return { text: chunks.join(''), chunks };
}

describe('JsonBytes', () => {
  it('writes numbers as JSON.stringify does', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double(),
          fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
          fc.constantFrom(0, -0, 9, 10, 99, 100, 2 ** 53 - 1, 1e21, -1, 0.001),
        ),
        (n) => {
          expect(written((w) => w.num(n)).text).toBe(JSON.stringify(n));
        },
      ),
    );
  });

  it('writes times rounded to ms as JSON.stringify writes ms(t)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double(),
          fc.double({ min: 0, max: 1e7, noNaN: true }),
          fc.integer({ min: 0, max: 2 ** 52 }).map((k) => k / 1000),
          fc.constantFrom(0, -0, 0.0004, 0.0005, 0.001, 0.1, 0.12, 1.005, 604800, 2 ** 52 / 1000),
        ),
        (t) => {
          expect(written((w) => w.ms(t)).text).toBe(JSON.stringify(ms(t)));
        },
      ),
    );
    // Every millisecond of the first 30 simulated minutes, written at once.
    const times = Array.from({ length: 1_800_000 }, (_, k) => k / 1000);
    const { text } = written((w) => times.forEach((t) => (w.ms(t), w.char(44), w.boundary())));
    expect(text).toBe(times.map((t) => `${JSON.stringify(ms(t))},`).join(''));
  });

  it('writes any JSON text unchanged, chunks ending between tokens', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' })), (strings) => {
        const { text, chunks } = written((w) => {
          strings.forEach((s, k) => {
            if (k > 0) w.char(44);
            w.text(JSON.stringify(s));
            w.boundary();
          });
        });
        expect(text).toBe(strings.map((s) => JSON.stringify(s)).join(','));
        // No chunk ends inside a surrogate pair, so each encodes to UTF-8 on its own.
        for (const c of chunks) {
          const last = c.charCodeAt(c.length - 1);
          expect(last >= 0xd800 && last <= 0xdbff).toBe(false);
        }
      }),
    );
  });

  it('hands a long text on in pieces of about a chunk (64 KB)', () => {
    const { text, chunks } = written((w) => {
      for (let i = 0; i < 40_000; i++) {
        w.uint(i);
        w.char(44);
        w.boundary();
      }
    });
    expect(text).toBe(Array.from({ length: 40_000 }, (_, i) => `${i},`).join(''));
    expect(chunks.length).toBeGreaterThan(1);
  });
});
