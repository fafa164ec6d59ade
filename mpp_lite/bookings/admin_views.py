"""Staff pages for bookings and messages: the day's bookings, booking for a citizen at the
information desk, the CSV import with its dry run, the figures; the message channels with their
"send a test message" button, the templates, and the WhatsApp messages waiting for a click."""

from __future__ import annotations

import base64
import binascii
from datetime import date, datetime, time, timedelta

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from mpp_lite.audit.services import record
from mpp_lite.auth.permissions import current_actor, require
from mpp_lite.bookings import imports, notify, reports, services
from mpp_lite.bookings.models import (
    Booking,
    BookingSource,
    Channel,
    MessageChannel,
    MessageStatus,
    MessageTemplate,
    OutgoingMessage,
)
from mpp_lite.bookings.slots import active_counters, slot_capacity
from mpp_lite.bookings.views import bookable_services
from mpp_lite.database import in_transaction
from mpp_lite.errors import DomainError
from mpp_lite.extensions import db
from mpp_lite.privacy.masking import mask_phone
from mpp_lite.queue.models import Queue
from mpp_lite.queue.schedule import Schedule, ScheduleInvalid, queue_schedule
from mpp_lite.site import clock, menus
from mpp_lite.site.errors import page_status

bp = Blueprint("bookings_admin", __name__)
menus.add_staff("bookings_admin.day", _l("Bookings"), ("operator", "supervisor"), 22)
menus.add_staff("bookings_admin.whatsapp", _l("WhatsApp messages"), ("operator", "supervisor"), 23)
menus.add_admin(
    "bookings_admin.day",
    _l("Bookings"),
    _l("The day's bookings, booking for a citizen, importing outside bookings, figures."),
    41,
)
menus.add_admin(
    "bookings_admin.messages",
    _l("Messages to citizens"),
    _l("WhatsApp, SMS gateway and e-mail channels, message templates, messages that failed."),
    47,
)

CHANNEL_FIELDS = {
    Channel.HTTP: ("url", "method", "headers", "body", "timeout", "max_attempts"),
    Channel.EMAIL: ("host", "port", "username", "password", "sender", "starttls"),
    Channel.WHATSAPP_LINK: (),
}


def _day_arg() -> date:
    try:
        return date.fromisoformat(request.args.get("tanggal", ""))
    except ValueError:
        return clock.today()


@bp.route("/admin/reservasi", methods=["GET", "POST"])
@require("operator", "supervisor")
def day():
    actor = current_actor()
    chosen = _day_arg()
    errors: dict[str, str] = {}
    message = ""
    status = 200
    if request.method == "POST":
        form = request.form
        try:
            slot_start = datetime.combine(
                date.fromisoformat(form.get("date", "")), time.fromisoformat(form.get("time", "")), tzinfo=clock.zone()
            ).isoformat()
        except ValueError:
            slot_start = ""
        try:
            booking = in_transaction(
                lambda: services.book(
                    form.get("service_id"),
                    slot_start,
                    form.get("name"),
                    form.get("phone"),
                    source=BookingSource.DESK,
                    created_by=actor.name,
                    check_abuse=False,
                )
            )
        except DomainError as error:
            errors, message = dict(error.fields), error.message
            status = page_status(error)
        else:
            flash(
                _("Booked: %(code)s, %(slot)s.", code=booking.display_code, slot=services.slot_text(booking)), "success"
            )
            return redirect(url_for("bookings_admin.day", tanggal=booking.day.isoformat()), 303)
    in_transaction(services.lapse_overdue)
    bookings = db.session.scalars(
        db.select(Booking).where(Booking.day == chosen).order_by(Booking.slot_start, Booking.id)
    ).all()
    if not actor.sees_all_tenants():
        bookings = [b for b in bookings if b.service.tenant_id == actor.tenant_id]
    queues = db.session.scalars(db.select(Queue).order_by(Queue.prefix)).all()
    return render_template(
        "bookings/admin_day.html",
        day=chosen,
        bookings=bookings,
        services=bookable_services(),
        queues=queues,
        takes_bookings=lambda q: (queue_schedule(q) or Schedule.office_hours()).booking.enabled,
        errors=errors,
        message=message,
        form=request.form,
        label=services.status_label,
        mask_phone=mask_phone,
        figures=reports.figures(chosen, chosen),
    ), status


