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

  // One question per screen on the kiosk: answering moves on; "Back" returns.
  var items = Array.prototype.slice.call(form.querySelectorAll(".survey-elements > li"));
  var tail = Array.prototype.slice.call(form.querySelectorAll(".survey-profile, .survey-form > .mb-3, .survey-form > button[type=submit]"));
  var service = form.querySelector(".survey-service");
  if (items.length && !document.getElementById("survey-errors")) {
    form.classList.add("survey-stepper");
    var nav = document.createElement("div");
    nav.className = "survey-nav";
    var back = document.createElement("button");
    back.type = "button";
    back.className = "btn btn-outline-secondary btn-lg";
    back.textContent = document.documentElement.lang === "en" ? "Back" : "Kembali";
    var progress = document.createElement("span");
    progress.className = "survey-progress align-self-center";
    nav.appendChild(back);
    nav.appendChild(progress);
    form.insertBefore(nav, form.querySelector(".survey-elements"));
    var step = 0;
    var show = function () {
      items.forEach(function (item, index) { item.classList.toggle("survey-step-hidden", index !== step); });
      tail.forEach(function (el) { el.classList.toggle("survey-step-hidden", step < items.length); });
      if (service) { service.classList.toggle("survey-step-hidden", step !== 0); }
      back.disabled = step === 0;
      progress.textContent = step < items.length ? (step + 1) + " / " + items.length : "";
      window.scrollTo(0, 0);
    };
    form.addEventListener("change", function (event) {
      if (!event.target.classList.contains("btn-check")) { return; }
      if (step < items.length) { window.setTimeout(function () { step += 1; show(); }, 250); }
    });
    back.addEventListener("click", function () { if (step > 0) { step -= 1; show(); } });
    show();
  }
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
