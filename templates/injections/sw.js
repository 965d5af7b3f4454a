{% load static %}// medtrack's service worker: keeps the offline page and the static files, so that a
// page that cannot load shows "No connection" instead of the browser's error.
// Nothing about a patient is cached: pages always come from the network.
const CACHE = "medtrack-{{ version }}";
const OFFLINE = "{% url 'offline' %}";
const STATIC = [OFFLINE, "{% static 'css/medtrack.css' %}", "{% static 'img/favicon.svg' %}",
  "{% static 'img/icon-192.png' %}"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(STATIC)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE)));
    return;
  }
  if (STATIC.includes(new URL(request.url).pathname)) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
  }
});
