"""Blueprint-wide behaviour of the JSON API: auth from tokens, CSRF for cookie writes, errors."""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError, validate_csrf
from werkzeug.exceptions import HTTPException

from mpp_lite.api import bp
from mpp_lite.api.errors import ApiError, http_error_response
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


@bp.errorhandler(ApiError)
def handle_api_error(error: ApiError):
    return error.response()


@bp.errorhandler(CSRFError)
def handle_csrf_error(error):
    return ApiError(400, _("The CSRF token is missing or invalid; reload the page."), "csrf").response()


@bp.errorhandler(HTTPException)
def handle_http_error(error: HTTPException):
    return http_error_response(error)


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
    too_large = _huge_integer_at(data)
    if too_large is not None:  # SQLite cannot even compare such a number: answer, do not crash
        raise ApiError(422, fields={too_large or "body": _("must be a whole number from %(low)d to %(high)d",
                                                          low=-(2**63), high=2**63 - 1)})
    return data


def _huge_integer_at(value, path: str = "", depth: int = 0) -> str | None:
    """The dotted name of the first integer outside 64 bits, or None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return None if -(2**63) <= value < 2**63 else path
    if depth > 50:
        return None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        found = _huge_integer_at(item, f"{path}.{key}" if path else str(key), depth + 1)
        if found is not None:
            return found
    return None
