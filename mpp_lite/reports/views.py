"""The dashboard (/dashboard) for supervisors: today live and any period, with exports and the PDF."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request, send_file
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from mpp_lite.auth.permissions import require
from mpp_lite.queue.counter_state import PAUSE_REASONS
from mpp_lite.reports import exports
from mpp_lite.reports.charts import dashboard_charts
from mpp_lite.reports.services import (
    PeriodError,
    month_period,
    parse_period,
    period_summary,
    today_live,
)
from mpp_lite.site import clock, menus
from mpp_lite.site.services import get_settings
from mpp_lite.survey.models import PROFILE_LABELS, PROFILE_TITLES, SOURCE_LABELS

bp = Blueprint("reports", __name__)
menus.add_staff("reports.dashboard", _l("Dashboard"), ("supervisor",), 40)

menus.add_admin(
    "reports.dashboard",
    _l("Dashboard and reports"),
    _l("Visitors, waits, SLA, IKM and complaints; CSV/XLSX exports and the monthly PDF."),
    15,
)


def _period():
    try:
        return parse_period(request.args.get("from"), request.args.get("to"), day_first=True), None
    except PeriodError as error:
        return parse_period(None, None), _(
            "The period was not valid (%(reason)s); showing this month instead.",
            reason=_("the start is after the end")
            if "from" in error.fields and error.fields["from"] == "<= to"
            else _("write dates as DD-MM-YYYY, e.g. 31-12-2026"),
        )


@bp.get("/dashboard")
@require("supervisor")
def dashboard():
    period, problem = _period()
    summary = period_summary(period)
    today = clock.today()
    return render_template(
        "reports/dashboard.html",
        period=period,
        summary=summary,
        live=today_live(),
        problem=problem,
        charts=dashboard_charts(summary),
        tables=exports.table_names(),
        source_labels=SOURCE_LABELS,
        profile_labels=PROFILE_LABELS,
        profile_titles=PROFILE_TITLES,
        group_labels=exports.PRIORITY_GROUP_LABELS,
        pause_labels=PAUSE_REASONS,
        this_month=today.strftime("%Y-%m"),
        presets={
            "today": (today, today),
            "month": (today.replace(day=1), today),
            "year": (today.replace(month=1, day=1), today),
        },
    ), 400 if problem else 200


@bp.get("/dashboard/langsung")
@require("supervisor")
def live():
    """Today's live panel, swapped in by htmx every few seconds."""
    return render_template("reports/_live.html", live=today_live())


@bp.get("/dashboard/ekspor/<name>.<fmt>")
@require("supervisor")
def export(name: str, fmt: str):
    names = exports.table_names()
    if name not in names or fmt not in ("csv", "xlsx"):
        abort(404)
    period, problem = _period()
    if problem:
        abort(400)
    if name == "today":
        headers, rows = exports.live_table(today_live())
        period = parse_period(clock.today().isoformat(), clock.today().isoformat())
    else:
        headers, rows = exports.table(name, period_summary(period))
    filename = exports.file_name(names[name], period.start, period.end, fmt)
    if fmt == "csv":
        body, mimetype = exports.to_csv(headers, rows), "text/csv; charset=utf-8"
    else:
        body = exports.to_xlsx(names[name], headers, rows)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/dashboard/laporan-bulanan.pdf")
@require("supervisor")
def monthly_pdf():
    try:
        period = month_period(request.args.get("bulan") or clock.today().strftime("%Y-%m"))
    except PeriodError:
        abort(400)
    from mpp_lite.reports.pdf import monthly_report  # reportlab loads with the first report

    buffer = monthly_report(period, get_settings())
    return send_file(
        buffer,
        mimetype="application/pdf",
        as_attachment=False,
        download_name=f"laporan-bulanan-{period.start.strftime('%Y-%m')}.pdf",
    )
