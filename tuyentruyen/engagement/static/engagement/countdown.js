// The attempt's countdown: counts down the seconds the server said were left when the page was made.
// Only a display: the server refuses an answer sent after the deadline, whatever this clock shows.
(function () {
  "use strict";
  var timer = document.getElementById("dem-nguoc");
  if (!timer) { return; }
  var left = parseInt(timer.getAttribute("data-seconds"), 10);
  if (isNaN(left)) { return; }
  var end = Date.now() + left * 1000;  // the device's clock may be wrong; only its pace is used
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function show() {
    var s = Math.max(0, Math.round((end - Date.now()) / 1000));
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    timer.textContent = h ? h + ":" + two(m) + ":" + two(r) : two(m) + ":" + two(r);
    if (s <= 60) { timer.classList.add("low"); }
    if (s === 0) {
      var over = document.getElementById("het-gio");
      if (over) { over.hidden = false; }
      return;
    }
    window.setTimeout(show, ((end - Date.now()) % 1000) || 1000);  // wake on the second's edge
  }
  show();
})();
