import { describe, expect, it } from 'vitest';
import { matchRoute, openHash, type RouteEntry } from './routes';

const opened: string[] = [];
const ROUTES: RouteEntry[] = [
  {
    prefix: 's/',
    what: 'shared link',
    load: () =>
      Promise.resolve({
        open: (rest) => {
          opened.push(`s:${rest}`);
          return Promise.resolve(rest === 'bad' ? 'The shared state is truncated.' : null);
        },
      }),
  },
  {
    prefix: 'settings/',
    what: 'settings link',
    load: () =>
      Promise.resolve({
        open: (rest) => {
          opened.push(`settings:${rest}`);
          return Promise.resolve(null);
        },
      }),
  },
  {
    prefix: 'boom/',
    what: 'exploding link',
    load: () => Promise.reject(new Error('chunk failed')),
  },
];

describe('hash routes', () => {
  it('matches the longest registered prefix, with or without the leading #', () => {
    expect(matchRoute('#s/abc', ROUTES)?.rest).toBe('abc');
    expect(matchRoute('settings/x', ROUTES)?.entry.prefix).toBe('settings/');
    expect(matchRoute('#', ROUTES)).toBeNull();
    expect(matchRoute('#nothing', ROUTES)).toBeNull();
  });

  it('opens a route, reports a handler’s problem, and never throws on a failing load', async () => {
    opened.length = 0;
    expect(await openHash('#s/ok', ROUTES)).toBe('opened');
    expect(await openHash('#s/bad', ROUTES)).toEqual({ problem: 'The shared state is truncated.' });
    expect(await openHash('', ROUTES)).toBe('none');
    expect(await openHash('#boom/1', ROUTES)).toEqual({
      problem: 'This exploding link could not be opened: chunk failed',
    });
    const unknown = await openHash(`#${'x'.repeat(100)}`, ROUTES);
    expect(unknown).not.toBe('none');
    expect(typeof unknown === 'object' && unknown.problem).toMatch(/not one this lab knows/);
    expect(opened).toEqual(['s:ok', 's:bad']);
  });
});
