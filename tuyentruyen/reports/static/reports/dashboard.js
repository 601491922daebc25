// The dashboard on a phone: every section after the first folds to its heading, so the page is a few
// screens long and each section opens with one tap. On wider screens (and without JavaScript) all stay open.
(function () {
  "use strict";
  var phone = window.matchMedia("(max-width: 47.99rem)");
  function fold() {
    if (!phone.matches) return;
    document.querySelectorAll("details.fold[data-fold]:not([data-fold='keep'])").forEach(function (section) {
      section.open = false;
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fold);
  } else {
    fold();
  }
}());
