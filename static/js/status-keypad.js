// Status check page: touch keypad for the kiosk, code formatting, and idle reset (WCAG 2.2.1).
(function () {
  var page = document.querySelector(".status-page");
  if (!page) { return; }
  var kiosk = page.getAttribute("data-kiosk") === "1";
  var code = document.getElementById("code");
  var digits = document.getElementById("phone_last4");
  var keypad = document.querySelector(".keypad");
  var active = code;
  var allowed = /[0-9A-HJKMNP-TV-Z]/;

  function format(value) {
    var clean = value.toUpperCase().replace(/[^0-9A-Z]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1").slice(0, 9);
    var parts = [clean.slice(0, 4), clean.slice(4, 8), clean.slice(8)];
    return parts.filter(function (p) { return p.length; }).join("-");
  }

  function activate(field) {
    if (!field) { return; }
    active = field;
    [code, digits].forEach(function (f) { if (f) { f.classList.toggle("active-field", f === field); } });
    if (keypad) { keypad.classList.toggle("digits-only", field === digits); }
  }

  if (code) {
    code.addEventListener("input", function () {
      code.value = format(code.value);
      if (code.value.replace(/-/g, "").length === 9 && digits && kiosk) { activate(digits); }
    });
    code.addEventListener("focus", function () { activate(code); });
  }
  if (digits) {
    digits.addEventListener("input", function () { digits.value = digits.value.replace(/\D/g, "").slice(0, 4); });
    digits.addEventListener("focus", function () { activate(digits); });
  }
  if (code && !code.value && kiosk) { activate(code); }
  else if (code && code.value && digits) { activate(digits); }

  if (keypad) {
    keypad.addEventListener("click", function (event) {
      var button = event.target.closest("[data-key]");
      if (!button || !active) { return; }
      var key = button.getAttribute("data-key");
      if (key === "clear") {
        active.value = "";
      } else if (key === "back") {
        active.value = active === code ? format(active.value.replace(/-/g, "").slice(0, -1)) : active.value.slice(0, -1);
      } else if (active === digits) {
        if (/\d/.test(key) && digits.value.length < 4) { digits.value += key; }
      } else if (allowed.test(key)) {
        code.value = format(code.value + key);
        if (code.value.replace(/-/g, "").length === 9 && digits) { activate(digits); }
      }
    });
  }

  if (!kiosk) { return; }
  // Kiosk: after 60 s without a touch, warn for 20 s, then go back to an empty form.
  var warning = document.querySelector(".kiosk-idle");
  var resetUrl = page.getAttribute("data-reset-url");
  var idleTimer, resetTimer;
  function arm() {
    clearTimeout(idleTimer);
    clearTimeout(resetTimer);
    if (warning) { warning.classList.add("d-none"); }
    idleTimer = setTimeout(function () {
      if (warning) { warning.classList.remove("d-none"); }
      resetTimer = setTimeout(function () { window.location.assign(resetUrl); }, 20000);
    }, 60000);
  }
  ["pointerdown", "keydown", "touchstart"].forEach(function (name) { document.addEventListener(name, arm, { passive: true }); });
  arm();
})();
