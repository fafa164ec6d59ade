"""A real MPP Lite server (waitress, in its own process) on a free loopback port.

Used by concurrency, crash, browser and benchmark runs: the same `mpp-lite serve` a site runs.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LiveServer:
    def __init__(self, instance: Path, env: dict | None = None, threads: int = 8, demo: bool = False):
        self.instance = Path(instance)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.threads = threads
        self.demo = demo
        self.env = {**os.environ, "MPP_INSTANCE_PATH": str(self.instance), "PYTHONUNBUFFERED": "1", **(env or {})}
        self.process: subprocess.Popen | None = None
        self.init_output = ""
        self.scratch_database = None
        if os.environ.get("MPP_TEST_DATABASE_URL", "").startswith("postgresql") and "MPP_DATABASE_URL" not in (
            env or {}
        ):
            # The suite's PostgreSQL run: this server gets a database of its own, kept across
            # stop()/start() (restart tests) and dropped when the test run ends.
            import atexit

            from postgres_fixtures import create_scratch_database, drop_scratch_database

            self.scratch_database = create_scratch_database("mpp_live")
            self.env["MPP_DATABASE_URL"] = self.scratch_database
            atexit.register(drop_scratch_database, self.scratch_database)

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """Run `mpp-lite <args>` against this server's instance folder."""
        return subprocess.run(
            [sys.executable, "-m", "mpp_lite", *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=check,
            timeout=120,
        )

    def start(self, timeout: float = 30) -> LiveServer:
        if not (self.instance / "secret_key").exists():
            self.init_output = self.cli("init", *(["--demo"] if self.demo else [])).stdout
        self.log = open(self.instance / "server-output.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mpp_lite",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--threads",
                str(self.threads),
            ],
            env=self.env,
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {(self.instance / 'server-output.log').read_text()}")
            try:
                with urlopen(self.url + "/healthz", timeout=1) as response:  # noqa: S310
                    if response.status == 200:
                        return self
            except (URLError, OSError):
                time.sleep(0.1)
        raise RuntimeError("server did not answer /healthz in time")

    def kill(self) -> None:
        """Like a power cut for the process: SIGKILL on POSIX, TerminateProcess on Windows."""
        if self.process and self.process.poll() is None:
            if hasattr(signal, "SIGKILL"):
                self.process.send_signal(signal.SIGKILL)
            else:
                self.process.kill()
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        if getattr(self, "log", None):
            self.log.close()
            self.log = None
