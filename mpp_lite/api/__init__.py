"""The JSON API under /api/v1: one blueprint that every feature's `api.py` adds routes to."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")
