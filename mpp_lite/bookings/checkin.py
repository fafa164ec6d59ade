"""Check-in at the kiosk: a booking code becomes a ticket in the booked queue.

The ticket takes the queue's next number like any other and carries `callable_from` (the
slot's start): counters do not call it before, and from then on it goes ahead of walk-ins
(queue/services.py `calling_order`). Late beyond the grace time, the booking lapses and the
kiosk offers a walk-in ticket when the queue takes one.
"""

from __future__ import annotations

from flask_babel import format_date
from flask_babel import gettext as _

from mpp_lite.bookings.models import Booking, BookingStatus
from mpp_lite.bookings.services import (
    BookingError,
    checkin_window,
    grace_end,
    lapse_overdue,
    parse_code,
)
from mpp_lite.errors import CONFLICT, NOT_FOUND
from mpp_lite.extensions import db
from mpp_lite.queue.models import Ticket, TicketStatus
from mpp_lite.queue.schedule import queue_state
from mpp_lite.queue.services import close_open_tickets, format_number, take_number
from mpp_lite.site import clock


def _walk_in_offer(booking: Booking) -> dict:
    state = queue_state(booking.queue, count=False)
    return {"service_id": booking.service_id, "open": state.open, "message": state.message}


def check_in(code_text, issued_by: str = "") -> tuple[Booking, Ticket]:
    """The booking's ticket; 409 when it was used, cancelled, lapsed or is for another day."""
    code = parse_code(code_text)
    booking = db.session.scalar(db.select(Booking).where(Booking.code == code))
    if booking is None:
        raise BookingError(
            _("There is no booking with this code. Check the code, or take a walk-in ticket."),
            NOT_FOUND,
            code="not_found",
        )
    now = clock.utcnow()
    lapse_overdue(now)
    if booking.status == BookingStatus.CHECKED_IN:
        ticket = booking.ticket
        raise BookingError(
            _(
                "This booking was already checked in: your ticket is %(number)s.",
                number=ticket.number if ticket else "-",
            ),
            CONFLICT,
            code="already_checked_in",
            ticket={"id": ticket.id, "number": ticket.number, "public_url": f"/t/{ticket.public_id}"}
            if ticket
            else None,
        )
    if booking.status == BookingStatus.CANCELLED:
        raise BookingError(
            _("This booking was cancelled. Take a walk-in ticket if the queue has room."),
            CONFLICT,
            code="cancelled",
            walk_in=_walk_in_offer(booking),
        )
    if booking.status == BookingStatus.LAPSED or grace_end(booking) < now:
        raise BookingError(
            _(
                "Your slot began at %(time)s and the grace time has passed, so the booking has lapsed. "
                "Take a walk-in ticket if the queue has room.",
                time=f"{booking.slot_start.astimezone(clock.zone()):%H.%M}",
            ),
            CONFLICT,
            code="lapsed",
            walk_in=_walk_in_offer(booking),
        )
    today = now.astimezone(clock.zone()).date()
    if booking.day != today:
        raise BookingError(
            _(
                "This booking is for %(day)s. Please check in on that day.",
                day=format_date(booking.day, "EEEE, d MMMM yyyy"),
            ),
            CONFLICT,
            code="other_day",
        )
    opens = checkin_window(booking)[0]
    if now < opens:
        raise BookingError(
            _("Check-in opens at %(time)s. Please come back then.", time=f"{opens.astimezone(clock.zone()):%H.%M}"),
            CONFLICT,
            code="too_early",
        )
    # The first write: of two kiosks checking in the same code at once, one wins here.
    won = db.session.execute(
        db.update(Booking)
        .where(Booking.id == booking.id, Booking.status == BookingStatus.BOOKED)
        .values(status=BookingStatus.CHECKED_IN)
        .returning(Booking.id),
        execution_options={"synchronize_session": False},
    ).first()
    if won is None:
        db.session.refresh(booking)
        raise BookingError(_("This booking was already checked in."), CONFLICT, code="already_checked_in")
    seq = take_number(booking.queue_id, today)
    now = clock.utcnow()
    if seq == 1:
        close_open_tickets(before=today, now=now)
    ticket = Ticket(
        queue_id=booking.queue_id,
        service_id=booking.service_id,
        day=today,
        seq=seq,
        number=format_number(booking.queue.prefix, seq),
        status=TicketStatus.WAITING,
        issued_at=now,
        updated_at=now,
        issued_by=(issued_by or "")[:80],
        callable_from=booking.slot_start,
    )
    db.session.add(ticket)
    db.session.flush()
    booking.status = BookingStatus.CHECKED_IN
    booking.checked_in_at = booking.updated_at = now
    booking.ticket_id = ticket.id
    db.session.flush()
    return booking, ticket
