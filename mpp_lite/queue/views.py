"""Queue pages: the kiosk, the display board, the counter console, the citizen's ticket page
and its printable PDF, device pairing and the admin's device list ("Perangkat")."""

from __future__ import annotations

from functools import wraps

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from mpp_lite.audit.services import record
from mpp_lite.auth.models import ApiToken
from mpp_lite.auth.permissions import current_actor, public, require
from mpp_lite.auth.services import AccountError, revoke_token
from mpp_lite.catalogue.standards import current_maklumat
from mpp_lite.console import lan_addresses
from mpp_lite.database import in_transaction
from mpp_lite.errors import BAD_REQUEST, CONFLICT, DomainError
from mpp_lite.extensions import db, limiter
from mpp_lite.queue import counters as counters_service
from mpp_lite.queue import devices as device_services
from mpp_lite.queue import estimates, printing, serialise, services
from mpp_lite.queue.announce import CLIP_FOLDER
from mpp_lite.queue.counter_state import PAUSE_REASONS, reason_label, state_of
from mpp_lite.queue.forms import DeviceForm, DisplayForm, PairForm, PrinterForm
from mpp_lite.queue.models import Ticket
from mpp_lite.queue.printing import (
    PAPERS,
    PrinterError,
    TicketPrint,
    print_to_configured,
    printer_settings,
    qr_svg,
)
from mpp_lite.security import absolute_url, public_base_url
from mpp_lite.site import clock, menus
from mpp_lite.site.services import get_settings
from mpp_lite.site.templating import local_time

bp = Blueprint("queue", __name__)
menus.add_staff("queue.counter_choose", _l("Counter console"), ("operator",), 10)


@bp.context_processor
def queue_helpers():
    return {"status_label": services.status_label, "allowed_actions": services.allowed_actions}


menus.add_admin("queue.devices", _l("Devices"), _l("Pair ticket kiosks and display screens; kiosk printers."), 60)


