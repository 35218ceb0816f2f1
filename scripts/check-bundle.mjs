#!/usr/bin/env node
/**
 * Bundle budget: the gzipped JavaScript loaded at first paint — the entry
 * chunk named in dist/index.html plus every chunk it imports statically —
 * must stay under 160 kB (160,000 bytes). The entry imports the app itself
 * dynamically (`import('./ui/mount')`, so the simulation starts before the
 * app's code has arrived): that `mount-*.js` chunk and its static imports
 * are first paint too. Other lazily imported chunks (dynamic import()) and
 * the simulation worker load after first paint and are listed for
 * information only.
 *
 * Usage: node scripts/check-bundle.mjs [distDir]
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, basename } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 160_000;
const dist = process.argv[2] ?? 'dist';
const assets = join(dist, 'assets');

if (!existsSync(join(dist, 'index.html'))) {
  console.error(`check-bundle: ${dist}/index.html not found; run "npm run build" first.`);
  process.exit(1);
}

const html = readFileSync(join(dist, 'index.html'), 'utf8');
const entries = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) =>
  basename(m[1] ?? ''),
);
if (entries.length === 0) {
  console.error('check-bundle: no module entry script in index.html.');
  process.exit(1);
}

const source = (file) => readFileSync(join(assets, file), 'utf8');
const gz = (file) => gzipSync(readFileSync(join(assets, file)), { level: 9 }).length;

/** Chunks imported statically (`import … from "./x.js"` / `import "./x.js"`), not `import("./x.js")`. */
function staticImports(file) {
  const code = source(file);
  const found = new Set();
  for (const m of code.matchAll(
    /(?:^|[;\s}])import\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([^"']+\.js)["']/g,
  )) {
    if (m[1] !== undefined) found.add(m[1]);
  }
  return found;
}

/** Chunks the entry imports dynamically at start-up, needed for the first paint (src/main.tsx). */
const START_UP_CHUNK = /^mount-[\w-]+\.js$/;
function startUpImports(file) {
  return [...source(file).matchAll(/import\(["'`]\.\/([^"'`]+\.js)["'`]\)/g)]
    .map((m) => m[1] ?? '')
    .filter((f) => START_UP_CHUNK.test(f));
}

const firstPaint = new Set();
const queue = [...entries, ...entries.flatMap(startUpImports)];
if (!queue.some((f) => START_UP_CHUNK.test(f))) {
  console.error(
    'check-bundle: the entry does not import the app (mount-*.js); update START_UP_CHUNK.',
  );
  process.exit(1);
}
while (queue.length > 0) {
  const file = queue.shift();
  if (file === undefined || firstPaint.has(file)) continue;
  firstPaint.add(file);
  for (const dep of staticImports(file)) queue.push(dep);
}

const kb = (n) => `${(n / 1000).toFixed(1)} kB`;
const all = readdirSync(assets).filter((f) => f.endsWith('.js'));
const rows = all
  .map((f) => ({
    file: f,
    raw: readFileSync(join(assets, f)).length,
    gzip: gz(f),
    kind: firstPaint.has(f) ? 'first paint' : f.includes('worker') ? 'worker' : 'lazy',
  }))
  .sort((a, b) => a.kind.localeCompare(b.kind) || b.gzip - a.gzip);

console.log('JavaScript chunks (gzip level 9):');
for (const r of rows) {
  console.log(
    `  ${r.kind.padEnd(11)} ${kb(r.gzip).padStart(9)} gz ${kb(r.raw).padStart(9)} raw  ${r.file}`,
  );
}
const total = rows.filter((r) => r.kind === 'first paint').reduce((s, r) => s + r.gzip, 0);
console.log(`First-paint JavaScript: ${kb(total)} gzipped (budget ${kb(BUDGET_BYTES)}).`);
if (total > BUDGET_BYTES) {
  console.error(`check-bundle: over budget by ${kb(total - BUDGET_BYTES)}.`);
  process.exit(1);
}
