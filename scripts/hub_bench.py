"""Benchmark the consolidation hub: signed batches from many simulated sites, then reports.

    python3 scripts/hub_bench.py [--quick] [--json PATH] [--database-url URL]
                                 [--sites N] [--tickets N] [--raw-per-day N] [--reports-only]

Starts the real hub (`mpp-lite hub init` + `mpp-lite hub serve`, waitress) on loopback with a
fresh database (SQLite in a temporary folder, or a scratch database made beside URL with its
credentials and dropped afterwards). Simulated sites push one busy day each through the real
HTTP path with real signatures, concurrently, in batches of 100 (tickets with a later version,
applications, surveys, complaints). Then a year of daily roll-ups is generated for every site and
the national one-year table, one province's one-year table and one site's year are timed through
the API and as a signed-in user's pages. Prints a table and writes JSON in the shape fixed in the
contract (plus `raw_year`, the pages' times and `after_reports` RSS).

Full run: 514 sites, each one busy day of about 1,500 tickets (a first and a final version, in
the order a site sends them through the day) with its applications, surveys and complaints:
about 3,350 records a site, 1.7 million in all; then a year of raw records (about 370 a
working day) for the 27 regencies of province 32 is generated into `hub_records` beside the
roll-ups. --quick: 20 sites x about 220 records (a minute on 2 cores). `--sites`/`--tickets`
size a run in between (for profiling); `--reports-only` skips the push and times the reports on
the generated year (after a change to the pages). Needs the `test` extra (psutil).
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
import urllib.parse
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


PROVINCE = "32"  # Jawa Barat: 27 regencies and cities, the province whose raw year is generated
OTHER_PROVINCES = [
    f"{p:02d}"
    for p in (
        11,
        12,
        13,
        14,
        15,
        16,
        17,
        18,
        19,
        21,
        31,
        33,
        34,
        35,
        36,
        51,
        52,
        53,
        61,
        62,
        63,
        64,
        65,
        71,
        72,
        73,
        74,
        75,
        76,
        81,
        82,
        91,
        92,
        94,
    )
]


def site_codes(n: int) -> list[str]:
    """n site codes: up to 27 in province 32, the rest spread over the other provinces."""
    ours = min(27, max(1, n // 19))
    codes = [f"{PROVINCE}.{i + 1:02d}" for i in range(ours)]
    rest = n - ours
    codes += [f"{OTHER_PROVINCES[i % len(OTHER_PROVINCES)]}.{i // len(OTHER_PROVINCES) + 1:02d}" for i in range(rest)]
    return codes


def day_records(day: date, tickets: int, rng: random.Random, final_only: bool = False) -> list[dict]:
    """One site's day in the order it would send it: each ticket when issued, again when done."""
    start = datetime.combine(day, datetime.min.time(), timezone.utc)
    records = []
    for n in range(tickets):
        issued = start + timedelta(minutes=rng.randint(60, 480))
        called = issued + timedelta(minutes=rng.randint(1, 60))
        ident = str(uuid.uuid4())
        base = {
            "number": f"A{n % 1000:03d}",
            "day": day.isoformat(),
            "issued_at": issued.isoformat(),
            "called_at": None,
            "status": "waiting",
            "service": "Perekaman KTP-el",
            "priority_group": None,
        }
        if not final_only:
            records.append(
                {"id": ident, "type": "ticket", "version": 1, "occurred_at": issued.isoformat(), "data": base}
            )
        records.append(
            {
                "id": ident,
                "type": "ticket",
                "version": 3,
                "occurred_at": called.isoformat(),
                "data": {**base, "status": "done", "called_at": called.isoformat()},
            }
        )
    for kind, share in (("application", 10), ("survey", 8), ("complaint", 100)):
        for _n in range(max(1, tickets // share)):
            at = start + timedelta(minutes=rng.randint(60, 480))
            data = {
                "day": day.isoformat(),
                "received_at": at.isoformat(),
                "status": "new",
                "due_date": (day + timedelta(days=5)).isoformat(),
                "answers": {f"U{i}": rng.randint(2, 4) for i in range(1, 10)},
            }
            records.append(
                {"id": str(uuid.uuid4()), "type": kind, "version": 1, "occurred_at": at.isoformat(), "data": data}
            )
    records.sort(key=lambda r: r["occurred_at"])
    return records


class Hub:
    def __init__(self, folder: Path, database_url: str):
        self.env = {
            **os.environ,
            "MPP_HUB_INSTANCE_PATH": str(folder),
            "MPP_HUB_DATABASE_URL": database_url,
            "MPP_INSTANCE_PATH": str(folder / "site"),
        }
        self.port = free_port()
        self.folder = folder

    def cli(self, *args):
        return subprocess.run(
            [sys.executable, "-m", "mpp_lite", "hub", *args],
            env=self.env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )

    def start(self):
        self.cli("init")
        self.log = open(self.folder / "hub.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mpp_lite",
                "hub",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--threads",
                "8",
            ],
            env=self.env,
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
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


def register_sites(hub: Hub, codes: list[str]) -> dict[str, str]:
    """`hub add-site` for every code, by the same service in one process (514 commands would take minutes)."""
    os.environ.update({k: v for k, v in hub.env.items() if k.startswith("MPP_")})
    from mpp_lite.hub import create_hub_app
    from mpp_lite.hub.extensions import hub_db
    from mpp_lite.hub.sites import add_site

    app = create_hub_app()
    secrets = {}
    with app.app_context():
        now = datetime.now(timezone.utc)
        for code in codes:
            secrets[code] = add_site(code, f"Situs {code}", code[:2], now)[1]
        hub_db.session.commit()
        hub_db.session.remove()
        hub_db.engine.dispose()
    return secrets


def push_site(port: int, code: str, secret: str, records: list[dict], timings: list, errors: list) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for start in range(0, len(records), 100):
        body = json.dumps(
            {
                "schema": "mpp-lite/v1",
                "site": {"code": code, "name": code},
                "sent_at": datetime.now(timezone.utc).isoformat(),
                "records": records[start : start + 100],
            }
        ).encode()
        stamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json",
            "X-MPP-Site": code,
            "X-MPP-Timestamp": stamp,
            "X-MPP-Signature": signature(secret, stamp, body),
        }
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
                row.update(
                    site_code=code,
                    day=day,
                    tickets=visitors,
                    visitors=visitors,
                    served=visitors,
                    wait_n=visitors,
                    wait_seconds=visitors * 900.0,
                    survey_n=visitors // 8,
                    **{f"u{i}": visitors // 8 * 3 for i in range(1, 10)},
                )
                daily.append(row)
                waits.extend(
                    {"site_code": code, "day": day, "minute": m, "n": visitors // 6} for m in (5, 10, 15, 20, 30, 45)
                )
            connection.execute(insert(HubDaily.__table__), daily)
            connection.execute(insert(HubDailyWait.__table__), waits)
    engine.dispose()


def generate_raw_year(database_url: str, codes: list[str], end: date, per_day: int) -> int:
    """A year of raw records (latest versions) for these sites' working days, into hub_records."""
    from sqlalchemy import create_engine, insert, text

    from mpp_lite.hub.models import HubRecord

    engine = create_engine(database_url)
    rng = random.Random(2)
    now = datetime.now(timezone.utc)
    days = [end - timedelta(days=offset) for offset in range(1, 366)]
    days = [day for day in days if day.weekday() < 5]
    written = 0
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            for y, m in sorted({(day.year, day.month) for day in days}):
                first, after = date(y, m, 1), date(y + (m == 12), m % 12 + 1, 1)
                connection.execute(
                    text(
                        f'CREATE TABLE IF NOT EXISTS "hub_records_{y:04d}_{m:02d}" PARTITION OF '
                        f"hub_records FOR VALUES FROM ('{first}') TO ('{after}')"
                    )
                )
    for code in codes:
        rows = []
        for day in days:
            for record in day_records(day, per_day, rng, final_only=True):
                rows.append(
                    {
                        "site_code": code,
                        "record_id": record["id"],
                        "day": day,
                        "type": record["type"],
                        "version": record["version"],
                        "occurred_at": record["occurred_at"],
                        "data": record["data"],
                        "received_at": now,
                    }
                )
        with engine.begin() as connection:
            for start in range(0, len(rows), 5000):
                connection.execute(insert(HubRecord.__table__), rows[start : start + 5000])
        written += len(rows)
    engine.dispose()
    return written


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


class Browser:
    """A signed-in hub user's session (the table and site pages are timed as a person sees them)."""

    def __init__(self, port: int, username: str, password: str):
        import http.cookiejar
        import re

        self.base = f"http://127.0.0.1:{port}"
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        with self.opener.open(self.base + "/login", timeout=30) as response:
            token = re.search(r'name="csrf_token" value="([^"]+)"', response.read().decode()).group(1)
        form = urllib.parse.urlencode({"csrf_token": token, "username": username, "password": password}).encode()
        with self.opener.open(self.base + "/login", data=form, timeout=30) as response:
            response.read()

    def timed(self, path: str) -> float:
        began = time.perf_counter()
        with self.opener.open(self.base + path, timeout=120) as response:
            response.read()
        return round(time.perf_counter() - began, 3)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", default=str(ROOT / "instance" / "bench-cache" / "hub_bench.json"))
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--sites", type=int, default=None, help="override the number of sites")
    parser.add_argument("--tickets", type=int, default=None, help="override the tickets per site's day")
    parser.add_argument(
        "--raw-per-day", type=int, default=None, help="tickets a working day in the generated raw year (0: none)"
    )
    parser.add_argument(
        "--reports-only",
        action="store_true",
        help="no push: generate the year and time the reports only (after a change to them)",
    )
    args = parser.parse_args()
    sites, tickets, raw_per_day = (20, 100, 20) if args.quick else (514, 1500, 300)
    sites = args.sites or sites
    tickets = args.tickets or tickets
    raw_per_day = raw_per_day if args.raw_per_day is None else args.raw_per_day
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
        secrets = register_sites(hub, codes)
        token = hub.cli("create-token", "--name", "bench", "--role", "hub_admin").stdout.strip().splitlines()[-1]
        hub.cli("create-user", "--username", "bench", "--password", "bench-password-1", "--role", "hub_admin")
        idle = hub.rss_mb()
        rng = random.Random(15)
        today = date.today()
        loads = {code: day_records(today, tickets, rng) for code in codes} if not args.reports_only else {}
        total = sum(len(r) for r in loads.values())
        timings: list[float] = []
        errors: list[int] = []
        began = time.perf_counter()
        pending = list(codes) if loads else []
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
        ordered = sorted(timings) or [0.0]
        print(
            f"{'ingest':<24}{total} records from {sites} sites in {seconds:.1f} s = "
            f"{total / max(seconds, 1e-9):.1f} records/s; "
            f"batch p50 {statistics.median(ordered):.1f} ms, p95 "
            f"{ordered[max(int(len(ordered) * 0.95) - 1, 0)]:.1f} ms; "
            f"errors {len(errors)}",
            flush=True,
        )
        loads.clear()  # the generated year needs the memory
        generate_year(database_url, codes, today)
        province_codes = [code for code in codes if code.startswith(PROVINCE + ".")]
        raw_began = time.perf_counter()
        raw = generate_raw_year(database_url, province_codes, today, raw_per_day) if raw_per_day else 0
        raw_seconds = round(time.perf_counter() - raw_began, 1)
        year = f"from={(today - timedelta(days=365)).isoformat()}&to={today.isoformat()}"
        site = province_codes[0]
        reports = {
            "national_year_s": timed_get(hub.port, f"/api/v1/sites?{year}", token),
            "province_year_s": timed_get(hub.port, f"/api/v1/sites?{year}&province={PROVINCE}", token),
            "site_year_s": timed_get(hub.port, f"/api/v1/sites/{site}?{year}", token),
        }
        browser = Browser(hub.port, "bench", "bench-password-1")
        pages = {
            "national_year_page_s": browser.timed(f"/?{year}"),
            "province_year_page_s": browser.timed(f"/?{year}&province={PROVINCE}"),
            "site_year_page_s": browser.timed(f"/situs/{site}?{year}"),
        }
        reports.update(pages)
        final = hub.rss_mb()
        timings = sorted(timings) or [0.0]
        result = {
            "machine": {
                "cpus": os.cpu_count(),
                "platform": platform.platform(),
                "python": platform.python_version(),
                "load_average": [round(x, 2) for x in os.getloadavg()],
            },
            "database": database_name(database_url),
            "ingest": {
                "sites": sites,
                "records": total,
                "seconds": round(seconds, 2),
                "records_per_s": round(total / max(seconds, 1e-9), 1),
                "batch_p50_ms": round(statistics.median(timings), 1),
                "batch_p95_ms": round(timings[max(int(len(timings) * 0.95) - 1, 0)], 1),
                "errors": len(errors),
            },
            "raw_year": {"sites": len(province_codes), "records": raw, "seconds": raw_seconds},
            "reports": reports,
            "rss_mb": {"idle": idle, "after_load": after, "after_reports": final},
        }
    finally:
        hub.stop()
        if scratch:
            drop_scratch_database(scratch)
    print(f"{'raw year':<24}{raw} records for {len(province_codes)} sites of province {PROVINCE} in {raw_seconds} s")
    for name, value in reports.items():
        print(f"{name:<24}{value} s")
    print(f"{'rss_mb':<24}idle {idle}, after load {after}, after reports {final}")
    print(f"{'machine':<24}{result['machine']}; {result['database']}")
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    from quickstart import rerun_in_venv

    rerun_in_venv()  # with only Python: the kit's .venv/ with its test extras (psutil)
    sys.exit(main())
