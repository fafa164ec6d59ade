"""Administration: the overview page of cards; the pages themselves live in the modules below.

Operators have one admin page, their tenant's services (/admin/layanan); the overview is the
administrator's.
"""

from __future__ import annotations

from flask import current_app, render_template

from mpp_lite.admin import (
    account_views,
    bp,
    catalogue_views,
    evaluation_views,
    schedule_views,
    site_views,
)
from mpp_lite.admin.site_views import media_bp
from mpp_lite.applications.calendar import calendar_warnings
from mpp_lite.auth.permissions import require
from mpp_lite.auth.services import accounts_with_failed_sign_ins
from mpp_lite.catalogue.standards import (
    current_maklumat,
    maklumat_is_stale,
    not_reviewed,
    without_decree,
)
from mpp_lite.site import clock
from mpp_lite.site.errors import disk_free_mb

# Importing the page modules registers their routes and admin menu cards on `bp`.
PAGE_MODULES = (account_views, catalogue_views, evaluation_views, schedule_views, site_views)

__all__ = ["bp", "media_bp"]


@bp.get("/")
@require("admin")
def index():
    free_mb = disk_free_mb()
    maklumat = current_maklumat()
    return render_template(
        "admin/index.html",
        calendar_warnings=calendar_warnings(clock.today()),
        disk_free_mb=free_mb,
        disk_low=free_mb < current_app.config["DISK_WARN_FREE_MB"],
        failing_accounts=accounts_with_failed_sign_ins(current_app.config["LOGIN_MAX_FAILURES"]),
        maklumat=maklumat,
        maklumat_stale=maklumat_is_stale(maklumat),
        not_reviewed_count=len(not_reviewed()),
        without_decree_count=len(without_decree()),
    )
