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


def parse_day(text: str) -> date:
    """A date as people here write it (06-12-2026, 6/12/2026) or as machines do (2026-12-06).

    Date fields are plain text in DD-MM-YYYY rather than the browser's date picker, whose format
    follows the PC's language (an English Windows shows 12/06/2026). Raises ValueError."""
    text = text.strip()
    if len(text) == 10 and text[4] == "-":
        return date.fromisoformat(text)
    parts = text.replace("/", "-").replace(".", "-").split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or len(parts[2]) != 4:
        raise ValueError(f"not a date: {text!r}")
    day, month, year = (int(p) for p in parts)
    return date(year, month, day)
