"""Every route of the URL map, each method, with each kind of bad value for every parameter the
code reads: no 5xx, no stack trace. Not a list of known paths: a new route is walked too.

Parameter names are read from the code itself (`request.args.get("page", ...)`, `data.get(...)`,
WTForms field names), so a new parameter is covered without touching this file. Runs on SQLite,
and on PostgreSQL when the suite runs there (MPP_TEST_DATABASE_URL).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from route_fixtures import Caller, all_endpoints, build_path
from werkzeug.routing import IntegerConverter

ROOT = Path(__file__).resolve().parent.parent
HUGE = 2**70
NOT_WALKED = {"auth.logout"}  # ends the session the walk runs in (it takes no parameters)

# A value of each kind, as text (query strings and forms) and as JSON.
TEXT_VALUES = {
    "empty": "",
    "oversized": "x" * 3000,
    "wrong_type": "abc",
    "nul": "a\x00b",
    "huge": str(HUGE),
    "huge_negative": str(-HUGE),
    "negative": "-1",
    "fraction": "1.5",
    "nested": "[[[]]]",
}
JSON_VALUES = {
    "huge": HUGE,
    "huge_negative": -HUGE,
    "negative": -1,
    "fraction": 1.5,
    "list": [1, "a"],
    "object": {"a": {"b": 1}},
    "bool": True,
    "null": None,
    "empty": "",
    "oversized": "x" * 3000,
    "nul": "a\x00b",
}
DEEP_JSON = "[" * 50_000 + "]" * 50_000


def parameter_names() -> tuple[list[str], list[str]]:
    """(every name the code reads from a query, form or JSON body; the names read as numbers)."""
    source = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "mpp_lite").rglob("*.py"))
    names = set(
        re.findall(
            r"(?:args|form|values|data|body|payload)\.get(?:list)?\(\s*[\"']([A-Za-z_][\w.\-\[\]]*)[\"']", source
        )
    )
    numeric = set(re.findall(r"\.get(?:list)?\(\s*[\"'](\w+)[\"'][^)\n]*type=(?:int|database_id|page_number)", source))
    numeric |= set(re.findall(r"int\(\s*(?:request\.)?(?:args|form|values)\.get\(\s*[\"'](\w+)[\"']", source))
    for field in form_field_names():
        names.add(field)
    return sorted(names), sorted(numeric)


def form_field_names() -> set[str]:
    from flask_wtf import FlaskForm
    from wtforms.fields.core import UnboundField

    found, pending = set(), list(FlaskForm.__subclasses__())
    while pending:
        form = pending.pop()
        pending.extend(form.__subclasses__())
        found.update(name for name in dir(form) if isinstance(getattr(form, name, None), UnboundField))
    return found


def path_variants(rule, values) -> list[str]:
    """The route with good values, then each URL argument bad in turn."""
    paths = [build_path(rule, values)]
    for name in rule.arguments:
        if isinstance(rule._converters[name], IntegerConverter):
            bad = [str(HUGE), "0"]
        else:
            bad = ["x" * 500, "%00", str(HUGE), "-1"]
        for value in bad:
            paths.append(build_path(rule, {**values, name: value}))
    return paths


def problems_of(response, label: str) -> list[str]:
    body = response.get_data()
    if response.status_code >= 500 or b"Traceback" in body:
        return [f"{label} -> {response.status_code} {body[:160]!r}"]
    return []


@pytest.mark.slow
def test_no_route_answers_5xx_to_bad_values(app, route_world):
    from mpp_lite.catalogue.models import Tenant
    from mpp_lite.extensions import db

    names, numeric = parameter_names()
    assert {"page", "service_id", "tenant_id", "code", "phone_last4", "username"} <= set(names), names
    assert {"page", "tenant"} <= set(numeric), numeric
    endpoints = [item for item in all_endpoints(app) if item[0] not in NOT_WALKED]
    endpoints += [(rule.endpoint, "GET", rule) for rule in app.url_map.iter_rules() if rule.endpoint == "static"]
    assert len(endpoints) > 100
    admin, operator = Caller(app, "admin", route_world), Caller(app, "operator_a", route_world)
    problems: list[str] = []
    for _endpoint, method, rule in endpoints:
        for caller in (admin, operator):
            for path in path_variants(rule, route_world["values"]):
                problems += walk(caller, method, path, names, numeric)
        if len(problems) > 40:
            break
    assert db.session.scalar(db.select(db.func.count(Tenant.id))) >= 2  # the walk ran against real data
    assert problems == [], "\n".join(problems)


def walk(caller, method: str, path: str, names: list[str], numeric: list[str]) -> list[str]:
    found: list[str] = []
    is_api = path.startswith("/api/")
    label = f"{caller.role} {method} {path[:80]}"
    found += problems_of(caller.call(method, path), f"{label} (no parameters)")
    for kind, value in TEXT_VALUES.items():
        fields = dict.fromkeys(names, value)
        if method in ("GET", "DELETE"):
            found += problems_of(caller.call(method, path + "?" + _query(fields)), f"{label} ?all={kind}")
        elif not is_api:
            found += problems_of(caller.call(method, path, data=fields), f"{label} form all={kind}")
    if method == "GET":
        for name in numeric:  # one at a time: another parameter's refusal cannot hide this one's crash
            for value in (str(HUGE), "-1"):
                found += problems_of(caller.call(method, f"{path}?{name}={value}"), f"{label} ?{name}={value}")
    if method in ("POST", "PUT", "PATCH"):
        files = {name: (io.BytesIO(b"file where text belongs"), "x.txt") for name in names}
        response = caller.client.open(
            path,
            method=method,
            data=files,
            content_type="multipart/form-data",
            headers=_api_headers(caller) if is_api else {},
        )
        found += problems_of(response, f"{label} file parts")
        for kind, value in JSON_VALUES.items():
            found += problems_of(
                caller.call(method, path, json=dict.fromkeys(names, value)), f"{label} json all={kind}"
            )
            found += problems_of(
                caller.call(method, path, json={name: {"x": value} for name in names}), f"{label} json nested={kind}"
            )
        response = caller.client.open(
            path,
            method=method,
            data=DEEP_JSON,
            content_type="application/json",
            headers=_api_headers(caller) if is_api else {},
        )
        found += problems_of(response, f"{label} deeply nested JSON")
    return found


def _query(fields: dict) -> str:
    from urllib.parse import urlencode

    return urlencode(fields)


def _api_headers(caller) -> dict:
    headers = {}
    if caller.token:
        headers["Authorization"] = f"Bearer {caller.token}"
    if caller.csrf:
        headers["X-CSRFToken"] = caller.csrf
    return headers


def test_the_reported_bad_inputs_get_clear_answers_in_indonesian(app, route_world):
    """The causes found by hand (issue 17, item 5), each with the answer a person sees."""
    client = app.test_client()
    for path in ("/login", "/pengaduan", "/status", "/perangkat/pasang"):
        response = client.post(
            path,
            data={
                "username": (io.BytesIO(b"x"), "x.txt"),
                "text": (io.BytesIO(b"x"), "x.txt"),
                "code": (io.BytesIO(b"x"), "x.txt"),
            },
            content_type="multipart/form-data",
        )
        assert response.status_code == 400, path
        assert "Periksa kembali" in response.get_data(as_text=True), path
    for path in ("/api/v1/status", "/api/v1/surveys", "/api/v1/tickets"):
        response = client.post(
            path,
            data=DEEP_JSON,
            content_type="application/json",
            headers={"Authorization": f"Bearer {route_world['tokens']['kiosk']}"},
        )
        assert response.status_code == 400, path
        assert set(response.get_json()["error"]) == {"code", "message", "fields"}
    missing = client.get("/static/tidak-ada.css")
    assert missing.status_code == 404 and "Halaman tidak ditemukan" in missing.get_data(as_text=True)
    page = client.get(f"/permohonan?page={HUGE}")
    assert page.status_code in (200, 302)
