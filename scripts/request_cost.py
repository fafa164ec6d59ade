"""CPU per request inside one process: the kit's requests against a bare Flask app's.

    python3 scripts/request_cost.py [--instance DIR] [-n 5000] [--profile PATH] [--live [--threads 4]]

The benchmark's floor row (`scripts/bench.py`: `GET /healthz`, one `SELECT 1` through the kit,
against a bare Flask app on the same waitress server) moves with a shared machine's load; the
CPU a request costs in-process does not, much. This prints that cost, best of three rounds of
`-n` requests through Flask's test client (one thread, `time.process_time`), for the bare app and
for a few of the kit's requests: the floor split into its parts (the kit's request hooks around
no query, then around one SELECT 1 on a pooled connection, then /healthz through the ORM session
as every view goes), a bearer-token API read, a page. `--profile PATH` also writes a cProfile of
the floor's requests (read it with pstats). The instance folder must hold an initialised kit
(`mpp-lite init --demo`); without `--instance` a demo one is made in a temporary folder.

`--live` then serves the same app on waitress, as `mpp-lite serve` does, and measures those
requests under 8 clients beside the bare app, with the server's CPU per request (psutil, user +
system) and its busy cores: on a real server each part costs more than in-process, and with it
how much of the bare app's rate is left for a request that touches the database.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cost_ms(call, count: int, rounds: int = 3) -> float:
    """Best of `rounds`: CPU milliseconds per call."""
    for _ in range(min(count, 200)):  # warm caches, pools and lazy imports first
        call()
    best = float("inf")
    for _ in range(rounds):
        began = time.process_time()
        for _ in range(count):
            call()
        best = min(best, (time.process_time() - began) / count)
    return best * 1000


def bare_app():
    from flask import Flask

    app = Flask("bare")

    @app.get("/")
    def index():
        return {"ok": True, "service": "bare", "items": [1, 2, 3]}

    return app


def add_floor_parts(app) -> None:
    """Two routes on this script's app only, to split the floor's cost: the kit's request hooks
    around no query at all, and around one SELECT 1 on a pooled connection without the ORM
    session (/healthz itself goes through the session, as every view does)."""
    from flask import jsonify

    from mpp_lite.auth.permissions import public
    from mpp_lite.extensions import db

    @app.get("/_cost/no-query")
    @public
    def no_query():
        return jsonify({"status": "ok"})

    @app.get("/_cost/pooled-query")
    @public
    def pooled_query():
        with db.engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
        return jsonify({"status": "ok"})


LIVE_PATHS = (
    ("the kit's stack, no query", "/_cost/no-query"),
    ("+ SELECT 1 on a pooled connection", "/_cost/pooled-query"),
    ("floor: GET /healthz", "/healthz"),
)


def live_costs(instance: Path, threads: int, clients: int = 8, seconds: float = 3.0) -> None:
    """The same requests on real waitress servers, as bench.py measures them: the server's CPU per
    request (psutil) beside its rate, the bare app's (8 threads, its best) first."""
    import bench
    from live import free_port

    bare, bare_port = bench.start_bare(8)
    port = free_port()
    env = {**os.environ, "MPP_INSTANCE_PATH": str(instance)}
    kit = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(port), "--threads", str(threads)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        bench.wait_for(port, "/healthz")
        bench.SERVER_PIDS.update({bare_port: bare.pid, port: kit.pid})
        print(f"\nOn waitress ({clients} clients x {seconds:.0f} s each; the kit's server {threads} threads):")
        print(f"  {'':<50}{'req/s':>8}{'ratio':>7}{'CPU ms':>8}{'busy':>6}")
        base = None
        for label, row_port, path in [("bare Flask: GET / (JSON)", bare_port, "/")] + [
            (label, port, path) for label, path in LIVE_PATHS
        ]:
            row = bench.measure(row_port, clients, seconds, lambda c, i, n, path=path: bench.timed(c, "GET", path)[:2])
            base = base or row["rps"]
            cpu = row.get("server_cpu") or {"ms_per_request": float("nan"), "busy_cores": float("nan")}
            print(
                f"  {label:<50}{row['rps']:>8.0f}{row['rps'] / base:>7.0%}"
                f"{cpu['ms_per_request']:>8.3f}{cpu['busy_cores']:>6.2f}"
            )
    finally:
        bench.SERVER_PIDS.clear()
        for process in (kit, bare):
            process.terminate()
            process.wait(10)


