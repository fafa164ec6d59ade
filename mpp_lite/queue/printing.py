"""Printed tickets: a PDF exactly as wide as the thermal roll (80 or 58 mm, height fitted to the
content), a QR code as SVG for the on-screen ticket, and direct ESC/POS printing (python-escpos)
for kiosks configured with a USB, network or file printer."""

from __future__ import annotations

import socket
from dataclasses import dataclass
from io import BytesIO
from typing import TYPE_CHECKING

from flask_babel import gettext as _

from mpp_lite.queue.estimates import people_ahead
from mpp_lite.queue.models import Ticket
from mpp_lite.queue.serialise import public_url
from mpp_lite.site.services import get_settings
from mpp_lite.site.templating import local_time

if TYPE_CHECKING:
    from mpp_lite.queue.services import IssuedTicket

# reportlab is imported where it draws, not here: a server that prints no ticket that day does
# not carry it in memory (about 10 MB).
mm = 72 / 25.4  # points per millimetre, as reportlab.lib.units.mm
PAPERS = {80: 80 * mm, 58: 58 * mm}  # 226.77 pt and 164.41 pt
PRINTER_KINDS = ("browser", "none", "network", "usb", "file")


@dataclass(frozen=True)
class TicketPrint:
    """Everything printed on a ticket; no personal data (tickets are anonymous)."""

    mpp_name: str
    tenant: str
    number: str
    service: str
    issued: str  # local date and time, already formatted
    people_ahead: int | None
    url: str
    priority: bool = False
    footer: str = ""


def ticket_print_data(ticket: Ticket | IssuedTicket) -> TicketPrint:
    """What a ticket's printout reads, from the ticket and the MPP's settings."""
    settings = get_settings()
    booked_from = getattr(ticket, "callable_from", None)  # a booking's ticket (bookings/checkin.py)
    footer = (
        _("Booked: called from %(time)s, ahead of walk-in visitors.", time=local_time(booked_from, "%H.%M"))
        if booked_from
        else _("Please wait until your number is called.")
    )
    return TicketPrint(
        mpp_name=settings.get("mpp_name") or "Mal Pelayanan Publik",
        tenant=ticket.service.tenant.display_name if ticket.service.tenant else "",
        number=ticket.number,
        service=ticket.service.name,
        issued=local_time(ticket.issued_at, "%d-%m-%Y %H:%M"),
        people_ahead=people_ahead(ticket),
        url=public_url(ticket),
        priority=ticket.priority,
        footer=footer,
    )


def qr_drawing(url: str, size: float):
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(url, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def qr_svg(url: str, size: float = 200) -> str:
    from reportlab.graphics import renderSVG

    return renderSVG.drawToString(qr_drawing(url, size))


def _fit_font(text: str, font: str, width: float, largest: float, smallest: float = 4) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    size = largest
    while size > smallest and stringWidth(text, font, size) > width:
        size -= 0.25
    return size


def ticket_pdf(ticket: TicketPrint, paper: int = 80) -> BytesIO:
    """Draw the ticket on a page exactly `paper` mm wide and as tall as its content."""
    from reportlab.graphics import renderPDF
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen.canvas import Canvas

    width = PAPERS[paper]
    margin = 4 * mm if paper == 80 else 3 * mm
    inner = width - 2 * margin
    narrow = paper == 58
    lines: list[tuple[str, str, float, float]] = []  # (text, font, size, space after)

    def add(text: str, font: str = "Helvetica", size: float = 9, after: float = 2, wrap: bool = True):
        parts = simpleSplit(text, font, size, inner) if wrap else [text]
        for i, part in enumerate(parts):
            lines.append((part, font, size, after if i == len(parts) - 1 else 1))

    add(ticket.mpp_name.upper(), "Helvetica-Bold", 8.5 if narrow else 10, 2)
    if ticket.tenant:
        add(ticket.tenant, "Helvetica", 8 if narrow else 9, 5)
    add(_("QUEUE NUMBER"), "Helvetica", 8 if narrow else 9, 0)
    number_size = _fit_font(ticket.number, "Helvetica-Bold", inner, 46 if narrow else 60, 20)
    lines.append((ticket.number, "Helvetica-Bold", number_size, 3))
    if ticket.priority:
        add(_("PRIORITY"), "Helvetica-Bold", 9 if narrow else 10, 3)
    add(ticket.service, "Helvetica-Bold", 8.5 if narrow else 10, 3)
    add(ticket.issued, "Helvetica", 8 if narrow else 9, 2)
    if ticket.people_ahead is not None:
        add(_("People ahead of you: %(num)d", num=ticket.people_ahead), "Helvetica", 8 if narrow else 9, 5)
    qr_size = 30 * mm if narrow else 38 * mm
    tail: list[tuple[str, str, float, float]] = []
    url_size = _fit_font(ticket.url, "Helvetica", inner, 7, 3.5)
    tail.append((ticket.url, "Helvetica", url_size, 3))
    for part in simpleSplit(_("Scan to see your place in the queue on your phone."), "Helvetica", 7, inner):
        tail.append((part, "Helvetica", 7, 1))
    if ticket.footer:
        for part in simpleSplit(ticket.footer, "Helvetica", 7, inner):
            tail.append((part, "Helvetica", 7, 1))

    def block_height(block):
        return sum(size * 1.15 + after for _text, _font, size, after in block)

    height = margin + block_height(lines) + 2 + qr_size + 4 + block_height(tail) + margin
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height))
    canvas.setTitle(f"{ticket.number} {ticket.mpp_name}")
    canvas.setAuthor(ticket.mpp_name)
    canvas.setCreator("MPP Lite")
    y = height - margin

    def draw(block):
        nonlocal y
        for text_line, font, size, after in block:
            y -= size * 1.0
            canvas.setFont(font, size)
            canvas.drawCentredString(width / 2, y, text_line)
            y -= size * 0.15 + after

    draw(lines)
    y -= 2 + qr_size
    renderPDF.draw(qr_drawing(ticket.url, qr_size), canvas, (width - qr_size) / 2, y)
    y -= 4
    draw(tail)
    canvas.showPage()
    canvas.save()
    buffer.seek(0)
    return buffer


