"""Behind nginx: with MPP_TRUSTED_PROXY the server sees each visitor's own address (rate limits
hold per visitor), and a forged X-Forwarded-For from anyone else changes nothing."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from live import LiveServer

from mpp_lite.applications.codes import display, new_code

pytestmark = pytest.mark.slow


def lookup(server, visitor: str | None) -> int:
    body = json.dumps({"code": display(new_code()), "phone_last4": "1234"}).encode()
    headers = {"Content-Type": "application/json"} | ({"X-Forwarded-For": visitor} if visitor else {})
    request = urllib.request.Request(server.url + "/api/v1/status", data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def proxied(tmp_path):
    server = LiveServer(tmp_path / "instance", env={"MPP_TRUSTED_PROXY": "127.0.0.1"}).start(timeout=60)
    yield server
    server.stop()


def test_behind_a_trusted_proxy_each_visitor_has_its_own_limit(proxied):
    assert [lookup(proxied, "10.2.2.2") for _ in range(10)] == [404] * 10
    assert lookup(proxied, "10.2.2.2") == 429  # this visitor guessed too often
    assert lookup(proxied, "10.3.3.3") == 404  # another visitor behind the same proxy has not


def test_without_the_setting_a_forged_header_changes_nothing(live_server):
    assert [lookup(live_server, f"10.4.4.{n}") for n in range(10)] == [404] * 10
    assert lookup(live_server, "10.5.5.5") == 429  # all one client: the header was ignored
