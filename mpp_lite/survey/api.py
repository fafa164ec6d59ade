"""POST /api/v1/surveys: one SKM questionnaire from a kiosk, staff, or the ticket's public link."""

from __future__ import annotations

from flask import jsonify

from mpp_lite.api import bp, openapi
from mpp_lite.api.views import json_body
from mpp_lite.auth.permissions import current_actor, public
from mpp_lite.database import in_transaction
from mpp_lite.extensions import limiter
from mpp_lite.survey.ikm import ELEMENT_CODES
from mpp_lite.survey.models import AGE_GROUPS, EDUCATIONS, OCCUPATIONS, SEXES
from mpp_lite.survey.services import response_json, submit_response


def _credentialed() -> bool:
    return current_actor().authenticated


@bp.post("/surveys")
@public  # the ticket's public id or the application's code proves the visit; walk-ups need a kiosk or staff
@limiter.limit("60 per hour", exempt_when=_credentialed)  # phones: a handful each; no code guessing
def create_survey():
    data = json_body()
    actor = current_actor()
    response = in_transaction(
        lambda: submit_response(
            actor,
            ticket_ref=data.get("ticket_id"),
            application_code=data.get("application_code"),
            service_id=data.get("service_id"),
            answers=data.get("answers"),
            respondent=data.get("respondent"),
            suggestion=data.get("suggestion"),
        )
    )
    return jsonify(response_json(response)), 201


_ANSWERS = {
    "type": "object",
    "required": list(ELEMENT_CODES),
    "properties": {code: {"type": "integer", "minimum": 1, "maximum": 4} for code in ELEMENT_CODES},
    "additionalProperties": False,
}
openapi.register(
    {
        "/surveys": {
            "post": {
                "summary": "Record one SKM questionnaire (nine answers scored 1-4)",
                "description": "Give `ticket_id` (the ticket's public id from its QR link, or its number id "
                "with a kiosk/staff credential) or `application_code` (tracking code): the link "
                "proves the visit, so no credential is needed, and each visit is answered once. "
                "Walk-up responses give only `service_id` and need a kiosk token or a staff session.",
                "security": [{}, {"bearer": []}],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SurveyInput"}}},
                },
                "responses": {
                    "201": {
                        "description": "Recorded",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SurveyResponse"}}},
                    },
                    "401": openapi.error_response("Walk-up response without a kiosk or staff credential"),
                    "403": openapi.error_response("This credential may not record walk-up responses"),
                    "409": openapi.error_response("Ticket not finished yet, or this visit was already surveyed"),
                    "422": openapi.error_response(
                        "An answer is missing or outside 1-4, or the ticket/code is unknown (fields name it, "
                        "e.g. answers.U3)"
                    ),
                    "429": openapi.error_response("Too many anonymous submissions from this address; try later"),
                },
            }
        },
    },
    {
        "SurveyInput": {
            "type": "object",
            "required": ["answers"],
            "properties": {
                "ticket_id": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
                "application_code": {"type": "string"},
                "service_id": {"type": "integer"},
                "answers": _ANSWERS,
                "respondent": {
                    "type": "object",
                    "properties": {
                        "age_group": {"type": "string", "enum": list(AGE_GROUPS)},
                        "sex": {"type": "string", "enum": list(SEXES)},
                        "education": {"type": "string", "enum": list(EDUCATIONS)},
                        "occupation": {"type": "string", "enum": list(OCCUPATIONS)},
                    },
                },
                "suggestion": {"type": "string", "maxLength": 2000},
            },
        },
        "SurveyResponse": {
            "type": "object",
            "required": ["id", "source", "service_id", "tenant_id", "day", "submitted_at", "answers"],
            "properties": {
                "id": {"type": "string", "format": "uuid"},
                "source": {"type": "string", "enum": ["ticket", "application", "kiosk", "staff"]},
                "service_id": {"type": "integer"},
                "tenant_id": {"type": "integer"},
                "day": {"type": "string", "format": "date"},
                "submitted_at": {"type": "string", "format": "date-time"},
                "answers": _ANSWERS,
            },
        },
    },
)
