"""GET /api/v1/sync/status: the outbox backlog per endpoint, for monitoring (sync tokens, supervisors)."""

from __future__ import annotations

from flask import jsonify

from mpp_lite.api import bp, openapi
from mpp_lite.auth.permissions import require
from mpp_lite.sync.policy import RECORD_TYPES
from mpp_lite.sync.services import status


@bp.get("/sync/status")
@require("sync", "supervisor")
def sync_status():
    return jsonify(status())


_COUNTS = {"type": "object", "properties": {kind: {"type": "integer"} for kind in RECORD_TYPES}}
openapi.register(
    {
        "/sync/status": {
            "get": {
                "summary": (
                    "Pending / sent / dead records per sync endpoint and record type (as `mpp-lite sync status --json`)"
                ),
                "responses": {
                    "200": {
                        "description": "One entry per endpoint",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SyncStatus"}}},
                    },
                    "401": openapi.error_response("No credentials"),
                    "403": openapi.error_response("Sync tokens, supervisors and admins only"),
                },
            }
        },
    },
    {
        "SyncStatus": {
            "type": "object",
            "required": ["endpoints"],
            "properties": {
                "endpoints": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["name", "pending", "sent", "dead", "last_success", "last_error"],
                        "properties": {
                            "name": {"type": "string"},
                            "pending": _COUNTS,
                            "sent": _COUNTS,
                            "dead": _COUNTS,
                            "last_success": {"type": "string", "format": "date-time", "nullable": True},
                            "last_error": {"type": "string", "nullable": True},
                        },
                    },
                },
            },
        },
    },
)
