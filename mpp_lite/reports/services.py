"""Period and live figures for the dashboard, the API and the monthly PDF, aggregated in SQL.

Only grouped rows come back from the database (per day, per service, per minute of wait), so a
year of a busy hall costs a few indexed scans, not hundreds of thousands of Python objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from flask_babel import gettext as _
from sqlalchemy import case, func, select
from sqlalchemy.sql.elements import ColumnElement

from mpp_lite.applications.models import Application, ApplicationStatus
from mpp_lite.auth.models import User
from mpp_lite.catalogue.models import Service, Tenant
from mpp_lite.complaints.models import (
    OPEN_COMPLAINT_STATUSES,
    UNRESOLVED_COMPLAINT_STATUSES,
    Complaint,
)
from mpp_lite.errors import BAD_REQUEST, DomainError
from mpp_lite.extensions import db
from mpp_lite.queue.models import Counter, CounterEvent, Queue, Ticket, TicketStatus
from mpp_lite.reports import rollups
from mpp_lite.reports.rollups import seconds_between, whole_minutes
from mpp_lite.site import clock
from mpp_lite.survey import services as survey_services
from mpp_lite.survey.ikm import ELEMENTS

WAIT_BINS = (0, 5, 10, 15, 20, 30, 45, 60, 90, 120)  # minutes; the last bin is "120 or more"
SERVICE_BINS = (0, 2, 5, 10, 15, 20, 30, 45, 60)
OPEN_APPLICATION = (
    ApplicationStatus.RECEIVED,
    ApplicationStatus.INCOMPLETE,
    ApplicationStatus.VERIFIED,
    ApplicationStatus.PROCESSING,
)
MAX_PERIOD_DAYS = 3700  # ten years


class PeriodError(DomainError):
    """A report period that cannot be used; `fields` names the bound at fault."""

    kind = BAD_REQUEST

    def __init__(self, message: str, fields: dict | None = None):
        super().__init__(message, code="bad_period", fields=fields)


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def utc_bounds(self) -> tuple[datetime, datetime]:
        """[start 00:00, day after end 00:00) in the site's zone, as UTC datetimes."""
        zone = clock.zone()
        begin = datetime.combine(self.start, time(0), zone).astimezone(timezone.utc)
        finish = datetime.combine(self.end + timedelta(days=1), time(0), zone).astimezone(timezone.utc)
        return begin, finish

    def as_json(self) -> dict:
        return {"from": self.start.isoformat(), "to": self.end.isoformat(), "days": self.days}


def month_period(month: str) -> Period:
    """ "2026-11" -> 1-30 November 2026."""
    try:
        start = datetime.strptime(month.strip(), "%Y-%m").date()
    except (ValueError, AttributeError) as error:
        raise PeriodError(_("Give the month as YYYY-MM, e.g. 2026-11."), {"month": "YYYY-MM"}) from error
    following = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return Period(start, following - timedelta(days=1))


def parse_period(start_text: str | None, end_text: str | None, day_first: bool = False) -> Period:
    """From/to as YYYY-MM-DD (the API), or also DD-MM-YYYY with `day_first` (the dashboard's fields);
    missing ones default to the current month up to today."""
    today = clock.today()
    fields = {}
    values = {}
    for name, text in (("from", start_text), ("to", end_text)):
        if text in (None, ""):
            continue
        try:
            values[name] = clock.parse_day(text) if day_first else date.fromisoformat(text.strip())
        except ValueError:
            fields[name] = "YYYY-MM-DD"
    if fields:
        raise PeriodError(_("Dates are written YYYY-MM-DD."), fields)
    end = values.get("to") or today
    start = values.get("from") or (end.replace(day=1) if "to" in values else today.replace(day=1))
    if start > end:
        raise PeriodError(_("The period starts after it ends."), {"from": "<= to"})
    if (end - start).days > MAX_PERIOD_DAYS:
        raise PeriodError(_("Choose a period of at most ten years."), {"from": "too early"})
    return Period(start, end)


# ---------------------------------------------------------------- dialect helpers


def _is_sqlite() -> bool:
    return db.engine.dialect.name == "sqlite"


