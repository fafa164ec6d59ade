"""Taking SKM responses (one per visit) and computing the IKM over any slice, in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from mpp_lite.applications.models import Application, ApplicationStatus
from mpp_lite.catalogue.models import Service
from mpp_lite.errors import CONFLICT, FORBIDDEN, INVALID, UNAUTHORIZED, DomainError
from mpp_lite.extensions import db
from mpp_lite.queue.models import Ticket, TicketStatus
from mpp_lite.security import DATABASE_ID_MAX
from mpp_lite.site import clock
from mpp_lite.site.services import get_settings
from mpp_lite.survey.ikm import (
    ELEMENT_CODES,
    WEIGHT_EXACT,
    IkmResult,
    compute_ikm,
    parse_weight,
    required_sample,
)
from mpp_lite.survey.models import AGE_GROUPS, EDUCATIONS, OCCUPATIONS, SEXES, SurveyResponse

WEIGHT_SETTING = "skm_weight"
WALK_UP_ROLES = ("kiosk", "operator", "supervisor", "admin")
APPLICATION_DONE = (
    ApplicationStatus.READY,
    ApplicationStatus.PICKED_UP,
    ApplicationStatus.REJECTED,
)  # the product and its timing can be judged
PROFILE_CHOICES = {"age_group": AGE_GROUPS, "sex": SEXES, "education": EDUCATIONS, "occupation": OCCUPATIONS}
SUGGESTION_MAX = 2000


class SurveyError(DomainError):
    """A questionnaire that cannot be taken or answered as sent; the message says why."""


@dataclass
class Visit:
    """What a survey is about: a finished ticket, an application, or a walk-up's chosen service."""

    source: str
    service: Service
    ticket: Ticket | None = None
    application: Application | None = None


def current_weight() -> Fraction:
    return parse_weight(get_settings().get(WEIGHT_SETTING) or WEIGHT_EXACT)


# ---------------------------------------------------------------- input checks


def parse_answers(raw) -> dict[str, int]:
    """{"U1": 1-4, ..., "U9": 1-4}; every fault named as `answers.Un`."""
    if not isinstance(raw, dict):
        raise SurveyError(
            _("Answer all nine questions."), INVALID, fields={"answers": _("Give an answer from 1 to 4 for U1 to U9.")}
        )
    fields = {}
    answers = {}
    for code in ELEMENT_CODES:
        value = raw.get(code, raw.get(code.lower()))
        if value is None or value == "":
            fields[f"answers.{code}"] = _("This question has no answer yet.")
            continue
        if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
            fields[f"answers.{code}"] = _("Choose one of the four answers (1 to 4).")
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            fields[f"answers.{code}"] = _("Choose one of the four answers (1 to 4).")
            continue
        if not 1 <= number <= 4:
            fields[f"answers.{code}"] = _("Choose one of the four answers (1 to 4).")
            continue
        answers[code] = number
    unknown = [key for key in raw if str(key).upper() not in ELEMENT_CODES]
    for key in unknown:
        fields[f"answers.{key}"] = _("There is no such question.")
    if fields:
        raise SurveyError(_("Some answers are missing or not valid."), INVALID, fields=fields)
    return answers


def parse_respondent(raw) -> dict[str, str]:
    if raw in (None, ""):
        return {}
    if not isinstance(raw, dict):
        raise SurveyError(
            _("The respondent profile is not valid."),
            INVALID,
            fields={"respondent": _("Send an object or leave it out.")},
        )
    profile, fields = {}, {}
    for key, choices in PROFILE_CHOICES.items():
        value = raw.get(key)
        if value in (None, ""):
            continue
        if value not in choices:
            fields[f"respondent.{key}"] = _("Choose one of: %(choices)s.", choices=", ".join(choices))
            continue
        profile[key] = value
    for key in raw:
        if key not in PROFILE_CHOICES:
            fields[f"respondent.{key}"] = _("This field is not part of the profile.")
    if fields:
        raise SurveyError(_("The respondent profile is not valid."), INVALID, fields=fields)
    return profile


def normalise_application_code(text: str) -> str | None:
    try:
        from mpp_lite.applications.codes import normalise
    except ImportError:  # pragma: no cover - the applications feature ships it
        cleaned = "".join(ch for ch in (text or "").upper() if ch.isalnum())
        return cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1"})) or None
    try:
        return normalise(text)
    except ValueError:
        return None


