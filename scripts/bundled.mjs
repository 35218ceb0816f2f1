#!/usr/bin/env node
/**
 * `npm run simulate` and `npm run bench` run a bundle of their TypeScript
 * entry (esbuild, one CommonJS file in node_modules/.cache/lambda-esm-lab/),
 * rebuilt when a file it was built from, the lock file or this script is
 * newer than it. Start-up is then Node and one file, not a TypeScript loader
 * compiling every module, and the engine runs as it does in the app's worker
 * (bundled).
 *
 * The bundle is CommonJS run through vm.Script with V8's code cache kept
 * beside it (written after the first run of each build): compiling the 1 MB
 * bundle was 50–100 ms of every run, and Node 20 has no module compile cache
 * (module.enableCompileCache is Node 22). The simulate bundle is minified:
 * 1.0 → 0.6 MB, so reading it and loading its code cache take ~10 ms less of
 * every run. Names are not kept (esbuild's keepNames wraps every function and
 * class in a call at load, which cost as much as it saved); nothing the runner
 * prints reads a function's name (the same output on every example scenario
 * and on invalid ones). The bench bundle is not minified, so that profiles
 * name its functions.
 *
 * Staleness: the build writes the list of source files esbuild read beside
 * the bundle (its metafile's inputs); a run stats those (~60 files), not every
 * file of the source folders, tests included.
 *
 * Usage: node scripts/bundled.mjs <simulate|bench> [args…]
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
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
  simulate: { entry: 'src/cli/simulate.ts', minify: true },
  bench: { entry: 'src/bench/engine.bench.ts', minify: false },
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

/**
 * Whether the bundle must be built: it is missing, or a file it was built
 * from (its list of inputs, written at build), the lock file or this script
 * is newer than it.
 */
function stale(out, inputsFile) {
  if (!existsSync(out) || !existsSync(inputsFile)) return true;
  const built = statSync(out).mtimeMs;
  const newer = (path) => {
    try {
      return statSync(path).mtimeMs > built;
    } catch {
      return true; // Gone (moved or deleted): rebuild.
    }
  };
  if (newer(join(root, 'package-lock.json')) || newer(fileURLToPath(import.meta.url))) return true;
  const inputs = JSON.parse(readFileSync(inputsFile, 'utf8'));
  return inputs.some((path) => newer(join(root, path)));
}

// Named after the checkout too: worktrees that share one node_modules (a
// symlink) must not run each other's bundles.
const checkout = createHash('sha1').update(realpathSync(root)).digest('hex').slice(0, 8);
const out = join(root, 'node_modules', '.cache', 'lambda-esm-lab', `${name}-${checkout}.cjs`);
const cacheFile = `${out}.v8cache`;
const inputsFile = `${out}.inputs.json`;
if (stale(out, inputsFile)) {
  const { build } = await import('esbuild');
  mkdirSync(dirname(out), { recursive: true });
  // Built beside, then renamed: a run started meanwhile never reads half a file.
  const tmp = `${out}.${process.pid}.tmp`;
  const { metafile } = await build({
    entryPoints: [join(root, target.entry)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: target.minify,
    metafile: true,
    absWorkingDir: root,
    outfile: tmp,
    logLevel: 'warning',
  });
  // The sources it read, relative to the checkout (packages are covered by the lock file).
  const inputs = Object.keys(metafile.inputs).filter((path) => !path.includes('node_modules'));
  writeFileSync(`${inputsFile}.${process.pid}.tmp`, JSON.stringify(inputs));
  renameSync(`${inputsFile}.${process.pid}.tmp`, inputsFile);
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
