"""The consolidated figures: per site, per province and national, read from the daily roll-ups."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, select

from mpp_lite.hub.extensions import hub_db as db
from mpp_lite.hub.ingest import DAILY_COUNTS
from mpp_lite.hub.models import HubDaily, HubDailyWait, HubOpenComplaint, HubService, HubSite
from mpp_lite.survey.ikm import ELEMENT_CODES, compute_ikm, required_sample

STALE_AFTER = timedelta(hours=24)
FIGURES = ("tickets", "visitors", "wait_median_minutes", "wait_p90_minutes", "applications_due", "on_time_percent",
           "ikm", "ikm_n", "ikm_n_needed", "complaints_open", "complaints_overdue", "services_complete",
           "services_total")


def percentile(rows: list[tuple[int, int]], share: float) -> int | None:
    """The minute at which `share` of the (minute, count) rows is reached (as the site's dashboard)."""
    rows = sorted(rows)
    total = sum(n for _m, n in rows)
    if not total:
        return None
    running = 0
    for minute, n in rows:
        running += n
        if running >= share * total:
            return minute
    return rows[-1][0]


def _figures(sums: dict, waits: list[tuple[int, int]], open_now: int, overdue: int, complete: int,
             total: int, needed: int | None = None) -> dict:
    n = int(sums.get("survey_n", 0))
    totals = {code: int(sums.get(code.lower(), 0)) for code in ELEMENT_CODES}
    ikm = compute_ikm(n, totals).ikm if n else None
    ready = int(sums.get("applications_ready", 0))
    served = int(sums.get("served", 0))
    return {
        "tickets": int(sums.get("tickets", 0)),
        "visitors": int(sums.get("visitors", 0)),
        "wait_median_minutes": percentile(waits, 0.5),
        "wait_p90_minutes": percentile(waits, 0.9),
        "applications_due": int(sums.get("applications_due", 0)),
        "on_time_percent": round(int(sums.get("applications_on_time", 0)) / ready * 100, 1) if ready else None,
        "ikm": None if ikm is None else float(ikm),
        "ikm_n": n,
        "ikm_n_needed": needed if needed is not None else (required_sample(max(served, n)) if max(served, n) else 0),
        "complaints_open": open_now,
        "complaints_overdue": overdue,
        "services_complete": complete,
        "services_total": total,
    }


def site_rows(sites: list[HubSite], start: date, end: date, now: datetime) -> list[dict]:
    """One row of figures per site, in the order given."""
    codes = [site.code for site in sites]
    if not codes:
        return []
    daily = HubDaily.__table__
    sums = {row[0]: dict(zip(DAILY_COUNTS, row[1:], strict=True)) for row in db.session.execute(
        select(daily.c.site_code, *[func.coalesce(func.sum(daily.c[name]), 0) for name in DAILY_COUNTS])
        .where(daily.c.site_code.in_(codes), daily.c.day >= start, daily.c.day <= end)
        .group_by(daily.c.site_code))}
    waits = defaultdict(list)
    for code, minute, n in db.session.execute(
            select(HubDailyWait.site_code, HubDailyWait.minute, func.sum(HubDailyWait.n))
            .where(HubDailyWait.site_code.in_(codes), HubDailyWait.day >= start, HubDailyWait.day <= end)
            .group_by(HubDailyWait.site_code, HubDailyWait.minute)):
        waits[code].append((int(minute), int(n)))
    complaints = defaultdict(list)
    for code, due, n in db.session.execute(
            select(HubOpenComplaint.site_code, HubOpenComplaint.due_date, func.count())
            .where(HubOpenComplaint.site_code.in_(codes))
            .group_by(HubOpenComplaint.site_code, HubOpenComplaint.due_date)):
        complaints[code].append((due, int(n)))
    services = {code: (int(complete or 0), int(total or 0)) for code, complete, total in db.session.execute(
        select(HubService.site_code, func.sum(case((HubService.complete & HubService.published, 1), else_=0)),
               func.sum(case((HubService.published, 1), else_=0)))
        .where(HubService.site_code.in_(codes)).group_by(HubService.site_code))}
    rows = []
    for site in sites:
        today = now.astimezone(ZoneInfo(site.timezone)).date()
        open_rows = complaints.get(site.code, [])
        complete, total = services.get(site.code, (0, 0))
        rows.append({
            "code": site.code, "name": site.name, "province": site.province,
            "last_sync_at": site.last_sync_at.isoformat() if site.last_sync_at else None,
            "stale": site.last_sync_at is None or now - site.last_sync_at > STALE_AFTER,
            **_figures(sums.get(site.code, {}), waits.get(site.code, []), sum(n for _d, n in open_rows),
                       sum(n for due, n in open_rows if due is not None and due < today), complete, total),
        })
    return rows


def site_days(site: HubSite, start: date, end: date) -> list[dict]:
    """The site's figures day by day (every day of the period, quiet ones as zero)."""
    daily = HubDaily.__table__
    by_day = {row[0]: dict(zip(DAILY_COUNTS, row[1:], strict=True)) for row in db.session.execute(
        select(daily.c.day, *[daily.c[name] for name in DAILY_COUNTS])
        .where(daily.c.site_code == site.code, daily.c.day >= start, daily.c.day <= end))}
    waits = defaultdict(list)
    for day, minute, n in db.session.execute(
            select(HubDailyWait.day, HubDailyWait.minute, HubDailyWait.n)
            .where(HubDailyWait.site_code == site.code, HubDailyWait.day >= start, HubDailyWait.day <= end)):
        waits[day].append((int(minute), int(n)))
    days = []
    cursor = start
    while cursor <= end:
        sums = by_day.get(cursor, {})
        figures = _figures(sums, waits.get(cursor, []), 0, 0, 0, 0)
        days.append({"day": cursor.isoformat(), **{k: figures[k] for k in (
            "tickets", "visitors", "wait_median_minutes", "wait_p90_minutes", "applications_due", "on_time_percent",
            "ikm", "ikm_n")}, "complaints_received": int(sums.get("complaints_received", 0))})
        cursor += timedelta(days=1)
    return days


def totals(sites: list[HubSite], start: date, end: date, now: datetime) -> dict:
    """The figures of these sites summed: IKM over all their responses, waits over all tickets."""
    codes = [site.code for site in sites]
    daily = HubDaily.__table__
    sums: dict = {}
    waits: list = []
    if codes:
        row = db.session.execute(
            select(*[func.coalesce(func.sum(daily.c[name]), 0) for name in DAILY_COUNTS])
            .where(daily.c.site_code.in_(codes), daily.c.day >= start, daily.c.day <= end)).one()
        sums = dict(zip(DAILY_COUNTS, row, strict=True))
        waits = [(int(m), int(n)) for m, n in db.session.execute(
            select(HubDailyWait.minute, func.sum(HubDailyWait.n))
            .where(HubDailyWait.site_code.in_(codes), HubDailyWait.day >= start, HubDailyWait.day <= end)
            .group_by(HubDailyWait.minute))]
    rows = site_rows(sites, start, end, now) if codes else []
    figures = _figures(sums, waits, sum(r["complaints_open"] for r in rows), sum(r["complaints_overdue"] for r in rows),
                       sum(r["services_complete"] for r in rows), sum(r["services_total"] for r in rows),
                       needed=sum(r["ikm_n_needed"] for r in rows))
    return {"sites": len(codes), "stale": sum(1 for r in rows if r["stale"]), **figures}
