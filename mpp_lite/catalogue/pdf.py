"""The printable Standar Pelayanan of one service: A4, all 14 components."""

from __future__ import annotations

from io import BytesIO
from xml.sax.saxutils import escape

from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import ListFlowable, ListItem, Paragraph, Spacer, Table, TableStyle

from mpp_lite.catalogue.models import Maklumat, Service
from mpp_lite.site.pdf import build_document, styles
from mpp_lite.site.templating import duration, rupiah


def _para(text: str, style) -> Paragraph:
    return Paragraph(escape(text or "-").replace("\n", "<br/>"), style)


def _items(items: list[str], style, numbered: bool) -> ListFlowable | Paragraph:
    if not items:
        return _para("-", style)
    return ListFlowable(
        [ListItem(_para(item, style), leftIndent=12) for item in items],
        bulletType="1" if numbered else "bullet",
        start="1" if numbered else None,
        bulletFontSize=8.5,
        leftIndent=12,
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


def decree_line(service: Service) -> str:
    """ "Decree (SK) 800/12/2026 of 02-01-2026 · last reviewed 15-06-2026", or what is missing."""
    if service.decree_number and service.decree_date:
        decree = _(
            "Decree (SK) %(number)s of %(date)s",
            number=service.decree_number,
            date=service.decree_date.strftime("%d-%m-%Y"),
        )
    else:
        decree = _("No decree (SK) recorded yet")
    reviewed = (
        _("last reviewed %(date)s", date=service.last_reviewed_on.strftime("%d-%m-%Y"))
        if service.last_reviewed_on
        else _("not reviewed yet")
    )
    return f"{decree} · {reviewed}"


def maklumat_pdf(maklumat: Maklumat, settings: dict) -> BytesIO:
    """The Maklumat Pelayanan on one A4 page, ready to sign, frame and hang in the hall."""
    s = styles()
    big = ParagraphStyle("maklumat", parent=s["body"], fontSize=13, leading=19, alignment=TA_JUSTIFY)
    story = [
        Spacer(1, 8 * mm),
        Paragraph("MAKLUMAT PELAYANAN", s["title"]),
        Paragraph(escape(settings.get("mpp_name") or ""), s["subtitle"]),
        Spacer(1, 10 * mm),
    ]
    story += [Paragraph(escape(part).replace("\n", "<br/>"), big) for part in maklumat.text.split("\n\n")]
    place = settings.get("regency") or ""
    signature = [
        f"{place}, {maklumat.signed_on.strftime('%d-%m-%Y')}",
        maklumat.signatory_title,
        "",
        "",
        "",
        f"<b>{escape(maklumat.signatory_name)}</b>",
    ]
    if maklumat.signatory_nip:
        signature.append(f"NIP {escape(maklumat.signatory_nip)}")
    story += [
        Spacer(1, 14 * mm),
        Table(
            [
                [
                    "",
                    Paragraph(
                        "<br/>".join(
                            line if line.startswith("<b>") or line.startswith("NIP") else escape(line)
                            for line in signature
                        ),
                        s["body"],
                    ),
                ]
            ],
            colWidths=[None, 75 * mm],
        ),
    ]
    if maklumat.valid_until:
        story += [
            Spacer(1, 8 * mm),
            Paragraph(escape(_("Valid until %(date)s.", date=maklumat.valid_until.strftime("%d-%m-%Y"))), s["small"]),
        ]
    return build_document(story, settings, title="Maklumat Pelayanan")


def standard_pdf(service: Service, settings: dict) -> BytesIO:
    s = styles()
    story = [
        Paragraph(escape(_("SERVICE STANDARD")), s["title"]),
        Paragraph(escape(service.name), s["title"]),
        Paragraph(escape(f"{service.tenant.name} · {_('Code')} {service.code}"), s["subtitle"]),
        Paragraph(escape(decree_line(service)), s["subtitle"]),
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
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa5b1")),
                    ("BACKGROUND", (0, 0), (1, -1), colors.HexColor("#eef3f8")),
                    ("TOPPADDING", (0, 0), (-1, -1), 4),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        story += [Paragraph(escape(heading), s["h2"]), table]
    story.append(Spacer(1, 4 * mm))
    story.append(Paragraph(escape(_("The 14 components of a service standard under PermenPANRB 15/2014.")), s["small"]))
    return build_document(story, settings, title=f"Standar Pelayanan {service.name}")
