"""Admin pages for the site settings and the catalogue export/import; public logo files."""

from __future__ import annotations

import json
import re

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from mpp_lite.admin import bp
from mpp_lite.admin import services as admin_services
from mpp_lite.admin.forms import CatalogueImportForm, SettingsForm, show_error
from mpp_lite.admin.services import AdminError
from mpp_lite.audit.services import record
from mpp_lite.auth.permissions import current_actor, public, require
from mpp_lite.catalogue.transfer import (
    CatalogueFileError,
    export_catalogue,
    import_catalogue,
    parse_catalogue,
)
from mpp_lite.extensions import db
from mpp_lite.site.clock import local_now
from mpp_lite.site.menus import add_admin
from mpp_lite.site.services import get_settings

media_bp = Blueprint("media", __name__)
LOGO_NAME = re.compile(r"^[a-z]+-[0-9a-f]{16}\.(png|jpg|webp)$")

add_admin("admin.settings", _l("Site settings"), _l("MPP name, regency, address, hours, language, display text, logo."), 60)
add_admin("admin.catalogue_transfer", _l("Catalogue export and import"),
          _l("Download the catalogue as a file, or load another regency's service standards."), 70)


@media_bp.get("/media/logo/<name>")
@public
def logo(name: str):
    """Uploaded logos are public (they appear on the catalogue and the display board)."""
    if not LOGO_NAME.match(name):
        abort(404)
    response = send_from_directory(admin_services.uploads_folder(), name, max_age=3600)
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    return response


@bp.route("/pengaturan", methods=["GET", "POST"])
@require("admin")
def settings():
    current = get_settings()
    stored = {key: current.get(key, "") for key in SettingsForm.SETTING_KEYS}
    form = SettingsForm(data=stored if request.method == "GET" else None)
    status = 200
    if form.validate_on_submit():
        values = {key: form[key].data for key in SettingsForm.SETTING_KEYS}
        old_logo = current.get("logo_filename", "")
        try:
            if form.logo.data:
                values["logo_filename"] = admin_services.store_logo(form.logo.data.read(), "site")
            elif form.remove_logo.data:
                values["logo_filename"] = ""
            admin_services.save_settings(values)
        except AdminError as error:
            db.session.rollback()
            show_error(form, error)
            status = 422
        else:
            record(current_actor(), "settings_updated", "settings", "", keys=sorted(values))
            db.session.commit()
            if "logo_filename" in values and values["logo_filename"] != old_logo:
                admin_services.remove_logo_file(old_logo)
            flash(_("Settings saved."), "success")
            return redirect(url_for("admin.settings"))
    elif request.method == "POST":
        status = 400
    return render_template("admin/settings.html", form=form, logo=current.get("logo_filename")), status


@bp.route("/katalog", methods=["GET", "POST"])
@require("admin")
def catalogue_transfer():
    form = CatalogueImportForm()
    status = 200
    result = None
    problems: list[str] = []
    if form.validate_on_submit():
        raw = form.file.data.read()
        try:
            data = parse_catalogue(raw)
            result = import_catalogue(data, publish=form.publish.data)
        except CatalogueFileError as error:
            db.session.rollback()
            problems = error.problems
            status = 422
        else:
            record(current_actor(), "catalogue_imported", "catalogue", "", publish=bool(form.publish.data),
                   **result.counts())
            db.session.commit()
            flash(_("Catalogue imported: %(created)d new, %(updated)d changed, %(unchanged)d unchanged.",
                    created=result.total("created"), updated=result.total("updated"),
                    unchanged=result.total("unchanged")), "success")
            return redirect(url_for("admin.catalogue_transfer"))
    elif request.method == "POST":
        status = 400
    return render_template("admin/catalogue_transfer.html", form=form, problems=problems, result=result), status


@bp.get("/katalog/ekspor.json")
@require("admin")
def catalogue_export():
    data = export_catalogue()
    record(current_actor(), "catalogue_exported", "catalogue", "", services=len(data["services"]))
    db.session.commit()
    stamp = local_now().strftime("%Y%m%d")
    body = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="katalog-mpp-{stamp}.json"'})

