"""Queue endpoints of the JSON API: issue tickets, call and move them, feed the display board."""

from __future__ import annotations

import json
from urllib.parse import parse_qs

from flask import current_app, g, jsonify, make_response, request
from flask_babel import gettext as _
from itsdangerous import BadSignature
from werkzeug.datastructures import EnvironHeaders
from werkzeug.http import parse_cookie, parse_etags, quote_etag

from mpp_lite.api import bp, openapi
from mpp_lite.api.errors import ApiError
from mpp_lite.api.views import json_body
from mpp_lite.audit.services import record
from mpp_lite.auth.models import ApiToken
from mpp_lite.auth.permissions import Actor, actor_from, current_actor, has_staff_session, require
from mpp_lite.database import in_transaction
from mpp_lite.extensions import db
from mpp_lite.queue import counters as counters_service
from mpp_lite.queue import serialise, services
from mpp_lite.queue.devices import parse_prefixes
from mpp_lite.queue.models import TICKET_STATUSES, Counter, Queue, Ticket, TicketStatus
from mpp_lite.queue.printing import (
    PrinterError,
    print_to_configured,
    printer_settings,
    ticket_print_data,
)
from mpp_lite.queue.schedule import Schedule, ScheduleInvalid, queue_schedule
from mpp_lite.security import DATABASE_ID_MAX
from mpp_lite.site import clock
from mpp_lite.site.cache import memo
from mpp_lite.site.services import get_settings

BOARD_TABLES = {"tickets", "queues", "counters", "tenants", "settings", "counter_queues"}
BOARD_CACHE_SECONDS = 1.0
BOARD_BODY_SECONDS = 60.0  # by fingerprint, which covers all the board shows: only memory is at stake


def _int_field(data: dict, name: str, required: bool = True) -> int | None:
    value = data.get(name)
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ApiError(422, fields={name: _("Give a whole number.")})
    return value


@bp.post("/tickets")
@require("kiosk", "operator")
def issue_ticket():
    data = json_body()
    service_id = _int_field(data, "service_id")
    priority = data.get("priority", False)
    if not isinstance(priority, bool):
        raise ApiError(422, fields={"priority": _("Give true or false.")})
    group = services.check_priority_group(data.get("priority_group"))
    actor = current_actor()

    ticket = in_transaction(
        lambda: services.issue(service_id, priority, issued_by=actor.name, actor=actor, priority_group=group)
    )
    body = serialise.ticket_json(ticket)  # after the commit, outside the write lock: a plain row, nothing to load
    body["print"] = print_for_device(actor, ticket)
    response = jsonify(body)
    response.status_code = 201
    response.headers["Location"] = body["public_url"]
    return response


@bp.get("/queues")
@require("kiosk", "display", "operator", "supervisor", "sync")
def list_queues():
    """Every queue with its state now: open, or closed and why, and when it opens next."""
    now = clock.utcnow()
    queues = db.session.scalars(db.select(Queue).order_by(Queue.prefix)).all()
    return jsonify({"items": [serialise.queue_json(queue, now) for queue in queues]})


# <queue_id> is parsed by _queue_or_404, not by the int converter: an id too large for the database
# is then a 404 for GET and PUT alike (the converter's refusal made werkzeug answer PUT with 405).
@bp.get("/queues/<queue_id>/schedule")
@require("kiosk", "display", "operator", "supervisor", "sync")
def get_queue_schedule(queue_id: str):
    return jsonify(_schedule_json(_queue_or_404(queue_id)))


@bp.put("/queues/<queue_id>/schedule")
@require("admin")
def put_queue_schedule(queue_id: str):
    data = json_body()
    queue = _queue_or_404(queue_id)
    try:
        schedule = Schedule.from_json(data)
    except ScheduleInvalid as invalid:
        raise ApiError(422, fields={k: str(v) for k, v in invalid.fields.items()}) from None
    actor = current_actor()

    def work():
        queue.schedule = schedule.to_json()
        record(
            actor, "queue_schedule.save", "queue", queue.id, policy=schedule.policy, overrides=len(schedule.overrides)
        )
        return _schedule_json(queue)

    return jsonify(in_transaction(work))


