"""Benchmark the consolidation hub: signed batches from many simulated sites, then reports.

    python3 scripts/hub_bench.py [--quick] [--json PATH] [--database-url URL]

Starts the real hub (`mpp-lite hub init` + `mpp-lite hub serve`, waitress) on loopback with a
fresh database (SQLite in a temporary folder, or a scratch database made beside URL with its
credentials and dropped afterwards). Simulated sites push one busy day each through the real
HTTP path with real signatures, concurrently, in batches of 100 (tickets with a later version,
applications, surveys, complaints). Then a year of daily roll-ups is generated for every site and
the national one-year table, one province's one-year table and one site's year are timed through
the API. Prints a table and writes JSON in the shape fixed in the contract.

Full run: 514 sites x ~1,800 records. --quick: 20 sites x 300 records (a minute on 2 cores).
Needs the `test` extra (psutil).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mpp_lite.sync.signing import signature  # noqa: E402


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def site_codes(n: int) -> list[str]:
    provinces = [f"{p:02d}" for p in (11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53,
                                      61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 94)]
    return [f"{provinces[i % len(provinces)]}.{i // len(provinces) + 1:02d}" for i in range(n)]


def day_records(day: date, tickets: int, rng: random.Random) -> list[dict]:
    records = []
    for _n in range(tickets):
        issued = datetime.combine(day, datetime.min.time(), timezone.utc) + timedelta(minutes=rng.randint(60, 480))
        called = issued + timedelta(minutes=rng.randint(1, 60))
        ident = str(uuid.uuid4())
        base = {"number": "A001", "day": day.isoformat(), "issued_at": issued.isoformat(), "called_at": None,
                "status": "waiting"}
        records.append({"id": ident, "type": "ticket", "version": 1, "occurred_at": issued.isoformat(), "data": base})
        records.append({"id": ident, "type": "ticket", "version": 3, "occurred_at": called.isoformat(),
                        "data": {**base, "status": "done", "called_at": called.isoformat()}})
    for kind, share in (("application", 10), ("survey", 8), ("complaint", 100)):
        for _n in range(max(1, tickets // share)):
            at = datetime.combine(day, datetime.min.time(), timezone.utc) + timedelta(hours=3)
            data = {"day": day.isoformat(), "received_at": at.isoformat(), "status": "new",
                    "due_date": (day + timedelta(days=5)).isoformat(),
                    "answers": {f"U{i}": rng.randint(2, 4) for i in range(1, 10)}}
            records.append({"id": str(uuid.uuid4()), "type": kind, "version": 1, "occurred_at": at.isoformat(),
                            "data": data})
    return records


class Hub:
    def __init__(self, folder: Path, database_url: str):
        self.env = {**os.environ, "MPP_HUB_INSTANCE_PATH": str(folder), "MPP_HUB_DATABASE_URL": database_url,
                    "MPP_INSTANCE_PATH": str(folder / "site")}
        self.port = free_port()
        self.folder = folder

    def cli(self, *args):
        return subprocess.run([sys.executable, "-m", "mpp_lite", "hub", *args], env=self.env, cwd=ROOT, check=True,
                              capture_output=True, text=True)

    def start(self):
        self.cli("init")
        self.log = open(self.folder / "hub.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen([sys.executable, "-m", "mpp_lite", "hub", "serve", "--host", "127.0.0.1",
                                         "--port", str(self.port), "--threads", "8"],
                                        env=self.env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1):
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("hub did not start")

    def rss_mb(self) -> float:
        import psutil

        return round(psutil.Process(self.process.pid).memory_info().rss / 1024 / 1024, 1)

    def stop(self):
        self.process.terminate()
        self.process.wait(10)
        self.log.close()


def push_site(port: int, code: str, secret: str, records: list[dict], timings: list, errors: list) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for start in range(0, len(records), 100):
        body = json.dumps({"schema": "mpp-lite/v1", "site": {"code": code, "name": code},
                           "sent_at": datetime.now(timezone.utc).isoformat(),
                           "records": records[start:start + 100]}).encode()
        stamp = str(int(time.time()))
        headers = {"Content-Type": "application/json", "X-MPP-Site": code, "X-MPP-Timestamp": stamp,
                   "X-MPP-Signature": signature(secret, stamp, body)}
        began = time.perf_counter()
        connection.request("POST", "/sync", body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        timings.append((time.perf_counter() - began) * 1000)
        if response.status != 200:
            errors.append(response.status)
    connection.close()


def generate_year(database_url: str, codes: list[str], end: date) -> None:
    """A year of daily roll-ups for every site, straight into the database (as ingest leaves them)."""
    from sqlalchemy import create_engine, insert

    from mpp_lite.hub.ingest import DAILY_COUNTS
    from mpp_lite.hub.models import HubDaily, HubDailyWait

    engine = create_engine(database_url)
    rng = random.Random(1)
    with engine.begin() as connection:
        for code in codes:
            daily, waits = [], []
            for offset in range(1, 366):
                day = end - timedelta(days=offset)
                visitors = rng.randint(80, 400)
                row = {name: 0 for name in DAILY_COUNTS}
                row.update(site_code=code, day=day, tickets=visitors, visitors=visitors, served=visitors,
                           wait_n=visitors, wait_seconds=visitors * 900.0, survey_n=visitors // 8,
                           **{f"u{i}": visitors // 8 * 3 for i in range(1, 10)})
                daily.append(row)
                waits.extend({"site_code": code, "day": day, "minute": m, "n": visitors // 6} for m in (5, 10, 15, 20, 30, 45))
            connection.execute(insert(HubDaily.__table__), daily)
            connection.execute(insert(HubDailyWait.__table__), waits)
    engine.dispose()


def database_name(database_url: str) -> str:
    """ "postgresql 15" or "sqlite", as the contract's benchmark output names it."""
    from sqlalchemy import create_engine

    if database_url.startswith("sqlite"):
        return "sqlite"
    engine = create_engine(database_url)
    try:
        with engine.connect():
            return f"postgresql {engine.dialect.server_version_info[0]}"
    finally:
        engine.dispose()


