"""Applications: register, move through the workflow, SLA due dates, status lookups, receipts.

Functions take plain values and an explicit actor, flush but never commit: the caller (view,
API, CLI) owns the transaction.

Workflow (who may go where; every step stores who, when and a note):

    received   -> incomplete | verified | rejected
    incomplete -> verified | rejected              (the citizen brought what was missing)
    verified   -> processing | ready | incomplete | rejected
    processing -> ready | incomplete | rejected
    ready      -> picked_up | processing | rejected (back to processing to fix an error)
    picked_up, rejected: closed

SLA clock: it starts on the day the file is first complete (verified); due date = that day +
the service's working days. If the file goes back to "incomplete" after that, the clock pauses
on that day; when it is complete again, the working days in [pause day, resume day) are added.
"Incomplete" and "rejected" need a note (what is missing, the reason).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import re
from dataclasses import dataclass
from datetime import date, timedelta, timezone

from flask import current_app, has_request_context, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from mpp_lite.applications import codes
from mpp_lite.applications.calendar import LOCAL_KINDS, WorkingCalendar
from mpp_lite.applications.models import (
    APPLICATION_STATUSES,
    OPEN_APPLICATION_STATUSES,
    Application,
    ApplicationStatus,
    ApplicationStep,
    LocalHoliday,
    StatusLookupFailure,
)
from mpp_lite.applications.nik import check_nik
from mpp_lite.applications.notify import queue_notification
from mpp_lite.audit.services import record as audit
from mpp_lite.catalogue.models import Service
from mpp_lite.errors import (
    BAD_REQUEST,
    CONFLICT,
    FORBIDDEN,
    INVALID,
    NOT_FOUND,
    RATE_LIMITED,
    DomainError,
)
from mpp_lite.extensions import db
from mpp_lite.privacy.masking import mask_name, mask_phone  # noqa: F401  (used by views and templates)
from mpp_lite.queue.models import Ticket
from mpp_lite.security import DATABASE_ID_MAX, absolute_url
from mpp_lite.site import clock

TRANSITIONS: dict[str, tuple[str, ...]] = {
    ApplicationStatus.RECEIVED: (ApplicationStatus.INCOMPLETE, ApplicationStatus.VERIFIED, ApplicationStatus.REJECTED),
    ApplicationStatus.INCOMPLETE: (ApplicationStatus.VERIFIED, ApplicationStatus.REJECTED),
    ApplicationStatus.VERIFIED: (
        ApplicationStatus.PROCESSING,
        ApplicationStatus.READY,
        ApplicationStatus.INCOMPLETE,
        ApplicationStatus.REJECTED,
    ),
    ApplicationStatus.PROCESSING: (ApplicationStatus.READY, ApplicationStatus.INCOMPLETE, ApplicationStatus.REJECTED),
    ApplicationStatus.READY: (ApplicationStatus.PICKED_UP, ApplicationStatus.PROCESSING, ApplicationStatus.REJECTED),
    ApplicationStatus.PICKED_UP: (),
    ApplicationStatus.REJECTED: (),
}
NOTE_REQUIRED = (ApplicationStatus.INCOMPLETE, ApplicationStatus.REJECTED)
CLOCK_RUNNING = (ApplicationStatus.VERIFIED, ApplicationStatus.PROCESSING)

STATUS_LABELS = {
    ApplicationStatus.RECEIVED: _l("Received"),
    ApplicationStatus.INCOMPLETE: _l("Documents incomplete"),
    ApplicationStatus.VERIFIED: _l("Documents complete (verified)"),
    ApplicationStatus.PROCESSING: _l("Being processed"),
    ApplicationStatus.READY: _l("Ready for pickup"),
    ApplicationStatus.PICKED_UP: _l("Picked up"),
    ApplicationStatus.REJECTED: _l("Rejected"),
}
ACTION_LABELS = {
    ApplicationStatus.INCOMPLETE: _l("Mark documents incomplete"),
    ApplicationStatus.VERIFIED: _l("Documents complete: verify"),
    ApplicationStatus.PROCESSING: _l("Start processing"),
    ApplicationStatus.READY: _l("Ready for pickup"),
    ApplicationStatus.PICKED_UP: _l("Picked up"),
    ApplicationStatus.REJECTED: _l("Reject"),
}

LOOKUP_WINDOW = timedelta(minutes=10)
LOOKUP_MAX_FAILURES = 10


class ApplicationError(DomainError):
    """Base of the refusals about applications; `fields` names each field at fault."""

    kind = BAD_REQUEST

    def __init__(self, message: str, fields: dict | None = None, **details):
        super().__init__(message, fields=fields, **details)


class InvalidInput(ApplicationError):
    kind = INVALID


class NotAllowed(ApplicationError):
    kind = FORBIDDEN


class NotFound(ApplicationError):
    kind = NOT_FOUND


class TransitionNotAllowed(ApplicationError):
    kind = CONFLICT

    def __init__(self, current: str, wanted: str, allowed: tuple[str, ...]):
        names = ", ".join(allowed) or "-"
        super().__init__(
            _(
                "An application that is %(current)s cannot become %(wanted)s. Allowed: %(allowed)s.",
                current=status_label(current),
                wanted=status_label(wanted),
                allowed=names,
            ),
            code="transition_not_allowed",
            allowed=list(allowed),
        )
        self.allowed = list(allowed)


class RateLimited(ApplicationError):
    kind = RATE_LIMITED

    def __init__(self, retry_after: int):
        minutes = max(1, math.ceil(retry_after / 60))
        super().__init__(
            ngettext(
                "Too many wrong tries. Please try again in %(num)d minute.",
                "Too many wrong tries. Please try again in %(num)d minutes.",
                minutes,
            ),
            headers={"Retry-After": str(retry_after)},
        )
        self.retry_after = retry_after
        self.minutes = minutes


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


# --- personal data shown masked ------------------------------------------------------------


def clean_phone(text: str | None) -> str:
    digits = re.sub(r"[\s\-().]", "", text or "")
    if digits.startswith("+62"):
        digits = "0" + digits[3:]
    elif digits.startswith("62") and len(digits) > 10:
        digits = "0" + digits[2:]
    return digits


# --- register -----------------------------------------------------------------------------


@dataclass
class Applicant:
    name: str
    nik: str
    phone: str
    email: str = ""
    address: str = ""


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def validate_applicant(data: dict) -> tuple[Applicant, dict[str, str], list[str]]:
    """Clean the applicant's fields; answer (applicant, field errors, warnings)."""
    errors: dict[str, str] = {}
    # JSON can send a number where text belongs: 81299990051 would lose the phone's leading 0.
    wrong_type = {
        key: _("Send this as text in quotes, not as a number, list or object.")
        for key in ("name", "nik", "phone", "email", "address")
        if data.get(key) is not None and not isinstance(data.get(key), str)
    }
    if wrong_type:
        return Applicant("", "", "", "", ""), wrong_type, []
    name = " ".join(str(data.get("name") or "").split())
    if not name:
        errors["name"] = _("Enter the applicant's full name as on the KTP-el.")
    elif len(name) > 120:
        errors["name"] = _("The name may have at most 120 characters.")
    nik = check_nik(str(data.get("nik") or ""), clock.today())
    if not nik.nik:
        errors["nik"] = _("Enter the applicant's 16-digit NIK.")
    elif not nik.valid:
        errors["nik"] = nik.errors[0]
    phone = clean_phone(str(data.get("phone") or ""))
    if not phone:
        errors["phone"] = _("Enter a phone number: its last 4 digits let the applicant check the status.")
    elif not phone.isdigit() or not 8 <= len(phone) <= 15:
        errors["phone"] = _("A phone number has 8 to 15 digits, e.g. 081234567890.")
    email = str(data.get("email") or "").strip()
    if email and (len(email) > 120 or not _EMAIL.match(email)):
        errors["email"] = _("This e-mail address does not look right; correct it or leave it empty.")
    address = str(data.get("address") or "").strip()
    if len(address) > 500:
        errors["address"] = _("The address may have at most 500 characters.")
    return Applicant(name, nik.nik, phone, email, address), errors, nik.warnings


