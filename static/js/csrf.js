// Sends the page's CSRF token with htmx requests and exposes it for fetch() calls.
(function () {
  var meta = document.querySelector('meta[name="csrf-token"]');
  window.MPP = window.MPP || {};
  window.MPP.csrfToken = meta ? meta.content : "";
  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRFToken"] = window.MPP.csrfToken;
  });
})();
