/** Types of prerender.mjs (the build's prerendered first frame). */
import type { Plugin } from 'vite';

/** The Vite plugin (build only): writes the app's first frame into index.html's #root. */
export function prerender(): Plugin;
