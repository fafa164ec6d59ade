"""The admin page "Sinkronisasi": endpoints, delivery counts, dead letters, the command to schedule."""

from __future__ import annotations

import logging
import os
import sys
import threading
from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from mpp_lite import config
from mpp_lite.audit.services import record
from mpp_lite.auth.permissions import current_actor, require
from mpp_lite.database import in_transaction
from mpp_lite.extensions import db
from mpp_lite.site import menus
from mpp_lite.sync import services
from mpp_lite.sync.forms import EndpointForm, SiteForm
from mpp_lite.sync.models import SyncEndpoint
from mpp_lite.sync.policy import POLICIES, POLICY_KINDS, RECORD_TYPES

bp = Blueprint("sync", __name__, url_prefix="/admin/sinkronisasi")
log = logging.getLogger("mpp_lite.sync")

menus.add_admin(
    "sync.index",
    _l("Sinkronisasi"),
    _l("Send records to the national or provincial system: endpoints, backlog, errors."),
    80,
)

TYPE_LABELS = {
    "ticket": _l("Tickets"),
    "application": _l("Applications"),
    "survey": _l("Survey responses"),
    "complaint": _l("Complaints"),
    "service": _l("Services"),
}


def schedule_commands() -> dict[str, str]:
    """What to put in cron or Windows Task Scheduler to push every 10 minutes."""
    root = config.ROOT
    instance = Path(current_app.instance_path)
    env = "" if instance == (root / "instance").resolve() else f"MPP_INSTANCE_PATH={instance} "
    if os.name == "nt":  # this PC's own paths
        windows_python, windows_root = sys.executable, str(root)
    else:  # an example for a Windows PC: adjust the folder
        windows_python, windows_root = r"C:\mpp-lite\.venv\Scripts\python.exe", r"C:\mpp-lite"
    return {
        "cron": (
            f"*/10 * * * * cd {root} && {env}{sys.executable} scripts/sync_push.py >> "
            f"{instance}/logs/sync-push.log 2>&1"
        ),
        "schtasks": (
            f'schtasks /Create /SC MINUTE /MO 10 /TN "MPP Lite sync" /TR '
            f'"\\"{windows_python}\\" \\"{windows_root}\\scripts\\sync_push.py\\""'
        ),
        "once": "mpp-lite sync push",
    }


def _render(site_form=None, endpoint_form=None, status=200):
    try:
        site = services.site_identity()
    except services.SyncError:
        site = None
    if site_form is None:
        site_form = SiteForm(code=site["code"] if site else "")
    if endpoint_form is None:
        endpoint_form = EndpointForm(formdata=None)
    endpoints = services.list_endpoints()
    counts = services.counts()
    dead = {e.id: services.dead_rows(e, 20) for e in endpoints}
    fields = {
        kind: [(f.name, f.kind in POLICY_KINDS["default"], f.kind) for f in POLICIES[kind].fields]
        for kind in RECORD_TYPES
    }
    return render_template(
        "sync/index.html",
        sync_site=site,
        site_form=site_form,
        endpoint_form=endpoint_form,
        endpoints=endpoints,
        counts=counts,
        dead=dead,
        types=RECORD_TYPES,
        type_labels=TYPE_LABELS,
        commands=schedule_commands(),
        fields=fields,
        lock=services.lock_info(),
    ), status


@bp.get("/")
@require("admin")
def index():
    return _render()


@bp.post("/site")
@require("admin")
def set_site():
    form = SiteForm()
    if not form.validate_on_submit():
        return _render(site_form=form, status=400)

    def work():
        services.set_site(form.code.data)
        record(current_actor(), "sync_site_code_set", "setting", "site_code", code=form.code.data.strip())

    in_transaction(work)
    flash(_("Site code saved."), "success")
    return redirect(url_for("sync.index"))


def _endpoint_error(form: EndpointForm, error: services.SyncError) -> None:
    message = str(error)
    target = form.name
    lowered = message.lower()
    if "secret" in lowered:
        target = form.secret
    elif "url" in lowered:
        target = form.url
    elif "batch" in lowered:
        target = form.batch_size
    elif "legal" in lowered or "policy" in lowered:
        target = form.legal_basis
    target.errors = [*target.errors, message]


