"""Shared look of the kit's A4/A5 documents: the regency's letterhead, styles and footer."""

from __future__ import annotations

from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate

from mpp_lite.site import clock

BRAND = colors.HexColor("#1f4e79")


def styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("title", parent=base["Title"], fontSize=15, leading=19, spaceAfter=4),
        "subtitle": ParagraphStyle(
            "subtitle", parent=base["Normal"], alignment=TA_CENTER, fontSize=10, textColor=colors.HexColor("#444444")
        ),
        "h2": ParagraphStyle(
            "h2", parent=base["Heading2"], fontSize=11.5, leading=14, spaceBefore=8, spaceAfter=3, textColor=BRAND
        ),
        "body": ParagraphStyle("body", parent=base["Normal"], fontSize=9.5, leading=12.5),
        "small": ParagraphStyle(
            "small", parent=base["Normal"], fontSize=8, leading=10, textColor=colors.HexColor("#555555")
        ),
        "cell": ParagraphStyle("cell", parent=base["Normal"], fontSize=9, leading=11.5),
        "cellbold": ParagraphStyle(
            "cellbold", parent=base["Normal"], fontName="Helvetica-Bold", fontSize=9, leading=11.5
        ),
    }


def fitting_font_size(text: str, room: float, largest: float, smallest: float, font: str = "Helvetica") -> float:
    """The largest size (down to `smallest`) at which one line of text fits the room (A5 pages)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    size = largest
    while size > smallest and stringWidth(text, font, size) > room:
        size -= 0.25
    return size


def draw_letterhead(canvas, doc, settings: dict, footer: str = "") -> None:
    """The header every page carries: MPP name, regency, address; a rule; page footer."""
    width, height = doc.pagesize
    canvas.saveState()
    top = height - 14 * mm
    canvas.setFillColor(BRAND)
    canvas.setFont("Helvetica-Bold", 10)
    canvas.drawCentredString(width / 2, top, (settings.get("regency") or "").upper())
    canvas.setFont("Helvetica-Bold", 13)
    canvas.drawCentredString(width / 2, top - 15, (settings.get("mpp_name") or "Mal Pelayanan Publik").upper())
    canvas.setFillColor(colors.black)
    contact = " · ".join(p for p in (settings.get("address"), settings.get("phone"), settings.get("email")) if p)
    canvas.setFont("Helvetica", fitting_font_size(contact, width - doc.leftMargin - doc.rightMargin, 8, 5.5))
    canvas.drawCentredString(width / 2, top - 27, contact)
    canvas.setStrokeColor(BRAND)
    canvas.setLineWidth(1.6)
    canvas.line(doc.leftMargin, top - 33, width - doc.rightMargin, top - 33)
    canvas.setLineWidth(0.5)
    canvas.line(doc.leftMargin, top - 36, width - doc.rightMargin, top - 36)
    canvas.setFont("Helvetica", 7.5)
    canvas.setFillColor(colors.HexColor("#555555"))
    canvas.drawString(doc.leftMargin, 10 * mm, footer)
    canvas.drawRightString(width - doc.rightMargin, 10 * mm, str(canvas.getPageNumber()))
    canvas.restoreState()


def printed_at() -> str:
    """The time a document was made, in the site's zone and named (06-12-2026 15:16 WIB), not the PC's UTC."""
    now = clock.local_now()
    return f"{now:%d-%m-%Y %H:%M} {now.tzname() or ''}".strip()


def build_document(story: list, settings: dict, title: str, footer: str = "", pagesize=A4) -> BytesIO:
    """Render a platypus story under the letterhead; returns the PDF in a buffer."""
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        title=title,
        author=settings.get("mpp_name", ""),
        creator="MPP Lite",
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=34 * mm,
        bottomMargin=18 * mm,
    )
    footer = footer or f"{settings.get('mpp_name', '')} · {printed_at()}"

    def on_page(canvas, doc_):
        draw_letterhead(canvas, doc_, settings, footer)

    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    buffer.seek(0)
    return buffer
