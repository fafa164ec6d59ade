"""What leaves the PC: the declared fields of each record type and the policies that pick from them.

Data minimisation (UU 27/2022): the default policy sends no NIK, phone, e-mail, address or
free text a citizen or officer typed, and masks names ("Bu** Sa*****"). The "full" policy
sends every declared field; an admin sets it only for an endpoint with a legal basis.
Fields not declared here never leave the PC under any policy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import inspect

from mpp_lite.catalogue.components import STANDARD_FIELDS
from mpp_lite.database import SyncedRecord
from mpp_lite.extensions import db
from mpp_lite.privacy.masking import mask_name

PUBLIC = "public"  # sent by every policy
MASKED = "masked"  # names: masked by default, in clear under "full"
PERSONAL = "personal"  # NIK, phone, e-mail, address: only under "full"
FREE_TEXT = "free_text"  # typed text that may hold personal data: only under "full"
KINDS = (PUBLIC, MASKED, PERSONAL, FREE_TEXT)

POLICY_NAMES = ("default", "full")
POLICY_KINDS = {"default": (PUBLIC, MASKED), "full": KINDS}


def iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _service_ref(service) -> dict | None:
    if service is None:
        return None
    return {"id": service.uid, "code": service.code, "name": service.name}


def _tenant_ref(tenant) -> dict | None:
    if tenant is None:
        return None
    return {"code": tenant.code, "name": tenant.name}


def _record_ref(record) -> str | None:
    return getattr(record, "uid", None) if record is not None else None


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    description: str
    get: Callable[[Any], Any]


def attr(name: str, convert: Callable[[Any], Any] | None = None) -> Callable[[Any], Any]:
    def get(obj):
        value = getattr(obj, name, None)
        return convert(value) if convert else value

    return get


def _plain(value):
    if isinstance(value, (datetime, date)):
        return iso(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class RecordPolicy:
    type: str
    fields: tuple[Field, ...]
    # For a child row (e.g. ApplicationStep), the attribute that leads to the synced record:
    # a change to the child is a new version of that record.
    children: dict[str, str] = field(default_factory=dict)

    def payload(self, obj) -> dict:
        """Every declared field of `obj`, as JSON values (the widest view)."""
        return {f.name: _plain(f.get(obj)) for f in self.fields}

    def view(self, payload: dict, policy: str) -> dict:
        """The part of a stored payload that `policy` lets leave the PC."""
        kinds = POLICY_KINDS.get(policy, POLICY_KINDS["default"])
        if payload.get("deleted"):
            return {"deleted": True}
        result = {}
        for f in self.fields:
            if f.name not in payload or f.kind not in kinds:
                continue
            value = payload[f.name]
            if f.kind == MASKED and policy != "full" and isinstance(value, str):
                value = mask_name(value)
            if f.name in NESTED_FILTERS and isinstance(value, list):
                value = NESTED_FILTERS[f.name](value, kinds)
            result[f.name] = value
        return result


def _steps(obj) -> list[dict]:
    steps = sorted(
        getattr(obj, "steps", None) or [], key=lambda s: (s.at or datetime.min.replace(tzinfo=timezone.utc), s.id or 0)
    )
    return [
        {"from": s.from_status, "to": s.to_status, "at": iso(s.at), "actor": s.actor or "", "note": s.note or ""}
        for s in steps
    ]


def _filter_steps(steps: list, kinds) -> list:
    """Status history: officer names and notes are free text, sent only under "full"."""
    if FREE_TEXT in kinds:
        return steps
    return [{k: v for k, v in step.items() if k in ("from", "to", "at")} for step in steps if isinstance(step, dict)]


NESTED_FILTERS = {"status_history": _filter_steps}


def _answers(obj) -> dict:
    return {f"U{i}": getattr(obj, f"u{i}", None) for i in range(1, 10)}


TICKET = RecordPolicy(
    "ticket",
    (
        Field("number", PUBLIC, "ticket number, e.g. A001", attr("number")),
        Field("day", PUBLIC, "local date of issue", attr("day", iso)),
        Field("queue", PUBLIC, "queue prefix", lambda t: t.queue.prefix if t.queue else None),
        Field("service", PUBLIC, "service id, code and name", lambda t: _service_ref(t.service)),
        Field("tenant", PUBLIC, "tenant code and name", lambda t: _tenant_ref(t.service.tenant if t.service else None)),
        Field("priority", PUBLIC, "priority ticket (UU 25/2009 art. 29)", attr("priority")),
        Field(
            "priority_group",
            PUBLIC,
            "priority group: lansia, disabilitas, ibu_hamil, anak (no personal data)",
            attr("priority_group"),
        ),
        Field("status", PUBLIC, "waiting|called|serving|done|no_show|transferred|cancelled", attr("status")),
        Field("issued_at", PUBLIC, "time issued", attr("issued_at", iso)),
        Field("called_at", PUBLIC, "time first called", attr("called_at", iso)),
        Field("started_at", PUBLIC, "time service started", attr("started_at", iso)),
        Field("finished_at", PUBLIC, "time service finished", attr("finished_at", iso)),
        Field("call_count", PUBLIC, "times called", attr("call_count")),
        Field("last_called_at", PUBLIC, "time of the last call or recall", attr("last_called_at", iso)),
        Field("closed_reason", PUBLIC, "why it was closed without a counter (e.g. day_end)", attr("closed_reason")),
        Field("counter", PUBLIC, "counter number", lambda t: t.counter.number if t.counter else None),
        Field(
            "transferred_from",
            PUBLIC,
            "id of the ticket it was transferred from",
            lambda t: _record_ref(_load(t, "transferred_from_id", "mpp_lite.queue.models", "Ticket")),
        ),
    ),
)

APPLICATION = RecordPolicy(
    "application",
    (
        Field(
            "tracking_code",
            PUBLIC,
            "tracking code (XXXX-XXXX-X)",
            lambda a: (
                f"{a.tracking_code[:4]}-{a.tracking_code[4:8]}-{a.tracking_code[8:]}" if a.tracking_code else None
            ),
        ),
        Field("service", PUBLIC, "service id, code and name", lambda a: _service_ref(a.service)),
        Field("tenant", PUBLIC, "tenant code and name", lambda a: _tenant_ref(a.tenant)),
        Field("ticket", PUBLIC, "id of the queue ticket", lambda a: _record_ref(a.ticket)),
        Field("status", PUBLIC, "received|incomplete|verified|processing|ready|picked_up|rejected", attr("status")),
        Field("received_at", PUBLIC, "time received", attr("received_at", iso)),
        Field("verified_at", PUBLIC, "time the file was complete", attr("verified_at", iso)),
        Field("due_date", PUBLIC, "promised date (working days)", attr("due_date", iso)),
        Field("ready_at", PUBLIC, "time ready", attr("ready_at", iso)),
        Field("closed_at", PUBLIC, "time picked up or rejected", attr("closed_at", iso)),
        Field("documents", PUBLIC, "requirements handed in", lambda a: list(a.documents or [])),
        Field("status_history", PUBLIC, "status steps: from, to, at (officer and note only under full)", _steps),
        Field("anonymised", PUBLIC, "personal data removed after retention", lambda a: a.anonymised_at is not None),
        Field("applicant_name", MASKED, "applicant's name", attr("applicant_name")),
        Field("rejection_reason", FREE_TEXT, "why it was rejected", attr("rejection_reason")),
        Field("nik", PERSONAL, "applicant's NIK", attr("nik")),
        Field("phone", PERSONAL, "applicant's phone", attr("phone")),
        Field("email", PERSONAL, "applicant's e-mail", attr("email")),
        Field("address", PERSONAL, "applicant's address", attr("address")),
    ),
    children={"ApplicationStep": "application"},
)

SERVICE = RecordPolicy(
    "service",
    tuple(
        [
            Field("code", PUBLIC, "service code", attr("code")),
            Field("name", PUBLIC, "service name", attr("name")),
            Field("tenant", PUBLIC, "tenant code and name", lambda s: _tenant_ref(s.tenant)),
            Field("published", PUBLIC, "shown to citizens", attr("published")),
            Field("needs_application", PUBLIC, "finished later (application)", attr("needs_application")),
            Field("summary", PUBLIC, "short description", attr("summary")),
        ]
        + [Field(name, PUBLIC, "Standar Pelayanan component", attr(name)) for name in STANDARD_FIELDS]
        + [Field("updated_at", PUBLIC, "last change", attr("updated_at", iso))]
    ),
)

SURVEY = RecordPolicy(
    "survey",
    (
        Field("source", PUBLIC, "ticket|application|kiosk|staff", attr("source")),
        Field("service", PUBLIC, "service id, code and name", lambda r: _service_ref(r.service)),
        Field("tenant", PUBLIC, "tenant code and name", lambda r: _tenant_ref(r.tenant)),
        Field("day", PUBLIC, "local date answered", attr("day", iso)),
        Field("submitted_at", PUBLIC, "time answered", attr("submitted_at", iso)),
        Field("answers", PUBLIC, "U1..U9 scores 1-4", _answers),
        Field(
            "ticket",
            PUBLIC,
            "id of the ticket",
            lambda r: _record_ref(_load(r, "ticket_id", "mpp_lite.queue.models", "Ticket")),
        ),
        Field(
            "application",
            PUBLIC,
            "id of the application",
            lambda r: _record_ref(_load(r, "application_id", "mpp_lite.applications.models", "Application")),
        ),
        Field("age_group", PUBLIC, "respondent's age group (optional)", attr("age_group")),
        Field("sex", PUBLIC, "respondent's sex (optional)", attr("sex")),
        Field("education", PUBLIC, "respondent's education (optional)", attr("education")),
        Field("occupation", PUBLIC, "respondent's occupation (optional)", attr("occupation")),
        Field("suggestion", FREE_TEXT, "suggestion typed by the respondent", attr("suggestion")),
    ),
)

COMPLAINT = RecordPolicy(
    "complaint",
    (
        Field("reference", PUBLIC, "reference, e.g. ADU-2026-7K3Q9XWD", attr("reference")),
        Field("kind", PUBLIC, "complaint|suggestion|information", attr("kind")),
        Field("channel", PUBLIC, "how it came in", attr("channel")),
        Field("tenant", PUBLIC, "tenant code and name", lambda c: _tenant_ref(c.tenant)),
        Field("service", PUBLIC, "service id, code and name", lambda c: _service_ref(c.service)),
        Field("status", PUBLIC, "new|in_progress|answered|closed|forwarded", attr("status")),
        Field("received_at", PUBLIC, "time received", attr("received_at", iso)),
        Field("day", PUBLIC, "local date received", attr("day", iso)),
        Field("due_date", PUBLIC, "answer due", attr("due_date", iso)),
        Field(
            "resolution_due",
            PUBLIC,
            "resolution due (60 days after complete, Perpres 76/2013)",
            attr("resolution_due", iso),
        ),
        Field("lapor_number", PUBLIC, "SP4N-LAPOR! tracking number when forwarded", attr("lapor_number")),
        Field("answered_at", PUBLIC, "time answered", attr("answered_at", iso)),
        Field("closed_at", PUBLIC, "time closed", attr("closed_at", iso)),
        Field("status_history", PUBLIC, "status steps: from, to, at (officer and note only under full)", _steps),
        Field("anonymised", PUBLIC, "personal data removed after retention", lambda c: c.anonymised_at is not None),
        Field(
            "contact_name",
            MASKED,
            "complainant's name (optional; never sent when confidential)",
            lambda c: "" if c.confidential else c.contact_name,
        ),
        Field("text", FREE_TEXT, "the complaint as written", attr("text")),
        Field("answer", FREE_TEXT, "the answer given", attr("answer")),
        Field(
            "contact_phone",
            PERSONAL,
            "complainant's phone (never sent when confidential)",
            lambda c: "" if c.confidential else c.contact_phone,
        ),
        Field(
            "contact_email",
            PERSONAL,
            "complainant's e-mail (never sent when confidential)",
            lambda c: "" if c.confidential else c.contact_email,
        ),
    ),
    children={"ComplaintStep": "complaint"},
)

POLICIES: dict[str, RecordPolicy] = {p.type: p for p in (TICKET, APPLICATION, SURVEY, COMPLAINT, SERVICE)}
RECORD_TYPES = tuple(POLICIES)

# Synced models that predate `__sync_type__` on their class.


def _load(obj, column: str, module: str, name: str):
    """A referenced row by id without a relationship on the model (imported lazily)."""
    from importlib import import_module

    ident = getattr(obj, column, None)
    if ident is None:
        return None
    return db.session.get(getattr(import_module(module), name), ident)


def sync_type_of_class(cls) -> str | None:
    """The record type of a synced model class, or None for anything else."""

    if not isinstance(cls, type) or not issubclass(cls, SyncedRecord):
        return None
    kind = getattr(cls, "__sync_type__", None)
    return kind if kind in POLICIES else None


def sync_type_of(obj) -> str | None:
    """The record type of a synced model instance, or None for anything else."""
    return sync_type_of_class(type(obj))


def parent_of(obj):
    """For a child row whose change is a change of a synced record (a status step), that record."""
    name = type(obj).__name__
    for policy in POLICIES.values():
        if name in policy.children:
            return getattr(obj, policy.children[name], None)
    return None


def has_real_change(obj) -> bool:
    """Whether a flushed-to-be object changed a column value (not just set the same one).

    A value set on an expired attribute (after a commit) has no known old value: the stored
    one is read back to compare.
    """
    from sqlalchemy import select

    state = inspect(obj)
    unknown = []
    for attribute in state.mapper.column_attrs:
        if attribute.key == "version":
            continue
        history = state.attrs[attribute.key].history
        if not history.has_changes():
            continue
        if history.deleted:
            if list(history.added) != list(history.deleted):
                return True
            continue
        unknown.append(attribute)
    if not unknown or state.key is None:
        return bool(unknown)
    table_columns = [attribute.columns[0] for attribute in unknown]
    primary_key = state.mapper.primary_key
    stored = (
        db.session.connection()
        .execute(
            select(*table_columns).where(
                *[column == value for column, value in zip(primary_key, state.key[1], strict=True)]
            )
        )
        .first()
    )
    if stored is None:
        return True
    return any(getattr(obj, attribute.key) != value for attribute, value in zip(unknown, stored, strict=True))


def view(record_type: str, payload: dict, policy: str) -> dict:
    return POLICIES[record_type].view(payload, policy)


def describe() -> str:
    """The policy as text, for `mpp-lite sync policy` and the admin page."""
    labels = {
        PUBLIC: "sent",
        MASKED: "masked (Bu** Sa*****)",
        PERSONAL: "NOT sent",
        FREE_TEXT: "NOT sent",
    }
    lines = [
        "Sync policy: which fields leave this PC (schema mpp-lite/v1).",
        "Policies: default (data minimisation) and full (all declared fields; set it only for an",
        "endpoint with a legal basis: `mpp-lite sync add-endpoint ... --policy full` or the admin page).",
        "Fields not listed here never leave the PC. Every record also carries id, type, version, occurred_at.",
        "",
    ]
    for policy in POLICIES.values():
        lines.append(f"[{policy.type}]")
        width = max(len(f.name) for f in policy.fields)
        for f in policy.fields:
            full = "sent" if f.kind != MASKED else "sent in clear"
            lines.append(f"  {f.name.ljust(width)}  default: {labels[f.kind]:<22} full: {full:<14} {f.description}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def describe_json() -> dict:
    return {
        policy.type: [
            {
                "field": f.name,
                "kind": f.kind,
                "default": f.kind in POLICY_KINDS["default"],
                "description": f.description,
            }
            for f in policy.fields
        ]
        for policy in POLICIES.values()
    }
