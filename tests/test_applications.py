"""Applications: working-day due dates, the workflow, local holidays, notifications (services)."""

from __future__ import annotations

from datetime import date

import pytest
from applications_helpers import REQUIREMENTS, actor_for, register

from mpp_lite.applications import services
from mpp_lite.applications.calendar import WorkingCalendar, national_holidays
from mpp_lite.applications.models import Application, Notification
from mpp_lite.audit.models import AuditEvent
from mpp_lite.extensions import db


def move(world, application, to, note="", user="op"):
    services.transition(actor_for(world["users"][user]), application, to, note)
    db.session.commit()
    return application


# --- the calendar -----------------------------------------------------------------------------


def test_cuti_bersama_comes_from_the_government_category():
    days = national_holidays(2026)
    # Nyepi (19 March) and Idul Fitri (21-22 March) with their cuti bersama close 18-24 March.
    for day in (18, 19, 20, 23, 24):
        assert date(2026, 3, day) in days, day
    assert "Idul Fitri" in days[date(2026, 3, 21)]


def test_five_working_days_from_friday_13_march_2026_is_friday_27_march(app):
    calendar = WorkingCalendar()
    assert calendar.add_working_days(date(2026, 3, 13), 5) == date(2026, 3, 27)
    assert not calendar.is_working_day(date(2026, 3, 18))
    assert not calendar.is_working_day(date(2026, 3, 14))  # Saturday
    assert calendar.is_working_day(date(2026, 3, 25))


# --- Done when: due dates on real dates -------------------------------------------------------


def test_verified_friday_13_march_is_due_friday_27_march(world, clock):
    application = register(world)
    assert application.status == "received" and application.due_date is None
    move(world, application, "verified")
    assert application.due_date == date(2026, 3, 27)
    assert application.sla_working_days == 5


def test_an_admin_local_holiday_moves_the_due_date(world, clock):
    admin = actor_for(world["users"]["admin"])
    application = move(world, register(world), "verified")
    assert application.due_date == date(2026, 3, 27)
    services.save_local_holiday(admin, date(2026, 3, 26), "Hari Jadi Kabupaten Sukamaju", "holiday")
    db.session.commit()
    assert db.session.get(Application, application.id).due_date == date(2026, 3, 30)
    # A new application verified afterwards gets the later date too.
    later = move(world, register(world), "verified")
    assert later.due_date == date(2026, 3, 30)


def test_a_working_day_correction_moves_the_due_date_earlier(world, clock):
    admin = actor_for(world["users"]["admin"])
    services.save_local_holiday(admin, date(2026, 3, 23), "Cuti bersama tidak diambil", "working_day")
    db.session.commit()
    application = move(world, register(world), "verified")
    assert application.due_date == date(2026, 3, 26)
    row = services.save_local_holiday(admin, date(2026, 3, 23), "Cuti bersama tidak diambil", "working_day")
    services.delete_local_holiday(admin, row.id)
    db.session.commit()
    assert application.due_date == date(2026, 3, 27)


def test_pausing_while_incomplete_shifts_the_due_date(world, clock):
    application = move(world, register(world), "verified")  # Friday 13 March: due 27 March
    clock.set(2026, 3, 16)  # Monday: a document turns out to be missing
    move(world, application, "incomplete", "Fotokopi KK tidak terbaca")
    assert application.paused_since == date(2026, 3, 16)
    assert not services.is_overdue(application, date(2026, 4, 30))  # a paused file is never overdue
    clock.set(2026, 3, 25)  # Wednesday after the holidays: complete again
    move(world, application, "verified", "KK baru diserahkan")
    # Monday 16 and Tuesday 17 were lost: 27 March + 2 working days.
    assert application.paused_working_days == 2
    assert application.due_date == date(2026, 3, 31)
    assert application.paused_since is None


def test_the_clock_starts_only_when_the_file_is_complete(world, clock):
    application = register(world, documents=REQUIREMENTS[:1])
    move(world, application, "incomplete", "KTP dan KK belum ada")
    assert application.due_date is None and application.paused_since is None
    clock.set(2026, 3, 25)
    move(world, application, "verified")
    assert application.due_date == date(2026, 4, 1)  # 26, 27, 30, 31 March, 1 April
    assert application.paused_working_days == 0


