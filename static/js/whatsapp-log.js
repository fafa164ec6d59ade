// WhatsApp click-to-chat: opening wa.me also notes the message as sent by the signed-in staff.
(function () {
  "use strict";
  var token = document.querySelector("input[name=csrf_token]");
  document.querySelectorAll("[data-log-url]").forEach(function (link) {
    link.addEventListener("click", function () {
      var body = new URLSearchParams();
      if (token) body.append("csrf_token", token.value);
      fetch(link.getAttribute("data-log-url"), {method: "POST", body: body, credentials: "same-origin",
        headers: {"X-Requested-With": "fetch"}}).then(function () {
        var item = link.closest("li");
        if (item) item.classList.add("list-group-item-success");
      });
    });
  });
})();
