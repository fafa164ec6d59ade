"""The hall's TV board: one 16:9 screen read from 10 m, whatever the size of the MPP."""

from __future__ import annotations

import pytest

from browser.checks import english_on_page
from browser.journeys import display_page
from browser.support import device_token

pytestmark = pytest.mark.browser

SCREENS = [(1920, 1080), (1366, 768), (1280, 720)]
DISPLAY_ENGLISH = ("Queue number", "Latest calls", "At the counters", "Waiting", "No call yet", "Counter ")

# Everything drawn on the board lies inside the window, and every box's text inside its box
# (the running text scrolls by on purpose and is left out). Answers what does not fit.
OUT_OF_PLACE = """() => {
  const width = window.innerWidth, height = window.innerHeight, wrong = [];
  const doc = document.documentElement;
  if (doc.scrollHeight > height || doc.scrollWidth > width) {
    wrong.push(`document is ${doc.scrollWidth}x${doc.scrollHeight}`);
  }
  const name = (node) => node.className || node.tagName;
  const visible = (node) => !node.closest('[hidden], .board-ticker, .board-overlay, .board-offline');
  for (const node of document.querySelectorAll('#board *')) {
    if (!visible(node)) continue;
    const r = node.getBoundingClientRect();
    if (!r.width && !r.height) continue;
    if (r.top < -1 || r.left < -1 || r.bottom > height + 1 || r.right > width + 1) {
      const at = `${Math.round(r.left)},${Math.round(r.top)}-${Math.round(r.right)},${Math.round(r.bottom)}`;
      wrong.push(`${name(node)} "${node.textContent.slice(0, 20)}" at ${at}`);
    }
  }
  for (const box of document.querySelectorAll('.board-now, .board-calls li, .board-counter, .board-queue')) {
    const outer = box.getBoundingClientRect();
    for (const node of box.querySelectorAll('*')) {
      const r = node.getBoundingClientRect();
      if (!r.width && !r.height) continue;
      if (r.top < outer.top - 1 || r.bottom > outer.bottom + 1
          || r.left < outer.left - 1 || r.right > outer.right + 1) {
        wrong.push(`${name(node)} "${node.textContent.slice(0, 20)}" sticks out of ${name(box)}`);
      }
    }
  }
  const numbers = '.board-now-number, .board-counter-ticket, .board-queue-count, .board-queue-note, '
    + '.board-call-number, .board-counter-name strong, .board-counter-state';
  for (const number of document.querySelectorAll(numbers)) {
    if (number.scrollWidth > number.clientWidth + 1) wrong.push(`${name(number)} "${number.textContent}" is cut`);
  }
  return wrong;
}"""

# The smallest numbers (tickets, waiting counts) and counter names, as shares of the window's height.
SMALLEST_TEXT = """() => {
  const smallest = (selector) => Math.min(...[...document.querySelectorAll(selector)]
    .map((node) => parseFloat(getComputedStyle(node).fontSize))) / window.innerHeight;
  return {
    numbers: smallest(
      '.board-counter-ticket:not(.is-idle), .board-queue:not(.is-closed) .board-queue-count, .board-call-number'
    ),
    names: smallest('.board-counter-name strong, .board-call-counter'),
  };
}"""


PAUSES = ["salat", "gangguan", "istirahat", "rapat", "lainnya", None]


