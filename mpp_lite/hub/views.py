"""The hub's pages and its receiving end: POST /sync, sign-in, the consolidated table, a site's
page and the exports."""

from __future__ import annotations

import csv
import io
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
from flask_login import login_required, login_user, logout_user
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from mpp_lite.hub import figures, ingest
from mpp_lite.hub.access import check_password, current_viewer
from mpp_lite.hub.api import ApiProblem, period, visible_sites
from mpp_lite.hub.extensions import hub_db as db
from mpp_lite.hub.models import HubSite
from mpp_lite.hub.sites import SITE_CODE
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
def receive():
    """mpp-lite/v1 batches from registered sites (the reference receiver's checks)."""
    now = clock.utcnow()
    body = request.get_data(cache=False)  # MAX_CONTENT_LENGTH answers a bigger body 413
    site_code = request.headers.get("X-MPP-Site", "")
    try:
        sender = ingest.authenticate(site_code, request.headers.get("X-MPP-Timestamp", ""),
                                     request.headers.get("X-MPP-Signature", ""), body, now)
        batch = ingest.parse(body, sender.site.code)
        answer = ingest.store(sender, batch, now)
        db.session.commit()
    except ingest.Refused as refused:
        db.session.rollback()
        if refused.logged:
            ingest.log_refusal(site_code, request.remote_addr or "", refused, now)
            db.session.commit()
        return _error(refused.status, refused.code, refused.message)
    if now.second == 0:  # about once a minute under load
        ingest.forget_old_signatures(now)
        db.session.commit()
    return jsonify(answer)


@bp.get("/healthz")
def healthz():
    db.session.execute(select(1))
    return jsonify({"status": "ok"})


@bp.route("/login", methods=["GET", "POST"])
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
def logout():
    logout_user()
    session.clear()
    return redirect(url_for("hub.login"))


def _viewer_or_login():
    viewer = current_viewer()
    if viewer is None:
        abort(401)
    return viewer


def _page_period():
    try:
        return period()
    except ApiProblem as problem:
        abort(400, problem.message)


@bp.get("/")
@login_required
def index():
    viewer = _viewer_or_login()
    start, end = _page_period()
    province = request.args.get("province") or None
    try:
        sites = visible_sites(viewer, province)
    except ApiProblem:
        abort(403)
    now = clock.utcnow()
    rows = figures.site_rows(sites, start, end, now)
    sort = request.args.get("sort") or "code"
    if sort in figures.FIGURES or sort in ("code", "name", "province"):
        rows.sort(key=lambda r: (r[sort] is None, r[sort] if r[sort] is not None else 0), reverse=sort in figures.FIGURES)
    provinces = sorted({s.province for s in db.session.scalars(viewer.sites_query())})
    return render_template("hub/index.html", rows=rows, total=figures.totals(sites, start, end, now), start=start,
                           end=end, province=province, provinces=provinces, viewer=viewer, sort=sort)


@bp.get("/situs/<code>")
@login_required
def site_page(code: str):
    viewer = _viewer_or_login()
    start, end = _page_period()
    site = db.session.get(HubSite, code) if SITE_CODE.match(code) else None
    if site is None or not viewer.may_see(site):
        abort(403 if viewer.role != "hub_admin" else 404)
    row = figures.site_rows([site], start, end, clock.utcnow())[0]
    days = figures.site_days(site, start, end)
    peak = max([d["visitors"] for d in days] + [1])
    return render_template("hub/site.html", site=site, row=row, days=days, peak=peak, start=start, end=end)


EXPORT_COLUMNS = ("code", "name", "province", "last_sync_at", "stale") + figures.FIGURES


def _export_rows():
    viewer = _viewer_or_login()
    start, end = _page_period()
    try:
        sites = visible_sites(viewer, request.args.get("province") or None)
    except ApiProblem:
        abort(403)
    return start, end, figures.site_rows(sites, start, end, clock.utcnow())


@bp.get("/ekspor.csv")
@login_required
def export_csv():
    start, end, rows = _export_rows()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        writer.writerow([row[c] for c in EXPORT_COLUMNS])
    return current_app.response_class(out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="mpp-hub-{start}-{end}.csv"'})


@bp.get("/ekspor.xlsx")
@login_required
def export_xlsx():
    """The table plus a metadata sheet (Satu Data Indonesia style): definitions, period, source."""
    from openpyxl import Workbook

    start, end, rows = _export_rows()
    book = Workbook()
    sheet = book.active
    sheet.title = "data"
    sheet.append(list(EXPORT_COLUMNS))
    for row in rows:
        sheet.append([row[c] for c in EXPORT_COLUMNS])
    meta = book.create_sheet("metadata")
    meta.append([_("Item"), _("Value")])
    meta.append([_("Period"), f"{start.isoformat()} - {end.isoformat()}"])
    meta.append([_("Source"), _("MPP Lite sites, synced to this hub (mpp-lite/v1)")])
    meta.append([_("Region codes"), _("Kemendagri region codes (province 2 digits, regency/city 4 digits)")])
    for name, meaning in column_definitions().items():
        meta.append([name, meaning])
    out = io.BytesIO()
    book.save(out)
    return current_app.response_class(out.getvalue(), headers={
        "Content-Disposition": f'attachment; filename="mpp-hub-{start}-{end}.xlsx"'},
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def column_definitions() -> dict[str, str]:
    return {
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


def init_errors(app) -> None:
    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if request.path.startswith(("/api/", "/sync")) or request.accept_mimetypes.best == "application/json":
            code = {413: "too_large"}.get(error.code, (error.name or "error").lower().replace(" ", "_"))
            message = (_("A batch may be at most 5 MB; send smaller batches.") if error.code == 413
                       else error.description or error.name)
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


@bp.get("/layanan")
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
    query = (select(HubService, HubSite).join(HubSite, HubSite.code == HubService.site_code)
             .where(HubService.published, or_(func.lower(HubService.name).like(pattern),
                                               func.lower(HubService.code).like(pattern)))
             .order_by(HubSite.province, HubSite.code, HubService.name).limit(limit))
    if province:
        query = query.where(HubSite.province == province)
    rows = []
    for service, site in db.session.execute(query):
        data = service.data or {}
        tenant = data.get("tenant") or {}
        requirements = data.get("requirements") if isinstance(data.get("requirements"), list) else []
        rows.append({"site": site, "name": service.name, "tenant": tenant.get("name") if isinstance(tenant, dict) else "",
                     "requirements": [str(r.get("text", r)) if isinstance(r, dict) else str(r) for r in requirements],
                     "fee": data.get("fee"), "fee_note": data.get("fee_note") or "",
                     "duration_value": data.get("duration_value"), "duration_unit": data.get("duration_unit")})
    return rows
