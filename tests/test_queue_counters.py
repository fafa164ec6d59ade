"""Counter sessions, the honest wait estimate and priority groups with their calling policies
(issue "A day at the MPP"): what counter staff and waiting citizens notice."""

from zoneinfo import ZoneInfo

import pytest
from conftest import bearer

from mpp_lite.auth.permissions import Actor
from mpp_lite.extensions import db
from mpp_lite.queue import counters, estimates, serialise, services
from mpp_lite.queue.models import CounterEvent, Ticket

JAKARTA = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def operator(seeded, create_user):
    user = create_user("op_dukcapil", "operator", seeded["tenants"][0])
    return Actor(kind="user", role="operator", name=user.username, id=user.id, tenant_id=user.tenant_id)


def issue(service, priority=False, group=None):
    ticket = services.issue_ticket(service.id, priority, priority_group=group)
    db.session.commit()
    return ticket


def test_four_counters_one_open_twelve_waiting_about_two_hours(seeded, operator, create_counter, at):
    at("2026-12-07T09:00")
    dukcapil, qa, ktp = seeded["tenants"][0], seeded["queues"][0], seeded["services"][0]
    sixth = create_counter(6, dukcapil, [qa])  # four counters serve A: 1, 2, 3 and 6
    for counter in seeded["counters"][:3]:
        counters.close_counter(operator, counter.id)
    counters.open_counter(operator, sixth.id)
    db.session.commit()
    assert estimates.serving_counters(qa) == 1  # counter 6 only
    tickets = [issue(ktp) for _ in range(13)]
    thirteenth = serialise.ticket_json(tickets[-1])
    assert thirteenth["people_ahead"] == 12
    assert thirteenth["estimated_wait_minutes"] == 120  # not 30: one counter, not four
    assert thirteenth["estimated_wait"] == {"low_minutes": 110, "high_minutes": 130}


def test_no_counter_open_gives_no_number_but_the_next_opening(seeded, operator, client, create_token, at):
    admin = bearer(create_token("admin"))
    qa, ktp = seeded["queues"][0], seeded["services"][0]
    week = {d: [["08:00", "15:00"]] for d in ("mon", "tue", "wed", "thu", "fri")} | {"sat": [], "sun": []}
    assert client.put(f"/api/v1/queues/{qa.id}/schedule", json={"week": week}, headers=admin).status_code == 200
    at("2026-12-07T09:00")
    for counter in seeded["counters"][:3]:
        counters.close_counter(operator, counter.id)
    db.session.commit()
    issue(ktp)
    body = serialise.ticket_json(issue(ktp))
    assert body["estimated_wait_minutes"] is None and body["estimated_wait"] is None
    assert body["estimated_wait_text"] == "Belum ada loket yang melayani antrean ini"
    page = client.get(f"/t/{body['public_url'].rsplit('/', 1)[-1]}").get_data(as_text=True)
    assert "Belum ada loket yang melayani antrean ini" in page


def test_a_paused_counter_counts_from_its_expected_return(seeded, operator, at):
    at("2026-12-07T10:00")
    ktp = seeded["services"][0]
    first, second, third = seeded["counters"][:3]
    counters.close_counter(operator, second.id)
    counters.close_counter(operator, third.id)
    counters.pause_counter(operator, first.id, "istirahat", "10:30")
    db.session.commit()
    tickets = [issue(ktp) for _ in range(4)]
    # Back at 10.30, then 10 minutes a citizen: three ahead of the fourth -> 30 + 30 minutes.
    assert serialise.ticket_json(tickets[-1])["estimated_wait_minutes"] == 60


