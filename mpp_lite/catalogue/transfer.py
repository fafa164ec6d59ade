"""Catalogue export and import: one regency's Standar Pelayanan can seed another's.

The file is JSON (`"format": "mpp-lite/catalogue", "version": 1`) with tenants (matched by
code), queues (by prefix) and services (by code, all 14 components). Counters, accounts and
logos stay with their site. Importing is all-or-nothing and idempotent: the whole file is
checked before anything is written, and importing the same file twice changes nothing.

What an import overwrites: the catalogue's content (names, contacts, the 14 components, which
tenant and queue a service belongs to). What it sets only when it creates a record, because a
site decides it for itself: a tenant's visibility and order, a queue's hours, quota, minutes
per citizen and whether it is active, and whether a service is published. New services arrive
as drafts unless `publish` is asked for, which publishes every service in the file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import time

from flask_babel import lazy_gettext as _l

from mpp_lite.catalogue.models import DURATION_UNITS, Service, Tenant
from mpp_lite.catalogue.services import SERVICE_LIST_FIELDS, SERVICE_TEXT_FIELDS, save_service
from mpp_lite.database import utcnow
from mpp_lite.errors import DomainError
from mpp_lite.extensions import db
from mpp_lite.queue.models import Queue
from mpp_lite.site.services import get_settings

FORMAT = "mpp-lite/catalogue"
VERSION = 1
TEXT_LIMITS = {"name": 160, "staff_count": 80, "keywords": 255}


class CatalogueFileError(DomainError):
    """A catalogue file that cannot be imported; `problems` says each thing that is wrong."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


# --- export ------------------------------------------------------------------------------


def _hhmm(value: time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


def tenant_record(tenant: Tenant) -> dict:
    return {
        "code": tenant.code,
        "name": tenant.name,
        "short_name": tenant.short_name,
        "colour": tenant.colour,
        "contact": tenant.contact,
        "description": tenant.description,
        "active": tenant.active,
        "sort_order": tenant.sort_order,
    }


def queue_record(queue: Queue) -> dict:
    return {
        "prefix": queue.prefix,
        "name": queue.name,
        "tenant_code": queue.tenant.code if queue.tenant else None,
        "daily_quota": queue.daily_quota,
        "opens_at": _hhmm(queue.opens_at),
        "closes_at": _hhmm(queue.closes_at),
        "service_minutes": queue.service_minutes,
        "active": queue.active,
    }


def service_record(service: Service) -> dict:
    data = {
        "code": service.code,
        "name": service.name,
        "tenant_code": service.tenant.code,
        "queue_prefix": service.queue.prefix if service.queue else None,
    }
    for name in SERVICE_TEXT_FIELDS:
        data[name] = getattr(service, name) or ""
    for name in SERVICE_LIST_FIELDS:
        data[name] = list(getattr(service, name) or [])
    data.update(
        {
            "duration": {"value": service.duration_value, "unit": service.duration_unit},
            "fee": service.fee,
            "needs_application": service.needs_application,
            "published": service.published,
        }
    )
    return data


def export_catalogue() -> dict:
    """The whole catalogue (drafts included) as one JSON-ready dict."""
    settings = get_settings()
    tenants = db.session.scalars(db.select(Tenant).order_by(Tenant.sort_order, Tenant.code))
    queues = db.session.scalars(db.select(Queue).order_by(Queue.prefix))
    services = db.session.scalars(db.select(Service).order_by(Service.code))
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": utcnow().isoformat(timespec="seconds"),
        "source": {key: settings.get(key, "") for key in ("mpp_name", "regency", "province", "site_code")},
        "tenants": [tenant_record(t) for t in tenants],
        "queues": [queue_record(q) for q in queues],
        "services": [service_record(s) for s in services],
    }


# --- checking a file ---------------------------------------------------------------------


