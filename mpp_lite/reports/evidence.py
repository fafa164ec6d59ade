"""The evidence pack for the PEKPPP evaluation: one ZIP of plainly named PDFs and CSVs.

What an evaluator asks the hall for each year: the Maklumat Pelayanan, the decreed and reviewed
Standar Pelayanan, the Forum Konsultasi Publik minutes, the SKM report per period with its
follow-up, the complaints measured against their deadlines, and the monthly reports. Read-only.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from xml.sax.saxutils import escape

from flask_babel import force_locale
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer
from sqlalchemy import select

from mpp_lite.catalogue.models import Service, StandardReview
from mpp_lite.catalogue.pdf import maklumat_pdf, standard_pdf
from mpp_lite.catalogue.standards import REVIEW_INTERVAL, consultations, current_maklumat
from mpp_lite.complaints.models import Complaint
from mpp_lite.complaints.services import RESOLUTION_DAYS, response_days
from mpp_lite.extensions import db
from mpp_lite.reports.exports import to_csv
from mpp_lite.reports.pdf import _number, _percent, _table, monthly_report
from mpp_lite.reports.services import month_period
from mpp_lite.site import clock
from mpp_lite.site.pdf import build_document, printed_at, styles
from mpp_lite.site.services import get_settings
from mpp_lite.survey.ikm import ELEMENTS
from mpp_lite.survey.periods import PeriodResult, period_result, periods

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
FOLLOW_UP_WORDS = {"planned": "Direncanakan", "in_progress": "Sedang berjalan", "done": "Selesai"}


def evidence_filename(year: int) -> str:
    return f"bukti-pekppp-{year}.zip"


def _slug(text: str) -> str:
    kept = "".join(ch if ch.isalnum() else "-" for ch in text)
    return "-".join(part for part in kept.split("-") if part)[:60]


def _d(day: date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else "-"


# ---------------------------------------------------------------- SKM report per period


def skm_report(result: PeriodResult, settings: dict) -> BytesIO:
    """One period's SKM: IKM and grade, sample against Krejcie & Morgan, NRR per element, per
    agency, the lowest elements and the follow-up planned and taken."""
    s = styles()
    period, overall = result.period, result.overall
    story = [
        Paragraph("LAPORAN SURVEI KEPUASAN MASYARAKAT", s["title"]),
        Paragraph(escape(f"{period.name} ({_d(period.start)} s.d. {_d(period.end)})"), s["subtitle"]),
        Spacer(1, 5 * mm),
    ]
    ikm_text = "-" if overall.ikm is None else f"{overall.ikm:.2f}"
    sample = result.sample
    story.append(
        _table(
            [
                ["Ukuran", "Nilai"],
                ["Indeks Kepuasan Masyarakat (IKM)", ikm_text],
                ["Mutu pelayanan", f"{overall.band} ({overall.label})" if overall.band else "-"],
                ["Jumlah responden (n)", _number(overall.n)],
                ["Populasi (pengunjung dilayani)", _number(sample["population"])],
                ["Sampel minimal (Krejcie & Morgan)", _number(sample["needed"])],
                ["Sampel mencukupi", "Ya" if sample["enough"] else "Belum"],
            ],
            widths=[95 * mm, 60 * mm],
        )
    )
    story.append(Paragraph("Nilai per unsur (PermenPANRB 14/2017)", s["h2"]))
    nrr = overall.nrr_rounded() if overall.n else {}
    rows = [["Unsur", "NRR", "Nilai (25-100)", "Terendah"]]
    for element in ELEMENTS:
        rows.append(
            [
                f"{element.code} {element.official_name}",
                "-" if not overall.n else f"{nrr[element.code]:.3f}",
                "-" if not overall.n else f"{overall.element_ikm(element.code):.2f}",
                "Ya" if element.code in result.lowest else "",
            ]
        )
    story.append(_table(rows, widths=[95 * mm, 22 * mm, 30 * mm, 20 * mm]))
    if result.per_tenant:
        story.append(Paragraph("IKM per instansi", s["h2"]))
        story.append(
            _table(
                [["Instansi", "n", "IKM", "Mutu"]]
                + [
                    [Paragraph(escape(tenant.name), s["cell"]), _number(r.n), f"{r.ikm:.2f}", f"{r.band} ({r.label})"]
                    for tenant, r in result.per_tenant
                ],
                widths=[95 * mm, 18 * mm, 22 * mm, 35 * mm],
            )
        )
    story.append(Paragraph("Rencana dan tindak lanjut hasil SKM", s["h2"]))
    if period.follow_ups:
        story.append(
            _table(
                [["Unsur", "Tindak lanjut", "Penanggung jawab", "Batas waktu", "Status / bukti"]]
                + [
                    [
                        f.element,
                        Paragraph(escape(f.action), s["cell"]),
                        Paragraph(escape(f.responsible), s["cell"]),
                        _d(f.deadline),
                        Paragraph(
                            escape(
                                FOLLOW_UP_WORDS.get(f.status, f.status) + (f" — {f.evidence}" if f.evidence else "")
                            ),
                            s["cell"],
                        ),
                    ]
                    for f in period.follow_ups
                ],
                widths=[13 * mm, 62 * mm, 35 * mm, 22 * mm, 42 * mm],
                align_right_from=5,
            )
        )
    else:
        story.append(Paragraph("Belum ada tindak lanjut yang dicatat.", s["body"]))
    story.append(Spacer(1, 4 * mm))
    story.append(
        Paragraph(
            escape(f"Dicetak {printed_at()}. Bobot unsur {overall.weight_text}; IKM = jumlah NRR tertimbang x 25."),
            s["small"],
        )
    )
    return build_document(story, settings, title=f"Laporan SKM {period.name}", footer=f"SKM {period.name}")


# ---------------------------------------------------------------- complaints against deadlines


@dataclass
class ComplaintMonth:
    month: int
    received: int = 0
    answered_on_time: int = 0
    answered_late: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0
    forwarded: int = 0
    overdue_now: int = 0


def complaint_rows(year: int) -> list[ComplaintMonth]:
    """Per month of the year: answered within the response deadline, resolved (closed) within
    60 days of being complete, forwarded to SP4N-LAPOR!, and still overdue today."""
    from mpp_lite.complaints.services import missed_deadlines

    today = clock.today()
    months = [ComplaintMonth(m) for m in range(1, 13)]
    zone = clock.zone()
    for c in db.session.scalars(select(Complaint).where(Complaint.year == year)):
        row = months[c.day.month - 1]
        row.received += 1
        if c.answered_at is not None:
            if c.answered_at.astimezone(zone).date() <= c.due_date:
                row.answered_on_time += 1
            else:
                row.answered_late += 1
        if c.status == "closed" and c.closed_at is not None and c.resolution_due is not None:
            if c.closed_at.astimezone(zone).date() <= c.resolution_due:
                row.resolved_on_time += 1
            else:
                row.resolved_late += 1
        row.forwarded += c.status == "forwarded"
        row.overdue_now += bool(missed_deadlines(c, today))
    return months


COMPLAINT_HEADERS = [
    "Bulan",
    "Diterima",
    "Dijawab tepat waktu",
    "Dijawab terlambat",
    "Selesai <= 60 hari",
    "Selesai > 60 hari",
    "Diteruskan ke SP4N-LAPOR!",
    "Terlambat saat ini",
]


def _complaint_table(rows: list[ComplaintMonth]) -> list[list]:
    body = [
        [
            MONTHS[r.month - 1],
            r.received,
            r.answered_on_time,
            r.answered_late,
            r.resolved_on_time,
            r.resolved_late,
            r.forwarded,
            r.overdue_now,
        ]
        for r in rows
    ]
    body.append(["Jumlah"] + [sum(row[i] for row in body) for i in range(1, 8)])
    return body


def complaints_report(year: int, rows: list[ComplaintMonth], settings: dict) -> BytesIO:
    s = styles()
    table = _complaint_table(rows)
    total = table[-1]
    answered = total[2] + total[3]
    story = [
        Paragraph("REKAPITULASI PENGELOLAAN PENGADUAN", s["title"]),
        Paragraph(f"Tahun {year} · Perpres 76/2013 dan SP4N-LAPOR!", s["subtitle"]),
        Spacer(1, 5 * mm),
        Paragraph(
            escape(
                f"Batas waktu tanggapan {response_days()} hari kerja sejak diterima; batas penyelesaian "
                f"{RESOLUTION_DAYS} hari sejak pengaduan lengkap. Pengaduan yang diteruskan ke "
                "SP4N-LAPOR! dipantau di sana."
            ),
            s["body"],
        ),
        Spacer(1, 3 * mm),
        _table(
            [COMPLAINT_HEADERS] + [[str(v) for v in row] for row in table],
            widths=[24 * mm, 17 * mm, 21 * mm, 21 * mm, 21 * mm, 21 * mm, 25 * mm, 22 * mm],
        ),
        Spacer(1, 4 * mm),
        Paragraph(
            escape(f"Dijawab tepat waktu: {_percent(round(total[2] / answered * 100, 1) if answered else None)}."),
            s["body"],
        ),
        Paragraph(escape(f"Dicetak {printed_at()}."), s["small"]),
    ]
    return build_document(story, settings, title=f"Rekap Pengaduan {year}", footer=f"Pengaduan {year}")


# ---------------------------------------------------------------- standards lists


def standards_csv(year: int) -> bytes:
    end = min(date(year, 12, 31), clock.today())
    rows = []
    for service in db.session.scalars(select(Service).where(Service.published.is_(True)).order_by(Service.code)):
        reviewed = service.last_reviewed_on is not None and service.last_reviewed_on + REVIEW_INTERVAL >= end
        rows.append(
            [
                service.code,
                service.name,
                service.tenant.name,
                service.decree_number or "",
                _d(service.decree_date),
                _d(service.last_reviewed_on),
                "Ya" if reviewed else "Tidak",
            ]
        )
    return to_csv(
        ["Kode", "Layanan", "Instansi", "Nomor SK", "Tanggal SK", "Peninjauan terakhir", "Ditinjau dalam 1 tahun"], rows
    )


def reviews_csv(year: int) -> bytes:
    reviews = db.session.scalars(
        select(StandardReview)
        .where(StandardReview.reviewed_on >= date(year, 1, 1), StandardReview.reviewed_on <= date(year, 12, 31))
        .order_by(StandardReview.reviewed_on)
    )
    return to_csv(
        ["Tanggal", "Kode", "Layanan", "Perubahan", "Peserta"],
        [[_d(r.reviewed_on), r.service.code, r.service.name, r.changes, r.participants] for r in reviews],
    )


# ---------------------------------------------------------------- the pack


def build_evidence_pack(year: int) -> BytesIO:
    """The ZIP for `year`: documents named in Indonesian, numbered in the order evaluators read them."""
    settings = get_settings()
    buffer = BytesIO()
    contents: list[str] = []
    with force_locale("id"), zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as pack:

        def add(name: str, data, note: str) -> None:
            pack.writestr(name, data.getvalue() if isinstance(data, BytesIO) else data)
            contents.append(f"{name}: {note}")

        maklumat = current_maklumat()
        if maklumat is not None:
            add(
                "01-Maklumat-Pelayanan.pdf",
                maklumat_pdf(maklumat, settings),
                f"Maklumat Pelayanan, ditandatangani {_d(maklumat.signed_on)} oleh {maklumat.signatory_name}",
            )
        else:
            contents.append("01-Maklumat-Pelayanan.pdf: BELUM ADA (catat di Administrasi > Maklumat Pelayanan)")
        add(
            "02-Daftar-Standar-Pelayanan.csv",
            standards_csv(year),
            "nomor dan tanggal SK, peninjauan terakhir per layanan",
        )
        for service in db.session.scalars(select(Service).where(Service.published.is_(True)).order_by(Service.code)):
            add(
                f"03-Standar-Pelayanan/{service.code}-{_slug(service.name)}.pdf",
                standard_pdf(service, settings),
                f"Standar Pelayanan {service.name}",
            )
        add(f"04-Riwayat-Peninjauan-Standar-{year}.csv", reviews_csv(year), "peninjauan standar pelayanan tahun ini")
        forum = consultations(year)
        add(
            f"05-Forum-Konsultasi-Publik-{year}.csv",
            to_csv(
                ["Tanggal", "Topik dan hasil", "Layanan", "Jumlah peserta", "Berkas notulen"],
                [
                    [
                        _d(c.held_on),
                        c.topic,
                        c.service.name if c.service else "Semua layanan",
                        c.participants_count,
                        f"05-Notulen/{c.id}-{c.minutes_filename}" if c.minutes else "",
                    ]
                    for c in forum
                ],
            ),
            "Forum Konsultasi Publik",
        )
        for c in forum:
            if c.minutes:
                add(f"05-Notulen/{c.id}-{c.minutes_filename}", c.minutes, f"notulen FKP {_d(c.held_on)}")
        follow_rows = []
        for period in sorted(periods(year=year), key=lambda p: p.start):
            result = period_result(period)
            add(
                f"06-Laporan-SKM-{_slug(period.name)}.pdf",
                skm_report(result, settings),
                f"SKM {period.name}: IKM {result.overall.ikm if result.overall.ikm is not None else '-'}, "
                f"n = {result.overall.n}, dengan tindak lanjut",
            )
            follow_rows += [
                [
                    period.name,
                    f.element,
                    f.action,
                    f.responsible,
                    _d(f.deadline),
                    FOLLOW_UP_WORDS.get(f.status, f.status),
                    f.evidence,
                ]
                for f in period.follow_ups
            ]
        add(
            f"07-Tindak-Lanjut-SKM-{year}.csv",
            to_csv(
                ["Periode", "Unsur", "Tindak lanjut", "Penanggung jawab", "Batas waktu", "Status", "Bukti"], follow_rows
            ),
            "rencana tindak lanjut hasil SKM",
        )
        months = complaint_rows(year)
        add(
            f"08-Rekap-Pengaduan-{year}.pdf",
            complaints_report(year, months, settings),
            "pengaduan terhadap batas waktu tanggapan dan penyelesaian",
        )
        add(
            f"08-Rekap-Pengaduan-{year}.csv",
            to_csv(COMPLAINT_HEADERS, _complaint_table(months)),
            "data rekap pengaduan",
        )
        today = clock.today()
        last_month = 12 if year < today.year else (today.month if year == today.year else 0)
        for month in range(1, last_month + 1):
            period = month_period(f"{year}-{month:02d}")
            add(
                f"09-Laporan-Bulanan/Laporan-Bulanan-{year}-{month:02d}.pdf",
                monthly_report(period, settings),
                f"laporan kinerja bulan {MONTHS[month - 1]} {year}",
            )
        pack.writestr(
            "00-Daftar-Isi.txt",
            "\n".join(
                [
                    f"Bukti evaluasi PEKPPP {year} - {settings.get('mpp_name', '')}",
                    f"Dibuat {printed_at()}",
                    "",
                    *contents,
                    "",
                ]
            ),
        )
    buffer.seek(0)
    return buffer
