"""Bookings in the JSON API (CONTRACT.md "Bookings"): slots, booking, cancelling, check-in."""

from __future__ import annotations

from datetime import date, datetime

from flask import jsonify, request
from flask_babel import gettext as _

from mpp_lite.api import bp, openapi
from mpp_lite.api.errors import ApiError
from mpp_lite.api.views import json_body
from mpp_lite.auth.permissions import current_actor, public, require
from mpp_lite.bookings import checkin, services
from mpp_lite.bookings.models import Booking, BookingStatus
from mpp_lite.bookings.slots import day_slots
from mpp_lite.catalogue.models import Service
from mpp_lite.database import in_transaction
from mpp_lite.extensions import db
from mpp_lite.queue import serialise
from mpp_lite.queue.services import valid_id
from mpp_lite.security import absolute_url
from mpp_lite.site import clock


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(clock.zone()).isoformat(timespec="minutes") if value else None


def booking_json(booking: Booking) -> dict:
    checkin_from, checkin_until = services.checkin_window(booking)
    return {
        "code": booking.display_code,
        "service_id": booking.service_id,
        "service_name": booking.service.name,
        "slot_start": _iso(booking.slot_start),
        "slot_end": _iso(booking.slot_end),
        "status": booking.status,
        "checkin_from": _iso(checkin_from),
        "checkin_until": _iso(checkin_until),
        "confirmation_url": absolute_url("bookings.confirmation", code=booking.display_code),
        "ics_url": absolute_url("bookings.calendar_file", code=booking.display_code),
    }


@bp.get("/bookings/slots")
@public
def booking_slots():
    ident = valid_id(request.args.get("service_id"))
    raw = request.args.get("date", "")
    try:
        day = date.fromisoformat(raw) if len(raw) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise ApiError(422, fields={"date": _("A date as YYYY-MM-DD.")})
    service = db.session.get(Service, ident) if ident else None
    if service is None or not service.published or service.queue is None:
        return jsonify({"items": []})
    return jsonify({"items": [slot.to_json() for slot in day_slots(service.queue, day)]})


@bp.post("/bookings")
@public
def create_booking():
    data = json_body()
    client = services.client_key()
    booking = in_transaction(
        lambda: services.book(
            data.get("service_id"), data.get("slot_start"), data.get("name"), data.get("phone"), client=client
        )
    )
    response = jsonify(booking_json(booking))
    response.status_code = 201
    response.headers["Location"] = response.json["confirmation_url"]
    return response


@bp.post("/bookings/<code>/cancel")
@public
def cancel_booking(code: str):
    data = json_body()

    def work():
        try:
            booking = services.for_citizen(code, data.get("phone_last4"))
        except services.BookingError as error:
            if error.kind != "not_found":
                raise
            return error  # committed all the same: the failed try counts toward the limit
        return services.cancel(booking, by="citizen")

    booking = in_transaction(work)
    if isinstance(booking, services.BookingError):
        raise booking
    return jsonify({"code": booking.display_code, "status": booking.status})


@bp.post("/bookings/<code>/check-in")
@require("kiosk", "operator", "supervisor")
def check_in_booking(code: str):
    actor = current_actor()

    def work():
        booking, ticket = checkin.check_in(code, issued_by=actor.name)
        body = serialise.ticket_json(ticket)
        body.update(booking_code=booking.display_code, callable_from=_iso(ticket.callable_from))
        return body

    body = in_transaction(work)
    response = jsonify(body)
    response.status_code = 201
    return response


_BOOKING = {
    "type": "object",
    "required": [
        "code",
        "service_id",
        "slot_start",
        "slot_end",
        "status",
        "checkin_from",
        "checkin_until",
        "confirmation_url",
        "ics_url",
    ],
    "properties": {
        "code": {"type": "string", "example": "7K3Q-9XWD-6"},
        "service_id": {"type": "integer"},
        "slot_start": {"type": "string", "format": "date-time"},
        "slot_end": {"type": "string", "format": "date-time"},
        "status": {"type": "string", "enum": [str(s) for s in BookingStatus]},
        "checkin_from": {"type": "string", "format": "date-time"},
        "checkin_until": {"type": "string", "format": "date-time"},
        "confirmation_url": {"type": "string"},
        "ics_url": {"type": "string"},
    },
}
_CODE = [{"name": "code", "in": "path", "required": True, "schema": {"type": "string"}}]

