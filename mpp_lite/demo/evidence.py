"""The demo regency's evaluation evidence: a Maklumat, decrees and reviews, a public consultation
with minutes, last year's SKM (two published semesters with follow-up) and last year's complaints.

Survey answers and complaints are dated in the calendar year before the load, so that today's
and this month's figures (dashboard, reports, the IKM API) stay those of the demo's own day.
"""

from __future__ import annotations

import random
import secrets
from datetime import date, datetime, time, timedelta, timezone
from io import BytesIO

from mpp_lite.catalogue.models import Maklumat, PublicConsultation, Service, StandardReview, Tenant
from mpp_lite.complaints.models import Complaint, ComplaintStep
from mpp_lite.complaints.services import format_reference, resolution_deadline, response_deadline
from mpp_lite.extensions import db
from mpp_lite.site import clock
from mpp_lite.site.services import update_settings
from mpp_lite.survey.models import FollowUp, SurveyPeriod, SurveyResponse

MAKLUMAT_TEXT = (
    "Dengan ini kami menyatakan sanggup menyelenggarakan pelayanan sesuai standar pelayanan yang telah "
    "ditetapkan, dan apabila tidak menepati janji ini, kami siap menerima sanksi sesuai peraturan "
    "perundang-undangan yang berlaku.\n\n"
    "Kami berkomitmen memberikan pelayanan yang cepat, mudah, transparan, tanpa pungutan liar, serta "
    "mengutamakan penyandang disabilitas, lanjut usia, ibu hamil, dan anak-anak."
)

# One decree per tenant sets the standards of all its services (as regencies usually do).
DECREES = {
    "DUKCAPIL": "400.12/015/Disdukcapil/{year}",
    "POLRES": "Kep/27/I/{year}/Polres Sukamaju",
    "IMIGRASI": "W.11.IMI.IMI.3-UM.01.01-0123 Tahun {year}",
    "BPJSKES": "0045/KC-XII/0125",
    "SAMSAT": "970/041/Bapenda-Sukamaju/{year}",
    "KPP": "KEP-12/KPP.0915/{year}",
    "KEMENAG": "B-150/Kk.10.20/1/OT.01.2/{year}",
    "PDAM": "690/012/Perumda-TS/{year}",
    "DPMPTSP": "800/123/DPMPTSP/{year}",
}  # the regional bank has none yet: the admin's "no decree" list shows it

# Semester element scores: (mean score per element U1..U9), the weak ones low on purpose.
SEMESTERS = (
    ("Semester I {year}", (1, 1), (6, 30), 10840, (3.3, 3.0, 2.6, 3.8, 3.3, 3.2, 3.4, 2.8, 3.0)),
    ("Semester II {year}", (7, 1), (12, 31), 11275, (3.4, 3.2, 3.0, 3.8, 3.4, 3.3, 3.5, 3.1, 2.9)),
)
RESPONSES_PER_SEMESTER = 45

FOLLOW_UPS = {
    0: (
        (
            "U3",
            "Menambah dua petugas perekaman KTP-el pada jam sibuk (08.00-11.00) dan memasang papan waktu tunggu.",
            "Kepala Bidang Pelayanan Disdukcapil",
            (8, 31),
            "done",
            "SK penugasan 812/Disdukcapil; foto papan waktu tunggu",
        ),
        (
            "U8",
            "Menyediakan meja pengaduan dan nomor WhatsApp pengaduan yang dijawab pada hari kerja yang sama.",
            "Kepala Bagian Umum MPP",
            (9, 30),
            "done",
            "Nomor WhatsApp 0811-2299-3300 aktif sejak 1 September",
        ),
        (
            "U2",
            "Menyederhanakan alur permohonan akta kelahiran dengan satu formulir terpadu.",
            "Kepala Bidang Pencatatan Sipil",
            (10, 31),
            "in_progress",
            "",
        ),
    ),
    1: (
        (
            "U9",
            "Memperbaiki pendingin ruang tunggu lantai dua dan menambah 40 kursi.",
            "Kepala Bagian Umum MPP",
            (3, 31),
            "planned",
            "",
        ),
        (
            "U3",
            "Menerapkan reservasi antrean daring untuk layanan paspor dan SKCK.",
            "Koordinator MPP",
            (4, 30),
            "planned",
            "",
        ),
    ),
}

