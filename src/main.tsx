/** The browser entry: global styles, the simulation, and the React root. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './ui/shell/tokens.css';
import './ui/shell/global.css';
import { App } from './ui/App';
import { startSimulation } from './ui/shell/startup';

startSimulation();
if (import.meta.env.PROD) void import('./pwa/register').then((m) => m.registerServiceWorker());

const root = document.getElementById('root');
if (root !== null) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
