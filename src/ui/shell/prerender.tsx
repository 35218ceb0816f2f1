/**
 * The page's first frame, rendered at build time (scripts/prerender.mjs): the
 * app as it looks before the simulation has loaded — header with the default
 * scenario's title, the bars, the empty regions and the stage's "Loading"
 * line — written into index.html, so the browser paints it before any script
 * has run. React's first render replaces it (createRoot clears the container
 * when it commits) with the same markup, so nothing moves. Not part of the
 * browser bundle.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { App } from '../App';

export { DEFAULT_SCENARIO_URL } from './startup';

/** The app's markup before its first run, with `titleHint` as the header's title. */
export function prerenderShell(titleHint: string | null): string {
  // A prop, not the store: zustand renders a store's initial state on the server.
  return renderToStaticMarkup(<App titleHint={titleHint} />);
}
