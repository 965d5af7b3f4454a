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

// A reminder sent by Web Push (injections/services/push.py): JSON with title, body,
// url, tag and actions. A later message with the same tag replaces the earlier one.
self.addEventListener("push", (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch {
    message = { body: event.data.text() };
  }
  event.waitUntil(
    self.registration.showNotification(message.title || "medtrack", {
      body: message.body || "",
      tag: message.tag,
      icon: "{% static 'img/icon-192.png' %}",
      data: { url: message.url || "/" },
      actions: Array.isArray(message.actions) ? message.actions : [],
    }),
  );
});

// Only addresses of this site open from a notification: another site's is read as
// the same path here.
function ownAddress(url) {
  const address = new URL(url, self.location.origin);
  if (address.origin === self.location.origin) return address.href;
  return new URL(address.pathname + address.search + address.hash, self.location.origin).href;
}

// A click on the notification or its "log" action: the medtrack window already at
// that address comes to the front, or a new one opens there. Other actions only close.
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  if (event.action && event.action !== "log") return;
  const url = ownAddress((event.notification.data && event.notification.data.url) || "/");
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((client) => client.url === url && "focus" in client);
      return open ? open.focus() : self.clients.openWindow(url);
    }),
  );
});
