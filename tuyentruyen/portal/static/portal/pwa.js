// Residents' pages: register the commune's service worker (its address and scope are on this script tag),
// so the site can be installed and opens with no signal. Browsers without service workers lose nothing.
(function () {
  "use strict";
  var tag = document.currentScript;
  if (!tag || !("serviceWorker" in navigator)) return;
  var worker = tag.getAttribute("data-worker"), scope = tag.getAttribute("data-scope");
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(worker, {scope: scope}).catch(function () { /* the site works without it */ });
  });
})();
