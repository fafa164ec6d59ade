"""The site registry: regencies and cities by Kemendagri code, their secrets and rotation."""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta

from sqlalchemy import or_, select

from mpp_lite.applications.nik import PROVINCES as NIK_PROVINCES
from mpp_lite.errors import DomainError
from mpp_lite.hub.extensions import hub_db as db
from mpp_lite.hub.models import HubSite, HubSiteSecret

SITE_CODE = re.compile(r"^\d{2}\.\d{2}$")
PROVINCE_CODE = re.compile(r"^\d{2}$")
# Indonesia's three time zones by province code (a site's local day is counted in its own).
WITA_PROVINCES = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
WIT_PROVINCES = {"81", "82", "91", "92", "93", "94", "95", "96", "97"}
# Kemendagri's 38 provinces (the reference codes of exports): the table NIK checks use.
PROVINCES = NIK_PROVINCES


class HubError(DomainError):
    """A request the hub cannot carry out; the message says what to do (kind invalid unless said)."""


def timezone_of_province(province: str) -> str:
    if province in WITA_PROVINCES:
        return "Asia/Makassar"
    if province in WIT_PROVINCES:
        return "Asia/Jayapura"
    return "Asia/Jakarta"


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def add_site(code: str, name: str, province: str, now: datetime) -> tuple[HubSite, str]:
    """Register a site; answers it and its first secret. Flushes, the caller commits."""
    code, province = code.strip(), province.strip()
    forwarder = PROVINCE_CODE.match(code) is not None and code == province.strip()  # a province's hub
    if not SITE_CODE.match(code) and not forwarder:
        raise HubError(f"The site code {code!r} is not a regency/city code like 32.04 (or a province's hub, 32).")
    if not PROVINCE_CODE.match(province) or not (forwarder or code.startswith(province + ".")):
        raise HubError(f"The province {province!r} must be the first two digits of the site code ({code[:2]}).")
    if db.session.get(HubSite, code) is not None:
        raise HubError(f"The site {code} is already registered; use rotate-secret for a new secret.")
    site = HubSite(
        code=code, name=name.strip() or code, province=province, timezone=timezone_of_province(province), created_at=now
    )
    secret = new_secret()
    db.session.add(site)
    db.session.add(HubSiteSecret(site_code=code, secret=secret, created_at=now))
    db.session.flush()
    return site, secret


def rotate_secret(code: str, overlap_hours: float, now: datetime) -> str:
    """A new secret for the site; the ones in use keep working for `overlap_hours`."""
    if db.session.get(HubSite, code) is None:
        raise HubError(f"No site {code} is registered.")
    if overlap_hours < 0:
        raise HubError("The overlap cannot be negative.")
    until = now + timedelta(hours=overlap_hours)
    for old in db.session.scalars(select(HubSiteSecret).where(HubSiteSecret.site_code == code)):
        if old.valid_until is None or old.valid_until > until:
            old.valid_until = until
    secret = new_secret()
    db.session.add(HubSiteSecret(site_code=code, secret=secret, created_at=now))
    db.session.flush()
    return secret


def valid_secrets(code: str, now: datetime) -> list[str]:
    """The secrets a batch of this site may be signed with at `now` (two during an overlap)."""
    return list(
        db.session.scalars(
            select(HubSiteSecret.secret).where(
                HubSiteSecret.site_code == code,
                or_(HubSiteSecret.valid_until.is_(None), HubSiteSecret.valid_until > now),
            )
        )
    )
