"""Blueprint-wide behaviour of the JSON API: auth from tokens, CSRF for cookie writes."""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _
from flask_wtf.csrf import validate_csrf

from mpp_lite.api import bp
from mpp_lite.api.errors import ApiError
from mpp_lite.api.openapi import document
from mpp_lite.auth.permissions import current_actor, public

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


@bp.before_request
def check_csrf_for_cookie_writes():
    """Bearer tokens cannot be sent by another site; cookies can, so they need the CSRF header."""
    if request.method not in WRITE_METHODS:
        return None
    actor = current_actor()
    if actor.via_cookie:
        try:
            validate_csrf(request.headers.get("X-CSRFToken", ""))
        except Exception as error:  # ValidationError from wtforms
            raise ApiError(400, _("The CSRF token is missing or invalid; reload the page."), "csrf") from error
    return None


# Errors are answered by the handlers the factory registers once (site/errors.py): JSON in the
# contract's shape for every /api/ path.


@bp.get("/openapi.json")
@public
def openapi_document():
    return jsonify(document())


def json_body() -> dict:
    """The request's JSON object, or a 400/415 that says what to send."""
    if not request.is_json:
        raise ApiError(415)
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ApiError(400, _("The body must be a JSON object."))
    problem = _unstorable_value_at(data)
    if problem is not None:  # the database cannot even compare such a value: answer, do not crash
        path, kind = problem
        message = (
            _("must be a whole number from %(low)d to %(high)d", low=-(2**63), high=2**63 - 1)
            if kind == "number"
            else _("Please check what you entered and try again.")
        )
        raise ApiError(422, fields={path or "body": message})
    return data


def _unstorable_value_at(value, path: str = "", depth: int = 0) -> tuple[str, str] | None:
    """(dotted name, "number"|"text") of the first integer outside 64 bits (SQLite) or text
    with a NUL character (PostgreSQL), or None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return None if -(2**63) <= value < 2**63 else (path, "number")
    if isinstance(value, str):
        return (path, "text") if "\x00" in value else None
    if depth > 50:
        return None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        name = f"{path}.{key}" if path else str(key)
        if "\x00" in str(key):
            return name, "text"
        found = _unstorable_value_at(item, name, depth + 1)
        if found is not None:
            return found
    return None
