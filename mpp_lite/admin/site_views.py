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
from mpp_lite.admin.forms import SettingsForm, show_error
from mpp_lite.audit.services import record
from mpp_lite.auth.permissions import current_actor, public, require
from mpp_lite.catalogue.forms import CatalogueImportForm
from mpp_lite.catalogue.transfer import (
    CatalogueFileError,
    export_catalogue,
    import_catalogue,
    parse_catalogue,
)
from mpp_lite.database import in_transaction
from mpp_lite.errors import FieldError
from mpp_lite.site.clock import local_now
from mpp_lite.site.menus import add_admin
from mpp_lite.site.services import get_settings

media_bp = Blueprint("media", __name__)
LOGO_NAME = re.compile(r"^[a-z]+-[0-9a-f]{16}\.(png|jpg|webp)$")

add_admin(
    "admin.settings", _l("Site settings"), _l("MPP name, regency, address, hours, language, display text, logo."), 60
)
add_admin(
    "admin.catalogue_transfer",
    _l("Catalogue export and import"),
    _l("Download the catalogue as a file, or load another regency's service standards."),
    70,
)


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

        def work():
            admin_services.save_settings(values)
            record(current_actor(), "settings_updated", "settings", "", keys=sorted(values))

        try:
            if form.logo.data:
                values["logo_filename"] = admin_services.store_logo(form.logo.data.read(), "site")
            elif form.remove_logo.data:
                values["logo_filename"] = ""
            in_transaction(work)
        except FieldError as error:
            show_error(form, error)
            status = 422
        else:
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

        def work():
            result = import_catalogue(parse_catalogue(raw), publish=form.publish.data)
            record(
                current_actor(),
                "catalogue_imported",
                "catalogue",
                "",
                publish=bool(form.publish.data),
                **result.counts(),
            )
            return result

        try:
            result = in_transaction(work)
        except CatalogueFileError as error:
            problems = error.problems
            status = 422
        else:
            flash(
                _(
                    "Catalogue imported: %(created)d new, %(updated)d changed, %(unchanged)d unchanged.",
                    created=result.total("created"),
                    updated=result.total("updated"),
                    unchanged=result.total("unchanged"),
                ),
                "success",
            )
            return redirect(url_for("admin.catalogue_transfer"))
    elif request.method == "POST":
        status = 400
    return render_template("admin/catalogue_transfer.html", form=form, problems=problems, result=result), status


@bp.get("/katalog/ekspor.json")
@require("admin")
def catalogue_export():
    def work():
        data = export_catalogue()
        record(current_actor(), "catalogue_exported", "catalogue", "", services=len(data["services"]))
        return data

    data = in_transaction(work)
    stamp = local_now().strftime("%Y%m%d")
    body = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="katalog-mpp-{stamp}.json"'},
    )
