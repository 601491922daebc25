// Staff pages: the activity form is sent from here, and an activity that cannot reach the server waits on
// the device (IndexedDB, with its photos) until it can. "Cannot reach" is not only "the phone says it is
// offline": on a weak signal the phone says online while the request fails, hangs (2G that drops) or meets a
// proxy's 502/503/504 (a captive portal). So the form is sent with fetch, the entry kept on the device first;
// if no answer comes within a timeout, or the network fails, or a proxy answers, it stays there and is sent
// again later, backing off. A form the server refuses (its validation) is shown with the server's errors
// exactly as a plain submission would show it, and is not kept.
//
// Each entry carries a UUID made here; the server saves an entry once however often it arrives
// (work/services.save_activity_once). This script never sends one entry twice at the same time: an entry
// being sent is marked "sending" in IndexedDB with the time its lock ends (any tab, any page of the site
// respects it), and the queue is sent by one tab at a time (navigator.locks, where there is one).
//
// Without JavaScript, or without IndexedDB (the script stops early, or storing fails), the form is submitted
// as a plain form, as always.
//
// The entries belong to the account that made them: only that account's pages send them, and logging out
// removes them (after asking) with the form page the staff worker kept for opening with no signal.
(function () {
  "use strict";
  var tag = document.currentScript;
  if (!tag || !window.indexedDB || !window.fetch || !window.FormData || !window.Promise) return;
  var USER = tag.getAttribute("data-user");
  var ENDPOINT = tag.getAttribute("data-endpoint");
  var WORKER = tag.getAttribute("data-worker");
  var WORKER_SCOPE = tag.getAttribute("data-worker-scope");
  var LOGOUT = tag.getAttribute("data-logout");
  var DB = "tuyentruyen-offline", STORE = "activities", CACHE_PREFIX = "tuyentruyen-staff-";
  var LAST_USER = "tuyentruyen-staff-user", REFILL = "#dien-lai-";
  var NOT_SENT = ["csrfmiddlewaretoken", "once_token", "client_uuid"];
  // No answer within this time: the sending is given up and the entry waits on the device. A form carrying
  // photos gets more time per megabyte (fetch cannot tell a slow upload from a dead one, and a 3 MB photo on
  // 2G takes minutes). A test may shorten it with data-send-timeout-ms on the form.
  var SEND_TIMEOUT_MS = 20000, SEND_TIMEOUT_PER_MB_MS = 60000;
  // An entry marked "sending" is left alone by others until its lock ends: the sending's own time limit and
  // a margin (a tab closed mid-sending leaves its mark behind; it lapses).
  var LOCK_MARGIN_MS = 15000;
  // Retries after a failed sending: 15 s, 30 s, 1 min, … at most every 10 minutes, each ±20 %.
  var RETRY_FIRST_MS = 15000, RETRY_MAX_MS = 600000;
  var PROXY_FAILURES = [502, 503, 504];
  var notice = "", problem = "";

  // --- the store ----------------------------------------------------------------------------------------
  function openStore() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE, {keyPath: "id"}); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function inStore(mode, work) {
    return openStore().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(STORE, mode);
        var request = work(transaction.objectStore(STORE));
        transaction.oncomplete = function () { db.close(); resolve(request ? request.result : undefined); };
        transaction.onerror = transaction.onabort = function () { db.close(); reject(transaction.error); };
      });
    });
  }

  function allEntries() { return inStore("readonly", function (store) { return store.getAll(); }); }
  function putEntry(entry) { return inStore("readwrite", function (store) { return store.put(entry); }); }
  function removeEntry(id) { return inStore("readwrite", function (store) { return store.delete(id); }); }
  function mine(entries) { return entries.filter(function (entry) { return entry.owner === USER; }); }

  // Read and change one entry in one transaction: IndexedDB runs the read-write transactions of a store one
  // after another, across tabs, so two tabs cannot both see an entry free and both take it.
  function changeEntry(id, change) {
    return inStore("readwrite", function (store) {
      var outcome = {result: null};  // read by inStore once the transaction completes, like a request's
      var reading = store.get(id);
      reading.onsuccess = function () {
        outcome.result = change(reading.result) || null;
        if (outcome.result) store.put(outcome.result);
      };
      return outcome;
    });
  }

  function isLocked(entry, now) { return entry.state === "sending" && entry.lockedUntil > now; }

  // Take an entry for sending: null when it is gone, refused, another account's, or being sent elsewhere.
  function claim(id, timeout) {
    var key = newId();
    return changeEntry(id, function (entry) {
      var now = Date.now();
      if (!entry || entry.owner !== USER || entry.state === "refused" || isLocked(entry, now)) return null;
      entry.state = "sending";
      entry.lock = key;
      entry.lockedUntil = now + timeout + LOCK_MARGIN_MS;
      return entry;
    });
  }

  // Give an entry back to the queue after a failed sending, to be tried again after a growing pause; unless
  // its lock lapsed and another sending holds it now.
  function postpone(entry) {
    return changeEntry(entry.id, function (stored) {
      if (!stored || stored.lock !== entry.lock) return null;
      stored.state = "waiting";
      stored.lock = stored.lockedUntil = null;
      stored.attempts = (stored.attempts || 0) + 1;
      stored.retryAt = Date.now() + retryDelay(stored.attempts);
      return stored;
    });
  }

  function retryDelay(attempts) {
    var delay = Math.min(RETRY_FIRST_MS * Math.pow(2, attempts - 1), RETRY_MAX_MS);
    return Math.round(delay * (0.8 + Math.random() * 0.4));
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function clearKeptPages() {
    if (!window.caches) return Promise.resolve();
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) { return name.indexOf(CACHE_PREFIX) === 0; })
        .map(function (name) { return caches.delete(name); }));
    });
  }

  // --- the form: sent now, or kept on the device -----------------------------------------------------------
  function entryFrom(form) {
    var data = new FormData(form), fields = [];
    data.forEach(function (value, name) {
      if (NOT_SENT.indexOf(name) >= 0) return;
      if (value instanceof File && !value.name && !value.size) return;  // a file field left empty
      fields.push([name, value]);
    });
    var uuid = form.elements.client_uuid;
    return {id: (uuid && uuid.value) || newId(), owner: USER, created: Date.now(),
            title: String(data.get("title") || ""), fields: fields, state: "waiting", errors: []};
  }

  function sendTimeout(entry) {
    var form = document.querySelector("form[data-offline-queue]");
    var base = Number(form && form.getAttribute("data-send-timeout-ms")) || SEND_TIMEOUT_MS;
    var bytes = entry.fields.reduce(function (sum, pair) {
      return sum + (pair[1] instanceof File ? pair[1].size : 0);
    }, 0);
    return base + Math.round(bytes / 1048576 * SEND_TIMEOUT_PER_MB_MS);
  }

  function watchForm(form) {
    var busy = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (busy) return;  // a second tap while the first sending is on its way
      busy = true;
      var entry = entryFrom(form), saveButton = form.querySelector("[type=submit]");
      if (saveButton) saveButton.disabled = true;
      var done = function () { busy = false; if (saveButton) saveButton.disabled = false; };
      if (navigator.onLine === false) {
        keep(form, entry, "Đã lưu trên máy: “" + entry.title + "”. Hoạt động sẽ tự gửi khi có mạng.").then(done);
        return;
      }
      notice = "Đang gửi “" + entry.title + "”…";
      problem = "";
      show();
      sendFromForm(form, entry).then(done, done);
    });
  }

  // With no signal: the entry waits on the device and the form is ready for the next one.
  function keep(form, entry, said) {
    return putEntry(entry).then(function () {
      cleared(form);
      notice = said;
      problem = "";
      return show();
    }, function () {
      problem = "Máy không lưu được hoạt động (bộ nhớ đầy?). Hãy giải phóng bộ nhớ rồi bấm Lưu lại.";
      return show();
    });
  }

  function cleared(form) {
    form.reset();
    if (form.elements.client_uuid) form.elements.client_uuid.value = "";
  }

  // The entry is kept on the device before it is sent, so that a sending cut short (the tab closed, the
  // phone asleep) loses nothing; an entry refilled from the queue keeps its UUID and is replaced.
  function sendFromForm(form, entry) {
    var timeout = sendTimeout(entry), previous = null;
    return changeEntry(entry.id, function (stored) {
      previous = stored || null;
      entry.state = "sending";
      entry.lock = newId();
      entry.lockedUntil = Date.now() + timeout + LOCK_MARGIN_MS;
      return entry;
    }).then(function () {
      // With the form's one-time token: a form sent before (a plain submission whose answer was lost) is
      // not saved twice either. Entries kept on the device are sent without it, their UUID is their guard.
      var token = form.elements.once_token;
      return post(entry, "form", timeout, token ? [["once_token", token.value]] : []);
    }, function () {
      plainSubmit(form, entry);  // the device cannot keep it (storage off or full): send it as a plain form
      return null;
    }).then(function (answer) {
      if (!answer) return;
      if (answer.saved) {
        var opened = function () { location.assign(answer.saved.url); };
        return removeEntry(entry.id).then(opened, opened);
      }
      if (answer.form) {  // the server's validation: its form, with its errors; nothing kept
        var restore = previous ? putEntry(previous) : removeEntry(entry.id);
        return restore.then(function () { notice = ""; replaceForm(form, answer.form, entry); return show(); });
      }
      if (!answer.failed && !answer.serverError && !answer.signedOut) {
        // an answer this script does not handle (no right to record, too large…): the server's own page,
        // as without this script
        return (previous ? putEntry(previous) : removeEntry(entry.id)).then(function () {
          plainSubmit(form, entry);
        });
      }
      return postpone(entry).then(function (postponed) {
        if (postponed) pausedUntil = postponed.retryAt;
        cleared(form);
        notice = answer.signedOut
          ? "Chưa gửi được “" + entry.title + "”: phiên đăng nhập đã hết. Hoạt động đã được lưu trên máy; "
            + "hãy đăng nhập lại, máy sẽ tự gửi."
          : answer.serverError
            ? "Máy chủ đang gặp lỗi nên chưa nhận được “" + entry.title + "”. Hoạt động đã được lưu trên máy "
              + "và sẽ tự gửi lại sau."
            : "Mạng yếu nên chưa gửi được “" + entry.title + "”. Hoạt động đã được lưu trên máy và sẽ tự gửi "
              + "khi có sóng.";
        problem = "";
        return show();
      });
    });
  }

  function plainSubmit(form, entry) {
    if (form.elements.client_uuid) form.elements.client_uuid.value = entry.id;
    form.submit();  // does not fire "submit": this script does not see it again
  }

  // The server's form (with its errors) in place of the one sent. The server keeps no file of a refused
  // form; the photos picked are put back in it, so the officer need not take them again.
  function replaceForm(form, html, entry) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var fresh = page.querySelector("form[data-offline-queue]");
    if (!fresh) return;
    var timeout = form.getAttribute("data-send-timeout-ms");
    fresh = document.importNode(fresh, true);
    if (timeout) fresh.setAttribute("data-send-timeout-ms", timeout);
    form.parentNode.replaceChild(fresh, form);
    putFiles(fresh, entry);
    var units = page.getElementById("kind-units"), ours = document.getElementById("kind-units");
    if (units && ours) ours.textContent = units.textContent;
    watchForm(fresh);
    document.dispatchEvent(new CustomEvent("work:activity-form-replaced"));
    var error = fresh.querySelector("[role=alert]");
    (error || fresh).scrollIntoView({block: "center"});
  }

  // An entry the server refused, put back into the form to be corrected (its photos too, where the browser
  // lets a script set a file field). It keeps its UUID: sent again, from the form or the queue, it is saved once.
  function refill(form) {
    if (location.hash.indexOf(REFILL) !== 0) return;
    var id = location.hash.slice(REFILL.length);
    allEntries().then(function (entries) {
      var entry = mine(entries).filter(function (e) { return e.id === id; })[0];
      if (!entry) return;
      entry.fields.forEach(function (pair) {
        var name = pair[0], value = pair[1], field = form.elements[name];
        if (!field || value instanceof File) return;
        var choices = field.length !== undefined && field.tagName !== "SELECT" ? field : [field];
        Array.prototype.forEach.call(choices, function (input) {
          if (input.type === "checkbox" || input.type === "radio") { if (input.value === value) input.checked = true; }
          else input.value = value;
        });
      });
      putFiles(form, entry);
      if (form.elements.client_uuid) form.elements.client_uuid.value = entry.id;
      var details = form.querySelector("details");
      if (details) details.open = true;
      notice = "Đã điền lại “" + entry.title + "”: sửa theo ghi chú rồi bấm Lưu.";
      return show();
    });
  }

  // An entry's photos and files back in the form's file fields, where the browser lets a script set them.
  function putFiles(form, entry) {
    var files = {};
    entry.fields.forEach(function (pair) {
      if (pair[1] instanceof File && form.elements[pair[0]]) (files[pair[0]] = files[pair[0]] || []).push(pair[1]);
    });
    Object.keys(files).forEach(function (name) {
      try {
        var transfer = new DataTransfer();
        files[name].forEach(function (file) { transfer.items.add(file); });
        form.elements[name].files = transfer.files;
      } catch (e) { /* this browser does not let a script fill a file field: the officer picks the photo again */ }
    });
  }

  // --- sending ------------------------------------------------------------------------------------------
  // One POST of an entry; its answer as {saved: {url}}, {refused: [errors]}, {form: html} (the form's own
  // sending refused: the server's page), {signedOut}, {forbidden}, {elsewhere}, {serverError} or {failed}
  // (no answer in time, the network, a proxy's 502/503/504). The last two: try again later.
  function post(entry, mode, timeout, extra) {
    var body = new FormData();
    (extra || []).forEach(function (pair) { body.append(pair[0], pair[1]); });
    entry.fields.forEach(function (pair) {
      if (pair[1] instanceof File) body.append(pair[0], pair[1], pair[1].name);
      else body.append(pair[0], pair[1]);
    });
    body.append("client_uuid", entry.id);
    body.append("csrfmiddlewaretoken", csrfToken());
    var stop = window.AbortController ? new AbortController() : null, timer = null;
    var late = new Promise(function (resolve) {
      timer = setTimeout(function () { if (stop) stop.abort(); resolve({failed: true}); }, timeout);
    });
    var answer = fetch(ENDPOINT, {method: "POST", body: body, credentials: "same-origin",
                                  signal: stop ? stop.signal : undefined,
                                  headers: {"X-Offline-Queue": mode, "X-CSRFToken": csrfToken()}})
      .then(function (response) {
        var isJson = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        if (PROXY_FAILURES.indexOf(response.status) >= 0) return {failed: true};
        if (response.status >= 500) return {serverError: true};
        if (isJson && response.ok) return response.json().then(function (data) { return {saved: data}; });
        if (isJson && response.status === 400) {
          return response.json().then(function (data) { return {refused: data.errors || []}; });
        }
        if (mode === "form" && response.status === 400) {
          return response.text().then(function (html) { return {form: html}; });
        }
        if (response.redirected) {
          // The form's token was sent before and saved (web/once.py sends a repeat to what it made, an
          // activity's page); any other redirect leads to the login page: the session has ended.
          var path = new URL(response.url).pathname;
          if (mode === "form" && path !== ENDPOINT && path.indexOf(WORKER_SCOPE) === 0) {
            return {saved: {url: response.url}};
          }
          return {signedOut: true};
        }
        if (response.status === 403) return {forbidden: true};
        return {elsewhere: true};
      })
      .catch(function () { return {failed: true}; });
    return Promise.race([answer, late]).then(function (result) { clearTimeout(timer); return result; });
  }

  var sending = null, sentNow = 0, pausedUntil = 0, retryTimer = null;

  // Resolves true to go on with the next entry, false to stop (the next would fail the same way).
  function send(entry) {
    return post(entry, "1", sendTimeout(entry)).then(function (answer) {
      if (answer.saved) return removeEntry(entry.id).then(function () { sentNow += 1; return true; });
      if (answer.refused) {
        entry.state = "refused";
        entry.errors = answer.refused;
        entry.lock = entry.lockedUntil = null;
        return putEntry(entry).then(function () { return true; });
      }
      problem = answer.forbidden ? "Tài khoản này không được ghi hoạt động, nên chưa gửi được."
        : answer.signedOut || answer.elsewhere
          ? "Chưa gửi được: phiên đăng nhập đã hết. Hãy đăng nhập lại, hoạt động vẫn nằm trên máy."
          : answer.serverError ? "Chưa gửi được vì máy chủ đang gặp lỗi. Máy sẽ tự thử lại sau."
            : "Chưa gửi được vì mạng còn yếu. Máy sẽ tự thử lại.";
      return postpone(entry).then(function (postponed) {
        if (postponed) pausedUntil = postponed.retryAt;
        return false;
      });
    });
  }

  // force: the officer asked, or the signal just came back; otherwise entries wait out their pause.
  function sendAll(force) {
    return allEntries().then(function (entries) {
      var now = Date.now();
      var due = mine(entries).filter(function (entry) {
        if (entry.state === "sending") return !isLocked(entry, now);
        return entry.state === "waiting" && (force || !entry.retryAt || entry.retryAt <= now);
      });
      return due.reduce(function (chain, entry) {
        return chain.then(function (goOn) {
          if (!goOn) return false;
          return claim(entry.id, sendTimeout(entry)).then(function (claimed) {
            return claimed ? send(claimed) : true;
          });
        });
      }, Promise.resolve(true));
    });
  }

  function sync(force) {
    force = force === true;
    if (sending) return sending;
    if (navigator.onLine === false) return show();
    if (!force && Date.now() < pausedUntil) return show();
    problem = "";
    sentNow = 0;
    var work = function () { return sendAll(force); };
    var run = navigator.locks ? navigator.locks.request("tuyentruyen-offline-queue", work) : work();
    sending = run.catch(function () { problem = "Chưa gửi được. Máy sẽ tự thử lại."; }).then(function () {
      if (sentNow) notice = "Đã gửi " + sentNow + " hoạt động lưu trên máy.";
      sending = null;
      return show();
    });
    return sending;
  }

  function syncNow() { return sync(true); }

  // The next try, when the earliest entry's pause (or another tab's lock) ends.
  function scheduleRetry(own) {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    var next = own.reduce(function (soonest, entry) {
      var at = entry.state === "sending" ? entry.lockedUntil : entry.state === "waiting" ? entry.retryAt || 0 : null;
      return at === null || at === undefined ? soonest : Math.min(soonest, at);
    }, Infinity);
    if (next === Infinity) return;
    var wait = Math.max(next, pausedUntil) - Date.now();
    retryTimer = setTimeout(sync, Math.min(Math.max(wait, 1000), RETRY_MAX_MS));
  }

  // --- what the officer sees ----------------------------------------------------------------------------
  var box = null;

  function element(name, text, className) {
    var node = document.createElement(name);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function button(text, action) {
    var node = element("button", text, "secondary");
    node.type = "button";
    node.addEventListener("click", action);
    return node;
  }

  function show() {
    return allEntries().then(function (entries) {
      var own = mine(entries);
      var now = Date.now();
      var waiting = own.filter(function (e) { return e.state === "waiting" || (e.state === "sending" && !isLocked(e, now)); });
      var inFlight = own.filter(function (e) { return isLocked(e, now); });
      var refused = own.filter(function (e) { return e.state === "refused"; });
      scheduleRetry(own);
      var others = entries.length - own.length;
      if (!box) {
        box = element("section", "", "offline-queue");
        box.setAttribute("role", "status");
        box.setAttribute("aria-live", "polite");
        box.setAttribute("data-testid", "offline-queue");
        var main = document.getElementById("noi-dung");
        if (!main) return;
        main.insertBefore(box, main.firstChild);
      }
      box.textContent = "";
      if (notice) box.appendChild(element("p", notice, "queue-notice"));
      if (waiting.length) {
        var line = element("p", waiting.length + " hoạt động chờ gửi", "queue-waiting");
        line.setAttribute("data-testid", "queue-count");
        box.appendChild(line);
        if (navigator.onLine === false) box.appendChild(element("p", "Máy đang ngoại tuyến: hoạt động sẽ tự gửi khi có mạng."));
        else if (!sending) box.appendChild(button("Gửi ngay", syncNow));
        else box.appendChild(element("p", "Đang gửi…"));
      }
      if (inFlight.length) {
        var going = element("p", "Đang gửi " + inFlight.length + " hoạt động…", "queue-sending");
        going.setAttribute("data-testid", "queue-sending");
        box.appendChild(going);
      }
      refused.forEach(function (entry) {
        var item = element("div", "", "queue-refused");
        item.appendChild(element("p", "“" + entry.title + "” chưa được lưu: " + entry.errors.join("; ")));
        var actions = element("div", "", "actions");
        actions.appendChild(button("Điền lại vào biểu mẫu để sửa", function () {
          location.assign(ENDPOINT + REFILL + entry.id);
          if (location.pathname === ENDPOINT) location.reload();
        }));
        actions.appendChild(button("Bỏ hoạt động này", function () {
          if (window.confirm("Bỏ hẳn “" + entry.title + "” khỏi máy? Hoạt động sẽ không được gửi.")) {
            removeEntry(entry.id).then(show);
          }
        }));
        item.appendChild(actions);
        box.appendChild(item);
      });
      if (others) {
        box.appendChild(element("p", others + " hoạt động của tài khoản khác đang chờ trên máy này: "
          + "đăng nhập bằng tài khoản đó để gửi."));
      }
      if (problem) box.appendChild(element("p", problem, "errors"));
      box.hidden = !box.firstChild;
    }).catch(function () { /* storage unavailable (private mode): the page works as without this script */ });
  }

  // --- logging out --------------------------------------------------------------------------------------
  function watchLogout(form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      allEntries().catch(function () { return []; }).then(function (entries) {
        var own = mine(entries);
        if (own.length && !window.confirm("Còn " + own.length + " hoạt động chưa gửi trên máy này. Đăng xuất "
            + "sẽ xóa chúng khỏi máy. Vẫn đăng xuất?")) return false;
        return Promise.all(own.map(function (e) { return removeEntry(e.id); })).then(clearKeptPages)
          .then(function () { return true; }, function () { return true; });
      }).then(function (goOn) {
        if (!goOn) return;
        try { localStorage.removeItem(LAST_USER); } catch (e) { /* storage off */ }
        form.submit();
      });
    });
  }

  function setUp() {
    // Another account used this device last (its session ended without logging out): what the staff worker
    // kept for it is not this account's to open.
    try {
      if (localStorage.getItem(LAST_USER) !== USER) {
        clearKeptPages();
        localStorage.setItem(LAST_USER, USER);
      }
    } catch (e) { /* storage off */ }
    var logout = LOGOUT && document.querySelector('form[action="' + LOGOUT + '"]');
    if (logout) watchLogout(logout);
    var form = document.querySelector("form[data-offline-queue]");
    if (form) {
      watchForm(form);
      refill(form);
      if (WORKER && "serviceWorker" in navigator) {
        navigator.serviceWorker.register(WORKER, {scope: WORKER_SCOPE}).catch(function () { /* works without */ });
      }
    }
    window.addEventListener("online", syncNow);  // the signal is back: no need to wait out the pauses
    window.addEventListener("offline", show);
    sync();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