openapi.register(
    {
        "/bookings/slots": {
            "get": {
                "summary": (
                    "A day's slots of a service with seats left (public); a closed day or a service without "
                    "bookings: []"
                ),
                "security": [],
                "parameters": [
                    {"name": "service_id", "in": "query", "required": True, "schema": {"type": "integer"}},
                    {"name": "date", "in": "query", "required": True, "schema": {"type": "string", "format": "date"}},
                ],
                "responses": {
                    "200": {
                        "description": "Slots",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["items"],
                                    "properties": {
                                        "items": {
                                            "type": "array",
                                            "items": {
                                                "type": "object",
                                                "required": ["start", "end", "capacity", "left"],
                                                "properties": {
                                                    "start": {"type": "string", "format": "date-time"},
                                                    "end": {"type": "string", "format": "date-time"},
                                                    "capacity": {"type": "integer"},
                                                    "left": {"type": "integer"},
                                                },
                                            },
                                        }
                                    },
                                }
                            }
                        },
                    },
                    "422": openapi.error_response("Not a date"),
                },
            }
        },
        "/bookings": {
            "post": {
                "summary": "Book a slot (public, limited per phone number, per client and in open bookings per phone)",
                "security": [],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["service_id", "slot_start", "name", "phone"],
                                "properties": {
                                    "service_id": {"type": "integer"},
                                    "slot_start": {"type": "string", "format": "date-time"},
                                    "name": {"type": "string"},
                                    "phone": {"type": "string", "example": "081234567890"},
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "201": {"description": "Booked", "content": {"application/json": {"schema": _BOOKING}}},
                    "404": openapi.error_response("No such service"),
                    "409": openapi.error_response(
                        "The slot is full (`alternatives` lists the nearest free slots), "
                        "the service takes no bookings, or the open-bookings limit"
                    ),
                    "422": openapi.error_response("Invalid fields (phone, name, slot_start)"),
                    "429": openapi.error_response("A limit per phone or client; see Retry-After"),
                },
            }
        },
        "/bookings/{code}/cancel": {
            "post": {
                "summary": "Cancel with the code and the phone's last 4 digits (public)",
                "security": [],
                "parameters": _CODE,
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["phone_last4"],
                                "properties": {"phone_last4": {"type": "string"}},
                            }
                        }
                    },
                },
                "responses": {
                    "200": {
                        "description": "Cancelled",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {"code": {"type": "string"}, "status": {"type": "string"}},
                                }
                            }
                        },
                    },
                    "404": openapi.error_response("Unknown code or wrong digits (one answer for both)"),
                    "409": openapi.error_response("Already checked in, lapsed or cancelled"),
                    "422": openapi.error_response("The code's check character fails: check the code"),
                },
            }
        },
        "/bookings/{code}/check-in": {
            "post": {
                "summary": (
                    "Check in at the kiosk: a ticket in the booked queue, called from the slot's start (kiosk or staff)"
                ),
                "parameters": _CODE,
                "responses": {
                    "201": {
                        "description": "The ticket, with booking_code and callable_from",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "allOf": [
                                        {"$ref": "#/components/schemas/Ticket"},
                                        {
                                            "type": "object",
                                            "properties": {
                                                "booking_code": {"type": "string"},
                                                "callable_from": {"type": "string", "format": "date-time"},
                                            },
                                        },
                                    ]
                                }
                            }
                        },
                    },
                    "404": openapi.error_response("No booking with this code"),
                    "409": openapi.error_response(
                        "Already checked in (`ticket` names it), cancelled, lapsed "
                        "(`walk_in` says whether the queue takes a walk-in ticket) "
                        "or booked for another day"
                    ),
                    "422": openapi.error_response("The code's check character fails: check the code"),
                },
            }
        },
    }
)
