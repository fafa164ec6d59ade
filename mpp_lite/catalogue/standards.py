"""Evidence that the service standards are kept: the Maklumat Pelayanan, each standard's decree
(SK) and reviews, and the public consultations (Forum Konsultasi Publik) behind them.

PEKPPP evaluators ask for these documents every year; the services here take plain values,
check them, flush and leave the commit to the caller.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import or_, select

from mpp_lite.audit.services import record
from mpp_lite.catalogue.models import Maklumat, PublicConsultation, Service, StandardReview
from mpp_lite.errors import INVALID, NOT_FOUND, DomainError
from mpp_lite.extensions import db
from mpp_lite.security import database_id
from mpp_lite.site import clock
from mpp_lite.site.services import update_settings

# A standard, and the Maklumat, are looked at again at least once a year.
REVIEW_INTERVAL = timedelta(days=365)
MINUTES_MAX_BYTES = 10 * 1024 * 1024
MINUTES_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png"}
SAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")


class StandardsError(DomainError):
    """A Maklumat, decree, review or consultation refused; `fields` names each field at fault."""

    def __init__(self, message: str | None = None, fields: dict[str, str] | None = None, kind: str = INVALID):
        super().__init__(message or _("Please check the marked fields."), kind, fields=fields)


def parse_day(value, field: str, fields: dict, required: bool = True) -> date | None:
    """A YYYY-MM-DD date (as a date input sends it), or a field error."""
    if isinstance(value, date):
        return value
    text = (value or "").strip()
    if not text:
        if required:
            fields[field] = _("Give the date.")
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        fields[field] = _("Write the date as YYYY-MM-DD, e.g. 2026-03-13.")
        return None


def _text(value, limit: int) -> str:
    return (value or "").strip()[:limit]


# ---------------------------------------------------------------- Maklumat Pelayanan


def current_maklumat() -> Maklumat | None:
    """The Maklumat in force: the newest one signed."""
    return db.session.scalar(select(Maklumat).order_by(Maklumat.signed_on.desc(), Maklumat.id.desc()).limit(1))


def maklumat_is_stale(maklumat: Maklumat | None, today: date | None = None) -> bool:
    """Missing, past its validity, or signed more than a year ago: time to renew it."""
    today = today or clock.today()
    if maklumat is None:
        return True
    if maklumat.valid_until is not None and maklumat.valid_until < today:
        return True
    return maklumat.signed_on + REVIEW_INTERVAL < today


def save_maklumat(
    actor,
    *,
    text: str,
    signatory_name: str,
    signatory_title: str,
    signed_on,
    signatory_nip: str = "",
    valid_until=None,
    on_display: bool = False,
) -> Maklumat:
    """Record a (new version of the) Maklumat; the earlier ones stay as history. Flushes."""
    fields: dict[str, str] = {}
    text = (text or "").strip()
    if len(text) < 30:
        fields["text"] = _("Write the declaration in full (at least %(num)d characters).", num=30)
    elif len(text) > 4000:
        fields["text"] = _("Please keep it under %(num)d characters.", num=4000)
    if not _text(signatory_name, 120):
        fields["signatory_name"] = _("Who signs it? Give the head's name.")
    if not _text(signatory_title, 160):
        fields["signatory_title"] = _("Give the signatory's position.")
    signed = parse_day(signed_on, "signed_on", fields)
    until = parse_day(valid_until, "valid_until", fields, required=False)
    if signed and signed > clock.today():
        fields["signed_on"] = _("The signing date cannot be in the future.")
    if signed and until and until <= signed:
        fields["valid_until"] = _("The end of validity must come after the signing date.")
    if fields:
        raise StandardsError(fields=fields)
    maklumat = Maklumat(
        text=text,
        signatory_name=_text(signatory_name, 120),
        signatory_title=_text(signatory_title, 160),
        signatory_nip=_text(signatory_nip, 30),
        signed_on=signed,
        valid_until=until,
        on_display=bool(on_display),
        recorded_by=actor.name[:80],
    )
    db.session.add(maklumat)
    update_settings({"maklumat_ticker": maklumat_ticker(maklumat)})  # the display board reads settings only
    db.session.flush()
    record(actor, "maklumat.save", "maklumat", str(maklumat.id), signed_on=signed.isoformat())
    return maklumat


def maklumat_ticker(maklumat: Maklumat | None) -> str:
    """The line the TV's running text shows when the Maklumat is to be displayed there."""
    if maklumat is None or not maklumat.on_display:
        return ""
    return "MAKLUMAT PELAYANAN: " + " ".join(maklumat.text.split())


# ---------------------------------------------------------------- decrees and reviews


def get_service(service_id) -> Service:
    service = db.session.get(Service, service_id)
    if service is None:
        raise StandardsError(_("No such service."), kind=NOT_FOUND)
    return service