def device_or_staff(device_role: str):
    """Paired devices of `device_role`, or signed-in staff; others see how to pair the screen."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            actor = current_actor()
            staff_roles = ("admin", "operator", "supervisor") if device_role == "display" else ("admin", "operator")
            if actor.kind in ("device", "token") and actor.role == device_role:
                return view(*args, **kwargs)
            if actor.kind == "user" and actor.role in staff_roles:
                return view(*args, **kwargs)
            return render_template("queue/not_paired.html", device_role=device_role), 403

        wrapped.required_roles = (device_role, "operator")
        return wrapped

    return decorator


# ---------------------------------------------------------------------------------------------
# Kiosk
# ---------------------------------------------------------------------------------------------


@bp.get("/kiosk")
@device_or_staff("kiosk")
def kiosk():
    actor = current_actor()
    printer = {"kind": "none", "paper": 80}
    if actor.kind in ("device", "token"):
        token = db.session.get(ApiToken, actor.id)
        printer = printer_settings(token.settings if token else None)
    return render_template(
        "queue/kiosk.html",
        catalogue=serialise.kiosk_catalogue(),
        printer=printer,
        maklumat=current_maklumat(),
        idle_seconds=int(current_app.config.get("KIOSK_IDLE_SECONDS", 45)),
        warning_seconds=int(current_app.config.get("KIOSK_WARNING_SECONDS", 20)),
    )


# ---------------------------------------------------------------------------------------------
# Display board
# ---------------------------------------------------------------------------------------------


@bp.get("/display")
@device_or_staff("display")
def display():
    wanted = request.args.get("queues", "")
    actor = current_actor()
    if not wanted and actor.kind in ("device", "token"):
        token = db.session.get(ApiToken, actor.id)
        wanted = (token.settings or {}).get("queues", "") if token else ""
    prefixes = device_services.parse_prefixes(wanted)
    board = serialise.board(get_settings(), prefixes)
    return render_template(
        "queue/display.html",
        board=board,
        queues_param=",".join(prefixes),
        audio_base=url_for("static", filename=CLIP_FOLDER + "/"),
    )


# ---------------------------------------------------------------------------------------------
# Counter console
# ---------------------------------------------------------------------------------------------


@bp.get("/counter")
@require("operator")
def counter_choose():
    counters = services.counters_for(current_actor())
    remembered = session.get("counter_id")
    if request.args.get("ganti") is None:
        if remembered and any(c.id == remembered for c in counters):
            return redirect(url_for("queue.counter_console", counter_id=remembered))
        if len(counters) == 1:
            return redirect(url_for("queue.counter_console", counter_id=counters[0].id))
    return render_template("queue/counter_choose.html", counters=counters, state_of=state_of, reason_label=reason_label)


def _console_counter(counter_id: int):
    return services.counter_for(current_actor(), counter_id)  # a refusal shows the error page


def _panel(counter, message: str | None = None, level: str = "info"):
    overview = serialise.counter_overview(counter)
    return render_template(
        "queue/_counter_panel.html",
        counter=counter,
        o=overview,
        message=message,
        level=level,
        oob=True,
        targets=serialise.transfer_targets(),
        **_session_view(counter),
    )


def _session_view(counter) -> dict:
    return {"state": state_of(counter), "reasons": PAUSE_REASONS, "reason_label": reason_label}


@bp.get("/counter/<int:counter_id>")
@require("operator")
def counter_console(counter_id: int):
    counter = _console_counter(counter_id)
    session["counter_id"] = counter.id
    return render_template(
        "queue/counter.html",
        counter=counter,
        o=serialise.counter_overview(counter),
        targets=serialise.transfer_targets(),
        **_session_view(counter),
    )


@bp.get("/counter/<int:counter_id>/panel")
@require("operator")
def counter_panel(counter_id: int):
    return _panel(_console_counter(counter_id))


SESSION_ACTIONS = {
    "open": counters_service.open_counter,
    "resume": counters_service.resume_counter,
    "close": counters_service.close_counter,
}
SESSION_MESSAGES = {
    "open": lambda: _("Counter open: you can call now."),
    "resume": lambda: _("Welcome back: the counter is open again."),
    "close": lambda: _("Counter closed. Open it again when you are back."),
}


@bp.post("/counter/<int:counter_id>/aksi")
@require("operator")
def counter_action(counter_id: int):
    """One button of the console; answers the refreshed panel with what happened."""
    counter = _console_counter(counter_id)
    actor = current_actor()
    action = request.form.get("action", "")
    ticket_id = request.form.get("ticket_id") or (getattr(services.held_ticket(counter.id), "id", None))
    try:
        if action == "call-next":
            ticket = in_transaction(lambda: services.call_next(actor, counter.id))
            message = _("Called %(number)s.", number=ticket.number) if ticket else _("Nobody is waiting.")
        elif action == "call-number":
            ticket = in_transaction(lambda: services.call_number(actor, counter.id, request.form.get("number", "")))
            message = _("Called %(number)s.", number=ticket.number)
        elif action in ("recall", "start", "finish", "no-show"):
            if not ticket_id:
                raise services.TicketError(
                    _("This counter has no ticket now; call the next one first."), CONFLICT, code="no_ticket"
                )
            ticket = in_transaction(lambda: services.act(actor, ticket_id, action))
            message = _("%(number)s: %(status)s.", number=ticket.number, status=services.status_label(ticket.status))
            if action == "recall":
                message = _("%(number)s called again.", number=ticket.number)
        elif action in SESSION_ACTIONS:
            counter = in_transaction(lambda: SESSION_ACTIONS[action](actor, counter.id))
            message = SESSION_MESSAGES[action]()
        elif action == "pause":
            reason, back_at = request.form.get("reason", ""), request.form.get("back_at", "")
            counter = in_transaction(lambda: counters_service.pause_counter(actor, counter.id, reason, back_at))
            message = _("Counter paused: %(reason)s.", reason=reason_label(counter.pause_reason))
        elif action == "transfer":
            if not ticket_id:
                raise services.TicketError(
                    _("This counter has no ticket now; call the next one first."), CONFLICT, code="no_ticket"
                )

            ticket = in_transaction(lambda: services.transfer(actor, ticket_id, request.form.get("service_id")))
            message = _(
                "%(number)s transferred to %(service)s; it keeps its number and place.",
                number=ticket.number,
                service=ticket.service.name,
            )
        else:
            raise services.TicketError(_("Unknown action."), BAD_REQUEST)
    except DomainError as error:
        return _panel(counter, error.message, "warning")
    return _panel(counter, message, "success")


# ---------------------------------------------------------------------------------------------
# The citizen's ticket: live position page, PDF, QR
# ---------------------------------------------------------------------------------------------


def _public_ticket(public_id: str) -> Ticket:
    ticket = db.session.scalar(db.select(Ticket).filter_by(public_id=public_id)) if len(public_id) <= 32 else None
    if ticket is None:
        abort(404)
    return ticket


def _position(ticket: Ticket) -> dict:
    current = services.latest_version(ticket)
    ahead = estimates.people_ahead(current)
    estimate = estimates.wait_range(estimates.estimated_wait_minutes(current.queue, ahead))
    return {"ticket": current, "ahead": ahead, "wait": estimate, "wait_text": estimates.wait_text(estimate)}


@bp.get("/t/<public_id>")
@public
def ticket_page(public_id: str):
    ticket = _public_ticket(public_id)
    return render_template("queue/ticket.html", original=ticket, **_position(ticket))


@bp.get("/t/<public_id>/posisi")
@public
def ticket_position(public_id: str):
    ticket = _public_ticket(public_id)
    return render_template("queue/_ticket_position.html", original=ticket, **_position(ticket))


@bp.get("/t/<public_id>/tiket.pdf")
@public
def ticket_pdf(public_id: str):
    ticket = _public_ticket(public_id)
    paper = request.args.get("paper", "80")
    if paper not in ("80", "58"):
        abort(404)
    buffer = printing.ticket_pdf(printing.ticket_print_data(ticket), int(paper))
    response = send_file(
        buffer, mimetype="application/pdf", download_name=f"tiket-{ticket.number}.pdf", as_attachment=False, max_age=0
    )
    return response


@bp.get("/t/<public_id>/qr.svg")
@public
def ticket_qr(public_id: str):
    ticket = _public_ticket(public_id)
    response = current_app.response_class(qr_svg(serialise.public_url(ticket)), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


# ---------------------------------------------------------------------------------------------
# Pairing a kiosk or TV browser
# ---------------------------------------------------------------------------------------------


@bp.route("/perangkat/pasang", methods=["GET", "POST"])
@limiter.limit("10 per minute; 60 per hour", methods=["POST"])
@public
def pair_device():
    form = PairForm()
    if request.method == "GET" and request.args.get("kode"):
        form.code.data = request.args["kode"][:20]
    status = 200
    if form.validate_on_submit():

        def work():
            redeemed = device_services.redeem_code(form.code.data)
            if redeemed is not None:
                token, _raw = redeemed
                record(f"device:{token.name}", "device_paired", "api_token", token.id, role=token.role)
            return redeemed

        redeemed = in_transaction(work)
        if redeemed is None:
            form.code.errors.append(
                _(
                    "This code is wrong, already used or expired. Ask the administrator for a new code "
                    "(Administration > Devices)."
                )
            )
            status = 400
        else:
            token, raw = redeemed
            target = url_for("queue.kiosk") if token.role == "kiosk" else url_for("queue.display")
            response = redirect(target)
            response.set_cookie(
                current_app.config["DEVICE_COOKIE_NAME"],
                raw,
                max_age=int(current_app.config["DEVICE_COOKIE_DAYS"]) * 24 * 3600,
                httponly=True,
                samesite="Lax",
                secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
            )
            return response
    elif request.method == "POST":
        status = 400
    return render_template("queue/pair.html", form=form), status


# ---------------------------------------------------------------------------------------------
# Administration: devices
# ---------------------------------------------------------------------------------------------


@bp.route("/admin/perangkat", methods=["GET", "POST"])
@require("admin")
def devices():
    form = DeviceForm()
    status = 200
    if form.validate_on_submit():

        def work():
            token = device_services.create_device(form.name.data, form.role.data)
            code = device_services.new_pairing_code(token, current_actor().name)
            record(current_actor(), "device_created", "api_token", token.id, role=token.role)
            return token, code

        try:
            token, code = in_transaction(work)
        except AccountError as error:
            form.name.errors.append(str(error))
            status = 400
        else:
            return _show_code(token, code)
    elif request.method == "POST":
        status = 400
    return render_template(
        "queue/devices.html",
        form=form,
        tokens=device_services.devices(),
        pending={t.id: device_services.pending_code_expiry(t) for t in device_services.devices()},
    ), status


def _device(token_id: int) -> ApiToken:
    ident = services.valid_id(token_id)
    return (db.session.get(ApiToken, ident) if ident else None) or abort(404)


def lan_base_url() -> str:
    """This server as other PCs reach it: the admin on the server itself sees 127.0.0.1, which a
    kiosk cannot open, so name the LAN address instead (or MPP_PUBLIC_BASE_URL when set)."""
    base = public_base_url()
    scheme, _sep, host = base.partition("://")
    name, _sep, port = host.rpartition(":") if host.count(":") == 1 else (host, "", "")
    if name in ("127.0.0.1", "localhost", "::1", "[::1]"):
        addresses = lan_addresses()
        if addresses:
            return f"{scheme}://{addresses[0]}" + (f":{port}" if port else "")
    return base


def _show_code(token: ApiToken, code: str):
    base = lan_base_url()
    link = base + url_for("queue.pair_device", kode=code)
    return render_template(
        "queue/device_code.html",
        token=token,
        code=code,
        link=link,
        minutes=device_services.PAIRING_MINUTES,
        pair_url=base + url_for("queue.pair_device"),
    )


@bp.post("/admin/perangkat/<int:token_id>/kode")
@require("admin")
def device_code(token_id: int):
    token = _device(token_id)

    def work():
        code = device_services.new_pairing_code(token, current_actor().name)
        record(current_actor(), "device_code_created", "api_token", token.id)
        return code

    try:
        code = in_transaction(work)
    except AccountError as error:
        flash(str(error), "warning")
        return redirect(url_for("queue.devices"))
    return _show_code(token, code)


@bp.post("/admin/perangkat/<int:token_id>/cabut")
@require("admin")
def device_revoke(token_id: int):
    token = _device(token_id)
    if token.active:

        def work():
            revoke_token(token)
            record(current_actor(), "token_revoked", "api_token", token.id, role=token.role)

        in_transaction(work)
        flash(_("%(name)s was revoked; it can no longer issue tickets or show the board.", name=token.name), "success")
    return redirect(url_for("queue.devices"))


@bp.route("/admin/perangkat/<int:token_id>", methods=["GET", "POST"])
@require("admin")
def device_edit(token_id: int):
    token = _device(token_id)
    if token.role == "display":
        return _display_edit(token)
    if token.role != "kiosk":
        abort(404)
    current = printer_settings(token.settings)
    form = PrinterForm(data={**{k: str(v) for k, v in current.items()}})
    status = 200
    if form.validate_on_submit():

        def work():
            device_services.update_printer(token, form.data)
            record(current_actor(), "device_printer_changed", "api_token", token.id, kind=form.kind.data)

        in_transaction(work)
        flash(_("Printer settings of %(name)s saved.", name=token.name), "success")
        return redirect(url_for("queue.devices"))
    elif request.method == "POST":
        status = 400
    return render_template("queue/device_edit.html", token=token, form=form, papers=PAPERS), status


def _display_edit(token: ApiToken):
    form = DisplayForm(data={"queues": (token.settings or {}).get("queues", "")})
    if form.validate_on_submit():

        def work():
            device_services.update_display(token, form.queues.data)
            record(current_actor(), "device_display_changed", "api_token", token.id)

        in_transaction(work)
        flash(_("Settings of %(name)s saved.", name=token.name), "success")
        return redirect(url_for("queue.devices"))
    return render_template(
        "queue/device_display.html", token=token, form=form
    ), 400 if request.method == "POST" else 200


@bp.post("/admin/perangkat/<int:token_id>/tes-cetak")
@require("admin")
def device_test_print(token_id: int):
    """Print a sample ticket on the kiosk's ESC/POS printer, to check the settings."""

    token = _device(token_id)
    printer = printer_settings(token.settings)
    if printer["kind"] not in ("network", "usb", "file"):
        flash(_("This kiosk prints from the browser; open the kiosk and take a ticket to test."), "info")
        return redirect(url_for("queue.device_edit", token_id=token.id))
    sample = TicketPrint(
        get_settings().get("mpp_name", ""),
        _("Test print"),
        "A000",
        _("Test print"),
        local_time(clock.utcnow()),
        0,
        absolute_url("queue.pair_device"),
    )
    try:
        print_to_configured(printer, sample)
    except PrinterError as error:
        flash(_("The printer did not answer: %(error)s", error=str(error)), "danger")
    else:
        flash(_("A test ticket was sent to the printer."), "success")
    return redirect(url_for("queue.device_edit", token_id=token.id))
