"""Push: signed batches to the reference receiver, retries, dead letters, the lock, exit codes."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import pytest
from live import free_port
from sync_fixtures import (
    NIK,
    PHONE,
    SECRET,
    FaultProxy,
    ReceiverThread,
    add_endpoint,
    make_application,
    make_complaint,
    make_survey,
    make_ticket,
    set_site,
    validate_batch,
)

from mpp_lite.extensions import db
from mpp_lite.site import clock
from mpp_lite.sync import services
from mpp_lite.sync.models import OutboxRow, SyncDelivery
from mpp_lite.sync.push import PushLocked, push


def states(endpoint_name="provinsi") -> dict[str, int]:
    rows = db.session.execute(
        db.select(SyncDelivery.state, db.func.count())
        .join(SyncDelivery.endpoint)
        .where(SyncDelivery.endpoint.has(name=endpoint_name))
        .group_by(SyncDelivery.state)
    )
    return dict(rows.all())


@pytest.fixture
def site(app):
    set_site()
    app.config.update(SYNC_TIMEOUT=5, SYNC_BACKOFF_BASE=0.0, SYNC_BACKOFF_CAP=0.0)
    return app


def test_push_sends_the_latest_version_of_each_record_signed_and_schema_valid(seeded, site, receiver):
    ktp = seeded["services"][0]
    add_endpoint(receiver.url, batch_size=2)
    ticket = make_ticket(ktp, seeded["queues"][0], 1)
    application = make_application(ktp, 1)
    make_survey(ktp)
    make_complaint(ktp, 1)
    db.session.commit()
    ticket.status = "called"
    db.session.commit()
    ticket.status = "done"
    db.session.commit()
    result = push()
    assert result.exit_code == 0
    stored = receiver.records()
    assert stored[ticket.uid]["version"] == 3 and stored[ticket.uid]["data"]["status"] == "done"
    assert stored[application.uid]["data"]["applicant_name"] == "Bu** Sa*****"
    assert {r["type"] for r in stored.values()} == {"ticket", "application", "survey", "complaint", "service"}
    # Only the latest version left the PC: versions 1 and 2 of the ticket were superseded.
    assert receiver.rows("SELECT version FROM versions WHERE id = ?", ticket.uid) == [(3,)]
    assert states() == {"sent": 7, "superseded": 2}
    for body in receiver.bodies:
        batch = json.loads(body)
        validate_batch(batch)
        assert len(batch["records"]) <= 2
        assert batch["site"] == {"code": "32.04", "name": "MPP Kabupaten Sukamaju"}
    # Nothing pending: a second run sends nothing.
    before = len(receiver.bodies)
    assert push().exit_code == 0
    assert len(receiver.bodies) == before


def test_default_policy_no_nik_or_phone_in_any_pushed_payload(seeded, site, receiver):
    ktp = seeded["services"][0]
    add_endpoint(receiver.url)
    for n in range(5):
        make_application(ktp, n, nik=f"32040147089{n:05d}", phone=f"0812345{n:05d}", rejection_reason=f"NIK {NIK}")
        make_complaint(ktp, n + 1, phone=f"0813999{n:05d}")
    make_survey(ktp, suggestion=f"hubungi saya {PHONE}")
    db.session.commit()
    assert push().exit_code == 0
    sent = b"".join(receiver.bodies).decode("utf-8")
    stored = json.dumps([json.loads(d) for (d,) in receiver.rows("SELECT data FROM records")])
    for n in range(5):
        for secret in (f"32040147089{n:05d}", f"0812345{n:05d}", f"0813999{n:05d}"):
            assert secret not in sent and secret not in stored
    for secret in (NIK, PHONE, "Budi Santoso", "Siti Aminah", "contoh.id", "Jl. Merdeka"):
        assert secret not in sent and secret not in stored
    assert "Bu** Sa*****" in sent


def test_full_policy_sends_personal_data_to_an_endpoint_with_a_legal_basis(seeded, site, receiver):
    add_endpoint(receiver.url, policy="full", legal_basis="Perjanjian kerja sama Disdukcapil Provinsi 2026")
    application = make_application(seeded["services"][0], 1)
    db.session.commit()
    assert push().exit_code == 0
    data = receiver.records()[application.uid]["data"]
    assert data["nik"] == NIK and data["phone"] == PHONE and data["applicant_name"] == "Budi Santoso"


def test_a_tampered_byte_is_refused_with_401_and_nothing_is_stored(seeded, site, receiver):
    from mpp_lite.sync.adapters import build_body, headers_for, send
    from mpp_lite.sync.services import site_identity

    rows = list(db.session.scalars(db.select(OutboxRow)))
    body = build_body(site_identity(), "default", rows)
    headers = headers_for("32.04", SECRET, body, "k1")
    index = body.index(b'"DKC-01"') + 2
    tampered = body[:index] + b"X" + body[index + 1 :]
    answer = send(receiver.url, tampered, headers, 5)
    assert answer.kind == "auth" and "401" in answer.message
    assert receiver.rows("SELECT COUNT(*) FROM records") == [(0,)]
    assert receiver.rows("SELECT COUNT(*) FROM versions") == [(0,)]
    # The untouched body with the same headers goes in.
    assert send(receiver.url, body, headers, 5).kind == "ok"
    assert receiver.rows("SELECT COUNT(*) FROM records") == [(3,)]


def test_wrong_secret_stops_the_run_at_once_with_exit_1(seeded, site, receiver, runner):
    add_endpoint(receiver.url, secret="not-the-receivers-secret-at-all", batch_size=1)
    result = runner.invoke(args=["sync", "push"])
    assert result.exit_code == 1
    assert "401" in result.output and "secret" in result.output and "clock" in result.output
    assert len(receiver.bodies) == 1  # stopped after the first refusal
    assert states() == {"pending": 3}
    assert receiver.rows("SELECT COUNT(*) FROM records") == [(0,)]


def test_a_wrong_clock_is_refused_and_named(seeded, site, receiver, monkeypatch):
    add_endpoint(receiver.url)
    real = clock.utcnow
    monkeypatch.setattr(clock, "utcnow", lambda: real() + timedelta(seconds=400))  # this PC runs fast
    result = push()
    assert result.exit_code == 1 and "clock" in result.fatal.error
    assert receiver.rows("SELECT COUNT(*) FROM records") == [(0,)]


def test_rejected_records_go_dead_with_the_error_and_are_named(seeded, site, receiver, runner):
    add_endpoint(receiver.url)
    row = db.session.scalars(db.select(OutboxRow).order_by(OutboxRow.id.desc())).first()
    row.record_uid = "not-a-uuid"  # a record the receiver cannot take
    db.session.commit()
    result = runner.invoke(args=["sync", "push"])
    assert result.exit_code == 0, result.output
    assert f"dead: service not-a-uuid v{row.version}: id must be a UUID" in result.output
    assert states() == {"sent": 2, "dead": 1}
    status = services.status()["endpoints"][0]
    assert status["dead"]["service"] == 1 and status["sent"]["service"] == 2
    # After the cause is fixed an admin retries the dead rows.
    row.record_uid = "0b8c3f0e-9f1e-4f7e-8a53-3f6a1b2c4d5e"
    db.session.commit()
    assert runner.invoke(args=["sync", "retry-dead"]).exit_code == 0
    assert runner.invoke(args=["sync", "push"]).exit_code == 0
    assert states() == {"sent": 3}


def test_an_unreachable_endpoint_leaves_rows_pending_with_backoff_then_dead(seeded, site, runner):
    site.config.update(SYNC_BACKOFF_BASE=3600.0, SYNC_BACKOFF_CAP=7200.0, SYNC_MAX_ATTEMPTS=2)
    add_endpoint(f"http://127.0.0.1:{free_port()}/ingest")  # nobody listens
    result = runner.invoke(args=["sync", "push"])
    assert result.exit_code == 3, result.output
    assert "pending" in result.output
    deliveries = db.session.scalars(db.select(SyncDelivery)).all()
    assert {d.attempts for d in deliveries} == {1}
    assert all(d.next_attempt_at > clock.utcnow() for d in deliveries)
    assert all(d.next_attempt_at <= clock.utcnow() + timedelta(seconds=3601) for d in deliveries)
    # Waiting out the backoff: nothing is sent in this run (3, nothing tried).
    result = runner.invoke(args=["sync", "push"])
    assert result.exit_code == 3 and "0 sent in 0 batch" in result.output
    db.session.execute(db.update(SyncDelivery).values(next_attempt_at=clock.utcnow()))
    db.session.commit()
    result = runner.invoke(args=["sync", "push"])
    assert result.exit_code == 0, result.output  # nothing pending: all dead after 2 attempts
    assert "dead:" in result.output and "gave up after 2 attempts" in result.output
    assert states() == {"dead": 3}


def test_a_second_push_while_one_runs_exits_4_and_sends_nothing(seeded, site, receiver, runner):
    add_endpoint(receiver.url)
    holder = services.lock_holder()
    assert services.acquire_lock(holder, 60)
    result = runner.invoke(args=["sync", "push"])
    assert result.exit_code == 4
    assert "Another push is running" in result.output
    assert receiver.bodies == []
    services.release_lock(holder)
    assert runner.invoke(args=["sync", "push"]).exit_code == 0


def test_a_lock_left_by_a_dead_push_expires(seeded, site, receiver):
    add_endpoint(receiver.url)
    assert services.acquire_lock("crashed-host:123:abcd", 60)
    with pytest.raises(PushLocked):
        push()
    db.session.execute(db.update(services.SyncLock).values(expires_at=clock.utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert push().exit_code == 0


def test_configuration_errors_exit_1_with_the_fix(seeded, app, runner):
    result = runner.invoke(args=["sync", "push"])
    assert result.exit_code == 1 and "site code" in result.output
    set_site()
    result = runner.invoke(args=["sync", "push"])
    assert result.exit_code == 1 and "add-endpoint" in result.output
    result = runner.invoke(args=["sync", "push", "--endpoint", "nope"])
    assert result.exit_code == 1 and "No endpoint named 'nope'" in result.output


@pytest.mark.slow
def test_fault_injection_2000_records_all_arrive_exactly_once(seeded, site, tmp_path):
    """Half the requests fail with 500, some connections drop after the receiver committed,
    some answers come after the client's timeout, some are cut short: push until nothing is
    pending, and every record's latest version is at the receiver exactly once."""
    server = ReceiverThread(tmp_path / "faulty")
    proxy = FaultProxy(server.port, {"pass": 25, "error500": 50, "drop": 10, "slow": 10, "truncate": 5}, delay=0.6)
    try:
        site.config.update(SYNC_TIMEOUT=0.3, SYNC_BACKOFF_BASE=0.001, SYNC_BACKOFF_CAP=0.005, SYNC_MAX_ATTEMPTS=10_000)
        services_ = seeded["services"]
        queues = seeded["queues"]
        records = []
        for i in range(1, 1201):
            records.append(make_ticket(services_[i % 2], queues[0], i))
        for i in range(1, 401):
            records.append(make_application(services_[i % 3], i))
        for _ in range(250):
            records.append(make_survey(services_[2]))
        for i in range(1, 148):
            records.append(make_complaint(services_[0], i))
        db.session.commit()
        records += list(services_)
        assert len(records) == 2000
        add_endpoint(proxy.url, batch_size=100)
        # Some records change twice, one of them while the backlog is being pushed.
        for ticket in records[:300]:
            ticket.status = "called"
        db.session.commit()
        for ticket in records[:150]:
            ticket.status = "done"
        db.session.commit()
        expected = {r.uid: r.version for r in records}
        runs, codes = 0, []
        for runs in range(1, 400):  # noqa: B007
            code = push().exit_code
            codes.append(code)
            if runs == 3:
                for application in records[1200:1250]:
                    application.status = "incomplete"
                db.session.commit()
                expected.update({a.uid: a.version for a in records[1200:1250]})
            if code == 0 and runs > 3:
                break
        print(f"push runs: {runs}, requests by fault: {proxy.counts}")  # shown with -s
        assert codes[-1] == 0, codes[-20:]
        assert set(codes) <= {0, 3}
        assert states().get("dead", 0) == 0 and states().get("pending", 0) == 0
        stored = {ident: version for ident, version in server.rows("SELECT id, version FROM records")}
        assert stored == expected  # every record, its latest version, none lost
        # Exactly once: no (site, id, version) twice, and no version newer than the record's.
        dupes = server.rows("SELECT id, version, COUNT(*) FROM versions GROUP BY id, version HAVING COUNT(*) > 1")
        assert dupes == []
        assert server.rows("SELECT COUNT(DISTINCT id) FROM versions") == [(2000,)]
        # The faults really happened, including commits whose answer never arrived.
        assert proxy.counts.get("error500", 0) > 10 and proxy.counts.get("drop", 0) > 0
        assert proxy.counts.get("slow", 0) > 0 and proxy.counts.get("truncate", 0) > 0
        for body in server.bodies[:5]:
            validate_batch(json.loads(body))
    finally:
        proxy.stop()
        server.stop()


