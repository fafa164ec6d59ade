"""Ready for the PEKPPP evaluation: the Maklumat Pelayanan, the standards' decrees and reviews,
public consultations, the SKM cycle with follow-up on /survei/hasil, and the evidence pack."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from mpp_lite.catalogue.models import Maklumat, PublicConsultation, Service, StandardReview
from mpp_lite.extensions import db
from mpp_lite.site import clock
from mpp_lite.survey.models import FollowUp, SurveyPeriod

MAKLUMAT = (
    "Dengan ini kami menyatakan sanggup menyelenggarakan pelayanan sesuai standar pelayanan yang telah ditetapkan."
)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def admin(client, create_user, login):
    return login(create_user("admin1", "admin"))


def maklumat_form(**overrides) -> dict:
    signed = clock.today() - timedelta(days=10)
    return {
        "text": MAKLUMAT,
        "signatory_name": "Drs. Ahmad Fauzi",
        "signatory_title": "Kepala DPMPTSP",
        "signed_on": signed.isoformat(),
        "valid_until": "",
        "on_display": "y",
        **overrides,
    }


# ---------------------------------------------------------------- Maklumat Pelayanan


def test_the_maklumat_is_shown_on_the_home_page_kiosk_and_tv_and_prints_on_a4(client, admin, seeded, create_token):
    assert client.post("/admin/maklumat", data=maklumat_form()).status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert "sanggup menyelenggarakan pelayanan" in home and "Drs. Ahmad Fauzi" in home

    kiosk_token = create_token("kiosk")
    kiosk = client.application.test_client().get("/kiosk", headers={"Authorization": f"Bearer {kiosk_token}"})
    assert 'id="kiosk-maklumat"' in kiosk.get_data(as_text=True)
    display = client.application.test_client().get(
        "/api/v1/display", headers={"Authorization": f"Bearer {create_token('display')}"}
    )
    assert "MAKLUMAT PELAYANAN: Dengan ini kami" in display.get_json()["running_text"]

    pdf = client.get("/maklumat-pelayanan.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = pdf_text(pdf.data)
    assert "MAKLUMAT PELAYANAN" in text and "Drs. Ahmad Fauzi" in text and "Kepala DPMPTSP" in text

    # Without the TV box ticked, the board's running text is the admin's own again.
    client.post("/admin/maklumat", data=maklumat_form(on_display=""))
    display = client.application.test_client().get(
        "/api/v1/display", headers={"Authorization": f"Bearer {create_token('display', name='tv 2')}"}
    )
    assert "MAKLUMAT" not in display.get_json()["running_text"]


def test_the_admin_home_warns_when_the_maklumat_is_missing_or_over_a_year_old(client, admin, at):
    at("2026-12-07T09:00")
    assert 'id="maklumat-warning"' in client.get("/admin/").get_data(as_text=True)  # none yet
    client.post("/admin/maklumat", data=maklumat_form(signed_on="2026-01-05"))
    assert 'id="maklumat-warning"' not in client.get("/admin/").get_data(as_text=True)
    at("2027-01-06T09:00")
    page = client.get("/admin/").get_data(as_text=True)
    assert 'id="maklumat-warning"' in page and "05-01-2026" in page


def test_bad_maklumat_input_names_the_fields_and_saves_nothing(client, admin):
    response = client.post(
        "/admin/maklumat",
        data=maklumat_form(text="pendek", signatory_name="", signed_on="2026-02-30", valid_until="kemarin"),
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    for name in ("text", "signatory_name", "signed_on", "valid_until"):
        assert f'id="{name}-error"' in html, name
    assert 'value="Kepala DPMPTSP"' in html  # what was typed stays
    assert db.session.scalar(db.select(db.func.count(Maklumat.id))) == 0


# ---------------------------------------------------------------- standards: decree, reviews, consultations


def test_decree_and_reviews_show_on_the_service_page_and_pdf_and_empty_the_lists(client, admin, seeded, at):
    at("2026-06-10T09:00")
    ktp = seeded["services"][0]
    lists = client.get("/admin/standar?tampil=tanpa-sk").get_data(as_text=True)
    assert ktp.name in lists
    assert (
        client.post(
            f"/admin/standar/{ktp.id}",
            data={"action": "decree", "decree_number": "400.12/015/Disdukcapil/2026", "decree_date": "2026-01-15"},
        ).status_code
        == 302
    )
    assert (
        client.post(
            f"/admin/standar/{ktp.id}",
            data={
                "action": "review",
                "reviewed_on": "2026-05-20",
                "changes": "Waktu layanan menjadi 1 hari kerja.",
                "participants": "Bagian Organisasi, perwakilan disabilitas",
            },
        ).status_code
        == 302
    )
    assert ktp.name not in client.get("/admin/standar?tampil=tanpa-sk").get_data(as_text=True)
    assert ktp.name not in client.get("/admin/standar?tampil=belum-ditinjau").get_data(as_text=True)

    page = client.get(f"/layanan/{ktp.id}").get_data(as_text=True)
    assert "400.12/015/Disdukcapil/2026" in page and "15-01-2026" in page and "20-05-2026" in page
    text = pdf_text(client.get(f"/layanan/{ktp.id}/standar.pdf").data)
    assert "400.12/015/Disdukcapil/2026" in text and "15-01-2026" in text and "20-05-2026" in text

    at("2027-05-21T09:00")  # a year and a day later: due for review again
    assert ktp.name in client.get("/admin/standar?tampil=belum-ditinjau").get_data(as_text=True)


def test_a_review_before_the_decree_date_is_refused_and_nothing_is_saved(client, admin, seeded, at):
    at("2026-06-10T09:00")
    ktp = seeded["services"][0]
    client.post(
        f"/admin/standar/{ktp.id}",
        data={"action": "decree", "decree_number": "800/1/2026", "decree_date": "2026-03-01"},
    )
    response = client.post(
        f"/admin/standar/{ktp.id}",
        data={
            "action": "review",
            "reviewed_on": "2026-02-01",
            "changes": "Persyaratan dikurangi.",
            "participants": "Tim",
        },
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="reviewed_on-error"' in html and "01-03-2026" in html
    assert db.session.scalar(db.select(db.func.count(StandardReview.id))) == 0
    assert db.session.get(Service, ktp.id).last_reviewed_on is None
    future = client.post(
        f"/admin/standar/{ktp.id}",
        data={"action": "decree", "decree_number": "800/2/2026", "decree_date": "2026-12-01"},
    )
    assert future.status_code == 422 and 'id="decree_date-error"' in future.get_data(as_text=True)


def test_a_consultation_keeps_its_minutes_and_refuses_a_fake_pdf(client, admin, seeded, at):
    at("2026-06-10T09:00")
    form = {
        "held_on": "2026-03-10",
        "participants_count": "42",
        "topic": "Peninjauan standar KTP-el dan KK.",
        "service_id": str(seeded["services"][0].id),
    }
    fake = client.post(
        "/admin/konsultasi-publik",
        data={**form, "minutes": (io.BytesIO(b"MZ not a pdf"), "notulen.pdf")},
        content_type="multipart/form-data",
    )
    assert fake.status_code == 422 and 'value="42"' in fake.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(PublicConsultation.id))) == 0
    minutes = b"%PDF-1.4 berita acara"
    done = client.post(
        "/admin/konsultasi-publik",
        data={**form, "minutes": (io.BytesIO(minutes), "berita acara.pdf")},
        content_type="multipart/form-data",
    )
    assert done.status_code == 302
    row = db.session.scalar(db.select(PublicConsultation))
    assert client.get(f"/admin/konsultasi-publik/{row.id}/notulen").data == minutes


# ---------------------------------------------------------------- SKM follow-up and /survei/hasil


def test_a_follow_up_deadline_in_the_past_is_refused(client, admin, seeded, at):
    at("2026-07-10T09:00")
    client.post("/admin/survei/periode", data={"name": "Semester I 2026", "start": "2026-01-01", "end": "2026-06-30"})
    period = db.session.scalar(db.select(SurveyPeriod))
    response = client.post(
        f"/admin/survei/periode/{period.id}",
        data={
            "action": "add",
            "element": "U3",
            "follow_action": "Menambah petugas pada jam sibuk.",
            "responsible": "Kepala Bidang Pelayanan",
            "deadline": "2026-07-01",
        },
    )
    assert response.status_code == 422 and 'id="deadline-error"' in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(FollowUp.id))) == 0
    ok = client.post(
        f"/admin/survei/periode/{period.id}",
        data={
            "action": "add",
            "element": "U3",
            "follow_action": "Menambah petugas pada jam sibuk.",
            "responsible": "Kepala Bidang Pelayanan",
            "deadline": "2026-08-31",
        },
    )
    assert ok.status_code == 302
    done_without_evidence = client.post(
        f"/admin/survei/periode/{period.id}",
        data={"action": "status", "follow_up_id": str(db.session.scalar(db.select(FollowUp.id))), "status": "done"},
    )
    assert done_without_evidence.status_code == 422


def test_published_periods_show_ikm_sample_note_per_element_and_follow_up(client, admin, seeded, at):
    from survey_fixtures import make_response, worked_example_answers

    at("2026-07-10T09:00")
    ktp = seeded["services"][0]
    for answers in worked_example_answers():
        make_response(ktp, answers, day=date(2026, 3, 2))
    db.session.commit()
    client.post(
        "/admin/survei/periode",
        data={"name": "Semester I 2026", "start": "2026-01-01", "end": "2026-06-30", "population": "1000"},
    )
    period = db.session.scalar(db.select(SurveyPeriod))
    assert "Semester I 2026" not in client.get("/survei/hasil").get_data(as_text=True)  # not published yet
    client.post(
        f"/admin/survei/periode/{period.id}",
        data={
            "action": "add",
            "element": "U3",
            "follow_action": "Membuka loket tambahan pada hari Senin.",
            "responsible": "Koordinator MPP",
            "deadline": "2026-09-30",
        },
    )
    client.post(f"/admin/survei/periode/{period.id}", data={"action": "publish", "published": "y"})
    page = client.application.test_client().get("/survei/hasil").get_data(as_text=True)
    assert "Semester I 2026" in page and "91.48" in page
    assert "n = 29" in page and "278" in page  # Krejcie & Morgan: 1000 visitors need 278
    assert "Membuka loket tambahan pada hari Senin." in page and "Koordinator MPP" in page


# ---------------------------------------------------------------- the demo's evidence pack


@pytest.mark.slow
def test_the_demo_evidence_pack_holds_each_named_document_with_its_content(app, runner, client, tmp_path):
    assert runner.invoke(args=["init", "--demo"]).exit_code == 0
    year = clock.today().year - 1  # the demo's SKM and complaints are last year's
    out = tmp_path / "bukti.zip"
    result = runner.invoke(args=["reports", "evidence", "--year", str(year), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == str(out)
    pack = zipfile.ZipFile(out)
    names = pack.namelist()
    for name in (
        "00-Daftar-Isi.txt",
        "01-Maklumat-Pelayanan.pdf",
        "02-Daftar-Standar-Pelayanan.csv",
        f"05-Forum-Konsultasi-Publik-{year}.csv",
        f"06-Laporan-SKM-Semester-I-{year}.pdf",
        f"06-Laporan-SKM-Semester-II-{year}.pdf",
        f"07-Tindak-Lanjut-SKM-{year}.csv",
        f"08-Rekap-Pengaduan-{year}.pdf",
        f"09-Laporan-Bulanan/Laporan-Bulanan-{year}-12.pdf",
    ):
        assert name in names, name
    standards = [n for n in names if n.startswith("03-Standar-Pelayanan/")]
    assert len(standards) == db.session.scalar(db.select(db.func.count(Service.id)).where(Service.published.is_(True)))
    assert any(n.startswith("05-Notulen/") for n in names)

    assert "sanggup menyelenggarakan pelayanan" in pdf_text(pack.read("01-Maklumat-Pelayanan.pdf"))
    ktp = pdf_text(pack.read(next(n for n in standards if "DKC-01" in n)))
    assert f"400.12/015/Disdukcapil/{year}" in ktp and f"15-01-{year}" in ktp
    period = db.session.scalar(db.select(SurveyPeriod).where(SurveyPeriod.name == f"Semester I {year}"))
    from mpp_lite.survey.periods import period_result

    result = period_result(period)
    skm = pdf_text(pack.read(f"06-Laporan-SKM-Semester-I-{year}.pdf"))
    assert f"{result.overall.ikm:.2f}" in skm and "Krejcie" in skm
    assert "Menambah dua petugas perekaman KTP-el" in skm.replace("\n", " ")
    complaints = pdf_text(pack.read(f"08-Rekap-Pengaduan-{year}.pdf"))
    assert "60 hari" in complaints and "SP4N-LAPOR!" in complaints
    assert "IKM" in pdf_text(pack.read(f"09-Laporan-Bulanan/Laporan-Bulanan-{year}-03.pdf"))

    hasil = client.get("/survei/hasil").get_data(as_text=True)
    assert f"Semester I {year}" in hasil and f"{result.overall.ikm:.2f}" in hasil and "Krejcie" in hasil


def test_the_admin_downloads_the_pack_and_operators_cannot(client, admin, seeded, create_user, login):
    response = client.get(f"/admin/bukti-evaluasi.zip?tahun={clock.today().year}")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert "00-Daftar-Isi.txt" in zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    operator = login(create_user("op1", "operator", seeded["tenants"][0]), on=client.application.test_client())
    assert operator.get("/admin/bukti-evaluasi.zip").status_code == 403
    assert client.get("/admin/bukti-evaluasi.zip?tahun=1900").status_code == 404
