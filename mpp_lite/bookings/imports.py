"""Outside bookings from a CSV (M-Paspor, MPP Digital, a tenant's own system).

A column mapping names which column holds what; the dry run lists every row that would be
created and every bad row with its reason; the import creates the good rows in one transaction
(a bad row is never half-imported) and keeps each row's outside reference, so importing the
same file again creates nothing.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _

from mpp_lite.applications.services import clean_phone
from mpp_lite.bookings.models import Booking, BookingSource, BookingStatus
from mpp_lite.bookings.services import new_booking_code, take_seat
from mpp_lite.bookings.slots import booking_rules
from mpp_lite.catalogue.models import Service
from mpp_lite.extensions import db
from mpp_lite.site import clock

FIELDS = ("reference", "service", "date", "time", "name", "phone")
DEFAULT_MAPPING = {
    "reference": "reference",
    "service": "service_code",
    "date": "date",
    "time": "time",
    "name": "name",
    "phone": "phone",
}
MAX_ROWS = 20000
_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")
_SYSTEM = re.compile(r"^[a-z0-9_-]{1,30}$")


class ImportProblem(ValueError):
    """The file or the mapping as a whole cannot be read (not one row): nothing is imported."""


@dataclass
class PlannedRow:
    line: int
    reference: str
    service: Service
    slot_start: datetime
    name: str
    phone: str


@dataclass
class ImportPlan:
    create: list[PlannedRow] = field(default_factory=list)
    bad: list[tuple[int, str]] = field(default_factory=list)  # (line in the file, reason)
    existing: list[int] = field(default_factory=list)  # lines already imported earlier


def read_rows(content: bytes | str) -> tuple[list[str], list[dict[str, str]]]:
    text = content.decode("utf-8-sig", errors="replace") if isinstance(content, bytes) else content.lstrip("\ufeff")
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    headers = [h.strip() for h in (reader.fieldnames or [])]
    if not headers:
        raise ImportProblem(_("The file is empty or is not a CSV file."))
    rows = []
    for row in reader:
        rows.append({(k or "").strip(): (v or "").strip() if isinstance(v, str) else "" for k, v in row.items()})
        if len(rows) > MAX_ROWS:
            raise ImportProblem(_("At most %(num)d rows per file.", num=MAX_ROWS))
    return headers, rows


def _parse_date(value: str) -> date | None:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def _parse_time(value: str) -> time | None:
    match = _TIME.match(value)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        return None
    return time(int(match.group(1)), int(match.group(2)))


def plan(content: bytes | str, mapping: dict[str, str], system: str) -> ImportPlan:
    """What an import of `content` would do; changes nothing."""
    if not _SYSTEM.match(system or ""):
        raise ImportProblem(_("Name the other system in lower case letters, digits, - or _ (e.g. mpaspor)."))
    headers, rows = read_rows(content)
    missing = [f"{name} ({mapping.get(name) or '-'})" for name in FIELDS if mapping.get(name) not in headers]
    if missing:
        raise ImportProblem(
            _(
                "These columns are not in the file: %(columns)s. The file has: %(headers)s.",
                columns=", ".join(missing),
                headers=", ".join(headers),
            )
        )
    services = {s.code.upper(): s for s in db.session.scalars(db.select(Service))}
    known = set(db.session.scalars(db.select(Booking.external_ref).where(Booking.external_ref.like(f"{system}:%"))))
    today = clock.today()
    result = ImportPlan()
    seen: dict[str, int] = {}
    for index, row in enumerate(rows):
        line = index + 2  # the header is line 1
        value = {name: row.get(mapping[name], "") for name in FIELDS}
        reference = value["reference"]
        reasons = []
        if not reference:
            reasons.append(_("no reference"))
        elif reference in seen:
            reasons.append(_("duplicate of row %(line)d (same reference)", line=seen[reference]))
        service = services.get(value["service"].upper())
        if service is None:
            reasons.append(_("unknown service %(code)s", code=value["service"] or "-"))
        elif service.queue is None:
            reasons.append(_("service %(code)s has no queue", code=service.code))
        day = _parse_date(value["date"])
        if day is None:
            reasons.append(_("bad date %(value)s (use YYYY-MM-DD)", value=value["date"] or "-"))
        elif day < today:
            reasons.append(_("date %(value)s is past", value=value["date"]))
        moment = _parse_time(value["time"])
        if moment is None:
            reasons.append(_("bad time %(value)s (use HH:MM)", value=value["time"] or "-"))
        name = " ".join(value["name"].split())
        if not 2 <= len(name) <= 120:
            reasons.append(_("no name"))
        phone = clean_phone(value["phone"])
        if not re.fullmatch(r"0\d{8,13}", phone):
            reasons.append(_("bad phone number"))
        if reference and reference not in seen:
            seen[reference] = line
        if reasons:
            result.bad.append((line, "; ".join(reasons)))
        elif f"{system}:{reference}" in known:
            result.existing.append(line)
        else:
            start = datetime.combine(day, moment, tzinfo=clock.zone())
            result.create.append(PlannedRow(line, reference, service, start, name, phone))
    return result


def apply(import_plan: ImportPlan, system: str, by: str) -> int:
    """Create the planned bookings (the caller commits them all at once); answers how many."""
    now = clock.utcnow()
    for row in import_plan.create:
        found = booking_rules(row.service.queue)
        minutes = found[1].slot_minutes if found else 30
        take_seat(row.service.queue_id, row.slot_start)  # counted, never refused: the other system booked it
        db.session.add(
            Booking(
                code=new_booking_code(),
                queue_id=row.service.queue_id,
                service_id=row.service.id,
                day=row.slot_start.date(),
                slot_start=row.slot_start,
                slot_end=row.slot_start + timedelta(minutes=minutes),
                name=row.name,
                phone=row.phone,
                status=BookingStatus.BOOKED,
                source=BookingSource.IMPORT,
                external_ref=f"{system}:{row.reference}"[:120],
                created_by=by[:80],
                created_at=now,
                updated_at=now,
            )
        )
    db.session.flush()
    return len(import_plan.create)
