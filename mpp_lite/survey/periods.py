"""The SKM cycle: survey periods, their published results, and the follow-up of the weakest elements.

PermenPANRB 14/2017 asks units to publish each period's IKM and to act on the lowest-scoring
elements; evaluators ask for both. Services flush; the caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from mpp_lite.audit.services import record
from mpp_lite.catalogue.models import Tenant
from mpp_lite.catalogue.standards import StandardsError, parse_day
from mpp_lite.errors import NOT_FOUND
from mpp_lite.extensions import db
from mpp_lite.reports.rollups import service_totals
from mpp_lite.security import database_id
from mpp_lite.site import clock
from mpp_lite.survey.ikm import ELEMENT_CODES, IkmResult
from mpp_lite.survey.models import FollowUp, FollowUpStatus, SurveyPeriod
from mpp_lite.survey.services import ikm, ikm_grouped, sample_status

FOLLOW_UP_STATUSES = tuple(FollowUpStatus)
LOWEST_SHOWN = 3  # the elements listed for follow-up: the three lowest of the period


class PeriodError(StandardsError):
    """A survey period or follow-up refused; `fields` names each field at fault."""


@dataclass
class PeriodResult:
    period: SurveyPeriod
    overall: IkmResult
    per_tenant: list[tuple[Tenant, IkmResult]]
    sample: dict  # n, population, needed, enough (Krejcie & Morgan)
    lowest: list[str]  # element codes, lowest first


def get_period(period_id) -> SurveyPeriod:
    period = db.session.get(SurveyPeriod, period_id)
    if period is None:
        raise PeriodError(_("No such survey period."), kind=NOT_FOUND)
    return period


def create_period(actor, *, name: str, start, end, population=None, published: bool = False) -> SurveyPeriod:
    fields: dict[str, str] = {}
    name = " ".join((name or "").split())[:80]
    if len(name) < 3:
        fields["name"] = _("Name the period, e.g. Semester I 2026.")
    first = parse_day(start, "start", fields)
    last = parse_day(end, "end", fields)
    if first and last and last < first:
        fields["end"] = _("The period must end on or after its first day.")
    count = None
    if population not in (None, ""):
        try:
            count = int(str(population).strip())
            if not 1 <= count <= 100_000_000:
                raise ValueError
        except ValueError:
            fields["population"] = _("Give the number of visitors served, or leave it empty to count them.")
    if fields:
        raise PeriodError(fields=fields)
    period = SurveyPeriod(name=name, start=first, end=last, population=count, published=bool(published))
    db.session.add(period)
    db.session.flush()
    record(actor, "survey.period", "survey_period", str(period.id), name=name)
    return period


def set_published(actor, period: SurveyPeriod, published: bool) -> SurveyPeriod:
    period.published = bool(published)
    db.session.flush()
    record(actor, "survey.period_publish", "survey_period", str(period.id), published=period.published)
    return period


def add_follow_up(
    actor, period: SurveyPeriod, *, element: str, action: str, responsible: str, deadline, evidence: str = ""
) -> FollowUp:
    """Plan an action on one element; a deadline already past is refused (plan forward)."""
    fields: dict[str, str] = {}
    if element not in ELEMENT_CODES:
        fields["element"] = _("Choose one of the nine elements.")
    action = (action or "").strip()[:2000]
    if len(action) < 5:
        fields["action"] = _("Say what will be done.")
    responsible = " ".join((responsible or "").split())[:160]
    if len(responsible) < 3:
        fields["responsible"] = _("Name the person or unit responsible.")
    day = parse_day(deadline, "deadline", fields)
    if day and day < clock.today():
        fields["deadline"] = _("The deadline is already past; give a date from today on.")
    if fields:
        raise PeriodError(fields=fields)
    follow_up = FollowUp(
        element=element,
        action=action,
        responsible=responsible,
        deadline=day,
        evidence=(evidence or "").strip()[:2000],
        recorded_by=actor.name[:80],
    )
    period.follow_ups.append(follow_up)
    db.session.flush()
    record(actor, "survey.follow_up", "survey_period", str(period.id), element=element)
    return follow_up


def update_follow_up(actor, follow_up_id, *, status: str, evidence: str = "") -> FollowUp:
    """Move an action along planned -> in progress -> done, with what shows it was done."""
    try:
        follow_up = db.session.get(FollowUp, database_id(str(follow_up_id)))
    except ValueError:  # missing or not a number the database can hold
        follow_up = None
    if follow_up is None:
        raise PeriodError(_("No such follow-up action."), kind=NOT_FOUND)
    if status not in FOLLOW_UP_STATUSES:
        raise PeriodError(fields={"status": _("Choose a status from the list.")})
    evidence = (evidence or "").strip()[:2000]
    if status == FollowUpStatus.DONE and not (evidence or follow_up.evidence):
        raise PeriodError(fields={"evidence": _("Say what shows it was done (a photo, a letter, a new procedure).")})
    follow_up.status = status
    if evidence:
        follow_up.evidence = evidence
    db.session.flush()
    record(actor, "survey.follow_up_status", "survey_period", str(follow_up.period_id), status=status)
    return follow_up


def served_visitors(start: date, end: date) -> int:
    return sum(int(values[1]) for values in service_totals(start, end, "day").values())


def lowest_elements(result: IkmResult, count: int = LOWEST_SHOWN) -> list[str]:
    if not result.n:
        return []
    nrr = result.nrr_rounded()
    return sorted(ELEMENT_CODES, key=lambda code: (nrr[code], code))[:count]


def period_result(period: SurveyPeriod) -> PeriodResult:
    overall = ikm(period.start, period.end)
    tenants = {t.id: t for t in db.session.scalars(select(Tenant))}
    per_tenant = [
        (tenants[key], result) for key, result in ikm_grouped("tenant", period.start, period.end) if key in tenants
    ]
    population = period.population if period.population else served_visitors(period.start, period.end)
    return PeriodResult(
        period, overall, per_tenant, sample_status(overall.n, max(population, overall.n)), lowest_elements(overall)
    )


def periods(published_only: bool = False, year: int | None = None) -> list[SurveyPeriod]:
    query = select(SurveyPeriod).order_by(SurveyPeriod.start.desc(), SurveyPeriod.id.desc())
    if published_only:
        query = query.where(SurveyPeriod.published.is_(True))
    if year:
        query = query.where(SurveyPeriod.start <= date(year, 12, 31), SurveyPeriod.end >= date(year, 1, 1))
    return list(db.session.scalars(query))