# ---------------------------------------------------------------------------------------------
# ESC/POS
# ---------------------------------------------------------------------------------------------


class PrinterError(RuntimeError):
    """The configured printer could not be reached; the ticket is still valid on screen."""


def printer_settings(settings: dict | None) -> dict:
    """A kiosk's printer settings (ApiToken.settings["printer"]) with defaults filled in."""
    printer = dict((settings or {}).get("printer") or {})
    printer.setdefault("kind", "browser")
    printer.setdefault("paper", 80)
    try:
        printer["paper"] = 58 if int(printer["paper"]) == 58 else 80
    except (TypeError, ValueError):
        printer["paper"] = 80
    if printer["kind"] not in PRINTER_KINDS:
        printer["kind"] = "browser"
    return printer


def open_printer(printer: dict):
    """An escpos printer object for the settings (network host/port, USB ids, or a file/device)."""
    from escpos import printer as escpos_printer

    kind = printer["kind"]
    profile = printer.get("profile") or None
    if kind == "network":
        host, port = printer.get("host", ""), int(printer.get("port") or 9100)
        try:  # escpos leaks the socket when the printer is off; ask first, with our own socket
            with socket.create_connection((host, port), timeout=3):
                pass
        except OSError as error:
            raise PrinterError(f"{host}:{port}: {error}") from error
        return escpos_printer.Network(
            printer.get("host", ""), port=int(printer.get("port") or 9100), timeout=5, profile=profile
        )
    if kind == "usb":
        return escpos_printer.Usb(
            int(str(printer.get("vendor_id", "0")), 16), int(str(printer.get("product_id", "0")), 16), profile=profile
        )
    if kind == "file":
        return escpos_printer.File(printer.get("path") or "/dev/usb/lp0", profile=profile)
    raise PrinterError(f"printer kind {kind!r} does not print from the server")


def print_escpos(device, ticket: TicketPrint, paper: int = 80) -> None:
    """Write the ticket to an escpos printer object (Usb, Network, File, or Dummy in tests)."""
    from reportlab.lib.utils import simpleSplit

    columns = 48 if paper == 80 else 32
    device.set(align="center", bold=True, normal_textsize=True)
    for part in simpleSplit(ticket.mpp_name.upper(), "Courier", 10, columns * 6):
        device.textln(part)
    device.set(align="center", bold=False, normal_textsize=True)
    if ticket.tenant:
        device.textln(ticket.tenant[:columns])
    device.ln()
    device.textln(_("QUEUE NUMBER"))
    device.set(align="center", bold=True, double_height=True, double_width=True, custom_size=False)
    device.textln(ticket.number)
    device.set(align="center", bold=False, normal_textsize=True)
    if ticket.priority:
        device.textln(_("PRIORITY"))
    device.textln(ticket.service[: columns * 2])
    device.textln(ticket.issued)
    if ticket.people_ahead is not None:
        device.textln(_("People ahead of you: %(num)d", num=ticket.people_ahead))
    device.ln()
    device.qr(ticket.url, size=6 if paper == 80 else 4, native=False)
    device.textln(ticket.url)
    device.textln(_("Scan to see your place in the queue on your phone.")[: columns * 2])
    device.cut()


def print_to_configured(printer: dict, ticket: TicketPrint) -> None:
    try:
        device = open_printer(printer)
        print_escpos(device, ticket, printer["paper"])
        close = getattr(device, "close", None)
        if close:
            close()
    except PrinterError:
        raise
    except Exception as error:  # escpos raises many kinds (USB not found, socket timeout, ...)
        raise PrinterError(str(error)) from error