def local_date(column) -> ColumnElement:
    """The site's local date of a UTC timestamp column (Indonesia keeps no daylight saving)."""
    if _is_sqlite():
        offset = int(clock.local_now().utcoffset().total_seconds() // 60)
        return func.date(column, f"{offset:+d} minutes")
    return func.date(func.timezone(clock.zone().key, column))


def _as_date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


# ---------------------------------------------------------------- distributions from minute buckets


def _distribution(rows: list[tuple[int, int]], bins: tuple[int, ...]) -> dict:
    """avg/p50/p90 (minutes) and a histogram from (whole minutes, count) rows."""
    rows = sorted((max(int(minute or 0), 0), int(count)) for minute, count in rows)
    total = sum(count for _m, count in rows)
    histogram = [0] * len(bins)
    for minute, count in rows:
        index = max(i for i, edge in enumerate(bins) if minute >= edge)
        histogram[index] += count

    def percentile(share: float):
        if not total:
            return None
        threshold = share * total
        running = 0
        for minute, count in rows:
            running += count
            if running >= threshold:
                return minute
        return rows[-1][0]

    labels = [f"{low}-{high}" for low, high in zip(bins, bins[1:], strict=False)] + [f">={bins[-1]}"]
    return {
        "n": total,
        "p50": percentile(0.5),
        "p90": percentile(0.9),
        "histogram": [{"label": label, "count": count} for label, count in zip(labels, histogram, strict=True)],
    }


# ---------------------------------------------------------------- today, live


def today_live() -> dict:
    """Now: waiting and being served per queue, issued today, waits so far, longest wait now."""
    today = clock.today()
    now = clock.utcnow()
    per_queue = {}
    rows = db.session.execute(
        select(Ticket.queue_id, Ticket.status, func.count())
        .where(Ticket.day == today)
        .group_by(Ticket.queue_id, Ticket.status)
    ).all()
    queues = {q.id: q for q in db.session.scalars(select(Queue))}
    for queue_id, status, count in rows:
        entry = per_queue.setdefault(queue_id, {"waiting": 0, "serving": 0, "issued": 0, "done": 0, "no_show": 0})
        if status == TicketStatus.WAITING:
            entry["waiting"] += count
        elif status in (TicketStatus.CALLED, TicketStatus.SERVING):
            entry["serving"] += count
        elif status in (TicketStatus.DONE, TicketStatus.NO_SHOW):
            entry[status] += count
        if status != TicketStatus.TRANSFERRED:
            entry["issued"] += count
    oldest = dict(
        db.session.execute(
            select(Ticket.queue_id, func.min(Ticket.issued_at))
            .where(Ticket.day == today, Ticket.status == TicketStatus.WAITING)
            .group_by(Ticket.queue_id)
        ).all()
    )
    queue_rows = []
    for queue_id, entry in sorted(
        per_queue.items(), key=lambda item: queues[item[0]].prefix if item[0] in queues else ""
    ):
        queue = queues.get(queue_id)
        first = oldest.get(queue_id)
        if first is not None and first.tzinfo is None:
            first = first.replace(tzinfo=timezone.utc)
        queue_rows.append(
            {
                "queue_id": queue_id,
                "prefix": queue.prefix if queue else "?",
                "name": queue.name if queue else "?",
                **entry,
                "longest_wait_minutes": None if first is None else max(int((now - first).total_seconds() // 60), 0),
            }
        )
    minute = whole_minutes(Ticket.issued_at, Ticket.called_at).label("minute")
    waits = _distribution(
        db.session.execute(
            select(minute, func.count()).where(Ticket.day == today, Ticket.called_at.is_not(None)).group_by(minute)
        ).all(),
        WAIT_BINS,
    )
    average = db.session.scalar(
        select(func.avg(seconds_between(Ticket.issued_at, Ticket.called_at))).where(
            Ticket.day == today, Ticket.called_at.is_not(None)
        )
    )
    longest = [q["longest_wait_minutes"] for q in queue_rows if q["longest_wait_minutes"] is not None]
    return {
        "day": today.isoformat(),
        "as_of": now.isoformat(),
        "as_of_local": now.astimezone(clock.zone()).strftime("%H:%M:%S"),
        "queues": queue_rows,
        "waiting": sum(q["waiting"] for q in queue_rows),
        "serving": sum(q["serving"] for q in queue_rows),
        "issued": sum(q["issued"] for q in queue_rows),
        "done": sum(q["done"] for q in queue_rows),
        "avg_wait_minutes": None if average is None else round(float(average) / 60, 1),
        "p90_wait_minutes": waits["p90"],
        "longest_wait_minutes": max(longest) if longest else None,
    }


# ---------------------------------------------------------------- a period


def visitor_figures(period: Period) -> dict:
    """Visits per day, tenant and service, with served and no-show counts.

    A transfer leaves a closed `transferred` row behind and continues in a new row, so a visit
    is every row except the `transferred` ones.
    """
    by_day = rollups.service_totals(period.start, period.end, "day")
    by_service = rollups.service_totals(period.start, period.end, "service")
    services = {s.id: s for s in db.session.scalars(select(Service))}
    tenants = {t.id: t for t in db.session.scalars(select(Tenant))}
    per_day = {
        _as_date(day): {"issued": int(v[0]), "served": int(v[1]), "no_show": int(v[2])} for day, v in by_day.items()
    }
    per_service = {
        sid: {"issued": int(v[0]), "served": int(v[1]), "no_show": int(v[2])} for sid, v in by_service.items()
    }
    day_rows = []
    cursor = period.start
    while cursor <= period.end:  # every day shown, quiet days as zero
        day_rows.append({"day": cursor.isoformat(), **per_day.get(cursor, {"issued": 0, "served": 0, "no_show": 0})})
        cursor += timedelta(days=1)
    service_rows = []
    per_tenant: dict[int, dict] = {}
    for service_id, figures in per_service.items():
        service = services.get(service_id)
        tenant = tenants.get(service.tenant_id) if service else None
        service_rows.append(
            {
                "service_id": service_id,
                "service": service.name if service else "?",
                "code": service.code if service else "",
                "tenant": tenant.display_name if tenant else "?",
                **figures,
            }
        )
        bucket = per_tenant.setdefault(
            tenant.id if tenant else 0,
            {
                "tenant": tenant.display_name if tenant else "?",
                "tenant_id": tenant.id if tenant else None,
                "issued": 0,
                "served": 0,
                "no_show": 0,
            },
        )
        for key in ("issued", "served", "no_show"):
            bucket[key] += figures[key]
    service_rows.sort(key=lambda r: (-r["issued"], r["service"]))
    tenant_rows = sorted(per_tenant.values(), key=lambda r: (-r["issued"], r["tenant"]))
    issued = sum(r["issued"] for r in service_rows)
    served = sum(r["served"] for r in service_rows)
    no_show = sum(r["no_show"] for r in service_rows)
    busiest = max(day_rows, key=lambda r: r["issued"]) if day_rows and issued else None
    sums = [sum(v[index] for v in by_service.values()) for index in range(7)]
    return {
        "issued": issued,
        "served": served,
        "no_show": no_show,
        "wait_n": int(sums[3]),
        "wait_seconds": float(sums[4]),
        "service_n": int(sums[5]),
        "service_seconds": float(sums[6]),
        "no_show_rate": round(no_show / (served + no_show) * 100, 1) if served + no_show else None,
        "avg_per_day": round(issued / period.days, 1) if period.days else None,
        "busiest_day": busiest,
        "per_day": day_rows,
        "per_tenant": tenant_rows,
        "per_service": service_rows,
    }


def time_figures(period: Period, visitors: dict | None = None) -> dict:
    """Waiting (issued -> called) and service (started -> finished) times: avg, p50, p90, histogram."""
    visitors = visitors or visitor_figures(period)
    minutes = rollups.minute_rows(period.start, period.end)
    wait = _distribution([(m, c) for kind, m, c in minutes if kind == "wait"], WAIT_BINS)
    service = _distribution([(m, c) for kind, m, c in minutes if kind == "service"], SERVICE_BINS)
    wait_n, wait_seconds = visitors["wait_n"], visitors["wait_seconds"]
    service_n, service_seconds = visitors["service_n"], visitors["service_seconds"]
    wait["avg"] = round(wait_seconds / wait_n / 60, 1) if wait_n else None
    service["avg"] = round(service_seconds / service_n / 60, 1) if service_n else None
    return {"wait": wait, "service": service}


def throughput(period: Period) -> dict:
    """Tickets served and average service minutes per counter and per operator."""
    rows = rollups.staff_rows(period.start, period.end)
    counters = {c.id: c for c in db.session.scalars(select(Counter))}
    users = {u.id: u for u in db.session.scalars(select(User))}
    per_counter: dict = {}
    per_operator: dict = {}
    for counter_id, operator_id, served, service_n, seconds in rows:
        for key, table in ((counter_id, per_counter), (operator_id, per_operator)):
            if not key:  # closed without a counter or operator: counted in the totals only
                continue
            entry = table.setdefault(key, {"served": 0, "seconds": 0.0, "timed": 0})
            entry["served"] += served
            entry["seconds"] += seconds
            entry["timed"] += service_n

    def finish(table, name_of):
        result = []
        for key, entry in table.items():
            result.append(
                {
                    "key": key,
                    "name": name_of(key),
                    "served": entry["served"],
                    "avg_service_minutes": round(entry["seconds"] / entry["timed"] / 60, 1) if entry["timed"] else None,
                }
            )
        return sorted(result, key=lambda r: (-r["served"], str(r["name"])))

    def counter_name(key):
        counter = counters.get(key)
        return f"{counter.number} · {counter.name}" if counter else "-"

    def operator_name(key):
        user = users.get(key)
        return (user.full_name or user.username) if user else "-"

    sessions = session_figures(period)
    counters_out = finish(per_counter, counter_name)
    for row in counters_out:
        row.update(sessions["counters"].pop(row["key"], _no_session()))
    for key, figures in sessions["counters"].items():  # open but served nobody
        counters_out.append(
            {"key": key, "name": counter_name(key), "served": 0, "avg_service_minutes": None, **figures}
        )
    operators_out = finish(per_operator, operator_name)
    for row in operators_out:
        row["open_minutes"] = sessions["operators"].pop(row["key"], 0)
    for key, minutes in sessions["operators"].items():
        operators_out.append(
            {"key": key, "name": operator_name(key), "served": 0, "avg_service_minutes": None, "open_minutes": minutes}
        )
    for row in counters_out + operators_out:
        hours = row["open_minutes"] / 60
        row["per_open_hour"] = round(row["served"] / hours, 1) if hours >= 0.25 else None
        del row["key"]
    return {"counters": counters_out, "operators": operators_out}


def _no_session() -> dict:
    return {"open_minutes": 0, "pause_minutes": {}}


def session_figures(period: Period) -> dict:
    """From the counters' session events: minutes open and minutes paused by reason per counter,
    minutes open per operator (whoever opened or resumed it), within the period."""
    begin, finish = period.utc_bounds()
    finish = min(finish, clock.utcnow())
    events = db.session.execute(
        select(
            CounterEvent.counter_id, CounterEvent.at, CounterEvent.state, CounterEvent.reason, CounterEvent.operator_id
        )
        .where(
            CounterEvent.at < finish, CounterEvent.at >= begin - timedelta(days=1)
        )  # a session opened the evening before
        .order_by(CounterEvent.counter_id, CounterEvent.at, CounterEvent.id)
    ).all()
    counters: dict[int, dict] = {}
    operators: dict[int, int] = {}
    by_counter: dict[int, list] = {}
    for event in events:
        by_counter.setdefault(event.counter_id, []).append(event)
    for counter_id, rows in by_counter.items():
        figures = counters.setdefault(counter_id, _no_session())
        for index, event in enumerate(rows):
            # A session ends with the day it was opened on, or at the next event.
            day_end = datetime.combine(
                event.at.astimezone(clock.zone()).date() + timedelta(days=1), time(0), clock.zone()
            ).astimezone(timezone.utc)
            until = min(rows[index + 1].at if index + 1 < len(rows) else finish, day_end, finish)
            start = max(event.at, begin)
            minutes = max(0.0, (until - start).total_seconds() / 60)
            if event.state == "open":
                figures["open_minutes"] += minutes
                if event.operator_id:
                    operators[event.operator_id] = operators.get(event.operator_id, 0) + minutes
            elif event.state == "paused":
                reason = event.reason or "lainnya"
                figures["pause_minutes"][reason] = figures["pause_minutes"].get(reason, 0) + minutes
    for figures in counters.values():
        figures["open_minutes"] = round(figures["open_minutes"])
        figures["pause_minutes"] = {k: round(v) for k, v in figures["pause_minutes"].items()}
    return {"counters": counters, "operators": {k: round(v) for k, v in operators.items()}}


def priority_group_figures(period: Period) -> list[dict]:
    """Tickets issued and served, and the mean wait, per priority group (ordinary tickets too)."""
    begin, finish = period.utc_bounds()
    wait = func.avg(seconds_between(Ticket.issued_at, Ticket.called_at))
    rows = db.session.execute(
        select(
            Ticket.priority,
            Ticket.priority_group,
            func.count(),
            func.sum(case((Ticket.status == TicketStatus.DONE, 1), else_=0)),
            wait,
        )
        .where(Ticket.issued_at >= begin, Ticket.issued_at < finish, Ticket.transferred_from_id.is_(None))
        .group_by(Ticket.priority, Ticket.priority_group)
    ).all()
    result = []
    for priority, group, issued, served, seconds in rows:
        key = group or ("priority" if priority else "ordinary")
        result.append(
            {
                "group": key,
                "issued": issued,
                "served": int(served or 0),
                "avg_wait_minutes": round(float(seconds) / 60, 1) if seconds is not None else None,
            }
        )
    return sorted(result, key=lambda r: (r["group"] == "ordinary", r["group"]))


def application_figures(period: Period) -> dict:
    """Applications received by status; SLA on-time rate of those made ready; what is overdue now."""
    begin, finish = period.utc_bounds()
    by_status = dict(
        db.session.execute(
            select(Application.status, func.count())
            .where(Application.received_at >= begin, Application.received_at < finish)
            .group_by(Application.status)
        ).all()
    )
    ready_date = local_date(Application.ready_at)
    sla = db.session.execute(
        select(func.count(), func.coalesce(func.sum(case((ready_date <= Application.due_date, 1), else_=0)), 0)).where(
            Application.ready_at >= begin, Application.ready_at < finish, Application.due_date.is_not(None)
        )
    ).one()
    today = clock.today()
    overdue_query = (
        select(
            Application.tracking_code,
            Application.status,
            Application.due_date,
            Service.name,
            Tenant.short_name,
            Tenant.name,
        )
        .join(Service, Service.id == Application.service_id)
        .join(Tenant, Tenant.id == Application.tenant_id)
        .where(Application.status.in_(OPEN_APPLICATION), Application.due_date < today)
        .order_by(Application.due_date)
    )
    overdue_total = db.session.scalar(
        select(func.count()).where(Application.status.in_(OPEN_APPLICATION), Application.due_date < today)
    )
    overdue = [
        {
            "tracking_code": f"{code[:4]}-{code[4:8]}-{code[8:]}",
            "status": status,
            "due_date": _as_date(due).isoformat(),
            "days_late": (today - _as_date(due)).days,
            "service": service,
            "tenant": short or name,
        }
        for code, status, due, service, short, name in db.session.execute(overdue_query.limit(100))
    ]
    ready, on_time = int(sla[0]), int(sla[1])
    return {
        "received": sum(by_status.values()),
        "by_status": by_status,
        "ready": ready,
        "on_time": on_time,
        "on_time_rate": round(on_time / ready * 100, 1) if ready else None,
        "overdue_total": int(overdue_total or 0),
        "overdue": overdue,
    }


def ikm_figures(period: Period, served: int | None = None) -> dict:
    result = survey_services.ikm(period.start, period.end)
    population = served if served is not None else visitor_figures(period)["served"]
    tenants = {t.id: t for t in db.session.scalars(select(Tenant))}
    per_tenant = [
        {
            "tenant": tenants[key].display_name if key in tenants else "?",
            "n": r.n,
            "ikm": None if r.ikm is None else float(r.ikm),
            "band": r.band,
            "label": r.label,
        }
        for key, r in survey_services.ikm_grouped("tenant", period.start, period.end)
    ]
    per_source = {key: r.n for key, r in survey_services.ikm_grouped("source", period.start, period.end)}
    services = {s.id: s for s in db.session.scalars(select(Service))}
    per_service = [
        {
            "service": services[key].name if key in services else "?",
            "tenant": tenants[services[key].tenant_id].display_name
            if key in services and services[key].tenant_id in tenants
            else "?",
            "n": r.n,
            "ikm": None if r.ikm is None else float(r.ikm),
            "band": r.band,
            "label": r.label,
        }
        for key, r in survey_services.ikm_grouped("service", period.start, period.end)
    ]
    profile = survey_services.profile_counts(period.start, period.end)
    per_month = [
        {"month": key, "n": r.n, "ikm": None if r.ikm is None else float(r.ikm), "band": r.band}
        for key, r in survey_services.ikm_by_month(period.start, period.end)
    ]
    suggestions = [
        {
            "day": r.day.isoformat(),
            "service": services[r.service_id].name if r.service_id in services else "?",
            "text": r.suggestion,
        }
        for r in survey_services.recent_suggestions(period.start, period.end, limit=20)
    ]
    elements = [
        {
            "code": e.code,
            "name": e.official_name,
            "label": e.title(),
            "total": result.totals[e.code],
            "nrr": result.nrr_rounded()[e.code],
            "score": None if result.element_ikm(e.code) is None else float(result.element_ikm(e.code)),
        }
        for e in ELEMENTS
    ]
    return {
        **result.as_json(),
        "elements": elements,
        "per_tenant": per_tenant,
        "per_service": per_service,
        "per_source": per_source,
        "flagged": survey_services.flagged_count(period.start, period.end),
        "per_month": per_month,
        "profile": profile,
        "suggestions": suggestions,
        "sample": survey_services.sample_status(result.n, max(int(population), result.n)),
    }


def complaint_figures(period: Period) -> dict:
    rows = dict(
        db.session.execute(
            select(Complaint.status, func.count())
            .where(Complaint.day >= period.start, Complaint.day <= period.end)
            .group_by(Complaint.status)
        ).all()
    )
    answered_date = local_date(Complaint.answered_at)
    answered = db.session.execute(
        select(
            func.count(),
            func.avg(seconds_between(Complaint.received_at, Complaint.answered_at)),
            func.coalesce(func.sum(case((answered_date <= Complaint.due_date, 1), else_=0)), 0),
        ).where(Complaint.day >= period.start, Complaint.day <= period.end, Complaint.answered_at.is_not(None))
    ).one()
    kinds = dict(
        db.session.execute(
            select(Complaint.kind, func.count())
            .where(Complaint.day >= period.start, Complaint.day <= period.end)
            .group_by(Complaint.kind)
        ).all()
    )
    overdue_now = db.session.scalar(
        select(func.count()).where(Complaint.status.in_(OPEN_COMPLAINT_STATUSES), Complaint.due_date < clock.today())
    )
    unresolved_late_now = db.session.scalar(
        select(func.count()).where(
            Complaint.status.in_(UNRESOLVED_COMPLAINT_STATUSES), Complaint.resolution_due < clock.today()
        )
    )
    count, average, on_time = int(answered[0]), answered[1], int(answered[2])
    return {
        "received": sum(rows.values()),
        "by_status": rows,
        "by_kind": kinds,
        "answered": count,
        "avg_response_hours": None if average is None else round(float(average) / 3600, 1),
        "answered_on_time_rate": round(on_time / count * 100, 1) if count else None,
        "overdue_now": int(overdue_now or 0),
        # Perpres 76/2013: past the 60-day resolution deadline and not closed; forwarded to LAPOR!.
        "resolution_overdue_now": int(unresolved_late_now or 0),
        "forwarded": int(rows.get("forwarded", 0)),
    }


def period_summary(period: Period) -> dict:
    """Every period figure the dashboard, the summary API and the monthly report show."""
    visitors = visitor_figures(period)
    return {
        "period": period.as_json(),
        "visitors": visitors,
        "times": time_figures(period, visitors),
        "throughput": throughput(period),
        "priority_groups": priority_group_figures(period),
        "applications": application_figures(period),
        "ikm": ikm_figures(period, visitors["served"]),
        "complaints": complaint_figures(period),
    }