def test_minute_services_are_due_the_day_they_are_complete(world, clock, create_service):
    quick = create_service(
        world["dukcapil"], code="DKC-77", name="Legalisir", duration_unit="minutes", duration_value=30, requirements=[]
    )
    application = services.register_application(
        actor_for(world["users"]["op"]),
        quick.id,
        {"name": "Sri Wahyuni", "nik": "3201014512900001", "phone": "0812 3456 7890"},
        [],
        verify_now=True,
    )
    assert application.status == "verified" and application.due_date == date(2026, 3, 13)


# --- the workflow -----------------------------------------------------------------------------


def test_full_workflow_records_who_when_and_notes(world, clock):
    application = register(world)
    for to in ("verified", "processing", "ready", "picked_up"):
        clock.advance(hours=1)
        move(world, application, to, f"langkah {to}")
    steps = [(s.from_status, s.to_status, s.actor) for s in application.steps]
    assert steps == [
        (None, "received", "op_dukcapil"),
        ("received", "verified", "op_dukcapil"),
        ("verified", "processing", "op_dukcapil"),
        ("processing", "ready", "op_dukcapil"),
        ("ready", "picked_up", "op_dukcapil"),
    ]
    assert application.steps[2].note == "langkah processing"
    assert application.closed_at is not None and application.ready_at is not None
    assert services.allowed_transitions(application) == ()


def test_transition_not_allowed_names_the_allowed_ones(world, clock):
    application = register(world)
    with pytest.raises(services.TransitionNotAllowed) as caught:
        services.transition(actor_for(world["users"]["op"]), application, "picked_up")
    assert caught.value.allowed == ["incomplete", "verified", "rejected"]
    assert caught.value.kind == "conflict"


def test_incomplete_and_rejected_need_a_note(world, clock):
    application = register(world)
    for to in ("incomplete", "rejected"):
        with pytest.raises(services.InvalidInput) as caught:
            services.transition(actor_for(world["users"]["op"]), application, to, "  ")
        assert "note" in caught.value.fields
    move(world, application, "rejected", "Bukan domisili Kabupaten Sukamaju")
    assert application.rejection_reason == "Bukan domisili Kabupaten Sukamaju"


def test_operators_act_only_for_their_tenant_supervisors_only_read(world, clock):
    application = register(world)
    for user in ("op_polres", "sup"):
        with pytest.raises(services.NotAllowed):
            services.transition(actor_for(world["users"][user]), application, "verified")
    assert services.get_for_actor(actor_for(world["users"]["sup"]), application.tracking_code) is application
    with pytest.raises(services.NotAllowed):
        services.get_for_actor(actor_for(world["users"]["op_polres"]), application.tracking_code)
    with pytest.raises(services.NotAllowed):
        services.register_application(
            actor_for(world["users"]["op_polres"]),
            world["service"].id,
            {"name": "X", "nik": "3201014512900001", "phone": "081234567890"},
            [],
        )
    move(world, application, "verified", user="admin")  # admin may do anything


def test_register_validates_every_field_and_the_documents(world, clock):
    with pytest.raises(services.InvalidInput) as caught:
        services.register_application(
            actor_for(world["users"]["op"]),
            world["service"].id,
            {"name": "", "nik": "3201013202900001", "phone": "12", "email": "nope"},
            ["Surat nikah"],
        )
    fields = caught.value.fields
    assert set(fields) == {"applicant.name", "applicant.nik", "applicant.phone", "applicant.email", "documents.0"}
    assert "ke-7 sampai 12" in fields["applicant.nik"]


def test_documents_by_number_or_text_and_verify_now_needs_all(world, clock):
    application = register(world, documents=[1, " fotokopi ktp-el "])
    assert application.documents == REQUIREMENTS[:2]
    with pytest.raises(services.InvalidInput):
        services.register_application(
            actor_for(world["users"]["op"]),
            world["service"].id,
            {"name": "Budi", "nik": "3201014512900001", "phone": "081234567890"},
            [1],
            verify_now=True,
        )


def test_phone_numbers_are_normalised(world, clock):
    application = register(world, phone="+62 812-3456-7890")
    assert application.phone == "081234567890"


