// Activity form: the quantity unit's placeholder follows the kind picked (banner: chiếc, radio: phút
// phát sóng…) unless the officer typed one. Units come from the page's "kind-units" JSON block.
(function () {
  "use strict";
  function setUp() {
    var data = document.getElementById("kind-units");
    var kind = document.getElementById("id_kind"), unit = document.getElementById("id_quantity_unit");
    if (!data || !kind || !unit) return;
    var units = JSON.parse(data.textContent);
    function show() { unit.placeholder = units[kind.value] || ""; }
    kind.addEventListener("change", show);
    show();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
  // offline-queue.js put the server's form (with its errors) in place of the one sent
  document.addEventListener("work:activity-form-replaced", setUp);
})();