def fake_board(counters: int, queues: int) -> dict:
    """A board of any size (the demo has 22 counters and 10 queues), drawn by the page's own code."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return {
        "mpp_name": "Mal Pelayanan Publik Kabupaten Sukamaju",
        "running_text": "Selamat datang",
        "date": "2026-12-07",
        "calls": [
            {
                "call_id": f"{n}.1",
                "number": f"{letters[n % queues]}{100 + n}",
                "counter": n + 1,
                "counter_name": f"Loket {n + 1} Perizinan Berusaha",
                "queue": letters[n % queues],
            }
            for n in range(6)
        ],
        "counters": [
            {
                "number": n + 1,
                "name": f"Loket {n + 1} Perizinan Berusaha",
                "tenant": "DPMPTSP",
                "ticket": f"{letters[n % queues]}{100 + n}" if n % 3 else None,
                **(
                    {
                        "state": "paused",
                        "pause_reason": PAUSES[n // 7 % len(PAUSES)],
                        "back_at": "2026-12-07T13:00:00+07:00" if n // 7 % 2 == 0 else None,
                    }
                    if n % 7 == 3
                    else {"state": "closed"}
                    if n % 11 == 5
                    else {}
                ),
            }
            for n in range(counters)
        ],
        "queues": [
            {
                "prefix": letters[n],
                "name": f"Layanan {letters[n]} Kependudukan",
                "waiting": 120 + n,
                **({"open_now": False, "next_opening": "2026-12-28T08:00:00+07:00"} if n == 1 else {}),
            }
            for n in range(queues)
        ],
    }


def test_display_fits_every_16_9_screen_with_22_counters_10_queues_and_5_calls(fresh_site, open_page, recorder):
    admin = device_token(fresh_site, "admin", "Skrip loket")
    kiosk = device_token(fresh_site, "kiosk", "Kiosk skrip")
    board = display_page(fresh_site, open_page)
    board.locator("[data-enable-sound]").click()  # the overlay asks for a click once; the TV stays on
    api = board.request
    services = {}
    for service in api.get("/api/v1/services").json()["items"]:
        services.setdefault(service["queue_prefix"], service["id"])
    assert len(services) == 10
    for service_id in services.values():  # a few people wait in every queue
        for _ in range(3):
            issued = api.post(
                "/api/v1/tickets", data={"service_id": service_id}, headers={"Authorization": f"Bearer {kiosk}"}
            )
            assert issued.status == 201, issued.text()
    counters = api.get("/api/v1/counters", headers={"Authorization": f"Bearer {admin}"}).json()["items"]
    assert len(counters) == 22
    called = []
    for prefix in "ABCDEF":  # six calls: the one being called now and five latest calls
        counter = next(c for c in counters if c["queue_prefixes"] == [prefix])
        answer = api.post(f"/api/v1/counters/{counter['id']}/call-next", headers={"Authorization": f"Bearer {admin}"})
        assert answer.status == 200, answer.text()
        called.append(answer.json()["number"])
    board.wait_for_function(
        "(n) => document.querySelector('[data-now-number]').textContent === n"
        " && document.querySelectorAll('[data-board-calls] li').length === 5",
        arg=called[-1],
    )
    assert english_on_page(board, DISPLAY_ENGLISH) == []
    # the counter is named as the console names it: "Loket 15", then the rest of its name
    assert (counter["number"], counter["name"]) == (15, "Loket 15 KPP Pratama")
    assert board.locator("[data-now-counter]").inner_text() == "Loket 15"
    assert board.locator("[data-now-name]").inner_text() == "KPP Pratama"
    assert board.locator(".board-counter").count() == 22

    for width, height in SCREENS:
        board.set_viewport_size({"width": width, "height": height})
        board.wait_for_function("(w) => window.innerWidth === w", arg=width)
        recorder.shot(board, f"display-{width}x{height}")
        assert board.evaluate(OUT_OF_PLACE) == [], f"at {width}x{height}"
        # from 10 m: numbers at least 4 % of the screen's height (43 px at 1080), counter names 2.5 %
        smallest = board.evaluate(SMALLEST_TEXT)
        assert smallest["numbers"] >= 0.04 and smallest["names"] >= 0.025, (width, height, smallest)


@pytest.mark.parametrize(("counters", "queues"), [(0, 5), (1, 1), (8, 3), (40, 15)])
def test_display_fits_any_size_of_mpp(site, open_page, recorder, counters, queues):
    board = display_page(site, open_page)
    board.locator("[data-enable-sound]").click()
    # The board's own polls answer "unchanged" from here on, or a turning minute (a new ETag) would
    # draw the real board over the one this test lays out.
    board.route("**/api/v1/display*", lambda route: route.fulfill(status=304))
    data = fake_board(counters, queues)
    board.evaluate("(data) => window.MPPDisplay.render(data)", data)
    # closed counters are left off the board; open and paused ones stay
    shown = [c["number"] for c in data["counters"] if c.get("state") != "closed"]
    assert board.locator(".board-counter strong").all_inner_texts() == [f"Loket {n}" for n in shown]
    if not shown:  # early in the morning: say so rather than draw an empty panel
        assert board.locator(".board-empty").inner_text() == "Belum ada loket yang buka"
    for width, height in SCREENS:
        board.set_viewport_size({"width": width, "height": height})
        board.wait_for_function("(w) => window.innerWidth === w", arg=width)
        recorder.shot(board, f"display-{counters}-counters-{queues}-queues-{width}x{height}")
        assert board.evaluate(OUT_OF_PLACE) == [], f"at {width}x{height}"
        smallest = board.evaluate(SMALLEST_TEXT)  # 40 counters on one screen: smaller, still legible
        assert smallest["numbers"] >= 0.03 and smallest["names"] >= 0.018, (width, height, smallest)
    # a closed queue says so and when it opens again, instead of a waiting count
    if queues >= 2:
        closed = board.locator(".board-queue.is-closed")
        assert closed.count() == 1
        assert closed.inner_text().split("\n")[1:] == ["Tutup", "buka 28/12 08.00"]
    # a paused counter says why and until when; it keeps its place on the board
    if counters >= 4:
        paused = board.locator(".board-counter.is-paused")
        assert paused.first.locator(".board-counter-state").inner_text().split("\n") == ["Salat", "sampai 13.00"]
        if counters >= 11:
            assert paused.nth(1).locator(".board-counter-state").inner_text() == "Gangguan sistem"
