"""Privacy (UU 27/2022): retention settings, anonymising purge, export on request, the notice."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from mpp_lite.applications.models import Application
from mpp_lite.audit.models import AuditEvent
from mpp_lite.auth.permissions import Actor
from mpp_lite.extensions import db
from mpp_lite.privacy.services import ANONYMISED_NAME, purge
from mpp_lite.site import clock

NIK_A = "3201014501900002"
NIK_B = "3201011203850001"
PHONE_A = "081234567890"


@pytest.fixture
def clerk(seeded):
    return Actor(kind="user", role="admin", name="kepala", id=None)


@pytest.fixture
def register(seeded, clerk):
    from mpp_lite.applications.services import register_application

    def make(nik=NIK_A, phone=PHONE_A, name="Siti Aminah", close=None, days_ago=0):
        service = seeded["services"][0]
        application = register_application(
            clerk,
            service.id,
            {"name": name, "nik": nik, "phone": phone, "email": "siti@example.id", "address": "Jl. Melati 1"},
            list(service.requirements),
        )
        if close:
            from mpp_lite.applications.services import transition

            if close == "picked_up":
                for status in ("verified", "processing", "ready", "picked_up"):
                    transition(clerk, application, status, "catatan untuk Siti Aminah")
            else:
                transition(clerk, application, "rejected", "dokumen palsu")
        if days_ago:
            moment = clock.utcnow() - timedelta(days=days_ago)
            application.received_at = moment
            if application.closed_at:
                application.closed_at = moment
        db.session.commit()
        return application

    return make


def by_status() -> dict[str, int]:
    rows = db.session.execute(db.select(Application.status, db.func.count()).group_by(Application.status))
    return dict(rows.all())


def test_purge_anonymises_closed_applications_past_retention_and_keeps_statistics(app, register):
    old_done = register(close="picked_up", days_ago=800)
    old_rejected = register(nik=NIK_B, close="rejected", days_ago=800)
    recent_done = register(close="picked_up", days_ago=10)
    old_open = register(days_ago=800)  # still open: kept until the abandoned-file period
    statuses, total = by_status(), db.session.scalar(db.select(db.func.count(Application.id)))

    counts = purge()
    db.session.commit()
    assert counts["application"] == 2

    for application in (old_done, old_rejected):
        db.session.refresh(application)
        assert application.applicant_name == ANONYMISED_NAME
        assert (application.nik, application.phone, application.email, application.address) == (None, None, None, None)
        assert application.anonymised_at is not None
        assert all(step.note == "" for step in application.steps)
    for application in (recent_done, old_open):
        db.session.refresh(application)
        assert application.nik == NIK_A and application.anonymised_at is None
    assert by_status() == statuses
    assert db.session.scalar(db.select(db.func.count(Application.id))) == total
    assert old_done.service_id and old_done.received_at and old_done.closed_at
    assert db.session.scalar(db.select(db.func.count(Application.id)).where(Application.nik == NIK_B)) == 0


def test_abandoned_open_applications_are_anonymised_after_their_own_period(app, register):
    stale = register(days_ago=1900)
    assert purge()["application"] == 1
    db.session.commit()
    db.session.refresh(stale)
    assert stale.nik is None and stale.status == "received"


def test_retention_is_a_setting(app, register):
    from mpp_lite.privacy.services import save_retention

    done = register(close="picked_up", days_ago=40)
    assert purge()["application"] == 0
    save_retention(
        {
            "retention_days_application": 30,
            "retention_days_open_application": 1825,
            "retention_days_complaint": 730,
            "retention_days_survey": 730,
        },
        daily_purge=False,
    )
    assert purge()["application"] == 1
    db.session.commit()
    db.session.refresh(done)
    assert done.nik is None


def test_purge_is_idempotent_and_a_new_sync_version(app, register):
    done = register(close="picked_up", days_ago=800)
    version = done.version
    assert purge()["application"] == 1
    db.session.commit()
    assert purge()["application"] == 0
    db.session.refresh(done)
    assert done.version > version  # the central copy receives the anonymised version


def test_complaint_contacts_and_survey_suggestions_are_cleared_after_retention(app, seeded):
    from mpp_lite.complaints.models import Complaint
    from mpp_lite.survey.models import SurveyResponse

    service, tenant = seeded["services"][0], seeded["tenants"][0]
    long_ago = clock.utcnow() - timedelta(days=800)
    complaint = Complaint(
        reference="ADU-2024-000001",
        year=2024,
        seq=1,
        access_token="t" * 32,
        text="Antrean lama",
        contact_name="Budi",
        contact_phone="081298765432",
        contact_email="b@example.id",
        tenant_id=tenant.id,
        received_at=long_ago,
        day=date(2024, 1, 2),
        due_date=date(2024, 1, 20),
    )
    answer = SurveyResponse(
        source="walkup",
        service_id=service.id,
        tenant_id=tenant.id,
        day=date(2024, 1, 2),
        submitted_at=long_ago,
        suggestion="Hubungi saya di 081298765432",
        **{f"u{n}": 3 for n in range(1, 10)},
    )
    db.session.add_all([complaint, answer])
    db.session.commit()
    counts = purge()
    db.session.commit()
    assert counts["complaint"] == 1 and counts["survey"] == 1
    db.session.refresh(complaint)
    db.session.refresh(answer)
    assert (complaint.contact_name, complaint.contact_phone, complaint.contact_email) == ("", "", "")
    assert complaint.text == "Antrean lama" and complaint.anonymised_at is not None
    assert answer.suggestion == "" and answer.u1 == 3


def test_purge_command_reports_and_is_audited(app, runner, register):
    register(close="picked_up", days_ago=800)
    result = runner.invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output
    assert "Anonymised: 1 applications" in result.output
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="privacy_purge"))
    assert event.detail["application"] == 1


def test_export_gives_that_persons_applications_and_is_audited_without_the_nik(app, runner, register):
    mine = register()
    register(nik=NIK_B, name="Orang Lain")
    result = runner.invoke(args=["privacy", "export", "--nik", NIK_A, "--by", "petugas-informasi"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["nik"] == NIK_A
    assert [item["tracking_code"] for item in data["applications"]] == [mine.tracking_code]
    item = data["applications"][0]
    assert item["applicant"] == {
        "name": "Siti Aminah",
        "nik": NIK_A,
        "phone": PHONE_A,
        "email": "siti@example.id",
        "address": "Jl. Melati 1",
    }
    assert item["history"][0]["to"] == "received"
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="privacy_export"))
    assert event.actor == "petugas-informasi"
    assert event.detail["applications"] == [mine.tracking_code]
    assert NIK_A not in json.dumps(event.detail) + event.object_id


def test_export_to_a_file_and_bad_nik(app, runner, register, tmp_path):
    register()
    out = tmp_path / "siti.json"
    result = runner.invoke(args=["privacy", "export", "--nik", NIK_A, "--out", str(out)])
    assert result.exit_code == 0 and "Exported 1 applications" in result.output
    assert json.loads(out.read_text())["applications"]
    result = runner.invoke(args=["privacy", "export", "--nik", "12345"])
    assert result.exit_code == 1 and "16 digits" in result.output


def test_admin_privacy_page_exports_and_saves_retention(app, client, create_user, login, register):
    register()
    login(create_user())
    response = client.post("/admin/privasi/ekspor", data={"nik": NIK_A})
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert json.loads(response.data)["applications"][0]["applicant"]["nik"] == NIK_A
    assert db.session.scalar(db.select(AuditEvent).filter_by(action="privacy_export")).actor == "admin1"

    response = client.post("/admin/privasi/ekspor", data={"nik": "32010"})
    assert response.status_code == 400 and 'value="32010"' in response.get_data(as_text=True)

    response = client.post(
        "/admin/privasi",
        data={
            "retention_days_application": "0",
            "retention_days_open_application": "1825",
            "retention_days_complaint": "365",
            "retention_days_survey": "365",
        },
    )
    assert response.status_code == 400
    response = client.post(
        "/admin/privasi",
        data={
            "retention_days_application": "365",
            "retention_days_open_application": "1825",
            "retention_days_complaint": "365",
            "retention_days_survey": "365",
            "daily_purge": "y",
        },
    )
    assert response.status_code == 302
    from mpp_lite.privacy.services import daily_purge_enabled, retention_days

    assert retention_days()["retention_days_application"] == 365 and daily_purge_enabled()


def test_privacy_admin_is_for_admins_only(app, client, create_user, login, seeded):
    login(create_user("sup", "supervisor"))
    assert client.get("/admin/privasi").status_code == 403
    assert client.post("/admin/privasi/ekspor", data={"nik": NIK_A}).status_code == 403
    assert client.post("/admin/privasi/anonimkan").status_code == 403


def test_citizens_privacy_notice_in_indonesian_linked_from_every_page(app, client, seeded):
    page = client.get("/privasi").get_data(as_text=True)
    assert "Pemberitahuan Privasi" in page
    assert "27 Tahun 2022" in page and "730 hari" in page
    home = client.get("/").get_data(as_text=True)
    assert 'href="/privasi"' in home
