"""The OpenAPI document, assembled from the pieces each feature's `api.py` registers."""

from __future__ import annotations

import copy

_paths: dict = {}
_schemas: dict = {}

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "fields"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {"type": "object", "additionalProperties": {"type": "string"}},
            },
        }
    },
}


def register(paths: dict, schemas: dict | None = None) -> None:
    """Add path items (keyed like "/services/{id}") and component schemas."""
    for path, item in paths.items():
        _paths.setdefault(path, {}).update(item)
    _schemas.update(schemas or {})


def error_response(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _with_shared_responses(paths: dict) -> dict:
    """Every JSON body passes through `json_body()`, which answers 422 for a value the database
    cannot store (an integer beyond 64 bits, a NUL character): say so on every such operation."""
    for item in paths.values():
        for operation in item.values():
            if isinstance(operation, dict) and "requestBody" in operation:
                operation.setdefault("responses", {}).setdefault(
                    "422", error_response("A field is not valid or cannot be stored")
                )
    return paths


def document(server_url: str = "/api/v1") -> dict:
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "MPP Lite API",
            "version": "1",
            "description": "Queue, catalogue, applications, survey and reports of one MPP. "
            "Authenticate with `Authorization: Bearer <token>` (see `mpp-lite create-token`).",
        },
        "servers": [{"url": server_url}],
        "paths": _with_shared_responses(copy.deepcopy(_paths)),
        "components": {
            "schemas": {"Error": ERROR_SCHEMA, **copy.deepcopy(_schemas)},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearer": []}],
    }
