"""Site-wide pages that belong to no feature: health check."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from mpp_lite.auth.permissions import public
from mpp_lite.extensions import db
from mpp_lite.site.errors import disk_free_mb

bp = Blueprint("site", __name__)


@bp.get("/healthz")
@public
def healthz():
    """For monitoring: 200 when the database answers and the disk has room; carries no data."""
    try:
        db.session.connection().exec_driver_sql("SELECT 1")
    except Exception:
        return jsonify({"status": "error", "database": "unavailable"}), 503
    free_mb = disk_free_mb()
    if free_mb < current_app.config["DISK_MIN_FREE_MB"]:
        return jsonify(
            {
                "status": "error",
                "disk_free_mb": free_mb,
                "reason": f"penyimpanan hampir penuh: {free_mb} MB free in the instance folder, "
                f"below {current_app.config['DISK_MIN_FREE_MB']} MB",
            }
        ), 503
    return jsonify({"status": "ok", "disk_free_mb": free_mb})