def test_registration_and_changes_are_audited_without_personal_data(world, clock):
    application = move(world, register(world), "verified")
    events = list(db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id)))
    assert [e.action for e in events] == ["application.create", "application.transition"]
    dumped = repr([(e.detail, e.object_id) for e in events])
    assert application.nik not in dumped and application.phone not in dumped and "Budi" not in dumped


# --- worklist ---------------------------------------------------------------------------------


def test_worklist_filters_overdue_and_due_soon(world, clock):
    op = actor_for(world["users"]["op"])
    overdue = move(world, register(world), "verified")  # due 27 March
    clock.set(2026, 3, 30)
    soon = move(world, register(world, name="Siti Aminah"), "verified")  # due 6 April
    waiting = register(world, name="Agus Salim")
    clock.set(2026, 4, 2)
    ids = lambda status: [a.id for a in db.session.scalars(services.worklist_query(op, status))]  # noqa: E731
    assert ids("overdue") == [overdue.id]
    assert ids("soon") == [soon.id]  # due 6 April is within 2 working days of Thursday 2 April (3 April is Good Friday)
    assert set(ids("open")) == {overdue.id, soon.id, waiting.id}
    assert ids("received") == [waiting.id]
    polres = actor_for(world["users"]["op_polres"])
    assert [a.id for a in db.session.scalars(services.worklist_query(polres, "open"))] == []
    supervisor = actor_for(world["users"]["sup"])
    assert len(list(db.session.scalars(services.worklist_query(supervisor, "all")))) == 3
    assert [a.id for a in db.session.scalars(services.worklist_query(op, "open", search="siti"))] == [soon.id]
    assert [
        a.id for a in db.session.scalars(services.worklist_query(op, "all", search=waiting.display_code.lower()))
    ] == [waiting.id]
    by_nik = services.worklist_query(op, "all", search="3201 0145 1290 0001")
    assert {a.id for a in db.session.scalars(by_nik)} == {overdue.id, soon.id, waiting.id}


def test_worklist_search_takes_wildcards_literally(world):
    op = actor_for(world["users"]["op"])
    register(world, name="Siti Aminah")
    percent = register(world, name="Agus 100% Salim")
    found = lambda search: [a.id for a in db.session.scalars(services.worklist_query(op, "all", search=search))]  # noqa: E731
    assert found("%") == [percent.id]
    assert found("_") == []
    assert found("s_ti") == []
    assert found("%%") == []


# --- notifications ----------------------------------------------------------------------------


def test_ready_and_incomplete_create_notifications_that_stay_local_by_default(world, clock):
    application = register(world)
    move(world, application, "incomplete", "KK belum ada")
    move(world, application, "verified")
    move(world, application, "ready")
    rows = list(db.session.scalars(db.select(Notification).order_by(Notification.id)))
    assert [(n.event, n.status) for n in rows] == [("incomplete", "disabled"), ("ready", "disabled")]
    assert "KK belum ada" in rows[0].message
    assert application.display_code in rows[1].message and "siap" in rows[1].message.lower()


def test_masks():
    assert services.mask_name("Budi Santoso") == "Bu** Sa*****"
    assert services.mask_name("  Ani  ") == "An*"
    assert services.mask_name("Al Ihsan") == "A* Ih***"
    assert services.mask_phone("081234567890") == "****-****-7890"


def test_correcting_a_mistyped_phone_lets_the_applicant_check_again(world, clock):
    application = register(world, documents=REQUIREMENTS[:1], phone="081200000000")
    op = actor_for(world["users"]["op"])
    changed = services.update_application(
        op, application, {"name": "Budi Santoso", "nik": application.nik, "phone": "081234567890"}, [1, 2, 3]
    )
    db.session.commit()
    assert changed == ["phone", "documents"]
    assert services.lookup_status(application.tracking_code, "7890", client="test") is application
    event = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "application.update")).one()
    assert event.detail == {"fields": ["phone", "documents"]}
    with pytest.raises(services.NotAllowed):
        services.update_application(
            actor_for(world["users"]["op_polres"]),
            application,
            {"name": "X", "nik": application.nik, "phone": "081234567890"},
            [],
        )
    move(world, application, "rejected", "Berkas palsu")
    with pytest.raises(services.InvalidInput):
        services.update_application(op, application, {"name": "X", "nik": application.nik, "phone": "081234567890"}, [])
