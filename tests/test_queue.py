"""Queue ticketing: issuing, calling, state changes, day end, errors (service and HTTP layers)."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from mpp_lite.extensions import db
from mpp_lite.queue import estimates, schedule, services
from mpp_lite.queue.models import Ticket
from mpp_lite.site import clock


@pytest.fixture
def admin_actor():
    from mpp_lite.auth.permissions import Actor

    return Actor(kind="user", role="admin", name="admin", id=None)


def issue(service, priority=False):
    ticket = services.issue_ticket(service.id, priority)
    db.session.commit()
    return ticket


def move_clock(monkeypatch, delta: timedelta):
    real = clock.utcnow

    monkeypatch.setattr(clock, "utcnow", lambda: real() + delta)


# ---------------------------------------------------------------------------------------------
# Issuing
# ---------------------------------------------------------------------------------------------


def test_numbers_are_prefix_and_three_digits_per_queue(seeded):
    ktp, kk, skck = seeded["services"]
    numbers = [issue(s).number for s in (ktp, kk, skck, ktp)]
    assert numbers == ["A001", "A002", "B001", "A003"]


def test_numbering_restarts_at_001_the_next_day(seeded, monkeypatch):
    ktp = seeded["services"][0]
    assert [issue(ktp).number for _ in range(3)] == ["A001", "A002", "A003"]
    move_clock(monkeypatch, timedelta(days=1))
    ticket = issue(ktp)
    assert ticket.number == "A001"
    assert ticket.day == clock.today()


def test_next_days_first_ticket_closes_yesterdays_open_tickets(seeded, monkeypatch, admin_actor):
    ktp = seeded["services"][0]
    counter = seeded["counters"][0]
    called, waiting = issue(ktp), issue(ktp)
    services.call_next(admin_actor, counter.id)
    db.session.commit()
    move_clock(monkeypatch, timedelta(days=1))
    issue(ktp)
    statuses = {
        t.number: (t.status, t.closed_reason)
        for t in db.session.scalars(db.select(Ticket).where(Ticket.day < clock.today()))
    }
    assert statuses == {called.number: ("no_show", "day_end"), waiting.number: ("cancelled", "day_end")}
    assert db.session.scalar(db.select(db.func.count(Ticket.id))) == 3  # nothing deleted


def test_closed_queue_and_quota_refuse_politely(seeded, monkeypatch):
    ktp, _kk, skck = seeded["services"]
    qa, qb = seeded["queues"]
    qa.opens_at, qa.closes_at = time(0, 0), time(0, 1)
    qb.daily_quota = 1
    db.session.commit()
    monkeypatch.setattr(clock, "utcnow", lambda: clock.datetime(2026, 3, 2, 5, 0, tzinfo=clock.timezone.utc))
    with pytest.raises(services.TicketError) as closed:
        services.issue_ticket(ktp.id)
    db.session.rollback()
    assert closed.value.kind == "conflict" and closed.value.extra["reason"] == "closed"
    assert "00.00-00.01" in closed.value.message
    issue(skck)
    with pytest.raises(services.TicketError) as full:
        services.issue_ticket(skck.id)
    db.session.rollback()
    assert full.value.kind == "conflict" and full.value.extra["reason"] == "quota"
    assert schedule.last_number(qb.id, clock.today()) == 1  # the refused number was not used up


# ---------------------------------------------------------------------------------------------
# Calling and acting
# ---------------------------------------------------------------------------------------------


def test_priority_first_then_first_come(seeded, admin_actor):
    ktp = seeded["services"][0]
    first, second = issue(ktp), issue(ktp)
    urgent = issue(ktp, priority=True)
    counter = seeded["counters"][0]
    order = []
    for _ in range(3):
        ticket = services.call_next(admin_actor, counter.id)
        order.append(ticket.number)
        services.act(admin_actor, ticket.id, "finish")
        db.session.commit()
    assert order == [urgent.number, first.number, second.number]
    assert services.call_next(admin_actor, counter.id) is None


def test_counter_serving_several_queues_calls_the_oldest(seeded, create_counter, admin_actor):
    ktp, _kk, skck = seeded["services"]
    both = create_counter(9, None, seeded["queues"])
    b1 = issue(skck)
    a1 = issue(ktp)
    assert services.call_next(admin_actor, both.id).number == b1.number
    services.act(admin_actor, b1.id, "finish")
    assert services.call_next(admin_actor, both.id).number == a1.number


def test_counter_holding_a_ticket_cannot_call_next(seeded, admin_actor):
    ktp = seeded["services"][0]
    issue(ktp), issue(ktp)
    counter = seeded["counters"][0]
    services.call_next(admin_actor, counter.id)
    with pytest.raises(services.TicketError) as busy:
        services.call_next(admin_actor, counter.id)
    assert busy.value.kind == "conflict" and "A001" in busy.value.message


def test_recall_start_finish_and_wrong_state(seeded, admin_actor):
    ktp = seeded["services"][0]
    ticket = issue(ktp)
    with pytest.raises(services.TicketError) as wrong:
        services.act(admin_actor, ticket.id, "finish")
    assert wrong.value.kind == "conflict" and wrong.value.extra["allowed"] == ["transfer"]
    services.call_next(admin_actor, seeded["counters"][0].id)
    recalled = services.act(admin_actor, ticket.id, "recall")
    assert recalled.call_count == 2 and recalled.status == "called"
    assert services.act(admin_actor, ticket.id, "start").status == "serving"
    done = services.act(admin_actor, ticket.id, "finish")
    assert done.status == "done" and done.finished_at >= done.started_at
    with pytest.raises(services.TicketError) as again:
        services.act(admin_actor, ticket.id, "recall")
    assert again.value.extra["allowed"] == []


def test_transfer_keeps_number_and_place(seeded, admin_actor):
    ktp, _kk, skck = seeded["services"]
    early = issue(ktp)
    later = issue(skck)
    services.call_next(admin_actor, seeded["counters"][0].id)
    moved = services.transfer(admin_actor, early.id, skck.id)
    db.session.commit()
    assert moved.number == "A001" and moved.queue.prefix == "B" and moved.status == "waiting"
    assert moved.issued_at == early.issued_at
    assert db.session.get(Ticket, early.id).status == "transferred"
    # It was issued before B001, so the SKCK counter calls it first.
    assert services.call_next(admin_actor, seeded["counters"][3].id).id == moved.id
    assert estimates.people_ahead(db.session.get(Ticket, later.id)) == 0
    assert services.latest_version(db.session.get(Ticket, early.id)).id == moved.id


def test_people_ahead_matches_the_order_counters_call_in(seeded, admin_actor, monkeypatch):
    """Priority first, then issue time, number, id: the place each citizen is shown is the
    place the counter calls them in, also when several tickets share an issue time."""
    ktp = seeded["services"][0]
    stamp = clock.utcnow()
    monkeypatch.setattr(clock, "utcnow", lambda: stamp)  # all issued at the same instant
    pattern = [False, True, False, False, True, False, True, False]
    tickets = [issue(ktp, priority) for priority in pattern[:4]]
    monkeypatch.setattr(clock, "utcnow", lambda: stamp + timedelta(minutes=1))
    tickets += [issue(ktp, priority) for priority in pattern[4:]]
    shown = {t.id: estimates.people_ahead(db.session.get(Ticket, t.id)) for t in tickets}
    called = []
    while (ticket := services.call_next(admin_actor, seeded["counters"][0].id)) is not None:
        called.append(ticket.id)
        services.act(admin_actor, ticket.id, "finish")
        db.session.commit()
    assert sorted(shown, key=shown.get) == called
    assert sorted(shown.values()) == list(range(len(tickets)))
    assert [n for n, t in enumerate(called) if db.session.get(Ticket, t).priority] == [0, 1, 2]


def test_call_a_specific_number_also_a_no_show(seeded, admin_actor):
    ktp = seeded["services"][0]
    first, second = issue(ktp), issue(ktp)
    counter = seeded["counters"][0]
    assert services.call_number(admin_actor, counter.id, "a002").id == second.id
    services.act(admin_actor, second.id, "no-show")
    services.call_next(admin_actor, counter.id)
    services.act(admin_actor, first.id, "finish")
    again = services.call_number(admin_actor, counter.id, "A002")
    assert again.status == "called" and again.call_count == 2
    with pytest.raises(services.TicketError) as missing:
        services.call_number(admin_actor, seeded["counters"][1].id, "A999")
    assert missing.value.kind == "not_found"


def test_estimated_wait_uses_recent_service_times(seeded, admin_actor, monkeypatch):
    ktp = seeded["services"][0]
    qa = seeded["queues"][0]
    assert estimates.recent_service_minutes(qa) == 10  # the queue's configured minutes
    # A fixed morning, so the three services never straddle the site's midnight.
    start = clock.datetime(2026, 3, 2, 2, 0, tzinfo=clock.timezone.utc)  # Monday 09:00 WIB
    for n in range(3):
        monkeypatch.setattr(clock, "utcnow", lambda n=n: start + timedelta(minutes=10 * n))
        ticket = issue(ktp)
        services.call_next(admin_actor, seeded["counters"][0].id)
        services.act(admin_actor, ticket.id, "start")
        monkeypatch.setattr(clock, "utcnow", lambda n=n: start + timedelta(minutes=10 * n + 4))
        services.act(admin_actor, ticket.id, "finish")
        db.session.commit()
    assert estimates.recent_service_minutes(qa) == pytest.approx(4)
    waiting = [issue(ktp) for _ in range(7)]
    # 6 people ahead, 4 minutes each, 3 counters serve queue A.
    assert estimates.people_ahead(waiting[-1]) == 6
    assert estimates.estimated_wait_minutes(qa, 6) == 8


def test_close_day_command(seeded, runner):
    ktp = seeded["services"][0]
    issue(ktp)
    result = runner.invoke(args=["queue", "close-day"])
    assert result.exit_code == 0, result.output
    assert "1" in result.output
    assert db.session.scalar(db.select(Ticket.status)) == "cancelled"


# ---------------------------------------------------------------------------------------------
# HTTP: the JSON API
# ---------------------------------------------------------------------------------------------


def bearer(raw):
    return {"Authorization": f"Bearer {raw}"}


def test_api_issue_and_ticket_shape(seeded, client, create_token):
    kiosk = create_token("kiosk")
    ktp = seeded["services"][0]
    response = client.post("/api/v1/tickets", json={"service_id": ktp.id, "priority": True}, headers=bearer(kiosk))
    assert response.status_code == 201
    body = response.get_json()
    for key in (
        "id",
        "number",
        "queue",
        "service_id",
        "status",
        "priority",
        "position",
        "estimated_wait_minutes",
        "counter",
        "issued_at",
        "called_at",
        "public_url",
        "pdf_url",
    ):
        assert key in body
    assert body["number"] == "A001" and body["status"] == "waiting" and body["priority"] is True
    assert body["position"] == 1 and body["public_url"].startswith("http://localhost/t/")
    assert body["pdf_url"].endswith("/tiket.pdf")
    assert "+07:00" in body["issued_at"]


def test_api_errors_never_500(seeded, client, create_token, create_user):
    kiosk = create_token("kiosk")
    dukcapil, polres = seeded["tenants"]
    op_polres = create_token("operator", tenant=polres)
    display = create_token("display")
    ktp = seeded["services"][0]
    assert client.post("/api/v1/tickets", json={"service_id": 9999}, headers=bearer(kiosk)).status_code == 404
    assert client.post("/api/v1/tickets", json={"service_id": "x"}, headers=bearer(kiosk)).status_code == 422
    assert client.post("/api/v1/tickets", json={"service_id": ktp.id}).status_code == 401
    assert client.post("/api/v1/tickets", json={"service_id": ktp.id}, headers=bearer(display)).status_code == 403
    assert client.post("/api/v1/counters/9999/call-next", headers=bearer(op_polres)).status_code == 404
    other = client.post(f"/api/v1/counters/{seeded['counters'][0].id}/call-next", headers=bearer(op_polres))
    assert other.status_code == 403 and other.get_json()["error"]["code"] == "other_tenant"
    ticket = client.post("/api/v1/tickets", json={"service_id": ktp.id}, headers=bearer(kiosk)).get_json()
    op_dukcapil = create_token("operator", name="op dukcapil", tenant=dukcapil)
    wrong = client.post(f"/api/v1/tickets/{ticket['id']}/finish", headers=bearer(op_dukcapil))
    assert wrong.status_code == 409
    error = wrong.get_json()["error"]
    assert error["allowed"] == ["transfer"] and error["fields"] == {}
    assert client.post("/api/v1/tickets/9999/recall", headers=bearer(op_dukcapil)).status_code == 404
    assert (
        client.post(
            f"/api/v1/tickets/{ticket['id']}/transfer", json={"service_id": 9999}, headers=bearer(op_dukcapil)
        ).status_code
        == 404
    )


def test_api_call_next_200_204_409(seeded, client, create_token):
    kiosk = create_token("kiosk")
    op = create_token("operator", tenant=seeded["tenants"][0])
    counter = seeded["counters"][0]
    assert client.post(f"/api/v1/counters/{counter.id}/call-next", headers=bearer(op)).status_code == 204
    client.post("/api/v1/tickets", json={"service_id": seeded["services"][0].id}, headers=bearer(kiosk))
    client.post("/api/v1/tickets", json={"service_id": seeded["services"][0].id}, headers=bearer(kiosk))
    called = client.post(f"/api/v1/counters/{counter.id}/call-next", headers=bearer(op))
    assert called.status_code == 200 and called.get_json()["number"] == "A001" and called.get_json()["counter"] == 1
    busy = client.post(f"/api/v1/counters/{counter.id}/call-next", headers=bearer(op))
    assert busy.status_code == 409 and busy.get_json()["error"]["ticket"]["number"] == "A001"
    ticket_id = called.get_json()["id"]
    for action, status in (("recall", "called"), ("start", "serving"), ("finish", "done")):
        response = client.post(f"/api/v1/tickets/{ticket_id}/{action}", headers=bearer(op))
        assert response.status_code == 200 and response.get_json()["status"] == status


def test_api_display_etag_and_no_personal_data(seeded, client, create_token):
    kiosk, display, op = (
        create_token("kiosk"),
        create_token("display"),
        create_token("operator", tenant=seeded["tenants"][0]),
    )
    assert client.get("/api/v1/display").status_code == 401
    assert client.get("/api/v1/display", headers=bearer(kiosk)).status_code == 403
    first = client.get("/api/v1/display", headers=bearer(display))
    assert first.status_code == 200 and first.headers["ETag"]
    etag = first.headers["ETag"]
    same = client.get("/api/v1/display", headers={**bearer(display), "If-None-Match": etag})
    assert same.status_code == 304 and same.data == b""
    client.post("/api/v1/tickets", json={"service_id": seeded["services"][0].id}, headers=bearer(kiosk))
    changed = client.get("/api/v1/display", headers={**bearer(display), "If-None-Match": etag})
    assert changed.status_code == 200
    assert {q["prefix"]: q["waiting"] for q in changed.get_json()["queues"]} == {"A": 1, "B": 0}
    etag = changed.headers["ETag"]
    client.post(f"/api/v1/counters/{seeded['counters'][2].id}/call-next", headers=bearer(op))
    board = client.get("/api/v1/display", headers={**bearer(display), "If-None-Match": etag}).get_json()
    call = board["calls"][0]
    assert call["number"] == "A001" and call["counter"] == 3 and call["call_id"].endswith(".1")
    assert call["clips"][-1] == "angka-3"
    ticket_id = call["ticket_id"]
    client.post(f"/api/v1/tickets/{ticket_id}/recall", headers=bearer(op))
    again = client.get("/api/v1/display", headers=bearer(display)).get_json()
    assert again["calls"][0]["call_id"] == f"{ticket_id}.2" and again["calls"][0]["recall"] is True
    assert {"name", "nik", "phone"}.isdisjoint(again["calls"][0])


def test_operator_issues_only_for_own_tenant(seeded, client, create_token):
    op = create_token("operator", tenant=seeded["tenants"][0])
    ktp, _kk, skck = seeded["services"]
    assert client.post("/api/v1/tickets", json={"service_id": ktp.id}, headers=bearer(op)).status_code == 201
    other = client.post("/api/v1/tickets", json={"service_id": skck.id}, headers=bearer(op))
    assert other.status_code == 403 and other.get_json()["error"]["code"] == "other_tenant"


def test_board_changes_when_a_counter_or_the_running_text_changes(seeded, client, create_token):
    from mpp_lite.site.services import update_settings

    display = bearer(create_token("display"))
    etag = client.get("/api/v1/display", headers=display).headers["ETag"]
    seeded["counters"][0].name = "Loket 1 (KTP-el)"
    db.session.commit()
    renamed = client.get("/api/v1/display", headers={**display, "If-None-Match": etag})
    assert renamed.status_code == 200
    assert renamed.get_json()["counters"][0]["name"] == "Loket 1 (KTP-el)"
    update_settings({"running_text": "Selamat datang di MPP"})
    db.session.commit()
    board = client.get("/api/v1/display", headers={**display, "If-None-Match": renamed.headers["ETag"]})
    assert board.status_code == 200 and board.get_json()["running_text"] == "Selamat datang di MPP"


def test_absurd_ids_are_404_not_500(seeded, client, create_token, create_user, login):
    admin = bearer(create_token("admin"))
    huge = 10**30
    assert client.post("/api/v1/tickets", json={"service_id": huge}, headers=admin).status_code in (404, 422)
    assert client.post("/api/v1/tickets", json={"service_id": 2**40}, headers=admin).status_code == 404
    assert client.post(f"/api/v1/counters/{huge}/call-next", headers=admin).status_code == 404
    assert client.post(f"/api/v1/tickets/{huge}/finish", headers=admin).status_code == 404
    assert client.get(f"/api/v1/tickets/{huge}", headers=admin).status_code == 404
    staff = login(create_user("boss", "admin"))
    assert staff.post(f"/admin/perangkat/{huge}/cabut").status_code == 404
    assert staff.get(f"/counter/{huge}").status_code == 404


def test_api_closed_and_full_queue_answer_409_with_reason(seeded, client, create_token, monkeypatch):
    kiosk = bearer(create_token("kiosk"))
    ktp, _kk, skck = seeded["services"]
    qa, qb = seeded["queues"]
    qa.opens_at, qa.closes_at = time(8, 0), time(15, 0)
    qb.daily_quota = 1
    db.session.commit()
    evening = clock.datetime(2026, 3, 2, 10, 30, tzinfo=clock.timezone.utc)  # 17.30 in Jakarta
    monkeypatch.setattr(clock, "utcnow", lambda: evening)
    closed = client.post("/api/v1/tickets", json={"service_id": ktp.id}, headers=kiosk)
    assert closed.status_code == 409
    error = closed.get_json()["error"]
    assert error["reason"] == "closed" and error["opening_hours"] == "08.00-15.00" and "08.00-15.00" in error["message"]
    assert client.post("/api/v1/tickets", json={"service_id": skck.id}, headers=kiosk).status_code == 201
    full = client.post("/api/v1/tickets", json={"service_id": skck.id}, headers=kiosk)
    assert full.status_code == 409 and full.get_json()["error"]["reason"] == "quota"
    assert "kuota" in full.get_json()["error"]["message"].lower()


def test_pair_and_status_commands(seeded, runner):
    import re

    from mpp_lite.queue.devices import redeem_code

    paired = runner.invoke(args=["queue", "pair", "--name", "Kiosk lobby", "--role", "kiosk"])
    assert paired.exit_code == 0, paired.output
    code = re.search(r"kode=([0-9A-Z]{4}-[0-9A-Z]{4})", paired.output).group(1)
    token, _raw = redeem_code(code)
    assert token.name == "Kiosk lobby" and token.role == "kiosk"
    db.session.commit()
    issue(seeded["services"][0]), issue(seeded["services"][0])
    status = runner.invoke(args=["queue", "status"])
    assert status.exit_code == 0
    line = next(row for row in status.output.splitlines() if row.startswith("A "))
    assert line.split()[-4:] == ["2", "0", "0", "0"]