def match_documents(service: Service, documents: list) -> tuple[list[str], dict[str, str]]:
    """Map requirement texts or numbers (1 = first) to the service's requirement texts."""
    requirements = list(service.requirements or [])
    by_text = {" ".join(str(r).lower().split()): r for r in requirements}
    chosen: list[str] = []
    errors: dict[str, str] = {}
    if not isinstance(documents, list):
        return [], {"documents": _("Send the documents as a list.")}
    for index, item in enumerate(documents):
        found = None
        if isinstance(item, int) and not isinstance(item, bool):
            found = requirements[item - 1] if 1 <= item <= len(requirements) else None
        elif isinstance(item, str):
            text = item.strip()
            found = by_text.get(" ".join(text.lower().split()))
            if found is None and text.isdigit() and 1 <= int(text) <= len(requirements):
                found = requirements[int(text) - 1]
        if found is None:
            errors[f"documents.{index}"] = _("Not one of this service's requirements.")
        elif found not in chosen:
            chosen.append(found)
    return [r for r in requirements if r in chosen], errors


def _new_tracking_code() -> str:
    for _attempt in range(20):
        code = codes.new_code()
        if db.session.scalar(db.select(Application.id).filter_by(tracking_code=code)) is None:
            return code
    raise RuntimeError("could not find a free tracking code")  # 2**40 codes: never in practice