@bp.delete("/queues/<queue_id>/schedule")
@require("admin")
def delete_queue_schedule(queue_id: str):
    """Drop the queue's own week: it follows the site's standard week again."""
    queue = _queue_or_404(queue_id)
    actor = current_actor()

    def work():
        queue.schedule = None
        record(actor, "queue_schedule.inherit", "queue", queue.id)

    in_transaction(work)
    return "", 204


def _queue_or_404(queue_id: str) -> Queue:
    ident = int(queue_id) if queue_id.isascii() and queue_id.isdigit() and len(queue_id) <= 12 else 0
    queue = db.session.get(Queue, ident) if 0 < ident <= DATABASE_ID_MAX else None
    if queue is None:
        raise ApiError(404, _("There is no such queue."), "not_found")
    return queue


def _schedule_json(queue: Queue) -> dict:
    """The week the queue keeps: its own, else the site's standard week, else its simple times."""
    schedule = queue_schedule(queue) or Schedule.office_hours(queue.opens_at, queue.closes_at)
    return schedule.to_json()


def print_for_device(actor, ticket: services.IssuedTicket) -> dict:
    """Kiosks with an ESC/POS printer print here; others print the ticket page in the browser."""
    if actor.kind not in ("device", "token") or actor.role != "kiosk":
        return {"kind": "none", "paper": 80, "ok": True}

    def load():
        token = db.session.get(ApiToken, actor.id)
        return dict(token.settings or {}) if token else {}

    printer = printer_settings(memo("device_settings", {"api_tokens"}, 30).get(actor.id, load))
    result = {"kind": printer["kind"], "paper": printer["paper"], "ok": True}
    if printer["kind"] in ("network", "usb", "file"):
        try:
            print_to_configured(printer, ticket_print_data(ticket))
        except PrinterError as error:
            current_app.logger.warning("ticket %s not printed on %s: %s", ticket.number, actor.name, error)
            result.update(
                ok=False, message=_("The ticket printer did not answer; please note your number or ask staff.")
            )
    return result


@bp.get("/tickets")
@require("operator", "supervisor", "kiosk", "display")
def list_tickets():
    """Today's tickets (or ?day=YYYY-MM-DD), optionally of one queue and status."""
    from datetime import date

    try:
        day = date.fromisoformat(request.args["day"]) if request.args.get("day") else clock.today()
    except ValueError as error:
        raise ApiError(422, fields={"day": _("Use the form YYYY-MM-DD.")}) from error
    statement = db.select(Ticket).where(Ticket.day == day).order_by(Ticket.issued_at, Ticket.id)
    status = request.args.get("status")
    if status:
        if status not in TICKET_STATUSES:
            raise ApiError(422, fields={"status": _("One of: %(values)s.", values=", ".join(TICKET_STATUSES))})
        statement = statement.where(Ticket.status == status)
    if request.args.get("queue"):
        statement = statement.join(Ticket.queue).where(Queue.prefix == request.args["queue"].upper())
    tickets = db.session.scalars(statement.limit(2000)).all()
    return jsonify(
        {
            "items": [
                serialise.ticket_json(t, with_estimate=t.status == TicketStatus.WAITING and len(tickets) < 200)
                for t in tickets
            ]
        }
    )


@bp.get("/tickets/<int:ticket_id>")
@require("operator", "supervisor", "kiosk", "display")
def get_ticket(ticket_id: int):
    ticket = services.ticket_for(current_actor(), ticket_id, write=False)
    return jsonify(serialise.ticket_json(ticket))


@bp.post("/counters/<int:counter_id>/call-next")
@require("operator")
def call_next(counter_id: int):
    actor = current_actor()
    ticket = in_transaction(lambda: services.call_next(actor, counter_id), keep_loaded=True)
    if ticket is None:
        return "", 204
    return jsonify(serialise.ticket_json(services.as_written(ticket), with_estimate=False))


