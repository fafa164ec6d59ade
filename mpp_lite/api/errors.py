"""JSON errors in the contract's shape: {"error": {"code", "message", "fields"}}."""

from __future__ import annotations

from flask import jsonify
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from mpp_lite import errors

DEFAULT_MESSAGES = {
    400: ("bad_request", _l("The request could not be understood.")),
    401: ("unauthorized", _l("Sign in or send a valid token.")),
    403: ("forbidden", _l("You are not allowed to do this.")),
    404: ("not_found", _l("Not found.")),
    405: ("method_not_allowed", _l("This method is not allowed here.")),
    409: ("conflict", _l("This conflicts with the current state.")),
    413: ("too_large", _l("The request is too large.")),
    415: ("unsupported_media_type", _l("Send JSON (Content-Type: application/json).")),
    422: ("invalid", _l("Some fields are not valid.")),
    429: ("too_many_requests", _l("Too many requests; try again later.")),
    500: ("server_error", _l("Something went wrong on the server; nothing was saved.")),
    503: ("busy", _l("The database is busy; nothing was saved. Please try again in a moment.")),
}

# The one place a service's refusal becomes an API status.
STATUS_OF_KIND = {
    errors.BAD_REQUEST: 400,
    errors.UNAUTHORIZED: 401,
    errors.FORBIDDEN: 403,
    errors.NOT_FOUND: 404,
    errors.CONFLICT: 409,
    errors.INVALID: 422,
    errors.RATE_LIMITED: 429,
    errors.BUSY: 503,
}


class ApiError(Exception):
    """Raise from an API view or a service to answer with a JSON error."""

    def __init__(
        self,
        status: int,
        message: str | None = None,
        code: str | None = None,
        fields: dict | None = None,
        headers: dict | None = None,
        **extra,
    ):
        default_code, default_message = DEFAULT_MESSAGES.get(status, ("error", _l("Error.")))
        message = str(message or default_message)
        super().__init__(message)
        self.status = status
        self.code = code or default_code
        self.message = message
        self.fields = fields or {}
        self.headers = headers or {}
        self.extra = extra

    def response(self):
        body = {"error": {"code": self.code, "message": self.message, "fields": self.fields}}
        body["error"].update(self.extra)
        response = jsonify(body)
        response.status_code = self.status
        for key, value in self.headers.items():
            response.headers[key] = value
        return response


def domain_error_response(error: errors.DomainError):
    """A service's refusal in the contract's shape (the status's default code unless it names one)."""
    return ApiError(
        STATUS_OF_KIND[error.kind],
        error.message or None,
        error.code,
        fields=error.fields,
        headers=error.headers,
        **error.extra,
    ).response()


def http_error_response(error: HTTPException):
    status = error.code or 500
    code, message = DEFAULT_MESSAGES.get(status, ("error", error.name))
    headers = {}
    if status == 429 and error.response is not None and "Retry-After" in error.response.headers:
        headers["Retry-After"] = error.response.headers["Retry-After"]
    return ApiError(status, str(message), code, headers=headers).response()