def find_ticket(reference, allow_internal_id: bool) -> Ticket | None:
    """By the ticket's public id (what its QR link carries), or by number id for staff/kiosks.

    A transfer closes the ticket and continues the visit in a successor row, so the link of any
    ticket in the chain leads to the last one: the visit is answered (and refused) once.
    """
    if reference is None or reference == "" or isinstance(reference, bool):
        return None
    if isinstance(reference, int):
        ticket = db.session.get(Ticket, reference) if allow_internal_id and 0 < reference <= DATABASE_ID_MAX else None
    else:
        reference = str(reference).strip()[:64]
        ticket = db.session.scalar(select(Ticket).where(Ticket.public_id == reference))
        if ticket is None and allow_internal_id and reference.isdigit() and 0 < int(reference) <= DATABASE_ID_MAX:
            ticket = db.session.get(Ticket, int(reference))
    for _step in range(20):
        if ticket is None or ticket.status != TicketStatus.TRANSFERRED:
            break
        successor = db.session.scalar(select(Ticket).where(Ticket.transferred_from_id == ticket.id))
        if successor is None:
            break
        ticket = successor
    return ticket


def find_application(code) -> Application | None:
    if not isinstance(code, str) or not code.strip():
        return None
    normalised = normalise_application_code(code)
    if not normalised:
        return None
    return db.session.scalar(select(Application).where(Application.tracking_code == normalised))


# ---------------------------------------------------------------- the visit and its one response


def existing_response(visit: Visit) -> SurveyResponse | None:
    """The response already given for this visit: for the ticket, the application, or either
    when an application was made from the ticket (one visit, one questionnaire)."""
    ticket_ids = set()
    application_ids = set()
    if visit.ticket is not None:
        ticket_ids.add(visit.ticket.id)
        application_ids.update(
            db.session.scalars(select(Application.id).where(Application.ticket_id == visit.ticket.id))
        )
    if visit.application is not None:
        application_ids.add(visit.application.id)
        if visit.application.ticket_id:
            ticket_ids.add(visit.application.ticket_id)
    if not ticket_ids and not application_ids:
        return None
    conditions = []
    if ticket_ids:
        conditions.append(SurveyResponse.ticket_id.in_(ticket_ids))
    if application_ids:
        conditions.append(SurveyResponse.application_id.in_(application_ids))
    return db.session.scalar(select(SurveyResponse).where(db.or_(*conditions)).limit(1))


def resolve_visit(actor, ticket_ref=None, application_code=None, service_id=None) -> Visit:
    """Find what the survey is about and whether this actor may answer for it.

    A ticket's public id or an application's tracking code proves the visit, so anyone holding
    the link may answer (once). A walk-up response names only the service and must come from a
    kiosk or a member of staff.
    """
    staff_or_kiosk = actor.has_role(*WALK_UP_ROLES)
    if ticket_ref not in (None, ""):
        ticket = find_ticket(ticket_ref, allow_internal_id=staff_or_kiosk)
        if ticket is None:
            raise SurveyError(
                _("This ticket is not known here."),
                INVALID,
                fields={"ticket_id": _("No ticket has this id; scan the QR code on your ticket again.")},
            )
        return Visit("ticket", ticket.service, ticket=ticket)
    if application_code not in (None, ""):
        application = find_application(application_code)
        if application is None:
            raise SurveyError(
                _("This tracking code is not known here."),
                INVALID,
                fields={"application_code": _("Check the tracking code printed on your receipt.")},
            )
        return Visit("application", application.service, application=application)
    if service_id in (None, ""):
        if not actor.authenticated:
            raise SurveyError(_("Open the survey from the link on your ticket or receipt."), UNAUTHORIZED)
        raise SurveyError(
            _("Say which service the answers are about."), INVALID, fields={"service_id": _("Choose a service.")}
        )
    if not actor.authenticated:
        raise SurveyError(_("Open the survey from the link on your ticket or receipt."), UNAUTHORIZED)
    if not staff_or_kiosk:
        raise SurveyError(_("Only kiosks and staff may record walk-up responses."), FORBIDDEN)
    try:
        service = None if isinstance(service_id, bool) else db.session.get(Service, int(service_id))
    except (TypeError, ValueError, OverflowError):
        service = None
    if service is None:
        raise SurveyError(
            _("This service is not known here."), INVALID, fields={"service_id": _("Choose a service from the list.")}
        )
    return Visit("kiosk" if actor.role == "kiosk" else "staff", service)


