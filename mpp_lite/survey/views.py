"""Survey pages: /survei for phones (from the ticket's or receipt's link) and kiosks, and its settings."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from mpp_lite.audit.services import record
from mpp_lite.auth.permissions import current_actor, public, require
from mpp_lite.catalogue.models import Tenant
from mpp_lite.catalogue.services import tenants_with_services
from mpp_lite.database import in_transaction
from mpp_lite.errors import INVALID
from mpp_lite.extensions import db, limiter
from mpp_lite.site import clock, menus
from mpp_lite.site.errors import page_status
from mpp_lite.site.services import get_settings, update_settings
from mpp_lite.survey.ikm import ELEMENTS, WEIGHT_EXACT, WEIGHT_PUBLISHED
from mpp_lite.survey.models import PROFILE_LABELS, PROFILE_TITLES, SurveyPeriod
from mpp_lite.survey.periods import (
    FOLLOW_UP_STATUSES,
    PeriodError,
    add_follow_up,
    create_period,
    get_period,
    period_result,
    periods,
    set_published,
    update_follow_up,
)
from mpp_lite.survey.services import (
    WALK_UP_ROLES,
    WEIGHT_SETTING,
    SurveyError,
    check_visit_may_answer,
    ikm,
    ikm_grouped,
    resolve_visit,
    submit_response,
)

bp = Blueprint("survey", __name__)

menus.add_public("survey.start", _l("Survey"), 60)
menus.add_admin(
    "survey.settings",
    _l("Satisfaction survey (SKM)"),
    _l("IKM weight and the survey's links for tickets and receipts."),
    60,
)
menus.add_admin(
    "survey.periods_page",
    _l("SKM periods and follow-up"),
    _l("Publish each period's IKM and plan actions on the weakest elements."),
    61,
)
FOLLOW_UP_LABELS = {"planned": _l("Planned"), "in_progress": _l("In progress"), "done": _l("Done")}

FACES = ("face-1.svg", "face-2.svg", "face-3.svg", "face-4.svg")


def _visit_args(source) -> dict:
    return {
        "ticket_ref": (source.get("tiket") or "").strip() or None,
        "application_code": (source.get("permohonan") or "").strip() or None,
        "service_id": (source.get("service_id") or "").strip() or None,
    }


def _render_form(actor, visit, values: dict, errors: dict, status: int = 200):
    return render_template(
        "survey/form.html",
        elements=ELEMENTS,
        faces=FACES,
        visit=visit,
        values=values,
        errors=errors,
        profile_labels=PROFILE_LABELS,
        profile_titles=PROFILE_TITLES,
        walk_up=visit is None,
        groups=tenants_with_services() if visit is None else [],
        is_kiosk=actor.role == "kiosk",
    ), status


def _credentialed() -> bool:
    return current_actor().authenticated


@bp.route("/survei", methods=["GET", "POST"])
@public
@limiter.limit("120 per hour", exempt_when=_credentialed)  # kiosks and staff are never limited
def start():
    actor = current_actor()
    source = request.form if request.method == "POST" else request.args
    args = _visit_args(source)
    may_walk_up = actor.has_role(*WALK_UP_ROLES)
    if request.method == "GET":
        if not args["ticket_ref"] and not args["application_code"]:
            if not may_walk_up:
                return render_template("survey/landing.html")
            return _render_form(actor, None, {}, {})
        try:
            visit = resolve_visit(actor, args["ticket_ref"], args["application_code"])
            check_visit_may_answer(visit)
        except SurveyError as error:
            return _refusal(error)
        return _render_form(actor, visit, {}, {})

    values = {key: request.form.get(key, "") for key in request.form}
    answers = {element.code: request.form.get(element.code) for element in ELEMENTS}
    respondent = {key: request.form.get(key) for key in PROFILE_LABELS if request.form.get(key)}
    try:
        in_transaction(
            lambda: submit_response(
                actor, answers=answers, respondent=respondent, suggestion=request.form.get("suggestion", ""), **args
            )
        )
    except SurveyError as error:
        if error.kind == INVALID and any(
            key.startswith(("answers.", "respondent.", "service_id")) for key in error.fields
        ):
            visit = None
            if args["ticket_ref"] or args["application_code"]:
                try:
                    visit = resolve_visit(actor, args["ticket_ref"], args["application_code"])
                except SurveyError as inner:
                    return _refusal(inner)
            fields = {key.split(".", 1)[-1]: message for key, message in error.fields.items()}
            return _render_form(actor, visit, values, fields, 422)
        return _refusal(error)
    return redirect(url_for("survey.thanks"))


def _refusal(error: SurveyError):
    """A polite page for a link that cannot be answered (unknown, not finished, already answered)."""
    kind = {"already_answered": "answered", "ticket_not_done": "not_done", "application_not_done": "not_done"}.get(
        error.code
    )
    if kind is None:
        kind = "unknown" if error.kind == INVALID else "not_allowed"
    status = {"answered": 409, "not_done": 409, "unknown": 404, "not_allowed": page_status(error)}[kind]
    return render_template("survey/refused.html", kind=kind, message=error.message), status


@bp.get("/survei/terima-kasih")
@public
def thanks():
    actor = current_actor()
    return render_template("survey/thanks.html", is_kiosk=actor.role == "kiosk", walk_up=actor.has_role(*WALK_UP_ROLES))


REPORT_SETTINGS = ("head_name", "head_title", "head_nip")


@bp.route("/admin/survei", methods=["GET", "POST"])
@require("admin")
def settings():
    """IKM weight, the complaint response time, and who signs the monthly report."""
    values = get_settings()
    errors = {}
    if request.method == "POST":
        form = {
            key: (request.form.get(key) or "").strip()[:120]
            for key in (*REPORT_SETTINGS, "weight", "complaint_response_days")
        }
        if form["weight"] not in (WEIGHT_EXACT, WEIGHT_PUBLISHED):
            errors["weight"] = _("Choose one of the two weights.")
        days = form["complaint_response_days"] or "5"
        if not days.isdigit() or not 1 <= int(days) <= 60:
            errors["complaint_response_days"] = _("Give a number of working days from 1 to 60.")
        if not errors:

            def work():
                update_settings(
                    {
                        WEIGHT_SETTING: form["weight"],
                        "complaint_response_days": days,
                        **{key: form[key] for key in REPORT_SETTINGS},
                    }
                )
                record(
                    current_actor(),
                    "survey.settings",
                    "setting",
                    WEIGHT_SETTING,
                    weight=form["weight"],
                    complaint_response_days=days,
                )

            in_transaction(work)
            flash(_("Survey settings saved."), "success")
            return redirect(url_for("survey.settings"))
        values = {**values, **form, WEIGHT_SETTING: form["weight"]}
    return render_template(
        "survey/settings.html",
        weight=values.get(WEIGHT_SETTING) or WEIGHT_EXACT,
        weights=(WEIGHT_EXACT, WEIGHT_PUBLISHED),
        values=values,
        errors=errors,
    ), 422 if errors else 200


@bp.get("/survei/hasil")
@public
def results():
    """The published SKM result (PermenPANRB 14/2017 asks units to publish it): no personal data."""
    from datetime import timedelta

    today = clock.today()
    year_start = today.replace(month=1, day=1)
    last_month_end = today.replace(day=1) - timedelta(days=1)
    last_month_start = last_month_end.replace(day=1)
    tenants = {t.id: t for t in db.session.scalars(db.select(Tenant))}
    per_tenant = [(tenants.get(key), result) for key, result in ikm_grouped("tenant", year_start, today)]
    return render_template(
        "survey/results.html",
        year=ikm(year_start, today),
        last_month=ikm(last_month_start, last_month_end),
        year_start=year_start,
        today=today,
        last_month_start=last_month_start,
        elements=ELEMENTS,
        per_tenant=[(t, r) for t, r in per_tenant if t is not None],
        published=[period_result(p) for p in periods(published_only=True)],
        follow_up_labels=FOLLOW_UP_LABELS,
    )


# ---------------------------------------------------------------- SKM periods and follow-up (admin)


@bp.route("/admin/survei/periode", methods=["GET", "POST"])
@require("admin")
def periods_page():
    errors, values = {}, {}
    if request.method == "POST":
        form = request.form
        try:
            period = in_transaction(
                lambda: create_period(
                    current_actor(),
                    name=form.get("name", ""),
                    start=form.get("start", ""),
                    end=form.get("end", ""),
                    population=form.get("population", ""),
                    published=form.get("published") == "y",
                )
            )
            flash(_("Survey period saved."), "success")
            return redirect(url_for("survey.period_page", period_id=period.id))
        except PeriodError as error:
            flash(error.message, "danger")
            errors, values = error.fields, form
    return render_template(
        "survey/periods.html", rows=[period_result(p) for p in periods()], errors=errors, values=values
    ), 422 if errors else 200


@bp.route("/admin/survei/periode/<int:period_id>", methods=["GET", "POST"])
@require("admin")
def period_page(period_id: int):
    period = db.session.get(SurveyPeriod, period_id) or abort(404)
    errors, values = {}, {}
    if request.method == "POST":
        form, actor, action = request.form, current_actor(), request.form.get("action")

        def work():
            target = get_period(period_id)
            if action == "publish":
                return set_published(actor, target, form.get("published") == "y")
            if action == "status":
                return update_follow_up(
                    actor, form.get("follow_up_id"), status=form.get("status", ""), evidence=form.get("evidence", "")
                )
            return add_follow_up(
                actor,
                target,
                element=form.get("element", ""),
                action=form.get("follow_action", ""),
                responsible=form.get("responsible", ""),
                deadline=form.get("deadline", ""),
                evidence=form.get("evidence", ""),
            )

        try:
            in_transaction(work)
            flash(_("Saved."), "success")
            return redirect(url_for("survey.period_page", period_id=period_id))
        except PeriodError as error:
            flash(error.message, "danger")
            errors = {("follow_action" if key == "action" else key): text for key, text in error.fields.items()}
            values = form
            period = db.session.get(SurveyPeriod, period_id)
    return render_template(
        "survey/period.html",
        result=period_result(period),
        elements=ELEMENTS,
        errors=errors,
        values=values,
        statuses=FOLLOW_UP_STATUSES,
        follow_up_labels=FOLLOW_UP_LABELS,
        today=clock.today(),
    ), 422 if errors else 200
