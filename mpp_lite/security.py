"""Security headers, cookie flags and the staff idle timeout, in one place."""

from __future__ import annotations

import time
from functools import cache
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, g, has_request_context, request, session, url_for
from flask.json.provider import DefaultJSONProvider
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user, logout_user
from werkzeug.routing import IntegerConverter

from mpp_lite.auth.permissions import has_staff_session
from mpp_lite.extensions import csrf

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "media-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class DatabaseIntegerConverter(IntegerConverter):
    """`<int:id>` within a database integer (32-bit on PostgreSQL): a larger number is a 404,
    not an overflow error (found by fuzzing)."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)


DATABASE_ID_MAX = 2**31 - 1  # PostgreSQL's INTEGER; SQLite's is wider


def database_id(value: str) -> int:
    """For `request.args.get(name, type=database_id)`: an id the database can hold. Anything else
    (2**70, -1, "abc") raises ValueError, so the argument counts as absent instead of overflowing
    inside a query (found by fuzzing)."""
    number = int(value)
    if not 0 < number <= DATABASE_ID_MAX:
        raise ValueError(f"{value!r} is not a database id")
    return number


def page_number(value: str) -> int:
    """For `request.args.get("page", 1, type=page_number)`: a page a list can have."""
    number = int(value)
    if not 0 < number <= 1_000_000:
        raise ValueError(f"{value!r} is not a page number")
    return number


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = DatabaseIntegerConverter  # before any blueprint adds a rule
    # Flask-WTF's own check ran for every request, reads included; `screen_request` asks for the
    # token on writes only (Flask-WTF's documented switch; the hub keeps the default).
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    app.before_request(screen_request)
    app.json = SafeJSONProvider(app)
    app.after_request(set_security_headers)
    app.session_interface = CookieSessionInterface()


def screen_request():
    """Before every request, each check paying only for the requests it concerns: a GET with no
    cookie (a token's API call, a screen's poll, /healthz) parses no form, query or session."""
    forget_previous_request()
    if request.method in WRITE_METHODS:
        protect_cookie_writes()
        refuse_what_forms_cannot_read()
    refuse_nul_characters()
    expire_idle_staff_session()


WRITE_METHODS = frozenset(("POST", "PUT", "PATCH", "DELETE"))
PER_REQUEST_KEYS = ("actor", "_login_user", "csrf_token")


def forget_previous_request():
    """Per-request caches live on `g`; an app context kept open (tests, CLI) must not leak them."""
    kept = g._get_current_object()
    for key in PER_REQUEST_KEYS:
        kept.pop(key, None)


def protect_cookie_writes():
    """Flask-WTF's CSRF check for a write (a page's form, a cookie's API call: the API blueprint is
    exempt here and checks cookie-authenticated writes itself, `api.views`)."""
    config = current_app.config
    if config["WTF_CSRF_ENABLED"] and request.method in config["WTF_CSRF_METHODS"]:
        csrf.protect(apply_exemptions=True)


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def refuse_nul_characters():
    """A NUL character has no place in a path, a form or a query, and PostgreSQL cannot store or even
    compare it: answer 400 ("check what you entered") instead of failing inside a query."""
    if "\x00" in request.path:  # a path segment such as /pengaduan/<reference>
        abort(400)
    values = []
    query = request.query_string
    if b"%00" in query or b"\x00" in query:  # how a NUL can reach the query: read it only then
        values += request.args.items(multi=True)
    if request.method in ("POST", "PUT", "PATCH") and request.mimetype in FORM_TYPES:
        values += request.form.items(multi=True)
    if any("\x00" in key or "\x00" in value for key, value in values):
        abort(400)


def refuse_what_forms_cannot_read():
    """Pages read forms, never JSON, and files only in upload fields (found by fuzzing: 500s).

    Flask-WTF fills a form from a JSON body (any JSON type in any field) and from file parts (a
    file where a text field expects a string); both reached code that expects text. The API reads
    JSON through `api.views.json_body`, which checks it.
    """
    if request.method not in ("POST", "PUT", "PATCH"):
        return
    if request.is_json and not request.path.startswith("/api/"):
        abort(415)
    if request.files and not set(request.files) <= upload_field_names():
        abort(400)


@cache
def upload_field_names() -> frozenset[str]:
    """Names of the file fields the app's forms declare (logos, the catalogue import)."""
    from flask_wtf import FlaskForm
    from flask_wtf.file import FileField
    from wtforms.fields.core import UnboundField

    names, pending = set(), list(FlaskForm.__subclasses__())
    while pending:
        form = pending.pop()
        pending.extend(form.__subclasses__())
        for name, value in vars(form).items():
            if isinstance(value, UnboundField) and issubclass(value.field_class, FileField):
                names.add(name)
    return frozenset(names)


