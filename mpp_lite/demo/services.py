"""Loading the demo regency (Kabupaten Sukamaju) once: settings, tenants, queues, counters,
services with all 14 Standar Pelayanan components, and staff accounts."""

from __future__ import annotations

from mpp_lite.auth.models import User
from mpp_lite.auth.services import create_user, generate_password
from mpp_lite.catalogue.components import STANDARD_FIELDS
from mpp_lite.catalogue.models import Service, Tenant
from mpp_lite.catalogue.services import save_service
from mpp_lite.demo import data
from mpp_lite.demo.evidence import load_evidence
from mpp_lite.extensions import db
from mpp_lite.queue.models import Counter, Queue
from mpp_lite.site.services import get_setting, update_settings

SERVICE_FIELDS = ("name", "summary", "keywords", *STANDARD_FIELDS, "needs_application")


def load_demo() -> dict:
    """Load the demo once; answers {"loaded": bool, "accounts": [(username, password)]}."""
    if get_setting("demo_loaded"):
        return {"loaded": False, "accounts": []}
    update_settings({k: v for k, v in data.SITE.items()})
    tenants = {}
    for order, row in enumerate(data.TENANTS):
        tenant = db.session.scalar(db.select(Tenant).filter_by(code=row["code"]))
        if tenant is None:
            tenant = Tenant(code=row["code"])
            db.session.add(tenant)
        for key in ("name", "short_name", "colour", "contact", "description"):
            setattr(tenant, key, row.get(key, ""))
        tenant.sort_order = order
        tenants[row["code"]] = tenant
    db.session.flush()
    queues = {}
    for row in data.QUEUES:
        queue = db.session.scalar(db.select(Queue).filter_by(prefix=row["prefix"])) or Queue(prefix=row["prefix"])
        queue.name = row["name"]
        queue.tenant = tenants[row["tenant"]]
        queue.service_minutes = row.get("service_minutes", 10)
        db.session.add(queue)
        queues[row["prefix"]] = queue
    db.session.flush()
    for row in data.COUNTERS:
        counter = db.session.scalar(db.select(Counter).filter_by(number=row["number"])) or Counter(number=row["number"])
        counter.name = row["name"]
        counter.tenant = tenants[row["tenant"]]
        counter.queues = [queues[p] for p in row["queues"]]
        db.session.add(counter)
    db.session.flush()
    for row in data.SERVICES:
        service = db.session.scalar(db.select(Service).filter_by(code=row["code"])) or Service(code=row["code"])
        values = {key: row[key] for key in SERVICE_FIELDS if key in row}
        values.update(tenant_id=tenants[row["tenant"]].id, queue_id=queues[row["queue"]].id, published=True)
        save_service(service, values)
    load_evidence(tenants)
    accounts = []

    for row in data.STAFF:
        if db.session.scalar(db.select(User).filter_by(username=row["username"])):
            continue
        password = generate_password()
        create_user(
            row["username"],
            password,
            row["role"],
            row.get("tenant"),
            full_name=row.get("full_name", ""),
            check_password=False,
        )
        accounts.append((row["username"], password))
    update_settings({"demo_loaded": "1"})
    db.session.flush()
    return {"loaded": True, "accounts": accounts}
