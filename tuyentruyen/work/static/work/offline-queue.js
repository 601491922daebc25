// Staff pages: an activity recorded on a phone with no signal waits on the device (IndexedDB, with its
// photos) and is sent when the signal returns. Each entry carries a UUID made here; the server saves an
// entry once however often it arrives (work/services.save_activity_once), and this script never sends two
// at once (one sending at a time per device, across tabs).
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
  var RETRY_MS = 30000;
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

  // --- keeping an entry when there is no signal -------------------------------------------------------------
  function watchForm(form) {
    form.addEventListener("submit", function (event) {
      if (navigator.onLine !== false) return;  // a signal: the form is sent now, as usual
      event.preventDefault();
      var data = new FormData(form), fields = [];
      data.forEach(function (value, name) {
        if (NOT_SENT.indexOf(name) >= 0) return;
        if (value instanceof File && !value.name && !value.size) return;  // a file field left empty
        fields.push([name, value]);
      });
      var refill = form.elements.client_uuid;
      var entry = {id: (refill && refill.value) || newId(), owner: USER, created: Date.now(),
                   title: String(data.get("title") || ""), fields: fields, state: "waiting", errors: []};
      putEntry(entry).then(function () {
        form.reset();
        if (refill) refill.value = "";
        notice = "Đã lưu trên máy: “" + entry.title + "”.";
        problem = "";
        return show();
      }, function () {
        problem = "Máy không lưu được hoạt động (bộ nhớ đầy?). Hãy giải phóng bộ nhớ rồi bấm Lưu lại.";
        return show();
      });
    });
  }

  // An entry the server refused, put back into the form to be corrected (its photos too, where the browser
  // lets a script set a file field). It keeps its UUID: sent again, from the form or the queue, it is saved once.
  function refill(form) {
    if (location.hash.indexOf(REFILL) !== 0) return;
    var id = location.hash.slice(REFILL.length);
    allEntries().then(function (entries) {
      var entry = mine(entries).filter(function (e) { return e.id === id; })[0];
      if (!entry) return;
      var files = {};
      entry.fields.forEach(function (pair) {
        var name = pair[0], value = pair[1], field = form.elements[name];
        if (!field) return;
        if (value instanceof File) { (files[name] = files[name] || []).push(value); return; }
        var choices = field.length !== undefined && field.tagName !== "SELECT" ? field : [field];
        Array.prototype.forEach.call(choices, function (input) {
          if (input.type === "checkbox" || input.type === "radio") { if (input.value === value) input.checked = true; }
          else input.value = value;
        });
      });
      Object.keys(files).forEach(function (name) {
        try {
          var transfer = new DataTransfer();
          files[name].forEach(function (file) { transfer.items.add(file); });
          form.elements[name].files = transfer.files;
        } catch (e) { /* this browser does not let a script fill a file field: the officer picks the photo again */ }
      });
      if (form.elements.client_uuid) form.elements.client_uuid.value = entry.id;
      var details = form.querySelector("details");
      if (details) details.open = true;
      notice = "Đã điền lại “" + entry.title + "”: sửa theo ghi chú rồi bấm Lưu.";
      return show();
    });
  }

  // --- sending ------------------------------------------------------------------------------------------
  var sending = null, sentNow = 0;

  function send(entry) {
    var body = new FormData();
    entry.fields.forEach(function (pair) {
      if (pair[1] instanceof File) body.append(pair[0], pair[1], pair[1].name);
      else body.append(pair[0], pair[1]);
    });
    body.append("client_uuid", entry.id);
    body.append("csrfmiddlewaretoken", csrfToken());
    return fetch(ENDPOINT, {method: "POST", body: body, credentials: "same-origin",
                            headers: {"X-Offline-Queue": "1", "X-CSRFToken": csrfToken()}})
      .then(function (response) {
        var isJson = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        if (isJson && response.ok) {
          return removeEntry(entry.id).then(function () { sentNow += 1; return true; });
        }
        if (isJson && response.status === 400) {
          return response.json().then(function (answer) {
            entry.state = "refused";
            entry.errors = answer.errors || [];
            return putEntry(entry).then(function () { return true; });
          });
        }
        problem = response.status === 403 ? "Tài khoản này không được ghi hoạt động, nên chưa gửi được."
          : "Chưa gửi được: phiên đăng nhập đã hết. Hãy đăng nhập lại, hoạt động vẫn nằm trên máy.";
        return false;
      }, function () {
        problem = "Chưa gửi được vì mạng còn yếu. Máy sẽ tự thử lại.";
        return false;
      });
  }

  function sendAll() {
    return allEntries().then(function (entries) {
      var waiting = mine(entries).filter(function (entry) { return entry.state === "waiting"; });
      return waiting.reduce(function (chain, entry) {
        return chain.then(function (goOn) { return goOn ? send(entry) : false; });
      }, Promise.resolve(true));
    });
  }

  function sync() {
    if (sending) return sending;
    if (navigator.onLine === false) return show();
    problem = "";
    sentNow = 0;
    var run = navigator.locks ? navigator.locks.request("tuyentruyen-offline-queue", sendAll) : sendAll();
    sending = run.catch(function () { problem = "Chưa gửi được. Máy sẽ tự thử lại."; }).then(function () {
      if (sentNow) notice = "Đã gửi " + sentNow + " hoạt động ghi khi không có mạng.";
      sending = null;
      return show();
    });
    return sending;
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
      var waiting = own.filter(function (e) { return e.state === "waiting"; });
      var refused = own.filter(function (e) { return e.state === "refused"; });
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
        else if (!sending) box.appendChild(button("Gửi ngay", sync));
        else box.appendChild(element("p", "Đang gửi…"));
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
    window.addEventListener("online", sync);
    window.addEventListener("offline", show);
    setInterval(function () { if (navigator.onLine !== false) sync(); }, RETRY_MS);
    sync();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
