"""Complaints per Perpres 76/2013 and SP4N-LAPOR!: the response and resolution clocks, forwarding
to LAPOR! with its number, confidential complainants, and the supervisor's overdue list."""

from __future__ import annotations

from datetime import date

import pytest

from mpp_lite.auth.permissions import ANONYMOUS, Actor
from mpp_lite.complaints.models import Complaint
from mpp_lite.complaints.services import (
    ComplaintError,
    change_status,
    escalated,
    file_complaint,
    mark_complete,
)
from mpp_lite.extensions import db


@pytest.fixture
def staff(seeded, create_user):
    dukcapil, _polres = seeded["tenants"]
    return {"operator": create_user("op1", "operator", dukcapil), "supervisor": create_user("sup1", "supervisor")}


def operator_of(tenant) -> Actor:
    return Actor(kind="user", role="operator", name="op1", tenant_id=tenant.id)


def test_friday_13_march_2026_answers_by_the_fifth_working_day_and_resolves_in_60_days(app, seeded, at):
    at("2026-03-13T10:00")  # a Friday; Nyepi, Idul Fitri and their cuti bersama fall in the next week
    complaint = file_complaint(ANONYMOUS, text="Blangko KTP habis sejak seminggu.", tenant_id=seeded["tenants"][0].id)
    # Mon 16, Tue 17 count; 18-24 March are Nyepi, Idul Fitri and cuti bersama; then 25, 26, 27.
    assert complaint.due_date == date(2026, 3, 27)
    assert complaint.completed_on == date(2026, 3, 13)
    assert complaint.resolution_due == date(2026, 5, 12)  # 60 days after it was complete


def test_the_resolution_clock_starts_when_an_incomplete_complaint_is_completed(app, seeded, at):
    dukcapil = seeded["tenants"][0]
    at("2026-03-13T10:00")
    complaint = file_complaint(
        ANONYMOUS, text="Ada pungutan di loket, tanpa bukti.", tenant_id=dukcapil.id, complete=False
    )
    assert complaint.resolution_due is None
    at("2026-03-25T09:00")
    mark_complete(operator_of(dukcapil), complaint)
    assert (complaint.completed_on, complaint.resolution_due) == (date(2026, 3, 25), date(2026, 5, 24))
    with pytest.raises(ComplaintError) as again:
        mark_complete(operator_of(dukcapil), complaint)
    assert again.value.kind == "conflict"


def test_forwarding_to_lapor_records_the_number_and_stops_the_local_clock(app, client, seeded, staff, login, at):
    dukcapil = seeded["tenants"][0]
    at("2026-03-13T10:00")
    complaint = file_complaint(ANONYMOUS, text="Pelayanan paspor dipungut biaya tambahan.", tenant_id=dukcapil.id)
    db.session.commit()
    login(staff["operator"])
    wrong = client.post(f"/pengaduan/meja/{complaint.id}", data={"to": "forwarded", "lapor_number": "AB-12"})
    assert wrong.status_code == 422 and 'form-control is-invalid" id="lapor_number"' in wrong.get_data(as_text=True)
    db.session.refresh(complaint)
    assert complaint.status == "new" and complaint.lapor_number == ""  # nothing half-saved

    done = client.post(f"/pengaduan/meja/{complaint.id}", data={"to": "forwarded", "lapor_number": "#4567891"})
    assert done.status_code == 302
    db.session.refresh(complaint)
    assert complaint.status == "forwarded" and complaint.lapor_number == "4567891"
    assert "4567891" in client.get(f"/pengaduan/{complaint.access_token}").get_data(as_text=True)

    at("2026-06-01T10:00")  # long past both local deadlines: LAPOR! follows it now
    assert [c for c, _missed in escalated()] == []
    assert "SP4N-LAPOR!" in client.get(f"/pengaduan/meja/{complaint.id}").get_data(as_text=True)


