"""Kiosks and display screens: device tokens, one-time pairing codes, per-kiosk printer settings.

An admin creates a device (an ApiToken with role kiosk or display) and gets a code valid for a
few minutes; entering it at /perangkat/pasang on the kiosk or TV browser gives that browser a
fresh device token in a long-lived HttpOnly cookie. Callers own the transaction.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask_babel import lazy_gettext as _l

from mpp_lite.auth.models import ApiToken, hash_token
from mpp_lite.auth.services import AccountError, create_token
from mpp_lite.extensions import db
from mpp_lite.queue.models import DevicePairing
from mpp_lite.queue.printing import PRINTER_KINDS
from mpp_lite.site import clock

DEVICE_ROLES = ("kiosk", "display")
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
CODE_LENGTH = 8
PAIRING_MINUTES = 15
DEMO_DEVICES = (("Kiosk Demo", "kiosk"), ("Layar TV Demo", "display"))


def normalise_code(code: str) -> str:
    """Accept any case, spaces and dashes, and O/I/L typed for 0/1/1."""
    cleaned = (code or "").upper().replace("-", "").replace(" ", "")
    return cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


def format_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def create_device(name: str, role: str, settings: dict | None = None) -> ApiToken:
    if role not in DEVICE_ROLES:
        raise AccountError(_l("A device is a kiosk or a display."), "role")
    token, _raw = create_token(name, role, settings=settings or {})  # the raw token is never shown
    return token


def devices() -> list[ApiToken]:
    return list(
        db.session.scalars(db.select(ApiToken).order_by(ApiToken.revoked_at.is_not(None), ApiToken.role, ApiToken.name))
    )


def new_pairing_code(token: ApiToken, created_by: str = "", minutes: int = PAIRING_MINUTES) -> str:
    """A fresh one-time code for the device; earlier unused codes of it stop working."""
    if not token.active:
        raise AccountError(_l("This device was revoked; create a new one."), "device")
    now = clock.utcnow()
    for old in db.session.scalars(db.select(DevicePairing).filter_by(token_id=token.id, used_at=None)):
        old.expires_at = min(old.expires_at, now)
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    db.session.add(
        DevicePairing(
            token_id=token.id,
            code_hash=hash_token(code),
            created_at=now,
            expires_at=now + timedelta(minutes=minutes),
            created_by=created_by[:80],
        )
    )
    db.session.flush()
    return format_code(code)


def redeem_code(code: str) -> tuple[ApiToken, str] | None:
    """Use a pairing code once: answers (device, new raw token for the cookie) or None."""
    normalised = normalise_code(code)
    if len(normalised) != CODE_LENGTH:
        return None
    pairing = db.session.scalar(db.select(DevicePairing).filter_by(code_hash=hash_token(normalised)))
    now = clock.utcnow()
    if pairing is None or pairing.used_at is not None or pairing.expires_at <= now or not pairing.token.active:
        return None
    pairing.used_at = now
    token = pairing.token
    raw = ApiToken.generate()
    token.token_hash = hash_token(raw)  # the browser that pairs becomes the device; older copies stop
    token.hint = raw[-4:]
    token.last_used_at = now
    db.session.flush()
    return token, raw


def pending_code_expiry(token: ApiToken):
    now = clock.utcnow()
    return db.session.scalar(
        db.select(db.func.max(DevicePairing.expires_at)).where(
            DevicePairing.token_id == token.id, DevicePairing.used_at.is_(None), DevicePairing.expires_at > now
        )
    )


def update_printer(token: ApiToken, values: dict) -> None:
    kind = values.get("kind") if values.get("kind") in PRINTER_KINDS else "browser"
    printer = {"kind": kind, "paper": 58 if str(values.get("paper")) == "58" else 80}
    for key in ("host", "port", "vendor_id", "product_id", "path", "profile"):
        value = (values.get(key) or "").strip()
        if value:
            printer[key] = value
    settings = dict(token.settings or {})
    settings["printer"] = printer
    token.settings = settings  # a new dict, so the JSON column sees the change
    db.session.flush()


def parse_prefixes(text: str) -> tuple[str, ...]:
    """ "a, B" -> ("A", "B"): the queues a display shows (empty: all)."""
    return tuple(sorted({part.strip().upper() for part in (text or "").split(",") if part.strip()}))


def update_display(token: ApiToken, queues: str) -> None:
    settings = dict(token.settings or {})
    settings["queues"] = ",".join(parse_prefixes(queues))
    token.settings = settings
    db.session.flush()


def ensure_demo_devices(minutes: int = 12 * 60) -> list[tuple[str, str, str]]:
    """Demo kit: a kiosk and a display device, each with a fresh pairing code until it pairs.

    Answers [(name, role, code)] for devices not yet paired (codes valid for `minutes`).
    """
    result = []
    for name, role in DEMO_DEVICES:
        token = db.session.scalar(db.select(ApiToken).filter_by(name=name, role=role))
        if token is None:
            token = create_device(name, role)
        if not token.active or token.last_used_at is not None:
            continue
        result.append((name, role, new_pairing_code(token, "demo", minutes)))
    return result