def test_a_paused_counter_cannot_call_and_one_holding_a_ticket_cannot_pause(seeded, operator, at):
    at("2026-12-07T10:00")
    ktp, counter = seeded["services"][0], seeded["counters"][0]
    issue(ktp), issue(ktp)
    counters.open_counter(operator, counter.id)
    called = services.call_next(operator, counter.id)
    db.session.commit()
    with pytest.raises(services.TicketError) as busy:
        counters.pause_counter(operator, counter.id, "salat", "12:30")
    assert busy.value.kind == "conflict" and called.number in busy.value.message
    assert busy.value.extra["allowed"] == ["finish", "no-show", "transfer"]
    services.act(operator, called.id, "finish")
    counters.pause_counter(operator, counter.id, "salat", "12:30")
    db.session.commit()
    with pytest.raises(Exception) as refused:
        services.call_next(operator, counter.id)
    assert refused.value.kind == "conflict" and refused.value.extra["allowed"] == ["resume", "close"]
    assert "salat" in refused.value.message
    counters.resume_counter(operator, counter.id)
    assert services.call_next(operator, counter.id) is not None
    db.session.commit()
    states = [e.state for e in db.session.scalars(db.select(CounterEvent).order_by(CounterEvent.id))]
    assert states == ["open", "paused", "open"]
    event = db.session.scalars(db.select(CounterEvent).where(CounterEvent.state == "paused")).one()
    assert event.reason == "salat" and event.actor == "op_dukcapil"
    assert event.back_at.astimezone(JAKARTA).strftime("%H:%M") == "12:30"


def test_a_session_ends_with_the_day(seeded, operator, at, runner):
    counter = seeded["counters"][0]
    at("2026-12-07T08:00")
    counters.open_counter(operator, counter.id)
    db.session.commit()
    assert counters.state_of(counter) == "open"
    at("2026-12-08T07:55")
    assert counters.state_of(counter) == "closed"
    result = runner.invoke(args=["queue", "close-day", "--date", "2026-12-07"])
    assert result.exit_code == 0 and "1 open counter(s)" in result.output


def test_counter_api_states_refusals_and_other_tenants(seeded, client, create_token, at):
    at("2026-12-07T09:00")
    dukcapil, polres = seeded["tenants"]
    op = bearer(create_token("operator", tenant=dukcapil))
    counter = seeded["counters"][0]
    other = seeded["counters"][3]  # Polres
    opened = client.post(f"/api/v1/counters/{counter.id}/open", headers=op)
    assert opened.status_code == 200 and opened.get_json()["state"] == "open"
    assert client.post(f"/api/v1/counters/{other.id}/open", headers=op).status_code == 403
    unknown = client.post(f"/api/v1/counters/{counter.id}/pause", json={"reason": "ngopi"}, headers=op)
    assert unknown.status_code == 422 and "reason" in unknown.get_json()["error"]["fields"]
    paused = client.post(
        f"/api/v1/counters/{counter.id}/pause", json={"reason": "istirahat", "back_at": "13:00"}, headers=op
    )
    body = paused.get_json()
    assert paused.status_code == 200 and body["state"] == "paused" and body["pause_reason"] == "istirahat"
    assert body["back_at"] == "2026-12-07T13:00+07:00"
    refused = client.post(f"/api/v1/counters/{counter.id}/call-next", headers=op)
    assert refused.status_code == 409 and refused.get_json()["error"]["allowed"] == ["resume", "close"]
    assert client.post(f"/api/v1/counters/{counter.id}/resume", headers=op).get_json()["state"] == "open"
    listed = {c["number"]: c for c in client.get("/api/v1/counters", headers=op).get_json()["items"]}
    assert listed[1]["state"] == "open" and listed[1]["operator"]


def test_priority_group_is_kept_and_unknown_groups_are_refused(seeded, client, create_token, at):
    at("2026-12-07T09:00")
    kiosk = bearer(create_token("kiosk"))
    ktp = seeded["services"][0]
    made = client.post("/api/v1/tickets", json={"service_id": ktp.id, "priority_group": "lansia"}, headers=kiosk)
    assert made.status_code == 201
    assert made.get_json()["priority"] is True and made.get_json()["priority_group"] == "lansia"
    bad = client.post("/api/v1/tickets", json={"service_id": ktp.id, "priority_group": "vip"}, headers=kiosk)
    assert bad.status_code == 422
    assert "lansia, disabilitas, ibu_hamil, anak" in bad.get_json()["error"]["fields"]["priority_group"]


def _waiting_mix(seeded, at):
    ktp = seeded["services"][0]
    at("2026-12-07T08:00")
    for minute in range(30):
        at(f"2026-12-07T08:{minute:02d}")
        issue(ktp)
        issue(ktp, group="lansia")


