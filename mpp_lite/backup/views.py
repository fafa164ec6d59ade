"""Admin page: the last backup's time and size (red when older than two days), settings, run now."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from mpp_lite.audit.services import record
from mpp_lite.auth.permissions import current_actor, require
from mpp_lite.backup.forms import BackupNowForm, BackupSettingsForm
from mpp_lite.backup.services import (
    SETTING_DEFAULTS,
    BackupError,
    backup_settings,
    create_backup,
    default_backup_dir,
    last_backup,
    list_backups,
)
from mpp_lite.database import in_transaction
from mpp_lite.site.menus import add_admin
from mpp_lite.site.services import update_settings

bp = Blueprint("backup", __name__, url_prefix="/admin/cadangan")
add_admin("backup.index", _l("Backups"), _l("Last backup, rotation, second copy and the daily time."), 80)


@bp.route("/", methods=["GET", "POST"])
@require("admin")
def index():
    settings = backup_settings()
    form = BackupSettingsForm(
        data={key: settings[key] for key in SETTING_DEFAULTS} if request.method == "GET" else None
    )
    if form.validate_on_submit():
        values = {
            key: str(getattr(form, key).data if getattr(form, key).data is not None else "").strip()
            for key in SETTING_DEFAULTS
        }

        def work():
            update_settings(values)
            record(current_actor(), "settings_changed", "setting", "backup", keys=sorted(values))

        in_transaction(work)
        flash(_("Backup settings saved."), "success")
        return redirect(url_for("backup.index"))
    status = 400 if request.method == "POST" else 200
    folder = default_backup_dir()
    return render_template(
        "backup/index.html",
        form=form,
        now_form=BackupNowForm(),
        last=last_backup(folder),
        backups=list_backups(folder)[:30],
        folder=folder,
        settings=settings,
    ), status


@bp.post("/sekarang")
@require("admin")
def run_now():
    form = BackupNowForm()
    if not form.validate_on_submit():
        flash(_("The form expired; please try again."), "danger")
        return redirect(url_for("backup.index"))
    try:
        result = create_backup()  # writes files only, nothing to this session
    except BackupError as error:
        flash(_("The backup failed: %(reason)s", reason=str(error)), "danger")
        return redirect(url_for("backup.index"))
    in_transaction(
        lambda: record(
            current_actor(),
            "backup_created",
            "backup",
            result.path.name,
            size=result.size,
            second_copy=bool(result.second_copy),
        )
    )
    flash(_("Backup written: %(name)s.", name=result.path.name), "success")
    if result.second_error:
        flash(result.second_error, "warning")
    return redirect(url_for("backup.index"))
