// On a paired kiosk showing another page (status, survey, complaints): go back to /kiosk after
// the citizen leaves it alone for a while (any touch or key restarts the wait).
(function () {
  "use strict";
  var link = document.querySelector("[data-kiosk-return]");
  if (!link) { return; }
  var seconds = parseInt(link.dataset.idleSeconds, 10) || 120;
  var timer = null;
  function restart() {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { window.location.href = link.href; }, seconds * 1000);
  }
  ["pointerdown", "keydown", "touchstart", "input"].forEach(function (type) {
    document.addEventListener(type, restart, { passive: true, capture: true });
  });
  restart();
})();