def register_application(
    actor, service_id, applicant: dict, documents: list, ticket_id=None, verify_now: bool = False, note: str = ""
) -> Application:
    """Create an application (status received) for the actor's tenant; raises ApplicationError."""
    service = (
        db.session.get(Service, service_id)
        if isinstance(service_id, int) and not isinstance(service_id, bool) and 0 < service_id <= DATABASE_ID_MAX
        else None
    )
    if service is None:
        raise InvalidInput(_("Choose a service."), {"service_id": _("No such service.")})
    if not actor.may_act_for_tenant(service.tenant_id):
        raise NotAllowed(_("You may only register applications for your own agency's services."))
    person, errors, warnings = validate_applicant(applicant if isinstance(applicant, dict) else {})
    errors = {f"applicant.{key}": value for key, value in errors.items()}
    chosen, document_errors = match_documents(service, documents if documents is not None else [])
    errors.update(document_errors)
    ticket = None
    if ticket_id not in (None, ""):
        ticket = (
            db.session.get(Ticket, ticket_id)
            if isinstance(ticket_id, int) and not isinstance(ticket_id, bool)
            else None
        )
        if ticket is None or ticket.service is None or ticket.service.tenant_id != service.tenant_id:
            errors["ticket_id"] = _("No ticket of this agency has this id.")
    if errors:
        raise InvalidInput(_("Some fields are not valid; please check them."), errors)
    now = clock.utcnow()
    application = Application(
        tracking_code=_new_tracking_code(),
        service_id=service.id,
        tenant_id=service.tenant_id,
        ticket_id=ticket.id if ticket else None,
        applicant_name=person.name,
        nik=person.nik,
        phone=person.phone,
        email=person.email or None,
        address=person.address or None,
        documents=chosen,
        status=ApplicationStatus.RECEIVED,
        received_at=now,
        created_by_id=actor.id if actor.kind == "user" else None,
    )
    db.session.add(application)
    missing = len(service.requirements or []) - len(chosen)
    step_note = note.strip() or _(
        "Documents handed in: %(got)d of %(total)d.", got=len(chosen), total=len(service.requirements or [])
    )
    application.steps.append(
        ApplicationStep(
            from_status=None, to_status=ApplicationStatus.RECEIVED, at=now, actor=actor.name[:80], note=step_note
        )
    )
    db.session.flush()
    audit(actor, "application.create", "application", application.tracking_code, service=service.code)
    if verify_now:
        if missing:
            raise InvalidInput(
                _("Not every requirement was ticked, so the file cannot be verified yet."),
                {"documents": _("Tick every document handed in, or leave the file as received.")},
            )
        transition(actor, application, ApplicationStatus.VERIFIED, _("Complete at registration."))
    application.warnings = warnings
    return application


