"""Receipts (tanda terima): an A5 page under the MPP letterhead and an 80 mm slip.

Both carry the tracking code in large type and a QR code of the signed verification URL.
The QR is a crisp 1-bit image made with reportlab's QR encoder, so a test can pull it out of
the PDF and decode it.
"""

from __future__ import annotations

from io import BytesIO
from xml.sax.saxutils import escape

from flask_babel import format_date
from flask_babel import gettext as _
from PIL import Image as PILImage
from PIL import ImageDraw
from reportlab.graphics.barcode import qrencoder
from reportlab.graphics.shapes import Drawing, PolyLine
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from mpp_lite.applications import services
from mpp_lite.applications.models import Application
from mpp_lite.site.pdf import build_document, styles
from mpp_lite.site.templating import duration, local_time

MODULE_PIXELS = 8
QUIET_ZONE = 4


def qr_payload(application: Application) -> str:
    """What the receipt's QR code holds: the signed verification URL."""
    return services.verify_url(application)


def qr_image(payload: str) -> PILImage.Image:
    """The QR code of `payload` as a black-and-white image (8 px a module, 4-module margin)."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(payload)
    code.make()
    count = code.getModuleCount()
    size = (count + 2 * QUIET_ZONE) * MODULE_PIXELS
    image = PILImage.new("1", (size, size), 1)
    draw = ImageDraw.Draw(image)
    for row in range(count):
        for col in range(count):
            if code.isDark(row, col):
                x0, y0 = (col + QUIET_ZONE) * MODULE_PIXELS, (row + QUIET_ZONE) * MODULE_PIXELS
                draw.rectangle((x0, y0, x0 + MODULE_PIXELS - 1, y0 + MODULE_PIXELS - 1), fill=0)
    return image


def _qr_flowable(payload: str, width) -> Image:
    buffer = BytesIO()
    qr_image(payload).save(buffer, format="PNG")
    buffer.seek(0)
    return Image(buffer, width=width, height=width)


def _tick() -> Drawing:
    """A check mark drawn as lines, so it prints the same on every viewer and printer."""
    drawing = Drawing(9, 9)
    drawing.add(PolyLine([1, 4.5, 3.5, 1.5, 8, 8.5], strokeWidth=1.6, strokeColor=colors.HexColor("#1b7f3b")))
    return drawing


def due_text(application: Application) -> str:
    if application.due_date is None:
        return _("set when the documents are complete")
    text = format_date(application.due_date, "EEEE, d MMMM yyyy")
    if services.due_date_is_estimate(application):
        text += " " + _("(estimate: the holidays of that period are not official yet)")
    return text


def _status_help() -> str:
    status_url = services.public_url("applications.status_page")
    return _(
        "Check the status at the MPP kiosk or at %(url)s with the tracking code and the last 4 digits "
        "of your phone number.",
        url=status_url,
    )


def receipt_pdf(application: Application, settings: dict, officer: str = "") -> BytesIO:
    """The A5 tanda terima for the citizen (full name) with the verification QR."""
    s = styles()
    code_style = ParagraphStyle(
        "code", parent=s["title"], fontName="Courier-Bold", fontSize=24, leading=28, spaceAfter=2
    )
    label_style = ParagraphStyle("label", parent=s["small"], alignment=TA_CENTER)
    service = application.service
    story = [
        Paragraph(escape(_("APPLICATION RECEIPT")), s["title"]),
        Paragraph(escape(_("Tracking code")), label_style),
        Paragraph(escape(application.display_code), code_style),
        Spacer(1, 2 * mm),
    ]
    rows = [
        (_("Service"), service.name),
        (_("Agency"), application.tenant.name),
        (_("Applicant"), application.applicant_name),
        (_("Received"), local_time(application.received_at)),
        (_("Service time"), duration(service.duration_value, service.duration_unit)),
        (_("Estimated completion"), due_text(application)),
        (_("Status"), services.status_label(application.status)),
    ]
    details = Table(
        [[Paragraph(escape(k), s["cellbold"]), Paragraph(escape(v or "-"), s["cell"])] for k, v in rows],
        colWidths=[26 * mm, None],
    )
    details.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    qr = _qr_flowable(qr_payload(application), 34 * mm)
    top = Table(
        [[details, [qr, Paragraph(escape(_("Scan to verify this receipt")), label_style)]]], colWidths=[None, 36 * mm]
    )
    top.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story.append(top)
    story.append(Paragraph(escape(_("Documents received")), s["h2"]))
    received = set(application.documents or [])
    doc_rows = []
    not_yet = _("not handed in")
    for requirement in service.requirements or []:
        if requirement in received:
            mark, text = _tick(), escape(requirement)
        else:
            mark, text = Paragraph("–", s["cellbold"]), f"{escape(requirement)} <i>({escape(not_yet)})</i>"
        doc_rows.append([mark, Paragraph(text, s["cell"])])
    if doc_rows:
        documents = Table(doc_rows, colWidths=[9 * mm, None])
        documents.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ]
            )
        )
        story.append(documents)
    else:
        story.append(Paragraph("-", s["cell"]))
    story += [
        Paragraph(escape(_("How to check the status")), s["h2"]),
        Paragraph(escape(_status_help()), s["body"]),
        Spacer(1, 2 * mm),
        Paragraph(
            escape(
                _(
                    "The due date counts working days from the day the documents are complete; "
                    "weekends, national holidays, cuti bersama and local holidays are not counted."
                )
            ),
            s["small"],
        ),
    ]
    if officer:
        story += [Spacer(1, 4 * mm), Paragraph(escape(_("Received by: %(name)s", name=officer)), s["small"])]
    receipt_word = _("Receipt")
    footer = f"{settings.get('mpp_name', '')} · {receipt_word} {application.display_code}"
    return build_document(
        story,
        _fitting_letterhead(settings, A5[0] - 36 * mm),
        title=f"Tanda terima {application.display_code}",
        footer=footer,
        pagesize=A5,
    )


def _fitting_letterhead(settings: dict, width: float) -> dict:
    """The letterhead's contact line is one centred line: on A5 drop e-mail, then phone, to fit."""
    fitted = dict(settings)
    for key in ("email", "phone"):
        contact = " · ".join(p for p in (fitted.get("address"), fitted.get("phone"), fitted.get("email")) if p)
        if stringWidth(contact, "Helvetica", 8) <= width:
            break
        fitted[key] = ""
    return fitted