@bp.route("/admin/reservasi/impor", methods=["GET", "POST"])
@require("admin")
def import_bookings():
    mapping = {name: request.form.get(f"map_{name}", default) for name, default in imports.DEFAULT_MAPPING.items()}
    system = request.form.get("system", "mpaspor").strip().lower()
    result = None
    error = ""
    created = None
    content_b64 = ""
    status = 200
    if request.method == "POST":
        upload = request.files.get("file")
        try:
            if upload is not None and upload.filename:
                content = upload.read(5 * 1024 * 1024 + 1)
                if len(content) > 5 * 1024 * 1024:
                    raise imports.ImportProblem(_("The file is larger than 5 MB."))
            else:
                content = base64.b64decode(request.form.get("content", ""), validate=True)
            if not content:
                raise imports.ImportProblem(_("Choose a CSV file."))
            content_b64 = base64.b64encode(content).decode()
            if request.form.get("action") == "import":

                def work():
                    found = imports.plan(content, mapping, system)
                    count = imports.apply(found, system, current_actor().name)
                    record(
                        current_actor(),
                        "bookings.import",
                        "booking",
                        None,
                        system=system,
                        created=count,
                        bad=len(found.bad),
                        existing=len(found.existing),
                    )
                    return found, count

                result, created = in_transaction(work)
            else:
                result = imports.plan(content, mapping, system)
        except (imports.ImportProblem, binascii.Error, ValueError) as problem:
            error, status = str(problem) or _("The file could not be read."), 422
    return render_template(
        "bookings/admin_import.html",
        mapping=mapping,
        system=system,
        result=result,
        error=error,
        created=created,
        content=content_b64,
        fields=imports.FIELDS,
    ), status


@bp.get("/admin/reservasi/laporan")
@require("supervisor")
def report():
    today = clock.today()
    try:
        start = date.fromisoformat(request.args.get("dari", ""))
    except ValueError:
        start = today - timedelta(days=29)
    try:
        end = date.fromisoformat(request.args.get("sampai", ""))
    except ValueError:
        end = today
    in_transaction(services.lapse_overdue)
    return render_template(
        "bookings/admin_report.html",
        start=start,
        end=end,
        figures=reports.figures(start, end),
        messages=reports.message_figures(start, end),
    )


@bp.route("/admin/antrean/<int:queue_id>/reservasi", methods=["GET", "POST"])
@require("admin")
def queue_booking(queue_id: int):
    """A queue's booking rules, kept in its schedule next to the week."""
    queue = db.get_or_404(Queue, queue_id)
    schedule = queue_schedule(queue) or Schedule.office_hours(queue.opens_at, queue.closes_at)
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        form = request.form

        def number(name):
            value = form.get(name, "").strip()
            return int(value) if value.isdigit() else value

        rules = {
            "enabled": form.get("enabled") == "on",
            "closes_day_before": form.get("closes_day_before") or None,
            **{name: number(name) for name in ("slot_minutes", "online_percent", "days_ahead", "grace_minutes")},
        }
        try:
            updated = Schedule.from_json({**schedule.to_json(), "booking": rules})
        except ScheduleInvalid as invalid:
            errors = {key.split(".", 1)[-1]: str(value) for key, value in invalid.fields.items()}
            status = 422
        else:
            actor = current_actor()

            def work():
                queue.schedule = updated.to_json()
                record(actor, "queue_booking.save", "queue", queue.id, enabled=updated.booking.enabled)

            in_transaction(work)
            flash(_("The booking rules of queue %(prefix)s are saved.", prefix=queue.prefix), "success")
            return redirect(url_for("bookings_admin.queue_booking", queue_id=queue.id), 303)
    rules = schedule.booking.to_json()
    if request.method == "POST":
        rules.update({key: request.form.get(key, "") for key in rules if key != "enabled"})
        rules["enabled"] = request.form.get("enabled") == "on"
    return render_template(
        "bookings/admin_queue.html",
        queue=queue,
        rules=rules,
        errors=errors,
        seats=slot_capacity(queue, schedule.booking, active_counters(queue.id)),
    ), status


# --- messages ------------------------------------------------------------------------------------


def _channel_settings_from_form(name: str) -> dict:
    settings = {}
    for key in CHANNEL_FIELDS[name]:
        value = request.form.get(f"{name}_{key}", "")
        settings[key] = (
            value == "on" if key == "starttls" else value.strip() if key not in ("headers", "body") else value
        )
    return settings