def update_application(actor, application: Application, applicant: dict, documents: list) -> list[str]:
    """Correct the applicant's data or the documents handed in (e.g. a mistyped phone number).

    Only for an open application of the actor's tenant. Answers the names of the changed fields
    (audited by name, never by value). Raises ApplicationError like registration.
    """
    if not actor.may_act_for_tenant(application.tenant_id):
        raise NotAllowed(_("You may only change applications of your own agency."))
    if not application.is_open:
        raise InvalidInput(_("A closed application cannot be changed."))
    person, errors, _warnings = validate_applicant(applicant if isinstance(applicant, dict) else {})
    errors = {f"applicant.{key}": value for key, value in errors.items()}
    chosen, document_errors = match_documents(application.service, documents if documents is not None else [])
    errors.update(document_errors)
    if errors:
        raise InvalidInput(_("Some fields are not valid; please check them."), errors)
    new_values = {
        "applicant_name": person.name,
        "nik": person.nik,
        "phone": person.phone,
        "email": person.email or None,
        "address": person.address or None,
        "documents": chosen,
    }
    changed = [name for name, value in new_values.items() if getattr(application, name) != value]
    for name in changed:
        setattr(application, name, new_values[name])
    db.session.flush()
    if changed:
        audit(actor, "application.update", "application", application.tracking_code, fields=changed)
    return changed


# --- workflow -----------------------------------------------------------------------------


def allowed_transitions(application: Application) -> tuple[str, ...]:
    return TRANSITIONS.get(application.status, ())


def local_date(moment) -> date:
    return moment.astimezone(clock.zone()).date()


def compute_due_date(application: Application, calendar: WorkingCalendar | None = None) -> date | None:
    if application.verified_at is None or application.sla_working_days is None:
        return None
    calendar = calendar or WorkingCalendar()
    return calendar.add_working_days(
        local_date(application.verified_at), application.sla_working_days + (application.paused_working_days or 0)
    )


def due_date_is_estimate(application: Application, calendar: WorkingCalendar | None = None) -> bool:
    """Whether the due date counts across holidays that are not official yet (citizens are told)."""
    if application.verified_at is None or application.due_date is None:
        return False
    calendar = calendar or WorkingCalendar()
    return calendar.uncertain_between(local_date(application.verified_at), application.due_date)


EXTERNAL_SYSTEM_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ./&-]{1,39}$")


def set_external_reference(actor, application: Application, system: str, reference: str) -> Application:
    """Link the file to the agency's own system: its name (SIAK, SiCantik, M-Paspor) and number
    (e.g. 503/123/DPMPTSP/2026). Both empty removes the link. Flushes."""
    if not actor.may_act_for_tenant(application.tenant_id):
        raise NotAllowed(_("You may only change applications of your own agency."))
    system = " ".join((system or "").split())
    reference = " ".join((reference or "").split())
    fields = {}
    if system or reference:
        if not EXTERNAL_SYSTEM_PATTERN.match(system):
            fields["external_system"] = _("Name the agency's system, e.g. SIAK or SiCantik.")
        if not 2 <= len(reference) <= 80:
            fields["external_reference"] = _("Give the number the agency's system gave the file (up to 80 characters).")
    if fields:
        raise InvalidInput(_("Please check the marked fields."), fields)
    application.external_system, application.external_reference = system, reference
    db.session.flush()
    audit(actor, "application.external_reference", "application", application.tracking_code, system=system)
    return application