class _Checker:
    """Collects every problem of a file, each named by where it is (services[3] DKC-01: ...)."""

    def __init__(self):
        self.problems: list[str] = []

    def fail(self, where: str, message) -> None:
        if len(self.problems) < 50:
            self.problems.append(f"{where}: {message}")

    def text(self, row: dict, where: str, key: str, required: bool = False, limit: int | None = None):
        value = row.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.fail(f"{where}.{key}", _l("must be text"))
            return ""
        value = value.strip()
        if required and not value:
            self.fail(f"{where}.{key}", _l("is required"))
        limit = limit or TEXT_LIMITS.get(key)
        if limit and len(value) > limit:
            self.fail(f"{where}.{key}", _l("is longer than %(num)d characters", num=limit))
        return value

    def integer(self, value, where: str, minimum: int, maximum: int, allow_none: bool = False):
        if value is None and allow_none:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
            self.fail(where, _l("must be a whole number from %(low)d to %(high)d", low=minimum, high=maximum))
            return None
        return value

    def boolean(self, row: dict, where: str, key: str, default: bool):
        value = row.get(key, default)
        if not isinstance(value, bool):
            self.fail(f"{where}.{key}", _l("must be true or false"))
            return default
        return value

    def unknown(self, row: dict, where: str, allowed) -> None:
        extra = sorted(set(row) - set(allowed))
        if extra:
            self.fail(where, _l("unknown fields: %(names)s", names=", ".join(extra)))

    def rows(self, data: dict, key: str) -> list:
        value = data.get(key, [])
        if not isinstance(value, list):
            self.fail(key, _l("must be a list"))
            return []
        for index, row in enumerate(value):
            if not isinstance(row, dict):
                self.fail(f"{key}[{index}]", _l("must be an object"))
        return [(index, row) for index, row in enumerate(value) if isinstance(row, dict)]


def _clock(checker: _Checker, value, where: str) -> time | None:
    if value is None or value == "":
        return None
    if isinstance(value, str) and re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
        return time(int(value[:2]), int(value[3:]))
    checker.fail(where, _l("must be a time as HH:MM, e.g. 08:00"))
    return None


TENANT_KEYS = ("code", "name", "short_name", "colour", "contact", "description", "active", "sort_order")
QUEUE_KEYS = ("prefix", "name", "tenant_code", "daily_quota", "opens_at", "closes_at", "service_minutes", "active")
SERVICE_KEYS = (
    "code",
    "tenant_code",
    "queue_prefix",
    *SERVICE_TEXT_FIELDS,
    *SERVICE_LIST_FIELDS,
    "duration",
    "fee",
    "needs_application",
    "published",
)


