/**
 * The browser entry: global styles, the simulation, then the React app.
 *
 * This module is small on purpose. It asks for the app's code (the
 * `mount-*.js` chunk, counted in the first-paint budget by
 * scripts/check-bundle.mjs) and starts the simulation at once, so the
 * worker's script and the default scenario download while React and the lab
 * are still on their way (a link's route opens once the app is mounted).
 * The first render is a transition, so React renders it in slices of a few
 * milliseconds instead of one long task that blocks input.
 */
import './ui/shell/tokens.css';
import './ui/shell/global.css';
import { startSimulation } from './ui/shell/startup';
import { useUiStore } from './store/uiStore';

const root = document.getElementById('root');
// The prerendered frame's title (index.html), so React's first render shows it too.
const hint = root?.querySelector('[data-shell] [data-title-hint]')?.textContent ?? null;
if (hint !== null && hint !== '') useUiStore.setState({ titleHint: hint });
const appReady =
  root === null ? Promise.resolve() : import('./ui/mount').then((m) => m.mount(root));
startSimulation(appReady);
if (import.meta.env.PROD) void import('./pwa/register').then((m) => m.registerServiceWorker());