def transition(actor, application: Application, to: str, note: str = "") -> Application:
    """Move the application to `to`; raises NotAllowed, InvalidInput or TransitionNotAllowed."""
    if not actor.may_act_for_tenant(application.tenant_id):
        raise NotAllowed(_("You may only change applications of your own agency."))
    note = (note or "").strip()
    if to not in APPLICATION_STATUSES:
        raise InvalidInput(_("Unknown status."), {"to": _("One of: %(names)s.", names=", ".join(APPLICATION_STATUSES))})
    allowed = allowed_transitions(application)
    if to not in allowed:
        raise TransitionNotAllowed(application.status, to, allowed)
    if to in NOTE_REQUIRED and not note:
        message = (
            _("Write which documents are missing.")
            if to == ApplicationStatus.INCOMPLETE
            else _("Write the reason for the rejection.")
        )
        raise InvalidInput(message, {"note": message})
    if len(note) > 2000:
        raise InvalidInput(_("The note may have at most 2000 characters."), {"note": _("At most 2000 characters.")})
    now, today = clock.utcnow(), clock.today()
    calendar = WorkingCalendar()
    previous = application.status
    if to == ApplicationStatus.VERIFIED:
        if application.verified_at is None:
            service = application.service
            application.verified_at = now
            application.sla_working_days = service.duration_value if service.duration_unit == "working_days" else 0
            application.paused_working_days = 0
        elif application.paused_since is not None:
            application.paused_working_days = (application.paused_working_days or 0) + calendar.working_days_between(
                application.paused_since, today
            )
        application.paused_since = None
        application.due_date = compute_due_date(application, calendar)
    elif to == ApplicationStatus.INCOMPLETE:
        if application.verified_at is not None:
            application.paused_since = today
    elif to == ApplicationStatus.READY:
        application.ready_at = now
    elif to == ApplicationStatus.PROCESSING and previous == ApplicationStatus.READY:
        application.ready_at = None
    if to in (ApplicationStatus.PICKED_UP, ApplicationStatus.REJECTED):
        application.closed_at = now
        application.paused_since = None
    if to == ApplicationStatus.REJECTED:
        application.rejection_reason = note
    application.status = to
    application.steps.append(
        ApplicationStep(from_status=previous, to_status=to, at=now, actor=actor.name[:80], note=note)
    )
    db.session.flush()
    audit(actor, "application.transition", "application", application.tracking_code, **{"from": previous, "to": to})
    if to in (ApplicationStatus.READY, ApplicationStatus.INCOMPLETE):
        queue_notification(application, to, note)
    return application


def is_overdue(application: Application, today: date | None = None) -> bool:
    today = today or clock.today()
    return application.status in CLOCK_RUNNING and application.due_date is not None and application.due_date < today


def get_by_code(text: str) -> Application | None:
    try:
        code = codes.normalise(text)
    except ValueError:
        return None
    return db.session.scalar(db.select(Application).filter_by(tracking_code=code))


def get_for_actor(actor, text: str, write: bool = False) -> Application:
    """The application with this code if the actor may see it (write: act on it)."""
    application = get_by_code(text)
    if application is None:
        raise NotFound(_("No application has this tracking code."))
    allowed = (
        actor.may_act_for_tenant(application.tenant_id)
        if write
        else (actor.sees_all_tenants() or actor.may_act_for_tenant(application.tenant_id))
    )
    if not allowed:
        raise NotAllowed(_("This application belongs to another agency."))
    return application


def record_full_view(actor, application: Application, what: str = "detail") -> None:
    """UU 27/2022: every staff view of an applicant's full data is in the audit log."""
    audit(actor, "application.view", "application", application.tracking_code, view=what)


# --- worklist -----------------------------------------------------------------------------

WORKLIST_FILTERS = ("open", "all", "overdue", "soon") + APPLICATION_STATUSES


