"""The consolidated table as files: CSV, XLSX (with a metadata sheet) and a Satu Data Indonesia
package (Perpres 39/2019: the data as CSV with its metadata, a data dictionary and the
Kemendagri region codes as reference codes), all from the same rows as the page."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime

from flask_babel import gettext as _

from mpp_lite.hub.figures import FIGURES
from mpp_lite.hub.sites import PROVINCES
from mpp_lite.reports.exports import neutralise

EXPORT_COLUMNS = ("code", "name", "province", "last_sync_at", "stale") + FIGURES

# Satu Data column names (stable identifiers, Indonesian as the national standard has them) and units.
SATU_DATA_COLUMNS = {
    "province": ("kode_provinsi", "kode"),
    "code": ("kode_kabupaten_kota", "kode"),
    "name": ("nama_kabupaten_kota", "teks"),
    "tickets": ("jumlah_tiket_antrean", "tiket"),
    "visitors": ("jumlah_pengunjung", "kunjungan"),
    "wait_median_minutes": ("median_waktu_tunggu", "menit"),
    "wait_p90_minutes": ("persentil_90_waktu_tunggu", "menit"),
    "applications_due": ("jumlah_permohonan_jatuh_tempo", "permohonan"),
    "on_time_percent": ("persentase_permohonan_tepat_waktu", "persen"),
    "ikm": ("nilai_ikm", "indeks 25-100"),
    "ikm_n": ("jumlah_responden_skm", "responden"),
    "ikm_n_needed": ("jumlah_sampel_minimal_skm", "responden"),
    "complaints_open": ("jumlah_pengaduan_belum_selesai", "pengaduan"),
    "complaints_overdue": ("jumlah_pengaduan_lewat_batas_waktu", "pengaduan"),
    "services_complete": ("jumlah_layanan_standar_lengkap", "layanan"),
    "services_total": ("jumlah_layanan_terbit", "layanan"),
    "last_sync_at": ("waktu_sinkronisasi_terakhir", "ISO 8601 UTC"),
}


def column_definitions() -> dict[str, str]:
    return {
        "code": _("Kemendagri region code of the regency or city (e.g. 32.04)"),
        "name": _("Name of the regency or city as registered on the hub"),
        "province": _("Kemendagri province code (the first two digits of the site code)"),
        "last_sync_at": _("When the site last sent records to the hub (UTC)"),
        "stale": _("The site has not synced for more than 24 hours"),
        "tickets": _("Queue tickets issued (a transfer counts twice)"),
        "visitors": _("Visits: tickets except the rows a transfer closed"),
        "wait_median_minutes": _("Median wait from ticket to first call, minutes"),
        "wait_p90_minutes": _("90th percentile of the wait, minutes"),
        "applications_due": _("Applications whose promised date falls in the period"),
        "on_time_percent": _("Share of applications made ready on or before their promised date"),
        "ikm": _("Community Satisfaction Index (PermenPANRB 14/2017)"),
        "ikm_n": _("Survey responses"),
        "ikm_n_needed": _("Responses the Krejcie & Morgan table needs for the visitors served"),
        "complaints_open": _("Complaints not yet answered"),
        "complaints_overdue": _("Open complaints past their due date"),
        "services_complete": _("Published services with all 14 Standar Pelayanan components"),
        "services_total": _("Published services"),
    }


def _csv(header: list[str], rows: list[list]) -> bytes:
    """Machine-readable CSV: UTF-8, comma, decimal point; text a spreadsheet would run is made inert."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else neutralise(value) for value in row])
    return out.getvalue().encode("utf-8")


def table_csv(rows: list[dict]) -> bytes:
    return _csv(list(EXPORT_COLUMNS), [[row[c] for c in EXPORT_COLUMNS] for row in rows])


