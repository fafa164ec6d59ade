"""GET /api/v1/sites, /api/v1/sites/<code> and /api/v1/totals: the consolidated figures as JSON."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, jsonify, request

from mpp_lite.hub import figures
from mpp_lite.hub.access import current_viewer, viewer_required
from mpp_lite.hub.extensions import hub_db as db
from mpp_lite.hub.models import HubSite
from mpp_lite.hub.sites import SITE_CODE
from mpp_lite.site import clock

bp = Blueprint("hub_api", __name__, url_prefix="/api/v1")
MAX_DAYS = 3 * 366


class ApiProblem(Exception):
    def __init__(self, status: int, code: str, message: str, fields: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.fields = status, code, message, fields or {}


@bp.errorhandler(ApiProblem)
def _problem(error: ApiProblem):
    return jsonify({"error": {"code": error.code, "message": error.message, "fields": error.fields}}), error.status


def period() -> tuple[date, date]:
    """from/to (the sites' local days), both defaulting to today."""
    today = clock.today()
    values = {}
    for name in ("from", "to"):
        raw = request.args.get(name) or ""
        try:
            values[name] = date.fromisoformat(raw) if raw else today
        except ValueError:
            raise ApiProblem(400, "bad_date", "Dates are YYYY-MM-DD.", {name: "YYYY-MM-DD"}) from None
    start, end = values["from"], values["to"]
    if end < start:
        raise ApiProblem(400, "bad_period", "'to' is before 'from'.", {"to": "on or after 'from'"})
    if end - start > timedelta(days=MAX_DAYS):
        raise ApiProblem(400, "bad_period", f"At most {MAX_DAYS} days at a time.", {"to": "too far from 'from'"})
    return start, end


def viewer_or_401():
    viewer = current_viewer()
    if viewer is None:
        raise ApiProblem(401, "unauthorized", "Sign in or send a hub token (Authorization: Bearer ...).")
    return viewer


def _province_arg() -> str | None:
    province = request.args.get("province") or None
    if province is not None and not (len(province) == 2 and province.isdigit()):
        raise ApiProblem(400, "bad_province", "province is a two-digit code, e.g. 32.", {"province": "e.g. 32"})
    return province


def visible_sites(viewer, province: str | None) -> list[HubSite]:
    if province and viewer.role == "province" and province != viewer.scope:
        raise ApiProblem(403, "forbidden", "This province is outside what you may see.")
    return list(db.session.scalars(viewer.sites_query(province)))


@bp.get("/sites")
@viewer_required
def sites():
    viewer = viewer_or_401()
    start, end = period()
    rows = figures.site_rows(visible_sites(viewer, _province_arg()), start, end, clock.utcnow())
    return jsonify({"items": rows})


@bp.get("/sites/<code>")
@viewer_required
def site(code: str):
    viewer = viewer_or_401()
    start, end = period()
    found = db.session.get(HubSite, code) if SITE_CODE.match(code) else None
    if found is None:
        # The same answer as out of scope for anyone who may not see every site.
        if viewer.role != "hub_admin":
            raise ApiProblem(403, "forbidden", "This site is outside what you may see.")
        raise ApiProblem(404, "not_found", f"No site {code} is registered.")
    if not viewer.may_see(found):
        raise ApiProblem(403, "forbidden", "This site is outside what you may see.")
    row = figures.site_rows([found], start, end, clock.utcnow())[0]
    return jsonify({**row, "days": figures.site_days(found, start, end)})


@bp.get("/totals")
@viewer_required
def totals():
    viewer = viewer_or_401()
    start, end = period()
    province = _province_arg()
    result = figures.totals(visible_sites(viewer, province), start, end, clock.utcnow())
    return jsonify({"from": start.isoformat(), "to": end.isoformat(), "province": province, **result})
