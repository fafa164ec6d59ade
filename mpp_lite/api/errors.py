"""JSON errors in the contract's shape: {"error": {"code", "message", "fields"}}."""

from __future__ import annotations

from flask import jsonify
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

DEFAULT_MESSAGES = {
    400: ("bad_request", "The request could not be understood."),
    401: ("unauthorized", "Sign in or send a valid token."),
    403: ("forbidden", "You are not allowed to do this."),
    404: ("not_found", "Not found."),
    405: ("method_not_allowed", "This method is not allowed here."),
    409: ("conflict", "This conflicts with the current state."),
    413: ("too_large", "The request is too large."),
    415: ("unsupported_media_type", "Send JSON (Content-Type: application/json)."),
    422: ("invalid", "Some fields are not valid."),
    429: ("too_many_requests", "Too many requests; try again later."),
    500: ("server_error", "Something went wrong on the server; nothing was saved."),
}


class ApiError(Exception):
    """Raise from an API view or a service to answer with a JSON error."""

    def __init__(self, status: int, message: str | None = None, code: str | None = None,
                 fields: dict | None = None, headers: dict | None = None, **extra):
        default_code, default_message = DEFAULT_MESSAGES.get(status, ("error", "Error."))
        super().__init__(message or default_message)
        self.status = status
        self.code = code or default_code
        self.message = message or _(default_message)
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


def http_error_response(error: HTTPException):
    status = error.code or 500
    code, message = DEFAULT_MESSAGES.get(status, ("error", error.name))
    headers = {}
    if status == 429 and error.response is not None and "Retry-After" in error.response.headers:
        headers["Retry-After"] = error.response.headers["Retry-After"]
    return ApiError(status, _(message), code, headers=headers).response()
