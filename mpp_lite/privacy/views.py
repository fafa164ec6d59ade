"""The citizens' privacy notice (/privasi) and the admin page for retention and data export."""

from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from mpp_lite.audit.services import record
from mpp_lite.auth.permissions import current_actor, public, require
from mpp_lite.database import in_transaction
from mpp_lite.privacy.forms import ExportForm, PurgeForm, RetentionForm
from mpp_lite.privacy.services import (
    RETENTION_RULES,
    daily_purge_enabled,
    export_person,
    purge,
    retention_days,
    save_retention,
)
from mpp_lite.site.menus import add_admin

bp = Blueprint("privacy", __name__)
add_admin("privacy.admin", _l("Personal data"), _l("Retention periods, anonymisation and export on request."), 85)


@bp.get("/privasi")
@public
def notice():
    return render_template("privacy/notice.html", days=retention_days())


def _admin_page(retention_form, export_form, status=200):
    return render_template(
        "privacy/admin.html",
        form=retention_form,
        export_form=export_form,
        purge_form=PurgeForm(),
        rules=RETENTION_RULES,
    ), status


@bp.route("/admin/privasi", methods=["GET", "POST"])
@require("admin")
def admin():
    if request.method == "GET":
        form = RetentionForm(data={**retention_days(), "daily_purge": daily_purge_enabled()})
    else:
        form = RetentionForm()
    if form.validate_on_submit():
        values = {rule.key: getattr(form, rule.key).data for rule in RETENTION_RULES}

        def work():
            save_retention(values, form.daily_purge.data)
            record(
                current_actor(),
                "settings_changed",
                "setting",
                "privacy",
                keys=sorted(values),
                daily_purge=form.daily_purge.data,
            )

        in_transaction(work)
        flash(_("Retention settings saved."), "success")
        return redirect(url_for("privacy.admin"))
    return _admin_page(form, ExportForm(), 400 if request.method == "POST" else 200)


@bp.post("/admin/privasi/anonimkan")
@require("admin")
def purge_now():
    if not PurgeForm().validate_on_submit():
        flash(_("The form expired; please try again."), "danger")
        return redirect(url_for("privacy.admin"))

    def work():
        counts = purge()
        record(current_actor(), "privacy_purge", "", "", **counts)
        return counts

    counts = in_transaction(work)
    flash(
        _(
            "Anonymised: %(applications)d applications, %(complaints)d complaints, %(surveys)d survey suggestions.",
            applications=counts["application"],
            complaints=counts["complaint"],
            surveys=counts["survey"],
        ),
        "success",
    )
    return redirect(url_for("privacy.admin"))


@bp.post("/admin/privasi/ekspor")
@require("admin")
def export():
    form = ExportForm()
    if not form.validate_on_submit():
        retention = RetentionForm(formdata=None, data={**retention_days(), "daily_purge": daily_purge_enabled()})
        return _admin_page(retention, form, 400)
    nik = form.nik.data.strip()

    def work():
        data = export_person(nik)
        record(
            current_actor(),
            "privacy_export",
            "applicant",
            "",
            applications=[item["tracking_code"] for item in data["applications"]],
        )
        return data

    data = in_transaction(work)
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": "attachment; filename=data-pribadi.json", "Cache-Control": "no-store"},
    )