def worklist_query(actor, status: str = "open", tenant_id: int | None = None, search: str = ""):
    """Applications the actor may see, filtered; soonest due first."""
    query = db.select(Application)
    if actor.sees_all_tenants():
        if tenant_id:
            query = query.where(Application.tenant_id == tenant_id)
    else:
        query = query.where(Application.tenant_id == actor.tenant_id)
    today = clock.today()
    if status == "open" or status not in WORKLIST_FILTERS:
        query = query.where(Application.status.in_(OPEN_APPLICATION_STATUSES))
    elif status == "overdue":
        query = query.where(Application.status.in_(CLOCK_RUNNING), Application.due_date < today)
    elif status == "soon":
        limit = WorkingCalendar().add_working_days(today, 2)
        query = query.where(
            Application.status.in_(CLOCK_RUNNING), Application.due_date >= today, Application.due_date <= limit
        )
    elif status != "all":
        query = query.where(Application.status == status)
    search = (search or "").strip()
    digits = re.sub(r"[\s.\-]", "", search)
    if len(digits) == 16 and digits.isdigit():
        # A citizen who lost the receipt: find the file by NIK (the page shows names, not NIKs).
        query = query.where(Application.nik == digits)
    elif search:
        code = re.sub(r"[\s\-]", "", search.upper()).translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
        # autoescape: a typed % or _ is a character to find, not a wildcard that lists every file.
        query = query.where(
            db.or_(
                Application.tracking_code.startswith(code[:9] or "-", autoescape=True),
                db.func.lower(Application.applicant_name).contains(search.lower(), autoescape=True),
                db.func.lower(Application.external_reference).contains(search.lower(), autoescape=True),
            )
        )
    return query.order_by(Application.due_date.is_(None), Application.due_date, Application.received_at)


# --- citizen status lookup with a failure-counting rate limit --------------------------------


def client_key() -> str:
    address = request.remote_addr if has_request_context() else "local"
    return hashlib.sha256(f"mpp-status:{address}".encode()).hexdigest()[:32]


def _retry_after(times: list, now) -> int:
    """Seconds until fewer than LOOKUP_MAX_FAILURES of `times` (ascending) are in the window."""
    if len(times) < LOOKUP_MAX_FAILURES:
        return 0
    oldest_that_matters = times[len(times) - LOOKUP_MAX_FAILURES]
    return max(1, math.ceil((oldest_that_matters + LOOKUP_WINDOW - now).total_seconds()))


def check_rate_limit(client: str, code: str) -> None:
    now = clock.utcnow()
    since = now - LOOKUP_WINDOW
    waits = []
    for column, value in ((StatusLookupFailure.client, client), (StatusLookupFailure.code, code)):
        times = list(
            db.session.scalars(
                db.select(StatusLookupFailure.at)
                .where(column == value, StatusLookupFailure.at > since)
                .order_by(StatusLookupFailure.at)
            )
        )
        waits.append(_retry_after(times, now))
    if max(waits) > 0:
        raise RateLimited(max(waits))


def record_lookup_failure(client: str, code: str) -> None:
    now = clock.utcnow()
    db.session.add(StatusLookupFailure(at=now, client=client, code=code))
    db.session.execute(db.delete(StatusLookupFailure).where(StatusLookupFailure.at < now - timedelta(days=1)))
    db.session.flush()


def parse_lookup(code_text, phone_last4) -> tuple[str, str]:
    """Check the form of the input (never counted as a failed try); raises InvalidInput."""
    digits = re.sub(r"\D", "", str(phone_last4 or ""))
    fields = {}
    code = ""
    try:
        code = codes.normalise(str(code_text or ""))
    except codes.CodeCheckError:
        fields["code"] = _("This code has a typo: check the code on the receipt and type it again.")
    except codes.CodeFormatError:
        fields["code"] = _("A tracking code has 9 characters, like 7K3Q-9XWD-6; check the code on the receipt.")
    if len(digits) != 4:
        fields["phone_last4"] = _("Enter the last 4 digits of the phone number given at registration.")
    if fields:
        message = _("Check the code.") if "code" in fields else _("Check the phone digits.")
        raise InvalidInput(message, fields)
    return code, digits


def lookup_status(code_text, phone_last4, client: str | None = None) -> Application:
    """The application for a citizen who knows its code and phone digits.

    Unknown code and wrong digits raise the same NotFound and count as one failed try; after
    10 failed tries in 10 minutes from one client or against one code, RateLimited.
    """
    code, digits = parse_lookup(code_text, phone_last4)
    client = client or client_key()
    check_rate_limit(client, code)
    application = db.session.scalar(db.select(Application).filter_by(tracking_code=code))
    expected = (application.phone or "")[-4:] if application is not None and application.anonymised_at is None else ""
    if not expected or not hmac.compare_digest(expected.encode(), digits.encode()):
        record_lookup_failure(client, code)
        raise NotFound(
            _("We could not find an application with this code and these phone digits. Check both and try again.")
        )
    return application


