"""The site's clock: UTC for storage, the site's time zone for "today" and for display.

Tests move time by monkeypatching `utcnow` here (e.g. to the next day).
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_ZONE = "Asia/Jakarta"


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def zone() -> ZoneInfo:
    name = current_app.config.get("TIMEZONE", DEFAULT_ZONE) if has_app_context() else DEFAULT_ZONE
    return ZoneInfo(name)


def local_now() -> datetime:
    return utcnow().astimezone(zone())


def today() -> date:
    """The site's local date: ticket numbers restart when it changes."""
    return local_now().date()
