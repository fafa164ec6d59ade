"""Finding, saving and serialising services and tenants. Callers own the transaction."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy.orm import load_only, selectinload

from mpp_lite.catalogue.models import Queue, Service, Tenant
from mpp_lite.extensions import db

SERVICE_TEXT_FIELDS = (
    "name",
    "summary",
    "keywords",
    "fee_note",
    "product",
    "complaint_channel",
    "facilities",
    "competency",
    "internal_supervision",
    "staff_count",
    "service_guarantee",
    "security_guarantee",
    "performance_evaluation",
)
SERVICE_LIST_FIELDS = ("requirements", "procedure", "legal_basis")


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
        data.update(
            {
                "requirements": list(service.requirements or []),
                "procedure": list(service.procedure or []),
                "fee_note": service.fee_note,
                "product": service.product,
                "complaint_channel": service.complaint_channel,
                "legal_basis": list(service.legal_basis or []),
                "facilities": service.facilities,
                "competency": service.competency,
                "internal_supervision": service.internal_supervision,
                "staff_count": service.staff_count,
                "service_guarantee": service.service_guarantee,
                "security_guarantee": service.security_guarantee,
                "performance_evaluation": service.performance_evaluation,
            }
        )
    return data


def queue_by_prefix(prefix: str) -> Queue | None:
    return db.session.scalar(db.select(Queue).filter_by(prefix=prefix))
