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
FIGURES = (
    "tickets",
    "visitors",
    "wait_median_minutes",
    "wait_p90_minutes",
    "applications_due",
    "on_time_percent",
    "ikm",
    "ikm_n",
    "ikm_n_needed",
    "complaints_open",
    "complaints_overdue",
    "services_complete",
    "services_total",
)


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


def _figures(
    sums: dict,
    waits: list[tuple[int, int]],
    open_now: int,
    overdue: int,
    complete: int,
    total: int,
    needed: int | None = None,
) -> dict:
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


def _inputs(codes: list[str], start: date, end: date) -> tuple[dict, dict, dict, dict]:
    """Per site: summed roll-ups, wait histogram, open complaints by due date, services (complete, total)."""
    daily = HubDaily.__table__
    sums = {
        row[0]: dict(zip(DAILY_COUNTS, row[1:], strict=True))
        for row in db.session.execute(
            select(daily.c.site_code, *[func.coalesce(func.sum(daily.c[name]), 0) for name in DAILY_COUNTS])
            .where(daily.c.site_code.in_(codes), daily.c.day >= start, daily.c.day <= end)
            .group_by(daily.c.site_code)
        )
    }
    waits = defaultdict(list)
    for code, minute, n in db.session.execute(
        select(HubDailyWait.site_code, HubDailyWait.minute, func.sum(HubDailyWait.n))
        .where(HubDailyWait.site_code.in_(codes), HubDailyWait.day >= start, HubDailyWait.day <= end)
        .group_by(HubDailyWait.site_code, HubDailyWait.minute)
    ):
        waits[code].append((int(minute), int(n)))
    complaints = defaultdict(list)
    for code, due, n in db.session.execute(
        select(HubOpenComplaint.site_code, HubOpenComplaint.due_date, func.count())
        .where(HubOpenComplaint.site_code.in_(codes))
        .group_by(HubOpenComplaint.site_code, HubOpenComplaint.due_date)
    ):
        complaints[code].append((due, int(n)))
    services = {
        code: (int(complete or 0), int(total or 0))
        for code, complete, total in db.session.execute(
            select(
                HubService.site_code,
                func.sum(case((HubService.complete & HubService.published, 1), else_=0)),
                func.sum(case((HubService.published, 1), else_=0)),
            )
            .where(HubService.site_code.in_(codes))
            .group_by(HubService.site_code)
        )
    }
    return sums, waits, complaints, services


def table(sites: list[HubSite], start: date, end: date, now: datetime) -> dict:
    """The consolidated table: a row per site (in the order given), a total per province and the total.

    One read of the roll-ups; the totals are summed from the sites' own sums and wait histograms, so
    a province's median is over all its tickets and its IKM over all its responses.
    """
    codes = [site.code for site in sites]
    sums, waits, complaints, services = _inputs(codes, start, end) if codes else ({}, {}, {}, {})
    rows = []
    for site in sites:
        today = now.astimezone(ZoneInfo(site.timezone)).date()
        open_rows = complaints.get(site.code, [])
        complete, total = services.get(site.code, (0, 0))
        rows.append(
            {
                "code": site.code,
                "name": site.name,
                "province": site.province,
                "last_sync_at": site.last_sync_at.isoformat() if site.last_sync_at else None,
                "stale": site.last_sync_at is None or now - site.last_sync_at > STALE_AFTER,
                **_figures(
                    sums.get(site.code, {}),
                    waits.get(site.code, []),
                    sum(n for _d, n in open_rows),
                    sum(n for due, n in open_rows if due is not None and due < today),
                    complete,
                    total,
                ),
            }
        )
    provinces: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        provinces[row["province"]].append(row)

    def summed(part: list[dict]) -> dict:
        added: dict = defaultdict(float)
        histogram: list = []
        for row in part:
            for name, amount in sums.get(row["code"], {}).items():
                added[name] += amount
            histogram.extend(waits.get(row["code"], []))
        return {
            "sites": len(part),
            "stale": sum(1 for r in part if r["stale"]),
            **_figures(
                added,
                histogram,
                sum(r["complaints_open"] for r in part),
                sum(r["complaints_overdue"] for r in part),
                sum(r["services_complete"] for r in part),
                sum(r["services_total"] for r in part),
                needed=sum(r["ikm_n_needed"] for r in part),
            ),
        }

    return {
        "rows": rows,
        "provinces": {code: summed(part) for code, part in sorted(provinces.items())},
        "total": summed(rows),
    }


def site_rows(sites: list[HubSite], start: date, end: date, now: datetime) -> list[dict]:
    """One row of figures per site, in the order given."""
    return table(sites, start, end, now)["rows"]


def site_days(site: HubSite, start: date, end: date) -> list[dict]:
    """The site's figures day by day (every day of the period, quiet ones as zero)."""
    daily = HubDaily.__table__
    by_day = {
        row[0]: dict(zip(DAILY_COUNTS, row[1:], strict=True))
        for row in db.session.execute(
            select(daily.c.day, *[daily.c[name] for name in DAILY_COUNTS]).where(
                daily.c.site_code == site.code, daily.c.day >= start, daily.c.day <= end
            )
        )
    }
    waits = defaultdict(list)
    for day, minute, n in db.session.execute(
        select(HubDailyWait.day, HubDailyWait.minute, HubDailyWait.n).where(
            HubDailyWait.site_code == site.code, HubDailyWait.day >= start, HubDailyWait.day <= end
        )
    ):
        waits[day].append((int(minute), int(n)))
    days = []
    cursor = start
    while cursor <= end:
        sums = by_day.get(cursor, {})
        figures = _figures(sums, waits.get(cursor, []), 0, 0, 0, 0)
        days.append(
            {
                "day": cursor.isoformat(),
                **{
                    k: figures[k]
                    for k in (
                        "tickets",
                        "visitors",
                        "wait_median_minutes",
                        "wait_p90_minutes",
                        "applications_due",
                        "on_time_percent",
                        "ikm",
                        "ikm_n",
                    )
                },
                "complaints_received": int(sums.get("complaints_received", 0)),
            }
        )
        cursor += timedelta(days=1)
    return days


def totals(sites: list[HubSite], start: date, end: date, now: datetime) -> dict:
    """The figures of these sites summed: IKM over all their responses, waits over all tickets."""
    return table(sites, start, end, now)["total"]
