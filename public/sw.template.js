// Service worker for Incident Desk (应急处置台): makes the app work fully offline.
// This is a TEMPLATE: scripts/precache.mjs (run by make dist) writes dist/sw.js
// from it, filling in the two placeholders below with the list of built files and a
// hash of their contents, so every build that changes any file gets a new cache.
'use strict';

const VERSION = '__VERSION__';
const PRECACHE = __PRECACHE__; // URLs relative to this worker's scope, e.g. "./index.html"
const PREFIX = 'incident-desk-';
const CACHE = PREFIX + VERSION;
const INDEX = new URL('./index.html', self.location).href;

self.addEventListener('install', (event) => {
  // cache: 'reload' bypasses the HTTP cache so we never precache a stale file.
  // No skipWaiting() here: a new version waits until the user accepts the update
  // banner (sw-register.js), so a running incident page is never swapped under it.
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' }))),
    ),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith(PREFIX) && key !== CACHE)
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;

  event.respondWith(
    caches.open(CACHE).then(async (cache) => {
      if (req.mode === 'navigate') {
        // Any page in scope is the single-page app: serve the cached shell.
        return (await cache.match(INDEX)) || fetch(req);
      }
      return (await cache.match(req)) || fetch(req);
    }),
  );
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING') self.skipWaiting();
});
