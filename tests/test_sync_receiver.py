"""The reference receiver: refuses what it cannot trust (storing nothing), dedups, keeps the latest."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import pytest
from live import ROOT, free_port
from sync_fixtures import SECRET, serve_in_thread, stop_server

from mpp_lite.sync.signing import signature


def batch(records, site="32.04", schema="mpp-lite/v1") -> bytes:
    return json.dumps(
        {
            "schema": schema,
            "site": {"code": site, "name": "MPP Sukamaju"},
            "sent_at": "2026-11-28T08:00:00+07:00",
            "records": records,
        }
    ).encode()


def record(ident=None, version=1, kind="ticket", **data):
    return {
        "id": ident or str(uuid.uuid4()),
        "type": kind,
        "version": version,
        "occurred_at": "2026-11-28T08:00:00+07:00",
        "data": data or {"status": "waiting"},
    }


def post(url, body: bytes, secret=SECRET, site="32.04", timestamp=None, signed_body=None):
    timestamp = str(timestamp if timestamp is not None else int(time.time()))
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "X-MPP-Site": site,
            "X-MPP-Timestamp": timestamp,
            "Idempotency-Key": "k",
            "X-MPP-Signature": signature(secret, timestamp, signed_body or body),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read())


def stored(receiver):
    return receiver.rows("SELECT COUNT(*) FROM records")[0][0], receiver.rows("SELECT COUNT(*) FROM versions")[0][0]


def test_accepts_dedups_and_keeps_the_latest_version(receiver):
    ident = str(uuid.uuid4())
    status, answer = post(receiver.url, batch([record(ident, 2, status="called")]))
    assert status == 200 and answer == {"accepted": [ident], "rejected": []}
    assert post(receiver.url, batch([record(ident, 2, status="called")]))[0] == 200  # a repeat
    post(receiver.url, batch([record(ident, 1, status="waiting")]))  # an older one, late
    assert stored(receiver) == (1, 2)
    assert receiver.records()[ident] == {"type": "ticket", "version": 2, "data": {"status": "called"}}
    post(receiver.url, batch([record(ident, 3, status="done")]))
    assert receiver.records()[ident]["version"] == 3


@pytest.mark.parametrize(
    "case, status, code",
    [
        ("tampered", 401, "bad_signature"),
        ("wrong_secret", 401, "bad_signature"),
        ("stale", 401, "stale_timestamp"),
        ("future", 401, "stale_timestamp"),
        ("bad_json", 400, "bad_json"),
        ("other_schema", 422, "unsupported_schema"),
        ("site_mismatch", 422, "site_mismatch"),
    ],
)
def test_refuses_and_stores_nothing(receiver, case, status, code):
    body = batch([record()])
    kwargs = {}
    if case == "tampered":
        kwargs["signed_body"] = body
        body = body.replace(b'"waiting"', b'"wditing"')
    elif case == "wrong_secret":
        kwargs["secret"] = "another-secret-entirely-123"
    elif case == "stale":
        kwargs["timestamp"] = int(time.time()) - 301
    elif case == "future":
        kwargs["timestamp"] = int(time.time()) + 301
    elif case == "bad_json":
        body = body[:-5]
    elif case == "other_schema":
        body = batch([record()], schema="mpp-lite/v2")
    elif case == "site_mismatch":
        kwargs["site"] = "32.05"
    got, answer = post(receiver.url, body, **kwargs)
    assert (got, answer["error"]["code"]) == (status, code)
    assert answer["error"]["message"]
    assert stored(receiver) == (0, 0)


def test_a_timestamp_within_300_seconds_is_accepted(receiver):
    assert post(receiver.url, batch([record()]), timestamp=int(time.time()) - 290)[0] == 200


def test_bad_records_are_rejected_one_by_one(receiver):
    good = record()
    status, answer = post(receiver.url, batch([good, record("nope"), record(kind="parcel"), record(version=0)]))
    assert status == 200
    assert answer["accepted"] == [good["id"]]
    assert [r["error"] for r in answer["rejected"]] == [
        "id must be a UUID",
        "type must be one of ticket, application, survey, complaint, service",
        "version must be a whole number from 1 to 9223372036854775807",
    ]
    assert stored(receiver) == (1, 1)


def test_a_huge_version_is_one_rejected_record_not_a_lost_batch(receiver):
    good, huge = record(), record(version=2**70)
    status, answer = post(receiver.url, batch([good, huge]))
    assert status == 200, answer
    assert answer["accepted"] == [good["id"]]
    assert answer["rejected"] == [
        {"id": huge["id"], "error": "version must be a whole number from 1 to 9223372036854775807"}
    ]
    assert stored(receiver) == (1, 1)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_json_is_strict_nan_and_infinity_are_refused(receiver, constant):
    body = batch([record(ident="11111111-2222-4333-8444-555555555555", score=1.5)]).replace(b"1.5", constant.encode())
    assert constant.encode() in body
    status, answer = post(receiver.url, body)
    assert (status, answer["error"]["code"]) == (400, "bad_json")
    assert stored(receiver) == (0, 0)


def test_deeply_nested_json_is_refused_not_a_crash(receiver):
    deep = b'{"schema": "mpp-lite/v1", "records": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    status, answer = post(receiver.url, deep)
    assert (status, answer["error"]["code"]) == (400, "bad_json")


def test_a_folder_of_per_site_secrets_serves_several_regencies(tmp_path):
    from mpp_lite.sync.receiver import Receiver

    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / "32.04").write_text("secret-of-bandung-regency\n")
    (secrets / "32.05.secret").write_text("secret-of-garut-regency-x\n")
    app = Receiver(tmp_path / "r.sqlite", secrets)
    server, thread = serve_in_thread(app)
    url = f"http://127.0.0.1:{server.effective_port}/"
    try:
        assert post(url, batch([record()], site="32.04"), secret="secret-of-bandung-regency")[0] == 200
        assert post(url, batch([record()], site="32.05"), secret="secret-of-garut-regency-x", site="32.05")[0] == 200
        # One site's secret does not open another's door, nor does an unknown site get in.
        assert post(url, batch([record()], site="32.05"), secret="secret-of-bandung-regency", site="32.05")[0] == 401
        assert post(url, batch([record()], site="32.06"), secret="secret-of-bandung-regency", site="32.06")[0] == 401
        with urllib.request.urlopen(url, timeout=5) as response:
            summary = json.loads(response.read())
        assert summary["sites"] == {"32.04": {"ticket": 1}, "32.05": {"ticket": 1}}
    finally:
        stop_server(server, thread)
        app.close()


@pytest.mark.slow
def test_sync_receive_command_serves_the_receiver(tmp_path):
    secret_file = tmp_path / "secret"
    secret_file.write_text(SECRET + "\n")
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mpp_lite",
            "sync",
            "receive",
            "--port",
            str(port),
            "--host",
            "127.0.0.1",
            "--secret-file",
            str(secret_file),
            "--db",
            str(tmp_path / "recv.sqlite"),
        ],
        cwd=ROOT,
        env={**__import__("os").environ, "MPP_INSTANCE_PATH": str(tmp_path / "inst")},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}/sync"
        status, answer, deadline = None, None, time.monotonic() + 90
        while status is None and time.monotonic() < deadline and process.poll() is None:
            try:
                status, answer = post(url, batch([record()]))
            except OSError:
                time.sleep(0.2)
        assert status == 200 and len(answer["accepted"]) == 1
    finally:
        process.terminate()
        process.wait(10)
        process.stdout.close()
