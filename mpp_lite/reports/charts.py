"""Chart specifications for the dashboard: plain data that static/js/dashboard-charts.js draws."""

from __future__ import annotations

from flask_babel import gettext as _

from mpp_lite.complaints.forms import STATUS_LABELS as COMPLAINT_STATUS_LABELS
from mpp_lite.reports.exports import APPLICATION_STATUS_LABELS


def _chart(chart_id: str, kind: str, title: str, labels: list, datasets: list[dict], **options) -> dict:
    return {
        "id": chart_id,
        "type": kind,
        "title": title,
        "labels": [str(x) for x in labels],
        "datasets": datasets,
        "options": options,
    }


def dashboard_charts(summary: dict) -> dict[str, dict]:
    visitors, times, ikm = summary["visitors"], summary["times"], summary["ikm"]
    applications, complaints = summary["applications"], summary["complaints"]
    per_day = visitors["per_day"]
    top_services = visitors["per_service"][:15]
    charts = [
        _chart(
            "chart-visitors",
            "line",
            _("Visitors per day"),
            [r["day"][5:] for r in per_day],
            [
                {"label": _("Tickets issued"), "data": [r["issued"] for r in per_day]},
                {"label": _("Served"), "data": [r["served"] for r in per_day]},
            ],
        ),
        _chart(
            "chart-tenants",
            "bar",
            _("Visitors per agency"),
            [r["tenant"] for r in visitors["per_tenant"]],
            [{"label": _("Tickets issued"), "data": [r["issued"] for r in visitors["per_tenant"]]}],
        ),
        _chart(
            "chart-services",
            "bar",
            _("Busiest services"),
            [r["service"] for r in top_services],
            [{"label": _("Tickets issued"), "data": [r["issued"] for r in top_services]}],
            horizontal=True,
        ),
        _chart(
            "chart-waits",
            "bar",
            _("Waiting time (minutes)"),
            [r["label"] for r in times["wait"]["histogram"]],
            [{"label": _("Tickets issued"), "data": [r["count"] for r in times["wait"]["histogram"]]}],
            histogram=True,
        ),
        _chart(
            "chart-service-times",
            "bar",
            _("Service time at the counter (minutes)"),
            [r["label"] for r in times["service"]["histogram"]],
            [{"label": _("Tickets issued"), "data": [r["count"] for r in times["service"]["histogram"]]}],
            histogram=True,
        ),
        _chart(
            "chart-ikm",
            "bar",
            _("IKM per element (NRR x 25)"),
            [e["code"] for e in ikm["elements"]],
            [{"label": _("Score"), "data": [e["score"] for e in ikm["elements"]]}],
            min=0,
            max=100,
        ),
        _chart(
            "chart-ikm-months",
            "line",
            _("IKM per month"),
            [r["month"] for r in ikm["per_month"]],
            [{"label": "IKM", "data": [r["ikm"] for r in ikm["per_month"]]}],
            min=25,
            max=100,
        ),
        _chart(
            "chart-applications",
            "bar",
            _("Applications by status"),
            [str(APPLICATION_STATUS_LABELS.get(k, k)) for k in applications["by_status"]],
            [{"label": _("Applications"), "data": list(applications["by_status"].values())}],
        ),
        _chart(
            "chart-complaints",
            "bar",
            _("Complaints by status"),
            [str(COMPLAINT_STATUS_LABELS.get(k, k)) for k in complaints["by_status"]],
            [{"label": _("Complaints"), "data": list(complaints["by_status"].values())}],
        ),
    ]
    return {chart["id"]: chart for chart in charts}
