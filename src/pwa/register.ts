/**
 * Registers the service worker (production builds only), a few seconds after
 * the lab has started, so that its install (it fetches and caches every built
 * file, ~2 MB) never competes with the start-up's main-thread work.
 *
 * Measured with Lighthouse's mobile preset on this repository's 2-core box,
 * six alternating pairs of builds: registering once the page had loaded and
 * gone idle (~0.5 s after first paint) gave a total blocking time of
 * 451–1,287 ms (scores 0.63–0.87); registering 6 s later gave 103–717 ms
 * (0.81–0.99), lower in every pair. The install's requests, cache writes and
 * their thread slowed the app's own first tasks on a busy CPU.
 */

/** How long after the lab has started (and the page has loaded) the worker is registered. */
export const REGISTER_AFTER_MS = 6000;

/**
 * Registers ./sw.js (relative: the worker's scope is the folder the lab is served
 * from) once the page has loaded, `started` has resolved, REGISTER_AFTER_MS have
 * passed and the page is idle. A browser without service workers just skips it.
 */
export function registerServiceWorker(started: Promise<unknown> = Promise.resolve()): void {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  const register = (): void => {
    navigator.serviceWorker.register('./sw.js').catch(() => {
      // Private modes and file:// refuse it: the lab still works online.
    });
  };
  const idle = (): void => {
    if ('requestIdleCallback' in window) window.requestIdleCallback(register, { timeout: 3000 });
    else register();
  };
  const loaded = new Promise<void>((resolve) => {
    if (document.readyState === 'complete') resolve();
    else window.addEventListener('load', () => resolve(), { once: true });
  });
  // A start-up that failed still gets its worker: the page is usable offline all the same.
  void Promise.all([loaded, started.catch(() => undefined)]).then(() =>
    window.setTimeout(idle, REGISTER_AFTER_MS),
  );
}
