import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodePayload,
  deflate,
  encodePayload,
  fromBase64Url,
  LINK_VERSION,
  toBase64Url,
} from './codec';
import { stateFromJson } from './state';

const STATE = {
  s: { format: 1, seed: 7, durationSeconds: 300, source: { type: 'kinesis', ShardCount: 2 } },
  t: 42.125,
  l: [],
  f: 'poison',
};

describe('base64url', () => {
  it('round-trips any bytes and uses only the URL-safe alphabet', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = toBase64Url(bytes);
        expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
        const back = fromBase64Url(text);
        expect(back.ok && [...back.bytes]).toEqual([...bytes]);
      }),
    );
  });

  it('names the first character a link never has', () => {
    expect(fromBase64Url('abc%def')).toEqual({
      ok: false,
      why: 'it contains "%" at character 4, which a share link never has',
    });
  });
});

describe('encodePayload / decodePayload', () => {
  it('round-trips any JSON value', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const decoded = await decodePayload(await encodePayload(value));
        expect(decoded).toEqual({ ok: true, value: JSON.parse(JSON.stringify(value)) as unknown });
      }),
      { numRuns: 200 },
    );
  });

  it('starts with the format version', async () => {
    expect(await encodePayload(STATE)).toMatch(new RegExp(`^${LINK_VERSION}\\.[A-Za-z0-9_-]+$`));
  });

  it('says what is wrong with a bad link', async () => {
    const good = await encodePayload(STATE);
    const problem = async (rest: string): Promise<string> => {
      const d = await decodePayload(rest);
      return d.ok ? 'decoded' : d.problem;
    };
    expect(await problem('')).toBe('it is empty after #s/ (was it cut off?)');
    expect(await problem('eJyrVkrOzy0oSi0uTgUAGIQEVw')).toMatch(/format version/);
    expect(await problem(`7.${good.slice(2)}`)).toMatch(/link format 7, which this version/);
    expect(await problem(`${good.slice(0, 10)}!${good.slice(11)}`)).toMatch(
      /contains "!" at character 9/,
    );
    expect(await problem(good.slice(0, Math.floor(good.length / 2)))).toMatch(
      /cut off or damaged|length/,
    );
    const notJson = `${LINK_VERSION}.${toBase64Url(await deflate('{"s": oops'))}`;
    expect(await problem(notJson)).toMatch(/^it is damaged: its data is not JSON/);
  });

  it('refuses a link that unpacks to more than any lab state (a zip bomb)', async () => {
    const bomb = `${LINK_VERSION}.${toBase64Url(await deflate(' '.repeat(17 * 1024 * 1024)))}`;
    expect(bomb.length).toBeLessThan(40_000);
    const d = await decodePayload(bomb);
    expect(d.ok ? '' : d.problem).toMatch(/unpacks to more than 16 MB/);
  });

  it('never throws on any text (fuzz), and a decoded value is always read safely', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 400 }), async (text) => {
        const d = await decodePayload(text);
        if (d.ok) expect(() => stateFromJson(d.value)).not.toThrow();
        else expect(d.problem.length).toBeGreaterThan(10);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on a real link cut, changed or extended anywhere (fuzz)', async () => {
    const good = await encodePayload(STATE);
    const edits = fc.oneof(
      fc.nat({ max: good.length }).map((n) => good.slice(0, n)),
      fc
        .tuple(fc.nat({ max: good.length - 1 }), fc.string({ minLength: 1, maxLength: 3 }))
        .map(([i, s]) => good.slice(0, i) + s + good.slice(i + 1)),
      fc
        .tuple(fc.nat({ max: good.length }), fc.string({ maxLength: 5 }))
        .map(([i, s]) => good.slice(0, i) + s + good.slice(i)),
    );
    await fc.assert(
      fc.asyncProperty(edits, async (link) => {
        const d = await decodePayload(link);
        if (!d.ok) return;
        const read = stateFromJson(d.value);
        if (read.ok) expect(read.state.at).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });
});

describe('stateFromJson', () => {
  it('reads a state and names the first field that is wrong', () => {
    expect(stateFromJson(STATE)).toMatchObject({
      ok: true,
      state: { at: 42.125, follow: 'poison' },
    });
    const problem = (v: unknown): string => {
      const r = stateFromJson(v);
      return r.ok ? 'ok' : r.problem;
    };
    expect(problem([1])).toMatch(/not a lab state/);
    expect(problem({ ...STATE, x: 1 })).toBe('its data has a field this lab does not know: "x"');
    expect(problem({ ...STATE, s: 'x' })).toMatch(/no scenario/);
    expect(problem({ ...STATE, t: -1 })).toMatch(/simulated time/);
    expect(problem({ ...STATE, t: 'soon' })).toMatch(/simulated time/);
    expect(problem({ ...STATE, l: [0] })).toMatch(/below the scenario's 0 actions/);
    expect(
      problem({ ...STATE, s: { ...STATE.s, actions: [{ at: 1 }, { at: 2 }] }, l: [1, 0] }),
    ).toMatch(/increasing order/);
    expect(problem({ ...STATE, f: 3 })).toMatch(/followed record/);
    expect(problem({ ...STATE, lesson: { id: 'x', step: 0, off: true } })).toMatch(/lesson/);
    expect(stateFromJson({ ...STATE, lesson: { id: 'x', step: 2, off: true } })).toMatchObject({
      ok: true,
      state: { lesson: { lessonId: 'x', step: 2, offPath: true } },
    });
  });
});