def checked(client, path: str, status: int = 200, **kwargs):
    def call():
        response = client.get(path, **kwargs)
        if response.status_code != status:
            raise SystemExit(f"GET {path}: {response.status_code}, expected {status}")

    return call


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--instance", type=Path, help="an initialised instance folder (default: a new demo)")
    parser.add_argument("-n", type=int, default=5000, help="requests per round (default 5000)")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the floor's requests here")
    parser.add_argument(
        "--live",
        action="store_true",
        help="also serve the same requests on waitress and measure the server's CPU per request under 8 clients",
    )
    parser.add_argument("--threads", type=int, default=4, help="the live server's threads (default 4, as serve)")
    parser.add_argument("--serve", type=int, metavar="PORT", help=argparse.SUPPRESS)  # the live server itself
    args = parser.parse_args()

    instance = args.instance
    if instance is None:
        instance = Path(tempfile.mkdtemp(prefix="mpp-cost-")) / "instance"
        env = {**os.environ, "MPP_INSTANCE_PATH": str(instance)}
        subprocess.run(
            [sys.executable, "-m", "mpp_lite", "init", "--demo"], env=env, cwd=ROOT, check=True, capture_output=True
        )
    os.environ["MPP_INSTANCE_PATH"] = str(instance.resolve())
    sys.path.insert(0, str(ROOT))

    from mpp_lite import create_app
    from mpp_lite.auth.services import create_token
    from mpp_lite.extensions import db

    app = create_app()
    add_floor_parts(app)
    if args.serve:  # as `mpp-lite serve` runs, this app with its two extra routes
        from mpp_lite.cli import run_server

        with app.app_context():
            run_server(app, "127.0.0.1", args.serve, args.threads)
        return
    with app.app_context():
        token = create_token("request cost", "admin", None)[1]
        db.session.commit()
    bearer = {"Authorization": f"Bearer {token}"}
    # A client each, so that no request carries a cookie another one was given (as in bench.py).
    rows = [
        ("bare Flask: GET / (JSON)", checked(bare_app().test_client(), "/")),
        ("the kit's stack, no query (this script's route)", checked(app.test_client(), "/_cost/no-query")),
        ("+ SELECT 1 on a pooled connection (route)", checked(app.test_client(), "/_cost/pooled-query")),
        ("floor: GET /healthz", checked(app.test_client(), "/healthz")),
        ("API, bearer token: GET /api/v1/services/1", checked(app.test_client(), "/api/v1/services/1", headers=bearer)),
        ("page: GET /status", checked(app.test_client(), "/status")),
    ]
    print(f"CPU per request, best of 3 x {args.n} through the test client (one thread):")
    figures = {}
    for label, call in rows:
        figures[label] = cost_ms(call, args.n)
        print(f"  {label:<50}{figures[label]:>7.3f} ms")
    floor, base = figures["floor: GET /healthz"], figures["bare Flask: GET / (JSON)"]
    print(f"  floor / bare: {floor / base:.2f}x the bare app's CPU")
    if args.live:
        live_costs(instance, args.threads)
    if args.profile:
        import cProfile

        call = dict(rows)["floor: GET /healthz"]
        cProfile.runctx("for _ in range(n): call()", {}, {"n": args.n, "call": call}, str(args.profile))
        print(f"profile of {args.n} floor requests: {args.profile}")


if __name__ == "__main__":
    from quickstart import rerun_in_venv

    rerun_in_venv()  # with only Python: the kit's .venv/ with its test extras
    main()