def table_xlsx(rows: list[dict], start: date, end: date) -> bytes:
    """The table plus a metadata sheet: definitions, period, source, region codes."""
    from openpyxl import Workbook  # about 9 MB a hub that exports nothing never carries

    book = Workbook()
    sheet = book.active
    sheet.title = "data"
    sheet.append(list(EXPORT_COLUMNS))
    for row in rows:
        sheet.append([neutralise(row[c]) for c in EXPORT_COLUMNS])
    meta = book.create_sheet("metadata")
    meta.append([_("Item"), _("Value")])
    meta.append([_("Period"), f"{start.isoformat()} - {end.isoformat()}"])
    meta.append([_("Source"), _("MPP Lite sites, synced to this hub (mpp-lite/v1)")])
    meta.append([_("Region codes"), _("Kemendagri region codes (province 2 digits, regency/city 4 digits)")])
    for name, meaning in column_definitions().items():
        meta.append([name, meaning])
    for line in (*sheet.iter_rows(), *meta.iter_rows()):
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl would store text starting with = as a formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def satu_data_package(rows: list[dict], start: date, end: date, producer: str, made_at: datetime) -> bytes:
    """A zip: data.csv, metadata.csv (the dataset), kamus_data.csv (the columns), kode_wilayah.csv."""
    names = [name for name, _unit in SATU_DATA_COLUMNS.values()]
    data = _csv(
        ["periode_awal", "periode_akhir", *names],
        [[start.isoformat(), end.isoformat(), *[row[key] for key in SATU_DATA_COLUMNS]] for row in rows],
    )
    provinces = sorted({row["province"] for row in rows})
    metadata = _csv(
        ["unsur", "nilai"],
        [
            [
                "judul",
                _(
                    "Public service malls (MPP) per regency and city: visitors, waits, applications, IKM, "
                    "complaints, service standards"
                ),
            ],
            ["produsen_data", producer],
            ["sumber_data", _("MPP Lite sites, synced to this hub (mpp-lite/v1)")],
            ["periode_awal", start.isoformat()],
            ["periode_akhir", end.isoformat()],
            ["satuan_waktu", _("the sites' local days (WIB, WITA, WIT)")],
            ["cakupan_wilayah", ", ".join(f"{code} {PROVINCES.get(code, '')}".strip() for code in provinces)],
            ["jumlah_baris", str(len(rows))],
            ["kode_referensi", _("Kemendagri region codes (province 2 digits, regency/city 4 digits)")],
            [
                "dasar_hukum",
                "Perpres 39/2019 (Satu Data Indonesia); PermenPANRB 14/2017 (SKM/IKM); "
                "PermenPANRB 15/2014 (Standar Pelayanan)",
            ],
            ["format", "CSV, UTF-8, " + _("comma separated, decimal point, empty cell: no data")],
            ["tanggal_dibuat", made_at.isoformat(timespec="seconds")],
        ],
    )
    definitions = column_definitions()
    dictionary = _csv(
        ["kolom", "definisi", "satuan", "tipe_data"],
        [
            ["periode_awal", _("First day of the period"), "tanggal", "date (YYYY-MM-DD)"],
            ["periode_akhir", _("Last day of the period"), "tanggal", "date (YYYY-MM-DD)"],
            *[
                [name, definitions[key], unit, "text" if unit in ("kode", "teks", "ISO 8601 UTC") else "number"]
                for key, (name, unit) in SATU_DATA_COLUMNS.items()
            ],
        ],
    )
    regions = [[code, PROVINCES.get(code, ""), "provinsi", ""] for code in provinces]
    regions += [[row["code"], row["name"], "kabupaten_kota", row["province"]] for row in rows]
    reference = _csv(["kode_wilayah", "nama_wilayah", "tingkat", "kode_induk"], regions)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.csv", data)
        archive.writestr("metadata.csv", metadata)
        archive.writestr("kamus_data.csv", dictionary)
        archive.writestr("kode_wilayah.csv", reference)
    return out.getvalue()
