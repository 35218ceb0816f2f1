/**
 * `npm run bench:ui`: the UI frame-rate benchmark, in the same Chromium and
 * against the same production preview as the e2e suite (settings imported
 * from playwright.config.ts). It prints figures; it asserts no timing.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { chromiumUse, PREVIEW_BASE, PREVIEW_PORT, previewServer } from '../../playwright.config';

export default defineConfig({
  testDir: '.',
  testMatch: '*.bench.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 180_000,
  reporter: [['list']],
  outputDir: '../../test-results/bench',
  use: {
    ...chromiumUse,
    baseURL: `http://localhost:${PREVIEW_PORT}${PREVIEW_BASE}`,
    trace: 'off',
  },
  // The preview serves the repository's dist/, so it runs from the root, not from e2e/bench.
  webServer: { ...previewServer, cwd: fileURLToPath(new URL('../..', import.meta.url)) },
});
