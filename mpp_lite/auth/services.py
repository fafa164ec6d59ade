"""Accounts, passwords, login lockout and device tokens. Callers own the transaction."""

from __future__ import annotations

import hashlib
import math
import secrets
from datetime import timedelta
from pathlib import Path

from flask import current_app, has_request_context, request, session
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash

from mpp_lite.auth.models import (
    TOKEN_ROLES,
    USER_ROLES,
    ApiToken,
    LoginThrottle,
    StaffSession,
    User,
    hash_token,
)
from mpp_lite.catalogue.models import Tenant
from mpp_lite.database import utcnow
from mpp_lite.errors import INVALID, DomainError
from mpp_lite.extensions import db
from mpp_lite.site.logs import operations

_COMMON = Path(__file__).with_name("common_passwords.txt")


class AccountError(DomainError):
    """A request about an account that cannot be done; the message says why."""

    def __init__(self, message, field: str | None = None, kind: str = INVALID):
        super().__init__(message, kind)
        self.field = field


def load_user(user_id: str) -> User | None:
    try:
        user = db.session.get(User, int(user_id))
    except (TypeError, ValueError):
        return None
    # A deactivated account loses its open sessions at once, not at its next sign-in.
    if user is None or not user.active:
        return None
    return user if session_is_live(user, session.get(SESSION_KEY)) else None


SESSION_KEY = "staff_session"


def start_session(user: User) -> str:
    """A new server-side session for a sign-in; answers its id for the cookie."""
    ident = secrets.token_urlsafe(32)
    db.session.add(StaffSession(id=ident, user_id=user.id, created_at=utcnow()))
    db.session.flush()
    return ident


def session_is_live(user: User, ident) -> bool:
    """Not ended (logout, password reset) and younger than the absolute lifetime from sign-in."""
    row = db.session.get(StaffSession, ident) if isinstance(ident, str) and ident else None
    if row is None or row.user_id != user.id or row.ended_at is not None:
        return False
    return utcnow() - row.created_at < timedelta(seconds=int(current_app.config["PERMANENT_SESSION_LIFETIME"]))


def end_session(ident) -> None:
    row = db.session.get(StaffSession, ident) if isinstance(ident, str) and ident else None
    if row is not None and row.ended_at is None:
        row.ended_at = utcnow()
        db.session.flush()


