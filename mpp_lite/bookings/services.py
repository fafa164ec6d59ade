"""Taking, finding and cancelling bookings; the abuse limits; lapsing the ones nobody came for.

Plain values in, models out; every function flushes and never commits (the view, API endpoint
or CLI command owns the transaction). Taking a seat is one INSERT ... ON CONFLICT DO UPDATE
... RETURNING on the slot's seat counter, the transaction's first write: concurrent bookings
of the last seats queue on the write lock (SQLite) or the row lock (PostgreSQL), and the ones
that find the slot full roll back with a 409.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import re
from datetime import datetime, time, timedelta

from flask import current_app, has_request_context, request
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from sqlalchemy import bindparam, text

from mpp_lite.applications import codes
from mpp_lite.applications.services import check_rate_limit, clean_phone, record_lookup_failure
from mpp_lite.bookings import notify
from mpp_lite.bookings.models import (
    Booking,
    BookingSeats,
    BookingSource,
    BookingStatus,
    OutgoingMessage,
)
from mpp_lite.bookings.slots import booking_rules, find_slot, nearest_free
from mpp_lite.catalogue.models import Service
from mpp_lite.database import UTCDateTime
from mpp_lite.errors import CONFLICT, INVALID, NOT_FOUND, RATE_LIMITED, DomainError
from mpp_lite.extensions import db
from mpp_lite.queue.models import Queue
from mpp_lite.queue.services import valid_id
from mpp_lite.security import absolute_url
from mpp_lite.site import clock

_TAKE_SEAT = text(
    "INSERT INTO booking_seats (queue_id, slot_start, taken) VALUES (:queue_id, :slot_start, 1) "
    "ON CONFLICT (queue_id, slot_start) DO UPDATE SET taken = booking_seats.taken + 1 "
    "RETURNING taken"
).bindparams(bindparam("slot_start", type_=UTCDateTime()))
_PHONE = re.compile(r"^08\d{7,12}$")

DEFAULT_LIMITS = {
    "BOOKING_LIMIT_PHONE_PER_DAY": 3,
    "BOOKING_LIMIT_CLIENT_PER_HOUR": 20,
    "BOOKING_LIMIT_OPEN_PER_PHONE": 2,
}


class BookingError(DomainError):
    """A booking request that cannot be done; the message says why and what to do instead."""


def _limit(name: str) -> int:
    return int(current_app.config.get(name, DEFAULT_LIMITS[name]))


def client_key() -> str:
    address = request.remote_addr if has_request_context() else "local"
    return hashlib.sha256(f"mpp-booking:{address}".encode()).hexdigest()[:32]


# --- input ----------------------------------------------------------------------------------


def bookable_service(service_id) -> tuple[Service, Queue]:
    ident = valid_id(service_id)
    service = db.session.get(Service, ident) if ident else None
    if service is None or not service.published or not service.tenant.active:
        raise BookingError(
            _("There is no such service. Choose a service from the list."),
            NOT_FOUND,
            code="unknown_service",
            fields={"service_id": _("Choose a service from the list.")},
        )
    if service.queue is None or booking_rules(service.queue) is None:
        raise BookingError(
            _(
                "%(service)s takes no bookings: please come to the MPP and take a ticket at the kiosk.",
                service=service.name,
            ),
            CONFLICT,
            code="no_booking",
        )
    return service, service.queue


def check_phone(value) -> str:
    phone = clean_phone(str(value or "")) if isinstance(value, str) else ""
    if not _PHONE.match(phone):
        raise BookingError(
            _("Check the phone number."),
            INVALID,
            fields={"phone": _("A mobile number of 10 to 14 digits starting with 08, e.g. 081234567890.")},
        )
    return phone


def check_name(value) -> str:
    name = " ".join(value.split()) if isinstance(value, str) else ""
    if not 2 <= len(name) <= 120:
        raise BookingError(
            _("Check the name."), INVALID, fields={"name": _("Enter the name as on the KTP-el (2 to 120 characters).")}
        )
    return name


def parse_slot_start(value) -> datetime:
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) and len(value) <= 40 else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise BookingError(
            _("Choose a slot from the list."),
            INVALID,
            fields={"slot_start": _("A time with its offset, e.g. 2026-12-07T09:00+07:00.")},
        )
    return moment


def parse_code(text_value) -> str:
    """The code's canonical 9 symbols; a typo caught by the check character is 422 "check the code"."""
    try:
        return codes.normalise(str(text_value or ""))
    except codes.CodeCheckError:
        message = _("This code has a typo: check the booking code and type it again.")
    except codes.CodeFormatError:
        message = _("A booking code has 9 characters, like 7K3Q-9XWD-6; check the code.")
    raise BookingError(_("Check the code."), INVALID, code="check_code", fields={"code": message})


# --- limits ---------------------------------------------------------------------------------


def _retry_error(message: str, seconds: int) -> BookingError:
    return BookingError(message, RATE_LIMITED, code="limit", headers={"Retry-After": str(max(1, seconds))})


