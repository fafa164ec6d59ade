"""Error pages for people and JSON errors for the API: never a stack trace."""

from __future__ import annotations

import errno
import shutil
import sqlite3

from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from mpp_lite.api.errors import STATUS_OF_KIND, ApiError, domain_error_response, http_error_response
from mpp_lite.database import BUSY_RETRY_AFTER_SECONDS
from mpp_lite.errors import DomainError
from mpp_lite.extensions import db


def disk_free_mb() -> int:
    """Free space on the drive of the instance folder (database, backups, logs), in MB."""
    from flask import current_app

    return shutil.disk_usage(current_app.instance_path).free // (1024 * 1024)


def is_disk_full(error: BaseException) -> bool:
    """SQLite's "database or disk is full", or the operating system's "no space left"."""
    original = getattr(error, "orig", error)
    if isinstance(original, OSError) and original.errno == errno.ENOSPC:
        return True
    return isinstance(original, sqlite3.OperationalError) and "full" in str(original).lower()


def is_number_out_of_range(error: BaseException) -> bool:
    """A number the database's column cannot hold (PostgreSQL's INTEGER stops at 2**31 - 1, SQLite's
    at 2**63 - 1), sent where an id or a count was expected: no such record, never a server error."""
    original = getattr(error, "orig", error)
    if isinstance(error, OverflowError) or isinstance(original, OverflowError):
        return True
    return type(original).__name__ in ("NumericValueOutOfRange", "NumericValueOutOfRangeError")


def is_database_busy(error: BaseException) -> bool:
    """SQLite's write lock still held by another writer after the one bounded wait."""
    original = getattr(error, "orig", error)
    return isinstance(original, sqlite3.OperationalError) and (
        "locked" in str(original).lower() or "busy" in str(original).lower()
    )


def init_app(app: Flask) -> None:
    app.register_error_handler(ApiError, lambda error: error.response())
    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected_error)


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def handle_http_error(error: HTTPException):
    if _wants_json():
        return http_error_response(error)
    status = error.code or 500
    response = render_template("errors/error.html", status=status), status
    if status == 503:
        return response[0], status, {"Retry-After": str(BUSY_RETRY_AFTER_SECONDS)}
    if status == 429 and error.response is not None and "Retry-After" in error.response.headers:
        return response[0], status, {"Retry-After": error.response.headers["Retry-After"]}
    return response


def page_status(error: DomainError) -> int:
    """The status of a page that shows a service's refusal (the same as the API's)."""
    return STATUS_OF_KIND[error.kind]


def handle_domain_error(error: DomainError):
    """A service's refusal that no view answered itself: JSON for the API, else the error page."""
    if _wants_json():
        return domain_error_response(error)
    status = page_status(error)
    return render_template("errors/error.html", status=status), status, error.headers


def handle_csrf_error(error: CSRFError):
    if _wants_json():
        return ApiError(400, _("The CSRF token is missing or invalid; reload the page."), "csrf").response()
    return render_template("errors/error.html", status=400, csrf=True), 400


def handle_unexpected_error(error: Exception):
    from flask import current_app

    db.session.rollback()
    if is_disk_full(error):
        current_app.logger.error("Disk full on %s %s: answered 507, nothing saved", request.method, request.path)
        message = _("Storage is full (penyimpanan penuh); nothing was saved. Tell the administrator.")
        if _wants_json():
            return ApiError(507, message, "storage_full").response()
        return render_template("errors/error.html", status=507, message=message), 507
    if is_database_busy(error):
        current_app.logger.warning("Database busy on %s %s: answered 503, nothing saved", request.method, request.path)
        if _wants_json():
            return ApiError(503, code="busy", headers={"Retry-After": str(BUSY_RETRY_AFTER_SECONDS)}).response()
        return handle_http_error(ServiceUnavailable())
    if is_number_out_of_range(error):
        current_app.logger.warning(
            "A number out of the database's range on %s %s: answered 422", request.method, request.path
        )
        message = _("A number in the request is too large; nothing was saved.")
        if _wants_json():
            return ApiError(422, message, "invalid").response()
        return render_template("errors/error.html", status=422, message=message), 422
    current_app.logger.exception("Unhandled error on %s %s", request.method, request.path)
    return handle_http_error(InternalServerError())
