/**
 * The browser entry: global styles, the simulation, then the React app.
 *
 * This module is small on purpose. It starts the simulation at once and asks
 * for the app's code (the `mount-*.js` chunk, its styles linked by index.html,
 * counted in the first-paint budget by scripts/check-bundle.mjs) once the
 * page's prerendered first frame (scripts/prerender.mjs) has painted, so the
 * worker's script and the default scenario download while React and the lab
 * are still on their way (a link's route opens once the app is mounted).
 * The first render is a transition, so React renders it in slices of a few
 * milliseconds instead of one long task that blocks input.
 */
import './ui/shell/tokens.css';
import './ui/shell/global.css';
import { startSimulation } from './ui/shell/startup';
import { useUiStore } from './store/uiStore';

/** Resolves once the page has painted (the frame after next), or after 100 ms in a hidden tab. */
function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 100);
  });
}

const root = document.getElementById('root');
const shell = root?.querySelector('[data-shell]') ?? null;
// The prerendered frame's title (index.html), so React's first render shows it too.
const hint = shell?.querySelector('[data-title-hint]')?.textContent ?? null;
if (hint !== null && hint !== '') useUiStore.setState({ titleHint: hint });
// With a prerendered frame (builds), the app's chunk runs once that frame is on screen: its
// evaluation and React's render would otherwise hold the first paint back.
const appReady =
  root === null
    ? Promise.resolve()
    : (shell === null ? Promise.resolve() : afterPaint())
        .then(() => import('./ui/mount'))
        .then((m) => m.mount(root));
startSimulation(appReady);
if (import.meta.env.PROD) void import('./pwa/register').then((m) => m.registerServiceWorker());
