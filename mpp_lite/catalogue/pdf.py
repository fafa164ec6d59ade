"""The printable Standar Pelayanan of one service: A4, all 14 components."""

from __future__ import annotations

from io import BytesIO
from xml.sax.saxutils import escape

from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import ListFlowable, ListItem, Paragraph, Spacer, Table, TableStyle

from mpp_lite.catalogue.models import Service
from mpp_lite.site.pdf import build_document, styles
from mpp_lite.site.templating import duration, rupiah


def _para(text: str, style) -> Paragraph:
    return Paragraph(escape(text or "-").replace("\n", "<br/>"), style)


def _items(items: list[str], style, numbered: bool) -> ListFlowable | Paragraph:
    if not items:
        return _para("-", style)
    return ListFlowable(
        [ListItem(_para(item, style), leftIndent=12) for item in items],
        bulletType="1" if numbered else "bullet", start="1" if numbered else None,
        bulletFontSize=8.5, leftIndent=12,
    )


def components(service: Service) -> list[tuple[str, object, bool]]:
    """The 14 components in PermenPANRB 15/2014 order: (title, value, numbered list?)."""
    fee = rupiah(service.fee)
    if service.fee_note:
        fee = f"{fee} — {service.fee_note}"
    return [
        (_("Requirements"), service.requirements, False),
        (_("System, mechanism and procedure"), service.procedure, True),
        (_("Service time"), duration(service.duration_value, service.duration_unit), False),
        (_("Fee"), fee, False),
        (_("Service product"), service.product, False),
        (_("Complaints, suggestions and feedback"), service.complaint_channel, False),
        (_("Legal basis"), service.legal_basis, True),
        (_("Facilities and infrastructure"), service.facilities, False),
        (_("Staff competence"), service.competency, False),
        (_("Internal supervision"), service.internal_supervision, False),
        (_("Number of staff"), service.staff_count, False),
        (_("Service guarantee"), service.service_guarantee, False),
        (_("Security and safety guarantee"), service.security_guarantee, False),
        (_("Staff performance evaluation"), service.performance_evaluation, False),
    ]


def standard_pdf(service: Service, settings: dict) -> BytesIO:
    s = styles()
    story = [
        Paragraph(escape(_("SERVICE STANDARD")), s["title"]),
        Paragraph(escape(service.name), s["title"]),
        Paragraph(escape(f"{service.tenant.name} · {_('Code')} {service.code}"), s["subtitle"]),
        Spacer(1, 6 * mm),
    ]
    parts = components(service)
    sections = ((_("A. Service delivery"), 0, 6), (_("B. Service management"), 6, 14))
    for heading, start, end in sections:
        rows = []
        for index in range(start, end):
            title, value, numbered = parts[index]
            cell = _items(value, s["cell"], numbered) if isinstance(value, list) else _para(value, s["cell"])
            rows.append([Paragraph(str(index + 1), s["cellbold"]), Paragraph(escape(title), s["cellbold"]), cell])
        table = Table(rows, colWidths=[9 * mm, 45 * mm, None])
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa5b1")),
            ("BACKGROUND", (0, 0), (1, -1), colors.HexColor("#eef3f8")),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]))
        story += [Paragraph(escape(heading), s["h2"]), table]
    story.append(Spacer(1, 4 * mm))
    story.append(Paragraph(escape(_("The 14 components of a service standard under PermenPANRB 15/2014.")), s["small"]))
    return build_document(story, settings, title=f"Standar Pelayanan {service.name}")