def timed_get(port: int, path: str, token: str) -> float:
    began = time.perf_counter()
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=120) as response:
        response.read()
    return round(time.perf_counter() - began, 3)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", default=str(ROOT / "instance" / "bench-cache" / "hub_bench.json"))
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    sites, tickets = (20, 100) if args.quick else (514, 600)
    folder = Path(tempfile.mkdtemp(prefix="mpp-hub-bench-"))
    scratch = None
    if args.database_url:
        sys.path.insert(0, str(ROOT / "tests"))
        os.environ["MPP_TEST_DATABASE_URL"] = args.database_url
        from postgres_fixtures import create_scratch_database, drop_scratch_database

        scratch = database_url = create_scratch_database("mpp_hub_bench")
    else:
        database_url = "sqlite:///" + (folder / "hub.sqlite").as_posix()
    hub = Hub(folder, database_url).start()
    try:
        codes = site_codes(sites)
        secrets = {}
        for code in codes:
            out = folder / f"{code}.secret"
            hub.cli("add-site", "--code", code, "--name", f"Situs {code}", "--province", code[:2], "--secret-out", str(out))
            secrets[code] = out.read_text().strip()
        token = hub.cli("create-token", "--name", "bench", "--role", "hub_admin").stdout.strip().splitlines()[-1]
        idle = hub.rss_mb()
        rng = random.Random(15)
        today = date.today()
        loads = {code: day_records(today, tickets, rng) for code in codes}
        total = sum(len(r) for r in loads.values())
        timings: list[float] = []
        errors: list[int] = []
        began = time.perf_counter()
        pending = list(codes)
        lock = threading.Lock()

        def worker():
            while True:
                with lock:
                    if not pending:
                        return
                    code = pending.pop()
                push_site(hub.port, code, secrets[code], loads[code], timings, errors)

        threads = [threading.Thread(target=worker) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seconds = time.perf_counter() - began
        after = hub.rss_mb()
        generate_year(database_url, codes, today)
        year = f"from={(today - timedelta(days=365)).isoformat()}&to={today.isoformat()}"
        reports = {"national_year_s": timed_get(hub.port, f"/api/v1/sites?{year}", token),
                   "province_year_s": timed_get(hub.port, f"/api/v1/sites?{year}&province=32", token),
                   "site_year_s": timed_get(hub.port, f"/api/v1/sites/{codes[0]}?{year}", token)}
        timings.sort()
        result = {
            "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
            "database": database_name(database_url),
            "ingest": {"sites": sites, "records": total, "seconds": round(seconds, 2),
                       "records_per_s": round(total / seconds, 1),
                       "batch_p50_ms": round(statistics.median(timings), 1),
                       "batch_p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1), "errors": len(errors)},
            "reports": reports,
            "rss_mb": {"idle": idle, "after_load": after},
        }
    finally:
        hub.stop()
        if scratch:
            drop_scratch_database(scratch)
    print(f"{'ingest':<24}{result['ingest']['records']} records from {sites} sites in {result['ingest']['seconds']} s "
          f"= {result['ingest']['records_per_s']} records/s; batch p50 {result['ingest']['batch_p50_ms']} ms, "
          f"p95 {result['ingest']['batch_p95_ms']} ms; errors {result['ingest']['errors']}")
    for name, value in reports.items():
        print(f"{name:<24}{value} s")
    print(f"{'rss_mb':<24}idle {idle}, after load {after}")
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
