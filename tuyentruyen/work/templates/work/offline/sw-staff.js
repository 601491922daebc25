// Staff service worker (scope: the activity pages). It keeps one page, the form that records an activity,
// so that an officer with no signal can open it and record (the entry then waits in offline-queue.js), and
// the files that page needs. Nothing else of the staff side is kept. The kept form belongs to the account
// that opened it: offline-queue.js removes it on logging out and when another account signs in.
"use strict";
var CONFIG = {{ config|safe }};

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CONFIG.cache).then(function (cache) {
    return cache.addAll(CONFIG.files);
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(CONFIG.cachePrefix) === 0 && name !== CONFIG.cache;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function offlinePage() {
  var html = "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">" +
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
    "<title>" + CONFIG.text.title + "</title><link rel=\"stylesheet\" href=\"" + CONFIG.css + "\"></head>" +
    "<body><main id=\"noi-dung\"><h1>" + CONFIG.text.title + "</h1><p>" + CONFIG.text.body + "</p>" +
    "<p><a class=\"button primary\" href=\"" + CONFIG.form + "\">" + CONFIG.text.link + "</a></p></main></body></html>";
  return new Response(html, {status: 503, headers: {"Content-Type": "text/html; charset=utf-8"}});
}

function theForm(event) {
  var saving = null;
  var network = fetch(event.request).then(function (response) {
    // the form itself, not the login page a lapsed session is sent to
    if (response.ok && !response.redirected && response.type === "basic") {
      var copy = response.clone();
      saving = caches.open(CONFIG.cache).then(function (cache) { return cache.put(CONFIG.form, copy); });
    }
    return response;
  });
  event.waitUntil(network.then(function () { return saving; }).catch(function () { return null; }));
  return network.catch(function () {
    return caches.match(CONFIG.form, {ignoreVary: true}).then(function (copy) { return copy || offlinePage(); });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request, url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    if (url.pathname === CONFIG.form) event.respondWith(theForm(event));
    else event.respondWith(fetch(request).catch(offlinePage));
  } else if (CONFIG.files.indexOf(url.pathname) >= 0) {
    event.respondWith(fetch(request).catch(function () {
      return caches.match(request, {ignoreVary: true}).then(function (copy) { return copy || Response.error(); });
    }));
  }
});
