// Ticket kiosk: tenant -> service -> priority -> ticket (shown and printed, then back to the
// start after 10 s), idle reset.
// State is exposed on <body data-kiosk-state="start|services|priority|issuing|ticket|error"> and
// data-kiosk-warning="1" while the idle warning counts down, so browser tests need no sleeps.
(function () {
  "use strict";
  var root = document.getElementById("kiosk");
  if (!root) { return; }
  var body = document.body;
  var texts = document.getElementById("kiosk-texts").dataset;
  var params = new URLSearchParams(window.location.search);
  // ?idle=5&warning=3 shortens the timers (for trying the kiosk out and for tests).
  var idleSeconds = Math.max(2, parseInt(params.get("idle") || root.dataset.idleSeconds, 10) || 45);
  var warningSeconds = Math.max(2, parseInt(params.get("warning") || root.dataset.warningSeconds, 10) || 20);
  var printKind = root.dataset.printKind;
  var chosen = { tenant: null, service: null, serviceName: "" };
  var history = [];
  var idleTimer = null;
  // The ticket screen goes back to the start by itself, so the next citizen never sees the
  // previous one's number and QR code; longer when the printer failed (time to note the number).
  var TICKET_SECONDS = 10;
  var TICKET_SECONDS_UNPRINTED = 30;
  var ticketTimer = null;
  var countdownTimer = null;
  var remaining = 0;
  var busy = false;

  function screens() { return root.querySelectorAll("[data-screen]"); }

  function show(name, tenantId) {
    screens().forEach(function (section) {
      var match = section.dataset.screen === name &&
        (name !== "services" || section.dataset.tenant === String(tenantId));
      section.hidden = !match;
    });
    if (body.dataset.kioskState !== name) { history.push(body.dataset.kioskState); }
    body.dataset.kioskState = name;
    if (name !== "ticket") { stopTicketReturn(); }
    window.scrollTo(0, 0);
    var heading = root.querySelector("[data-screen='" + name + "']:not([hidden]) h1, [data-screen='" + name + "']:not([hidden]) .kiosk-h1");
    if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus({ preventScroll: true }); }
    restartIdle();
  }

  function reset() {
    if (root.dataset.lang && root.dataset.lang !== "id") {
      // The next citizen starts in Indonesian again.
      window.location.href = root.dataset.langReset;
      return;
    }
    hideWarning();
    stopTicketReturn();
    clearTicket();
    chosen = { tenant: null, service: null, serviceName: "" };
    history = [];
    busy = false;
    show("start");
    history = [];
  }

  // ---- the ticket screen's own way back ----
  function startTicketReturn(seconds) {
    stopTicketReturn();
    var note = root.querySelector("[data-ticket-return]");
    var left = seconds;
    note.textContent = texts.returnIn.replace("{n}", left);
    ticketTimer = window.setInterval(function () {
      left -= 1;
      if (left <= 0) { reset(); return; }
      note.textContent = texts.returnIn.replace("{n}", left);
    }, 1000);
  }

  function stopTicketReturn() {
    window.clearInterval(ticketTimer);
    ticketTimer = null;
  }

  function clearTicket() {
    var section = root.querySelector("[data-screen='ticket']");
    ["[data-ticket-number]", "[data-ticket-service]", "[data-ticket-ahead]", "[data-ticket-wait]", "[data-ticket-return]"]
      .forEach(function (selector) { section.querySelector(selector).textContent = ""; });
    section.querySelector("[data-ticket-qr]").removeAttribute("src");
    delete body.dataset.ticketNumber;
  }

  // ---- idle handling (WCAG 2.2.1: warn, give at least 20 s, continue on any touch) ----
  function restartIdle() {
    window.clearTimeout(idleTimer);
    var state = body.dataset.kioskState;
    if (state === "start" || state === "issuing" || state === "ticket") { return; }
    idleTimer = window.setTimeout(showWarning, idleSeconds * 1000);
  }

  function showWarning() {
    var overlay = root.querySelector("[data-idle-warning]");
    remaining = warningSeconds;
    overlay.querySelector("[data-countdown]").textContent = remaining;
    overlay.hidden = false;
    body.dataset.kioskWarning = "1";
    overlay.querySelector("[data-continue]").focus();
    countdownTimer = window.setInterval(function () {
      remaining -= 1;
      overlay.querySelector("[data-countdown]").textContent = Math.max(0, remaining);
      if (remaining <= 0) { reset(); }
    }, 1000);
  }

  function hideWarning() {
    window.clearInterval(countdownTimer);
    countdownTimer = null;
    root.querySelector("[data-idle-warning]").hidden = true;
    delete body.dataset.kioskWarning;
  }

  function activity() {
    if (countdownTimer) { hideWarning(); }
    restartIdle();
  }
  ["pointerdown", "keydown", "touchstart"].forEach(function (type) {
    document.addEventListener(type, activity, { passive: true, capture: true });
  });

  // ---- issuing ----
  function issue(priority, group) {
    if (busy || !chosen.service) { return; }
    busy = true;
    show("issuing");
    fetch(root.dataset.issueUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": window.MPP.csrfToken },
      body: JSON.stringify({ service_id: chosen.service, priority: priority, priority_group: group || null })
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { ok: response.status === 201, data: data };
      });
    }).then(function (result) {
      busy = false;
      if (result.ok) { showTicket(result.data); }
      else { showError(result.data.error ? result.data.error.message : root.dataset.msgNetwork); }
    }).catch(function () {
      busy = false;
      showError(root.dataset.msgNetwork);
    });
  }

  function minutesText(ticket) {
    if (!ticket.people_ahead) { return texts.minutesNone; }
    return ticket.estimated_wait_text || texts.minutes.replace("{n}", ticket.estimated_wait_minutes);
  }

  function showTicket(ticket) {
    var section = root.querySelector("[data-screen='ticket']");
    section.querySelector("[data-ticket-number]").textContent = ticket.number;
    section.querySelector("[data-ticket-service]").textContent = ticket.service_name;
    section.querySelector("[data-ticket-priority]").hidden = !ticket.priority;
    section.querySelector("[data-ticket-ahead]").textContent = ticket.people_ahead ? ticket.people_ahead : texts.aheadNone;
    section.querySelector("[data-ticket-wait]").textContent = minutesText(ticket);
    var printMessage = section.querySelector("[data-ticket-print-message]");
    printMessage.hidden = true;
    if (ticket.print && ticket.print.ok === false) {
      printMessage.textContent = ticket.print.message || root.dataset.msgPrinter;
      printMessage.hidden = false;
    }
    // Show the ticket once its QR code has loaded (or after 2 s), so nothing appears half-drawn.
    var qr = section.querySelector("[data-ticket-qr]");
    var shown = false;
    function reveal() {
      if (shown) { return; }
      shown = true;
      qr.onload = null;
      qr.onerror = null;
      body.dataset.ticketNumber = ticket.number;
      show("ticket");
      startTicketReturn(ticket.print && ticket.print.ok === false ? TICKET_SECONDS_UNPRINTED : TICKET_SECONDS);
      if (printKind === "browser") { printInBrowser(ticket); }
    }
    qr.onload = reveal;
    qr.onerror = reveal;
    qr.src = ticket.public_url + "/qr.svg";
    window.setTimeout(reveal, 2000);
  }

  function printInBrowser(ticket) {
    var area = document.getElementById("print-ticket");
    area.querySelector("[data-print-tenant]").textContent = ticket.tenant || "";
    area.querySelector("[data-print-number]").textContent = ticket.number;
    area.querySelector("[data-print-priority]").hidden = !ticket.priority;
    area.querySelector("[data-print-service]").textContent = ticket.service_name;
    area.querySelector("[data-print-time]").textContent = new Date(ticket.issued_at).toLocaleString("id-ID");
    area.querySelector("[data-print-ahead]").textContent = texts.peopleAhead.replace("{n}", ticket.people_ahead || 0);
    area.querySelector("[data-print-url]").textContent = ticket.public_url;
    var qr = area.querySelector("[data-print-qr]");
    var printed = false;
    function go() {
      if (printed) { return; }
      printed = true;
      body.dataset.kioskPrinted = ticket.number;
      window.print();
    }
    qr.onload = go;
    qr.onerror = go;
    qr.src = ticket.public_url + "/qr.svg";
    window.setTimeout(go, 1500);
  }

  function showError(message) {
    root.querySelector("[data-error-message]").textContent = message;
    show("error");
  }

  // ---- navigation ----
  root.addEventListener("click", function (event) {
    var target = event.target.closest("button, a");
    if (!target || !root.contains(target)) { return; }
    if (target.dataset.goTenant) {
      chosen.tenant = target.dataset.goTenant;
      show("services", chosen.tenant);
    } else if (target.dataset.serviceId) {
      if (target.dataset.open !== "1") { showError(target.dataset.message); return; }
      chosen.service = parseInt(target.dataset.serviceId, 10);
      chosen.serviceName = target.dataset.serviceName;
      root.querySelector("[data-chosen-service]").textContent = chosen.serviceName;
      show("priority");
    } else if (target.dataset.priority !== undefined) {
      issue(target.dataset.priority === "1", target.dataset.group);
    } else if (target.dataset.go === "start") {
      reset();
    } else if (target.dataset.go === "back") {
      if (body.dataset.kioskState === "priority" && chosen.tenant) { show("services", chosen.tenant); }
      else { reset(); }
    } else if (target.dataset.continue !== undefined) {
      activity();
    }
  });

  // ---- clock ----
  var clock = root.querySelector("[data-clock]");
  function tick() {
    clock.textContent = new Date().toLocaleTimeString("id-ID", { hour: "2-digit", minute: "2-digit" });
  }
  tick();
  window.setInterval(tick, 10000);

  // Reload now and then on the start screen, so opening hours and new services show up.
  window.setInterval(function () {
    if (body.dataset.kioskState === "start" && !busy) { window.location.reload(); }
  }, 10 * 60 * 1000);

  window.MPPKiosk = { reset: reset, state: function () { return body.dataset.kioskState; } };
  body.dataset.kioskState = "start";
  show("start");
  history = [];
})();