def check_visit_may_answer(visit: Visit) -> None:
    """409 when the visit is not finished yet or its questionnaire was already filled in."""
    if visit.ticket is not None and visit.ticket.status != TicketStatus.DONE:
        raise SurveyError(
            _("The survey opens once your service at the counter is finished."),
            CONFLICT,
            code="ticket_not_done",
            fields={"ticket_id": _("This ticket is not finished yet.")},
        )
    if visit.application is not None and visit.application.status not in APPLICATION_DONE:
        raise SurveyError(
            _("The survey opens once your application is finished."),
            CONFLICT,
            code="application_not_done",
            fields={"application_code": _("This application is not finished yet.")},
        )
    if existing_response(visit) is not None:
        raise SurveyError(
            _("Thank you: a survey was already filled in for this visit. Each visit is surveyed once."),
            CONFLICT,
            code="already_answered",
        )


def submit_response(
    actor, *, ticket_ref=None, application_code=None, service_id=None, answers=None, respondent=None, suggestion=None
) -> SurveyResponse:
    """Record one questionnaire; flushes, the caller commits."""
    visit = resolve_visit(actor, ticket_ref, application_code, service_id)
    scores = parse_answers(answers)
    profile = parse_respondent(respondent)
    if suggestion is not None and not isinstance(suggestion, str):
        raise SurveyError(_("The suggestion must be text."), INVALID, fields={"suggestion": _("Send text.")})
    check_visit_may_answer(visit)
    response = SurveyResponse(
        source=visit.source,
        ticket_id=visit.ticket.id if visit.ticket else None,
        application_id=visit.application.id if visit.application else None,
        service_id=visit.service.id,
        tenant_id=visit.service.tenant_id,
        day=clock.today(),
        submitted_at=clock.utcnow(),
        suggestion=(suggestion or "").strip()[:SUGGESTION_MAX],
        recorded_by=actor.name[:80] if actor.authenticated else "",
        **{code.lower(): scores[code] for code in ELEMENT_CODES},
        **profile,
    )
    if visit.source in ("kiosk", "staff"):
        flag_bursts(response, actor)
    savepoint = db.session.begin_nested()
    try:
        db.session.add(response)
        db.session.flush()
    except IntegrityError as error:  # two phones submitting for the same ticket at once
        savepoint.rollback()
        raise SurveyError(
            _("Thank you: a survey was already filled in for this visit. Each visit is surveyed once."),
            CONFLICT,
            code="already_answered",
        ) from error
    savepoint.commit()
    return response


def flag_bursts(response: SurveyResponse, actor) -> None:
    """More walk-up responses from one device in a minute than SURVEY_WALKUP_PER_MINUTE is a burst
    (60 forms in seconds from one kiosk token took a service's IKM from none to 25.0): the new one
    and the others of that minute are kept but flagged, so they are shown, never counted."""
    from flask import current_app

    since = response.submitted_at - timedelta(minutes=1)
    recent = (
        SurveyResponse.recorded_by == response.recorded_by,
        SurveyResponse.source.in_(("kiosk", "staff")),
        SurveyResponse.submitted_at > since,
    )
    count = db.session.scalar(select(func.count(SurveyResponse.id)).where(*recent)) or 0
    if count + 1 > int(current_app.config["SURVEY_WALKUP_PER_MINUTE"]):
        response.flagged = True
        db.session.execute(
            db.update(SurveyResponse).where(*recent, SurveyResponse.flagged.is_(False)).values(flagged=True)
        )
        if count + 1 == int(current_app.config["SURVEY_WALKUP_PER_MINUTE"]) + 1:
            from mpp_lite.site.logs import operations

            operations.warning(
                "Walk-up survey burst from %r: responses of the last minute flagged, not counted", actor.name
            )


def flagged_count(start: date | None, end: date | None) -> int:
    query = select(func.count(SurveyResponse.id)).where(SurveyResponse.flagged.is_(True))
    if start is not None:
        query = query.where(SurveyResponse.day >= start)
    if end is not None:
        query = query.where(SurveyResponse.day <= end)
    return db.session.scalar(query) or 0


