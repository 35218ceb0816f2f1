#!/usr/bin/env node
/**
 * `npm run simulate` and `npm run bench` run a bundle of their TypeScript
 * entry (esbuild, one ES module in node_modules/.cache/lambda-esm-lab/),
 * rebuilt only when a source file is newer than it. Start-up is then Node and
 * one file, not a TypeScript loader compiling every module, and the engine
 * runs as it does in the app's worker (bundled).
 *
 * Usage: node scripts/bundled.mjs <simulate|bench> [args…]
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, realpathSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ENTRIES = {
  simulate: { entry: 'src/cli/simulate.ts', sources: ['src/cli', 'src/engine', 'src/scenarios'] },
  bench: { entry: 'src/bench/engine.bench.ts', sources: ['src'] },
};

const name = process.argv[2];
const target = ENTRIES[name];
if (target === undefined) {
  process.stderr.write(
    `Usage: node scripts/bundled.mjs <${Object.keys(ENTRIES).join('|')}> [args…]\n`,
  );
  process.exit(2);
}
// The entry reads its own arguments from process.argv.slice(2).
process.argv.splice(2, 1);

/** The newest modification time among the TypeScript sources (and the lock file). */
function newestSource() {
  let newest = statSync(join(root, 'package-lock.json')).mtimeMs;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith('.ts') || e.name.endsWith('.tsx')) {
        newest = Math.max(newest, statSync(path).mtimeMs);
      }
    }
  };
  for (const dir of target.sources) walk(join(root, dir));
  return newest;
}

// Named after the checkout too: worktrees that share one node_modules (a
// symlink) must not run each other's bundles.
const checkout = createHash('sha1').update(realpathSync(root)).digest('hex').slice(0, 8);
const out = join(root, 'node_modules', '.cache', 'lambda-esm-lab', `${name}-${checkout}.mjs`);
if (!existsSync(out) || statSync(out).mtimeMs < newestSource()) {
  const { build } = await import('esbuild');
  mkdirSync(dirname(out), { recursive: true });
  // Built beside, then renamed: a run started meanwhile never reads half a file.
  const tmp = `${out}.${process.pid}.tmp`;
  await build({
    entryPoints: [join(root, target.entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: tmp,
    logLevel: 'warning',
    // Node built-ins stay imports; a CommonJS dependency may still call require.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
  renameSync(tmp, out);
}
await import(pathToFileURL(out).href);