@bp.post("/counters/<int:counter_id>/call")
@require("operator")
def call_number(counter_id: int):
    data = json_body()
    number = data.get("number")
    if not isinstance(number, str) or not number.strip():
        raise ApiError(422, fields={"number": _("Give the ticket number, e.g. A015.")})
    actor = current_actor()
    ticket = in_transaction(lambda: services.call_number(actor, counter_id, number), keep_loaded=True)
    return jsonify(serialise.ticket_json(services.as_written(ticket), with_estimate=False))


@bp.get("/counters")
@require("operator", "supervisor", "kiosk", "display")
def list_counters():
    """Active counters with the queues they serve and their session state."""
    counters = db.session.scalars(db.select(Counter).where(Counter.active.is_(True)).order_by(Counter.number)).all()
    return jsonify({"items": [counters_service.counter_json(counter) for counter in counters]})


@bp.post("/counters/<int:counter_id>/open")
@require("operator")
def open_counter(counter_id: int):
    actor = current_actor()
    return jsonify(
        counters_service.counter_json(in_transaction(lambda: counters_service.open_counter(actor, counter_id)))
    )


@bp.post("/counters/<int:counter_id>/pause")
@require("operator")
def pause_counter(counter_id: int):
    data = json_body()
    actor = current_actor()
    return jsonify(
        counters_service.counter_json(
            in_transaction(
                lambda: counters_service.pause_counter(actor, counter_id, data.get("reason"), data.get("back_at"))
            )
        )
    )


@bp.post("/counters/<int:counter_id>/resume")
@require("operator")
def resume_counter(counter_id: int):
    actor = current_actor()
    return jsonify(
        counters_service.counter_json(in_transaction(lambda: counters_service.resume_counter(actor, counter_id)))
    )


@bp.post("/counters/<int:counter_id>/close")
@require("operator")
def close_counter(counter_id: int):
    actor = current_actor()
    return jsonify(
        counters_service.counter_json(in_transaction(lambda: counters_service.close_counter(actor, counter_id)))
    )


def _ticket_action(ticket_id: int, action: str):
    actor = current_actor()
    ticket = in_transaction(lambda: services.act(actor, ticket_id, action), keep_loaded=True)
    return jsonify(serialise.ticket_json(services.as_written(ticket), with_estimate=False))


@bp.post("/tickets/<int:ticket_id>/recall")
@require("operator")
def recall_ticket(ticket_id: int):
    return _ticket_action(ticket_id, "recall")


@bp.post("/tickets/<int:ticket_id>/start")
@require("operator")
def start_ticket(ticket_id: int):
    return _ticket_action(ticket_id, "start")


@bp.post("/tickets/<int:ticket_id>/finish")
@require("operator")
def finish_ticket(ticket_id: int):
    return _ticket_action(ticket_id, "finish")


@bp.post("/tickets/<int:ticket_id>/no-show")
@require("operator")
def no_show_ticket(ticket_id: int):
    return _ticket_action(ticket_id, "no-show")


@bp.post("/tickets/<int:ticket_id>/transfer")
@require("operator")
def transfer_ticket(ticket_id: int):
    data = json_body()
    service_id = _int_field(data, "service_id")
    actor = current_actor()

    ticket = in_transaction(lambda: services.transfer(actor, ticket_id, service_id))
    return jsonify(serialise.ticket_json(ticket))


def _board_prefixes() -> tuple[str, ...]:
    return parse_prefixes(request.args.get("queues", ""))


def _board_etags():
    return memo("board", BOARD_TABLES, BOARD_CACHE_SECONDS)


def _board_bodies():
    """The board's JSON by fingerprint: after a change every screen asks once, and it is built once."""
    return memo("board_bodies", BOARD_TABLES, BOARD_BODY_SECONDS, maxsize=16)


def _not_modified(etag: str):
    response = make_response("", 304)
    response.set_etag(etag)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/display")
