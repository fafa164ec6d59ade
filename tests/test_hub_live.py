"""Three real MPP Lite sites push through a misbehaving network to one real hub server."""

from __future__ import annotations

import json
import time

import pytest
import requests
from hub_fixtures import HubProcess
from live import LiveServer
from postgres_fixtures import on_postgres
from sqlalchemy import create_engine, text
from sync_fixtures import FaultProxy

pytestmark = pytest.mark.slow

SITES = {"32.04": "Kabupaten Bandung", "32.73": "Kota Bandung", "33.01": "Kabupaten Cilacap"}


def _site_database(server: LiveServer) -> str:
    return server.env.get("MPP_DATABASE_URL") or "sqlite:///" + (server.instance / "mpp-lite.sqlite").as_posix()


def _latest_versions(url: str, sql: str, **params) -> dict:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return {row[0]: (row[1], int(row[2])) for row in connection.execute(text(sql), params)}
    finally:
        engine.dispose()


def _busy_day(server: LiveServer) -> None:
    """Tickets issued, called, finished, one no-show, one transferred; a survey; as a site would."""
    admin = {
        "Authorization": "Bearer "
        + server.cli("create-token", "--name", f"hubtest-{time.monotonic_ns()}", "--role", "admin")
        .stdout.strip()
        .splitlines()[-1]
    }
    services = requests.get(server.url + "/api/v1/services", timeout=10).json()["items"]
    counters = requests.get(server.url + "/api/v1/counters", headers=admin, timeout=10).json()["items"]
    for n in range(8):
        answer = requests.post(
            server.url + "/api/v1/tickets", json={"service_id": services[n % 2]["id"]}, headers=admin, timeout=10
        )
        assert answer.status_code == 201, answer.text
    done = 0
    for counter in counters:
        called = requests.post(f"{server.url}/api/v1/counters/{counter['id']}/call-next", headers=admin, timeout=10)
        if called.status_code != 200:
            continue
        ticket = called.json()
        step = "no-show" if done == 2 else "finish"
        assert (
            requests.post(f"{server.url}/api/v1/tickets/{ticket['id']}/{step}", headers=admin, timeout=10).status_code
            == 200
        )
        if step == "finish":
            survey = requests.post(
                server.url + "/api/v1/surveys",
                headers=admin,
                timeout=10,
                json={"ticket_id": ticket["id"], "answers": {f"U{i}": 3 + (i + done) % 2 for i in range(1, 10)}},
            )
            assert survey.status_code == 201, survey.text
        done += 1
        if done == 4:
            break
    assert done >= 3


def _push_until_done(server: LiveServer) -> list[int]:
    codes = []
    for _attempt in range(60):
        run = server.cli("sync", "push", check=False)
        codes.append(run.returncode)
        assert run.returncode in (0, 3), run.stdout + run.stderr
        if run.returncode == 0:
            return codes
    raise AssertionError(f"push never finished: {codes}")


def test_three_sites_push_through_faults_and_the_hub_totals_equal_their_own(tmp_path):
    hub = HubProcess(tmp_path / "hub").start()
    proxy = FaultProxy(hub.port, {"pass": 4, "error500": 1, "drop": 1, "truncate": 1}, delay=0, seed=15)
    sites: dict[str, LiveServer] = {}
    try:
        assert "SQLite" in hub.init_output or on_postgres()
        token = hub.cli("create-token", "--name", "nasional", "--role", "hub_admin").stdout.strip().splitlines()[-1]
        for code, name in SITES.items():
            secret_file = tmp_path / f"{code}.secret"
            hub.cli(
                "add-site", "--code", code, "--name", name, "--province", code[:2], "--secret-out", str(secret_file)
            )
            server = LiveServer(
                tmp_path / f"site-{code}", demo=True, env={"MPP_SYNC_BACKOFF_BASE": "0", "MPP_SYNC_TIMEOUT": "5"}
            ).start()
            sites[code] = server
            server.cli("sync", "site", "--code", code, "--name", f"MPP {name}")
            server.cli(
                "sync",
                "add-endpoint",
                "--name",
                "hub",
                "--url",
                f"http://127.0.0.1:{proxy.port}/sync",
                "--secret-file",
                str(secret_file),
                "--batch-size",
                "7",
            )
            _busy_day(server)
        for server in sites.values():
            _push_until_done(server)
            _busy_day(server)  # a second round: new versions of records the hub has
            _push_until_done(server)
        assert proxy.counts.get("drop") and proxy.counts.get("error500") and proxy.counts.get("truncate")

        for code, server in sites.items():
            # Exactly once: every record the site has, at its latest version, and nothing else.
            sent = _latest_versions(
                _site_database(server),
                "SELECT record_uid, record_type, max(version) FROM sync_outbox GROUP BY record_uid, record_type",
            )
            held = _latest_versions(
                hub.database_url,
                "SELECT record_id, type, version FROM hub_records "
                "WHERE site_code = :code UNION ALL SELECT record_id, 'service', version "
                "FROM hub_services WHERE site_code = :code",
                code=code,
            )
            assert held == sent
            status = json.loads(server.cli("sync", "status", "--json").stdout)["endpoints"][0]
            assert sum(status["pending"].values()) == 0 and sum(status["dead"].values()) == 0

            summary = requests.get(
                server.url + "/api/v1/reports/summary",
                timeout=10,
                headers={
                    "Authorization": "Bearer "
                    + server.cli("create-token", "--name", "r", "--role", "admin").stdout.strip().splitlines()[-1]
                },
            ).json()
            period = {"from": summary["period"]["from"], "to": summary["period"]["to"]}
            row = requests.get(
                f"{hub.url}/api/v1/sites/{code}",
                params=period,
                timeout=10,
                headers={"Authorization": f"Bearer {token}"},
            ).json()
            assert row["visitors"] == summary["visitors"]["issued"] > 0
            assert row["wait_median_minutes"] == summary["times"]["wait"]["p50"]
            assert row["wait_p90_minutes"] == summary["times"]["wait"]["p90"]
            assert row["ikm_n"] == summary["ikm"]["n"] > 0
            assert row["ikm"] == pytest.approx(float(summary["ikm"]["ikm"]))
            assert row["stale"] is False
        totals = requests.get(
            f"{hub.url}/api/v1/totals", params=period, timeout=10, headers={"Authorization": f"Bearer {token}"}
        ).json()
        assert totals["sites"] == 3
        assert totals["visitors"] == sum(
            requests.get(
                f"{hub.url}/api/v1/sites/{code}",
                params=period,
                timeout=10,
                headers={"Authorization": f"Bearer {token}"},
            ).json()["visitors"]
            for code in SITES
        )
    finally:
        proxy.stop()
        for server in sites.values():
            server.stop()
        hub.stop()
