"""GET /api/v1/reports/ikm and /api/v1/reports/summary: the dashboard's figures as JSON."""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _

from mpp_lite.api import bp, openapi
from mpp_lite.api.errors import ApiError
from mpp_lite.auth.permissions import current_actor, require
from mpp_lite.reports.services import parse_period, period_summary
from mpp_lite.security import database_id
from mpp_lite.survey import services as survey_services


def _period():
    return parse_period(request.args.get("from"), request.args.get("to"))  # PeriodError answers 400


def _int_arg(name: str) -> int | None:
    value = request.args.get(name)
    if value in (None, ""):
        return None
    try:
        return database_id(value)
    except ValueError as error:
        raise ApiError(400, _("Give a number id."), fields={name: _("Give a number id.")}) from error


@bp.get("/reports/ikm")
@require("supervisor", "operator")
def report_ikm():
    period = _period()
    tenant_id, service_id = _int_arg("tenant_id"), _int_arg("service_id")
    actor = current_actor()
    if not actor.sees_all_tenants():  # an operator sees its own tenant's index only
        if tenant_id not in (None, actor.tenant_id) or actor.tenant_id is None:
            raise ApiError(403, _("Operators see the index of their own agency only."))
        tenant_id = actor.tenant_id
    result = survey_services.ikm(period.start, period.end, tenant_id=tenant_id, service_id=service_id)
    return jsonify(
        {
            **result.as_json(),
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
            "tenant_id": tenant_id,
            "service_id": service_id,
        }
    )


@bp.get("/reports/summary")
@require("supervisor")
def report_summary():
    return jsonify(period_summary(_period()))


_PERIOD_PARAMS = [
    {
        "name": "from",
        "in": "query",
        "schema": {"type": "string", "format": "date"},
        "description": "First day (YYYY-MM-DD); default the first of this month",
    },
    {
        "name": "to",
        "in": "query",
        "schema": {"type": "string", "format": "date"},
        "description": "Last day, included (YYYY-MM-DD); default today (today's answers count)",
    },
]
_NRR = {"type": "object", "properties": {f"U{i}": {"type": "number", "nullable": True} for i in range(1, 10)}}
openapi.register(
    {
        "/reports/ikm": {
            "get": {
                "summary": "IKM (PermenPANRB 14/2017) for a period, optionally one tenant or service",
                "parameters": _PERIOD_PARAMS
                + [
                    {"name": "tenant_id", "in": "query", "schema": {"type": "integer"}},
                    {"name": "service_id", "in": "query", "schema": {"type": "integer"}},
                ],
                "responses": {
                    "200": {
                        "description": "n = 0 gives ikm null",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Ikm"}}},
                    },
                    "400": openapi.error_response("from after to, or a date not written YYYY-MM-DD"),
                    "401": openapi.error_response("No credentials"),
                    "403": openapi.error_response("Role may not read reports (operators: own tenant only)"),
                },
            }
        },
        "/reports/summary": {
            "get": {
                "summary": "The dashboard's figures for a period: visitors, waits, throughput, SLA, IKM, complaints",
                "parameters": _PERIOD_PARAMS,
                "responses": {
                    "200": {
                        "description": "Period figures",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ReportSummary"}}},
                    },
                    "400": openapi.error_response("from after to, or a date not written YYYY-MM-DD"),
                    "401": openapi.error_response("No credentials"),
                    "403": openapi.error_response("Supervisors and admins only"),
                },
            }
        },
    },
    {
        "Ikm": {
            "type": "object",
            "required": ["n", "nrr", "ikm", "band", "label", "weight"],
            "properties": {
                "n": {"type": "integer"},
                "nrr": _NRR,
                "ikm": {"type": "number", "nullable": True},
                "band": {"type": "string", "enum": ["A", "B", "C", "D"], "nullable": True},
                "label": {"type": "string", "nullable": True},
                "weight": {"type": "number"},
                "weight_text": {"type": "string"},
                "from": {"type": "string", "format": "date"},
                "to": {"type": "string", "format": "date"},
            },
        },
        "ReportSummary": {
            "type": "object",
            "required": ["period", "visitors", "times", "throughput", "applications", "ikm", "complaints"],
            "properties": {
                "period": {
                    "type": "object",
                    "properties": {"from": {"type": "string"}, "to": {"type": "string"}, "days": {"type": "integer"}},
                },
                "visitors": {"type": "object"},
                "times": {"type": "object"},
                "throughput": {"type": "object"},
                "applications": {"type": "object"},
                "ikm": {"type": "object"},
                "complaints": {"type": "object"},
            },
        },
    },
)
