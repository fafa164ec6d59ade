"""Booked seats still held today: what walk-ins of a queue with a daily quota must leave free.

A seat is held from the booking until its slot's grace time ends; then (or at check-in, when
the booked ticket takes its number) it no longer counts, so an unused seat returns to walk-ins.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from mpp_lite.bookings.models import Booking, BookingStatus
from mpp_lite.extensions import db
from mpp_lite.site import clock


def held_seats(queue_id: int, now: datetime, grace_minutes: int) -> int:
    day = now.astimezone(clock.zone()).date()
    return (
        db.session.scalar(
            db.select(db.func.count())
            .select_from(Booking)
            .where(
                Booking.queue_id == queue_id,
                Booking.day == day,
                Booking.status == BookingStatus.BOOKED,
                Booking.slot_start > now - timedelta(minutes=grace_minutes),
            )
        )
        or 0
    )
