"""Applications in the JSON API: register, change status, read; the public status lookup."""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _

from mpp_lite.api import bp, openapi
from mpp_lite.api.errors import ApiError
from mpp_lite.api.views import json_body
from mpp_lite.applications import services
from mpp_lite.applications.models import Application, ApplicationStatus
from mpp_lite.applications.notify import deliver_after_commit
from mpp_lite.auth.permissions import current_actor, public, require
from mpp_lite.database import in_transaction
from mpp_lite.extensions import db
from mpp_lite.security import database_id
from mpp_lite.site import clock


def _iso(value):
    return value.isoformat() if value is not None else None


def _text(data: dict, name: str) -> str:
    """A JSON field that must be text (absent or null counts as empty); 422 naming it otherwise."""
    value = data.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ApiError(422, fields={name: _("Send this as text in quotes, not as a number, list or object.")})
    return value


def application_json(application: Application) -> dict:
    """The staff view of an application: no NIK or phone, the name masked."""
    return {
        "tracking_code": application.display_code,
        "status": application.status,
        "due_date": _iso(application.due_date),
        "receipt_url": services.receipt_url(application),
        "verify_url": services.verify_url(application),
        "service": {"id": application.service.id, "code": application.service.code, "name": application.service.name},
        "tenant": {"id": application.tenant.id, "code": application.tenant.code, "name": application.tenant.name},
        "ticket_id": application.ticket_id,
        "applicant": {"name": services.mask_name(application.applicant_name)},
        "documents": list(application.documents or []),
        "received_at": _iso(application.received_at),
        "verified_at": _iso(application.verified_at),
        "ready_at": _iso(application.ready_at),
        "closed_at": _iso(application.closed_at),
        "overdue": services.is_overdue(application),
        "paused": application.paused_since is not None,
        "allowed": list(services.allowed_transitions(application)),
        "history": [
            {"from": step.from_status, "to": step.to_status, "at": _iso(step.at), "by": step.actor, "note": step.note}
            for step in application.steps
        ],
    }


def status_json(application: Application) -> dict:
    """What a citizen sees after giving the code and the phone digits: masked, with history."""
    return {
        "tracking_code": application.display_code,
        "status": application.status,
        "status_label": services.status_label(application.status),
        "service": application.service.name,
        "tenant": application.tenant.name,
        "applicant": services.mask_name(application.applicant_name),
        "phone": services.mask_phone(application.phone),
        "received_at": _iso(application.received_at),
        "verified_at": _iso(application.verified_at),
        "due_date": _iso(application.due_date),
        "ready_at": _iso(application.ready_at),
        "closed_at": _iso(application.closed_at),
        "paused": application.status == ApplicationStatus.INCOMPLETE,
        "rejection_reason": application.rejection_reason if application.status == ApplicationStatus.REJECTED else None,
        "history": [
            {"status": item["status"], "label": item["label"], "at": _iso(item["at"]), "note": item["note"]}
            for item in services.public_history(application)
        ],
        "pickup": services.pickup_instructions(application) if application.status == ApplicationStatus.READY else None,
        "survey_url": f"/survei?permohonan={application.tracking_code}"
        if application.status == ApplicationStatus.PICKED_UP
        else None,
    }


@bp.post("/applications")
@require("operator")
def create_application():
    data = json_body()
    actor = current_actor()
    applicant = data.get("applicant")
    if not isinstance(applicant, dict):
        raise ApiError(
            422, "Some fields are not valid.", "invalid", fields={"applicant": "An object with name, nik and phone."}
        )

    def work():
        application = services.register_application(
            actor,
            data.get("service_id"),
            applicant,
            data.get("documents", []),
            ticket_id=data.get("ticket_id"),
            verify_now=data.get("verified") is True,
            note=_text(data, "note"),
        )
        return application, application.warnings

    application, warnings = in_transaction(work)
    body = application_json(application)
    body["warnings"] = warnings
    return jsonify(body), 201


@bp.get("/applications")
@require("operator", "supervisor")
def list_applications():
    actor = current_actor()
    status = request.args.get("status", "open")
    if status not in services.WORKLIST_FILTERS:
        raise ApiError(422, "Unknown filter.", "invalid", fields={"status": ", ".join(services.WORKLIST_FILTERS)})
    limit = min(max(request.args.get("limit", 100, type=int), 1), 500)
    query = services.worklist_query(actor, status, request.args.get("tenant_id", type=database_id)).limit(limit)
    return jsonify(
        {"items": [application_json(a) for a in db.session.scalars(query)], "today": clock.today().isoformat()}
    )


@bp.get("/applications/<code>")
@require("operator", "supervisor")
def get_application(code: str):
    application = services.get_for_actor(current_actor(), code)
    return jsonify(application_json(application))


@bp.post("/applications/<code>/transition")
@require("operator")
def transition_application(code: str):
    data = json_body()
    actor = current_actor()
    to, note = _text(data, "to"), _text(data, "note")

    def work():
        application = services.get_for_actor(actor, code, write=True)
        services.transition(actor, application, to, note)
        return application

    application = in_transaction(work)
    deliver_after_commit()
    return jsonify(application_json(application))


@bp.post("/status")
@public
def lookup_status():
    data = json_body()

    def work():
        try:
            return services.lookup_status(data.get("code"), data.get("phone_last4"))
        except services.NotFound as error:
            return error  # committed all the same: the failed try counts toward the limit

    application = in_transaction(work)
    if isinstance(application, services.NotFound):
        raise application
    return jsonify(status_json(application))


