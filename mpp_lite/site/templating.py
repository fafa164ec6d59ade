"""Values and filters every template can use: settings, the actor, money and durations."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask, current_app, request
from flask_babel import gettext as _
from flask_babel import ngettext

from mpp_lite.auth.permissions import current_actor
from mpp_lite.i18n import current_language
from mpp_lite.site import menus
from mpp_lite.site.services import get_settings


def rupiah(amount: int | None) -> str:
    if not amount:
        return _("Free")
    return "Rp" + f"{int(amount):,}".replace(",", ".")


def duration(value: int, unit: str) -> str:
    if unit == "minutes":
        return ngettext("%(num)d minute", "%(num)d minutes", value)
    return ngettext("%(num)d working day", "%(num)d working days", value)


def local_time(value: datetime | None, fmt: str = "%d-%m-%Y %H:%M") -> str:
    if value is None:
        return ""
    return value.astimezone(site_zone()).strftime(fmt)


def decimal(value, digits: int = 1) -> str:
    """A figure in the page's language: 2,0 and 1.234,5 in Indonesian, 2.0 and 1,234.5 in English."""
    from flask_babel import format_decimal

    if value is None:
        return "-"
    return format_decimal(value, format="#,##0." + "0" * digits if digits else "#,##0")


def site_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["TIMEZONE"])


def init_app(app: Flask) -> None:
    app.jinja_env.filters["rupiah"] = rupiah
    app.jinja_env.filters["local_time"] = local_time
    app.jinja_env.filters["decimal"] = decimal
    app.jinja_env.globals["duration"] = duration

    @app.context_processor
    def inject_site():
        # Also for a missing /static/ file: its 404 page extends base.html, which needs `site`.
        actor = current_actor()
        return {
            "site": get_settings(),
            "actor": actor,
            "lang": current_language(),
            "public_menu": menus.build(menus.PUBLIC_MENU),
            "staff_menu": menus.build(menus.for_role(menus.STAFF_MENU, actor.role)) if actor.is_staff else [],
            "admin_menu": menus.build(menus.ADMIN_MENU) if request.path.startswith("/admin") else [],
        }
