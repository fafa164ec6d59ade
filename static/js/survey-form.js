// SKM survey: move on to the next question after an answer; on a kiosk, return to a fresh
// survey after a while without touches (with a warning first, WCAG 2.2.1).
(function () {
  "use strict";
  var form = document.querySelector(".survey-form");
  if (form) {
    form.addEventListener("change", function (event) {
      var input = event.target;
      if (!input.classList.contains("btn-check")) { return; }
      var item = input.closest("li");
      var next = item && item.nextElementSibling;
      var target = next ? next.querySelector("fieldset") : form.querySelector(".survey-profile");
      if (target && target.scrollIntoView) {
        target.scrollIntoView({ behavior: "smooth", block: "start" });
      }
    });
    var errors = document.getElementById("survey-errors");
    var firstBad = form.querySelector("fieldset.border-danger");
    if (errors && firstBad && firstBad.scrollIntoView) { firstBad.scrollIntoView({ block: "start" }); }
  }

  var thanks = document.querySelector("[data-return-url]");
  if (thanks) {
    var seconds = parseInt(thanks.getAttribute("data-return-seconds"), 10) || 10;
    window.setTimeout(function () { window.location.href = thanks.getAttribute("data-return-url"); }, seconds * 1000);
    return;
  }

  if (!document.body.classList.contains("survey-kiosk") || !form) { return; }
  var IDLE_MS = 60000, WARN_MS = 25000, idleTimer = null, resetTimer = null, warning = null;
  function clearWarning() {
    if (warning) { warning.remove(); warning = null; }
    window.clearTimeout(resetTimer);
  }
  function warn() {
    warning = document.createElement("div");
    warning.className = "alert alert-warning shadow survey-idle-warning";
    warning.setAttribute("role", "alert");
    warning.textContent = document.documentElement.lang === "en"
      ? "Still there? Touch the screen to continue; the survey starts over in 25 seconds."
      : "Masih di sini? Sentuh layar untuk melanjutkan; survei akan dimulai ulang dalam 25 detik.";
    document.body.appendChild(warning);
    resetTimer = window.setTimeout(function () { window.location.href = form.getAttribute("action"); }, WARN_MS);
  }
  function activity() {
    clearWarning();
    window.clearTimeout(idleTimer);
    idleTimer = window.setTimeout(warn, IDLE_MS);
  }
  ["pointerdown", "keydown", "touchstart"].forEach(function (name) {
    document.addEventListener(name, activity, { passive: true });
  });
  activity();
})();
