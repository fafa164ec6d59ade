"""Finding, saving and serialising services and tenants. Callers own the transaction; the changes
made from the admin pages (tenants, services, publishing) are recorded in the audit log here."""

from __future__ import annotations

import re
import unicodedata

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import load_only, selectinload

from mpp_lite.audit.services import record
from mpp_lite.catalogue.components import STANDARD_FIELDS
from mpp_lite.catalogue.models import Service, Tenant
from mpp_lite.errors import FieldError
from mpp_lite.extensions import db
from mpp_lite.queue.models import Queue

SERVICE_LIST_FIELDS = ("requirements", "procedure", "legal_basis")
# The components that a service's summary (its card, every JSON answer) already carries.
SUMMARY_FIELDS = ("duration_value", "duration_unit", "fee")
SERVICE_TEXT_FIELDS = ("name", "summary", "keywords") + tuple(
    name for name in STANDARD_FIELDS if name not in SERVICE_LIST_FIELDS + SUMMARY_FIELDS
)
TENANT_FIELDS = ("name", "short_name", "colour", "contact", "description", "active", "sort_order", "processing_mode")
TENANT_TEXT_FIELDS = ("short_name", "contact", "description")


def normalise(text: str) -> str:
    """Lower case, accents and punctuation removed: 'e-KTP' and 'ektp' both become 'ektp'."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9 ]+", "", re.sub(r"[\s/_.,;:()]+", " ", text)).strip()


def build_search_text(service: Service) -> str:
    tenant = service.tenant or db.session.get(Tenant, service.tenant_id)
    parts = [service.code, service.name, service.keywords, service.summary, service.product]
    if tenant is not None:
        parts += [tenant.code, tenant.name, tenant.short_name]
    parts += list(service.requirements or [])
    return " " + normalise(" ".join(p for p in parts if p)) + " "


def published_services():
    return (
        db.select(Service)
        .join(Service.tenant)
        .where(Service.published.is_(True), Tenant.active.is_(True))
        .options(selectinload(Service.tenant), selectinload(Service.queue))
        .order_by(Tenant.sort_order, Tenant.name, Service.code)
    )


def search_services(query: str) -> list[Service]:
    """Published services whose text holds every word of the query (accent/case-insensitive)."""
    words = normalise(query).split()
    statement = published_services()
    for word in words[:8]:
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        statement = statement.where(Service.search_text.like(f"%{escaped}%", escape="\\"))
    services = list(db.session.scalars(statement))
    if words:
        # Best first: a word in the name beats a word in the requirements.
        services.sort(key=lambda s: -sum(w in normalise(s.name + " " + s.keywords) for w in words))
    return services


# What a service's card shows: the lists load these, not the long Standar Pelayanan texts.
CARD_FIELDS = (
    "id",
    "code",
    "name",
    "summary",
    "tenant_id",
    "queue_id",
    "duration_value",
    "duration_unit",
    "fee",
    "published",
)


def tenants_with_services() -> list[tuple[Tenant, list[Service]]]:
    grouped: dict[int, tuple[Tenant, list[Service]]] = {}
    cards = published_services().options(load_only(*(getattr(Service, name) for name in CARD_FIELDS)))
    for service in db.session.scalars(cards):
        grouped.setdefault(service.tenant_id, (service.tenant, []))[1].append(service)
    return list(grouped.values())


def get_published_service(service_id: int) -> Service | None:
    service = db.session.get(Service, service_id)
    if service is None or not service.published or not service.tenant.active:
        return None
    return service


def save_service(service: Service, values: dict) -> Service:
    """Apply edited values to a (new or existing) service and refresh its search text."""
    for field in SERVICE_TEXT_FIELDS:
        if field in values:
            setattr(service, field, (values[field] or "").strip())
    for field in SERVICE_LIST_FIELDS:
        if field in values:
            items = values[field] or []  # None: a post without the field (a script, never the form)
            if isinstance(items, str):
                items = items.splitlines()
            setattr(service, field, [item.strip() for item in items if item and item.strip()])
    for field in ("code", "duration_unit"):
        if field in values:
            setattr(service, field, (values[field] or "").strip())
    for field in ("tenant_id", "queue_id", "duration_value", "fee"):
        if field in values:
            setattr(service, field, values[field])
    for field in ("needs_application", "published"):
        if field in values:
            setattr(service, field, bool(values[field]))
    if service.id is None:
        db.session.add(service)
    db.session.flush()
    db.session.refresh(service, ["tenant"])
    service.search_text = build_search_text(service)
    db.session.flush()
    return service


def tenant_json(tenant: Tenant | None) -> dict | None:
    if tenant is None:
        return None
    return {"id": tenant.id, "code": tenant.code, "name": tenant.name}


def service_json(service: Service, full: bool = False) -> dict:
    data = {
        "id": service.id,
        "code": service.code,
        "name": service.name,
        "summary": service.summary,
        "tenant": tenant_json(service.tenant),
        "queue_prefix": service.queue.prefix if service.queue else None,
        "duration": {"value": service.duration_value, "unit": service.duration_unit},
        "fee": service.fee,
        "needs_application": service.needs_application,
    }
    if full:
        for name in STANDARD_FIELDS:
            if name not in SUMMARY_FIELDS:
                value = getattr(service, name)
                data[name] = list(value or []) if name in SERVICE_LIST_FIELDS else value
    return data


def queue_by_prefix(prefix: str) -> Queue | None:
    return db.session.scalar(db.select(Queue).filter_by(prefix=prefix))


def is_taken(model, column, value, current_id) -> bool:
    """Whether another row than `current_id` already has this value (compared without case)."""
    statement = db.select(model.id).where(db.func.upper(column) == str(value).upper())
    if current_id is not None:
        statement = statement.where(model.id != current_id)
    return db.session.scalar(statement.limit(1)) is not None


# --- changes from the admin pages ----------------------------------------------------------


def save_tenant(tenant: Tenant, values: dict, actor) -> Tenant:
    """Create or change a tenant; its code must be unique (compared without case)."""
    code = (values.get("code") or tenant.code or "").strip().upper()
    if is_taken(Tenant, Tenant.code, code, tenant.id):
        raise FieldError(_l("Another tenant already uses the code %(code)s.", code=code), "code")
    created = tenant.id is None
    tenant.code = code
    for field in TENANT_FIELDS:
        if field in values:
            value = values[field]
            if value is None and field in TENANT_TEXT_FIELDS:
                value = ""  # a post without the field (a script, never the form): empty, not a NOT NULL error
            setattr(tenant, field, value.strip() if isinstance(value, str) else value)
    if created:
        db.session.add(tenant)
    db.session.flush()
    if "name" in values or "short_name" in values or "code" in values:
        for service in tenant.services:  # the tenant's names are part of each service's search text
            service.search_text = build_search_text(service)
        db.session.flush()
    record(actor, "tenant_created" if created else "tenant_updated", "tenant", tenant.id, code=tenant.code)
    return tenant


def set_tenant_active(tenant: Tenant, active: bool, actor) -> None:
    """Show a tenant (and its published services) in the catalogue, or hide them."""
    tenant.active = active
    db.session.flush()
    record(actor, "tenant_published" if active else "tenant_unpublished", "tenant", tenant.id, code=tenant.code)


def save_admin_service(service: Service, values: dict, actor) -> Service:
    """Check what the form cannot (unique code, existing tenant and queue) and save."""
    code = (values.get("code") or "").strip()
    if is_taken(Service, Service.code, code, service.id):
        raise FieldError(_l("Another service already uses the code %(code)s.", code=code), "code")
    if db.session.get(Tenant, values.get("tenant_id") or 0) is None:
        raise FieldError(_l("Choose a tenant."), "tenant_id")
    if values.get("queue_id") and db.session.get(Queue, values["queue_id"]) is None:
        raise FieldError(_l("Choose a queue from the list."), "queue_id")
    created = service.id is None
    save_service(service, dict(values, code=code))
    record(
        actor,
        "service_created" if created else "service_updated",
        "service",
        service.id,
        code=service.code,
        published=service.published,
    )
    return service


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


def set_service_published(service: Service, published: bool, actor) -> None:
    """Publish a service (only with the components citizens need) or take it back as a draft."""
    if published:
        missing = missing_for_publication(service)
        if missing:
            raise FieldError(_l("Complete these components before publishing: %(list)s.", list=", ".join(missing)))
    save_service(service, {"published": published})
    record(actor, "service_published" if published else "service_unpublished", "service", service.id, code=service.code)
