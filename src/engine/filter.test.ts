import { describe, expect, it } from 'vitest';
import { matchesFilter, matchesPattern, validateFilterPattern } from './filter';

const one = (pattern: object) => ({ Filters: [{ Pattern: JSON.stringify(pattern) }] });
const sqs = (body: unknown) => ({ body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('matchesFilter', () => {
  it('passes every record when there are no criteria or no filters', () => {
    expect(matchesFilter(null, { body: 'x' })).toBe(true);
    expect(matchesFilter({ Filters: [] }, { body: 'x' })).toBe(true);
  });

  it('matches exact values, any of a list of alternatives', () => {
    const f = one({ body: { type: ['order', 'invoice'] } });
    expect(matchesFilter(f, sqs({ type: 'order' }))).toBe(true);
    expect(matchesFilter(f, sqs({ type: 'invoice' }))).toBe(true);
    expect(matchesFilter(f, sqs({ type: 'refund' }))).toBe(false);
    expect(matchesFilter(f, sqs({ other: 'order' }))).toBe(false);
  });

  it('compares numbers numerically and does not confuse 5 with "5"', () => {
    const f = one({ body: { n: [5] } });
    expect(matchesFilter(f, sqs({ n: 5.0 }))).toBe(true);
    expect(matchesFilter(f, sqs({ n: '5' }))).toBe(false);
  });

  it('matches nested objects', () => {
    const f = one({ body: { order: { customer: { tier: ['gold'] } } } });
    expect(matchesFilter(f, sqs({ order: { customer: { tier: 'gold' } } }))).toBe(true);
    expect(matchesFilter(f, sqs({ order: { customer: { tier: 'silver' } } }))).toBe(false);
    expect(matchesFilter(f, sqs({ order: 'gold' }))).toBe(false);
  });

  it('matches when any element of an event array matches', () => {
    const f = one({ body: { tags: ['urgent'] } });
    expect(matchesFilter(f, sqs({ tags: ['low', 'urgent'] }))).toBe(true);
    expect(matchesFilter(f, sqs({ tags: ['low'] }))).toBe(false);
  });

  it('supports prefix and suffix', () => {
    expect(matchesFilter(one({ body: { id: [{ prefix: 'ord-' }] } }), sqs({ id: 'ord-1' }))).toBe(
      true,
    );
    expect(matchesFilter(one({ body: { id: [{ prefix: 'ord-' }] } }), sqs({ id: 'ref-1' }))).toBe(
      false,
    );
    expect(matchesFilter(one({ body: { f: [{ suffix: '.png' }] } }), sqs({ f: 'a.png' }))).toBe(
      true,
    );
    expect(matchesFilter(one({ body: { f: [{ suffix: '.png' }] } }), sqs({ f: 'a.jpg' }))).toBe(
      false,
    );
  });

  it('supports anything-but with a value, a list and a prefix', () => {
    const v = one({ body: { s: [{ 'anything-but': 'bad' }] } });
    expect(matchesFilter(v, sqs({ s: 'good' }))).toBe(true);
    expect(matchesFilter(v, sqs({ s: 'bad' }))).toBe(false);
    expect(matchesFilter(v, sqs({}))).toBe(false);
    const list = one({ body: { n: [{ 'anything-but': [1, 2] }] } });
    expect(matchesFilter(list, sqs({ n: 3 }))).toBe(true);
    expect(matchesFilter(list, sqs({ n: 2 }))).toBe(false);
    const pre = one({ body: { s: [{ 'anything-but': { prefix: 'tmp-' } }] } });
    expect(matchesFilter(pre, sqs({ s: 'final' }))).toBe(true);
    expect(matchesFilter(pre, sqs({ s: 'tmp-1' }))).toBe(false);
  });

  it('supports numeric ranges with = < <= > >=', () => {
    const range = one({ body: { n: [{ numeric: ['>', 0, '<=', 5] }] } });
    expect(matchesFilter(range, sqs({ n: 0 }))).toBe(false);
    expect(matchesFilter(range, sqs({ n: 0.5 }))).toBe(true);
    expect(matchesFilter(range, sqs({ n: 5 }))).toBe(true);
    expect(matchesFilter(range, sqs({ n: 5.01 }))).toBe(false);
    expect(matchesFilter(range, sqs({ n: '3' }))).toBe(false);
    expect(matchesFilter(one({ body: { n: [{ numeric: ['=', 7] }] } }), sqs({ n: 7 }))).toBe(true);
    expect(matchesFilter(one({ body: { n: [{ numeric: ['<', 7] }] } }), sqs({ n: 7 }))).toBe(false);
    expect(matchesFilter(one({ body: { n: [{ numeric: ['>=', 7] }] } }), sqs({ n: 7 }))).toBe(true);
  });

  it('supports exists true and false', () => {
    const yes = one({ body: { id: [{ exists: true }] } });
    const no = one({ body: { id: [{ exists: false }] } });
    expect(matchesFilter(yes, sqs({ id: 1 }))).toBe(true);
    expect(matchesFilter(yes, sqs({}))).toBe(false);
    expect(matchesFilter(no, sqs({}))).toBe(true);
    expect(matchesFilter(no, sqs({ id: 1 }))).toBe(false);
  });

  it('supports equals-ignore-case', () => {
    const f = one({ body: { s: [{ 'equals-ignore-case': 'Order' }] } });
    expect(matchesFilter(f, sqs({ s: 'ORDER' }))).toBe(true);
    expect(matchesFilter(f, sqs({ s: 'orders' }))).toBe(false);
  });

  it('matches null and the empty string only exactly', () => {
    expect(matchesFilter(one({ body: { v: [null] } }), sqs({ v: null }))).toBe(true);
    expect(matchesFilter(one({ body: { v: [null] } }), sqs({}))).toBe(false);
    expect(matchesFilter(one({ body: { v: [''] } }), sqs({ v: '' }))).toBe(true);
    expect(matchesFilter(one({ body: { v: [''] } }), sqs({ v: null }))).toBe(false);
  });

  it('ORs filters together', () => {
    const f = {
      Filters: [
        { Pattern: JSON.stringify({ body: { t: ['a'] } }) },
        { Pattern: JSON.stringify({ body: { t: ['b'] } }) },
      ],
    };
    expect(matchesFilter(f, sqs({ t: 'a' }))).toBe(true);
    expect(matchesFilter(f, sqs({ t: 'b' }))).toBe(true);
    expect(matchesFilter(f, sqs({ t: 'c' }))).toBe(false);
  });

  it('matches a non-JSON SQS body as a plain string', () => {
    expect(matchesFilter(one({ body: ['hello'] }), { body: 'hello' })).toBe(true);
    expect(matchesFilter(one({ body: [{ prefix: 'hel' }] }), { body: 'hello' })).toBe(true);
    expect(matchesFilter(one({ body: { t: ['a'] } }), { body: 'not json' })).toBe(false);
  });

  it('matches Kinesis data as decoded JSON and DynamoDB on the dynamodb keys', () => {
    expect(
      matchesFilter(one({ data: { temp: [{ numeric: ['>', 30] }] } }), { data: '{"temp":31}' }),
    ).toBe(true);
    const ddb = one({ eventName: ['INSERT'], dynamodb: { Keys: { Id: { N: ['101'] } } } });
    expect(
      matchesFilter(ddb, { eventName: 'INSERT', dynamodb: { Keys: { Id: { N: '101' } } } }),
    ).toBe(true);
    expect(
      matchesFilter(ddb, { eventName: 'MODIFY', dynamodb: { Keys: { Id: { N: '101' } } } }),
    ).toBe(false);
  });

  it('never throws on bad input: an invalid pattern or a non-object record matches nothing', () => {
    expect(matchesFilter({ Filters: [{ Pattern: '{not json' }] }, { body: 'x' })).toBe(false);
    expect(matchesPattern('{"body":["x"]}', null)).toBe(false);
    expect(matchesPattern('{"body":["x"]}', 42)).toBe(false);
  });
});

describe('validateFilterPattern', () => {
  it('accepts every supported operator', () => {
    const ok = {
      body: {
        a: ['x', 1, null, ''],
        b: [{ prefix: 'p' }, { suffix: 's' }, { 'equals-ignore-case': 'E' }],
        c: [{ 'anything-but': ['x', 'y'] }, { 'anything-but': { prefix: 'z' } }],
        d: [{ numeric: ['>=', 0, '<', 10] }, { exists: true }],
      },
    };
    expect(validateFilterPattern(JSON.stringify(ok))).toBeNull();
  });

  it('explains what is wrong', () => {
    expect(validateFilterPattern('{')).toBe('Filter pattern is not valid JSON');
    expect(validateFilterPattern('[1]')).toBe('Filter pattern must be a JSON object');
    expect(validateFilterPattern('{"body":"x"}')).toBe(
      'body: values in a pattern must be arrays, e.g. ["x"]',
    );
    expect(validateFilterPattern('{"body":{"n":[{"numeric":[">"]}]}}')).toMatch(/numeric takes/);
    expect(validateFilterPattern('{"body":{"n":[{"numeric":["!=",1]}]}}')).toMatch(/operator/);
    expect(validateFilterPattern('{"body":{"n":[{"wildcard":"a*"}]}}')).toBe(
      'body.n: unsupported operator "wildcard"',
    );
    expect(validateFilterPattern('{"body":{"n":[]}}')).toBe(
      'body.n: a value list must not be empty',
    );
    expect(validateFilterPattern('{"a":[{"exists":"yes"}]}')).toBe('a: exists takes true or false');
    expect(validateFilterPattern('{}')).toMatch(/at least one field/);
    expect(validateFilterPattern(`{"a":["${'x'.repeat(5000)}"]}`)).toMatch(/longer than 4096/);
  });

  it('bounds nesting depth instead of recursing without limit', () => {
    let p = '["x"]';
    for (let i = 0; i < 100; i++) p = `{"a":${p}}`;
    expect(validateFilterPattern(p)).toMatch(/deeper than/);
  });
});
