// Feedback publication preview: the officer selects a passage the automatic masking missed and presses
// "Che đoạn đã chọn"; the passage is added to the phrases to mask and the preview is rebuilt on the server
// (the page shows only what the server will publish). Without JavaScript the textarea does the same.
(function () {
  "use strict";
  function init() {
    var source = document.querySelector("[data-mask-source]");
    var form = document.querySelector("[data-mask-form]");
    var button = form && form.querySelector("[data-mask-selection]");
    if (!source || !form || !button) { return; }
    var field = form.querySelector("textarea[name=mask_phrases]");
    var picked = "";
    button.hidden = false;
    button.disabled = true;
    document.addEventListener("selectionchange", function () {
      var selection = window.getSelection();
      var text = selection ? selection.toString().replace(/\s+/g, " ").trim() : "";
      var inside = selection && selection.rangeCount > 0 &&
        source.contains(selection.getRangeAt(0).commonAncestorContainer);
      if (inside && text.length >= 2 && text.indexOf("***") === -1) { picked = text; }
      button.disabled = picked === "";
    });
    button.addEventListener("click", function () {
      if (!picked) { return; }
      field.value = (field.value.replace(/\s+$/, "") + "\n" + picked).replace(/^\n/, "");
      form.submit();
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
}());
