// Samen Sterker's service worker. The check-in page is kept when it is opened online, so that a reload or a
// closed laptop lid during a home visit without network still opens it (what was typed is in localStorage).
// Styles and scripts are kept too. The API is never cached: its answers hold client data.
const STATIC = "samensterker-static-v1";
const PAGES = "samensterker-pages-v1";
const checkInPage = /^\/clienten\/[0-9a-f-]{36}\/check-in$/;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", event => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", event => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== location.origin || url.pathname.startsWith("/api/")) return;

  // Only the check-in page is kept; every other page goes to the network as if there were no service worker.
  if (request.mode === "navigate" && checkInPage.test(url.pathname)) {
    event.respondWith((async () => {
      try {
        const response = await fetch(request);
        if (response.ok) (await caches.open(PAGES)).put(url.pathname, response.clone());
        return response;
      } catch (offline) {
        const kept = await caches.match(url.pathname, { cacheName: PAGES });
        if (kept) return kept;
        throw offline;
      }
    })());
    return;
  }

  if (url.pathname.startsWith("/css/") || url.pathname.startsWith("/js/")) {
    event.respondWith((async () => {
      const cache = await caches.open(STATIC);
      const kept = await cache.match(request);
      const fresh = fetch(request).then(response => { if (response.ok) cache.put(request, response.clone()); return response; }).catch(() => kept);
      return kept ?? fresh;
    })());
  }
});