@bp.route("/admin/pesan", methods=["GET", "POST"])
@require("admin")
def messages():
    actor = current_actor()
    test_result = None
    if request.method == "POST":
        action = request.form.get("action", "")
        if action.startswith("save:"):
            name = action[5:]
            if name in CHANNEL_FIELDS:
                settings = _channel_settings_from_form(name)
                enabled = request.form.get(f"{name}_enabled") == "on"

                def save():
                    row = db.session.get(MessageChannel, name) or MessageChannel(name=name)
                    row.enabled, row.settings, row.updated_at = enabled, settings, clock.utcnow()
                    db.session.add(row)
                    record(actor, "messages.channel", "message_channel", None, channel=name, enabled=enabled)

                in_transaction(save)
                flash(_("Channel saved."), "success")
        elif action.startswith("test:"):
            name = action[5:]
            recipient = request.form.get("test_recipient", "").strip()
            if name in (Channel.HTTP, Channel.EMAIL) and recipient:
                problem = notify.send_test_message(name, _channel_settings_from_form(name), recipient)
                test_result = (name, problem)
            elif name == Channel.WHATSAPP_LINK and recipient:
                test_result = (name, None)
        elif action == "templates":

            def save_templates():
                for event in notify.EVENTS:
                    body = request.form.get(f"template_{event}", "").strip()
                    row = db.session.get(MessageTemplate, event)
                    if not body or body == notify.DEFAULT_TEMPLATES[event]:
                        if row is not None:
                            db.session.delete(row)
                        continue
                    row = row or MessageTemplate(event=event)
                    row.body, row.updated_at = body[:2000], clock.utcnow()
                    db.session.add(row)
                record(actor, "messages.templates", "message_template", None)

            in_transaction(save_templates)
            flash(_("Templates saved."), "success")
        elif action.startswith("retry:"):
            ident = int(action[6:]) if action[6:].isdigit() else 0

            def retry():
                row = db.session.get(OutgoingMessage, ident)
                if row is not None and row.status == MessageStatus.DEAD:
                    row.status, row.attempts, row.next_attempt_at = MessageStatus.PENDING, 0, clock.utcnow()

            in_transaction(retry)
        if test_result is None:
            return redirect(url_for("bookings_admin.messages"), 303)
    channels = {row.name: row for row in db.session.scalars(db.select(MessageChannel))}
    recent = db.session.scalars(db.select(OutgoingMessage).order_by(OutgoingMessage.id.desc()).limit(50)).all()
    dead = db.session.scalars(
        db.select(OutgoingMessage)
        .where(OutgoingMessage.status == MessageStatus.DEAD)
        .order_by(OutgoingMessage.id.desc())
        .limit(100)
    ).all()
    templates = {event: notify.template_for(event) for event in notify.EVENTS}
    test_link = None
    if test_result and test_result[0] == Channel.WHATSAPP_LINK:
        probe = OutgoingMessage(recipient=request.form.get("test_recipient", ""), body="Pesan uji dari MPP Lite.")
        test_link = notify.whatsapp_url(probe)
    return render_template(
        "bookings/admin_messages.html",
        channels=channels,
        recent=recent,
        dead=dead,
        templates=templates,
        events=notify.EVENTS,
        placeholders=notify.PLACEHOLDERS,
        test_result=test_result,
        test_link=test_link,
        mask_phone=mask_phone,
        form=request.form,
    )


@bp.get("/pesan")
@require("operator", "supervisor")
def whatsapp():
    waiting = db.session.scalars(
        db.select(OutgoingMessage)
        .where(OutgoingMessage.channel == Channel.WHATSAPP_LINK, OutgoingMessage.status == MessageStatus.PENDING)
        .order_by(OutgoingMessage.id)
        .limit(200)
    ).all()
    return render_template(
        "bookings/whatsapp.html", waiting=waiting, link=notify.whatsapp_url, mask_phone=mask_phone, events=notify.EVENTS
    )


@bp.post("/pesan/<int:message_id>/terkirim")
@require("operator", "supervisor")
def whatsapp_sent(message_id: int):
    actor = current_actor()
    in_transaction(lambda: notify.mark_sent_by_staff(message_id, actor.name))
    if request.headers.get("X-Requested-With") == "fetch":
        return "", 204
    return redirect(url_for("bookings_admin.whatsapp"), 303)
