"""Catalogue endpoints of the JSON API (public)."""

from __future__ import annotations

from flask import jsonify
from flask_babel import gettext as _

from mpp_lite.api import bp, openapi
from mpp_lite.api.errors import ApiError
from mpp_lite.auth.permissions import public
from mpp_lite.catalogue.services import (
    get_published_service,
    published_services,
    service_json,
)
from mpp_lite.extensions import db


@bp.get("/services")
@public
def list_services():
    return jsonify({"items": [service_json(s) for s in db.session.scalars(published_services())]})


@bp.get("/services/<int:service_id>")
@public
def get_service(service_id: int):
    service = get_published_service(service_id)
    if service is None:
        raise ApiError(404, _("No published service has this id."))
    return jsonify(service_json(service, full=True))


_TENANT = {
    "type": "object",
    "properties": {"id": {"type": "integer"}, "code": {"type": "string"}, "name": {"type": "string"}},
}
openapi.register(
    {
        "/services": {
            "get": {
                "summary": "Published services",
                "security": [],
                "responses": {
                    "200": {
                        "description": "List",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["items"],
                                    "properties": {
                                        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Service"}}
                                    },
                                }
                            }
                        },
                    }
                },
            }
        },
        "/services/{id}": {
            "get": {
                "summary": "One published service with its 14 Standar Pelayanan components",
                "security": [],
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {
                    "200": {
                        "description": "Service",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Service"}}},
                    },
                    "404": openapi.error_response("No such published service"),
                },
            }
        },
        "/openapi.json": {
            "get": {
                "summary": "This document",
                "security": [],
                "responses": {"200": {"description": "OpenAPI 3 document"}},
            }
        },
    },
    {
        "Service": {
            "type": "object",
            "required": ["id", "code", "name", "tenant", "queue_prefix"],
            "properties": {
                "id": {"type": "integer"},
                "code": {"type": "string"},
                "name": {"type": "string"},
                "summary": {"type": "string"},
                "tenant": _TENANT,
                "queue_prefix": {"type": "string", "nullable": True},
                "duration": {
                    "type": "object",
                    "properties": {
                        "value": {"type": "integer"},
                        "unit": {"type": "string", "enum": ["working_days", "minutes"]},
                    },
                },
                "fee": {"type": "integer"},
                "needs_application": {"type": "boolean"},
                "requirements": {"type": "array", "items": {"type": "string"}},
                "procedure": {"type": "array", "items": {"type": "string"}},
                "legal_basis": {"type": "array", "items": {"type": "string"}},
            },
        },
    },
)
