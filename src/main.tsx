/**
 * The browser entry: global styles, the simulation, then the React app.
 *
 * This module is small on purpose. It starts the simulation first — the
 * worker's script and the scenario file download while the app's code (the
 * `App-*.js` chunk, counted in the first-paint budget by
 * scripts/check-bundle.mjs) is still on its way — and only then loads React
 * and the lab. The first render is a transition, so React renders it in
 * slices of a few milliseconds instead of one long task that blocks input.
 */
import './ui/shell/tokens.css';
import './ui/shell/global.css';
import { startSimulation } from './ui/shell/startup';

startSimulation();
if (import.meta.env.PROD) void import('./pwa/register').then((m) => m.registerServiceWorker());

const root = document.getElementById('root');
if (root !== null) void import('./ui/mount').then((m) => m.mount(root));
