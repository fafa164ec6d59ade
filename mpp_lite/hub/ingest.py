"""Receiving mpp-lite/v1 batches: check who sent them, then store each record once.

The checks are the reference receiver's (`mpp_lite.sync.receiver`, `mpp_lite.sync.signing`):
the same parsing and signature code, with secrets from the site registry. Storage is keyed by
(site code, record id) with the version: a repeat or an older version changes nothing. Each
stored change moves the site's daily roll-ups by the difference between the old and the new
version's contribution, so reports read roll-ups only.
"""

from __future__ import annotations

import hashlib
import logging
import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from mpp_lite.catalogue.components import STANDARD_COMPONENTS
from mpp_lite.hub.extensions import hub_db as db
from mpp_lite.hub.models import (
    HubDaily,
    HubDailyWait,
    HubForwardQueue,
    HubForwardTarget,
    HubOpenComplaint,
    HubRecord,
    HubRefusal,
    HubSeenSignature,
    HubService,
    HubSite,
)
from mpp_lite.hub.sites import PROVINCE_CODE, SITE_CODE, timezone_of_province, valid_secrets
from mpp_lite.sync.receiver import BatchError, parse_batch, record_problem
from mpp_lite.sync.signing import MAX_CLOCK_SKEW, verify

log = logging.getLogger("mpp_lite.hub")

MAX_BATCH_BYTES = 5 * 1024 * 1024
OPEN_COMPLAINT = ("new", "in_progress")
# The 14 Standar Pelayanan components (PermenPANRB 15/2014) as the service record names them.
COMPONENTS = tuple(columns[0] for columns in STANDARD_COMPONENTS)
DAILY_COUNTS = (
    "tickets",
    "visitors",
    "served",
    "no_show",
    "wait_n",
    "wait_seconds",
    "applications_received",
    "applications_due",
    "applications_ready",
    "applications_on_time",
    "survey_n",
    "u1",
    "u2",
    "u3",
    "u4",
    "u5",
    "u6",
    "u7",
    "u8",
    "u9",
    "complaints_received",
)


class Refused(Exception):
    """A batch refused as a whole; nothing of it is stored."""

    def __init__(self, status: int, code: str, message: str, logged: bool = True):
        super().__init__(message)
        self.status, self.code, self.message, self.logged = status, code, message, logged


@dataclass
class Sender:
    site: HubSite
    signature: str | None  # the signed request's fingerprint (replays refused); None for a USB bundle


def authenticate(site_code: str, timestamp: str, signature_header: str, body: bytes, now: datetime) -> Sender:
    """The registered site that signed this body, or Refused (401) when it cannot be trusted."""
    if not timestamp.isdigit() or abs(now.timestamp() - int(timestamp)) > MAX_CLOCK_SKEW:
        raise Refused(
            401,
            "stale_timestamp",
            f"X-MPP-Timestamp is missing or more than {MAX_CLOCK_SKEW} s from "
            "the hub's clock; check the sender's clock",
        )
    known = SITE_CODE.match(site_code or "") or PROVINCE_CODE.match(site_code or "")  # a province: a hub forwarding
    site = db.session.get(HubSite, site_code) if known else None
    if site is None:
        raise Refused(401, "unknown_site", f"the site {site_code!r} is not registered on this hub")
    secrets = valid_secrets(site.code, now)
    if not secrets or not verify(secrets, timestamp, body, signature_header):
        raise Refused(401, "bad_signature", "the signature does not match this site's secret; check the secret file")
    # A replay is the same signed content again (however its signature header is spelled).
    fingerprint = hashlib.sha256(site.code.encode() + b"|" + timestamp.encode() + b"." + body).hexdigest()
    return Sender(site=site, signature=fingerprint)


def parse(body: bytes, site_code: str) -> dict:
    try:
        return parse_batch(body, site_code)
    except BatchError as error:
        raise Refused(error.status, error.code, error.message, logged=False) from error


def log_refusal(site_code: str, remote_addr: str, refused: Refused, now: datetime) -> None:
    """Note a refused batch (its own transaction: the batch's was rolled back)."""
    log.warning("hub refused a batch from %s (site %r): %s", remote_addr, site_code, refused.message)

    def printable(value: str, size: int) -> str:  # PostgreSQL text cannot hold NUL
        return (value or "").replace("\x00", "\\x00")[:size]

    db.session.add(
        HubRefusal(
            at=now,
            site_code=printable(site_code, 40),
            remote_addr=printable(remote_addr, 64),
            reason=refused.code,
            detail=printable(refused.message, 500),
        )
    )


# ---------------------------------------------------------------- local days


