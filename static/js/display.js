// Display board: polls /api/v1/display every second (If-None-Match, so idle polls cost a 304),
// redraws, and announces every new call: a chime, then recorded Indonesian clips joined in order.
// Calls queue up and never cut each other off; a recall gets a new call id and is announced again.
// For tests: window.MPPDisplay.announcements (every call queued), .played, and
// <body data-last-call-id data-audio="locked|ready" data-announcing="1">.
(function () {
  "use strict";
  var root = document.getElementById("board");
  if (!root) { return; }
  var body = document.body;
  var params = new URLSearchParams(window.location.search);
  var useSpeech = params.get("suara") === "browser" && "speechSynthesis" in window;
  var audioBase = root.dataset.audioBase;
  var interval = parseInt(root.dataset.interval, 10) || 1000;
  var state = window.MPPDisplay = {
    announcements: [], played: [], pending: [], seen: {}, etag: null, polls: 0, ready: false, playing: false
  };
  var clipCache = {};
  body.dataset.audio = "locked";

  function text(selector, value) {
    var node = root.querySelector(selector);
    if (node && node.textContent !== String(value)) { node.textContent = value; }
  }

  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (content !== undefined) { node.textContent = content; }
    return node;
  }

  // ---------------------------------------------------------------- drawing
  // The board fills one 16:9 screen whatever the size of the MPP (1-40 counters, 1-15 queues):
  // each grid takes the column count that gives its boxes the largest size, and the text inside
  // a box scales with the box (container units in queue.css), so nothing scrolls or gets cut.
  var texts = root.dataset;
  var lastData = null;

  // "Loket 3" and, below it, the rest of the counter's name ("Loket 3 Dukcapil" -> "Dukcapil"),
  // as the console names it ("Loket 3 · Loket 3 Dukcapil") without saying "Loket 3" twice.
  function counterLabel(number, name) {
    var main = texts.textCounter + " " + number;
    var rest = (name || "").trim();
    if (rest.toLowerCase().indexOf(main.toLowerCase()) === 0) { rest = rest.slice(main.length).trim(); }
    return { main: main, sub: rest.replace(/^[-·:]\s*/, "") };
  }

  // Open or paused counters only; a kit that does not report counter states shows every active one.
  function shownCounters(counters) {
    return counters.filter(function (c) { return !c.state || c.state === "open" || c.state === "paused"; });
  }

  function clockTime(iso) {
    var when = new Date(iso);
    if (isNaN(when.getTime())) { return ""; }
    return when.toLocaleTimeString("id-ID", { hour: "2-digit", minute: "2-digit", hour12: false }).replace(":", ".");
  }

  // "Istirahat" / "sampai 13.00": why the counter is paused and, when known, until when.
  function pausedState(c) {
    var reason = c.pause_reason ? texts["textReason" + c.pause_reason.charAt(0).toUpperCase() + c.pause_reason.slice(1)] : "";
    var box = el("div", "board-counter-state");
    box.append(el("span", "board-counter-reason", reason || texts.textPaused));
    if (c.back_at) { box.append(el("span", "board-counter-until", texts.textUntil.replace("{time}", clockTime(c.back_at)))); }
    return box;
  }

  // "buka 13.00" today, "buka 28/12 08.00" on another day.
  function openingText(iso) {
    var when = new Date(iso);
    if (isNaN(when.getTime())) { return ""; }
    var day = when.toDateString() === new Date().toDateString() ? ""
      : when.toLocaleDateString("id-ID", { day: "numeric", month: "numeric" }) + " ";
    return texts.textOpens.replace("{when}", day + clockTime(iso));
  }

  // Columns that make `count` boxes of the given width:height as large as the area allows.
  function bestColumns(area, count, aspect) {
    var width = area.clientWidth;
    var height = area.clientHeight;
    var best = 1;
    var bestSize = 0;
    for (var cols = 1; cols <= count; cols += 1) {
      var rows = Math.ceil(count / cols);
      var size = Math.min(width / cols / aspect, height / rows);
      if (size > bestSize + 0.5) { best = cols; bestSize = size; }
    }
    return best;
  }

  function layoutGrid(grid, count, aspect) {
    var cols = bestColumns(grid, Math.max(count, 1), aspect);
    grid.style.setProperty("--cols", cols);
    grid.style.setProperty("--rows", Math.ceil(Math.max(count, 1) / cols));
  }

  function layout() {
    if (!lastData) { return; }
    root.querySelector(".board-right").classList.toggle("has-many-queues", lastData.queues.length > 10);
    layoutGrid(root.querySelector("[data-board-counters]"), shownCounters(lastData.counters).length, 1.5);
    layoutGrid(root.querySelector("[data-board-queues]"), lastData.queues.length, 2.4);
  }

  function render(data) {
    lastData = data;
    text("[data-board-mpp]", data.mpp_name);
    var latest = data.calls[0];
    var latestLabel = latest ? counterLabel(latest.counter, latest.counter_name) : null;
    text("[data-now-number]", latest ? latest.number : "—");
    text("[data-now-counter]", latest ? latestLabel.main : texts.textNone);
    text("[data-now-name]", latest ? latestLabel.sub : "");
    var calls = root.querySelector("[data-board-calls]");
    calls.replaceChildren.apply(calls, data.calls.slice(1, 6).map(function (call) {
      var li = el("li");
      li.append(el("span", "board-call-number", call.number),
        el("span", "board-call-counter", counterLabel(call.counter, call.counter_name).main));
      return li;
    }));
    var counters = root.querySelector("[data-board-counters]");
    var shown = shownCounters(data.counters);
    counters.replaceChildren.apply(counters, shown.map(function (c) {
      var label = counterLabel(c.number, c.name);
      var paused = c.state === "paused";
      var box = el("div", "board-counter" + (c.ticket ? " is-busy" : "") + (paused ? " is-paused" : ""));
      var head = el("div", "board-counter-name");
      head.append(el("strong", "", label.main), el("span", "board-counter-sub", label.sub || c.tenant || ""));
      var value = paused ? pausedState(c)
        : el("div", "board-counter-ticket" + (c.ticket ? "" : " is-idle"), c.ticket || "—");
      box.append(head, value);
      return box;
    }));
    if (!shown.length) { counters.append(el("p", "board-empty", texts.textNoCounter)); }
    var queues = root.querySelector("[data-board-queues]");
    queues.replaceChildren.apply(queues, data.queues.map(function (q) {
      var closed = q.open_now === false;
      var box = el("div", "board-queue" + (closed ? " is-closed" : q.waiting ? "" : " is-empty"));
      box.append(el("span", "board-queue-name", q.prefix + " · " + q.name),
        el("strong", "board-queue-count", closed ? texts.textClosed : q.waiting));
      if (closed && q.next_opening) { box.append(el("span", "board-queue-note", openingText(q.next_opening))); }
      return box;
    }));
    var ticker = root.querySelector("[data-board-ticker]");
    ticker.hidden = !data.running_text;
    text("[data-board-running]", data.running_text || "");
    layout();
  }
  window.addEventListener("resize", layout);

  // ---------------------------------------------------------------- calls and sound
  function noteCalls(data, announce) {
    data.calls.slice().reverse().forEach(function (call) {
      if (state.seen[call.call_id]) { return; }
      state.seen[call.call_id] = true;
      body.dataset.lastCallId = call.call_id;
      if (!announce) { return; }
      var item = { call_id: call.call_id, number: call.number, counter: call.counter, clips: call.clips, recall: call.recall };
      state.announcements.push(item);
      state.pending.push(item);
    });
    if (state.pending.length > 6) { state.pending.splice(0, state.pending.length - 6); }
    // The board runs for weeks: keep only what is still useful.
    if (Object.keys(state.seen).length > 500) {
      state.seen = {};
      data.calls.forEach(function (call) { state.seen[call.call_id] = true; });
    }
    if (state.announcements.length > 200) { state.announcements.splice(0, state.announcements.length - 200); }
    if (state.played.length > 200) { state.played.splice(0, state.played.length - 200); }
    playNext();
  }

  function clip(name) {
    if (!clipCache[name]) {
      clipCache[name] = new Audio(audioBase + name + ".wav");
      clipCache[name].preload = "auto";
    }
    return clipCache[name];
  }

  function playClip(name) {
    return new Promise(function (resolve, reject) {
      var audio = clip(name);
      var done = false;
      var guard = window.setTimeout(finish, 6000);
      function finish() {
        if (done) { return; }
        done = true;
        window.clearTimeout(guard);
        audio.onended = null;
        audio.onerror = null;
        resolve();
      }
      audio.onended = finish;
      audio.onerror = finish;
      audio.currentTime = 0;
      audio.volume = 1;
      var playing = audio.play();
      if (playing && playing.catch) {
        playing.catch(function (error) {
          window.clearTimeout(guard);
          done = true;
          if (error && error.name === "NotAllowedError") { reject(error); } else { resolve(); }
        });
      }
    });
  }

  function speak(item) {
    return new Promise(function (resolve) {
      var voices = window.speechSynthesis.getVoices().filter(function (v) { return /^id/i.test(v.lang); });
      var utterance = new SpeechSynthesisUtterance(root.dataset.textSpeech
        .replace("{number}", item.number.split("").join(" ")).replace("{counter}", item.counter));
      utterance.lang = "id-ID";
      if (voices.length) { utterance.voice = voices[0]; }
      utterance.rate = 0.9;
      utterance.onend = resolve;
      utterance.onerror = resolve;
      window.speechSynthesis.speak(utterance);
      window.setTimeout(resolve, 12000);
    });
  }

  function playSequence(item) {
    var hasVoice = useSpeech && window.speechSynthesis.getVoices().some(function (v) { return /^id/i.test(v.lang); });
    if (hasVoice) {
      return playClip(item.clips[0]).then(function () { return speak(item); });
    }
    return item.clips.reduce(function (chain, name) {
      return chain.then(function () { return playClip(name); });
    }, Promise.resolve());
  }

  function playNext() {
    if (state.playing || !state.ready || !state.pending.length) { return; }
    var item = state.pending.shift();
    state.playing = true;
    body.dataset.announcing = "1";
    var now = root.querySelector("[data-board-now]");
    now.classList.remove("is-announcing");
    void now.offsetWidth;  // restart the flash
    now.classList.add("is-announcing");
    playSequence(item).then(function () {
      state.played.push(item.call_id);
    }, function () {
      state.pending.unshift(item);  // sound got blocked: ask for the click, keep the call
      lockSound();
    }).then(function () {
      state.playing = false;
      delete body.dataset.announcing;
      window.setTimeout(playNext, 700);
    });
  }

  function lockSound() {
    state.ready = false;
    body.dataset.audio = "locked";
    root.querySelector("[data-sound-overlay]").hidden = false;
  }

  function unlockSound() {
    state.ready = true;
    body.dataset.audio = "ready";
    root.querySelector("[data-sound-overlay]").hidden = true;
    playNext();
  }

  function probeSound() {
    // Chromium started with --autoplay-policy=no-user-gesture-required allows this at once.
    var probe = clip("chime");
    probe.volume = 0;
    var attempt = probe.play();
    if (attempt && attempt.then) {
      attempt.then(function () { probe.pause(); probe.currentTime = 0; unlockSound(); }, lockSound);
    }
  }

  root.querySelector("[data-enable-sound]").addEventListener("click", function () {
    var chime = clip("chime");
    chime.volume = 1;
    chime.currentTime = 0;
    chime.play().then(unlockSound, unlockSound);
  });

  // ---------------------------------------------------------------- polling
  function poll() {
    var headers = { "Accept": "application/json" };
    if (state.etag) { headers["If-None-Match"] = state.etag; }
    fetch(root.dataset.url, { headers: headers, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        root.querySelector("[data-board-offline]").hidden = true;
        if (response.status === 304) { return null; }
        if (response.status === 401 || response.status === 403) {
          window.setTimeout(function () { window.location.reload(); }, 30000);
          throw new Error("not allowed");
        }
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        state.etag = response.headers.get("ETag");
        return response.json();
      })
      .then(function (data) {
        state.polls += 1;
        body.dataset.polls = state.polls;
        if (data) {
          // A new day: reload once (picks up an upgraded kit and clears the old day's state).
          if (state.day && data.date !== state.day && !state.playing) { window.location.reload(); return; }
          state.day = data.date;
          render(data);
          noteCalls(data, state.loaded === true);
          state.loaded = true;
        }
      })
      .catch(function () { root.querySelector("[data-board-offline]").hidden = false; })
      .then(function () { window.setTimeout(poll, interval); });
  }

  // ---------------------------------------------------------------- clock
  function tick() {
    var now = new Date();
    text("[data-board-clock]", now.toLocaleTimeString("id-ID", { hour: "2-digit", minute: "2-digit", second: "2-digit" }));
    text("[data-board-date]", now.toLocaleDateString("id-ID", { weekday: "long", day: "numeric", month: "long", year: "numeric" }));
  }
  tick();
  window.setInterval(tick, 1000);

  try { render(JSON.parse(root.dataset.board)); } catch (error) { /* the first poll draws it */ }
  state.render = render;  // for tests: draw a board of any size
  probeSound();
  poll();
})();
