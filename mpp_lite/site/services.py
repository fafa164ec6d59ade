"""Reading and changing the site's settings."""

from __future__ import annotations

from flask import has_app_context

from mpp_lite.extensions import db
from mpp_lite.site.cache import memo
from mpp_lite.site.models import Setting

DEFAULTS = {
    "mpp_name": "Mal Pelayanan Publik",
    "regency": "",
    "province": "",
    "address": "",
    "phone": "",
    "email": "",
    "opening_hours": "",
    "site_code": "",
    "default_language": "id",
    "running_text": "",
    "logo_filename": "",
    "demo_loaded": "",
}


SETTINGS_CACHE_SECONDS = 10  # a change made by another process shows within this


def get_settings() -> dict[str, str]:
    """All settings with defaults filled in (a copy: change them with update_settings)."""
    if not has_app_context():
        return dict(DEFAULTS)

    def load():
        values = dict(DEFAULTS)
        values.update({row.key: row.value for row in db.session.scalars(db.select(Setting))})
        return values

    return dict(memo("settings", {"settings"}, SETTINGS_CACHE_SECONDS).get("all", load))


def get_setting(key: str) -> str:
    return get_settings().get(key, "")


def update_settings(values: dict[str, str]) -> None:
    for key, value in values.items():
        row = db.session.get(Setting, key)
        if row is None:
            db.session.add(Setting(key=key, value=value or ""))
        else:
            row.value = value or ""
    db.session.flush()
    if has_app_context():
        memo("settings", {"settings"}, SETTINGS_CACHE_SECONDS).clear()  # this request sees them now