def _set_policy(seeded, client, create_token, policy, ratio=None):
    admin = bearer(create_token("admin"))
    week = {d: [["00:00", "24:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    response = client.put(
        f"/api/v1/queues/{seeded['queues'][0].id}/schedule",
        json={"week": week, "policy": policy, "interleave_ratio": ratio},
        headers=admin,
    )
    assert response.status_code == 200, response.get_json()


def _call_thirty(seeded, operator, at):
    counter = seeded["counters"][0]
    at("2026-12-07T09:00")
    order = []
    for step in range(30):
        at(f"2026-12-07T09:{step:02d}")
        ticket = services.call_next(operator, counter.id)
        services.act(operator, ticket.id, "finish")
        db.session.commit()
        order.append("P" if ticket.priority else "O")
    return "".join(order)


def test_interleave_one_priority_after_every_two_ordinary(seeded, operator, client, create_token, at):
    _set_policy(seeded, client, create_token, "interleave", 2)
    _waiting_mix(seeded, at)
    order = _call_thirty(seeded, operator, at)
    assert order == "OOP" * 10
    assert order.count("P") == 10 and order.count("O") == 20


def test_strict_still_calls_every_priority_ticket_first(seeded, operator, at):
    _waiting_mix(seeded, at)
    assert _call_thirty(seeded, operator, at) == "P" * 30


def test_dedicated_only_priority_counters_call_priority_first(seeded, operator, client, create_token, at):
    _set_policy(seeded, client, create_token, "dedicated")
    _waiting_mix(seeded, at)
    at("2026-12-07T09:00")
    ordinary, dedicated = seeded["counters"][0], seeded["counters"][1]
    dedicated.priority_counter = True
    db.session.commit()
    first = services.call_next(operator, ordinary.id)
    assert not first.priority  # arrival order: the 08.00 ordinary ticket came first
    second = services.call_next(operator, dedicated.id)
    assert second.priority
    assert (
        db.session.scalar(db.select(db.func.count()).select_from(Ticket).where(Ticket.priority_group == "lansia")) == 30
    )


def test_the_console_opens_pauses_and_resumes(seeded, client, create_user, login, at):
    at("2026-12-07T09:00")
    user = create_user("op_dukcapil", "operator", seeded["tenants"][0])
    login(user)
    counter = seeded["counters"][0]
    issue(seeded["services"][0])
    url = f"/counter/{counter.id}/aksi"
    closed = client.post(url, data={"action": "close"}).get_data(as_text=True)
    assert "Loket tutup" in closed and "Buka loket" in closed
    refused = client.post(url, data={"action": "call-next"}).get_data(as_text=True)
    assert "Loket 1 tutup: buka loket sebelum memanggil" in refused
    opened = client.post(url, data={"action": "open"}).get_data(as_text=True)
    assert "Loket buka" in opened and "oleh op_dukcapil" in opened
    paused = client.post(url, data={"action": "pause", "reason": "salat", "back_at": "12:30"}).get_data(as_text=True)
    assert "Jeda: salat" in paused and "12.30" in paused and "Lanjutkan" in paused
    chooser = client.get("/counter?ganti=1").get_data(as_text=True)
    assert "Jeda: salat" in chooser and "oleh op_dukcapil" in chooser
    resumed = client.post(url, data={"action": "resume"}).get_data(as_text=True)
    assert "Selamat datang kembali" in resumed
    called = client.post(url, data={"action": "call-next"}).get_data(as_text=True)
    assert "A001" in called
    busy = client.post(url, data={"action": "pause", "reason": "rapat"}).get_data(as_text=True)
    assert "masih memegang A001" in busy


def test_supervisor_figures_open_time_pauses_and_groups(seeded, operator, client, create_user, login, at):
    counter = seeded["counters"][0]
    ktp = seeded["services"][0]
    at("2026-12-07T08:00")
    counters.open_counter(operator, counter.id)
    issue(ktp, group="lansia"), issue(ktp)
    db.session.commit()
    at("2026-12-07T09:00")
    for _step in range(2):
        ticket = services.call_next(operator, counter.id)
        services.act(operator, ticket.id, "finish")
    counters.pause_counter(operator, counter.id, "istirahat", "12:30")
    db.session.commit()
    at("2026-12-07T09:30")
    counters.resume_counter(operator, counter.id)
    db.session.commit()
    at("2026-12-07T10:00")
    counters.close_counter(operator, counter.id)
    db.session.commit()
    at("2026-12-08T09:00")
    login(create_user("supervisor1", "supervisor"))
    summary = client.get("/api/v1/reports/summary?from=2026-12-07&to=2026-12-07", headers={}).get_json()
    row = next(r for r in summary["throughput"]["counters"] if r["name"].startswith("1 "))
    assert row["open_minutes"] == 90 and row["pause_minutes"] == {"istirahat": 30}
    assert row["served"] == 2 and row["per_open_hour"] == 1.3
    operator_row = next(r for r in summary["throughput"]["operators"] if r["name"] == "op_dukcapil")
    assert operator_row["open_minutes"] == 90
    groups = {r["group"]: r for r in summary["priority_groups"]}
    assert groups["lansia"]["issued"] == 1 and groups["lansia"]["served"] == 1
    assert groups["ordinary"]["issued"] == 1
    csv = client.get("/dashboard/ekspor/counter_sessions.csv?from=2026-12-07&to=2026-12-07").get_data(as_text=True)
    assert "istirahat 30" in csv
    page = client.get("/dashboard?from=2026-12-07&to=2026-12-07").get_data(as_text=True)
    assert "Waktu buka dan jeda loket" in page and "Kelompok prioritas" in page
    assert "istirahat 30" in page and "Lansia" in page  # labels, not codes
    from io import BytesIO

    from pypdf import PdfReader

    pdf = client.get("/dashboard/laporan-bulanan.pdf?bulan=2026-12")
    assert pdf.status_code == 200
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf.data)).pages)
    assert "6. Loket, petugas dan kelompok prioritas" in text
    assert "op_dukcapil" in text and "istirahat 30" in text and "Lansia" in text


