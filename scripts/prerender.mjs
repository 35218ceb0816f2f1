/**
 * A Vite plugin (build only) that writes the app's first frame into
 * dist/index.html: `<!--app-shell-->` inside `#root` becomes the markup of
 * src/ui/shell/prerender.tsx (rendered in Node through a Vite dev server, so
 * CSS module class names are the build's), titled with the default
 * scenario's title, in an `inert` wrapper (`data-shell`): the page paints
 * the lab's frame at once, and nothing in it can be clicked before React,
 * which replaces it with the same markup, is running. The app chunk's
 * stylesheets are linked in the head, so the frame paints styled.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'vite';
import react from '@vitejs/plugin-react';

const PLACEHOLDER = '<!--app-shell-->';

/** Renders the shell's markup (prerender.tsx) with the default scenario's title. */
async function renderShell(root) {
  const server = await createServer({
    configFile: false,
    root,
    plugins: [react()],
    logLevel: 'error',
    appType: 'custom',
    server: { middlewareMode: true, hmr: false, ws: false },
  });
  try {
    const mod = await server.ssrLoadModule('/src/ui/shell/prerender.tsx');
    const scenario = JSON.parse(
      readFileSync(join(root, 'public', mod.DEFAULT_SCENARIO_URL), 'utf8'),
    );
    const title = typeof scenario.title === 'string' ? scenario.title : null;
    return mod.prerenderShell(title);
  } finally {
    await server.close();
  }
}

/**
 * The stylesheets of the app chunk (`mount-*.js`, imported by main.tsx at
 * start-up): they style the shell, so they must be in the page before it
 * paints. Its scripts are not preloaded: fetched before the first paint, they
 * would share the network with what that paint needs.
 */
function appStyleTags(bundle) {
  const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
  const app = chunks.find((c) => c.facadeModuleId?.endsWith('/src/ui/mount.tsx'));
  if (app === undefined) throw new Error('prerender: no chunk for src/ui/mount.tsx');
  const seen = new Set();
  const styles = new Set();
  const visit = (chunk) => {
    if (seen.has(chunk.fileName)) return;
    seen.add(chunk.fileName);
    for (const css of chunk.viteMetadata?.importedCss ?? []) styles.add(css);
    for (const name of chunk.imports) {
      const dep = bundle[name];
      if (dep?.type === 'chunk') visit(dep);
    }
  };
  visit(app);
  return [...styles].map((href) => ({
    tag: 'link',
    attrs: { rel: 'stylesheet', crossorigin: true, href: `./${href}` },
    injectTo: 'head',
  }));
}

/** The plugin: replaces the placeholder in index.html with the prerendered shell. */
export function prerender() {
  let root = process.cwd();
  return {
    name: 'esm-lab-prerender',
    apply: 'build',
    configResolved(config) {
      root = config.root;
    },
    transformIndexHtml: {
      order: 'post',
      async handler(html, ctx) {
        if (!html.includes(PLACEHOLDER)) {
          throw new Error(`prerender: index.html has no ${PLACEHOLDER} in #root`);
        }
        const shell = await renderShell(root);
        return {
          html: html.replace(PLACEHOLDER, `<div data-shell inert>${shell}</div>`),
          // Minus what the page links already (the entry and its imports).
          tags: (ctx.bundle === undefined ? [] : appStyleTags(ctx.bundle)).filter(
            (tag) => !html.includes(`"${tag.attrs.href}"`),
          ),
        };
      },
    },
  };
}
