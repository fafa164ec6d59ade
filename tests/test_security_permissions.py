"""Permission matrix: roles x every endpoint in the URL map.

Every view declares who may use it (`@require(...)` or `@public`); this walks all of them with
seven callers and checks the answer against the declaration, plus a table of tenant-scoped
endpoints where an operator of another tenant must be turned away.
"""

from __future__ import annotations

import pytest
from route_fixtures import (
    BODY_CHECKED,
    EXTRA_ALLOWED,
    ROLE_OF,
    ROLES,
    SKIP_ENDPOINTS,
    Caller,
    all_endpoints,
    build_path,
    denied,
)
from werkzeug.exceptions import HTTPException

from mpp_lite.extensions import db


def test_every_view_declares_its_permission(app):
    missing = [
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint not in SKIP_ENDPOINTS
        and getattr(app.view_functions[rule.endpoint], "required_roles", None) is None
    ]
    assert missing == [], f"views without @require or @public: {missing}"


def allowed_by_declaration(view, role: str) -> bool:
    roles = view.required_roles
    if roles == ():
        return True
    actual = ROLE_OF[role]
    return actual is not None and (actual in roles or actual == "admin")


@pytest.mark.slow
def test_permission_matrix(app, route_world):
    endpoints = all_endpoints(app)
    assert len(endpoints) > 20
    mismatches, table = [], []
    for role in ROLES:
        caller = Caller(app, role, route_world)
        for endpoint, method, rule in endpoints:
            view = app.view_functions[endpoint]
            expected = allowed_by_declaration(view, role)
            response = caller.call(method, build_path(rule, route_world["values"]))
            if response.status_code >= 500 or b"Traceback" in response.get_data():
                mismatches.append(f"{role:11} {method:4} {rule.rule} -> {response.status_code} (server error)")
                continue
            outcome = not denied(response) or endpoint == "auth.logout"  # logout always lands on /login
            if endpoint in BODY_CHECKED and role == "anonymous" and response.status_code == 401:
                outcome = True
            if (endpoint, role) in EXTRA_ALLOWED:
                expected = True
            table.append((role, method, rule.rule, response.status_code))
            if role == "operator_b" and expected:
                continue  # role allowed, but the objects are tenant A's: see the tenant table below
            if outcome != expected:
                mismatches.append(
                    f"{role:11} {method:4} {rule.rule} -> {response.status_code} "
                    f"(declared {view.required_roles or 'public'})"
                )
    assert mismatches == [], "\n".join(mismatches)


# Tenant-scoped endpoints: an operator acts for their own tenant only. Objects belong to tenant A.
TENANT_TABLE = [
    ("POST", "/api/v1/counters/{counter_id}/call-next", None),
    ("POST", "/api/v1/counters/{counter_id}/call", {"number": "A001"}),
    ("POST", "/api/v1/tickets/{ticket_id}/recall", None),
    ("POST", "/api/v1/tickets/{ticket_id}/start", None),
    ("POST", "/api/v1/tickets/{ticket_id}/finish", None),
    ("POST", "/api/v1/tickets/{ticket_id}/no-show", None),
    ("POST", "/api/v1/tickets/{ticket_id}/transfer", {"service_id": "{service_id}"}),
    ("POST", "/api/v1/applications", "application"),
    ("GET", "/api/v1/applications/{code}", None),
    ("POST", "/api/v1/applications/{code}/transition", {"to": "verified", "note": ""}),
    ("GET", "/counter/{counter_id}", None),
    ("GET", "/counter/{counter_id}/panel", None),
    ("GET", "/permohonan/{code}", None),
    ("GET", "/permohonan/{code}/tanda-terima.pdf", None),
    ("POST", "/permohonan/{code}/status", {"to": "verified", "note": ""}),
    ("GET", "/admin/layanan/{service_id}", None),
]


def _fill(value, values):
    if isinstance(value, str):
        text = value.format(**values)
        return int(text) if text.isdigit() else text
    if isinstance(value, dict):
        return {key: _fill(item, values) for key, item in value.items()}
    return value


def test_operators_act_only_for_their_own_tenant(app, route_world):
    from mpp_lite.catalogue.models import Service

    values = route_world["values"]
    adapter = app.url_map.bind("localhost")
    own_caller, other_caller = Caller(app, "operator_a", route_world), Caller(app, "operator_b", route_world)
    checked, problems = 0, []
    for method, template, body in TENANT_TABLE:
        path = template.format(**values)
        try:
            adapter.match(path, method=method)
        except HTTPException:
            continue  # not in this build
        if body == "application":
            service = db.session.get(Service, values["service_id"])
            body = {
                "service_id": service.id,
                "documents": list(service.requirements),
                "applicant": {"name": "Budi", "nik": "3201011501900001", "phone": "081298765432"},
            }
        else:
            body = _fill(body, values)
        form = not path.startswith("/api/")
        kwargs = {"json": None, "data": body} if form else {"json": body}
        # the other tenant's operator first, so that nothing has changed state yet
        other = other_caller.call(method, path, **kwargs)
        if other.status_code not in (403, 404):
            problems.append(f"operator B {method} {path} -> {other.status_code}")
        own = own_caller.call(method, path, **kwargs)
        if own.status_code in (401, 403, 404) or own.status_code >= 500:
            problems.append(f"operator A {method} {path} -> {own.status_code}: {own.get_data(as_text=True)[:200]}")
        checked += 1
    assert checked >= 8
    assert problems == [], "\n".join(problems)


def test_supervisors_read_but_do_not_act(app, route_world):
    supervisor = Caller(app, "supervisor", route_world)
    values = route_world["values"]
    assert supervisor.call("GET", f"/api/v1/applications/{values['code']}").status_code == 200
    assert supervisor.call("POST", f"/api/v1/counters/{values['counter_id']}/call-next").status_code == 403
    assert (
        supervisor.call(
            "POST", f"/api/v1/applications/{values['code']}/transition", json={"to": "verified"}
        ).status_code
        == 403
    )


def test_devices_cannot_reach_personal_data(app, route_world):
    code = route_world["values"]["code"]
    for role in ("kiosk", "display"):
        caller = Caller(app, role, route_world)
        for path in ("/api/v1/applications", f"/api/v1/applications/{code}", f"/permohonan/{code}", "/admin/audit/"):
            assert denied(caller.call("GET", path)), (role, path)


def test_a_revoked_or_wrong_token_is_anonymous(app, route_world):
    client = app.test_client()
    response = client.get("/api/v1/tickets", headers={"Authorization": "Bearer not-a-real-token"})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"
