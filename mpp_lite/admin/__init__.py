"""Administration pages: tenants, services, queues, counters, users, site settings, catalogue transfer."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
