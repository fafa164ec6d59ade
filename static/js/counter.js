// Counter console helpers: the numbers typed are upper-cased, the form is cleared after a call,
// and F2 presses "Call next" (for operators who keep their hands on the keyboard).
(function () {
  "use strict";
  var form = document.querySelector("[data-call-number]");
  if (form) {
    var input = form.querySelector("input[name=number]");
    input.addEventListener("input", function () { input.value = input.value.toUpperCase().replace(/\s+/g, ""); });
    form.addEventListener("htmx:afterRequest", function (event) {
      if (event.detail.successful) { input.value = ""; }
    });
  }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "F2") { return; }
    var button = document.querySelector("[data-call-next]:not([disabled])");
    if (button) { event.preventDefault(); button.click(); }
  });
})();
