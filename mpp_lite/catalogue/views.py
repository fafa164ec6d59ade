"""Public catalogue pages: home grouped by tenant, search, service detail and its PDF."""

from __future__ import annotations

import re

from flask import Blueprint, abort, render_template, request, send_file

from mpp_lite.auth.permissions import public
from mpp_lite.catalogue.models import Tenant
from mpp_lite.catalogue.services import (
    get_published_service,
    search_services,
    tenants_with_services,
)
from mpp_lite.catalogue.standards import current_maklumat
from mpp_lite.extensions import db
from mpp_lite.site.services import get_settings

bp = Blueprint("catalogue", __name__)


@bp.get("/")
@public
def home():
    return render_template("catalogue/home.html", groups=tenants_with_services(), maklumat=current_maklumat())


@bp.get("/maklumat-pelayanan.pdf")
@public
def maklumat_pdf():
    """The Maklumat Pelayanan in force, on A4, to print, sign and hang."""
    maklumat = current_maklumat() or abort(404)
    from mpp_lite.catalogue.pdf import maklumat_pdf as render  # reportlab loads with the first PDF

    return send_file(
        render(maklumat, get_settings()),
        mimetype="application/pdf",
        download_name="maklumat-pelayanan.pdf",
        as_attachment=False,
    )


@bp.get("/layanan")
@public
def search():
    query = (request.args.get("q") or "").strip()[:100]
    results = search_services(query) if query else []
    return render_template("catalogue/search.html", query=query, results=results)


@bp.get("/layanan/<int:service_id>")
@public
def service_detail(service_id: int):
    service = get_published_service(service_id) or abort(404)
    return render_template("catalogue/service.html", service=service)


@bp.get("/layanan/<int:service_id>/standar.pdf")
@public
def service_standard_pdf(service_id: int):
    service = get_published_service(service_id) or abort(404)
    from mpp_lite.catalogue.pdf import standard_pdf  # reportlab loads with the first PDF

    buffer = standard_pdf(service, get_settings())
    return send_file(
        buffer,
        mimetype="application/pdf",
        download_name=f"standar-pelayanan-{service.code.lower()}.pdf",
        as_attachment=False,
    )


@bp.get("/layanan/warna.css")
@public
def tenant_colours():
    """Tenant colours as CSS classes (`.tenant-dukcapil`), since the CSP forbids inline styles."""
    from flask import Response

    rules = []
    for tenant in db.session.scalars(db.select(Tenant)):
        colour = tenant.colour if re.fullmatch(r"#[0-9a-fA-F]{6}", tenant.colour or "") else "#1f4e79"
        css_class = re.sub(r"[^a-z0-9-]", "", tenant.code.lower())
        rules.append(f".tenant-{css_class} {{ --tenant-colour: {colour}; }}")
    response = Response("\n".join(rules) + "\n", mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