def _moment(value) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _date(value) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _local_day(value, zone: ZoneInfo) -> date | None:
    moment = _moment(value)
    return moment.astimezone(zone).date() if moment else None


def record_day(record: dict, zone: ZoneInfo) -> date:
    """The site's local day a record belongs to (it never changes between versions)."""
    data = record["data"]
    day = _date(data.get("day")) if record["type"] != "application" else _local_day(data.get("received_at"), zone)
    return day or _local_day(record["occurred_at"], zone) or date(1970, 1, 1)


# ---------------------------------------------------------------- contributions to roll-ups


@dataclass
class Contribution:
    daily: dict  # {day: {column: amount}}
    waits: dict  # {(day, minute): n}
    open_due: tuple | None  # (due date,) while a complaint is open


def contribution(kind: str, data: dict | None, day: date, zone: ZoneInfo) -> Contribution:
    daily: dict = defaultdict(lambda: defaultdict(float))
    waits: dict = defaultdict(int)
    open_due = None
    if data is None or data.get("deleted"):
        return Contribution(daily, waits, None)
    if kind == "ticket":
        row = daily[day]
        row["tickets"] += 1
        status = data.get("status")
        if status != "transferred":  # a transfer continues the same visit in a new ticket
            row["visitors"] += 1
            row["served"] += status == "done"
            row["no_show"] += status == "no_show"
            issued, called = _moment(data.get("issued_at")), _moment(data.get("called_at"))
            if issued and called:
                seconds = (called - issued).total_seconds()
                row["wait_n"] += 1
                row["wait_seconds"] += seconds
                waits[(day, max(math.floor(round(seconds) / 60), 0))] += 1
    elif kind == "application":
        daily[day]["applications_received"] += 1
        due = _date(data.get("due_date"))
        if due:
            daily[due]["applications_due"] += 1
            ready = _local_day(data.get("ready_at"), zone)
            if ready:
                daily[ready]["applications_ready"] += 1
                daily[ready]["applications_on_time"] += ready <= due
    elif kind == "survey":
        answers = data.get("answers") or {}
        scores = [answers.get(f"U{i}") for i in range(1, 10)]
        if all(isinstance(s, int) and 1 <= s <= 4 for s in scores):
            row = daily[day]
            row["survey_n"] += 1
            for i, score in enumerate(scores, start=1):
                row[f"u{i}"] += score
    elif kind == "complaint":
        daily[day]["complaints_received"] += 1
        if data.get("status") in OPEN_COMPLAINT:
            open_due = (_date(data.get("due_date")),)
    return Contribution(daily, waits, open_due)


def service_complete(data: dict) -> bool:
    """Whether a service shows all 14 Standar Pelayanan components (a free service's fee is 0)."""
    for name in COMPONENTS:
        value = data.get(name)
        if name == "fee":
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                return False
        elif name == "duration_value":
            if not isinstance(value, (int, float)) or value <= 0:
                return False
        elif value is None or (
            isinstance(value, (str, list)) and not (value.strip() if isinstance(value, str) else value)
        ):
            return False
    return True


# ---------------------------------------------------------------- storing a batch

_known_partitions: set[tuple[str, str]] = set()


def ensure_partitions(days: set[date]) -> None:
    """On PostgreSQL, the monthly partitions of hub_records these days fall in (made once)."""
    engine = db.engine
    if engine.dialect.name != "postgresql":
        return
    months = {(day.year, day.month) for day in days}
    wanted = {(str(engine.url), f"hub_records_{y:04d}_{m:02d}") for y, m in months}
    missing = wanted - _known_partitions
    if not missing:
        return
    with engine.begin() as connection:
        connection.execute(text("SELECT pg_advisory_xact_lock(4815162342)"))
        for y, m in sorted(months):
            name = f"hub_records_{y:04d}_{m:02d}"
            start = date(y, m, 1)
            end = date(y + (m == 12), m % 12 + 1, 1)
            connection.execute(
                text(
                    f'CREATE TABLE IF NOT EXISTS "{name}" PARTITION OF hub_records '
                    f"FOR VALUES FROM ('{start.isoformat()}') TO ('{end.isoformat()}')"
                )
            )
    _known_partitions.update(wanted)


def _dialect_insert():
    """INSERT with ON CONFLICT for the hub's database (PostgreSQL or SQLite)."""
    return pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert


def _upsert(table, rows: list[dict], keys: list[str], add: list[str]):
    """INSERT ... ON CONFLICT DO UPDATE adding the amounts (PostgreSQL and SQLite)."""
    statement = _dialect_insert()(table)
    return db.session.execute(
        statement.on_conflict_do_update(
            index_elements=keys, set_={name: table.c[name] + statement.excluded[name] for name in add}
        ),
        rows,
    )