def response_json(response: SurveyResponse) -> dict:
    return {
        "id": response.uid,
        "source": response.source,
        "service_id": response.service_id,
        "tenant_id": response.tenant_id,
        "day": response.day.isoformat(),
        "submitted_at": response.submitted_at.isoformat(),
        "answers": response.answers(),
    }


# ---------------------------------------------------------------- the index, aggregated in SQL


def _sums():
    return [func.count(SurveyResponse.id)] + [
        func.coalesce(func.sum(getattr(SurveyResponse, code.lower())), 0) for code in ELEMENT_CODES
    ]


def _filtered(query, start: date | None, end: date | None, tenant_id=None, service_id=None, source=None):
    query = query.where(SurveyResponse.flagged.is_(False))  # bursts from one device are not counted
    if start is not None:
        query = query.where(SurveyResponse.day >= start)
    if end is not None:
        query = query.where(SurveyResponse.day <= end)
    if tenant_id is not None:
        query = query.where(SurveyResponse.tenant_id == tenant_id)
    if service_id is not None:
        query = query.where(SurveyResponse.service_id == service_id)
    if source is not None:
        query = query.where(
            SurveyResponse.source.in_(source) if isinstance(source, (tuple, list)) else SurveyResponse.source == source
        )
    return query


def ikm(
    start: date | None = None, end: date | None = None, tenant_id=None, service_id=None, source=None, weight=None
) -> IkmResult:
    row = db.session.execute(_filtered(select(*_sums()), start, end, tenant_id, service_id, source)).one()
    return compute_ikm(
        int(row[0]),
        dict(zip(ELEMENT_CODES, (int(v) for v in row[1:]), strict=True)),
        weight if weight is not None else current_weight(),
    )


def ikm_grouped(
    group: str, start: date | None, end: date | None, tenant_id=None, weight=None
) -> list[tuple[object, IkmResult]]:
    """IKM per tenant, per service or per source: [(key, result)], biggest samples first."""
    column = {
        "tenant": SurveyResponse.tenant_id,
        "service": SurveyResponse.service_id,
        "source": SurveyResponse.source,
    }[group]
    weight = weight if weight is not None else current_weight()
    query = _filtered(select(column, *_sums()), start, end, tenant_id).group_by(column)
    rows = []
    for row in db.session.execute(query):
        result = compute_ikm(int(row[1]), dict(zip(ELEMENT_CODES, (int(v) for v in row[2:]), strict=True)), weight)
        rows.append((row[0], result))
    rows.sort(key=lambda item: -item[1].n)
    return rows


def ikm_by_month(start: date | None, end: date | None, tenant_id=None, weight=None) -> list[tuple[str, IkmResult]]:
    """[("2026-01", result), ...]: sums per day from SQL, folded into months here (at most a few
    thousand small rows, whatever the number of responses)."""
    weight = weight if weight is not None else current_weight()
    months: dict[str, list[int]] = {}
    for row in db.session.execute(
        _filtered(select(SurveyResponse.day, *_sums()), start, end, tenant_id).group_by(SurveyResponse.day)
    ):
        key = str(row[0])[:7]
        entry = months.setdefault(key, [0] * 10)
        for index, value in enumerate(row[1:]):
            entry[index] += int(value or 0)
    return [
        (key, compute_ikm(values[0], dict(zip(ELEMENT_CODES, values[1:], strict=True)), weight))
        for key, values in sorted(months.items())
    ]


def sample_status(n: int, population: int) -> dict:
    """How the sample compares with Krejcie & Morgan for this many visitors."""
    needed = required_sample(population)
    return {"n": n, "population": population, "needed": needed, "enough": population > 0 and n >= needed}


def profile_counts(start: date | None, end: date | None, tenant_id=None) -> dict[str, dict[str, int]]:
    """Respondents per profile answer (age group, sex, education, occupation); '' = not given."""
    counts = {}
    for key in PROFILE_CHOICES:
        column = getattr(SurveyResponse, key)
        query = _filtered(select(column, func.count()), start, end, tenant_id).group_by(column)
        counts[key] = {value or "": int(count) for value, count in db.session.execute(query)}
    return counts


def recent_suggestions(start: date | None, end: date | None, tenant_id=None, limit: int = 50) -> list[SurveyResponse]:
    query = _filtered(select(SurveyResponse).where(SurveyResponse.suggestion != ""), start, end, tenant_id)
    return list(db.session.scalars(query.order_by(SurveyResponse.submitted_at.desc()).limit(limit)))