_APPLICATION = {
    "type": "object",
    "required": ["tracking_code", "status", "due_date", "receipt_url", "verify_url"],
    "properties": {
        "tracking_code": {"type": "string", "example": "7K3Q-9XWD-6"},
        "status": {"type": "string", "enum": list(services.TRANSITIONS)},
        "due_date": {
            "type": "string",
            "format": "date",
            "nullable": True,
            "description": "Null until the file is complete (verified).",
        },
        "receipt_url": {"type": "string", "description": "Staff-only PDF; add ?format=slip for 80 mm printers."},
        "verify_url": {"type": "string", "description": "Signed URL that the receipt's QR holds."},
        "allowed": {"type": "array", "items": {"type": "string"}},
        "overdue": {"type": "boolean"},
        "history": {"type": "array", "items": {"type": "object"}},
    },
}
_STATUS = {
    "type": "object",
    "required": ["tracking_code", "status", "history"],
    "properties": {
        "tracking_code": {"type": "string"},
        "status": {"type": "string"},
        "status_label": {"type": "string"},
        "service": {"type": "string"},
        "applicant": {"type": "string", "description": "Masked, e.g. Bu** Sa*****"},
        "due_date": {"type": "string", "format": "date", "nullable": True},
        "history": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "status": {"type": "string"},
                    "label": {"type": "string"},
                    "at": {"type": "string", "format": "date-time"},
                    "note": {"type": "string"},
                },
            },
        },
        "pickup": {"type": "string", "nullable": True},
        "survey_url": {"type": "string", "nullable": True},
    },
}
_CODE_PARAM = {
    "name": "code",
    "in": "path",
    "required": True,
    "schema": {"type": "string"},
    "description": "Tracking code; any case, dashes optional, O/I/L read as 0/1/1.",
}
_json = openapi.error_response


def _body(schema: dict) -> dict:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _ok(description: str, ref: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}},
    }


openapi.register(
    {
        "/applications": {
            "post": {
                "summary": "Register an application (operator of the service's agency)",
                "requestBody": _body(
                    {
                        "type": "object",
                        "required": ["service_id", "applicant"],
                        "properties": {
                            "service_id": {"type": "integer"},
                            "ticket_id": {"type": "integer", "nullable": True},
                            "applicant": {
                                "type": "object",
                                "required": ["name", "nik", "phone"],
                                "properties": {
                                    "name": {"type": "string"},
                                    "nik": {"type": "string", "description": "16 digits"},
                                    "phone": {"type": "string"},
                                    "email": {"type": "string"},
                                    "address": {"type": "string"},
                                },
                            },
                            "documents": {
                                "type": "array",
                                "items": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
                                "description": "Requirement texts handed in, or their numbers (1 = first).",
                            },
                            "verified": {"type": "boolean", "description": "All documents checked: verify at once."},
                            "note": {"type": "string"},
                        },
                    }
                ),
                "responses": {
                    "201": _ok("Registered", "Application"),
                    "401": _json("No credentials"),
                    "403": _json("Another agency's service, or not an operator"),
                    "415": _json("Not JSON"),
                    "422": _json("Invalid fields, e.g. applicant.nik"),
                },
            },
            "get": {
                "summary": "Applications the caller may see (operator: own agency; supervisor: all)",
                "parameters": [
                    {
                        "name": "status",
                        "in": "query",
                        "schema": {"type": "string", "enum": list(services.WORKLIST_FILTERS)},
                    },
                    {"name": "tenant_id", "in": "query", "schema": {"type": "integer"}},
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 500}},
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
                                        "items": {
                                            "type": "array",
                                            "items": {"$ref": "#/components/schemas/Application"},
                                        }
                                    },
                                }
                            }
                        },
                    },
                    "401": _json("No credentials"),
                    "403": _json("Role may not read applications"),
                },
            },
        },
        "/applications/{code}": {
            "get": {
                "summary": "One application",
                "parameters": [_CODE_PARAM],
                "responses": {
                    "200": _ok("Application", "Application"),
                    "401": _json("No credentials"),
                    "403": _json("Another agency's application"),
                    "404": _json("No such code"),
                },
            }
        },
        "/applications/{code}/transition": {
            "post": {
                "summary": "Change the status (received, incomplete, verified, processing, ready, picked_up, rejected)",
                "parameters": [_CODE_PARAM],
                "requestBody": _body(
                    {
                        "type": "object",
                        "required": ["to"],
                        "properties": {
                            "to": {"type": "string"},
                            "note": {"type": "string", "description": "Required for incomplete and rejected."},
                        },
                    }
                ),
                "responses": {
                    "200": _ok("Changed", "Application"),
                    "401": _json("No credentials"),
                    "403": _json("Another agency's application"),
                    "404": _json("No such code"),
                    "409": _json("Not allowed from the current status; error.allowed lists the allowed ones"),
                    "422": _json("Unknown status or missing note"),
                },
            }
        },
        "/status": {
            "post": {
                "summary": "Citizen status lookup with the tracking code and the phone number's last 4 digits",
                "description": "Unknown code and wrong digits give the same 404. After 10 failed tries in 10 minutes "
                "from one client or against one code: 429 with Retry-After. A code whose check "
                "character fails: 422 (not counted).",
                "security": [],
                "requestBody": _body(
                    {
                        "type": "object",
                        "required": ["code", "phone_last4"],
                        "properties": {
                            "code": {"type": "string", "example": "7K3Q-9XWD-6"},
                            "phone_last4": {"type": "string", "example": "1234"},
                        },
                    }
                ),
                "responses": {
                    "200": _ok("Status", "ApplicationStatus"),
                    "404": _json("Not found (code or digits)"),
                    "422": _json("Typo in the code (check character) or not 4 digits"),
                    "429": _json("Too many failed tries; see Retry-After"),
                },
            }
        },
    },
    {"Application": _APPLICATION, "ApplicationStatus": _STATUS},
)
