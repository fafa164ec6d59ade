"""Site-wide pages that belong to no feature: health check."""

from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import text

from mpp_lite.auth.permissions import public
from mpp_lite.extensions import db

bp = Blueprint("site", __name__)


@bp.get("/healthz")
@public
def healthz():
    """For monitoring: answers 200 when the database answers; carries no data."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:
        return jsonify({"status": "error", "database": "unavailable"}), 503
    return jsonify({"status": "ok"})