@require("display", "operator", "supervisor")
def display_board():
    """The board's data; an unchanged board answers 304 to If-None-Match from memory.

    The fingerprint is kept for a second at most (and dropped at once when this process
    changes a ticket, queue, counter, tenant or setting), so many screens polling every second
    cost the database a few small queries a second, not a few per poll.
    """
    settings = get_settings()
    prefixes = _board_prefixes()
    day = clock.today()
    etag = _board_etags().get((day, prefixes), lambda: serialise.board_fingerprint(day, settings, prefixes))
    if etag in request.if_none_match:
        return _not_modified(etag)
    body = _board_bodies().get(
        (etag, prefixes), lambda: json.dumps(serialise.board(settings, prefixes), ensure_ascii=False).encode("utf-8")
    )
    response = current_app.response_class(body, mimetype="application/json")
    response.set_etag(etag)
    response.headers["Cache-Control"] = "no-cache"
    return response


class ScreenPollShortcut:
    """WSGI: a screen's poll of an unchanged board is answered 304 before Flask runs at all.

    A TV polls every second or two, all day; nearly every answer is "not modified". Who is asking
    is found as for any request (`actor_from`: a bearer token, else a staff session, else the
    device cookie that display.js sends); when that is a paired screen or a token that may see
    the board, and its If-None-Match holds the kept fingerprint of that board, nothing else is
    needed, and nothing is set (no cookie). Everything else goes on to the view: signed-in staff
    (whose session rules the view keeps), a refused caller (an unpaired or revoked device: 401
    there), a token whose use is due to be noted, a changed board.
    """

    def __init__(self, app, wsgi_app):
        self.app = app
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        if (
            environ.get("REQUEST_METHOD") == "GET"
            and environ.get("PATH_INFO") == "/api/v1/display"
            and environ.get("HTTP_IF_NONE_MATCH")
        ):
            with self.app.app_context():
                etag = self._unchanged(environ)
            if etag:
                start_response("304 NOT MODIFIED", [("ETag", quote_etag(etag)), ("Cache-Control", "no-cache")])
                return [b""]
        return self.wsgi_app(environ, start_response)

    def _unchanged(self, environ) -> str | None:
        cookies = parse_cookie(environ)
        actor = actor_from(EnvironHeaders(environ), cookies, lambda: self._staff(cookies))
        if actor.kind == "user" or not actor.has_role("display", "operator", "supervisor") or "token_used" in g:
            return None
        prefixes = parse_prefixes(parse_qs(environ.get("QUERY_STRING", "")).get("queues", [""])[0])
        etag = _board_etags().peek((clock.today(), prefixes))
        return etag if etag and etag in parse_etags(environ["HTTP_IF_NONE_MATCH"]) else None

    def _staff(self, cookies) -> Actor | None:
        """A session cookie with a signed-in staff member: the view handles it."""
        raw = cookies.get(self.app.config["SESSION_COOKIE_NAME"])
        if not raw:
            return None
        try:
            data = self.app.session_interface.get_signing_serializer(self.app).loads(raw)
        except BadSignature:
            return None  # Flask would start an empty session: no one is signed in
        return STAFF_SESSION if has_staff_session(data) else None


STAFF_SESSION = Actor(kind="user", name="staff session")


def init_app(app) -> None:
    app.wsgi_app = ScreenPollShortcut(app, app.wsgi_app)


# ---------------------------------------------------------------------------------------------
# OpenAPI
# ---------------------------------------------------------------------------------------------

_ID = [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}]
_TICKET = {"application/json": {"schema": {"$ref": "#/components/schemas/Ticket"}}}
_ERRORS = {
    "401": openapi.error_response("No credentials"),
    "403": openapi.error_response("Role or tenant may not do this"),
    "404": openapi.error_response("No such ticket, counter or service"),
}


