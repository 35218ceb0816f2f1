/**
 * The build's service worker: after Vite has written dist/, `serviceWorker()`
 * writes dist/sw.js from src/pwa/sw.js with the list of every built file
 * (relative paths: the lab works from any sub-path) and a version taken from
 * their contents, so a new build installs a new worker and an unchanged one
 * does not. Types: pwa.d.mts.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

/** Every file under `dir`, as paths relative to it with forward slashes, sorted. */
export function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** The service worker's source for a build directory. */
export function serviceWorkerSource(outDir, template) {
  const files = listFiles(outDir).filter((f) => f !== 'sw.js' && !f.endsWith('.map'));
  const hash = createHash('sha256');
  for (const f of files) hash.update(f).update(readFileSync(join(outDir, f)));
  const version = hash.digest('hex').slice(0, 16);
  const list = JSON.stringify(
    files.map((f) => `./${f}`),
    null,
    2,
  );
  return template
    .replace("'__VERSION__'", JSON.stringify(version))
    .replace('/* __FILES__ */ []', list);
}

/** The Vite plugin (build only). */
export function serviceWorker() {
  let config = null;
  return {
    name: 'esm-lab-service-worker',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    closeBundle() {
      if (config === null) return;
      const outDir = resolve(config.root, config.build.outDir);
      const template = readFileSync(resolve(config.root, 'src/pwa/sw.js'), 'utf8');
      writeFileSync(join(outDir, 'sw.js'), serviceWorkerSource(outDir, template));
    },
  };
}
