"""Changing accounts, settings and logos from the admin. (Tenants and services: catalogue/services.py;
queues and counters: queue/admin.py.)

Plain values in, flush but never commit: the view (or a script) owns the transaction and
writes the audit record.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l

from mpp_lite.auth.models import User
from mpp_lite.auth.services import (
    AccountError,
    create_user,
    end_all_sessions,
    password_problem,
    unlock_user,
)
from mpp_lite.catalogue.models import Tenant
from mpp_lite.errors import FieldError
from mpp_lite.extensions import db
from mpp_lite.site.services import update_settings

LOGO_MAX_BYTES = 1024 * 1024
UPLOADS_FOLDER = "uploads"


# --- accounts ----------------------------------------------------------------------------


def _tenant_code(tenant_id: int | None) -> str | None:
    if not tenant_id:
        return None
    tenant = db.session.get(Tenant, tenant_id)
    if tenant is None:
        raise FieldError(_l("Choose a tenant from the list."), "tenant_id")
    return tenant.code


def create_account(values: dict) -> User:
    try:
        user = create_user(
            values["username"],
            values["password"],
            values["role"],
            _tenant_code(values.get("tenant_id")) if values["role"] == "operator" else None,
            full_name=values.get("full_name") or "",
        )
    except AccountError as error:
        field = {"tenant": "tenant_id"}.get(error.field or "", error.field)
        raise FieldError(str(error), field) from error
    return user


def _other_active_admins(user: User) -> int:
    return db.session.scalar(
        db.select(db.func.count(User.id)).where(User.role == "admin", User.active.is_(True), User.id != user.id)
    )


def update_account(user: User, values: dict, acting_user_id: int | None) -> User:
    role = values["role"]
    active = bool(values["active"])
    if user.id == acting_user_id and (role != "admin" or not active):
        raise FieldError(
            _l("You cannot remove your own administrator rights or deactivate yourself."),
            "role" if role != "admin" else "active",
        )
    if user.role == "admin" and (role != "admin" or not active) and not _other_active_admins(user):
        raise FieldError(_l("Keep at least one active administrator."), "role")
    tenant_code = _tenant_code(values.get("tenant_id")) if role == "operator" else None
    if role == "operator" and tenant_code is None:
        raise FieldError(_l("Choose the tenant this operator works for."), "tenant_id")
    user.full_name = (values.get("full_name") or "").strip() or user.username
    user.role = role
    user.tenant_id = values.get("tenant_id") if role == "operator" else None
    user.active = active
    db.session.flush()
    return user


def set_account_active(user: User, active: bool, acting_user_id: int | None) -> None:
    update_account(
        user,
        {"role": user.role, "active": active, "tenant_id": user.tenant_id, "full_name": user.full_name},
        acting_user_id,
    )


def reset_password(user: User, password: str) -> None:
    problem = password_problem(password, user.username)
    if problem:
        raise FieldError(problem, "password")
    user.set_password(password)
    user.failed_logins = 0
    user.locked_until = None
    end_all_sessions(user)  # a copied cookie of the old password's sessions stops working
    db.session.flush()


def unlock_account(user: User) -> None:
    unlock_user(user)


# --- settings and logos ------------------------------------------------------------------


def save_settings(values: dict) -> None:
    update_settings({key: (value or "").strip() for key, value in values.items()})


def uploads_folder() -> Path:
    return Path(current_app.instance_path) / UPLOADS_FOLDER


def image_extension(head: bytes) -> str | None:
    """The image type from its first bytes: a renamed file is not trusted by its name."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def store_logo(data: bytes, kind: str) -> str:
    """Keep an uploaded logo in the instance folder; answers its file name."""
    if len(data) > LOGO_MAX_BYTES:
        raise FieldError(_l("The logo is larger than 1 MB; make it smaller."), "logo")
    extension = image_extension(data[:16])
    if extension is None:
        raise FieldError(_l("The logo must be a PNG, JPEG or WebP image."), "logo")
    folder = uploads_folder()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{kind}-{secrets.token_hex(8)}.{extension}"
    (folder / name).write_bytes(data)
    return name


def remove_logo_file(name: str | None) -> None:
    if not name or "/" in name or "\\" in name:
        return
    path = uploads_folder() / name
    try:
        path.unlink()
    except OSError:
        pass  # already gone; nothing to clean up
