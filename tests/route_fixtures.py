"""Fixtures for walking every route of the URL map as each kind of caller (the permission matrix
and the route fuzz): the callers, a world with one record of each kind, and how to build a path."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from werkzeug.routing import IntegerConverter

from mpp_lite.auth.permissions import Actor
from mpp_lite.extensions import db

ROLES = ("anonymous", "kiosk", "display", "operator_a", "operator_b", "supervisor", "admin")
ROLE_OF = {
    "anonymous": None,
    "kiosk": "kiosk",
    "display": "display",
    "operator_a": "operator",
    "operator_b": "operator",
    "supervisor": "supervisor",
    "admin": "admin",
}
SKIP_ENDPOINTS = {"static"}  # Flask's own file server: public by nature
LAST = ("auth.logout",)  # would end the session for the endpoints after it
# Public endpoints whose body must prove the right to act (a done ticket's public id or an
# application code; walk-up survey answers need a kiosk or staff): an empty body from nobody
# is answered 401, which is the declared design, not a missing permission.
BODY_CHECKED = {"api.create_survey", "survey.start"}
# Allowed beyond the declaration, on purpose (reported to the feature's owner to declare it).
EXTRA_ALLOWED = {("queue.display", "supervisor")}  # supervisors may watch the board


def all_endpoints(app: Flask) -> list[tuple[str, str, object]]:
    """(endpoint, method, rule) for every route, logout last."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIP_ENDPOINTS:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, rule))
    return sorted(found, key=lambda item: (item[0] in LAST, item[0], item[1]))


@pytest.fixture
def route_world(app, seeded, create_user, create_token):
    from mpp_lite.applications.services import register_application
    from mpp_lite.auth.models import ApiToken, User
    from mpp_lite.queue.services import issue_ticket

    tenant_a, tenant_b = seeded["tenants"]
    users = {
        "operator_a": create_user("op_a", "operator", tenant_a),
        "operator_b": create_user("op_b", "operator", tenant_b),
        "supervisor": create_user("sup", "supervisor"),
        "admin": create_user("kepala", "admin"),
    }
    spare_user = create_user("cadangan", "operator", tenant_b)
    tokens = {"kiosk": create_token("kiosk"), "display": create_token("display")}
    spare_token = create_token("kiosk", name="spare")
    ticket = issue_ticket(seeded["services"][0].id, False, issued_by="kiosk 1")
    clerk = Actor(kind="user", role="admin", name="kepala", id=users["admin"].id)
    service = seeded["services"][0]
    application = register_application(
        clerk,
        service.id,
        {"name": "Siti Aminah", "nik": "3201014501900002", "phone": "081234567890"},
        list(service.requirements),
    )
    db.session.commit()
    values = {
        "queue_id": seeded["queues"][0].id,
        "tenant_id": tenant_a.id,
        "service_id": service.id,
        "counter_id": seeded["counters"][0].id,
        "ticket_id": ticket.id,
        "code": application.tracking_code,
        "public_id": ticket.public_id,
        "user_id": spare_user.id,
        "token_id": db.session.scalar(db.select(ApiToken.id).filter_by(name="spare")),
        "lang": "en",
        "name": "x",
        "fmt": "csv",
        "token": "x" * 20,
    }
    assert spare_token and db.session.get(User, spare_user.id)
    return {
        "users": users,
        "tokens": tokens,
        "values": values,
        "ticket": ticket,
        "application": application,
        "counter_b": seeded["counters"][3],
        "service_b": seeded["services"][2],
    }


class Caller:
    """One role's way of calling: a staff session, a paired device cookie, a bearer token, nobody."""

    def __init__(self, app, role, world):
        self.role = role
        self.client = app.test_client()
        self.token = world["tokens"].get(role)
        self.csrf = ""
        if role in world["users"]:
            response = self.client.post(
                "/login", data={"username": world["users"][role].username, "password": "correct horse battery"}
            )
            assert response.status_code == 302, response.data
            page = self.client.get("/").get_data(as_text=True)
            self.csrf = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
        elif self.token:
            self.client.set_cookie(app.config["DEVICE_COOKIE_NAME"], self.token)

    def call(self, method, path, json=None, data=None):
        headers = {}
        if path.startswith("/api/"):
            if self.token:
                headers["Authorization"] = f"Bearer {self.token}"
            if self.csrf:
                headers["X-CSRFToken"] = self.csrf
            if method != "GET" and json is None:
                json = {}
        return self.client.open(path, method=method, json=json, data=data, headers=headers)


def denied(response) -> bool:
    if response.status_code in (401, 403):
        return True
    return response.status_code in (302, 303) and "/login" in response.headers.get("Location", "")


def build_path(rule, values) -> str:
    path = rule.rule
    for name in rule.arguments:
        if name in values:
            value = values[name]
        else:  # an id nobody planned for: any number (a 404 is still "let in")
            value = 1 if isinstance(rule._converters[name], IntegerConverter) else "x"
        path = re.sub(rf"<(?:[a-z]+:)?{name}>", str(value), path)
    return path
