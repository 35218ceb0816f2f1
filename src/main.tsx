/**
 * The browser entry: global styles, the simulation, then the React app.
 *
 * This module is small on purpose. Once the page's prerendered first frame
 * (scripts/prerender.mjs) is on screen, it asks for the app's code (the
 * `mount-*.js` chunk, its styles linked by index.html, counted in the
 * first-paint budget by scripts/check-bundle.mjs) and starts the simulation's
 * worker, so the worker's script and the default scenario download while
 * React and the lab are still on their way (a link's route opens once the
 * app is mounted). Nothing heavier than this module runs before that frame:
 * a worker started earlier (the simulation's, or the service worker) held
 * the frame's presentation back by up to a second in Chromium with DevTools
 * attached (Lighthouse), and the app's evaluation would hold it back anywhere.
 * The first render is a transition, so React renders it in slices of a few
 * milliseconds instead of one long task that blocks input.
 */
import './ui/shell/tokens.css';
import './ui/shell/global.css';
import { startSimulation } from './ui/shell/startup';
import { useUiStore } from './store/uiStore';

/**
 * Resolves once the browser reports the page's first contentful paint (the
 * prerendered frame is on screen, not only painted); after 100 ms in a hidden
 * tab (it does not paint), and after 1 s at the latest.
 */
function afterFirstPaint(): Promise<void> {
  return new Promise((resolve) => {
    let observer: PerformanceObserver | null = null;
    const done = (): void => {
      observer?.disconnect();
      resolve();
    };
    try {
      observer = new PerformanceObserver((list) => {
        if (list.getEntriesByName('first-contentful-paint').length > 0) done();
      });
      observer.observe({ type: 'paint', buffered: true });
    } catch {
      // No paint timing: the frame after next has painted.
      requestAnimationFrame(() => setTimeout(done, 0));
    }
    setTimeout(done, document.visibilityState === 'hidden' ? 100 : 1000);
  });
}

const root = document.getElementById('root');
const shell = root?.querySelector('[data-shell]') ?? null;
// The prerendered frame's title (index.html), so React's first render shows it too.
const hint = shell?.querySelector('[data-title-hint]')?.textContent ?? null;
if (hint !== null && hint !== '') useUiStore.setState({ titleHint: hint });
// With a prerendered frame (builds), the app's chunk and the workers start once that frame is
// on screen (see above). Without one (the dev server), everything starts at once.
const painted = root === null || shell === null ? Promise.resolve() : afterFirstPaint();
const appReady =
  root === null
    ? Promise.resolve()
    : painted.then(() => import('./ui/mount')).then((m) => m.mount(root));
void painted.then(() => {
  startSimulation(appReady);
  if (import.meta.env.PROD) {
    void import('./pwa/register').then((m) => m.registerServiceWorker(appReady));
  }
});