_WINDOWS = {
    "type": "array",
    "items": {"type": "array", "items": {"type": "string", "pattern": "^\\d{2}:\\d{2}$"}, "minItems": 2, "maxItems": 2},
}
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SCHEDULE = {
    "application/json": {
        "schema": {
            "type": "object",
            "required": ["week"],
            "properties": {
                "week": {"type": "object", "properties": {day: _WINDOWS for day in _DAYS}},
                "quota": {
                    "type": "object",
                    "properties": {day: {"type": "integer", "nullable": True} for day in _DAYS},
                },
                "overrides": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["from", "to", "windows"],
                        "properties": {
                            "from": {"type": "string", "format": "date"},
                            "to": {"type": "string", "format": "date"},
                            "windows": _WINDOWS,
                            "note": {"type": "string"},
                        },
                    },
                },
                "policy": {"type": "string", "enum": ["strict", "interleave", "dedicated"]},
                "interleave_ratio": {"type": "integer", "nullable": True},
                "last_ticket_margin_minutes": {"type": "integer"},
                "booking": {
                    "type": "object",
                    "description": "Booking rules (bookings/rules.py)",
                    "properties": {
                        "enabled": {"type": "boolean"},
                        "slot_minutes": {"type": "integer"},
                        "online_percent": {"type": "integer", "minimum": 0, "maximum": 100},
                        "days_ahead": {"type": "integer"},
                        "grace_minutes": {"type": "integer"},
                        "closes_day_before": {"type": "string", "nullable": True, "pattern": "^\\d{2}:\\d{2}$"},
                    },
                },
            },
        }
    }
}
_QUEUE = {
    "type": "object",
    "required": ["id", "prefix", "name", "open_now", "closed_reason", "message", "next_opening"],
    "properties": {
        "id": {"type": "integer"},
        "prefix": {"type": "string"},
        "name": {"type": "string"},
        "tenant_code": {"type": "string", "nullable": True},
        "open_now": {"type": "boolean"},
        "closed_reason": {
            "type": "string",
            "nullable": True,
            "enum": [None, "closed", "break", "holiday", "quota", "last_ticket", "inactive"],
        },
        "message": {"type": "string"},
        "next_opening": {"type": "string", "nullable": True, "format": "date-time"},
        "policy": {"type": "string", "enum": ["strict", "interleave", "dedicated"]},
        "interleave_ratio": {"type": "integer", "nullable": True},
    },
}


_COUNTER = {"$ref": "#/components/schemas/Counter"}


def _counter_action(summary: str) -> dict:
    return {
        "post": {
            "summary": summary,
            "parameters": _ID,
            "responses": {
                "200": {"description": "The counter", "content": {"application/json": {"schema": _COUNTER}}},
                "409": openapi.error_response("Not possible in the counter's state; `allowed` names what is"),
                **_ERRORS,
            },
        }
    }


def _action(summary: str) -> dict:
    return {
        "post": {
            "summary": summary,
            "parameters": _ID,
            "responses": {
                "200": {"description": "The ticket after the action", "content": _TICKET},
                "409": openapi.error_response("Wrong state; `allowed` names the actions possible now"),
                **_ERRORS,
            },
        }
    }


