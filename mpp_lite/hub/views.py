"""The hub's pages and its receiving end: POST /sync, sign-in, the consolidated table, a site's
page and the exports."""

from __future__ import annotations

import logging

from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import login_user, logout_user
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from mpp_lite.auth.permissions import public
from mpp_lite.database import in_transaction
from mpp_lite.hub import bundles, exports, figures, ingest
from mpp_lite.hub.access import check_password, current_viewer, viewer_required
from mpp_lite.hub.api import ApiProblem, period, visible_sites
from mpp_lite.hub.extensions import hub_db as db
from mpp_lite.hub.models import HubSite
from mpp_lite.hub.sites import PROVINCES, SITE_CODE, HubError
from mpp_lite.site import clock

bp = Blueprint("hub", __name__)
log = logging.getLogger("mpp_lite.hub")


def select_locale() -> str:
    lang = request.args.get("lang") or session.get("lang")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        return lang
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _error(status: int, code: str, message: str):
    return jsonify({"error": {"code": code, "message": message, "fields": {}}}), status


@bp.post("/sync")
@public
def receive():
    """mpp-lite/v1 batches from registered sites (the reference receiver's checks)."""
    now = clock.utcnow()
    body = request.get_data(cache=False)  # MAX_CONTENT_LENGTH answers a bigger body 413
    site_code = request.headers.get("X-MPP-Site", "")
    try:
        sender = ingest.authenticate(
            site_code, request.headers.get("X-MPP-Timestamp", ""), request.headers.get("X-MPP-Signature", ""), body, now
        )
        batch = ingest.parse(body, sender.site.code)
        answer = in_transaction(lambda: ingest.store(sender, batch, now))
    except ingest.Refused as refused:
        db.session.rollback()
        if refused.logged:
            in_transaction(
                lambda refused=refused: ingest.log_refusal(site_code, request.remote_addr or "", refused, now)
            )
        return _error(refused.status, refused.code, refused.message)
    if now.second == 0:  # about once a minute under load
        in_transaction(lambda: ingest.forget_old_signatures(now))
    return jsonify(answer)


@bp.get("/healthz")
@public
def healthz():
    db.session.execute(select(1))
    return jsonify({"status": "ok"})


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    error = None
    username = request.form.get("username", "")
    if request.method == "POST":
        user = check_password(username, request.form.get("password", ""))
        if user is not None:
            session.clear()
            login_user(user)
            return redirect(url_for("hub.index"))
        error = _("Wrong username or password.")
    return render_template("hub/login.html", error=error, username=username), 401 if error else 200


@bp.post("/logout")
@public
def logout():
    logout_user()
    session.clear()
    return redirect(url_for("hub.login"))


def _page_period():
    try:
        return period()
    except ApiProblem as problem:
        abort(400, problem.message)


@bp.get("/")
@viewer_required
def index():
    viewer = current_viewer()  # @viewer_required made sure there is one
    start, end = _page_period()
    province = request.args.get("province") or None
    try:
        sites = visible_sites(viewer, province)
    except ApiProblem:
        abort(403)
    shown = figures.table(sites, start, end, clock.utcnow())
    rows = shown["rows"]
    sort = request.args.get("sort") or "code"
    if sort in figures.FIGURES:  # highest first, sites without the figure last
        rows.sort(key=lambda r: (r[sort] is not None, r[sort] or 0), reverse=True)
    elif sort in ("code", "name", "province"):
        rows.sort(key=lambda r: r[sort])
    else:
        sort = "code"
    provinces = sorted({s.province for s in db.session.scalars(viewer.sites_query())})
    province_totals = shown["provinces"] if len(shown["provinces"]) > 1 else {}
    return render_template(
        "hub/index.html",
        rows=rows,
        total=shown["total"],
        province_totals=province_totals,
        province_names=PROVINCES,
        start=start,
        end=end,
        province=province,
        provinces=provinces,
        viewer=viewer,
        sort=sort,
    )


@bp.get("/situs/<code>")
@viewer_required
def site_page(code: str):
    viewer = current_viewer()  # @viewer_required made sure there is one
    start, end = _page_period()
    site = db.session.get(HubSite, code) if SITE_CODE.match(code) else None
    if site is None or not viewer.may_see(site):
        abort(403 if viewer.role != "hub_admin" else 404)
    row = figures.site_rows([site], start, end, clock.utcnow())[0]
    days = figures.site_days(site, start, end)
    peak = max([d["visitors"] for d in days] + [1])
    return render_template(
        "hub/site.html", site=site, row=row, days=days, peak=peak, start=start, end=end, chart=chart(days, peak)
    )


def chart(days: list[dict], peak: int) -> dict:
    """The site page's chart over time (inline SVG, no script): visitors as bars, the median wait as a line."""
    longest = max([d["wait_median_minutes"] or 0 for d in days] + [1])
    bars = [
        {"x": i * 12 + 1, "height": round(d["visitors"] / peak * 100, 1), "day": d["day"], "visitors": d["visitors"]}
        for i, d in enumerate(days)
    ]
    line = " ".join(
        f"{i * 12 + 6},{100 - d['wait_median_minutes'] / longest * 100:.1f}"
        for i, d in enumerate(days)
        if d["wait_median_minutes"] is not None
    )
    return {"width": max(len(days) * 12, 12), "bars": bars, "line": line, "longest": longest}