def check_limits(phone: str, client: str, now: datetime) -> None:
    """Per phone per day, per client address per hour, open bookings per phone (messages name the limit)."""
    local = now.astimezone(clock.zone())
    day_start = datetime.combine(local.date(), time(0), tzinfo=local.tzinfo)
    count = db.select(db.func.count()).select_from(Booking)
    per_day = _limit("BOOKING_LIMIT_PHONE_PER_DAY")
    made_today = db.session.scalar(
        count.where(Booking.phone == phone, Booking.created_at >= day_start, Booking.source == BookingSource.ONLINE)
    )
    if made_today >= per_day:
        raise _retry_error(
            ngettext(
                "One phone number may make %(num)d booking a day. Please try again tomorrow.",
                "One phone number may make %(num)d bookings a day. Please try again tomorrow.",
                per_day,
            ),
            int((day_start + timedelta(days=1) - local).total_seconds()),
        )
    per_hour = _limit("BOOKING_LIMIT_CLIENT_PER_HOUR")
    recent = list(
        db.session.scalars(
            db.select(Booking.created_at)
            .where(Booking.client == client, Booking.created_at > now - timedelta(hours=1))
            .order_by(Booking.created_at)
        )
    )
    if client and len(recent) >= per_hour:
        wait = recent[len(recent) - per_hour] + timedelta(hours=1) - now
        raise _retry_error(
            ngettext(
                "This device may make %(num)d booking an hour. Please try again later.",
                "This device may make %(num)d bookings an hour. Please try again later.",
                per_hour,
            ),
            math.ceil(wait.total_seconds()),
        )
    open_cap = _limit("BOOKING_LIMIT_OPEN_PER_PHONE")
    held = db.session.scalar(
        count.where(Booking.phone == phone, Booking.status == BookingStatus.BOOKED, Booking.slot_end > now)
    )
    if held >= open_cap:
        raise BookingError(
            ngettext(
                "This phone number already has %(num)d open booking, the most allowed. Cancel it or use it first.",
                "This phone number already has %(num)d open bookings, the most allowed. Cancel one or use it first.",
                open_cap,
            ),
            CONFLICT,
            code="open_bookings_limit",
            limit=open_cap,
        )


# --- booking ----------------------------------------------------------------------------------


def new_booking_code() -> str:
    for _attempt in range(10):
        code = codes.new_code()
        if db.session.scalar(db.select(Booking.id).where(Booking.code == code)) is None:
            return code
    raise RuntimeError("no free booking code after 10 tries")


def take_seat(queue_id: int, slot_start: datetime) -> int:
    """Seats taken in the slot after this one; the caller checks against the capacity."""
    return db.session.connection().execute(_TAKE_SEAT, {"queue_id": queue_id, "slot_start": slot_start}).scalar_one()


def give_back_seat(queue_id: int, slot_start: datetime) -> None:
    db.session.execute(
        db.update(BookingSeats)
        .where(BookingSeats.queue_id == queue_id, BookingSeats.slot_start == slot_start, BookingSeats.taken > 0)
        .values(taken=BookingSeats.taken - 1),
        execution_options={"synchronize_session": False},
    )


def slot_full_error(queue: Queue, start: datetime, now: datetime) -> BookingError:
    alternatives = [s.to_json() for s in nearest_free(queue, start, now)]
    return BookingError(
        _("This slot has just filled up. Choose another slot."), CONFLICT, code="slot_full", alternatives=alternatives
    )


def book(
    service_id,
    slot_start,
    name,
    phone,
    *,
    source: str = BookingSource.ONLINE,
    created_by: str = "",
    client: str | None = None,
    check_abuse: bool = True,
) -> Booking:
    """Take one seat of the slot for the citizen: the booking, or 409 with the nearest free slots."""
    service, queue = bookable_service(service_id)
    fields: dict[str, str] = {}
    values = {}
    for key, check, raw in (
        ("name", check_name, name),
        ("phone", check_phone, phone),
        ("slot_start", parse_slot_start, slot_start),
    ):
        try:
            values[key] = check(raw)
        except BookingError as error:
            fields.update(error.fields)
    if fields:
        raise BookingError(_("Check the fields marked."), INVALID, fields=fields)
    now = clock.utcnow()
    slot = find_slot(queue, values["slot_start"], now)
    if slot is None:
        raise BookingError(
            _("This slot cannot be booked (closed, past or too far ahead). Choose a slot from the list."),
            INVALID,
            code="unknown_slot",
            fields={"slot_start": _("Choose a slot from the list.")},
        )
    client = client if client is not None else client_key()
    if check_abuse:
        check_limits(values["phone"], client, now)
    if slot.capacity <= 0 or take_seat(queue.id, slot.start) > slot.capacity:
        raise slot_full_error(queue, slot.start, now)
    booking = Booking(
        code=new_booking_code(),
        queue_id=queue.id,
        service_id=service.id,
        day=slot.start.date(),
        slot_start=slot.start,
        slot_end=slot.end,
        name=values["name"],
        phone=values["phone"],
        status=BookingStatus.BOOKED,
        source=source,
        client=client if source == BookingSource.ONLINE else "",
        created_by=created_by[:80],
        created_at=now,
        updated_at=now,
    )
    db.session.add(booking)
    db.session.flush()
    queue_message_for(booking, "booking_confirmed")
    return booking


