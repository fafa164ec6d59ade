"""Against a real waitress server: a paused counter cannot call; resumed, it calls the next number."""

from __future__ import annotations

import pytest
import requests

pytestmark = pytest.mark.slow


def token(server, role, name):
    return server.cli("create-token", "--name", name, "--role", role).stdout.strip().splitlines()[-1]


def test_a_paused_counter_answers_409_then_calls_once_resumed(live_server):
    server = live_server
    kiosk = {"Authorization": "Bearer " + token(server, "kiosk", "Kiosk lobby")}
    staff = {"Authorization": "Bearer " + token(server, "admin", "Loket uji")}
    services = requests.get(server.url + "/api/v1/services", timeout=10).json()["items"]
    service = next(s for s in services if s["queue_prefix"] == "A")
    counter = next(
        c
        for c in requests.get(server.url + "/api/v1/counters", headers=staff, timeout=10).json()["items"]
        if "A" in c["queue_prefixes"]
    )
    issued = requests.post(
        server.url + "/api/v1/tickets", json={"service_id": service["id"]}, headers=kiosk, timeout=10
    )
    assert issued.status_code == 201, issued.text
    base = f"{server.url}/api/v1/counters/{counter['id']}"
    paused = requests.post(base + "/pause", json={"reason": "rapat", "back_at": "23:59"}, headers=staff, timeout=10)
    assert paused.status_code == 200 and paused.json()["state"] == "paused"
    refused = requests.post(base + "/call-next", headers=staff, timeout=10)
    assert refused.status_code == 409
    assert refused.json()["error"]["allowed"] == ["resume", "close"]
    assert requests.post(base + "/resume", headers=staff, timeout=10).json()["state"] == "open"
    called = requests.post(base + "/call-next", headers=staff, timeout=10)
    assert called.status_code == 200 and called.json()["number"] == issued.json()["number"]
