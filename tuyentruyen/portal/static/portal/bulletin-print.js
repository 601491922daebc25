// The "In" button of a bulletin's reading copy opens the browser's print dialog.
document.addEventListener("click", function (event) {
  "use strict";
  if (event.target.closest("[data-print]")) window.print();
});
