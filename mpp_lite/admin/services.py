"""Changing tenants, queues, counters, services, accounts, settings and logos from the admin.

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
from mpp_lite.catalogue.models import Counter, Queue, Service, Tenant
from mpp_lite.catalogue.services import build_search_text, save_service
from mpp_lite.errors import INVALID, DomainError
from mpp_lite.extensions import db
from mpp_lite.site.services import update_settings

LOGO_MAX_BYTES = 1024 * 1024
UPLOADS_FOLDER = "uploads"
TENANT_FIELDS = ("name", "short_name", "colour", "contact", "description", "active", "sort_order", "processing_mode")
TENANT_TEXT_FIELDS = ("short_name", "contact", "description")
QUEUE_FIELDS = ("name", "tenant_id", "daily_quota", "opens_at", "closes_at", "service_minutes", "active")


class AdminError(DomainError):
    """A change that cannot be made; `field` names the form field to show it next to."""

    def __init__(self, message, field: str | None = None, kind: str = INVALID):
        super().__init__(message, kind)
        self.field = field


def is_taken(model, column, value, current_id) -> bool:
    """Whether another row than `current_id` already has this value (compared without case)."""
    statement = db.select(model.id).where(db.func.upper(column) == str(value).upper())
    if current_id is not None:
        statement = statement.where(model.id != current_id)
    return db.session.scalar(statement.limit(1)) is not None


# --- tenants -----------------------------------------------------------------------------


def save_tenant(tenant: Tenant, values: dict) -> Tenant:
    code = (values.get("code") or tenant.code or "").strip().upper()
    if is_taken(Tenant, Tenant.code, code, tenant.id):
        raise AdminError(_l("Another tenant already uses the code %(code)s.", code=code), "code")
    tenant.code = code
    for field in TENANT_FIELDS:
        if field in values:
            value = values[field]
            if value is None and field in TENANT_TEXT_FIELDS:
                value = ""  # a post without the field (a script, never the form): empty, not a NOT NULL error
            setattr(tenant, field, value.strip() if isinstance(value, str) else value)
    if tenant.id is None:
        db.session.add(tenant)
    db.session.flush()
    if "name" in values or "short_name" in values or "code" in values:
        for service in tenant.services:  # the tenant's names are part of each service's search text
            service.search_text = build_search_text(service)
        db.session.flush()
    return tenant


def set_tenant_active(tenant: Tenant, active: bool) -> None:
    tenant.active = active
    db.session.flush()


# --- services ----------------------------------------------------------------------------


def save_admin_service(service: Service, values: dict) -> Service:
    """Check what the form cannot (unique code, existing tenant and queue) and save."""
    code = (values.get("code") or "").strip()
    if is_taken(Service, Service.code, code, service.id):
        raise AdminError(_l("Another service already uses the code %(code)s.", code=code), "code")
    if db.session.get(Tenant, values.get("tenant_id") or 0) is None:
        raise AdminError(_l("Choose a tenant."), "tenant_id")
    if values.get("queue_id") and db.session.get(Queue, values["queue_id"]) is None:
        raise AdminError(_l("Choose a queue from the list."), "queue_id")
    values = dict(values, code=code)
    return save_service(service, values)


def missing_for_publication(service: Service) -> list[str]:
    """Names of the citizen-facing components a service still lacks before it may be published."""
    missing = []
    if not service.requirements:
        missing.append(str(_l("Requirements")))
    if not service.procedure:
        missing.append(str(_l("Procedure")))
    if not (service.product or "").strip():
        missing.append(str(_l("Service product")))
    if not (service.complaint_channel or "").strip():
        missing.append(str(_l("Complaint channel")))
    return missing


def set_service_published(service: Service, published: bool) -> None:
    if published:
        missing = missing_for_publication(service)
        if missing:
            raise AdminError(_l("Complete these components before publishing: %(list)s.", list=", ".join(missing)))
    save_service(service, {"published": published})


# --- queues and counters -----------------------------------------------------------------


def save_queue(queue: Queue, values: dict) -> Queue:
    prefix = (values.get("prefix") or "").strip().upper()
    if is_taken(Queue, Queue.prefix, prefix, queue.id):
        raise AdminError(_l("Another queue already uses the prefix %(prefix)s.", prefix=prefix), "prefix")
    if values.get("tenant_id") and db.session.get(Tenant, values["tenant_id"]) is None:
        raise AdminError(_l("Choose a tenant from the list."), "tenant_id")
    queue.prefix = prefix
    for field in QUEUE_FIELDS:
        if field in values:
            value = values[field]
            setattr(queue, field, value.strip() if isinstance(value, str) else value)
    if queue.id is None:
        db.session.add(queue)
    db.session.flush()
    return queue


def save_counter(counter: Counter, values: dict) -> Counter:
    number = values.get("number")
    statement = db.select(Counter.id).where(Counter.number == number)
    if counter.id is not None:
        statement = statement.where(Counter.id != counter.id)
    if db.session.scalar(statement.limit(1)) is not None:
        raise AdminError(_l("Counter %(num)s already exists.", num=number), "number")
    if values.get("tenant_id") and db.session.get(Tenant, values["tenant_id"]) is None:
        raise AdminError(_l("Choose a tenant from the list."), "tenant_id")
    queue_ids = list(values.get("queue_ids") or [])
    queues = list(db.session.scalars(db.select(Queue).where(Queue.id.in_(queue_ids)))) if queue_ids else []
    if len(queues) != len(set(queue_ids)):
        raise AdminError(_l("Choose queues from the list."), "queue_ids")
    counter.number = number
    counter.name = (values.get("name") or "").strip()
    counter.tenant_id = values.get("tenant_id")
    counter.active = bool(values.get("active"))
    counter.queues = sorted(queues, key=lambda q: q.prefix)
    if counter.id is None:
        db.session.add(counter)
    db.session.flush()
    return counter


# --- accounts ----------------------------------------------------------------------------


def _tenant_code(tenant_id: int | None) -> str | None:
    if not tenant_id:
        return None
    tenant = db.session.get(Tenant, tenant_id)
    if tenant is None:
        raise AdminError(_l("Choose a tenant from the list."), "tenant_id")
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
        raise AdminError(str(error), field) from error
    return user


def _other_active_admins(user: User) -> int:
    return db.session.scalar(
        db.select(db.func.count(User.id)).where(User.role == "admin", User.active.is_(True), User.id != user.id)
    )


def update_account(user: User, values: dict, acting_user_id: int | None) -> User:
    role = values["role"]
    active = bool(values["active"])
    if user.id == acting_user_id and (role != "admin" or not active):
        raise AdminError(
            _l("You cannot remove your own administrator rights or deactivate yourself."),
            "role" if role != "admin" else "active",
        )
    if user.role == "admin" and (role != "admin" or not active) and not _other_active_admins(user):
        raise AdminError(_l("Keep at least one active administrator."), "role")
    tenant_code = _tenant_code(values.get("tenant_id")) if role == "operator" else None
    if role == "operator" and tenant_code is None:
        raise AdminError(_l("Choose the tenant this operator works for."), "tenant_id")
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
        raise AdminError(problem, "password")
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
        raise AdminError(_l("The logo is larger than 1 MB; make it smaller."), "logo")
    extension = image_extension(data[:16])
    if extension is None:
        raise AdminError(_l("The logo must be a PNG, JPEG or WebP image."), "logo")
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
