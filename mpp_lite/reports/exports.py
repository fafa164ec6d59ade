"""Every dashboard table as rows with headers, written as CSV (UTF-8, Excel-friendly) or XLSX."""

from __future__ import annotations

import csv
import re
from io import BytesIO, StringIO

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from mpp_lite.complaints.forms import STATUS_LABELS as COMPLAINT_STATUS_LABELS
from mpp_lite.survey.models import PROFILE_LABELS, PROFILE_TITLES

APPLICATION_STATUS_LABELS = {
    "received": _l("Received"),
    "incomplete": _l("Incomplete"),
    "verified": _l("Verified"),
    "processing": _l("Processing"),
    "ready": _l("Ready for pick-up"),
    "picked_up": _l("Picked up"),
    "rejected": _l("Rejected"),
}
PRIORITY_GROUP_LABELS = {
    "lansia": _l("Elderly"),
    "disabilitas": _l("Persons with disabilities"),
    "ibu_hamil": _l("Pregnant women"),
    "anak": _l("With small children"),
    "priority": _l("Priority (group not recorded)"),
    "ordinary": _l("Ordinary"),
}


def table_names() -> dict[str, str]:
    return {
        "today": _("Queues today"),
        "visitors_per_day": _("Visitors per day"),
        "tenants": _("Visitors per agency"),
        "services": _("Visitors per service"),
        "waits": _("Waiting time distribution"),
        "service_times": _("Service time distribution"),
        "counters": _("Throughput per counter"),
        "operators": _("Throughput per operator"),
        "counter_sessions": _("Counter open and pause time"),
        "priority_groups": _("Priority groups"),
        "applications": _("Applications by status"),
        "overdue": _("Overdue applications"),
        "ikm": _("IKM per element"),
        "ikm_tenants": _("IKM per agency"),
        "ikm_services": _("IKM per service"),
        "ikm_months": _("IKM per month"),
        "respondents": _("Respondent profile"),
        "complaints": _("Complaints by status"),
    }


def live_table(live: dict) -> tuple[list[str], list[list]]:
    """Today's per-queue figures (the live panel) as a table."""
    return (
        [_("Queue"), _("Waiting"), _("Being served"), _("Issued"), _("Served"), _("No-show"), _("Longest wait now")],
        [
            [
                f"{q['prefix']} {q['name']}",
                q["waiting"],
                q["serving"],
                q["issued"],
                q["done"],
                q["no_show"],
                q["longest_wait_minutes"],
            ]
            for q in live["queues"]
        ],
    )


