#!/usr/bin/env node
/**
 * `npm run simulate` and `npm run bench` run a bundle of their TypeScript
 * entry (esbuild, one ES module in node_modules/.cache/lambda-esm-lab/),
 * rebuilt only when a source file is newer than it. Start-up is then Node and
 * one file, not a TypeScript loader compiling every module, and the engine
 * runs as it does in the app's worker (bundled).
 *
 * The bundle is CommonJS run through vm.Script with V8's code cache kept
 * beside it (written after the first run of each build): compiling the 1 MB
 * bundle was 50–100 ms of every run, and Node 20 has no module compile cache
 * (module.enableCompileCache is Node 22).
 *
 * Usage: node scripts/bundled.mjs <simulate|bench> [args…]
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

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
const out = join(root, 'node_modules', '.cache', 'lambda-esm-lab', `${name}-${checkout}.cjs`);
const cacheFile = `${out}.v8cache`;
if (!existsSync(out) || statSync(out).mtimeMs < newestSource()) {
  const { build } = await import('esbuild');
  mkdirSync(dirname(out), { recursive: true });
  // Built beside, then renamed: a run started meanwhile never reads half a file.
  const tmp = `${out}.${process.pid}.tmp`;
  await build({
    entryPoints: [join(root, target.entry)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: tmp,
    logLevel: 'warning',
  });
  rmSync(cacheFile, { force: true });
  renameSync(tmp, out);
}

// Run the bundle as Node runs a CommonJS file, compiled with the code cache when it has one.
const source = readFileSync(out, 'utf8');
const cachedData = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
const script = new vm.Script(
  `(function (exports, require, module, __filename, __dirname) {${source}\n})`,
  { filename: out, cachedData },
);
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(out), module, out, dirname(out));
if (cachedData === undefined || script.cachedDataRejected) {
  // After the run, so the cache holds the functions it compiled too; built beside, then renamed.
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  writeFileSync(tmp, script.createCachedData());
  renameSync(tmp, cacheFile);
}