def end_all_sessions(user: User) -> None:
    """After a password change or reset: every sign-in of the user ends, wherever it was made."""
    db.session.execute(
        db.update(StaffSession)
        .where(StaffSession.user_id == user.id, StaffSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )


def common_passwords() -> set[str]:
    return {line.strip().lower() for line in _COMMON.read_text(encoding="utf-8").splitlines() if line.strip()}


def password_problem(password: str, username: str = "") -> str | None:
    """Why a password is not acceptable, or None."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        return str(_l("Use at least %(num)d characters.", num=minimum))
    lowered = password.lower()
    if lowered in common_passwords() or (username and username.lower() in lowered):
        return str(_l("This password is too common or contains the username; choose another."))
    return None


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def tenant_by_code(code: str | None) -> Tenant | None:
    if not code:
        return None
    tenant = db.session.scalar(db.select(Tenant).filter(db.func.upper(Tenant.code) == code.upper()))
    if tenant is None:
        raise AccountError(_l("Unknown tenant code %(code)s.", code=code), "tenant")
    return tenant


def create_user(
    username: str,
    password: str,
    role: str,
    tenant_code: str | None = None,
    full_name: str = "",
    check_password: bool = True,
) -> User:
    username = (username or "").strip()
    if not username:
        raise AccountError(_l("A username is required."), "username")
    if role not in USER_ROLES:
        raise AccountError(_l("Role must be one of: %(roles)s.", roles=", ".join(USER_ROLES)), "role")
    if db.session.scalar(db.select(User).filter(db.func.lower(User.username) == username.lower())):
        raise AccountError(_l("The username %(name)s is already taken.", name=username), "username")
    tenant = tenant_by_code(tenant_code)
    if role == "operator" and tenant is None:
        raise AccountError(_l("An operator must belong to a tenant (--tenant CODE)."), "tenant")
    if check_password:
        problem = password_problem(password, username)
        if problem:
            raise AccountError(problem, "password")
    user = User(
        username=username, role=role, tenant=tenant if role == "operator" else None, full_name=full_name or username
    )
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def throttle_wait(failures: int) -> int:
    """Seconds a client must wait after `failures` failed sign-ins for one username: none for the
    first few, then 2, 4, 8 ... up to LOGIN_MAX_DELAY_SECONDS. Never a lock on the account."""
    free = int(current_app.config["LOGIN_FREE_ATTEMPTS"])
    if failures < free:
        return 0
    return min(2 ** (failures - free + 1), int(current_app.config["LOGIN_MAX_DELAY_SECONDS"]))


def _throttle_key(client: str, username: str) -> str:
    return hashlib.sha256(f"mpp-login:{client}|{username}".encode()).hexdigest()


# What an unknown username's password is checked against, so that it costs what a real account's
# check costs (the same method as new accounts' hashes). A fixed hash of a random password nobody
# knows: made at first use, the first unknown sign-in after a start would cost two hashes.
DUMMY_PASSWORD_HASH = (
    "scrypt:32768:8:1$0mscIo43MElGOXPp$5c3682c3dc62d5e707a23aaa45f7f117d1977027ef5619aa9d3146fc"  # noqa: S105  not a secret
    "b8c2dd334773e628d95797888995abc1bf59421482c49f7b3d0bb4f3ace39b54c321f8a0"
)


def authenticate(username: str, password: str, client: str | None = None) -> tuple[User | None, str | None]:
    """Check a login; answer (user, None) or (None, reason).

    Failures slow down this client for this typed username (growing waits), whether or not it is
    an account, with the same words and about the same time (an unknown username is checked
    against a dummy hash), so usernames cannot be told apart and the owner is never locked out.
    """
    typed = (username or "").strip().lower()[:64]
    client = client or (request.remote_addr if has_request_context() else "") or "local"
    now = utcnow()
    throttle = db.session.get(LoginThrottle, _throttle_key(client, typed))
    if throttle is not None:
        left = throttle_wait(throttle.failures) - (now - throttle.last_failure_at).total_seconds()
        if left > 0:
            return None, str(
                _l("Too many failed attempts from this computer. Try again in %(num)d seconds.", num=math.ceil(left))
            )
    user = find_account(typed)
    correct = (
        user.check_password(password or "")
        if user is not None
        else check_password_hash(DUMMY_PASSWORD_HASH, password or "")
    )
    if user is None or not user.active or not correct:
        record_failed_sign_in(client, typed, user, throttle, now)
        return None, str(_l("Wrong username or password."))
    if throttle is not None:
        db.session.delete(throttle)
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    db.session.flush()
    return user, None


def find_account(username: str | None) -> User | None:
    """The account a typed username names (any case, surrounding spaces ignored), or None."""
    typed = (username or "").strip().lower()[:64]
    return db.session.scalar(db.select(User).filter(db.func.lower(User.username) == typed)) if typed else None


def failed_sign_in_actor(username: str | None) -> str:
    """Whom the audit log names for a failed sign-in: the account, or "?" when the typed name is
    none (it may be a password typed into the wrong field; the operations log leaves it out too)."""
    user = find_account(username)
    return user.username if user is not None else "?"


def record_failed_sign_in(client: str, typed: str, user: User | None, throttle: LoginThrottle | None, now) -> None:
    if throttle is None:
        throttle = LoginThrottle(key=_throttle_key(client, typed), username=typed, failures=0)
        db.session.add(throttle)
    throttle.failures += 1
    throttle.last_failure_at = now
    # The typed username only when it is an account: a password typed in its place stays out.
    operations.info(
        "Sign-in failed for %s from %s", f"account {user.username!r}" if user else "an unknown username", client
    )
    if user is not None:
        user.failed_logins += 1  # shown to the admin; it never blocks the owner
        if user.failed_logins % int(current_app.config["LOGIN_MAX_FAILURES"]) == 0:
            operations.warning(
                "Account %r: %d failed sign-ins since its last successful one (the latest from %s)",
                user.username,
                user.failed_logins,
                client,
            )
    db.session.execute(db.delete(LoginThrottle).where(LoginThrottle.last_failure_at < now - timedelta(days=1)))
    db.session.flush()


def accounts_with_failed_sign_ins(at_least: int) -> list[User]:
    """Accounts with `at_least` failed sign-ins since their last successful one (the admin home lists them)."""
    return list(
        db.session.scalars(
            db.select(User).where(User.failed_logins >= at_least).order_by(User.failed_logins.desc(), User.username)
        )
    )


def unlock_user(user: User) -> int:
    """Forget the failed sign-ins for this account (every client); answers how many clients waited."""
    rows = db.session.execute(db.delete(LoginThrottle).where(LoginThrottle.username == user.username.lower())).rowcount
    user.failed_logins = 0
    user.locked_until = None
    db.session.flush()
    return rows or 0


def create_token(
    name: str, role: str, tenant_code: str | None = None, settings: dict | None = None
) -> tuple[ApiToken, str]:
    """Make a token; the clear value is returned once and only its hash is stored."""
    name = (name or "").strip()
    if not name:
        raise AccountError(_l("A name is required."), "name")
    if role not in TOKEN_ROLES:
        raise AccountError(_l("Role must be one of: %(roles)s.", roles=", ".join(TOKEN_ROLES)), "role")
    tenant = tenant_by_code(tenant_code)
    if role == "operator" and tenant is None:
        raise AccountError(_l("An operator token must belong to a tenant (--tenant CODE)."), "tenant")
    raw = ApiToken.generate()
    token = ApiToken(
        name=name, role=role, tenant=tenant, token_hash=hash_token(raw), hint=raw[-4:], settings=settings or {}
    )
    db.session.add(token)
    db.session.flush()
    return token, raw


def revoke_token(token: ApiToken) -> None:
    token.revoked_at = utcnow()
    db.session.flush()
