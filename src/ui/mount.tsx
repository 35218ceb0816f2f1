/** Mounts the lab into the page (main.tsx loads this chunk once the simulation has started). */
import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

/** Renders the app into `root`, in time slices (a transition) rather than one long task. */
export function mount(root: HTMLElement): void {
  const reactRoot = createRoot(root);
  startTransition(() => {
    reactRoot.render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
  });
}
