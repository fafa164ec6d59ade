"""The monthly performance report (A4 PDF) a head of office signs and sends upward."""

from __future__ import annotations

from io import BytesIO
from xml.sax.saxutils import escape

from flask_babel import format_date
from flask_babel import gettext as _
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from mpp_lite.complaints.forms import STATUS_LABELS
from mpp_lite.queue.counter_state import reason_label
from mpp_lite.reports.exports import APPLICATION_STATUS_LABELS, PRIORITY_GROUP_LABELS
from mpp_lite.reports.services import Period, period_summary
from mpp_lite.site import clock
from mpp_lite.site.pdf import BRAND, build_document, styles
from mpp_lite.survey.models import PROFILE_LABELS, PROFILE_TITLES

CHART_WIDTH = 170 * mm
GRID = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa5b1")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef3f8")),
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
)


def _day(iso_day: str) -> str:
    """6 Desember 2026 in Indonesian (the PDF's language), not 2026-12-06."""
    from datetime import date

    from flask_babel import format_date

    return format_date(date.fromisoformat(iso_day), "d MMMM y")


def _number(value, decimals: int = 0) -> str:
    if value is None:
        return "-"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")  # 1.234,5 as Indonesian writes


def _percent(value) -> str:
    return "-" if value is None else f"{_number(value, 1)} %"


def _table(rows: list[list], widths=None, align_right_from: int = 1) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(GRID)
    table.setStyle(TableStyle([("ALIGN", (align_right_from, 1), (-1, -1), "RIGHT")]))
    return table


