"""Rows for survey, complaint and report tests, made directly with the ORM (no queue services)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from mpp_lite.applications.models import Application
from mpp_lite.extensions import db
from mpp_lite.queue.models import Ticket
from mpp_lite.site import clock
from mpp_lite.survey.ikm import ELEMENT_CODES
from mpp_lite.survey.models import SurveyResponse

JAKARTA = timezone(timedelta(hours=7))
ALL_FOURS = dict.fromkeys(ELEMENT_CODES, 4)
_seq: dict[tuple[int, date], int] = {}


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A local (Asia/Jakarta) time on `day`, as an aware datetime."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=JAKARTA)


def make_ticket(
    service,
    status="done",
    day: date | None = None,
    issued: datetime | None = None,
    wait_minutes: float | None = 10,
    service_minutes: float | None = 5,
    counter=None,
    operator=None,
) -> Ticket:
    day = day or clock.today()
    issued = issued or at(day, 9)
    key = (service.queue_id, day)
    _seq[key] = _seq.get(key, 0) + 1
    seq = _seq[key]
    ticket = Ticket(
        queue_id=service.queue_id,
        service_id=service.id,
        day=day,
        seq=seq,
        number=f"{service.queue.prefix if service.queue else 'X'}{_seq[key]:03d}",
        status=status,
        issued_at=issued,
        counter_id=counter.id if counter else None,
        operator_id=operator.id if operator else None,
    )
    if status in ("called", "serving", "done", "no_show") and wait_minutes is not None:
        ticket.called_at = issued + timedelta(minutes=wait_minutes)
    if status in ("serving", "done") and wait_minutes is not None:
        ticket.started_at = ticket.called_at
    if status == "done" and wait_minutes is not None and service_minutes is not None:
        ticket.finished_at = ticket.started_at + timedelta(minutes=service_minutes)
    db.session.add(ticket)
    db.session.flush()
    return ticket


def make_application(
    service,
    status="received",
    received: datetime | None = None,
    due: date | None = None,
    ready: datetime | None = None,
    ticket=None,
) -> Application:
    from mpp_lite.applications.codes import new_code

    application = Application(
        tracking_code=new_code(),
        service_id=service.id,
        tenant_id=service.tenant_id,
        ticket_id=ticket.id if ticket else None,
        applicant_name="Budi Santoso",
        nik="3201014501900001",
        phone="081234567890",
        status=status,
        received_at=received or datetime.now(timezone.utc),
        due_date=due,
        ready_at=ready,
    )
    db.session.add(application)
    db.session.flush()
    return application


def make_response(service, answers=None, day: date | None = None, source="kiosk", **kw) -> SurveyResponse:
    answers = answers or ALL_FOURS
    response = SurveyResponse(
        source=source,
        service_id=service.id,
        tenant_id=service.tenant_id,
        day=day or clock.today(),
        **{c.lower(): answers[c] for c in ELEMENT_CODES},
        **kw,
    )
    db.session.add(response)
    db.session.flush()
    return response


WORKED_TOTALS = (105, 101, 100, 116, 102, 105, 106, 105, 115)  # DOMAIN.md: n = 29 -> IKM 91.48


def worked_example_answers() -> list[dict[str, int]]:
    """29 questionnaires whose element totals are DOMAIN.md's worked example."""
    answers = [{} for _ in range(29)]
    for code, total in zip(ELEMENT_CODES, WORKED_TOTALS, strict=True):
        fours, rest = divmod(total - 29, 3)
        for index, answer in enumerate(answers):
            answer[code] = 4 if index < fours else (1 + rest if index == fours else 1)
    return answers
