/**
 * Registers the service worker (production builds only), after the page has
 * loaded and gone idle, so it never competes with first paint. Relative URL:
 * the worker's scope is the folder the lab is served from.
 */

/** Registers ./sw.js once the page is idle; a browser without service workers just skips it. */
export function registerServiceWorker(): void {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  const register = (): void => {
    navigator.serviceWorker.register('./sw.js').catch(() => {
      // Private modes and file:// refuse it: the lab still works online.
    });
  };
  const idle = (): void => {
    if ('requestIdleCallback' in window) window.requestIdleCallback(register, { timeout: 3000 });
    else setTimeout(register, 1000);
  };
  if (document.readyState === 'complete') idle();
  else window.addEventListener('load', idle, { once: true });
}