openapi.register(
    {
        "/tickets": {
            "post": {
                "summary": "Issue a ticket (kiosk or staff token)",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["service_id"],
                                "properties": {
                                    "service_id": {"type": "integer"},
                                    "priority": {"type": "boolean", "default": False},
                                    "priority_group": {
                                        "type": "string",
                                        "nullable": True,
                                        "enum": ["lansia", "disabilitas", "ibu_hamil", "anak", None],
                                    },
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "201": {"description": "Issued", "content": _TICKET},
                    "409": openapi.error_response("Queue closed or daily quota reached (`reason`: closed|quota)"),
                    "422": openapi.error_response("Invalid fields"),
                    **_ERRORS,
                },
            },
            "get": {
                "summary": "Tickets of a day (default today)",
                "parameters": [
                    {"name": "day", "in": "query", "schema": {"type": "string", "format": "date"}},
                    {"name": "queue", "in": "query", "schema": {"type": "string"}},
                    {"name": "status", "in": "query", "schema": {"type": "string", "enum": list(TICKET_STATUSES)}},
                ],
                "responses": {
                    "200": {
                        "description": "List",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["items"],
                                    "properties": {
                                        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Ticket"}}
                                    },
                                }
                            }
                        },
                    },
                    "422": openapi.error_response("Invalid filter"),
                    **_ERRORS,
                },
            },
        },
        "/counters": {
            "get": {
                "summary": "Active counters with the queues they serve and their session state",
                "responses": {
                    "200": {
                        "description": "List",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["items"],
                                    "properties": {"items": {"type": "array", "items": _COUNTER}},
                                }
                            }
                        },
                    },
                    **_ERRORS,
                },
            }
        },
        "/counters/{id}/open": _counter_action("Open the counter; the caller becomes its operator"),
        "/counters/{id}/pause": {
            "post": {
                "summary": "Pause the counter with a reason and an expected return",
                "parameters": _ID,
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["reason"],
                                "properties": {
                                    "reason": {
                                        "type": "string",
                                        "enum": ["istirahat", "salat", "rapat", "gangguan", "lainnya"],
                                    },
                                    "back_at": {"type": "string", "nullable": True},
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "200": {"description": "The counter", "content": {"application/json": {"schema": _COUNTER}}},
                    "409": openapi.error_response("The counter holds a ticket, or is closed"),
                    "422": openapi.error_response("Unknown reason or return time"),
                    **_ERRORS,
                },
            }
        },
        "/counters/{id}/resume": _counter_action("Resume a paused counter"),
        "/counters/{id}/close": _counter_action("Close the counter (not while it holds a ticket)"),
        "/queues": {
            "get": {
                "summary": "Every queue with its state now (open, or closed and why, and the next opening)",
                "responses": {
                    "200": {
                        "description": "List",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["items"],
                                    "properties": {"items": {"type": "array", "items": _QUEUE}},
                                }
                            }
                        },
                    },
                    **_ERRORS,
                },
            }
        },
        "/queues/{id}/schedule": {
            "get": {
                "summary": "A queue's week: windows per weekday, quotas, overrides, calling policy",
                "parameters": _ID,
                "responses": {"200": {"description": "The schedule", "content": _SCHEDULE}, **_ERRORS},
            },
            "put": {
                "summary": "Replace a queue's week (admin)",
                "parameters": _ID,
                "requestBody": {"required": True, "content": _SCHEDULE},
                "responses": {
                    "200": {"description": "The stored schedule", "content": _SCHEDULE},
                    "422": openapi.error_response(
                        "Overlapping, inverted or out-of-day windows; `fields` names them (e.g. week.fri.1)"
                    ),
                    **_ERRORS,
                },
            },
            "delete": {
                "summary": "Drop a queue's own week: it follows the site's standard week (admin)",
                "parameters": _ID,
                "responses": {"204": {"description": "The queue follows the site's week"}, **_ERRORS},
            },
        },
        "/tickets/{id}": {
            "get": {
                "summary": "One ticket",
                "parameters": _ID,
                "responses": {"200": {"description": "Ticket", "content": _TICKET}, **_ERRORS},
            }
        },
        "/tickets/{id}/recall": _action("Call the ticket again (the display repeats the announcement)"),
        "/tickets/{id}/start": _action("Start serving a called ticket"),
        "/tickets/{id}/finish": _action("Finish serving"),
        "/tickets/{id}/no-show": _action("The citizen did not come"),
        "/tickets/{id}/transfer": {
            "post": {
                "summary": "Send the citizen to another service's queue; the ticket keeps its number and issue time",
                "parameters": _ID,
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["service_id"],
                                "properties": {"service_id": {"type": "integer"}},
                            }
                        }
                    },
                },
                "responses": {
                    "200": {"description": "The new (waiting) ticket", "content": _TICKET},
                    "409": openapi.error_response("Wrong state or the service has no queue"),
                    **_ERRORS,
                },
            }
        },
        "/counters/{id}/call-next": {
            "post": {
                "summary": "Call the next ticket (priority first, then first come) of the counter's queues",
                "parameters": _ID,
                "responses": {
                    "200": {"description": "The called ticket", "content": _TICKET},
                    "204": {"description": "Nobody is waiting"},
                    "409": openapi.error_response("The counter still holds a called or serving ticket (named)"),
                    **_ERRORS,
                },
            }
        },
        "/counters/{id}/call": {
            "post": {
                "summary": "Call a specific number out of order (waiting or no-show today)",
                "parameters": _ID,
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["number"],
                                "properties": {"number": {"type": "string"}},
                            }
                        }
                    },
                },
                "responses": {
                    "200": {"description": "The called ticket", "content": _TICKET},
                    "409": openapi.error_response("The counter is busy or the ticket was taken"),
                    **_ERRORS,
                },
            }
        },
        "/display": {
            "get": {
                "summary": "Display board data (no personal data); send If-None-Match for a 304",
                "parameters": [
                    {
                        "name": "queues",
                        "in": "query",
                        "description": "Only these prefixes, e.g. A,B",
                        "schema": {"type": "string"},
                    }
                ],
                "responses": {
                    "200": {
                        "description": "Board",
                        "headers": {"ETag": {"schema": {"type": "string"}}},
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/DisplayBoard"}}},
                    },
                    "304": {"description": "Unchanged since the ETag sent"},
                    "400": openapi.error_response("A query the server cannot read (e.g. a NUL character)"),
                    "401": _ERRORS["401"],
                    "403": _ERRORS["403"],
                },
            }
        },
    },
    {
        "Ticket": {
            "type": "object",
            "required": [
                "id",
                "number",
                "queue",
                "service_id",
                "status",
                "priority",
                "position",
                "estimated_wait_minutes",
                "counter",
                "issued_at",
                "called_at",
                "public_url",
                "pdf_url",
            ],
            "properties": {
                "id": {"type": "integer"},
                "number": {"type": "string", "example": "A001"},
                "queue": {"type": "string", "description": "Queue prefix"},
                "queue_name": {"type": "string"},
                "service_id": {"type": "integer"},
                "service_name": {"type": "string"},
                "status": {"type": "string", "enum": list(TICKET_STATUSES)},
                "priority": {"type": "boolean"},
                "position": {"type": "integer", "nullable": True, "description": "1 = next; null unless waiting"},
                "people_ahead": {"type": "integer", "nullable": True},
                "estimated_wait_minutes": {"type": "integer", "nullable": True},
                "estimated_wait": {
                    "type": "object",
                    "nullable": True,
                    "properties": {"low_minutes": {"type": "integer"}, "high_minutes": {"type": "integer"}},
                },
                "estimated_wait_text": {"type": "string", "nullable": True},
                "next_opening": {"type": "string", "format": "date-time", "nullable": True},
                "priority_group": {
                    "type": "string",
                    "nullable": True,
                    "enum": ["lansia", "disabilitas", "ibu_hamil", "anak", None],
                },
                "counter": {"type": "integer", "nullable": True, "description": "Counter number"},
                "issued_at": {"type": "string", "format": "date-time"},
                "called_at": {"type": "string", "format": "date-time", "nullable": True},
                "public_url": {"type": "string"},
                "pdf_url": {"type": "string", "description": "?paper=80 (default) or 58"},
            },
        },
        "Counter": {
            "type": "object",
            "required": [
                "id",
                "number",
                "name",
                "tenant_code",
                "queue_prefixes",
                "state",
                "pause_reason",
                "back_at",
                "operator",
                "priority_counter",
            ],
            "properties": {
                "id": {"type": "integer"},
                "number": {"type": "integer"},
                "name": {"type": "string"},
                "tenant_code": {"type": "string", "nullable": True},
                "queue_prefixes": {"type": "array", "items": {"type": "string"}},
                "state": {"type": "string", "enum": ["open", "paused", "closed"]},
                "pause_reason": {
                    "type": "string",
                    "nullable": True,
                    "enum": ["istirahat", "salat", "rapat", "gangguan", "lainnya", None],
                },
                "back_at": {"type": "string", "nullable": True},
                "operator": {"type": "string", "nullable": True},
                "priority_counter": {"type": "boolean"},
            },
        },
        "DisplayBoard": {
            "type": "object",
            "properties": {
                "mpp_name": {"type": "string"},
                "running_text": {"type": "string"},
                "date": {"type": "string", "format": "date"},
                "calls": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "call_id": {"type": "string"},
                            "number": {"type": "string"},
                            "counter": {"type": "integer"},
                            "recall": {"type": "boolean"},
                            "clips": {"type": "array", "items": {"type": "string"}},
                        },
                    },
                },
                "counters": {"type": "array", "items": {"type": "object"}},
                "queues": {"type": "array", "items": {"type": "object"}},
            },
        },
    },
)
