"""The outbox: every change to a synced record writes an outbox row in the same transaction."""

from __future__ import annotations

import pytest
from sync_fixtures import (
    NIK,
    PHONE,
    add_endpoint,
    make_application,
    make_complaint,
    make_survey,
    make_ticket,
)

from mpp_lite.extensions import db
from mpp_lite.sync.models import OutboxRow, SyncDelivery
from mpp_lite.sync.policy import describe, mask_name, view


def outbox(uid=None):
    statement = db.select(OutboxRow).order_by(OutboxRow.id)
    if uid:
        statement = statement.where(OutboxRow.record_uid == uid)
    return list(db.session.scalars(statement))


def test_new_ticket_gets_version_1_and_one_outbox_row(seeded):
    ktp = seeded["services"][0]
    ticket = make_ticket(ktp, seeded["queues"][0], 1)
    db.session.commit()
    rows = outbox(ticket.uid)
    assert ticket.version == 1
    assert [(r.record_type, r.version) for r in rows] == [("ticket", 1)]
    assert rows[0].payload["number"] == "A001"
    assert rows[0].payload["service"] == {"id": ktp.uid, "code": "DKC-01", "name": ktp.name}
    assert rows[0].payload["tenant"]["code"] == "DUKCAPIL"


def test_an_issued_ticket_has_the_outbox_row_the_model_would_make(seeded):
    """Issuing writes its ticket and outbox row with Core statements, not through the flush
    hooks: the row must be exactly what the sync policy makes of the stored ticket, and be
    queued for every endpoint."""
    from mpp_lite.queue import services as queue
    from mpp_lite.queue.models import Ticket
    from mpp_lite.sync.policy import POLICIES

    add_endpoint("http://127.0.0.1:9/sync")
    issued = queue.issue(seeded["services"][2].id, priority=True, issued_by="Kiosk lobi")
    db.session.commit()
    stored = db.session.get(Ticket, issued.id)
    [row] = outbox(stored.uid)
    assert (row.record_type, row.version, stored.version) == ("ticket", 1, 1)
    assert row.payload == POLICIES["ticket"].payload(stored)
    assert row.payload["tenant"] == {"code": "POLRES", "name": "Kepolisian Resor Sukamaju"}
    assert (stored.number, stored.priority, stored.issued_by, stored.status) == ("B001", True, "Kiosk lobi", "waiting")
    assert [d.state for d in db.session.scalars(db.select(SyncDelivery).filter_by(outbox_id=row.id))] == ["pending"]


def test_a_failed_outbox_write_takes_the_issued_number_back(seeded, monkeypatch):
    from mpp_lite.queue import services as queue
    from mpp_lite.queue.models import QueueDayCounter, Ticket
    from mpp_lite.sync import outbox as writer

    def broken(session, rows, now):
        raise RuntimeError("disk full while writing the outbox")

    monkeypatch.setattr(writer, "_write", broken)
    with pytest.raises(RuntimeError):
        queue.issue(seeded["services"][0].id)
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count()).select_from(Ticket)) == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(QueueDayCounter)) == 0
    monkeypatch.undo()
    assert queue.issue(seeded["services"][0].id).number == "A001"  # the number was not lost


def test_each_real_change_is_a_new_version_and_no_change_writes_nothing(seeded):
    ticket = make_ticket(seeded["services"][0], seeded["queues"][0], 1)
    db.session.commit()
    ticket.status = "called"
    db.session.commit()
    ticket.status = "called"  # the same value again: not a change
    db.session.commit()
    ticket.status = "done"
    db.session.commit()
    rows = outbox(ticket.uid)
    assert [r.version for r in rows] == [1, 2, 3]
    assert [r.payload["status"] for r in rows] == ["waiting", "called", "done"]
    assert ticket.version == 3


def test_application_step_is_a_new_version_of_its_application_with_history(seeded):
    from mpp_lite.applications.models import ApplicationStep

    application = make_application(seeded["services"][0], 1)
    db.session.commit()
    assert [r.version for r in outbox(application.uid)] == [1]
    # A step alone (the application row untouched) still makes a new version.
    db.session.add(ApplicationStep(application_id=application.id, from_status="received", to_status="verified"))
    db.session.commit()
    rows = outbox(application.uid)
    assert [r.version for r in rows] == [1, 2]
    assert [s["to"] for s in rows[-1].payload["status_history"]] == ["received", "verified"]
    assert db.session.get(type(application), application.id).version == 2


def test_services_surveys_and_complaints_reach_the_outbox(seeded):
    ktp = seeded["services"][0]
    survey = make_survey(ktp)
    complaint = make_complaint(ktp, 1)
    db.session.commit()
    ktp.fee = 5000
    db.session.commit()
    types = {(r.record_type, r.record_uid, r.version) for r in outbox()}
    assert ("survey", survey.uid, 1) in types
    assert ("complaint", complaint.uid, 1) in types
    assert ("service", ktp.uid, 2) in types