@bp.post("/endpoints")
@require("admin")
def add_endpoint():
    form = EndpointForm()
    if not form.validate_on_submit():
        return _render(endpoint_form=form, status=400)
    if not form.secret.data:
        form.secret.errors = [_("Enter the shared secret.")]
        return _render(endpoint_form=form, status=400)
    if form.policy.data == "full" and not (form.legal_basis.data or "").strip():
        form.legal_basis.errors = [_("The full policy sends NIK, phone numbers and names: write down the legal basis.")]
        return _render(endpoint_form=form, status=400)
    if services.get_endpoint(form.name.data.strip()) is not None:
        form.name.errors = [_("An endpoint with this name exists already; pick another name.")]
        return _render(endpoint_form=form, status=400)

    def work():
        endpoint = services.add_endpoint(
            form.name.data,
            form.url.data,
            form.secret.data,
            form.batch_size.data,
            policy=form.policy.data,
            enabled=form.enabled.data,
            legal_basis=form.legal_basis.data or "",
        )
        record(
            current_actor(),
            "sync_endpoint_added",
            "sync_endpoint",
            endpoint.id,
            name=endpoint.name,
            policy=endpoint.policy,
        )
        return endpoint

    try:
        endpoint = in_transaction(work)
    except services.SyncError as error:
        _endpoint_error(form, error)
        return _render(endpoint_form=form, status=400)
    flash(_("Endpoint %(name)s added; the existing records are queued for it.", name=endpoint.name), "success")
    return redirect(url_for("sync.index"))


def _get(endpoint_id: int) -> SyncEndpoint:
    endpoint = db.session.get(SyncEndpoint, endpoint_id)
    if endpoint is None:
        abort(404)
    return endpoint


@bp.route("/endpoints/<int:endpoint_id>", methods=["GET", "POST"])
@require("admin")
def edit_endpoint(endpoint_id: int):
    endpoint = _get(endpoint_id)
    form = EndpointForm(obj=endpoint)
    form.name.render_kw = {"readonly": True}
    if form.is_submitted():
        form.name.data = endpoint.name
    if form.validate_on_submit():

        def work():
            services.update_endpoint(
                endpoint,
                url=form.url.data,
                secret=form.secret.data or None,
                batch_size=form.batch_size.data,
                enabled=form.enabled.data,
                legal_basis=form.legal_basis.data or "",
                policy=form.policy.data,
            )
            record(
                current_actor(),
                "sync_endpoint_changed",
                "sync_endpoint",
                endpoint.id,
                name=endpoint.name,
                policy=endpoint.policy,
                enabled=endpoint.enabled,
                secret_replaced=bool(form.secret.data),
            )

        try:
            in_transaction(work)
        except services.SyncError as error:
            _endpoint_error(form, error)
        else:
            flash(_("Endpoint %(name)s saved.", name=endpoint.name), "success")
            return redirect(url_for("sync.index"))
    status = 400 if form.is_submitted() else 200
    return render_template("sync/endpoint.html", endpoint=endpoint, form=form), status


@bp.post("/endpoints/<int:endpoint_id>/retry-dead")
@require("admin")
def retry_dead(endpoint_id: int):
    endpoint = _get(endpoint_id)

    def work():
        count = services.retry_dead(endpoint)
        record(current_actor(), "sync_dead_retried", "sync_endpoint", endpoint.id, rows=count)
        return count

    count = in_transaction(work)
    flash(_("%(count)d record(s) will be sent again at the next push.", count=count), "success")
    return redirect(url_for("sync.index"))


@bp.post("/endpoints/<int:endpoint_id>/delete")
@require("admin")
def delete_endpoint(endpoint_id: int):
    endpoint = _get(endpoint_id)
    name = endpoint.name

    def work():
        record(current_actor(), "sync_endpoint_removed", "sync_endpoint", endpoint.id, name=name)
        services.remove_endpoint(endpoint)

    in_transaction(work)
    flash(_("Endpoint %(name)s removed.", name=name), "success")
    return redirect(url_for("sync.index"))


def _push_in_background(app) -> None:
    from mpp_lite.sync.push import PushLocked, push  # the push client loads with the first push

    with app.app_context():
        try:
            result = push()
            log.info(
                "sync push from the admin page: %s", ", ".join(f"{r.name} {r.sent} sent" for r in result.endpoints)
            )
        except (PushLocked, services.SyncError) as error:
            log.warning("sync push from the admin page: %s", error)
        except Exception:  # the page already answered; the log keeps the cause
            log.exception("sync push from the admin page failed")
        finally:
            db.session.remove()


@bp.post("/push")
@require("admin")
def push_now():
    try:
        services.site_identity()
    except services.SyncError:
        flash(_("Set the site code first: nothing is sent without it."), "danger")
        return redirect(url_for("sync.index"))
    if not any(e.enabled for e in services.list_endpoints()):
        flash(_("Add or enable an endpoint first."), "danger")
        return redirect(url_for("sync.index"))
    if services.lock_info() is not None:
        flash(_("A push is running already; refresh this page in a moment."), "warning")
        return redirect(url_for("sync.index"))
    in_transaction(lambda: record(current_actor(), "sync_push_started", "sync_endpoint", ""))
    threading.Thread(
        target=_push_in_background, args=(current_app._get_current_object(),), daemon=True, name="mpp-sync-push-now"
    ).start()
    flash(_("Sending in the background; refresh this page to see the counts."), "success")
    return redirect(url_for("sync.index"))
