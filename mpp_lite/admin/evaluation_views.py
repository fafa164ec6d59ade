"""Admin pages for the PEKPPP evaluation: the Maklumat Pelayanan, the standards' decrees and
reviews, public consultations, and the evidence pack for the evaluator."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from mpp_lite.admin import bp
from mpp_lite.auth.permissions import current_actor, require
from mpp_lite.catalogue.forms import ConsultationMinutesForm
from mpp_lite.catalogue.models import PublicConsultation, Service
from mpp_lite.catalogue.standards import (
    StandardsError,
    add_consultation,
    add_review,
    consultations,
    current_maklumat,
    get_service,
    maklumat_is_stale,
    not_reviewed,
    record_decree,
    save_maklumat,
    without_decree,
)
from mpp_lite.database import in_transaction
from mpp_lite.extensions import db
from mpp_lite.site import clock
from mpp_lite.site.menus import add_admin

add_admin(
    "admin.maklumat",
    _l("Maklumat Pelayanan"),
    _l("The hall's signed service declaration: text, signatory, validity."),
    55,
)
add_admin(
    "admin.standards",
    _l("Service standards: decrees and reviews"),
    _l("Decree (SK) per standard, review history, standards not reviewed for a year."),
    56,
)
add_admin(
    "admin.consultations", _l("Public consultations"), _l("Forum Konsultasi Publik records and their minutes."), 57
)
add_admin(
    "admin.evidence",
    _l("Evidence for the PEKPPP evaluation"),
    _l("One ZIP with the Maklumat, standards, SKM, complaints and monthly reports."),
    58,
)


def _save(work, template: str, **context):
    """Run one service in a transaction; on a field error show the page again with the input kept."""
    try:
        return in_transaction(work), None
    except StandardsError as error:
        flash(error.message, "danger")
        return None, render_template(template, errors=error.fields, values=request.form, **context)


@bp.route("/maklumat", methods=["GET", "POST"])
@require("admin")
def maklumat():
    current = current_maklumat()
    if request.method == "POST":
        form = request.form
        saved, page = _save(
            lambda: save_maklumat(
                current_actor(),
                text=form.get("text", ""),
                signatory_name=form.get("signatory_name", ""),
                signatory_title=form.get("signatory_title", ""),
                signatory_nip=form.get("signatory_nip", ""),
                signed_on=form.get("signed_on", ""),
                valid_until=form.get("valid_until", ""),
                on_display=form.get("on_display") == "y",
            ),
            "admin/maklumat.html",
            current=current,
            stale=False,
        )
        if page is not None:
            return page, 422
        flash(_("Maklumat Pelayanan saved; the earlier text is kept in the history."), "success")
        return redirect(url_for("admin.maklumat"))
    values = {}
    if current is not None:
        values = {
            "text": current.text,
            "signatory_name": current.signatory_name,
            "signatory_title": current.signatory_title,
            "signatory_nip": current.signatory_nip,
            "signed_on": current.signed_on.isoformat(),
            "valid_until": current.valid_until.isoformat() if current.valid_until else "",
            "on_display": "y" if current.on_display else "",
        }
    return render_template(
        "admin/maklumat.html", current=current, stale=maklumat_is_stale(current), errors={}, values=values
    )


@bp.get("/standar")
@require("admin")
def standards():
    show = request.args.get("tampil")
    if show == "belum-ditinjau":
        services = not_reviewed()
    elif show == "tanpa-sk":
        services = without_decree()
    else:
        show = None
        services = list(db.session.scalars(db.select(Service).order_by(Service.code)))
    return render_template(
        "admin/standards.html",
        services=services,
        show=show,
        today=clock.today(),
        not_reviewed_count=len(not_reviewed()),
        without_decree_count=len(without_decree()),
    )


@bp.route("/standar/<int:service_id>", methods=["GET", "POST"])
@require("admin")
def standard(service_id: int):
    service = db.session.get(Service, service_id) or abort(404)
    if request.method == "POST":
        form, actor = request.form, current_actor()
        if form.get("action") == "review":

            def work():
                return add_review(
                    actor,
                    get_service(service_id),
                    reviewed_on=form.get("reviewed_on", ""),
                    changes=form.get("changes", ""),
                    participants=form.get("participants", ""),
                )

            done = _("Review recorded.")
        else:

            def work():
                return record_decree(
                    actor,
                    get_service(service_id),
                    decree_number=form.get("decree_number", ""),
                    decree_date=form.get("decree_date", ""),
                )

            done = _("Decree saved.")
        saved, page = _save(
            work, "admin/standard.html", service=db.session.get(Service, service_id), action=form.get("action")
        )
        if page is not None:
            return page, 422
        flash(done, "success")
        return redirect(url_for("admin.standard", service_id=service_id))
    return render_template("admin/standard.html", service=service, errors={}, values={}, action=None)


@bp.route("/konsultasi-publik", methods=["GET", "POST"])
@require("admin")
def consultations_page():
    services = list(db.session.scalars(db.select(Service).order_by(Service.code)))
    if request.method == "POST":
        form, upload = request.form, ConsultationMinutesForm().minutes.data
        data = upload.read() if upload and upload.filename else None
        saved, page = _save(
            lambda: add_consultation(
                current_actor(),
                held_on=form.get("held_on", ""),
                topic=form.get("topic", ""),
                participants_count=form.get("participants_count", ""),
                service_id=form.get("service_id") or None,
                minutes_filename=upload.filename if upload else "",
                minutes=data,
            ),
            "admin/consultations.html",
            rows=consultations(),
            services=services,
        )
        if page is not None:
            return page, 422
        flash(_("Public consultation recorded."), "success")
        return redirect(url_for("admin.consultations_page"))
    return render_template("admin/consultations.html", rows=consultations(), services=services, errors={}, values={})


@bp.get("/konsultasi-publik/<int:consultation_id>/notulen")
@require("admin")
def consultation_minutes(consultation_id: int):
    row = db.session.get(PublicConsultation, consultation_id)
    if row is None or not row.minutes:
        abort(404)
    response = Response(row.minutes, mimetype=row.minutes_mimetype or "application/octet-stream")
    response.headers["Content-Disposition"] = f'attachment; filename="{row.minutes_filename or "notulen"}"'
    return response


@bp.get("/bukti-evaluasi")
@require("admin")
def evidence():
    today = clock.today()
    return render_template("admin/evidence.html", years=list(range(today.year, today.year - 5, -1)))


@bp.get("/bukti-evaluasi.zip")
@require("admin")
def evidence_zip():
    from mpp_lite.reports.evidence import build_evidence_pack, evidence_filename

    year = request.args.get("tahun", type=int) or clock.today().year
    if not 2000 <= year <= clock.today().year + 1:
        abort(404)
    buffer = build_evidence_pack(year)
    return send_file(buffer, mimetype="application/zip", as_attachment=True, download_name=evidence_filename(year))
