"""Sync between real processes: a served site, `mpp-lite sync push` runs, `mpp-lite sync receive`."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest
import requests
from live import ROOT, free_port
from sync_fixtures import SECRET

pytestmark = pytest.mark.slow


class ReceiverProcess:
    def __init__(self, folder):
        folder.mkdir(parents=True, exist_ok=True)
        self.secret_file = folder / "secret"
        self.secret_file.write_text(SECRET + "\n")
        self.db = folder / "collected.sqlite"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/mpp"
        self.process = None
        self.folder = folder

    def start(self):
        env = {**os.environ, "MPP_INSTANCE_PATH": str(self.folder / "instance")}
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mpp_lite",
                "sync",
                "receive",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--secret-file",
                str(self.secret_file),
                "--db",
                str(self.db),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=1) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("receiver did not start")

    def summary(self):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=5) as response:
            return json.loads(response.read())["sites"]

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


class Blackhole:
    """Accepts connections and never answers (a receiver that hangs)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/"
        self.connected = threading.Event()
        self.held = []
        threading.Thread(target=self.run, daemon=True).start()

    def run(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)
            self.connected.set()

    def close(self):
        for conn in self.held:
            conn.close()
        self.held.clear()
        self.sock.close()


def test_served_site_pushes_to_a_receiver_process_with_the_contract_exit_codes(live_server, tmp_path):
    server = live_server
    receiver = ReceiverProcess(tmp_path / "receiver").start()
    try:
        secret_file = tmp_path / "endpoint.secret"
        secret_file.write_text(f"  {SECRET}\n")
        server.cli("sync", "site", "--code", "32.04")
        server.cli(
            "sync", "add-endpoint", "--name", "provinsi", "--url", receiver.url, "--secret-file", str(secret_file)
        )
        kiosk = {
            "Authorization": "Bearer "
            + server.cli("create-token", "--name", "k", "--role", "kiosk").stdout.strip().splitlines()[-1]
        }
        service = requests.get(server.url + "/api/v1/services", timeout=10).json()["items"][0]
        for _ in range(3):
            assert (
                requests.post(
                    server.url + "/api/v1/tickets", json={"service_id": service["id"]}, headers=kiosk, timeout=10
                ).status_code
                == 201
            )
        first = server.cli("sync", "push", check=False)
        assert first.returncode == 0, first.stdout + first.stderr
        sites = receiver.summary()
        assert sites["32.04"]["ticket"] == 3 and sites["32.04"]["service"] >= 1
        status = json.loads(server.cli("sync", "status", "--json").stdout)["endpoints"][0]
        assert status["sent"]["ticket"] == 3 and sum(status["pending"].values()) == 0

        # The receiver goes away: the new ticket stays pending (exit 3) and arrives later.
        receiver.stop()
        requests.post(server.url + "/api/v1/tickets", json={"service_id": service["id"]}, headers=kiosk, timeout=10)
        server.env["MPP_SYNC_BACKOFF_BASE"] = "0"
        offline = server.cli("sync", "push", check=False)
        assert offline.returncode == 3, offline.stdout + offline.stderr
        receiver.start()
        again = server.cli("sync", "push", check=False)
        assert again.returncode == 0, again.stdout + again.stderr
        assert receiver.summary()["32.04"]["ticket"] == 4
    finally:
        receiver.stop()


def test_a_second_push_process_exits_4_while_the_first_waits_on_a_hung_receiver(live_server, tmp_path):
    server = live_server
    hole = Blackhole()
    first = None
    try:
        secret_file = tmp_path / "endpoint.secret"
        secret_file.write_text(SECRET)
        server.cli("sync", "site", "--code", "32.04")
        server.cli("sync", "add-endpoint", "--name", "hung", "--url", hole.url, "--secret-file", str(secret_file))
        env = {**server.env, "MPP_SYNC_TIMEOUT": "300"}
        first = subprocess.Popen(
            [sys.executable, "-m", "mpp_lite", "sync", "push"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert hole.connected.wait(60), "the first push never reached the receiver"
        second = server.cli("sync", "push", check=False)
        assert second.returncode == 4, second.stdout + second.stderr
        assert "Another push is running" in second.stderr
        hole.close()  # the hung receiver finally drops the connection
        out, err = first.communicate(timeout=60)
        assert first.returncode == 3, out + err  # rows stay pending with backoff
        assert "connection" in out
    finally:
        hole.close()
        if first is not None and first.poll() is None:
            first.kill()
            first.communicate()