def record_decree(actor, service: Service, *, decree_number: str, decree_date) -> Service:
    """Set the number and date of the decree (SK) that made the standard official. Flushes."""
    fields: dict[str, str] = {}
    number = " ".join((decree_number or "").split())
    if not 3 <= len(number) <= 120:
        fields["decree_number"] = _("Give the decree number as written on the SK, e.g. 800/123/DPMPTSP/2026.")
    day = parse_day(decree_date, "decree_date", fields)
    if day and day > clock.today():
        fields["decree_date"] = _("The decree date cannot be in the future.")
    if day and service.last_reviewed_on and service.last_reviewed_on < day:
        fields["decree_date"] = _(
            "The last review (%(date)s) is before this date; check both.",
            date=service.last_reviewed_on.strftime("%d-%m-%Y"),
        )
    if fields:
        raise StandardsError(fields=fields)
    service.decree_number, service.decree_date = number, day
    db.session.flush()
    record(actor, "standard.decree", "service", service.code, decree_number=number)
    return service


def add_review(actor, service: Service, *, reviewed_on, changes: str, participants: str) -> StandardReview:
    """Add a review of the standard (when, what changed, who took part); it becomes the last
    review date when it is the newest. Flushes."""
    fields: dict[str, str] = {}
    day = parse_day(reviewed_on, "reviewed_on", fields)
    if day and day > clock.today():
        fields["reviewed_on"] = _("The review date cannot be in the future.")
    if day and service.decree_date and day < service.decree_date:
        fields["reviewed_on"] = _(
            "A review cannot come before the decree of %(date)s.", date=service.decree_date.strftime("%d-%m-%Y")
        )
    if len(_text(changes, 4000)) < 5:
        fields["changes"] = _('Say what changed (or "no change").')
    if len(_text(participants, 2000)) < 3:
        fields["participants"] = _("Say who took part (units, community representatives).")
    if fields:
        raise StandardsError(fields=fields)
    review = StandardReview(
        reviewed_on=day,
        changes=_text(changes, 4000),
        participants=_text(participants, 2000),
        recorded_by=actor.name[:80],
    )
    service.reviews.append(review)
    if service.last_reviewed_on is None or day > service.last_reviewed_on:
        service.last_reviewed_on = day
    db.session.flush()
    record(actor, "standard.review", "service", service.code, reviewed_on=day.isoformat())
    return review


def not_reviewed(today: date | None = None) -> list[Service]:
    """Published services whose standard was not reviewed in the last year (or never)."""
    cutoff = (today or clock.today()) - REVIEW_INTERVAL
    return list(
        db.session.scalars(
            select(Service)
            .where(
                Service.published.is_(True), or_(Service.last_reviewed_on.is_(None), Service.last_reviewed_on < cutoff)
            )
            .order_by(Service.code)
        )
    )


def without_decree() -> list[Service]:
    return list(
        db.session.scalars(
            select(Service)
            .where(Service.published.is_(True), or_(Service.decree_number == "", Service.decree_date.is_(None)))
            .order_by(Service.code)
        )
    )


# ---------------------------------------------------------------- public consultations


def add_consultation(
    actor,
    *,
    held_on,
    topic: str,
    participants_count,
    service_id=None,
    minutes_filename: str = "",
    minutes: bytes | None = None,
) -> PublicConsultation:
    """Record a Forum Konsultasi Publik with its minutes (PDF or image). Flushes."""
    fields: dict[str, str] = {}
    day = parse_day(held_on, "held_on", fields)
    if day and day > clock.today():
        fields["held_on"] = _("Record a consultation once it has been held.")
    if len(_text(topic, 2000)) < 5:
        fields["topic"] = _("Say what was consulted on.")
    try:
        count = int(str(participants_count).strip())
        if not 1 <= count <= 100000:
            raise ValueError
    except (TypeError, ValueError):
        count = 0
        fields["participants_count"] = _("Give the number of participants (1 or more).")
    service = None
    if service_id not in (None, "", "0", 0):
        try:
            service = db.session.get(Service, database_id(str(service_id)))
        except ValueError:  # not a number the database can hold
            service = None
        if service is None:
            fields["service_id"] = _("Choose a service from the list.")
    extension = minutes_filename.rsplit(".", 1)[-1].lower() if "." in (minutes_filename or "") else ""
    if minutes:
        if extension not in MINUTES_TYPES:
            fields["minutes"] = _("Attach the minutes as a PDF, JPG or PNG file.")
        elif len(minutes) > MINUTES_MAX_BYTES:
            fields["minutes"] = _("The file is larger than 10 MB; scan it at a lower resolution.")
        elif extension == "pdf" and not minutes.startswith(b"%PDF"):
            fields["minutes"] = _("This file is not a PDF.")
    if fields:
        raise StandardsError(fields=fields)
    consultation = PublicConsultation(
        held_on=day,
        topic=_text(topic, 2000),
        participants_count=count,
        service_id=service.id if service else None,
        minutes_filename=SAFE_FILENAME.sub("-", minutes_filename)[-120:] if minutes else "",
        minutes_mimetype=MINUTES_TYPES.get(extension, "") if minutes else "",
        minutes=minutes or None,
        recorded_by=actor.name[:80],
    )
    db.session.add(consultation)
    db.session.flush()
    record(actor, "consultation.add", "public_consultation", str(consultation.id), held_on=day.isoformat())
    return consultation


def consultations(year: int | None = None) -> list[PublicConsultation]:
    query = select(PublicConsultation).order_by(PublicConsultation.held_on.desc())
    if year:
        query = query.where(
            PublicConsultation.held_on >= date(year, 1, 1), PublicConsultation.held_on <= date(year, 12, 31)
        )
    return list(db.session.scalars(query))
