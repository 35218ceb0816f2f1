/**
 * The built service worker: its file list and version come from the build,
 * and its fetch handler answers the lab's files from the cache, page loads
 * from the network or (offline) the cached page, and leaves everything else
 * alone. The worker runs here in a sandbox with stand-ins for the platform.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { listFiles, serviceWorkerSource } from '../../scripts/pwa.mjs';

const template = readFileSync('src/pwa/sw.js', 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'esm-pwa-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, 'assets'));
mkdirSync(join(dir, 'scenarios'));
writeFileSync(join(dir, 'index.html'), '<!doctype html>');
writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
writeFileSync(join(dir, 'assets', 'index-abc.js.map'), '{}');
writeFileSync(join(dir, 'scenarios', 'a.json'), '{}');
writeFileSync(join(dir, 'sw.js'), 'old');

type Handler = (event: unknown) => void;

/** Runs the worker with a fake platform; returns its event handlers and the fakes. */
function boot(source: string, online: { value: boolean }) {
  const handlers: Record<string, Handler> = {};
  const store = new Map<string, string>();
  const cacheNames = new Set(['esm-lab-old', 'other-app']);
  const fetched: string[] = [];
  const matchOptions: { ignoreSearch?: boolean; ignoreVary?: boolean }[] = [];
  const response = (body: string) => ({ ok: true, body });
  const self = {
    location: { href: 'https://school.example/lab/sw.js' },
    addEventListener: (type: string, h: Handler) => {
      handlers[type] = h;
    },
    clients: { claim: () => Promise.resolve() },
  };
  const caches = {
    open: (name: string) => {
      cacheNames.add(name);
      return Promise.resolve({
        addAll: (reqs: { url: string }[]) => {
          for (const r of reqs) store.set(r.url, `cached ${r.url}`);
          return Promise.resolve();
        },
      });
    },
    keys: () => Promise.resolve([...cacheNames]),
    delete: (name: string) => Promise.resolve(cacheNames.delete(name)),
    match: (
      req: string | { url: string },
      options?: { ignoreSearch?: boolean; ignoreVary?: boolean },
    ) => {
      matchOptions.push(options ?? {});
      const url = (typeof req === 'string' ? req : req.url).split('?')[0] ?? '';
      return Promise.resolve(store.has(url) ? response(store.get(url) ?? '') : undefined);
    },
  };
  const fetch = (req: { url: string }) => {
    fetched.push(req.url);
    return online.value
      ? Promise.resolve(response(`network ${req.url}`))
      : Promise.reject(new Error('offline'));
  };
  class Request {
    constructor(readonly url: string | URL) {
      this.url = String(url);
    }
  }
  runInNewContext(source, {
    self,
    caches,
    fetch,
    Request,
    URL,
    Promise,
    setTimeout,
    clearTimeout,
    Response: { error: () => ({ ok: false, body: 'error' }) },
  });
  return { handlers, store, cacheNames, fetched, matchOptions };
}

async function answer(handlers: Record<string, Handler>, url: string, mode = 'no-cors') {
  const responded: { p: Promise<{ body: string }> | null } = { p: null };
  handlers.fetch?.({
    request: { url, method: 'GET', mode },
    respondWith: (p: Promise<{ body: string }>) => {
      responded.p = p;
    },
  });
  return responded.p === null ? null : (await responded.p).body;
}

describe('the service worker', () => {
  const source = serviceWorkerSource(dir, template);

  it('lists every built file but itself and source maps, with a version from their contents', () => {
    expect(listFiles(dir)).toContain('assets/index-abc.js.map');
    expect(source).toContain('"./assets/index-abc.js"');
    expect(source).toContain('"./scenarios/a.json"');
    expect(source).not.toContain('index-abc.js.map');
    expect(source).not.toContain('"./sw.js"');
    const version = /const VERSION = "([0-9a-f]{16})"/.exec(source)?.[1];
    expect(version).toBeDefined();
    expect(serviceWorkerSource(dir, template)).toBe(source);
    writeFileSync(join(dir, 'scenarios', 'a.json'), '{"changed":true}');
    expect(serviceWorkerSource(dir, template)).not.toContain(version ?? '?');
  });

  it('caches the build on install, drops its older caches on activate, then serves offline', async () => {
    const online = { value: true };
    const sw = boot(source, online);
    let installed: Promise<unknown> = Promise.resolve();
    sw.handlers.install?.({ waitUntil: (p: Promise<unknown>) => (installed = p) });
    await installed;
    expect([...sw.store.keys()]).toEqual([
      'https://school.example/lab/assets/index-abc.js',
      'https://school.example/lab/index.html',
      'https://school.example/lab/scenarios/a.json',
    ]);
    let activated: Promise<unknown> = Promise.resolve();
    sw.handlers.activate?.({ waitUntil: (p: Promise<unknown>) => (activated = p) });
    await activated;
    expect([...sw.cacheNames].filter((n) => n !== 'other-app')).toHaveLength(1);
    expect(sw.cacheNames.has('other-app')).toBe(true);

    const lab = 'https://school.example/lab/';
    expect(await answer(sw.handlers, `${lab}assets/index-abc.js`)).toBe(
      `cached ${lab}assets/index-abc.js`,
    );
    // A module script's request carries Origin; servers answer "Vary: Origin": the lookup ignores Vary.
    expect(sw.matchOptions.at(-1)).toEqual({ ignoreSearch: true, ignoreVary: true });
    expect(await answer(sw.handlers, `${lab}#s/1.abc`, 'navigate')).toBe(`network ${lab}#s/1.abc`);
    online.value = false;
    expect(await answer(sw.handlers, `${lab}?x=1`, 'navigate')).toBe(`cached ${lab}index.html`);
    expect(await answer(sw.handlers, `${lab}scenarios/a.json?v=2`)).toBe(
      `cached ${lab}scenarios/a.json`,
    );
    // Outside the lab's folder or origin: not intercepted.
    expect(await answer(sw.handlers, 'https://school.example/other/app.js')).toBeNull();
    expect(await answer(sw.handlers, 'https://cdn.example/lab/x.js')).toBeNull();
  });
});