def _export_rows():
    viewer = current_viewer()  # @viewer_required made sure there is one
    start, end = _page_period()
    try:
        sites = visible_sites(viewer, request.args.get("province") or None)
    except ApiProblem:
        abort(403)
    return start, end, figures.site_rows(sites, start, end, clock.utcnow())


def _download(content: bytes, name: str, mimetype: str):
    return current_app.response_class(
        content, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@bp.get("/ekspor.csv")
@viewer_required
def export_csv():
    start, end, rows = _export_rows()
    return _download(exports.table_csv(rows), f"mpp-hub-{start}-{end}.csv", "text/csv")


@bp.get("/ekspor.xlsx")
@viewer_required
def export_xlsx():
    start, end, rows = _export_rows()
    return _download(
        exports.table_xlsx(rows, start, end),
        f"mpp-hub-{start}-{end}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@bp.get("/ekspor-satudata.zip")
@viewer_required
def export_satu_data():
    """The table in the Satu Data Indonesia style: data.csv with metadata, dictionary and region codes."""
    start, end, rows = _export_rows()
    producer = current_app.config.get("HUB_NAME") or _("MPP Lite hub")
    package = exports.satu_data_package(rows, start, end, producer, clock.utcnow())
    return _download(package, f"satudata-mpp-{start}-{end}.zip", "application/zip")


def init_errors(app) -> None:
    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if request.path.startswith(("/api/", "/sync")) or request.accept_mimetypes.best == "application/json":
            code = {413: "too_large"}.get(error.code, (error.name or "error").lower().replace(" ", "_"))
            message = (
                _("A batch may be at most 5 MB; send smaller batches.")
                if error.code == 413
                else error.description or error.name
            )
            return _error(error.code or 500, code, message)
        if error.code == 401:
            return redirect(url_for("hub.login"))
        return render_template("hub/error.html", error=error), error.code

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        log.exception("hub request failed")
        db.session.rollback()
        if request.path.startswith(("/api/", "/sync")):
            return _error(500, "server_error", _("Something went wrong on the hub; try again later."))
        return render_template("hub/error.html", error=None), 500


MAX_BUNDLE_BYTES = 256 * 1024 * 1024  # a month of a busy site is a few MB; batches stay 5 MB


@bp.route("/impor", methods=["GET", "POST"])
@viewer_required
def import_bundle():
    """Upload a site's USB bundle (`mpp-lite sync export`); the site must be in the viewer's scope."""
    viewer = current_viewer()  # @viewer_required made sure there is one
    result, error, status = None, None, 200
    if request.method == "POST":
        request.max_content_length = MAX_BUNDLE_BYTES
        upload = request.files.get("bundle")
        if upload is None or not upload.filename:
            error, status = _("Choose the bundle file (.zip) made by `mpp-lite sync export` at the site."), 400
        else:
            now = clock.utcnow()
            try:
                result = in_transaction(lambda: bundles.import_bundle(upload.stream, now, viewer))
            except HubError as refused:
                error, status = bundle_refusal_message(refused), 403 if refused.kind == "forbidden" else 422
                by = f"upload by {viewer.name}"
                in_transaction(lambda refused=refused: bundles.log_refused_bundle("", by, refused, now))
    return render_template("hub/import.html", result=result, error=error), status


def bundle_refusal_message(refused: HubError) -> str:
    if refused.kind == "forbidden":
        return _("This bundle is for a site outside what you may see.")
    detail = refused.message.removeprefix("The bundle was refused: ")
    return _(
        "The bundle was refused and nothing was stored: %(detail)s. Check that it is the site's file as "
        "exported, unchanged, and that the site is registered on this hub with the secret it signs with.",
        detail=detail,
    )


@bp.get("/layanan")
@public
def catalogue():
    """Public: services across every regency of the hub, from their synced catalogues."""
    query_text = (request.args.get("q") or "").strip()[:80]
    province = request.args.get("province") or None
    results = search_services(query_text, province) if query_text else []
    return render_template("hub/catalogue.html", q=query_text, results=results, province=province)


def search_services(text: str, province: str | None, limit: int = 100) -> list[dict]:
    from sqlalchemy import func, or_

    from mpp_lite.hub.models import HubService

    pattern = "%" + text.lower().replace("\\", "").replace("%", "").replace("_", "") + "%"
    query = (
        select(HubService, HubSite)
        .join(HubSite, HubSite.code == HubService.site_code)
        .where(
            HubService.published,
            or_(func.lower(HubService.name).like(pattern), func.lower(HubService.code).like(pattern)),
        )
        .order_by(HubSite.province, HubSite.code, HubService.name)
        .limit(limit)
    )
    if province:
        query = query.where(HubSite.province == province)
    rows = []
    for service, site in db.session.execute(query):
        data = service.data or {}
        tenant = data.get("tenant") or {}
        requirements = data.get("requirements") if isinstance(data.get("requirements"), list) else []
        rows.append(
            {
                "site": site,
                "name": service.name,
                "tenant": tenant.get("name") if isinstance(tenant, dict) else "",
                "requirements": [str(r.get("text", r)) if isinstance(r, dict) else str(r) for r in requirements],
                "fee": data.get("fee"),
                "fee_note": data.get("fee_note") or "",
                "duration_value": data.get("duration_value"),
                "duration_unit": data.get("duration_unit"),
            }
        )
    return rows