def test_the_board_shows_each_counters_state_and_a_closed_queues_next_opening(
    seeded, operator, client, create_token, at
):
    admin, display = bearer(create_token("admin")), bearer(create_token("display"))
    week = {d: [["08:00", "15:00"]] for d in ("mon", "tue", "wed", "thu")} | {
        "fri": [["08:00", "11:00"], ["13:00", "15:00"]],
        "sat": [],
        "sun": [],
    }
    qa = seeded["queues"][0]
    assert client.put(f"/api/v1/queues/{qa.id}/schedule", json={"week": week}, headers=admin).status_code == 200
    at("2026-12-11T11:30")  # Friday prayers
    first, second = seeded["counters"][:2]
    counters.pause_counter(operator, first.id, "salat", "13:00")
    counters.close_counter(operator, second.id)
    db.session.commit()
    board = client.get("/api/v1/display", headers=display).get_json()
    by_number = {c["number"]: c for c in board["counters"]}
    assert by_number[1]["state"] == "paused" and by_number[1]["pause_reason"] == "salat"
    assert by_number[1]["back_at"].startswith("2026-12-11T13:00")
    assert by_number[2]["state"] == "closed" and by_number[3]["state"] == "open"
    queues = {q["prefix"]: q for q in board["queues"]}
    assert queues["A"]["open_now"] is False and queues["A"]["next_opening"].startswith("2026-12-11T13:00")
    assert queues["B"]["open_now"] is True


def test_a_call_reads_the_next_ticket_from_the_calling_order_index(seeded, operator, at):
    """With hundreds waiting, a call must not sort the waiting line while it holds the write
    lock: its pick reads the first entry of ix_tickets_calling (the database's plan says so)."""
    from sqlalchemy import event

    at("2026-12-07T09:00")
    ktp, counter = seeded["services"][0], seeded["counters"][0]
    for _ in range(300):  # a busy morning: enough that PostgreSQL's planner weighs a sort
        services.issue_ticket(ktp.id, False)
    issue(ktp, priority=True, group="lansia")
    if db.engine.dialect.name == "postgresql":
        db.session.execute(db.text("ANALYZE tickets"))
    seen = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("UPDATE TICKETS"):
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        called = services.call_next(operator, counter.id)
        db.session.commit()
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    assert called.priority_group == "lansia"  # the order itself is unchanged: priority first
    [(statement, parameters)] = seen
    connection = db.session.connection()
    if db.engine.dialect.name == "postgresql":
        plan = " ".join(connection.exec_driver_sql("EXPLAIN " + statement, parameters).scalars())
        assert "ix_tickets_calling" in plan and "Sort" not in plan, plan
        return
    plan = [row[3] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)]
    assert any("ix_tickets_calling" in step for step in plan), plan
    assert not any("TEMP B-TREE" in step for step in plan), plan
