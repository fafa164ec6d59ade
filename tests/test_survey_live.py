"""Against a real waitress server: a finished ticket's phone link answers the survey exactly once,
even when several submissions race; the dashboard and the monthly report see it."""

from __future__ import annotations

import threading

import pytest
import requests

pytestmark = pytest.mark.slow


def token(server, role, name):
    return server.cli("create-token", "--name", name, "--role", role).stdout.strip().splitlines()[-1]


def test_phone_link_answers_once_under_a_race(live_server, tmp_path):
    server = live_server
    kiosk = {"Authorization": "Bearer " + token(server, "kiosk", "Kios survei")}
    admin = {"Authorization": "Bearer " + token(server, "admin", "Kepala")}
    services = requests.get(server.url + "/api/v1/services", timeout=10).json()["items"]
    service = next(s for s in services if s["queue_prefix"] == "A")
    ticket = requests.post(
        server.url + "/api/v1/tickets", json={"service_id": service["id"]}, headers=kiosk, timeout=10
    ).json()
    public_id = ticket["public_url"].rstrip("/").rsplit("/", 1)[-1]
    answers = {f"U{i}": 4 for i in range(1, 10)}

    early = requests.post(server.url + "/api/v1/surveys", json={"ticket_id": public_id, "answers": answers}, timeout=10)
    assert early.status_code == 409  # still waiting

    counters = requests.get(server.url + "/api/v1/counters", headers=admin, timeout=10).json()["items"]
    counter = next(c for c in counters if "A" in c["queue_prefixes"])
    called = requests.post(f"{server.url}/api/v1/counters/{counter['id']}/call-next", headers=admin, timeout=10)
    assert called.status_code == 200 and called.json()["id"] == ticket["id"]
    for action in ("start", "finish"):
        assert (
            requests.post(f"{server.url}/api/v1/tickets/{ticket['id']}/{action}", headers=admin, timeout=10).status_code
            == 200
        )

    page = requests.get(f"{server.url}/survei?tiket={public_id}", timeout=10)
    assert page.status_code == 200 and 'name="U9"' in page.text

    results: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(6)

    def submit():
        start.wait()
        response = requests.post(
            server.url + "/api/v1/surveys", json={"ticket_id": public_id, "answers": answers}, timeout=30
        )
        with lock:
            results.append(response.status_code)

    threads = [threading.Thread(target=submit) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [201, 409, 409, 409, 409, 409]

    ikm = requests.get(server.url + "/api/v1/reports/ikm", headers=admin, timeout=30).json()
    assert ikm["n"] == 1 and ikm["ikm"] == 100.0 and ikm["band"] == "A"
    dashboard = requests.get(server.url + "/dashboard", headers=admin, timeout=30)
    assert dashboard.status_code == 200 and 'id="chart-ikm"' in dashboard.text

    from pypdf import PdfReader

    month = ikm["to"][:7]
    out = tmp_path / "laporan.pdf"
    done = server.cli("report", "monthly", "--month", month, "--out", str(out))
    assert done.stdout.strip().splitlines()[-1] == str(out)
    assert "IKM 100,00" in "\n".join(page.extract_text() for page in PdfReader(str(out)).pages)
