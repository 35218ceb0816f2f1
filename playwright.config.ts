/**
 * End-to-end tests in a real Chromium against the production build, served
 * under a sub-path (/lab/) to prove the relative-URL build works from anywhere.
 *
 * Browser: $CHROMIUM_PATH, else Debian's /usr/bin/chromium when present, else
 * Playwright's bundled Chromium (`npx playwright install chromium`).
 */
import { existsSync } from 'node:fs';
import { defineConfig, devices, type PlaywrightTestConfig } from '@playwright/test';

const systemChromium = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find(
  (p): p is string => typeof p === 'string' && p.length > 0 && existsSync(p),
);

/** Browser settings shared with the UI benchmark config (e2e/bench/playwright.bench.config.ts). */
export const chromiumUse: NonNullable<PlaywrightTestConfig['use']> = {
  ...devices['Desktop Chrome'],
  viewport: { width: 1280, height: 720 },
  launchOptions: {
    ...(systemChromium !== undefined ? { executablePath: systemChromium } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  },
};

/** Where `vite preview` serves the build for tests ($E2E_PORT lets two checkouts test side by side). */
export const PREVIEW_PORT = Number(process.env.E2E_PORT ?? 4317);
export const PREVIEW_BASE = '/lab/';

/** The web server both configs use: the built app under a sub-path. */
export const previewServer: NonNullable<PlaywrightTestConfig['webServer']> = {
  command: `npx vite preview --port ${PREVIEW_PORT} --strictPort --base ${PREVIEW_BASE}`,
  url: `http://localhost:${PREVIEW_PORT}${PREVIEW_BASE}`,
  reuseExistingServer: !process.env.CI,
  timeout: 60_000,
};

export default defineConfig({
  testDir: 'e2e',
  testIgnore: ['bench/**'],
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: process.env.CI ? 1 : 2,
  // Generous: a busy 2-core machine runs Chromium, the preview server and the worker at once.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: 'test-results/artifacts',
  use: {
    ...chromiumUse,
    baseURL: `http://localhost:${PREVIEW_PORT}${PREVIEW_BASE}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [{ name: 'chromium', use: { ...chromiumUse } }],
  webServer: previewServer,
});
