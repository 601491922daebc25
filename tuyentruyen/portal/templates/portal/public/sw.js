// Service worker of one commune's public site (rendered by portal/offline.py; scope: the commune's home).
// Install: keep the commune's main pages and the CSS. Pages: network first, the kept copy when the network
// fails or is too slow, the offline page when nothing was kept. Files (CSS, icons, pictures): the kept copy
// first. A new release has a new cache name; the old caches of this commune are removed on activation.
"use strict";
var CONFIG = {{ config|safe }};
var SLOW_NETWORK_MS = 4000;  // a weak signal: answer from the kept copy rather than wait longer
var MAX_KEPT = 80;           // pages and pictures kept besides the installed ones

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CONFIG.cache).then(function (cache) {
    return cache.addAll(CONFIG.files.concat(CONFIG.pages.map(function (page) {
      return new Request(page, {cache: "reload"});
    })));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(CONFIG.cachePrefix) === 0 && name !== CONFIG.cache;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function inScope(url) {
  return url.origin === self.location.origin && url.pathname.indexOf(CONFIG.scope) === 0;
}

// Residents' pages that may be kept on the device; forms and personal pages never are, nor a search (its
// words are the resident's), nor audio (fetched by ranges).
function mayKeep(url) {
  if (url.origin !== self.location.origin) return false;
  if (CONFIG.files.indexOf(url.pathname) >= 0) return true;
  if (!inScope(url) || (url.search && !installed(url))) return false;
  var rest = url.pathname.slice(CONFIG.scope.length);
  if (CONFIG.neverKept.some(function (part) { return rest.indexOf(part) >= 0; })) return false;
  return CONFIG.kept.some(function (prefix) { return prefix === "" ? rest === "" : rest.indexOf(prefix) === 0; });
}

function installed(url) {
  return CONFIG.pages.indexOf(url.pathname + url.search) >= 0 || CONFIG.files.indexOf(url.pathname) >= 0;
}

// A page given to a signed-in officer says "private": the same text as residents get, but kept only when it
// is one of the installed pages (public by construction), never as a runtime copy.
function keepable(response, url) {
  if (!response || response.status !== 200 || response.type !== "basic") return false;
  var control = response.headers.get("Cache-Control") || "";
  return installed(url) || (control.indexOf("private") < 0 && control.indexOf("no-store") < 0);
}

function keep(request, response) {
  return caches.open(CONFIG.cache).then(function (cache) {
    return cache.put(request, response).then(function () { return trim(cache); });
  });
}

function trim(cache) {
  return cache.keys().then(function (requests) {
    var extra = requests.filter(function (request) { return !installed(new URL(request.url)); });
    var over = extra.length - MAX_KEPT;
    return Promise.all(extra.slice(0, Math.max(over, 0)).map(function (request) { return cache.delete(request); }));
  });
}

// The copy is written while the event lives (waitUntil now, not once the answer is out).
function fromNetwork(event, url) {
  var saving = null;
  var network = fetch(event.request).then(function (response) {
    if (keepable(response, url)) saving = keep(event.request, response.clone());
    return response;
  });
  event.waitUntil(network.then(function () { return saving; }).catch(function () { return null; }));
  return network;
}

function offlinePage() {
  return caches.match(CONFIG.offline, {ignoreVary: true}).then(function (copy) {
    return copy || new Response("Bạn đang ngoại tuyến.", {status: 503, headers: {"Content-Type": "text/plain; charset=utf-8"}});
  });
}

function pageFirstFromNetwork(event, url) {
  var network = fromNetwork(event, url);
  var kept = caches.match(event.request, {ignoreVary: true});
  var slow = new Promise(function (resolve) {
    setTimeout(function () { kept.then(function (copy) { if (copy) resolve(copy); }); }, SLOW_NETWORK_MS);
  });
  var answer = network.catch(function () {
    return kept.then(function (copy) { return copy || offlinePage(); });
  });
  return Promise.race([answer, slow]);
}

function fileFirstFromCache(event, url) {
  return caches.match(event.request, {ignoreVary: true}).then(function (copy) {
    return copy || fromNetwork(event, url);
  });
}

function isPage(request) {
  return request.mode === "navigate" || (request.headers.get("Accept") || "").indexOf("text/html") >= 0;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (mayKeep(url)) {
    event.respondWith(isPage(request) ? pageFirstFromNetwork(event, url) : fileFirstFromCache(event, url));
  } else if (request.mode === "navigate" && inScope(url)) {
    // never kept (a form, a personal page): straight from the network, the offline page without one
    event.respondWith(fetch(request).catch(offlinePage));
  }
  // anything else: the browser fetches it as if there were no worker
});
