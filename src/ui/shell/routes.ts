/**
 * Hash routes: what the part of a link after `#` opens. Every link the app
 * hands out (a shared state, a lesson step, an exam question) is a hash, so
 * the static build needs no server rewrites and works from any sub-path.
 *
 * Each feature owns one prefix and registers a lazily loaded handler in
 * ROUTES (one line each). The handler's module is loaded only when a link
 * with its prefix is opened, so routes cost first paint nothing.
 *
 * Features write the address bar with `writeHash` (history.replaceState or
 * pushState: no `hashchange`), so `hashchange` only ever reports what the
 * user did: a pasted link, Back/Forward.
 */

/** What a route's handler does with the rest of the hash (after its prefix). */
export interface RouteHandler {
  /**
   * Opens what `rest` names. Resolves to null when it opened, or to a message
   * naming what was wrong with the link (the app then says so and opens the
   * default scenario). Must not throw; a rejection is reported the same way.
   */
  open(rest: string): Promise<string | null>;
}

/** One registered route: a hash prefix and its lazily loaded handler. */
export interface RouteEntry {
  /** The hash after `#` starts with this, e.g. `lesson/`. */
  readonly prefix: string;
  /** What the link is, for messages ("This lesson link …"). */
  readonly what: string;
  readonly load: () => Promise<RouteHandler>;
}

/**
 * The registered routes. Features add their entry here (and nothing else in
 * this file), for example
 * `{ prefix: 'lesson/', what: 'lesson link', load: () => import('../lessons/route').then((m) => m.route) }`.
 */
export const ROUTES: readonly RouteEntry[] = [
  {
    prefix: 'notes/',
    what: 'teacher notes link',
    load: () => import('../presenter/route').then((m) => m.route),
  },
  {
    prefix: 'quiz/',
    what: 'practice link',
    load: () => import('../practice/route').then((m) => m.route),
  },
  { prefix: 's/', what: 'shared link', load: () => import('../share/route').then((m) => m.route) },
];

/** The route a hash (with or without its leading `#`) belongs to, and the rest after the prefix. */
export function matchRoute(
  hash: string,
  routes: readonly RouteEntry[] = ROUTES,
): { readonly entry: RouteEntry; readonly rest: string } | null {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (h === '') return null;
  // The longest matching prefix wins, so `s/` and `settings/` can coexist.
  let best: RouteEntry | null = null;
  for (const r of routes) {
    if (h.startsWith(r.prefix) && (best === null || r.prefix.length > best.prefix.length)) best = r;
  }
  return best === null ? null : { entry: best, rest: h.slice(best.prefix.length) };
}

/** The hash the app itself last wrote (`hashchange` for it is not the user's doing). */
let written: string | null = null;

/**
 * Puts `hash` (without `#`; '' clears it) in the address bar without a
 * `hashchange`. `push` adds a history entry (a lesson step); otherwise the
 * current entry is replaced (a shared state that changes as the user plays).
 */
export function writeHash(hash: string, push = false): void {
  if (typeof location === 'undefined' || typeof history === 'undefined') return;
  const url = `${location.pathname}${location.search}${hash === '' ? '' : `#${hash}`}`;
  if (`${location.pathname}${location.search}${location.hash}` === url) return;
  written = hash;
  try {
    if (push) history.pushState(null, '', url);
    else history.replaceState(null, '', url);
  } catch {
    // Some embedded browsers limit history calls; the app keeps working without the link.
  }
}

/** The current hash without `#`. */
export function currentHash(): string {
  return typeof location === 'undefined' ? '' : location.hash.replace(/^#/, '');
}

/**
 * Opens the route a hash names. Resolves to 'none' when no route matches
 * (the caller opens its default), 'opened', or a message naming what was
 * wrong with the link.
 */
export async function openHash(
  hash: string,
  routes: readonly RouteEntry[] = ROUTES,
): Promise<'none' | 'opened' | { readonly problem: string }> {
  const m = matchRoute(hash, routes);
  if (m === null) {
    return hash.replace(/^#/, '') === ''
      ? 'none'
      : {
          problem: `The link's address (#${truncate(hash.replace(/^#/, ''))}) is not one this lab knows.`,
        };
  }
  try {
    const handler = await m.entry.load();
    const problem = await handler.open(m.rest);
    return problem === null ? 'opened' : { problem };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { problem: `This ${m.entry.what} could not be opened: ${why}` };
  }
}

/**
 * Calls `onUserHash` when the user changes the hash (a pasted link,
 * Back/Forward), not when the app wrote it. Returns a function that stops
 * listening.
 */
export function listenForUserHash(onUserHash: (hash: string) => void): () => void {
  if (typeof window === 'undefined') return () => {};
  const handler = (): void => {
    const h = currentHash();
    if (h === written) return;
    written = h;
    onUserHash(h);
  };
  window.addEventListener('hashchange', handler);
  window.addEventListener('popstate', handler);
  return () => {
    window.removeEventListener('hashchange', handler);
    window.removeEventListener('popstate', handler);
  };
}

function truncate(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
