"""Administration: the overview page; each feature adds its own admin pages to the menu."""

from __future__ import annotations

from flask import Blueprint, render_template

from mpp_lite.auth.permissions import require

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/")
@require("admin")
def index():
    return render_template("admin/index.html")
