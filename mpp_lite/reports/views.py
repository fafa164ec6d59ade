"""The dashboard (/dashboard) for supervisors: today live and any period, with exports and the PDF."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("reports", __name__)
