"""Filing complaints, numbering them, their deadline, status changes, and masking contacts."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from mpp_lite.audit.services import record
from mpp_lite.bookings.notify import queue_message
from mpp_lite.catalogue.models import Service, Tenant
from mpp_lite.complaints.models import (
    COMPLAINT_CHANNELS,
    COMPLAINT_KINDS,
    OPEN_COMPLAINT_STATUSES,
    TRANSITIONS,
    UNRESOLVED_COMPLAINT_STATUSES,
    Complaint,
    ComplaintStatus,
    ComplaintStep,
)
from mpp_lite.errors import CONFLICT, FORBIDDEN, INVALID, DomainError
from mpp_lite.extensions import db
from mpp_lite.privacy.masking import mask_email, mask_name, mask_phone
from mpp_lite.site import clock
from mpp_lite.site.services import get_settings

RESPONSE_DAYS_SETTING = "complaint_response_days"
DEFAULT_RESPONSE_DAYS = 5
# Perpres 76/2013: a complaint is resolved at most 60 days after it is complete.
RESOLUTION_DAYS = 60
# The tracking number SP4N-LAPOR! gives a report: digits, sometimes written "#1234567" or "LAPOR-1234567".
LAPOR_NUMBER_PATTERN = re.compile(r"^(?:#|LAPOR[- ]?)?(\d{6,12})$", re.IGNORECASE)
LAPOR_URL = "https://www.lapor.go.id"
TEXT_MIN, TEXT_MAX = 10, 4000
PHONE_PATTERN = re.compile(r"^\+?[0-9][0-9 \-]{6,18}[0-9]$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class ComplaintError(DomainError):
    """A complaint request refused; `fields` names each field at fault."""

    def __init__(self, message: str, fields: dict[str, str] | None = None, kind: str = INVALID):
        super().__init__(message, kind, fields=fields)


# ---------------------------------------------------------------- numbering and deadlines

REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32, as tracking codes


def format_reference(year: int, seq: int) -> str:
    """The complaint's public reference, `ADU-2026-7K3Q9XWD`: 40 random bits after the year, so
    that nobody can walk through the complaints by counting (the year's `seq` stays internal)."""
    return f"ADU-{year}-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


def _next_seq(year: int) -> int:
    return int(db.session.scalar(select(func.coalesce(func.max(Complaint.seq), 0)).where(Complaint.year == year))) + 1


def response_days() -> int:
    try:
        return max(1, int(get_settings().get(RESPONSE_DAYS_SETTING) or DEFAULT_RESPONSE_DAYS))
    except ValueError:
        return DEFAULT_RESPONSE_DAYS


def response_deadline(received: date, days: int | None = None) -> date:
    """`days` working days after the day received (Mon-Fri minus national and local holidays)."""
    days = days if days is not None else response_days()
    try:
        from mpp_lite.applications.calendar import WorkingCalendar
    except ImportError:  # pragma: no cover - without the calendar, count Monday-Friday only
        day = received
        while days:
            day += timedelta(days=1)
            days -= day.weekday() < 5
        return day
    return WorkingCalendar().add_working_days(received, days)


def resolution_deadline(completed: date) -> date:
    return completed + timedelta(days=RESOLUTION_DAYS)


def normalise_lapor_number(text: str) -> str | None:
    match = LAPOR_NUMBER_PATTERN.match(re.sub(r"\s", "", text or ""))
    return match.group(1) if match else None


# ---------------------------------------------------------------- filing


def _clean_contact(name: str, phone: str, email: str) -> tuple[str, str, str, dict]:
    fields = {}
    name = " ".join((name or "").split())[:120]
    phone = (phone or "").strip()
    email = (email or "").strip()
    if phone and not PHONE_PATTERN.match(phone):
        fields["contact_phone"] = _("Write the phone number with digits only, e.g. 0812 3456 7890.")
    if email and (len(email) > 120 or not EMAIL_PATTERN.match(email)):
        fields["contact_email"] = _("This does not look like an e-mail address.")
    return name, re.sub(r"[ \-]", "", phone), email.lower(), fields


def file_complaint(
    actor,
    *,
    text: str,
    kind: str = "complaint",
    channel: str = "web",
    tenant_id=None,
    service_id=None,
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    confidential: bool = False,
    complete: bool = True,
) -> Complaint:
    """Record a complaint or suggestion with its reference number and deadlines; flushes.

    A complete complaint (the default) starts the 60-day resolution clock on the day received;
    one that still lacks what is needed to act starts it when staff mark it complete.
    """
    fields = {}
    text = (text or "").strip()
    if len(text) < TEXT_MIN:
        fields["text"] = _("Tell us what happened in at least %(num)d characters.", num=TEXT_MIN)
    elif len(text) > TEXT_MAX:
        fields["text"] = _("Please keep it under %(num)d characters.", num=TEXT_MAX)
    if kind not in COMPLAINT_KINDS:
        fields["kind"] = _("Choose complaint, aspiration or request for information.")
    if channel not in COMPLAINT_CHANNELS:
        fields["channel"] = _("Choose how the complaint came in.")
    tenant = service = None
    if service_id not in (None, "", 0):
        service = db.session.get(Service, int(service_id))
        if service is None:
            fields["service_id"] = _("Choose a service from the list.")
        else:
            tenant_id = service.tenant_id
    if tenant_id not in (None, "", 0):
        tenant = db.session.get(Tenant, int(tenant_id))
        if tenant is None:
            fields["tenant_id"] = _("Choose an agency from the list.")
    name, phone, email, contact_fields = _clean_contact(contact_name, contact_phone, contact_email)
    fields.update(contact_fields)
    if fields:
        raise ComplaintError(_("Please check the marked fields."), fields)

    now = clock.utcnow()
    day = clock.today()
    for _attempt in range(5):
        savepoint = db.session.begin_nested()
        seq = _next_seq(day.year)
        complaint = Complaint(
            reference=format_reference(day.year, seq),
            year=day.year,
            seq=seq,
            access_token=secrets.token_urlsafe(18)[:24],
            kind=kind,
            channel=channel,
            tenant_id=tenant.id if tenant else None,
            service_id=service.id if service else None,
            text=text,
            contact_name=name,
            contact_phone=phone,
            contact_email=email,
            status=ComplaintStatus.NEW,
            received_at=now,
            day=day,
            due_date=response_deadline(day),
            completed_on=day if complete else None,
            resolution_due=resolution_deadline(day) if complete else None,
            confidential=bool(confidential),
            recorded_by=actor.name[:80] if actor.authenticated else "",
        )
        complaint.steps.append(
            ComplaintStep(
                from_status=None, to_status=ComplaintStatus.NEW, at=now, actor=complaint.recorded_by or _("citizen")
            )
        )
        try:
            db.session.add(complaint)
            db.session.flush()
        except IntegrityError:  # another desk took the same number at the same moment
            savepoint.rollback()
            continue
        savepoint.commit()

        record(actor, "complaint.file", "complaint", complaint.reference, channel=channel)
        return complaint
    raise ComplaintError(_("The complaint could not be numbered; please send it again."), kind=CONFLICT)


# ---------------------------------------------------------------- handling by staff


def may_handle(actor, complaint: Complaint) -> bool:
    """Admins and the hall's supervisors handle every complaint; operators their tenant's."""
    if actor.role in ("admin", "supervisor"):
        return True
    return actor.may_act_for_tenant(complaint.tenant_id)


def may_read(actor, complaint: Complaint) -> bool:
    return actor.sees_all_tenants() or may_handle(actor, complaint)


def shows_identity(actor, complaint: Complaint) -> bool:
    """A confidential complaint names its maker to the hall's supervisors and admins only."""
    return not complaint.confidential or actor.role in ("admin", "supervisor")


def allowed_transitions(complaint: Complaint) -> tuple[str, ...]:
    return TRANSITIONS.get(complaint.status, ())


def mark_complete(actor, complaint: Complaint) -> Complaint:
    """The complaint now holds what is needed to act on it: the 60-day resolution clock starts today."""
    if not may_handle(actor, complaint):
        raise ComplaintError(_("Only staff of the responsible agency may handle this complaint."), kind=FORBIDDEN)
    if complaint.completed_on is not None:
        raise ComplaintError(_("This complaint was already marked complete."), kind=CONFLICT)
    today = clock.today()
    complaint.completed_on = today
    complaint.resolution_due = resolution_deadline(today)
    complaint.steps.append(
        ComplaintStep(
            from_status=complaint.status,
            to_status=complaint.status,
            at=clock.utcnow(),
            actor=actor.name[:80],
            note=_(
                "Complaint complete; to be resolved by %(date)s.", date=complaint.resolution_due.strftime("%d-%m-%Y")
            ),
        )
    )
    db.session.flush()
    record(actor, "complaint.complete", "complaint", complaint.reference)
    return complaint


def change_status(
    actor, complaint: Complaint, to: str, note: str = "", answer: str | None = None, lapor_number: str | None = None
) -> Complaint:
    """Move a complaint along new -> in_progress -> answered -> closed, or forward it to
    SP4N-LAPOR! with the number LAPOR! gave (the local resolution clock stops); flushes."""
    if not may_handle(actor, complaint):
        raise ComplaintError(_("Only staff of the responsible agency may handle this complaint."), kind=FORBIDDEN)
    if to not in allowed_transitions(complaint):
        raise ComplaintError(
            _("This complaint cannot go from this status to that one."), {"to": _("Not allowed now.")}, kind=CONFLICT
        )
    if to == ComplaintStatus.FORWARDED:
        number = normalise_lapor_number(lapor_number or "")
        if number is None:
            raise ComplaintError(
                _("Please check the marked fields."),
                {
                    "lapor_number": _(
                        "Write the tracking number SP4N-LAPOR! gave the report: 6 to 12 digits, e.g. 4567891."
                    )
                },
            )
        complaint.lapor_number = number
        complaint.forwarded_at = clock.utcnow()
        note = (note or "").strip() or _("Forwarded to SP4N-LAPOR!, number %(number)s.", number=number)
    answer = (answer or "").strip()
    if to == ComplaintStatus.ANSWERED:
        if len(answer) < 5:
            raise ComplaintError(_("Write the answer given to the citizen."), {"answer": _("Write the answer.")})
        complaint.answer = answer[:TEXT_MAX]
        complaint.answered_at = clock.utcnow()
        complaint.answered_by = actor.name[:80]
        queue_message(
            "complaint_answered",
            {"name": complaint.contact_name, "code": complaint.reference},
            phone=complaint.contact_phone,
            email=complaint.contact_email,
            reference=complaint.reference,
        )
    if to == ComplaintStatus.CLOSED:
        complaint.closed_at = clock.utcnow()
        if complaint.answered_at is None and answer:
            complaint.answer = answer[:TEXT_MAX]
            complaint.answered_at = complaint.closed_at
            complaint.answered_by = actor.name[:80]
    if to == ComplaintStatus.IN_PROGRESS:
        complaint.closed_at = None
    complaint.steps.append(
        ComplaintStep(
            from_status=complaint.status,
            to_status=to,
            at=clock.utcnow(),
            actor=actor.name[:80],
            note=(note or "").strip()[:1000],
        )
    )
    complaint.status = to
    db.session.flush()

    record(actor, "complaint.status", "complaint", complaint.reference, to=to)
    return complaint


def assign(actor, complaint: Complaint, tenant_id) -> Complaint:
    """Hand the complaint to another responsible tenant (or to the hall itself with None)."""
    if actor.role not in ("admin", "supervisor"):
        raise ComplaintError(_("Only supervisors may hand a complaint to another agency."), kind=FORBIDDEN)
    tenant = db.session.get(Tenant, int(tenant_id)) if tenant_id not in (None, "", 0, "0") else None
    if tenant_id not in (None, "", 0, "0") and tenant is None:
        raise ComplaintError(_("Choose an agency from the list."), {"tenant_id": _("Unknown agency.")})
    before = complaint.tenant_id
    complaint.tenant_id = tenant.id if tenant else None
    if complaint.service_id and complaint.service and complaint.service.tenant_id != complaint.tenant_id:
        complaint.service_id = None
    complaint.steps.append(
        ComplaintStep(
            from_status=complaint.status,
            to_status=complaint.status,
            at=clock.utcnow(),
            actor=actor.name[:80],
            note=_("Handed to %(tenant)s", tenant=tenant.name if tenant else _("the MPP management")),
        )
    )
    db.session.flush()

    record(
        actor, "complaint.assign", "complaint", complaint.reference, from_tenant=before, to_tenant=complaint.tenant_id
    )
    return complaint


def overdue_condition(today: date):
    """Open past the response deadline, or unresolved past the resolution deadline."""
    from sqlalchemy import and_, or_

    return or_(
        and_(Complaint.status.in_(OPEN_COMPLAINT_STATUSES), Complaint.due_date < today),
        and_(Complaint.status.in_(UNRESOLVED_COMPLAINT_STATUSES), Complaint.resolution_due < today),
    )


def staff_query(actor, status: str | None = None, tenant_id: int | None = None, overdue: bool = False):
    query = select(Complaint)
    if not actor.sees_all_tenants():
        query = query.where(Complaint.tenant_id == actor.tenant_id)
    elif tenant_id:
        query = query.where(Complaint.tenant_id == tenant_id)
    if status:
        query = query.where(Complaint.status == status)
    if overdue:
        query = query.where(overdue_condition(clock.today()))
    return query.order_by(Complaint.received_at.desc())


def escalated(today: date | None = None) -> list[tuple[Complaint, list[str]]]:
    """The supervisor's list: every overdue complaint, oldest first, with the deadlines it missed."""
    today = today or clock.today()
    rows = db.session.scalars(select(Complaint).where(overdue_condition(today)).order_by(Complaint.received_at))
    return [(complaint, missed_deadlines(complaint, today)) for complaint in rows]


def missed_deadlines(complaint: Complaint, today: date | None = None) -> list[str]:
    """ "response" and/or "resolution": the clocks that ran out on an unfinished complaint."""
    today = today or clock.today()
    missed = []
    if complaint.status in OPEN_COMPLAINT_STATUSES and complaint.due_date < today:
        missed.append("response")
    if (
        complaint.status in UNRESOLVED_COMPLAINT_STATUSES
        and complaint.resolution_due is not None
        and complaint.resolution_due < today
    ):
        missed.append("resolution")
    return missed


# Random references (ADU-2026-7K3Q9XWD) and the sequential ones made before (ADU-2026-000123).
REFERENCE_PATTERN = re.compile(r"^ADU-?(\d{4})-?([0-9A-Z]{8}|\d{1,6})$")


def find_for_citizen(reference: str, phone_last4: str) -> Complaint | None:
    """The complaint whose reference and the last four digits of its contact phone both match.

    Unknown reference, no phone on file and wrong digits all answer None alike.
    Failed tries are counted in the database with the status lookup's limits (10 in 10 minutes per
    client or per reference, then RateLimited); a mistyped form is not a try.
    """
    from mpp_lite.applications.services import check_rate_limit, client_key, record_lookup_failure

    match = REFERENCE_PATTERN.match(re.sub(r"\s", "", (reference or "").upper()))
    digits = re.sub(r"\D", "", phone_last4 or "")
    if not match or len(digits) != 4:
        return None
    year, rest = match.group(1), match.group(2)
    normalised = f"ADU-{year}-{rest if len(rest) == 8 and not rest.isdigit() else f'{int(rest):06d}'}"
    client, key = client_key(), "c" + hashlib.sha256(normalised.encode()).hexdigest()[:8]
    check_rate_limit(client, key)
    complaint = db.session.scalar(select(Complaint).where(Complaint.reference == normalised))
    if complaint is None or not complaint.contact_phone or not complaint.contact_phone.endswith(digits):
        record_lookup_failure(client, key)
        return None
    return complaint


def by_token(token: str) -> Complaint | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(Complaint).where(Complaint.access_token == token))


def is_overdue(complaint: Complaint, today: date | None = None) -> bool:
    return bool(missed_deadlines(complaint, today))


def public_json(complaint: Complaint) -> dict:
    """What the citizen's status page shows: nothing that names them in full."""
    return {
        "reference": complaint.reference,
        "status": complaint.status,
        "kind": complaint.kind,
        "tenant": complaint.tenant.name if complaint.tenant else None,
        "received_at": complaint.received_at.isoformat(),
        "due_date": complaint.due_date.isoformat(),
        "resolution_due": complaint.resolution_due.isoformat() if complaint.resolution_due else None,
        "lapor_number": complaint.lapor_number or None,
        "answer": complaint.answer or None,
        "contact": {
            "name": mask_name(complaint.contact_name),
            "phone": mask_phone(complaint.contact_phone),
            "email": mask_email(complaint.contact_email),
        },
    }