def test_a_crash_after_the_domain_write_leaves_neither_record_nor_outbox_row(seeded):
    from mpp_lite.queue.models import Ticket

    before = len(outbox())
    with pytest.raises(RuntimeError):
        try:
            ticket = make_ticket(seeded["services"][0], seeded["queues"][0], 7)
            db.session.flush()  # the domain row and its outbox row are written ...
            assert len(outbox(ticket.uid)) == 1
            raise RuntimeError("power cut before commit")  # ... and then the process fails
        except RuntimeError:
            db.session.rollback()
            raise
    assert db.session.scalar(db.select(db.func.count()).select_from(Ticket).where(Ticket.seq == 7)) == 0
    assert len(outbox()) == before
    # The same holds when the outbox write itself fails: the domain write goes with it.
    from sqlalchemy import event

    def broken(session, flush_context):
        raise RuntimeError("disk full while writing the outbox")

    event.listen(db.session, "after_flush", broken)
    try:
        make_ticket(seeded["services"][0], seeded["queues"][0], 8)
        with pytest.raises(RuntimeError):
            db.session.commit()
        db.session.rollback()
    finally:
        event.remove(db.session, "after_flush", broken)
    assert db.session.scalar(db.select(db.func.count()).select_from(Ticket).where(Ticket.seq == 8)) == 0
    assert len(outbox()) == before


def test_each_change_is_queued_for_every_endpoint(seeded):
    add_endpoint("http://127.0.0.1:9/a", name="a")
    add_endpoint("http://127.0.0.1:9/b", name="b")
    ticket = make_ticket(seeded["services"][0], seeded["queues"][0], 1)
    db.session.commit()
    row = outbox(ticket.uid)[0]
    deliveries = db.session.scalars(db.select(SyncDelivery).where(SyncDelivery.outbox_id == row.id)).all()
    assert sorted(d.endpoint.name for d in deliveries) == ["a", "b"]
    assert {d.state for d in deliveries} == {"pending"}
    # Many records in one flush (a day end closing what was left open): each, for each endpoint.
    from mpp_lite.queue.services import close_open_tickets

    others = [make_ticket(seeded["services"][0], seeded["queues"][0], n) for n in (2, 3, 4)]
    db.session.commit()
    assert close_open_tickets(through=ticket.day) == 4
    db.session.commit()
    for closed in (ticket, *others):
        latest = outbox(closed.uid)[-1]
        assert latest.payload["status"] == "cancelled"
        assert sorted(
            (d.endpoint.name, d.state)
            for d in db.session.scalars(db.select(SyncDelivery).where(SyncDelivery.outbox_id == latest.id))
        ) == [("a", "pending"), ("b", "pending")]


def test_default_policy_masks_names_and_drops_personal_data(seeded):
    application = make_application(seeded["services"][0], 1)
    complaint = make_complaint(seeded["services"][0], 1)
    db.session.commit()
    app_payload = outbox(application.uid)[0].payload
    assert app_payload["nik"] == NIK  # the outbox keeps the widest view; the policy picks from it
    default = view("application", app_payload, "default")
    assert default["applicant_name"] == "Bu** Sa*****"
    for key in ("nik", "phone", "email", "address", "rejection_reason"):
        assert key not in default
    assert all(set(step) == {"from", "to", "at"} for step in default["status_history"])
    full = view("application", app_payload, "full")
    assert full["nik"] == NIK and full["phone"] == PHONE and full["applicant_name"] == "Budi Santoso"
    complaint_default = view("complaint", outbox(complaint.uid)[0].payload, "default")
    assert complaint_default["contact_name"] == "Si** Am****"
    assert "text" not in complaint_default and "contact_phone" not in complaint_default
    assert mask_name("Budi Santoso") == "Bu** Sa*****"


def test_policy_description_names_every_type_and_what_is_not_sent():
    text = describe()
    for kind in ("[ticket]", "[application]", "[survey]", "[complaint]", "[service]"):
        assert kind in text
    nik_line = next(line for line in text.splitlines() if line.strip().startswith("nik "))
    assert "default: NOT sent" in nik_line


def test_queue_compare_and_set_updates_reach_the_outbox_as_new_versions(seeded):
    """The queue claims tickets with single UPDATE statements (no flush): each is still a version."""
    from mpp_lite.auth.permissions import Actor
    from mpp_lite.queue import services as queue

    ticket = queue.issue_ticket(seeded["services"][0].id)
    db.session.commit()
    admin = Actor(kind="user", role="admin", name="admin", id=None)
    called = queue.call_next(admin, seeded["counters"][0].id)
    db.session.commit()
    assert called.id == ticket.id
    queue.act(admin, ticket.id, "start")
    db.session.commit()
    finished = queue.act(admin, ticket.id, "finish")
    db.session.commit()
    rows = outbox(ticket.uid)
    assert [r.version for r in rows] == list(range(1, len(rows) + 1))  # no version twice
    assert rows[-1].version == finished.version
    assert rows[-1].payload["status"] == "done" and rows[-1].payload["called_at"] is not None
    assert [r.payload["status"] for r in rows][-3:] == ["called", "serving", "done"]


