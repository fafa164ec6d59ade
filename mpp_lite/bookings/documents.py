"""What a citizen takes home from a booking: an A6 PDF confirmation with the code as a QR
(scanned at the kiosk), and an .ics calendar event. No phone number on either; the name masked."""

from __future__ import annotations

from datetime import timezone
from io import BytesIO

from flask_babel import gettext as _

from mpp_lite.bookings.models import Booking
from mpp_lite.bookings.services import grace_end, slot_text, status_label
from mpp_lite.privacy.masking import mask_name
from mpp_lite.queue.printing import qr_drawing
from mpp_lite.site import clock
from mpp_lite.site.services import get_settings


def confirmation_pdf(booking: Booking) -> BytesIO:
    from reportlab.graphics import renderPDF
    from reportlab.lib.pagesizes import A6
    from reportlab.lib.units import mm
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen.canvas import Canvas

    place = get_settings().get("mpp_name", "MPP")
    width, height = A6
    margin = 8 * mm
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=A6)
    canvas.setTitle(f"{_('Booking')} {booking.display_code}")
    canvas.setCreator("MPP Lite")
    y = height - margin

    def line(text: str, font: str = "Helvetica", size: float = 10, after: float = 3):
        nonlocal y
        for part in simpleSplit(text, font, size, width - 2 * margin):
            y -= size
            canvas.setFont(font, size)
            canvas.drawCentredString(width / 2, y, part)
            y -= 1.5
        y -= after

    line(place.upper(), "Helvetica-Bold", 11, 4)
    line(_("BOOKING CONFIRMATION"), "Helvetica", 9, 2)
    line(booking.display_code, "Helvetica-Bold", 22, 4)
    line(booking.service.name, "Helvetica-Bold", 10, 2)
    line(slot_text(booking), "Helvetica", 10, 2)
    line(mask_name(booking.name), "Helvetica", 9, 4)
    size = 38 * mm
    y -= size
    renderPDF.draw(qr_drawing(booking.display_code, size), canvas, (width - size) / 2, y)
    y -= 4
    until = grace_end(booking).astimezone(clock.zone())
    line(
        _('Show this code at the kiosk ("I have a booking") no later than %(time)s.', time=f"{until:%H.%M}"),
        "Helvetica",
        8,
        2,
    )
    line(_("Status: %(status)s", status=status_label(booking.status)), "Helvetica", 8, 0)
    canvas.showPage()
    canvas.save()
    buffer.seek(0)
    return buffer


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def calendar_event(booking: Booking) -> str:
    """An iCalendar (RFC 5545) event for the slot, with a reminder an hour before."""
    place = get_settings().get("mpp_name", "MPP")
    stamp = "%Y%m%dT%H%M%SZ"
    summary = f"{booking.service.name} - {place}"
    description = _("Booking code %(code)s. Show it at the kiosk.", code=booking.display_code)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//MPP Lite//Reservasi//ID",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{booking.uid}@mpp-lite",
        f"DTSTAMP:{booking.created_at.astimezone(timezone.utc):{stamp}}",
        f"DTSTART:{booking.slot_start.astimezone(timezone.utc):{stamp}}",
        f"DTEND:{booking.slot_end.astimezone(timezone.utc):{stamp}}",
        f"SUMMARY:{_ics_text(summary)}",
        f"LOCATION:{_ics_text(place)}",
        f"DESCRIPTION:{_ics_text(description)}",
        "STATUS:" + ("CANCELLED" if booking.status == "cancelled" else "CONFIRMED"),
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "TRIGGER:-PT1H",
        f"DESCRIPTION:{_ics_text(summary)}",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"