def bar_chart(
    title: str,
    labels: list[str],
    values: list[float],
    height: float = 55 * mm,
    value_max: float | None = None,
    value_min: float = 0,
) -> Drawing:
    drawing = Drawing(CHART_WIDTH, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 28, 28
    chart.width, chart.height = CHART_WIDTH - 40, height - 50
    chart.data = [[v or 0 for v in values]] if values else [[0]]
    chart.categoryAxis.categoryNames = labels or [""]
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.labels.angle = 30 if len(labels) > 12 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(labels) > 12 else "n"
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = value_min
    if value_max is not None:
        chart.valueAxis.valueMax = value_max
    chart.bars[0].fillColor = BRAND
    chart.bars[0].strokeColor = None
    drawing.add(chart)
    drawing.add(String(0, height - 10, title, fontName="Helvetica-Bold", fontSize=9, fillColor=BRAND))
    return drawing


def line_chart(title: str, labels: list[str], series: list[list[float]], height: float = 55 * mm) -> Drawing:
    drawing = Drawing(CHART_WIDTH, height)
    chart = HorizontalLineChart()
    chart.x, chart.y = 28, 24
    chart.width, chart.height = CHART_WIDTH - 40, height - 46
    chart.data = [[v or 0 for v in s] for s in series] if labels else [[0]]
    chart.categoryAxis.categoryNames = [
        label if i % max(len(labels) // 15, 1) == 0 else "" for i, label in enumerate(labels)
    ] or [""]
    chart.categoryAxis.labels.fontSize = 6.5
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    for index, colour in enumerate((BRAND, colors.HexColor("#2e8b57"))[: len(chart.data)]):
        chart.lines[index].strokeColor = colour
        chart.lines[index].strokeWidth = 1.5
    drawing.add(chart)
    drawing.add(String(0, height - 10, title, fontName="Helvetica-Bold", fontSize=9, fillColor=BRAND))
    return drawing


def monthly_story(period: Period, settings: dict, summary: dict | None = None) -> list:
    """The report's flowables; charts are reportlab Drawings (vector, no images)."""
    summary = summary or period_summary(period)
    s = styles()
    visitors, times, applications = summary["visitors"], summary["times"], summary["applications"]
    ikm, complaints = summary["ikm"], summary["complaints"]
    month = format_date(period.start, "MMMM yyyy")
    story = [
        Paragraph(escape(_("MONTHLY PERFORMANCE REPORT")), s["title"]),
        Paragraph(
            escape(
                _(
                    "Period: %(month)s (%(start)s to %(end)s)",
                    month=month,
                    start=period.start.strftime("%d-%m-%Y"),
                    end=period.end.strftime("%d-%m-%Y"),
                )
            ),
            s["subtitle"],
        ),
        Spacer(1, 5 * mm),
    ]

    # 1. Visitors
    story.append(Paragraph(escape(_("1. Visitors")), s["h2"]))
    busiest = visitors["busiest_day"]
    story.append(
        _table(
            [
                [_("Figure"), _("Value")],
                [_("Tickets issued (visits)"), _number(visitors["issued"])],
                [_("Served"), _number(visitors["served"])],
                [_("No-show"), f"{_number(visitors['no_show'])} ({_percent(visitors['no_show_rate'])})"],
                [_("Average per day"), _number(visitors["avg_per_day"], 1)],
                [_("Busiest day"), f"{_day(busiest['day'])} ({_number(busiest['issued'])})" if busiest else "-"],
            ],
            widths=[80 * mm, 50 * mm],
        )
    )
    story.append(Spacer(1, 3 * mm))
    story.append(
        line_chart(
            _("Visitors per day"),
            [r["day"][8:] for r in visitors["per_day"]],
            [[r["issued"] for r in visitors["per_day"]], [r["served"] for r in visitors["per_day"]]],
        )
    )
    top = visitors["per_service"][:10]
    story.append(Paragraph(escape(_("Top services")), s["h2"]))
    story.append(
        _table(
            [[_("Service"), _("Agency"), _("Tickets issued"), _("Served")]]
            + [
                [
                    Paragraph(escape(r["service"]), s["cell"]),
                    Paragraph(escape(r["tenant"]), s["cell"]),
                    _number(r["issued"]),
                    _number(r["served"]),
                ]
                for r in top
            ]
            or [["-", "", "", ""]],
            widths=[74 * mm, 42 * mm, 27 * mm, 27 * mm],
            align_right_from=2,
        )
    )
    if visitors["per_tenant"]:
        story.append(Spacer(1, 3 * mm))
        story.append(
            bar_chart(
                _("Visitors per agency"),
                [r["tenant"][:18] for r in visitors["per_tenant"][:15]],
                [r["issued"] for r in visitors["per_tenant"][:15]],
            )
        )

    # 2. Waits
    story.append(Paragraph(escape(_("2. Waiting and service times")), s["h2"]))
    story.append(
        _table(
            [
                [_("Minutes"), _("Average"), _("Half at most (P50)"), _("90 % at most (P90)")],
                [
                    _("Waiting (ticket to call)"),
                    _number(times["wait"]["avg"], 1),
                    _number(times["wait"]["p50"]),
                    _number(times["wait"]["p90"]),
                ],
                [
                    _("Service at the counter"),
                    _number(times["service"]["avg"], 1),
                    _number(times["service"]["p50"]),
                    _number(times["service"]["p90"]),
                ],
            ],
            widths=[55 * mm, 26 * mm, 44 * mm, 44 * mm],
        )
    )
    story.append(Spacer(1, 3 * mm))
    story.append(
        bar_chart(
            _("Waiting time (minutes)"),
            [r["label"] for r in times["wait"]["histogram"]],
            [r["count"] for r in times["wait"]["histogram"]],
            height=45 * mm,
        )
    )

    # 3. SLA
    story.append(Paragraph(escape(_("3. Applications and service-level compliance")), s["h2"]))
    sla_rows = [
        [_("Figure"), _("Value")],
        [_("Applications received"), _number(applications["received"])],
        [_("Made ready in the period"), _number(applications["ready"])],
        [
            _("Ready on time (ready date <= due date)"),
            f"{_number(applications['on_time'])} ({_percent(applications['on_time_rate'])})",
        ],
        [_("Overdue now"), _number(applications["overdue_total"])],
    ]
    sla_rows += [
        [f"  {APPLICATION_STATUS_LABELS.get(k, k)}", _number(v)] for k, v in sorted(applications["by_status"].items())
    ]
    story.append(_table(sla_rows, widths=[95 * mm, 45 * mm]))

    # 4. IKM
    story.append(Paragraph(escape(_("4. Community satisfaction index (IKM)")), s["h2"]))
    ikm_text = _number(ikm["ikm"], 2) if ikm["ikm"] is not None else "-"
    band = f"{ikm['band']} ({ikm['label']})" if ikm["band"] else _("no responses")
    sample = ikm["sample"]
    story.append(
        Paragraph(
            f"<b>IKM {escape(ikm_text)}</b> · {escape(_('grade'))} <b>{escape(band)}</b> · "
            + escape(
                _(
                    "n = %(n)s of the %(needed)s needed for %(population)s visitors (Krejcie & Morgan); "
                    "weight %(weight)s",
                    n=_number(sample["n"]),
                    needed=_number(sample["needed"]),
                    population=_number(sample["population"]),
                    weight=ikm["weight_text"],
                )
            ),
            s["body"],
        )
    )
    story.append(Spacer(1, 2 * mm))
    element_rows = [[_("Element"), _("Name"), _("Total"), "NRR", _("NRR x 25")]]
    element_rows += [
        [
            e["code"],
            Paragraph(escape(e["name"]), s["cell"]),
            _number(e["total"]),
            _number(e["nrr"], 3),
            _number(e["score"], 2),
        ]
        for e in ikm["elements"]
    ]
    story.append(_table(element_rows, widths=[16 * mm, 86 * mm, 20 * mm, 20 * mm, 24 * mm], align_right_from=2))
    if ikm["per_tenant"]:
        story.append(Spacer(1, 3 * mm))
        story.append(
            _table(
                [[_("Agency"), _("Respondents"), "IKM", _("Grade")]]
                + [
                    [
                        Paragraph(escape(r["tenant"]), s["cell"]),
                        _number(r["n"]),
                        _number(r["ikm"], 2),
                        f"{r['band']} ({r['label']})" if r["band"] else "-",
                    ]
                    for r in ikm["per_tenant"]
                ],
                widths=[80 * mm, 26 * mm, 24 * mm, 36 * mm],
            )
        )
    story.append(Spacer(1, 3 * mm))
    story.append(
        bar_chart(
            _("IKM per element (NRR x 25)"),
            [e["code"] for e in ikm["elements"]],
            [e["score"] or 0 for e in ikm["elements"]],
            height=50 * mm,
            value_max=100,
        )
    )

    if ikm["n"]:
        profile_rows = [[_("Respondent profile"), ""]]
        for key, labels in PROFILE_LABELS.items():
            counts = ikm["profile"].get(key, {})
            parts = [f"{label} {counts[code]}" for code, label in labels.items() if counts.get(code)]
            parts.append(f"{_('Not given')} {counts.get('', 0)}")
            profile_rows.append([str(PROFILE_TITLES[key]), Paragraph(escape(" · ".join(parts)), s["cell"])])
        story.append(Spacer(1, 2 * mm))
        story.append(_table(profile_rows, widths=[30 * mm, 136 * mm], align_right_from=9))

    # 5. Complaints
    story.append(Paragraph(escape(_("5. Complaints and suggestions")), s["h2"]))

    complaint_rows = [[_("Figure"), _("Value")], [_("Received"), _number(complaints["received"])]]
    complaint_rows += [[f"  {STATUS_LABELS.get(k, k)}", _number(v)] for k, v in sorted(complaints["by_status"].items())]
    complaint_rows += [
        [_("Average response time (hours)"), _number(complaints["avg_response_hours"], 1)],
        [_("Answered within the deadline"), _percent(complaints["answered_on_time_rate"])],
        [_("Late and still open now"), _number(complaints["overdue_now"])],
    ]
    story.append(_table(complaint_rows, widths=[95 * mm, 45 * mm]))
    story.extend(_counters_section(summary, s))

    # Signature block
    place = (settings.get("regency") or "").replace("Kabupaten ", "").replace("Kota ", "") or "......"
    signed = [
        Spacer(1, 8 * mm),
        Table(
            [
                ["", Paragraph(escape(f"{place}, {format_date(clock.today(), 'd MMMM yyyy')}"), s["body"])],
                ["", Paragraph(escape(settings.get("head_title") or _("Head of the Public Service Mall")), s["body"])],
                ["", Spacer(1, 20 * mm)],
                ["", Paragraph("<u>" + escape(settings.get("head_name") or "(" + "." * 40 + ")") + "</u>", s["body"])],
                ["", Paragraph(escape(_("NIP")) + " " + escape(settings.get("head_nip") or "." * 30), s["body"])],
            ],
            colWidths=[95 * mm, 75 * mm],
        ),
    ]
    story.append(KeepTogether(signed))
    return story


def _counters_section(summary: dict, s) -> list:
    """6. Counters and staff: open time, pauses by reason, tickets per open hour; priority groups."""
    throughput = summary["throughput"]
    story = [Paragraph(escape(_("6. Counters, staff and priority groups")), s["h2"])]

    def pauses(row):
        parts = [
            f"{reason_label(reason)} {_number(minutes)}"
            for reason, minutes in sorted(row.get("pause_minutes", {}).items())
        ]
        return Paragraph(escape(", ".join(parts) or "-"), s["cell"])

    def per_hour(row):
        return _number(row["per_open_hour"], 1) if row.get("per_open_hour") is not None else "-"

    def avg(row):
        return _number(row["avg_service_minutes"], 1) if row.get("avg_service_minutes") is not None else "-"

    story.append(
        _table(
            [
                [
                    _("Counter"),
                    _("Minutes open"),
                    _("Minutes paused"),
                    _("Served"),
                    _("Per open hour"),
                    _("Average service minutes"),
                ]
            ]
            + [
                [
                    Paragraph(escape(r["name"]), s["cell"]),
                    _number(r.get("open_minutes", 0)),
                    pauses(r),
                    _number(r["served"]),
                    per_hour(r),
                    avg(r),
                ]
                for r in throughput["counters"]
            ]
            or [["-", "", "", "", "", ""]],
            widths=[40 * mm, 20 * mm, 40 * mm, 18 * mm, 22 * mm, 26 * mm],
        )
    )
    story.append(Spacer(1, 3 * mm))
    story.append(
        _table(
            [[_("Operator"), _("Minutes open"), _("Served"), _("Per open hour"), _("Average service minutes")]]
            + [
                [
                    Paragraph(escape(r["name"]), s["cell"]),
                    _number(r.get("open_minutes", 0)),
                    _number(r["served"]),
                    per_hour(r),
                    avg(r),
                ]
                for r in throughput["operators"]
            ]
            or [["-", "", "", "", ""]],
            widths=[58 * mm, 24 * mm, 22 * mm, 26 * mm, 36 * mm],
        )
    )
    story.append(Spacer(1, 3 * mm))
    story.append(
        _table(
            [[_("Priority group"), _("Tickets issued"), _("Served"), _("Average wait minutes")]]
            + [
                [
                    str(PRIORITY_GROUP_LABELS.get(r["group"], r["group"])),
                    _number(r["issued"]),
                    _number(r["served"]),
                    _number(r["avg_wait_minutes"], 1) if r["avg_wait_minutes"] is not None else "-",
                ]
                for r in summary["priority_groups"]
            ]
            or [["-", "", "", ""]],
            widths=[62 * mm, 34 * mm, 30 * mm, 40 * mm],
        )
    )
    return story


def monthly_report(period: Period, settings: dict) -> BytesIO:
    title = _("Monthly performance report %(month)s", month=format_date(period.start, "MMMM yyyy"))
    return build_document(monthly_story(period, settings), settings, title=title)