def test_day_end_closing_writes_a_version_per_closed_ticket(seeded):
    from datetime import date, timedelta

    from mpp_lite.queue import services as queue

    old = [make_ticket(seeded["services"][0], seeded["queues"][0], i, day=date(2026, 11, 1)) for i in (1, 2)]
    db.session.commit()
    assert queue.close_open_tickets(before=date(2026, 11, 1) + timedelta(days=1)) == 2
    db.session.commit()
    for ticket in old:
        rows = outbox(ticket.uid)
        assert [r.version for r in rows] == [1, 2]
        assert rows[-1].payload["status"] == "cancelled"


def test_anonymising_a_record_sends_a_new_version_and_scrubs_older_payloads(seeded, app):
    from datetime import timedelta

    from mpp_lite.privacy.services import purge
    from mpp_lite.site import clock

    application = make_application(seeded["services"][0], 1)
    db.session.commit()
    assert NIK in str(outbox(application.uid)[0].payload)
    counts = purge(now=clock.utcnow() + timedelta(days=3650))
    db.session.commit()
    assert counts["application"] == 1
    rows = outbox(application.uid)
    assert rows[-1].payload["anonymised"] is True and rows[-1].payload["nik"] is None
    assert all(NIK not in str(row.payload) and PHONE not in str(row.payload) for row in rows)


def test_prune_keeps_the_latest_version_and_anything_not_yet_delivered(seeded):
    from datetime import timedelta

    from mpp_lite.site import clock
    from mpp_lite.sync.services import prune_outbox

    add_endpoint("http://127.0.0.1:9/a")
    ticket = make_ticket(seeded["services"][0], seeded["queues"][0], 1)
    db.session.commit()
    for status in ("called", "serving", "done"):
        ticket.status = status
        db.session.commit()
    prune_outbox(keep_days=0)
    db.session.commit()
    assert [r.version for r in outbox(ticket.uid)] == [1, 2, 3, 4]  # all still pending for the endpoint
    db.session.execute(db.update(SyncDelivery).values(state="sent"))
    db.session.execute(db.update(OutboxRow).values(created_at=clock.utcnow() - timedelta(days=1)))
    db.session.commit()
    assert prune_outbox(keep_days=30) == 0  # too recent
    assert prune_outbox(keep_days=0) == 3
    db.session.commit()
    assert [r.version for r in outbox(ticket.uid)] == [4]


def test_a_flush_that_fails_inside_a_savepoint_leaves_no_outbox_row(seeded):
    from sqlalchemy.exc import IntegrityError

    first = make_complaint(seeded["services"][0], 1)
    db.session.commit()
    savepoint = db.session.begin_nested()
    clash = make_complaint(seeded["services"][0], 1)  # the same reference and number: refused
    clash_uid = clash.uid
    with pytest.raises(IntegrityError):
        db.session.flush()
    savepoint.rollback()
    second = make_complaint(seeded["services"][0], 2)
    db.session.commit()
    uids = [r.record_uid for r in outbox() if r.record_type == "complaint"]
    assert uids == [first.uid, second.uid]
    assert clash_uid is None or clash_uid not in uids


def test_one_transaction_makes_one_version(seeded):
    from mpp_lite.auth.permissions import Actor
    from mpp_lite.queue import services as queue

    ktp = seeded["services"][0]
    # save_service flushes twice (the row, then its search text): still one version.
    assert [r.version for r in outbox(ktp.uid)] == [1]
    ticket = queue.issue_ticket(ktp.id)
    db.session.commit()
    admin = Actor(kind="user", role="admin", name="admin", id=None)
    queue.call_next(admin, seeded["counters"][0].id)  # claim, then stamp the call time: one change
    db.session.commit()
    rows = outbox(ticket.uid)
    assert [r.version for r in rows] == [1, 2]
    assert rows[-1].payload["status"] == "called" and rows[-1].payload["called_at"] is not None
    # Several flushes in one transaction: one version with the last state.
    ticket = db.session.get(type(ticket), ticket.id)
    ticket.call_count = 5
    db.session.flush()
    ticket.priority = True
    db.session.flush()
    db.session.commit()
    rows = outbox(ticket.uid)
    assert [r.version for r in rows] == [1, 2, 3]
    assert rows[-1].payload["call_count"] == 5 and rows[-1].payload["priority"] is True


def test_a_savepoint_rolled_back_inside_a_change_keeps_the_outbox_true(seeded):
    ticket = make_ticket(seeded["services"][0], seeded["queues"][0], 1)
    db.session.commit()
    ticket.status = "called"
    db.session.flush()
    savepoint = db.session.begin_nested()
    ticket.status = "serving"
    db.session.flush()
    savepoint.rollback()
    ticket.call_count = 2
    db.session.commit()
    rows = outbox(ticket.uid)
    stored = db.session.get(type(ticket), ticket.id)
    assert rows[-1].version == stored.version
    assert rows[-1].payload["status"] == stored.status == "called"
    assert rows[-1].payload["call_count"] == 2
    assert len({r.version for r in rows}) == len(rows)