class SafeJSONProvider(DefaultJSONProvider):
    """Request JSON nested deeper than Python's recursion limit is invalid JSON (a 400), not a
    RecursionError (a 500); NaN and Infinity, which JSON does not have, are refused too."""

    def loads(self, s, **kwargs):
        kwargs.setdefault("parse_constant", _refuse_json_constant)
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("JSON nested too deeply") from None


def _refuse_json_constant(name: str):
    raise ValueError(f"{name} is not JSON")


# Every answer's headers, made once (a view that set its own keeps it).
SECURITY_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)
# Pages with personal data or staff work must not stay in a shared PC's browser cache.
NO_STORE_PATHS = ("/admin", "/counter", "/dashboard", "/api/", "/permohonan", "/status", "/pengaduan", "/perangkat")
API_JSON_DOWNLOAD = ("Content-Disposition", 'attachment; filename="api.json"')


_SECURITY_HEADERS_BY_KEY = tuple((name.lower(), name, value) for name, value in SECURITY_HEADERS)


def set_security_headers(response):
    headers = response.headers
    present = {name.lower() for name in headers.keys()}  # one pass; `name in headers` is a pass each
    for key, name, value in _SECURITY_HEADERS_BY_KEY:
        if key not in present:
            headers.add(name, value)
    path = request.path
    if path.startswith(NO_STORE_PATHS) and "cache-control" not in present:
        headers["Cache-Control"] = "no-store"
    if path.startswith("/api/") and response.mimetype == "application/json" and API_JSON_DOWNLOAD[0] not in headers:
        # Opened directly in a browser, API JSON is a download, never a page (ASVS 14.4.2).
        headers[API_JSON_DOWNLOAD[0]] = API_JSON_DOWNLOAD[1]
    return response


class CookieSessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie session, opened only when the request has the cookie: a token's API
    call, a screen's poll, a kiosk's page get an empty session without building a signer, and
    one left empty ends without reading the cookie settings."""

    def open_session(self, app, request):
        if app.secret_key and app.config["SESSION_COOKIE_NAME"] not in request.cookies:
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app, session, response):
        if not session and not session.modified:
            # Flask's own steps for an empty, unchanged session, without reading the cookie
            # settings first: nothing to set or clear, `Vary: Cookie` when it was looked at.
            if session.accessed:
                response.vary.add("Cookie")
            return
        super().save_session(app, session, response)


def expire_idle_staff_session():
    """Log staff out after the configured idle time on a shared office PC."""
    if request.endpoint == "static" or current_app.config["SESSION_COOKIE_NAME"] not in request.cookies:
        return  # kiosks, screens and scripts carry no staff session: nothing to expire, nothing to load
    if not has_staff_session(session) or not current_user.is_authenticated:
        return
    limit = int(current_app.config["STAFF_IDLE_TIMEOUT_MINUTES"]) * 60
    now = int(time.time())
    last = session.get("last_seen", now)
    if limit and now - last > limit:
        logout_user()
        session.clear()
        return
    if now - last > 30:  # avoid rewriting the cookie on every poll
        session["last_seen"] = now
    session.setdefault("last_seen", now)


def is_safe_redirect(target: str | None) -> bool:
    """Only follow `next` to a path on this site, never to another host."""
    if not target:
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//")


LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]")


def public_base_url() -> str:
    """Scheme and host for links people carry away (ticket QR, receipts): never the client's Host.

    The configured `MPP_PUBLIC_BASE_URL` (or `MPP_PUBLIC_URL`) wins. Otherwise the Host header is
    used only when it names an address `serve` listens on (so a kiosk that reached 192.168.1.10
    prints that address); anything else gets the first address `serve` announced. Without `serve`
    (tests, another WSGI server) the listening addresses are unknown: loopback only.
    """
    config = current_app.config
    configured = (config.get("PUBLIC_BASE_URL") or config.get("PUBLIC_URL") or "").rstrip("/")
    if configured:
        return configured
    listening = list(config.get("SERVE_ADDRESSES") or [])  # "host:port", set by `serve`
    scheme = request.scheme if has_request_context() and request.scheme in ("http", "https") else "http"
    if has_request_context():
        host = request.host.lower()
        name = host[: host.index("]") + 1] if host.startswith("[") and "]" in host else host.partition(":")[0]
        if host in listening or (not listening and name in LOOPBACK_HOSTS):
            return f"{scheme}://{host}"
    return f"{scheme}://{listening[0]}" if listening else f"{scheme}://localhost"


def absolute_url(endpoint: str, **values) -> str:
    """url_for with the safe base above instead of `_external=True` (which copies the Host header)."""
    return public_base_url() + url_for(endpoint, **values)