def slip_pdf(application: Application, settings: dict) -> BytesIO:
    """The same receipt, short, for an 80 mm thermal printer (72 mm printable)."""
    width = 80 * mm
    margin = 4 * mm
    inner = width - 2 * margin
    base = styles()
    centre = ParagraphStyle("centre", parent=base["body"], alignment=TA_CENTER, fontSize=9, leading=11)
    bold = ParagraphStyle("bold", parent=centre, fontName="Helvetica-Bold", fontSize=10, leading=12)
    code_style = ParagraphStyle("slipcode", parent=centre, fontName="Courier-Bold", fontSize=20, leading=24)
    small = ParagraphStyle("slipsmall", parent=centre, fontSize=7.5, leading=9)
    service = application.service
    flow = [
        Paragraph(escape(settings.get("mpp_name") or "Mal Pelayanan Publik"), bold),
        Paragraph(escape(settings.get("regency") or ""), small),
        Spacer(1, 2 * mm),
        Paragraph(escape(_("APPLICATION RECEIPT")), bold),
        Paragraph(escape(application.display_code), code_style),
        _qr_flowable(qr_payload(application), 36 * mm),
        Paragraph(escape(service.name), bold),
        Paragraph(escape(application.tenant.display_name), centre),
        Paragraph(escape(_("Applicant") + ": " + application.applicant_name), centre),
        Paragraph(escape(_("Received") + ": " + local_time(application.received_at)), centre),
        Paragraph(escape(_("Estimated completion") + ": " + due_text(application)), centre),
        Paragraph(
            escape(
                _(
                    "Documents received: %(got)d of %(total)d",
                    got=len(application.documents or []),
                    total=len(service.requirements or []),
                )
            ),
            centre,
        ),
        Spacer(1, 2 * mm),
        Paragraph(escape(_status_help()), small),
    ]
    height = 2 * margin + sum(f.wrap(inner, 1000)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flow) + 6 * mm
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=(width, height),
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=f"Tanda terima {application.display_code}",
        creator="MPP Lite",
    )
    doc.build(flow)
    buffer.seek(0)
    return buffer
