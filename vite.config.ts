import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { prerender } from './scripts/prerender.mjs';
import { serviceWorker } from './scripts/pwa.mjs';

// base './' makes every asset URL relative, so dist/ works from any sub-path
// (GitHub Pages, a USB stick, file-less offline preview) with no server rewrite rules.
export default defineConfig({
  base: './',
  // serviceWorker(): dist/sw.js caches the whole build for offline use (scripts/pwa.mjs).
  // prerender(): index.html carries the app's first frame, painted before any script runs.
  plugins: [react(), prerender(), serviceWorker()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 600,
    // No modulepreload links: inserting one per dependency of each lazy chunk (the app chunk has
    // 13) cost ~17 ms of the first task after first paint on a 4x-throttled CPU; the browser
    // fetches a chunk's imports itself once the chunk arrives (one more round trip).
    modulePreload: false,
  },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
    // Long-run and property tests take seconds; on a busy 2-core machine the default 5 s
    // timeout turns load into failures. Correctness, not speed, is what unit tests check.
    testTimeout: 60_000,
  },
});
