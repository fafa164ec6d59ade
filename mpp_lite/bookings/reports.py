"""Booking figures for a period: bookings by status and source, how long booked and walk-in
visitors waited to be called, and messages sent or failed by channel."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from statistics import median

from mpp_lite.bookings.models import Booking, BookingStatus
from mpp_lite.bookings.notify import outcome_counts
from mpp_lite.extensions import db
from mpp_lite.queue.models import Ticket
from mpp_lite.site import clock


def figures(start: date, end: date) -> dict:
    by_status = dict(
        db.session.execute(
            db.select(Booking.status, db.func.count())
            .where(Booking.day >= start, Booking.day <= end)
            .group_by(Booking.status)
        ).all()
    )
    by_source = dict(
        db.session.execute(
            db.select(Booking.source, db.func.count())
            .where(Booking.day >= start, Booking.day <= end)
            .group_by(Booking.source)
        ).all()
    )
    booked_waits, walk_in_waits = [], []
    rows = db.session.execute(
        db.select(Ticket.issued_at, Ticket.callable_from, Ticket.called_at).where(
            Ticket.day >= start, Ticket.day <= end, Ticket.called_at.is_not(None), Ticket.transferred_from_id.is_(None)
        )
    )
    for issued_at, callable_from, called_at in rows:
        if callable_from is not None:
            booked_waits.append((called_at - max(issued_at, callable_from)).total_seconds() / 60)
        else:
            walk_in_waits.append((called_at - issued_at).total_seconds() / 60)
    return {
        "made": sum(by_status.values()),
        **{str(status): by_status.get(status, 0) for status in BookingStatus},
        "by_source": by_source,
        "booked_wait_median": round(median(booked_waits), 1) if booked_waits else None,
        "walk_in_wait_median": round(median(walk_in_waits), 1) if walk_in_waits else None,
        "booked_called": len(booked_waits),
        "walk_in_called": len(walk_in_waits),
    }


def message_figures(start: date, end: date) -> dict[str, dict[str, int]]:
    zone = clock.zone()
    begin = datetime.combine(start, time(0), tzinfo=zone)
    finish = datetime.combine(end + timedelta(days=1), time(0), tzinfo=zone)
    return outcome_counts(begin, finish)