def public_history(application: Application) -> list[dict]:
    """Steps as the citizen sees them: status and date; notes only where they are for the citizen."""
    return [
        {
            "status": step.to_status,
            "label": status_label(step.to_status),
            "at": step.at,
            "note": step.note if step.to_status in (ApplicationStatus.INCOMPLETE, ApplicationStatus.REJECTED) else "",
        }
        for step in application.steps
    ]


def pickup_instructions(application: Application) -> str:
    return _(
        "Bring this receipt (or its tracking code) and your original KTP-el. Someone else may "
        "pick it up with a signed power of attorney (surat kuasa) and both KTP-el."
    )


# --- signed receipts ----------------------------------------------------------------------


def receipt_signature(application: Application) -> str:
    """HMAC-SHA256 (site secret) over the code and issue data; no personal data involved."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    issued = application.received_at.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%S")
    message = f"mpp-receipt:v1:{application.tracking_code}:{application.service_id}:{issued}".encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def public_url(endpoint: str, **values) -> str:
    """An absolute URL for printing (QR), never built from the client's Host header (security.py)."""
    return absolute_url(endpoint, **values)


def verify_url(application: Application) -> str:
    return public_url("applications.verify", code=application.tracking_code, sig=receipt_signature(application))


def receipt_url(application: Application) -> str:
    return public_url("applications.receipt", code=application.tracking_code)


def verify_receipt(code_text: str, signature: str | None) -> Application | None:
    """The application when the signature matches; None for anything forged or edited."""
    application = get_by_code(code_text or "")
    if application is None or not signature or application.anonymised_at is not None:
        return None
    if codes.display(application.tracking_code) != code_text and application.tracking_code != code_text:
        return None  # the code in the URL was edited (e.g. O for 0): not the printed one
    if not hmac.compare_digest(receipt_signature(application).encode(), str(signature).encode()):
        return None
    return application


# --- local holidays -----------------------------------------------------------------------


def save_local_holiday(actor, day: date, name: str, kind: str) -> LocalHoliday:
    name = " ".join((name or "").split())
    errors = {}
    if not name:
        errors["name"] = _("Enter a name, e.g. Hari Jadi Kabupaten.")
    if kind not in LOCAL_KINDS:
        errors["kind"] = _("Choose holiday or working day.")
    if errors:
        raise InvalidInput(_("Some fields are not valid; please check them."), errors)
    row = db.session.scalar(db.select(LocalHoliday).filter_by(day=day))
    if row is None:
        row = LocalHoliday(day=day, created_by=actor.name[:80], created_at=clock.utcnow())
        db.session.add(row)
    row.name, row.kind = name[:120], kind
    db.session.flush()
    audit(actor, "local_holiday.save", "local_holiday", day.isoformat(), kind=kind, name=row.name)
    recalculate_due_dates()
    return row


def delete_local_holiday(actor, holiday_id: int) -> None:
    row = db.session.get(LocalHoliday, holiday_id)
    if row is None:
        raise NotFound(_("This day is not in the list."))
    audit(actor, "local_holiday.delete", "local_holiday", row.day.isoformat(), name=row.name)
    db.session.delete(row)
    db.session.flush()
    recalculate_due_dates()


def recalculate_due_dates() -> int:
    """After the calendar changed: move the due dates of files whose clock runs or is paused."""
    calendar = WorkingCalendar()
    changed = 0
    query = db.select(Application).where(
        Application.verified_at.is_not(None),
        Application.status.in_(
            (ApplicationStatus.VERIFIED, ApplicationStatus.PROCESSING, ApplicationStatus.INCOMPLETE)
        ),
    )
    for application in db.session.scalars(query):
        due = compute_due_date(application, calendar)
        if due != application.due_date:
            application.due_date = due
            changed += 1
    db.session.flush()
    return changed