def parse_catalogue(raw: bytes | str) -> dict:
    """Check a catalogue file completely; answer its normalised content or raise CatalogueFileError."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CatalogueFileError([str(_l("The file is not UTF-8 text; export it again from MPP Lite."))]) from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise CatalogueFileError(
            [
                str(
                    _l(
                        "The file is not valid JSON (line %(line)d, column %(col)d: %(msg)s).",
                        line=error.lineno,
                        col=error.colno,
                        msg=error.msg,
                    )
                )
            ]
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise CatalogueFileError(
            [str(_l('This is not an MPP Lite catalogue file (it needs "format": "%(format)s").', format=FORMAT))]
        )
    if data.get("version") != VERSION:
        raise CatalogueFileError(
            [
                str(
                    _l(
                        "Catalogue file version %(found)s is not supported; this kit reads version %(version)d.",
                        found=json.dumps(data.get("version")),
                        version=VERSION,
                    )
                )
            ]
        )
    checker = _Checker()
    result = {"tenants": [], "queues": [], "services": []}
    tenant_codes = {code.upper() for code in db.session.scalars(db.select(Tenant.code))}
    queue_prefixes = {prefix.upper() for prefix in db.session.scalars(db.select(Queue.prefix))}

    seen: set[str] = set()
    for index, row in checker.rows(data, "tenants"):
        where = f"tenants[{index}]"
        checker.unknown(row, where, TENANT_KEYS)
        code = checker.text(row, where, "code", required=True, limit=20).upper()
        if code:
            where = f"{where} {code}"
            if not re.fullmatch(r"[A-Z0-9_-]+", code):
                checker.fail(f"{where}.code", _l("use letters, digits, - or _ only"))
            if code in seen:
                checker.fail(f"{where}.code", _l("appears twice in the file"))
            seen.add(code)
        colour = checker.text(row, where, "colour") or "#1f4e79"
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
            checker.fail(f"{where}.colour", _l("must be a colour such as #1f4e79"))
        result["tenants"].append(
            {
                "code": code,
                "name": checker.text(row, where, "name", required=True),
                "short_name": checker.text(row, where, "short_name", limit=60),
                "colour": colour,
                "contact": checker.text(row, where, "contact", limit=255),
                "description": checker.text(row, where, "description", limit=4000),
                "active": checker.boolean(row, where, "active", True),
                "sort_order": checker.integer(row.get("sort_order", 0), f"{where}.sort_order", 0, 9999) or 0,
            }
        )
    tenant_codes |= seen

    seen = set()
    for index, row in checker.rows(data, "queues"):
        where = f"queues[{index}]"
        checker.unknown(row, where, QUEUE_KEYS)
        prefix = checker.text(row, where, "prefix", required=True).upper()
        if prefix:
            where = f"{where} {prefix}"
            if not re.fullmatch(r"[A-Z]{1,2}", prefix):
                checker.fail(f"{where}.prefix", _l("must be one or two letters"))
            if prefix in seen:
                checker.fail(f"{where}.prefix", _l("appears twice in the file"))
            seen.add(prefix)
        tenant_code = checker.text(row, where, "tenant_code").upper() or None
        if tenant_code and tenant_code not in tenant_codes:
            checker.fail(
                f"{where}.tenant_code",
                _l("no tenant with the code %(code)s in the file or on this site", code=tenant_code),
            )
        opens = _clock(checker, row.get("opens_at"), f"{where}.opens_at")
        closes = _clock(checker, row.get("closes_at"), f"{where}.closes_at")
        if bool(opens) != bool(closes) or (opens and closes and closes <= opens):
            checker.fail(f"{where}.closes_at", _l("give both times with closing after opening, or neither"))
        result["queues"].append(
            {
                "prefix": prefix,
                "name": checker.text(row, where, "name", required=True, limit=80),
                "tenant_code": tenant_code,
                "daily_quota": checker.integer(
                    row.get("daily_quota"), f"{where}.daily_quota", 1, 100000, allow_none=True
                ),
                "opens_at": opens,
                "closes_at": closes,
                "service_minutes": checker.integer(row.get("service_minutes", 10), f"{where}.service_minutes", 1, 480)
                or 10,
                "active": checker.boolean(row, where, "active", True),
            }
        )
    queue_prefixes |= seen

    seen = set()
    for index, row in checker.rows(data, "services"):
        where = f"services[{index}]"
        checker.unknown(row, where, SERVICE_KEYS)
        code = checker.text(row, where, "code", required=True, limit=20)
        if code:
            where = f"{where} {code}"
            if not re.fullmatch(r"[A-Za-z0-9._-]+", code):
                checker.fail(f"{where}.code", _l("use letters, digits, '.', - or _ only"))
            if code.upper() in seen:
                checker.fail(f"{where}.code", _l("appears twice in the file"))
            seen.add(code.upper())
        values = {"code": code}
        for name in SERVICE_TEXT_FIELDS:
            values[name] = checker.text(row, where, name, required=name == "name", limit=TEXT_LIMITS.get(name, 10000))
        for name in SERVICE_LIST_FIELDS:
            items = row.get(name, [])
            if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
                checker.fail(f"{where}.{name}", _l("must be a list of texts"))
                items = []
            values[name] = [item.strip() for item in items if item.strip()]
        tenant_code = checker.text(row, where, "tenant_code", required=True).upper()
        if tenant_code and tenant_code not in tenant_codes:
            checker.fail(
                f"{where}.tenant_code",
                _l("no tenant with the code %(code)s in the file or on this site", code=tenant_code),
            )
        queue_prefix = checker.text(row, where, "queue_prefix").upper() or None
        if queue_prefix and queue_prefix not in queue_prefixes:
            checker.fail(
                f"{where}.queue_prefix",
                _l("no queue with the prefix %(prefix)s in the file or on this site", prefix=queue_prefix),
            )
        duration = row.get("duration")
        if not isinstance(duration, dict):
            checker.fail(f"{where}.duration", _l('must be an object such as {"value": 1, "unit": "working_days"}'))
            duration = {}
        values["duration_value"] = checker.integer(duration.get("value"), f"{where}.duration.value", 1, 10000) or 1
        values["duration_unit"] = duration.get("unit")
        if duration and values["duration_unit"] not in DURATION_UNITS:
            checker.fail(f"{where}.duration.unit", _l("must be working_days or minutes"))
        values["fee"] = checker.integer(row.get("fee", 0), f"{where}.fee", 0, 10**12) or 0
        values["needs_application"] = checker.boolean(row, where, "needs_application", False)
        values["published"] = checker.boolean(row, where, "published", False)
        values["tenant_code"], values["queue_prefix"] = tenant_code, queue_prefix
        result["services"].append(values)

    if not any(result.values()) and not checker.problems:
        checker.fail("services", _l("the file holds no tenants, queues or services"))
    if checker.problems:
        raise CatalogueFileError([str(problem) for problem in checker.problems])
    return result


# --- import ------------------------------------------------------------------------------


@dataclass
class ImportResult:
    """What an import did, per kind of record: created, updated and unchanged codes."""

    created: dict[str, list[str]] = field(default_factory=lambda: {"tenants": [], "queues": [], "services": []})
    updated: dict[str, list[str]] = field(default_factory=lambda: {"tenants": [], "queues": [], "services": []})
    unchanged: dict[str, list[str]] = field(default_factory=lambda: {"tenants": [], "queues": [], "services": []})

    def note(self, kind: str, key: str, created: bool, changed: bool) -> None:
        target = self.created if created else self.updated if changed else self.unchanged
        target[kind].append(key)

    def total(self, outcome: str) -> int:
        return sum(len(keys) for keys in getattr(self, outcome).values())

    def counts(self) -> dict[str, int]:
        return {
            f"{kind}_{outcome}": len(getattr(self, outcome)[kind])
            for outcome in ("created", "updated", "unchanged")
            for kind in ("tenants", "queues", "services")
        }

    @property
    def changed(self) -> bool:
        return bool(self.total("created") or self.total("updated"))


def _assign(record, values: dict) -> bool:
    """Set only what differs, so that an unchanged record is not touched (nor re-synced)."""
    changed = False
    for key, value in values.items():
        if getattr(record, key) != value:
            setattr(record, key, value)
            changed = True
    return changed


def import_catalogue(data: dict, publish: bool = False) -> ImportResult:
    """Write a checked catalogue (from `parse_catalogue`); flushes, the caller commits."""
    result = ImportResult()
    tenants = {t.code.upper(): t for t in db.session.scalars(db.select(Tenant))}
    for row in data["tenants"]:
        tenant = tenants.get(row["code"])
        created = tenant is None
        if created:
            tenant = Tenant(code=row["code"], active=row["active"], sort_order=row["sort_order"])
            db.session.add(tenant)
            tenants[row["code"]] = tenant
        changed = _assign(tenant, {k: row[k] for k in ("name", "short_name", "colour", "contact", "description")})
        result.note("tenants", row["code"], created, changed)
    db.session.flush()

    queues = {q.prefix.upper(): q for q in db.session.scalars(db.select(Queue))}
    for row in data["queues"]:
        queue = queues.get(row["prefix"])
        created = queue is None
        if created:
            queue = Queue(
                prefix=row["prefix"],
                **{k: row[k] for k in ("daily_quota", "opens_at", "closes_at", "service_minutes", "active")},
            )
            db.session.add(queue)
            queues[row["prefix"]] = queue
        tenant = tenants[row["tenant_code"]] if row["tenant_code"] else None
        changed = _assign(queue, {"name": row["name"], "tenant_id": tenant.id if tenant else None})
        result.note("queues", row["prefix"], created, changed)
    db.session.flush()

    services = {s.code.upper(): s for s in db.session.scalars(db.select(Service))}
    for row in data["services"]:
        service = services.get(row["code"].upper())
        created = service is None
        values = {
            k: row[k]
            for k in (
                *SERVICE_TEXT_FIELDS,
                *SERVICE_LIST_FIELDS,
                "duration_value",
                "duration_unit",
                "fee",
                "needs_application",
            )
        }
        values["tenant_id"] = tenants[row["tenant_code"]].id
        values["queue_id"] = queues[row["queue_prefix"]].id if row["queue_prefix"] else None
        if created:
            service = Service(code=row["code"])
            values["published"] = publish
        elif publish:
            values["published"] = True
        changed = any(getattr(service, key) != value for key, value in values.items())
        if created or changed:
            save_service(service, values)
        result.note("services", row["code"], created, changed and not created)
    db.session.flush()
    return result