COMPLAINTS = (
    # (month, day, kind, tenant, text, status, confidential, name, lapor number)
    (
        2,
        10,
        "complaint",
        "DUKCAPIL",
        "Antrean perekaman KTP-el sangat lama, lebih dari tiga jam menunggu.",
        "closed",
        False,
        "Asep Saepudin",
        "",
    ),
    (
        3,
        4,
        "suggestion",
        None,
        "Mohon disediakan ruang laktasi dan tempat bermain anak di ruang tunggu.",
        "closed",
        False,
        "",
        "",
    ),
    (
        4,
        22,
        "complaint",
        "SAMSAT",
        "Diminta biaya tambahan di luar tarif resmi saat pengesahan STNK.",
        "forwarded",
        True,
        "Dedi Kurniawan",
        "5123456",
    ),
    (
        6,
        16,
        "information",
        "IMIGRASI",
        "Apakah permohonan paspor anak bisa tanpa kehadiran kedua orang tua?",
        "closed",
        False,
        "Rina Marlina",
        "",
    ),
    (
        8,
        5,
        "complaint",
        "POLRES",
        "Petugas loket SKCK bersikap kurang ramah kepada pemohon lanjut usia.",
        "closed",
        True,
        "Yusuf Maulana",
        "",
    ),
    (
        10,
        7,
        "complaint",
        "PDAM",
        "Tagihan air bulan ini dua kali lipat tanpa penjelasan, sudah melapor tapi belum ditanggapi.",
        "in_progress",
        False,
        "Nur Aisyah",
        "",
    ),
    (
        12,
        1,
        "complaint",
        "DUKCAPIL",
        "Kartu Keluarga hasil perubahan belum jadi padahal sudah lewat janji layanan.",
        "new",
        False,
        "Bambang Sutrisno",
        "",
    ),
)


def _minutes_pdf(year: int) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setFont("Helvetica-Bold", 13)
    page.drawString(60, 780, "BERITA ACARA FORUM KONSULTASI PUBLIK")
    page.setFont("Helvetica", 10)
    for index, line in enumerate(
        (
            f"Hari/tanggal: Selasa, 10 Maret {year}, Aula MPP Kabupaten Sukamaju",
            "Peserta: 42 orang (perwakilan instansi, tokoh masyarakat, penyandang disabilitas, akademisi)",
            "Hasil: waktu layanan KTP-el dan KK dipertegas; loket prioritas ditambah; biaya tetap Gratis.",
        )
    ):
        page.drawString(60, 750 - 18 * index, line)
    page.showPage()
    page.save()
    return buffer.getvalue()


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), clock.zone()).astimezone(timezone.utc)


def load_evidence(tenants: dict[str, Tenant]) -> None:
    today = clock.today()
    year = today.year - 1
    signed = today - timedelta(days=60)
    db.session.add(
        Maklumat(
            text=MAKLUMAT_TEXT,
            signatory_name="Drs. H. Ahmad Fauzi, M.Si.",
            signatory_title="Kepala DPMPTSP Kabupaten Sukamaju",
            signatory_nip="19700512 199803 1 004",
            signed_on=signed,
            valid_until=signed + timedelta(days=730),
            on_display=True,
            recorded_by="demo",
        )
    )
    update_settings({"maklumat_ticker": "MAKLUMAT PELAYANAN: " + " ".join(MAKLUMAT_TEXT.split())})
    services = list(db.session.scalars(db.select(Service).order_by(Service.code)))
    reviewed = today - timedelta(days=45)
    for service in services:
        code = next((c for c, t in tenants.items() if t.id == service.tenant_id), "")
        if code not in DECREES:
            continue
        service.decree_number = DECREES[code].format(year=year)
        service.decree_date = date(year, 1, 15)
        service.last_reviewed_on = reviewed
        service.reviews.append(
            StandardReview(
                reviewed_on=date(year, 3, 12),
                recorded_by="demo",
                changes="Waktu layanan dan alur prosedur disesuaikan dengan hasil Forum Konsultasi Publik 10 Maret.",
                participants=(
                    "Tim penyusun standar pelayanan, Bagian Organisasi Setda, perwakilan masyarakat dan disabilitas"
                ),
            )
        )
        service.reviews.append(
            StandardReview(
                reviewed_on=reviewed,
                recorded_by="demo",
                changes="Tidak ada perubahan; persyaratan dan biaya tetap.",
                participants="Tim penyusun standar pelayanan dan Ombudsman RI Perwakilan Jawa Barat",
            )
        )
    db.session.add(
        PublicConsultation(
            held_on=date(year, 3, 10),
            participants_count=42,
            recorded_by="demo",
            topic=(
                "Peninjauan standar pelayanan KTP-el, KK dan akta: waktu layanan, loket prioritas, biaya tetap gratis."
            ),
            service_id=next((s.id for s in services if s.code == "DKC-01"), None),
            minutes_filename=f"berita-acara-fkp-{year}-03-10.pdf",
            minutes_mimetype="application/pdf",
            minutes=_minutes_pdf(year),
        )
    )
    _load_surveys(year, services)
    _load_complaints(year, tenants)
    db.session.flush()


