/**
 * The service worker (a template: the build writes dist/sw.js from it with
 * the list of every built file and a version from their contents, see
 * scripts/pwa.mjs). After one visit the lab works offline: every file of the
 * build is cached when the worker installs. Requests for the lab's files are
 * answered from that cache; page loads try the network first (a new version
 * is seen at once when online) and fall back to the cached page after 4 s or
 * at once when offline. Nothing outside the lab's own folder is touched, and
 * the worker makes no request that leaves the page's origin.
 */
const VERSION = '__VERSION__';
const FILES = /* __FILES__ */ [];
const CACHE = `esm-lab-${VERSION}`;
const PREFIX = 'esm-lab-';
const PAGE = new URL('./index.html', self.location.href).href;
const NAVIGATION_TIMEOUT_MS = 4000;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) =>
        cache.addAll(
          FILES.map((f) => new Request(new URL(f, self.location.href), { cache: 'reload' })),
        ),
      ),
  );
});

self.addEventListener('activate', (event) => {
  // This version is active only once no page runs the one before, so its cache can go.
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

/** The network's answer, or null after the timeout or on failure (offline). */
function fromNetwork(request) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), NAVIGATION_TIMEOUT_MS);
    fetch(request).then(
      (response) => {
        clearTimeout(timer);
        resolve(response.ok ? response : null);
      },
      () => {
        clearTimeout(timer);
        resolve(null);
      },
    );
  });
}

async function page(request) {
  const fresh = await fromNetwork(request);
  if (fresh !== null) return fresh;
  const cached = await caches.match(PAGE);
  return cached ?? Response.error();
}

async function file(request) {
  // ignoreVary: a server's "Vary: Origin" must not hide a cached file from a module script's CORS request.
  const cached = await caches.match(request, { ignoreSearch: true, ignoreVary: true });
  return cached ?? fetch(request);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  const root = new URL('./', self.location.href);
  if (url.origin !== root.origin || !url.pathname.startsWith(root.pathname)) return;
  event.respondWith(request.mode === 'navigate' ? page(request) : file(request));
});