def test_two_pushes_at_once_never_send_twice(seeded, site, receiver):
    add_endpoint(receiver.url, batch_size=1)
    for i in range(1, 30):
        make_ticket(seeded["services"][0], seeded["queues"][0], i)
    db.session.commit()
    app = site
    codes = []

    def run():
        with app.app_context():
            try:
                codes.append(push().exit_code)
            except PushLocked:
                codes.append(4)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert 0 in codes and set(codes) <= {0, 4}
    assert receiver.rows("SELECT COUNT(*), COUNT(DISTINCT id) FROM versions")[0][0] == 32


def test_the_periodic_in_process_push_sends_by_itself(seeded, site, receiver):
    import time

    from mpp_lite.sync import auto_push_loop

    add_endpoint(receiver.url)
    stop = threading.Event()
    thread = threading.Thread(target=auto_push_loop, args=(site, 0.05, stop), daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not receiver.rows("SELECT COUNT(*) FROM records")[0][0] == 3:
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(10)
    assert receiver.rows("SELECT COUNT(*) FROM records") == [(3,)]


def test_a_failed_batch_is_retried_whole_with_the_same_idempotency_key(seeded, site, receiver, monkeypatch):
    from mpp_lite.sync import adapters

    site.config.update(SYNC_BACKOFF_BASE=0.2, SYNC_BACKOFF_CAP=0.2)
    proxy = FaultProxy(receiver.port, {"error500": 1}, delay=0)
    keys = []
    real_send = adapters.send

    def spying(url, body, headers, timeout):
        keys.append((headers["Idempotency-Key"], [r["id"] for r in json.loads(body)["records"]]))
        return real_send(url, body, headers, timeout)

    monkeypatch.setattr(adapters, "send", spying)
    try:
        add_endpoint(proxy.url, batch_size=2)
        assert push().exit_code == 3
        db.session.execute(db.update(SyncDelivery).values(next_attempt_at=clock.utcnow()))
        db.session.commit()
        assert push().exit_code == 3
    finally:
        proxy.stop()
    assert len(keys) == 2 and keys[0] == keys[1]
    assert len(keys[0][1]) == 2


@pytest.mark.parametrize(
    "status, body, outcome",
    [
        ("200 OK", b"<html>Welcome to the captive portal</html>", "pending"),
        ("200 OK", b'{"accepted": "all"}', "pending"),
        ("429 Too Many Requests", b'{"error": "slow down"}', "pending"),
        ("408 Request Timeout", b"", "pending"),
        ("503 Service Unavailable", b"", "pending"),
        ("422 Unprocessable Entity", b'{"error": {"message": "schema mpp-lite/v1 unknown"}}', "dead"),
    ],
)
def test_answers_that_are_not_a_receipt_never_mark_rows_sent(seeded, site, status, body, outcome):
    from sync_fixtures import serve_in_thread, stop_server

    def odd_receiver(environ, start_response):
        environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        start_response(status, [("Content-Type", "text/html"), ("Content-Length", str(len(body)))])
        return [body]

    server, thread = serve_in_thread(odd_receiver)
    try:
        site.config.update(SYNC_BACKOFF_BASE=60.0, SYNC_BACKOFF_CAP=60.0)
        add_endpoint(f"http://127.0.0.1:{server.effective_port}/")
        result = push()
    finally:
        stop_server(server, thread)
    assert states() == {outcome: 3}
    assert result.exit_code == (3 if outcome == "pending" else 0)
    deliveries = db.session.scalars(db.select(SyncDelivery)).all()
    assert {d.attempts for d in deliveries} == {1}
    if outcome == "dead":
        assert "422" in result.endpoints[0].dead[0]


class NdjsonAdapter:
    """A made-up national format: one JSON line per record, a bearer token, a plain list back."""

    def request(self, site, endpoint, rows, idempotency_key):
        from mpp_lite.sync.policy import view

        lines = [
            json.dumps(
                {
                    "kode_mpp": site["code"],
                    "uuid": r.record_uid,
                    "jenis": r.record_type,
                    "versi": r.version,
                    "isi": view(r.record_type, r.payload, endpoint.policy),
                }
            )
            for r in rows
        ]
        return "\n".join(lines).encode(), {
            "Content-Type": "application/x-ndjson",
            "Authorization": f"Bearer {endpoint.secret}",
        }

    def send(self, url, body, headers, timeout):
        import urllib.request

        from mpp_lite.sync.adapters import Answer

        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        with urllib.request.urlopen(request, timeout=timeout) as response:
            saved = json.loads(response.read())
        return Answer("ok", accepted=saved["disimpan"])


def test_an_endpoint_can_use_another_wire_format_through_an_adapter(seeded, site):
    from sync_fixtures import serve_in_thread, stop_server

    received = []

    def national(environ, start_response):
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        records = [json.loads(line) for line in body.decode().splitlines()]
        received.extend(records)
        answer = json.dumps({"disimpan": [r["uuid"] for r in records]}).encode()
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(answer)))])
        return [answer]

    server, thread = serve_in_thread(national)
    try:
        add_endpoint(f"http://127.0.0.1:{server.effective_port}/", name="kemenpan")
        site.config["SYNC_ADAPTERS"] = {"kemenpan": "test_sync_push:NdjsonAdapter"}
        make_application(seeded["services"][0], 1)
        db.session.commit()
        assert push().exit_code == 0
    finally:
        stop_server(server, thread)
    assert {r["jenis"] for r in received} == {"service", "application"}
    assert NIK not in json.dumps(received)  # the policy still applies
    assert states("kemenpan") == {"sent": 4}
    site.config["SYNC_ADAPTERS"] = {"kemenpan": "nowhere:Missing"}
    with pytest.raises(services.SyncError, match="cannot be loaded"):
        push()
