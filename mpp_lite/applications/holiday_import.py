"""Importing a year's official list of national holidays and cuti bersama (the SKB of three
ministers), from a small file that needs no internet: a USB stick, an e-mail attachment.

Two forms, both UTF-8:

    CSV   date,name,kind                      JSON  {"year": 2028, "source": "SKB ...",
          2028-01-01,Tahun Baru Masehi,national       "days": [{"date": "2028-01-01",
          2028-02-28,Cuti Bersama Idul Fitri,cuti_bersama          "name": "Tahun Baru Masehi",
                                                                   "kind": "national"}, ...]}

`kind` is `national` (libur nasional) or `cuti_bersama`; a CSV may also separate with `;` (as
Indonesian Excel saves it). The year is the JSON's `year`, or for a CSV the one year its dates
are in. The list replaces the year's bundled data as a whole; every bad row is named, and a file
with any bad row changes nothing.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _

from mpp_lite.applications.calendar import OFFICIAL_KINDS, bundled_holidays
from mpp_lite.applications.models import OfficialHoliday
from mpp_lite.applications.services import InvalidInput, recalculate_due_dates
from mpp_lite.audit.services import record as audit
from mpp_lite.extensions import db
from mpp_lite.site import clock

KIND_ALIASES = {
    "national": "national",
    "nasional": "national",
    "libur_nasional": "national",
    "libur nasional": "national",
    "cuti_bersama": "cuti_bersama",
    "cuti bersama": "cuti_bersama",
}
MAX_FILE_BYTES = 200_000


@dataclass
class OfficialList:
    year: int | None
    source: str
    days: dict[date, tuple[str, str]] = field(default_factory=dict)  # day -> (name, kind)
    errors: dict[str, str] = field(default_factory=dict)  # "row 3" -> what is wrong


def parse_official_list(content: bytes, filename: str = "") -> OfficialList:
    """Read a CSV or JSON official list; `errors` names every bad row (nothing is stored here)."""
    if len(content) > MAX_FILE_BYTES:
        return OfficialList(None, "", errors={"file": _("The file is too large for a holiday list.")})
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return OfficialList(None, "", errors={"file": _("The file is not UTF-8 text; save it as CSV UTF-8.")})
    stripped = text.lstrip()
    if filename.lower().endswith(".json") or stripped.startswith("{"):
        return _from_json(text)
    return _from_csv(text, filename)


def _from_json(text: str) -> OfficialList:
    try:
        data = json.loads(text)
    except ValueError:
        return OfficialList(None, "", errors={"file": _("The file is not valid JSON.")})
    if not isinstance(data, dict) or not isinstance(data.get("days"), list):
        return OfficialList(None, "", errors={"file": _('The JSON needs "year" and a list "days".')})
    year = data.get("year")
    result = OfficialList(year if type(year) is int else None, str(data.get("source") or "")[:200])
    if result.year is None:
        result.errors["year"] = _("Give the year the list is for, e.g. 2028.")
    for number, item in enumerate(data["days"], start=1):
        if not isinstance(item, dict):
            result.errors[_row(number)] = _("Each day needs date, name and kind.")
            continue
        _add(result, number, item.get("date"), item.get("name"), item.get("kind"))
    return result


def _from_csv(text: str, filename: str) -> OfficialList:
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    headers = {(h or "").strip().lower() for h in reader.fieldnames or []}
    result = OfficialList(None, filename[:200])
    if not {"date", "name", "kind"} <= headers:
        result.errors["file"] = _("The first line must name the columns: date, name, kind.")
        return result
    for number, row in enumerate(reader, start=1):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if k}
        if not any(row.values()):
            continue
        _add(result, number, row.get("date"), row.get("name"), row.get("kind"))
    years = {day.year for day in result.days}
    if len(years) == 1:
        result.year = years.pop()
    elif years:
        result.errors["year"] = _(
            "A list is for one year; this file has dates in %(years)s.", years=", ".join(str(y) for y in sorted(years))
        )
    return result


def _add(result: OfficialList, number: int, raw_day, raw_name, raw_kind) -> None:
    where = _row(number)
    try:
        day = date.fromisoformat(raw_day.strip()) if isinstance(raw_day, str) else None
    except ValueError:
        day = None
    name = " ".join(str(raw_name or "").split())[:120]
    kind = KIND_ALIASES.get(str(raw_kind or "").strip().lower())
    if day is None:
        result.errors[where] = _("%(value)s is not a date; write it as YYYY-MM-DD.", value=str(raw_day or "")[:20])
    elif result.year is not None and day.year != result.year:
        result.errors[where] = _(
            "%(day)s is not in %(year)d, the year this list is for.", day=day.isoformat(), year=result.year
        )
    elif not name:
        result.errors[where] = _("The day needs a name, e.g. Hari Raya Idul Fitri.")
    elif kind is None:
        result.errors[where] = _("The kind must be national or cuti_bersama.")
    elif day in result.days:
        result.errors[where] = _("%(day)s is listed twice.", day=day.isoformat())
    else:
        result.days[day] = (name, kind)


def _row(number: int) -> str:
    return _("row %(number)d", number=number)


@dataclass
class ImportResult:
    year: int
    days: int
    cuti_bersama: int
    added: list[date]  # working days by the bundled data that the list makes days off
    removed: list[date]  # bundled (estimated) days off that the list does not have
    due_dates_moved: int


def import_official_list(actor, parsed: OfficialList, dry_run: bool = False) -> ImportResult:
    """Replace the year's national days by the list, then move the due dates it affects."""
    if parsed.errors or parsed.year is None:
        raise InvalidInput(
            _("The holiday list was not imported; nothing changed. Fix the rows named."),
            parsed.errors or {"file": _("The list has no days.")},
        )
    if not parsed.days:
        raise InvalidInput(
            _("The holiday list was not imported; nothing changed. Fix the rows named."),
            {"file": _("The list has no days.")},
        )
    year = parsed.year
    bundled = set(bundled_holidays(year))
    result = ImportResult(
        year,
        len(parsed.days),
        sum(1 for _n, k in parsed.days.values() if k == "cuti_bersama"),
        sorted(set(parsed.days) - bundled),
        sorted(bundled - set(parsed.days)),
        0,
    )
    if dry_run:
        return result
    db.session.execute(db.delete(OfficialHoliday).where(OfficialHoliday.year == year))
    now, who = clock.utcnow(), (getattr(actor, "name", None) or str(actor))[:80]
    for day, (name, kind) in sorted(parsed.days.items()):
        assert kind in OFFICIAL_KINDS
        db.session.add(
            OfficialHoliday(
                year=year, day=day, name=name, kind=kind, source=parsed.source, imported_by=who, imported_at=now
            )
        )
    db.session.flush()
    audit(
        actor,
        "official_holidays.import",
        "official_holidays",
        year,
        days=result.days,
        cuti_bersama=result.cuti_bersama,
        source=parsed.source,
    )
    result.due_dates_moved = recalculate_due_dates()
    return result