def table(name: str, summary: dict) -> tuple[list[str], list[list]]:
    """Headers and rows of one named table of a period summary; KeyError for an unknown name."""
    visitors, times, throughput = summary["visitors"], summary["times"], summary["throughput"]
    applications, ikm, complaints = summary["applications"], summary["ikm"], summary["complaints"]
    builders = {
        "visitors_per_day": lambda: (
            [_("Date"), _("Tickets issued"), _("Served"), _("No-show")],
            [[r["day"], r["issued"], r["served"], r["no_show"]] for r in visitors["per_day"]],
        ),
        "tenants": lambda: (
            [_("Agency"), _("Tickets issued"), _("Served"), _("No-show")],
            [[r["tenant"], r["issued"], r["served"], r["no_show"]] for r in visitors["per_tenant"]],
        ),
        "services": lambda: (
            [_("Agency"), _("Code"), _("Service"), _("Tickets issued"), _("Served"), _("No-show")],
            [
                [r["tenant"], r["code"], r["service"], r["issued"], r["served"], r["no_show"]]
                for r in visitors["per_service"]
            ],
        ),
        "waits": lambda: (
            [_("Minutes waited"), _("Tickets issued")],
            [[r["label"], r["count"]] for r in times["wait"]["histogram"]],
        ),
        "service_times": lambda: (
            [_("Minutes at the counter"), _("Tickets issued")],
            [[r["label"], r["count"]] for r in times["service"]["histogram"]],
        ),
        "counters": lambda: (
            [_("Counter"), _("Served"), _("Average service minutes")],
            [[r["name"], r["served"], r["avg_service_minutes"]] for r in throughput["counters"]],
        ),
        "operators": lambda: (
            [_("Operator"), _("Served"), _("Average service minutes")],
            [[r["name"], r["served"], r["avg_service_minutes"]] for r in throughput["operators"]],
        ),
        "counter_sessions": lambda: (
            [
                _("Counter"),
                _("Minutes open"),
                _("Minutes paused"),
                _("Paused for"),
                _("Served"),
                _("Served per open hour"),
                _("Average service minutes"),
            ],
            [
                [
                    r["name"],
                    r["open_minutes"],
                    sum(r["pause_minutes"].values()),
                    ", ".join(f"{k} {v}" for k, v in sorted(r["pause_minutes"].items())),
                    r["served"],
                    r["per_open_hour"],
                    r["avg_service_minutes"],
                ]
                for r in throughput["counters"]
            ]
            + [
                [
                    _("Operator") + ": " + str(r["name"]),
                    r["open_minutes"],
                    None,
                    None,
                    r["served"],
                    r["per_open_hour"],
                    r["avg_service_minutes"],
                ]
                for r in throughput["operators"]
            ],
        ),
        "priority_groups": lambda: (
            [_("Group"), _("Tickets issued"), _("Served"), _("Average wait minutes")],
            [[r["group"], r["issued"], r["served"], r["avg_wait_minutes"]] for r in summary["priority_groups"]],
        ),
        "applications": lambda: (
            [_("Status"), _("Applications")],
            [[str(APPLICATION_STATUS_LABELS.get(k, k)), v] for k, v in sorted(applications["by_status"].items())],
        ),
        "overdue": lambda: (
            [_("Tracking code"), _("Agency"), _("Service"), _("Status"), _("Due date"), _("Days late")],
            [
                [
                    r["tracking_code"],
                    r["tenant"],
                    r["service"],
                    str(APPLICATION_STATUS_LABELS.get(r["status"], r["status"])),
                    r["due_date"],
                    r["days_late"],
                ]
                for r in applications["overdue"]
            ],
        ),
        "ikm": lambda: (
            [_("Element"), _("Name"), _("Total score"), "NRR", _("NRR x 25")],
            [[e["code"], e["name"], e["total"], e["nrr"], e["score"]] for e in ikm["elements"]]
            + [["IKM", f"{ikm['band'] or '-'} {ikm['label'] or ''}".strip(), ikm["n"], None, ikm["ikm"]]],
        ),
        "ikm_tenants": lambda: (
            [_("Agency"), _("Respondents"), "IKM", _("Grade")],
            [
                [r["tenant"], r["n"], r["ikm"], f"{r['band']} {r['label']}" if r["band"] else "-"]
                for r in ikm["per_tenant"]
            ],
        ),
        "ikm_services": lambda: (
            [_("Agency"), _("Service"), _("Respondents"), "IKM", _("Grade")],
            [
                [r["tenant"], r["service"], r["n"], r["ikm"], f"{r['band']} {r['label']}" if r["band"] else "-"]
                for r in ikm["per_service"]
            ],
        ),
        "ikm_months": lambda: (
            [_("Month"), _("Respondents"), "IKM", _("Grade")],
            [[r["month"], r["n"], r["ikm"], r["band"] or "-"] for r in ikm["per_month"]],
        ),
        "respondents": lambda: ([_("Question"), _("Answer"), _("Respondents")], _profile_rows(ikm["profile"])),
        "complaints": lambda: (
            [_("Status"), _("Complaints")],
            [[str(COMPLAINT_STATUS_LABELS.get(k, k)), v] for k, v in sorted(complaints["by_status"].items())],
        ),
    }
    return builders[name]()


def _profile_rows(profile: dict) -> list[list]:
    rows = []
    for key, labels in PROFILE_LABELS.items():
        counts = profile.get(key, {})
        for code, label in labels.items():
            rows.append([str(PROFILE_TITLES[key]), str(label), counts.get(code, 0)])
        rows.append([str(PROFILE_TITLES[key]), _("Not given"), counts.get("", 0)])
    return rows


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text cell that a spreadsheet would run as a formula, made inert with a leading apostrophe.

    OWASP's rule for CSV injection: text starting with = + - @ tab or CR (a complaint's text can be
    `=HYPERLINK(...)`). Numbers are left as they are, so a negative figure stays a number.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(headers: list[str], rows: list[list]) -> bytes:
    """CSV as Excel set to Indonesian reads it: `;` between fields and a decimal comma (2,5), since
    the comma is that Excel's decimal mark; the BOM makes it read UTF-8."""
    buffer = StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([neutralise(header) for header in headers])
    for row in rows:
        writer.writerow(["" if value is None else _csv_number(neutralise(value)) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM makes Excel read UTF-8


def _csv_number(value):
    return str(value).replace(".", ",") if isinstance(value, float) else value


def file_name(title: str, start, end, fmt: str) -> str:
    """`pengunjung-per-hari_01-11-2026_30-11-2026.csv`: the table's name in the page's language."""
    slug = "-".join(re.sub(r"[^\w]+", " ", title.lower(), flags=re.ASCII).split()) or "tabel"
    return f"{slug}_{start:%d-%m-%Y}_{end:%d-%m-%Y}.{fmt}"


def to_xlsx(title: str, headers: list[str], rows: list[list]) -> bytes:
    # Imported on first use: about 9 MB that a server making no export never carries.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([neutralise(header) for header in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([neutralise(value) for value in row])
    for line in sheet.iter_rows():
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl would store any text starting with = as a formula
    for index, header in enumerate(headers, start=1):
        width = max([len(str(header))] + [len(str(r[index - 1])) for r in rows if r[index - 1] is not None])
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = min(width + 2, 60)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
