"""Who is asking: a staff session, a paired device's cookie, or a bearer token.

Every page and API endpoint names the roles it allows with `@require(...)`; anonymous
requests to a staff page go to the login page, API requests get 401, the wrong role 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import wraps

from flask import abort, current_app, g, redirect, request, session, url_for
from flask_login import current_user

from mpp_lite.auth.models import ApiToken, hash_token
from mpp_lite.database import in_transaction, utcnow
from mpp_lite.extensions import db
from mpp_lite.site.cache import memo

STAFF_ROLES = ("admin", "supervisor", "operator")


@dataclass(frozen=True)
class Actor:
    kind: str  # "user", "token", "device" (token from the pairing cookie) or "anonymous"
    role: str | None = None
    name: str = "anonymous"
    id: int | None = None
    tenant_id: int | None = None

    @property
    def authenticated(self) -> bool:
        return self.kind != "anonymous"

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def via_cookie(self) -> bool:
        """Session and device cookies are ambient: their writes need a CSRF token."""
        return self.kind in ("user", "device")

    def has_role(self, *roles: str) -> bool:
        return self.role is not None and (self.role in roles or self.role == "admin")

    def sees_all_tenants(self) -> bool:
        return self.role in ("admin", "supervisor")

    def may_act_for_tenant(self, tenant_id: int | None) -> bool:
        """Operators act for their own tenant only; admins for all; supervisors read only."""
        if self.role == "admin":
            return True
        return self.role == "operator" and tenant_id is not None and self.tenant_id == tenant_id


ANONYMOUS = Actor(kind="anonymous")
BAD_TOKEN = Actor(kind="anonymous", name="bad-token")


TOKEN_CACHE_SECONDS = 30  # a token revoked by another process stops working within this


def _tokens():
    """Tokens this process has seen lately: (hash, kind) -> (actor, last used)."""

    return memo("tokens", {"api_tokens"}, TOKEN_CACHE_SECONDS)


def _token_actor(raw: str, kind: str) -> Actor | None:
    def load():
        token = db.session.scalar(db.select(ApiToken).filter_by(token_hash=digest))
        if token is None or not token.active:
            return None
        actor = Actor(kind=kind, role=token.role, name=token.name, id=token.id, tenant_id=token.tenant_id)
        return actor, token.last_used_at

    digest = hash_token(raw)
    found = _tokens().get((digest, kind), load)
    if found is None:
        return None
    actor, last_used_at = found
    now = utcnow()
    if last_used_at is None or now - last_used_at > timedelta(minutes=10):
        # Coarse on purpose: an idle screen polling every second must not write every time.
        # Written once the request is done (`write_token_use`): finding out who asks never commits.
        g.token_used = (actor.id, now)
    return actor


def write_token_use(error: BaseException | None = None) -> None:
    """After the request: note when its token was last used, in a transaction of its own."""
    used = g.pop("token_used", None)
    if used is None:
        return
    token_id, now = used
    db.session.rollback()  # whatever the request left uncommitted is not ours to save
    try:
        in_transaction(
            lambda: db.session.execute(db.update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now))
        )
    except Exception:  # a note for the admin's device list: never worth failing a request
        current_app.logger.warning("could not note the use of token %s", token_id, exc_info=True)


def actor_from(headers, cookies, staff: Callable[[], Actor | None]) -> Actor:
    """Who is asking, from a request's headers and cookies: a bearer token; else the signed-in
    staff member that `staff()` finds in the session (None: no one signed in); else a paired
    device's cookie. The one way of finding out, for views and for the screen-poll shortcut."""
    header = headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        return _token_actor(header[7:].strip(), "token") or BAD_TOKEN
    user = staff()
    if user is not None:
        return user
    cookie = cookies.get(current_app.config["DEVICE_COOKIE_NAME"])
    if cookie:
        return _token_actor(cookie, "device") or ANONYMOUS
    return ANONYMOUS


def has_staff_session(session_data) -> bool:
    """Whether a session holds a signed-in staff member. A session with only a CSRF token (a
    kiosk's page) has none, and Flask-Login is then not asked: in "strong" protection it would
    rewrite such a session (and clear a remember cookie) on every request."""
    return "_user_id" in session_data


def _session_staff() -> Actor | None:
    if current_app.config["SESSION_COOKIE_NAME"] not in request.cookies or not has_staff_session(session):
        return None
    if not current_user.is_authenticated:
        return None
    return Actor(
        kind="user",
        role=current_user.role,
        name=current_user.username,
        id=current_user.id,
        tenant_id=current_user.tenant_id,
    )


def current_actor() -> Actor:
    if "actor" not in g:
        g.actor = actor_from(request.headers, request.cookies, _session_staff)
    return g.actor


def is_api_request() -> bool:
    return request.path.startswith("/api/")


def require(*roles: str):
    """Allow the named roles (admin is always allowed); deny everyone else."""

    def decorator(view):
        view.required_roles = roles

        @wraps(view)
        def wrapped(*args, **kwargs):
            actor = current_actor()
            if not actor.authenticated:
                if is_api_request():
                    abort(401)
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            if not actor.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_roles = roles
        return wrapped

    return decorator


def public(view):
    """Mark a view as open to everyone, so the permission audit knows it was meant."""
    view.required_roles = ()
    return view
