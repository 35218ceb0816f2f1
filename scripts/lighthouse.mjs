#!/usr/bin/env node
/**
 * Lighthouse scores of the built app: serves dist/ with `vite preview` under
 * /lab/ (a sub-path, as the e2e suite does), runs the `lighthouse` package in
 * Debian's Chromium, and prints performance, accessibility, best practices
 * and SEO for the mobile preset (Lighthouse's default: a mid-range phone on a
 * throttled network, simulated) and the desktop preset.
 *
 * One run is noisy on a shared machine (the same build's mobile score moved by
 * 15 points between runs here), so each preset runs LIGHTHOUSE_RUNS times
 * (default 3); every run's figures are printed, and the scores reported are
 * those of the median run, chosen by Lighthouse's own `computeMedianRun` (the
 * run closest to the median FCP and TTI), as Lighthouse's documentation
 * advises for variable environments. Exits 1 when a median-run score is under
 * 95 (LIGHTHOUSE_MIN to change it). Slow: not part of `npm test`.
 *
 * Usage: npm run build && npm run lighthouse
 * Environment: CHROME_PATH (default /usr/bin/chromium), LIGHTHOUSE_PORT (4319),
 * LIGHTHOUSE_RUNS (3), LIGHTHOUSE_JSON (a folder to write the median runs' reports into).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { computeMedianRun } from 'lighthouse/core/lib/median-run.js';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';

const PORT = Number(process.env.LIGHTHOUSE_PORT ?? 4319);
const URL = `http://localhost:${PORT}/lab/`;
const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const MIN = Number(process.env.LIGHTHOUSE_MIN ?? 95);
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);
if (!Number.isInteger(RUNS) || RUNS < 1) {
  console.error(
    `lighthouse: LIGHTHOUSE_RUNS must be a whole number ≥ 1 (got "${process.env.LIGHTHOUSE_RUNS}").`,
  );
  process.exit(1);
}

if (!existsSync('dist/index.html')) {
  console.error('lighthouse: dist/index.html not found; run "npm run build" first.');
  process.exit(1);
}
if (!existsSync(CHROME)) {
  console.error(`lighthouse: no Chromium at ${CHROME}; set CHROME_PATH.`);
  process.exit(1);
}

/** Starts `vite preview` and resolves once it answers. */
async function preview() {
  const server = spawn(
    process.execPath,
    [
      'node_modules/vite/bin/vite.js',
      'preview',
      '--port',
      String(PORT),
      '--strictPort',
      '--base',
      '/lab/',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(URL);
      if (res.ok) return server;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  server.kill();
  throw new Error(`vite preview did not answer at ${URL}`);
}

/** The metrics of one run, as Lighthouse displays them. */
function metrics(lhr) {
  const m = (id) => lhr.audits[id]?.displayValue ?? '–';
  return `FCP ${m('first-contentful-paint')}, LCP ${m('largest-contentful-paint')}, TBT ${m('total-blocking-time')}, CLS ${m('cumulative-layout-shift')}, SI ${m('speed-index')}`;
}

/** One line for a run: its scores, then its metrics. */
function summary(lhr) {
  const scores = CATEGORIES.map((id) => Math.round((lhr.categories[id]?.score ?? 0) * 100));
  return `scores ${scores.join(' / ')}; ${metrics(lhr)}`;
}

const server = await preview();
const chrome = await chromeLauncher.launch({ chromePath: CHROME, chromeFlags: FLAGS });
let failed = false;
try {
  for (const [name, config] of [
    ['mobile', undefined],
    ['desktop', desktopConfig],
  ]) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const result = await lighthouse(
        URL,
        { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES },
        config,
      );
      if (result === undefined) throw new Error('Lighthouse returned no result');
      runs.push(result.lhr);
      if (RUNS > 1) console.log(`  ${name} run ${i + 1}/${RUNS}: ${summary(result.lhr)}`);
    }
    const lhr = RUNS > 1 ? computeMedianRun(runs) : runs[0];
    if (process.env.LIGHTHOUSE_JSON) {
      mkdirSync(process.env.LIGHTHOUSE_JSON, { recursive: true });
      writeFileSync(
        join(process.env.LIGHTHOUSE_JSON, `${name}.json`),
        JSON.stringify(lhr, null, 2),
      );
    }
    const which = RUNS > 1 ? `, median of ${RUNS} runs` : '';
    console.log(`Lighthouse ${lhr.lighthouseVersion}, ${name}${which} (${URL}):`);
    for (const id of CATEGORIES) {
      const cat = lhr.categories[id];
      if (cat === undefined) continue;
      const score = Math.round((cat.score ?? 0) * 100);
      if (score < MIN) failed = true;
      console.log(
        `  ${cat.title.padEnd(16)} ${String(score).padStart(3)}${score < MIN ? `  (under ${MIN})` : ''}`,
      );
      if (score < 100) {
        for (const ref of cat.auditRefs) {
          const audit = lhr.audits[ref.id];
          if (ref.weight > 0 && audit !== undefined && audit.score !== null && audit.score < 0.9) {
            console.log(
              `      ${audit.id}: ${audit.displayValue ?? Math.round(audit.score * 100)}`,
            );
          }
        }
      }
    }
    console.log(`  metrics: ${metrics(lhr)}`);
  }
} finally {
  await chrome.kill();
  server.kill();
}
process.exit(failed ? 1 : 0);
