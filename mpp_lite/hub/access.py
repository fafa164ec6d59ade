"""Hub users and tokens, and what each may see: hub_admin everything, a province viewer the sites
of its province (scope 32), a site viewer one site (scope 32.04)."""

from __future__ import annotations

import secrets
from datetime import datetime
from functools import wraps

from flask import abort, g, request
from flask_login import current_user
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from mpp_lite.auth.models import hash_token
from mpp_lite.hub.extensions import hub_db as db
from mpp_lite.hub.models import ROLES, HubSite, HubToken, HubUser
from mpp_lite.hub.sites import PROVINCE_CODE, SITE_CODE, HubError


class Viewer:
    """Who is asking (a signed-in user or a token) and the scope they may see."""

    def __init__(self, name: str, role: str, scope: str | None):
        self.name, self.role, self.scope = name, role, scope

    def may_see(self, site: HubSite) -> bool:
        if self.role == "hub_admin":
            return True
        if self.role == "province":
            return site.province == self.scope
        return self.role == "site" and site.code == self.scope

    def sites_query(self, province: str | None = None):
        # A province's forwarding hub (code "32") is a sender, not a site of the table.
        query = select(HubSite).where(HubSite.code.like("%.%")).order_by(HubSite.province, HubSite.code)
        if self.role == "province":
            query = query.where(HubSite.province == self.scope)
        elif self.role == "site":
            query = query.where(HubSite.code == self.scope)
        elif self.role != "hub_admin":
            query = query.where(False)
        if province:
            query = query.where(HubSite.province == province)
        return query


def check_role(role: str, scope: str | None) -> str | None:
    if role not in ROLES:
        raise HubError(f"The role must be one of {', '.join(ROLES)}.")
    if role == "hub_admin":
        return None
    if role == "province" and (scope is None or not PROVINCE_CODE.match(scope)):
        raise HubError("A province viewer needs --scope with the province code, e.g. 32.")
    if role == "site" and (scope is None or not SITE_CODE.match(scope)):
        raise HubError("A site viewer needs --scope with the site code, e.g. 32.04.")
    return scope


def create_user(username: str, password: str, role: str, scope: str | None, now: datetime) -> HubUser:
    scope = check_role(role, scope)
    if len(password) < 10:
        raise HubError("The password needs at least 10 characters.")
    if db.session.scalar(select(HubUser.id).where(HubUser.username == username)) is not None:
        raise HubError(f"A hub user {username!r} exists already.")
    user = HubUser(
        username=username, password_hash=generate_password_hash(password), role=role, scope=scope, created_at=now
    )
    db.session.add(user)
    db.session.flush()
    return user


def create_token(name: str, role: str, scope: str | None, now: datetime) -> str:
    scope = check_role(role, scope)
    if db.session.scalar(select(HubToken.id).where(HubToken.name == name)) is not None:
        raise HubError(f"A hub token named {name!r} exists already.")
    token = secrets.token_urlsafe(32)
    db.session.add(HubToken(name=name, token_hash=hash_token(token), role=role, scope=scope, created_at=now))
    db.session.flush()
    return token


def check_password(username: str, password: str) -> HubUser | None:
    user = db.session.scalar(select(HubUser).where(HubUser.username == username))
    if user is None or not user.active or not check_password_hash(user.password_hash, password):
        return None
    return user


def load_user(user_id: str) -> HubUser | None:
    try:
        return db.session.get(HubUser, int(user_id))
    except (TypeError, ValueError):
        return None


def current_viewer() -> Viewer | None:
    """The token's or the session's viewer for this request, or None."""
    if "hub_viewer" in g:
        return g.hub_viewer
    viewer = None
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        token = db.session.scalar(select(HubToken).where(HubToken.token_hash == hash_token(header[7:].strip())))
        if token is not None:
            viewer = Viewer(token.name, token.role, token.scope)
    elif current_user.is_authenticated:
        viewer = Viewer(current_user.username, current_user.role, current_user.scope)
    g.hub_viewer = viewer
    return viewer


def viewer_required(view):
    """A signed-in hub user or a hub token (any role; the view keeps to the viewer's scope).

    Without one: 401 (JSON for the API, the sign-in page for pages). Marked with `required_roles`
    like the site's `@require`, so the permission audit sees every view declared.
    """

    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_viewer() is None:
            abort(401, "Sign in or send a hub token (Authorization: Bearer ...).")
        return view(*args, **kwargs)

    wrapped.required_roles = ROLES
    return wrapped