def find(code_text) -> Booking | None:
    return db.session.scalar(db.select(Booking).where(Booking.code == parse_code(code_text)))


def for_citizen(code_text, phone_last4) -> Booking:
    """The booking for someone who knows its code and the phone's last 4 digits; one 404 for
    an unknown code and wrong digits alike (nothing that tells them apart)."""
    code = parse_code(code_text)
    digits = re.sub(r"\D", "", str(phone_last4 or ""))
    if len(digits) != 4:
        raise BookingError(
            _("Check the phone digits."),
            INVALID,
            fields={"phone_last4": _("Enter the last 4 digits of the phone number given when booking.")},
        )
    client = client_key()
    check_rate_limit(client, code)  # the status lookup's limit: 10 failed tries in 10 minutes
    booking = db.session.scalar(db.select(Booking).where(Booking.code == code))
    expected = booking.phone[-4:] if booking is not None else "----"
    if booking is None or not hmac.compare_digest(expected.encode(), digits.encode()):
        record_lookup_failure(client, code)
        raise BookingError(
            _("We could not find a booking with this code and these phone digits. Check both and try again."),
            NOT_FOUND,
            code="not_found",
        )
    return booking


def cancel(booking: Booking, by: str = "") -> Booking:
    """Cancel a booking that is still open; its seat is offered again."""
    lapse_overdue()
    if booking.status != BookingStatus.BOOKED:
        raise BookingError(
            _("This booking is %(status)s and can no longer be cancelled.", status=status_label(booking.status)),
            CONFLICT,
            code="wrong_state",
            booking_status=booking.status,
        )
    now = clock.utcnow()
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = booking.updated_at = now
    if booking.slot_start > now:
        give_back_seat(booking.queue_id, booking.slot_start)
    db.session.flush()
    return booking


def grace_end(booking: Booking) -> datetime:
    found = booking_rules(booking.queue)
    grace = found[1].grace_minutes if found else 15
    return booking.slot_start + timedelta(minutes=grace)


def checkin_window(booking: Booking) -> tuple[datetime, datetime]:
    """From the opening of the booked day (early arrivals wait for their slot) to the grace end."""
    found = booking_rules(booking.queue)
    start = booking.slot_start
    if found is not None:
        windows = found[0].windows_on(booking.day)
        if windows:
            midnight = datetime.combine(booking.day, time(0), tzinfo=clock.zone())
            start = min(start, midnight + timedelta(minutes=windows[0].opens))
    return start, grace_end(booking)


def lapse_overdue(now: datetime | None = None) -> int:
    """Bookings nobody checked in for by the end of their grace time become lapsed."""
    now = now or clock.utcnow()
    overdue = db.session.scalars(
        db.select(Booking).where(Booking.status == BookingStatus.BOOKED, Booking.slot_start < now)
    ).all()
    count = 0
    for booking in overdue:
        if grace_end(booking) < now:
            booking.status = BookingStatus.LAPSED
            booking.updated_at = now
            count += 1
    if count:
        db.session.flush()
    return count


def status_label(status: str) -> str:
    labels = {
        BookingStatus.BOOKED: _("booked"),
        BookingStatus.CHECKED_IN: _("checked in"),
        BookingStatus.LAPSED: _("lapsed"),
        BookingStatus.CANCELLED: _("cancelled"),
    }
    return str(labels.get(status, status))


def slot_text(booking: Booking) -> str:
    start = booking.slot_start.astimezone(clock.zone())
    end = booking.slot_end.astimezone(clock.zone())
    return f"{format_date(start.date(), 'EEEE, d MMMM yyyy')}, {start:%H.%M}-{end:%H.%M}"


def queue_message_for(booking: Booking, event: str) -> None:
    """The citizen's message about their booking, on every channel that is switched on."""
    try:
        link = absolute_url("bookings.manage")
    except RuntimeError:  # outside a request (a CLI import): no address to give
        link = ""
    values = {
        "name": booking.name,
        "code": booking.display_code,
        "service": booking.service.name,
        "slot": slot_text(booking),
        "grace": int((grace_end(booking) - booking.slot_start).total_seconds() // 60),
        "link": link,
    }
    notify.queue_message(event, values, phone=booking.phone, reference=booking.display_code)


def queue_reminders(now: datetime | None = None) -> int:
    """The day-before reminder for each of tomorrow's open bookings, once per booking."""
    local = (now or clock.utcnow()).astimezone(clock.zone())
    tomorrow = local.date() + timedelta(days=1)
    reminded = set(
        db.session.scalars(
            db.select(OutgoingMessage.reference).where(
                OutgoingMessage.event == "booking_reminder", OutgoingMessage.created_at > local - timedelta(days=2)
            )
        )
    )
    count = 0
    for booking in db.session.scalars(
        db.select(Booking).where(Booking.day == tomorrow, Booking.status == BookingStatus.BOOKED)
    ):
        if booking.display_code not in reminded:
            queue_message_for(booking, "booking_reminder")
            count += 1
    return count