def store(sender: Sender, batch: dict, now: datetime) -> dict:
    """Store a checked batch; answers {"accepted": [ids], "rejected": [{"id", "error"}]}.

    Raises Refused(401, "replayed") when this exact signed request was stored before. Flushes;
    the caller commits.
    """
    site = sender.site
    zone = ZoneInfo(site.timezone)
    # Before this transaction touches hub_records: making a partition waits for its readers.
    ensure_partitions(
        {record_day(r, zone) for r in batch["records"] if record_problem(r) is None and r["type"] != "service"}
    )
    if sender.signature is not None:
        # First statement: on SQLite it also takes the write lock before anything is read. One round
        # trip (no savepoint); a second request with the same signature waits for the first, then finds it.
        seen = (
            _dialect_insert()(HubSeenSignature.__table__)
            .values(signature=sender.signature, site_code=site.code, seen_at=now)
            .on_conflict_do_nothing()
            .returning(HubSeenSignature.signature)
        )
        if db.session.execute(seen).scalar() is None:
            raise Refused(401, "replayed", "this signed request was received before (a replay)")
    if db.engine.dialect.name == "postgresql":
        # One batch of a site at a time: the roll-up deltas read the versions they replace.
        db.session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:code))"), {"code": site.code})

    accepted: list[str] = []
    rejected: list[dict] = []
    groups: dict[str, dict[str, dict]] = {}
    names: dict[str, str] = {}
    for record in batch["records"]:
        problem = record_problem(record)
        origin = site.code
        if problem is None:
            origin, name, problem = _origin(site, record)
            names[origin] = name
        if problem is None and ("\x00" in record["occurred_at"] or len(record["occurred_at"]) > 40):
            problem = "occurred_at is not a time"
        if problem:
            ident = record.get("id") if isinstance(record, dict) and isinstance(record.get("id"), str) else ""
            rejected.append({"id": ident, "error": problem})
            continue
        accepted.append(record["id"])
        latest = groups.setdefault(origin, {})
        known = latest.get(record["id"])
        if known is None or record["version"] > known["version"]:
            latest[record["id"]] = record

    forwarding = db.session.scalar(select(HubForwardTarget.id)) is not None
    for origin, latest in groups.items():
        origin_site = site if origin == site.code else _forwarded_site(origin, names[origin], site, now)
        origin_zone = ZoneInfo(origin_site.timezone)
        services = {i: r for i, r in latest.items() if r["type"] == "service"}
        others = {i: r for i, r in latest.items() if r["type"] != "service"}
        if services:
            _store_services(origin, services, now)
        if others:
            _store_records(origin, others, origin_zone, now)
        origin_site.last_sync_at = now
        if forwarding:
            _upsert_newest(
                HubForwardQueue.__table__,
                [{"site_code": origin, "record_id": i, "version": r["version"]} for i, r in latest.items()],
            )
    site.last_sync_at = now
    db.session.flush()
    return {"accepted": accepted, "rejected": rejected}


def _origin(sender: HubSite, record: dict) -> tuple[str, str, str | None]:
    """(origin site code, its name, problem): a hub forwarding for a province names each record's site."""
    claimed = record.get("site")
    if PROVINCE_CODE.match(sender.code):
        code = claimed.get("code") if isinstance(claimed, dict) else None
        if not isinstance(code, str) or not SITE_CODE.match(code) or not code.startswith(sender.code + "."):
            return sender.code, "", f"a forwarded record names its site, a regency of province {sender.code}"
        name = claimed.get("name") if isinstance(claimed.get("name"), str) else code
        return code, name[:160] or code, None
    if claimed is not None:
        code = claimed.get("code") if isinstance(claimed, dict) else claimed
        if code != sender.code:
            return sender.code, "", "the record belongs to another site"
    return sender.code, sender.name, None


def _forwarded_site(code: str, name: str, sender: HubSite, now: datetime) -> HubSite:
    """A regency known through its province's hub: registered on first sight (it has no secret here)."""
    site = db.session.get(HubSite, code)
    if site is None:
        site = HubSite(
            code=code,
            name=name or code,
            province=sender.code,
            timezone=timezone_of_province(sender.code),
            created_at=now,
        )
        db.session.add(site)
        db.session.flush()
    return site


def _upsert_newest(table, rows: list[dict]) -> None:
    statement = _dialect_insert()(table)
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=["site_code", "record_id"],
            set_={"version": statement.excluded.version},
            where=statement.excluded.version > table.c.version,
        ),
        rows,
    )


