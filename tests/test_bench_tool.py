"""scripts/bench.py's own figures: beside each rate, the CPU the measured server spent, so that a
shared machine's noise and a saturated server can be told apart (README, "Performance")."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "scripts" / "bench.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_under_test", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def bare_server(bench):
    process, port = bench.start_bare(2)
    yield process, port
    bench.SERVER_PIDS.clear()
    process.terminate()
    process.wait(10)


def get_root(bench):
    return lambda client, index, n: bench.timed(client, "GET", "/")[:2]


def test_each_row_carries_the_servers_cpu_per_request_and_its_busy_cores(bench, bare_server):
    process, port = bare_server
    bench.SERVER_PIDS[port] = process.pid
    row = bench.measure(port, 2, 1.0, get_root(bench), warmup=0.2)
    assert row["rps"] > 0 and row["errors"] == 0
    cpu = row["server_cpu"]
    # A request to a bare Flask app costs a fraction of a millisecond, not nothing and not seconds;
    # two clients keep the server busy on at most the machine's cores.
    assert 0 < cpu["ms_per_request"] < 50
    assert 0 < cpu["busy_cores"] <= 2.5
    columns = bench._cpu_columns(row)
    assert f"{cpu['ms_per_request']:.2f}" in columns and f"{cpu['busy_cores']:.2f}" in columns


def test_a_server_the_bench_did_not_start_gets_no_cpu_figures(bench, bare_server):
    _, port = bare_server  # not registered: its CPU is not the bench's to read
    row = bench.measure(port, 1, 0.3, get_root(bench), warmup=0.1)
    assert row["rps"] > 0 and "server_cpu" not in row
    assert bench._cpu_columns(row).split() == ["-", "-"]