def test_a_confidential_complaint_hides_the_name_from_tenant_staff_and_shows_it_to_the_supervisor(
    client, seeded, staff, login
):
    dukcapil = seeded["tenants"][0]
    response = client.post(
        "/pengaduan",
        data={
            "kind": "complaint",
            "tenant_id": str(dukcapil.id),
            "service_id": "",
            "confidential": "y",
            "text": "Petugas loket meminta uang pelicin.",
            "contact_name": "Rahmat Hidayat",
            "contact_phone": "081234567890",
        },
    )
    assert response.status_code == 302
    complaint = db.session.scalar(db.select(Complaint))
    assert complaint.confidential

    login(staff["operator"])
    page = client.get(f"/pengaduan/meja/{complaint.id}").get_data(as_text=True)
    assert "Petugas loket meminta uang pelicin." in page  # the operator can act on it
    assert "Rahmat" not in page and "081234567890" not in page and "7890" not in page

    supervisor = client.application.test_client()
    login(staff["supervisor"], on=supervisor)
    assert "Rahmat Hidayat" in supervisor.get(f"/pengaduan/meja/{complaint.id}").get_data(as_text=True)


def test_overdue_complaints_escalate_to_the_supervisors_list(client, seeded, staff, login, at):
    dukcapil = seeded["tenants"][0]
    at("2026-03-02T10:00")
    late = file_complaint(ANONYMOUS, text="Antrean KK tidak bergerak dua jam.", tenant_id=dukcapil.id)
    answered = file_complaint(ANONYMOUS, text="Kursi ruang tunggu kurang banyak.", tenant_id=dukcapil.id)
    change_status(operator_of(dukcapil), answered, "answered", answer="Kursi ditambah minggu depan.")
    db.session.commit()
    at("2026-03-20T10:00")
    assert [(c.reference, missed) for c, missed in escalated()] == [(late.reference, ["response"])]
    at("2026-05-10T10:00")  # 60 days after 2 March is 1 May: the answered one is still not closed
    assert {c.reference: missed for c, missed in escalated()} == {
        late.reference: ["response", "resolution"],
        answered.reference: ["resolution"],
    }
    login(staff["operator"])
    assert client.get("/pengaduan/meja/terlambat").status_code == 403
    operator_desk = client.get("/pengaduan/meja").get_data(as_text=True)
    assert "/pengaduan/meja/terlambat" not in operator_desk
    supervisor = login(staff["supervisor"], on=client.application.test_client())
    page = supervisor.get("/pengaduan/meja/terlambat").get_data(as_text=True)
    assert late.reference in page and answered.reference in page
    assert "60" in page


def test_dashboard_counts_the_resolution_clock_and_forwarded_complaints(app, seeded, staff, at):
    from mpp_lite.reports.services import Period, complaint_figures

    dukcapil = seeded["tenants"][0]
    at("2026-03-02T10:00")
    file_complaint(ANONYMOUS, text="Antrean KK tidak bergerak dua jam.", tenant_id=dukcapil.id)
    sent = file_complaint(ANONYMOUS, text="Dugaan pungli di parkiran MPP.", tenant_id=dukcapil.id, kind="information")
    change_status(operator_of(dukcapil), sent, "forwarded", lapor_number="LAPOR-98765432")
    at("2026-05-10T10:00")
    figures = complaint_figures(Period(date(2026, 3, 1), date(2026, 3, 31)))
    assert figures["resolution_overdue_now"] == 1 and figures["forwarded"] == 1
    assert figures["by_kind"] == {"complaint": 1, "information": 1}


def test_a_confidential_complainant_never_leaves_the_pc_even_under_the_full_sync_policy(app, seeded):
    from mpp_lite.sync.models import OutboxRow
    from mpp_lite.sync.policy import view

    complaint = file_complaint(
        ANONYMOUS,
        text="Petugas meminta uang di luar tarif.",
        tenant_id=seeded["tenants"][0].id,
        contact_name="Rahmat Hidayat",
        contact_phone="081234567890",
        confidential=True,
    )
    change_status(operator_of(seeded["tenants"][0]), complaint, "forwarded", lapor_number="4567891")
    db.session.commit()
    row = db.session.scalars(
        db.select(OutboxRow).where(OutboxRow.record_uid == complaint.uid).order_by(OutboxRow.version.desc())
    ).first()
    full = view("complaint", row.payload, "full")
    assert full["contact_name"] == "" and full["contact_phone"] == ""
    assert full["status"] == "forwarded" and full["lapor_number"] == "4567891" and full["resolution_due"]