def _store_services(code: str, records: dict[str, dict], now: datetime) -> None:
    table = HubService.__table__
    stored = dict(
        db.session.execute(
            select(table.c.record_id, table.c.version).where(
                table.c.site_code == code, table.c.record_id.in_(list(records))
            )
        ).all()
    )
    fresh, changed = [], []
    for ident, record in records.items():
        data = record["data"]
        deleted = bool(data.get("deleted"))
        row = {
            "site_code": code,
            "record_id": ident,
            "version": record["version"],
            "code": str(data.get("code") or "")[:40],
            "name": str(data.get("name") or "")[:200],
            "published": bool(data.get("published")) and not deleted,
            "complete": not deleted and service_complete(data),
            "data": data,
            "received_at": now,
        }
        if ident not in stored:
            fresh.append(row)
        elif record["version"] > stored[ident]:
            changed.append(row)
    if fresh:
        db.session.execute(insert(table), fresh)
    for row in changed:
        db.session.execute(
            update(table)
            .where(table.c.site_code == code, table.c.record_id == row["record_id"])
            .values(**{k: v for k, v in row.items() if k not in ("site_code", "record_id")})
        )


def _store_records(code: str, records: dict[str, dict], zone: ZoneInfo, now: datetime) -> None:
    table = HubRecord.__table__
    stored = {
        row.record_id: row
        for row in db.session.execute(
            select(table.c.record_id, table.c.day, table.c.version, table.c.type, table.c.data).where(
                table.c.site_code == code, table.c.record_id.in_(list(records))
            )
        )
    }
    days = {}
    for ident, record in records.items():
        old = stored.get(ident)
        if old is not None and record["version"] <= old.version:
            continue
        day = old.day if old is not None and record["data"].get("deleted") else record_day(record, zone)
        days[ident] = day
    if not days:
        return
    daily: dict = defaultdict(lambda: defaultdict(float))
    waits: dict = defaultdict(int)
    fresh, open_set, open_clear = [], [], []
    for ident, day in days.items():
        record, old = records[ident], stored.get(ident)
        new_part = contribution(record["type"], record["data"], day, zone)
        old_part = contribution(old.type, old.data, old.day, zone) if old is not None else None
        for sign, part in ((1, new_part), (-1, old_part)):
            if part is None:
                continue
            for each_day, amounts in part.daily.items():
                for name, amount in amounts.items():
                    daily[each_day][name] += sign * amount
            for key, n in part.waits.items():
                waits[key] += sign * n
        if record["type"] == "complaint" or (old is not None and old.type == "complaint"):
            if new_part.open_due is not None:
                open_set.append({"site_code": code, "record_id": ident, "due_date": new_part.open_due[0]})
            else:
                open_clear.append(ident)
        row = {
            "site_code": code,
            "record_id": ident,
            "day": day,
            "type": record["type"],
            "version": record["version"],
            "occurred_at": record["occurred_at"][:40],
            "data": record["data"],
            "received_at": now,
        }
        fresh.append(row)
    replaced = [ident for ident in days if ident in stored]
    if replaced:  # one statement for the batch; the days let PostgreSQL look in their partitions only
        db.session.execute(
            delete(table).where(
                table.c.site_code == code,
                table.c.record_id.in_(replaced),
                table.c.day.in_({stored[ident].day for ident in replaced}),
            )
        )
    db.session.execute(insert(table), fresh)

    rows = []
    for day, amounts in daily.items():
        if not any(amounts.values()):
            continue
        rows.append(
            {
                "site_code": code,
                "day": day,
                **{
                    name: (amounts.get(name, 0) if name == "wait_seconds" else int(round(amounts.get(name, 0))))
                    for name in DAILY_COUNTS
                },
            }
        )
    if rows:
        _upsert(HubDaily.__table__, rows, ["site_code", "day"], list(DAILY_COUNTS))
    wait_rows = [{"site_code": code, "day": day, "minute": minute, "n": n} for (day, minute), n in waits.items() if n]
    if wait_rows:
        _upsert(HubDailyWait.__table__, wait_rows, ["site_code", "day", "minute"], ["n"])
    complaints = HubOpenComplaint.__table__
    ids = open_clear + [row["record_id"] for row in open_set]
    if ids:
        db.session.execute(delete(complaints).where(complaints.c.site_code == code, complaints.c.record_id.in_(ids)))
    if open_set:
        db.session.execute(insert(complaints), open_set)


def forget_old_signatures(now: datetime) -> None:
    """Signatures older than twice the timestamp window can never be replayed: drop them."""
    db.session.execute(
        delete(HubSeenSignature).where(HubSeenSignature.seen_at < now - timedelta(seconds=2 * MAX_CLOCK_SKEW))
    )