def _load_surveys(year: int, services: list[Service]) -> None:
    rng = random.Random(year)  # the same answers for the same year
    for index, (name, (m1, d1), (m2, d2), population, means) in enumerate(SEMESTERS):
        start, end = date(year, m1, d1), date(year, m2, d2)
        period = SurveyPeriod(name=name.format(year=year), start=start, end=end, population=population, published=True)
        db.session.add(period)
        for number in range(RESPONSES_PER_SEMESTER):
            service = services[(number * 7 + index) % len(services)]
            day = start + timedelta(days=(number * 37) % ((end - start).days + 1))
            scores = [max(1, min(4, round(mean + rng.uniform(-0.9, 0.9)))) for mean in means]
            db.session.add(
                SurveyResponse(
                    source="kiosk",
                    service_id=service.id,
                    tenant_id=service.tenant_id,
                    day=day,
                    submitted_at=_at(day, 10),
                    recorded_by="demo",
                    **{f"u{i + 1}": score for i, score in enumerate(scores)},
                )
            )
        for element, action, responsible, (month, day), status, evidence in FOLLOW_UPS[index]:
            deadline = date(year + (1 if index == 1 else 0), month, day)
            period.follow_ups.append(
                FollowUp(
                    element=element,
                    action=action,
                    responsible=responsible,
                    deadline=deadline,
                    status=status,
                    evidence=evidence,
                    recorded_by="demo",
                )
            )


def _load_complaints(year: int, tenants: dict[str, Tenant]) -> None:
    for seq, (month, day_of_month, kind, tenant_code, text, status, confidential, name, lapor) in enumerate(
        COMPLAINTS, 1
    ):
        day = date(year, month, day_of_month)
        received = _at(day, 9)
        complaint = Complaint(
            reference=format_reference(year, seq),
            year=year,
            seq=seq,
            access_token=secrets.token_urlsafe(18)[:24],
            kind=kind,
            channel="desk",
            tenant_id=tenants[tenant_code].id if tenant_code else None,
            text=text,
            contact_name=name,
            contact_phone="0812" + f"{seq:08d}"[-8:] if name else "",
            status=status,
            received_at=received,
            day=day,
            due_date=response_deadline(day),
            completed_on=day,
            resolution_due=resolution_deadline(day),
            confidential=confidential,
            recorded_by="Petugas Informasi",
        )
        complaint.steps.append(ComplaintStep(from_status=None, to_status="new", at=received, actor="Petugas Informasi"))
        if status in ("closed", "forwarded", "in_progress"):
            complaint.steps.append(
                ComplaintStep(from_status="new", to_status="in_progress", at=_at(day, 11), actor="Petugas Informasi")
            )
        if status == "closed":
            answered = _at(day + timedelta(days=2), 10)
            complaint.answer = "Terima kasih; sudah kami tindak lanjuti dan kami sampaikan hasilnya kepada Bapak/Ibu."
            complaint.answered_at, complaint.answered_by, complaint.closed_at = answered, "Petugas Informasi", answered
            complaint.steps.append(
                ComplaintStep(from_status="in_progress", to_status="closed", at=answered, actor="Petugas Informasi")
            )
        if status == "forwarded":
            complaint.lapor_number, complaint.forwarded_at = lapor, _at(day + timedelta(days=1), 9)
            complaint.steps.append(
                ComplaintStep(
                    from_status="in_progress",
                    to_status="forwarded",
                    at=complaint.forwarded_at,
                    actor="Petugas Informasi",
                    note=f"Diteruskan ke SP4N-LAPOR!, nomor {lapor}",
                )
            )
        db.session.add(complaint)
