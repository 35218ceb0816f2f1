/** Types of pwa.mjs (the build's service worker). */
import type { Plugin } from 'vite';

/** Every file under `dir`, as paths relative to it with forward slashes, sorted. */
export function listFiles(dir: string): string[];
/** The service worker's source for a build directory. */
export function serviceWorkerSource(outDir: string, template: string): string;
/** The Vite plugin (build only): writes dist/sw.js after the build. */
export function serviceWorker(): Plugin;
