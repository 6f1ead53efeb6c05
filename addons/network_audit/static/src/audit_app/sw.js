/* The audit app's service worker: keeps the app's page, script and style so the app
 * opens with no network. Network first (an online tablet always gets the current app),
 * the kept copy when the network fails. The app's JSON calls are never kept: what the
 * auditor entered lives in the page's IndexedDB until the server accepted it. */
const CACHE = "network-audit-app-v1";
const SHELL = [
    "/audit/app",
    "/network_audit/static/src/audit_app/app.js",
    "/network_audit/static/src/audit_app/app.css",
    "/network_audit/static/description/icon.png",
];

self.addEventListener("install", (event) => {
    event.waitUntil(
        caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting())
    );
});

self.addEventListener("activate", (event) => {
    event.waitUntil(
        caches.keys()
            .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
            .then(() => self.clients.claim())
    );
});

function isShell(url) {
    return url.origin === self.location.origin && SHELL.includes(url.pathname);
}

self.addEventListener("fetch", (event) => {
    const url = new URL(event.request.url);
    if (event.request.method !== "GET" || !isShell(url)) {
        return;
    }
    event.respondWith(
        fetch(event.request)
            .then((response) => {
                if (response.ok && !response.redirected) {
                    const copy = response.clone();
                    caches.open(CACHE).then((cache) => cache.put(url.pathname, copy));
                }
                return response;
            })
            .catch(() => caches.match(url.pathname))
    );
});
