"""The `mpp-lite sync` commands: endpoints, status, policy, export/import bundles, the push wrapper."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import pytest
from live import ROOT
from sync_fixtures import (
    NIK,
    SECRET,
    add_endpoint,
    make_application,
    make_ticket,
    set_site,
)

from mpp_lite.extensions import db
from mpp_lite.sync.models import SyncEndpoint


@pytest.fixture
def secret_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(f"\n  {SECRET}  \n\n", encoding="utf-8")
    return path


def test_add_list_remove_endpoint(app, runner, secret_file, seeded):
    result = runner.invoke(
        args=[
            "sync",
            "add-endpoint",
            "--name",
            "provinsi",
            "--url",
            "https://mpp.jabarprov.go.id/sync",
            "--secret-file",
            str(secret_file),
            "--batch-size",
            "50",
        ]
    )
    assert result.exit_code == 0, result.output
    endpoint = db.session.scalar(db.select(SyncEndpoint))
    assert endpoint.secret == SECRET  # surrounding whitespace stripped
    assert endpoint.batch_size == 50 and endpoint.policy == "default"
    listing = runner.invoke(args=["sync", "list"]).output
    assert "provinsi" in listing and "https://mpp.jabarprov.go.id/sync" in listing and SECRET not in listing
    clash = runner.invoke(
        args=[
            "sync",
            "add-endpoint",
            "--name",
            "provinsi",
            "--url",
            "https://x.go.id/",
            "--secret-file",
            str(secret_file),
        ]
    )
    assert clash.exit_code == 1 and "exists already" in clash.output
    bad = runner.invoke(
        args=["sync", "add-endpoint", "--name", "b", "--url", "ftp://x", "--secret-file", str(secret_file)]
    )
    assert bad.exit_code == 1 and "http" in bad.output
    full = runner.invoke(
        args=[
            "sync",
            "add-endpoint",
            "--name",
            "dukcapil",
            "--url",
            "https://x.go.id/",
            "--secret-file",
            str(secret_file),
            "--policy",
            "full",
        ]
    )
    assert full.exit_code == 1 and "legal basis" in full.output
    assert runner.invoke(args=["sync", "remove", "provinsi"]).exit_code == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(SyncEndpoint)) == 0
    assert runner.invoke(args=["sync", "remove", "provinsi"]).exit_code == 1


def test_an_empty_secret_file_is_refused(app, runner, tmp_path):
    empty = tmp_path / "empty"
    empty.write_text("  \n")
    result = runner.invoke(
        args=["sync", "add-endpoint", "--name", "p", "--url", "https://x.go.id/", "--secret-file", str(empty)]
    )
    assert result.exit_code == 1 and "empty" in result.output


def test_status_json_has_the_contract_shape(app, runner, seeded, receiver):
    set_site()
    add_endpoint(receiver.url)
    make_ticket(seeded["services"][0], seeded["queues"][0], 1)
    db.session.commit()
    answer = json.loads(runner.invoke(args=["sync", "status", "--json"]).output)
    [endpoint] = answer["endpoints"]
    assert set(endpoint) == {"name", "pending", "sent", "dead", "last_success", "last_error"}
    assert endpoint["pending"] == {"ticket": 1, "application": 0, "survey": 0, "complaint": 0, "service": 3}
    assert endpoint["last_success"] is None
    assert runner.invoke(args=["sync", "push"]).exit_code == 0
    endpoint = json.loads(runner.invoke(args=["sync", "status", "--json"]).output)["endpoints"][0]
    assert endpoint["sent"]["ticket"] == 1 and sum(endpoint["pending"].values()) == 0
    assert endpoint["last_success"].endswith("+00:00") and endpoint["last_error"] is None
    text = runner.invoke(args=["sync", "status"]).output
    assert "provinsi" in text and "pending" in text


def test_policy_command_prints_what_leaves_the_pc(app, runner):
    result = runner.invoke(args=["sync", "policy"])
    assert result.exit_code == 0
    assert "[application]" in result.output and "Bu** Sa*****" in result.output
    as_json = json.loads(runner.invoke(args=["sync", "policy", "--json"]).output)
    nik = next(f for f in as_json["application"] if f["field"] == "nik")
    assert nik["default"] is False and nik["kind"] == "personal"


def test_export_bundle_imports_once_and_a_tampered_bundle_is_refused(app, runner, seeded, tmp_path, secret_file):
    set_site()
    runner.invoke(
        args=[
            "sync",
            "add-endpoint",
            "--name",
            "usb",
            "--url",
            "https://x.go.id/",
            "--secret-file",
            str(secret_file),
            "--batch-size",
            "2",
        ]
    )
    application = make_application(seeded["services"][0], 1)
    make_ticket(seeded["services"][0], seeded["queues"][0], 1)
    db.session.commit()
    out = tmp_path / "bundle.zip"
    result = runner.invoke(args=["sync", "export", "--since", "2020-01-01", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == str(out.resolve())
    with zipfile.ZipFile(out) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        bodies = b"".join(archive.read(b["file"]) for b in manifest["batches"])
    assert manifest["records"] == 5 and len(manifest["batches"]) == 3
    assert NIK.encode() not in bodies and b"Bu** Sa*****" in bodies
    receiver_db = tmp_path / "receiver.sqlite"
    first = runner.invoke(
        args=["sync", "import", str(out), "--db", str(receiver_db), "--secret-file", str(secret_file)]
    )
    assert first.exit_code == 0, first.output
    assert "5 new version(s)" in first.output
    again = runner.invoke(
        args=["sync", "import", str(out), "--db", str(receiver_db), "--secret-file", str(secret_file)]
    )
    assert again.exit_code == 0 and "0 new version(s)" in again.output and "imported before" in again.output
    import sqlite3

    with sqlite3.connect(receiver_db) as connection:
        assert connection.execute("SELECT COUNT(*) FROM records").fetchone()[0] == 5
        assert connection.execute("SELECT version FROM records WHERE id = ?", (application.uid,)).fetchone()[0] == 1
    # One changed byte in one batch: the whole bundle is refused and nothing is stored.
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(out) as source, zipfile.ZipFile(tampered, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == manifest["batches"][-1]["file"]:
                data = data.replace(b'"version":1', b'"version":9', 1)
            target.writestr(item, data)
    fresh_db = tmp_path / "fresh.sqlite"
    refused = runner.invoke(
        args=["sync", "import", str(tampered), "--db", str(fresh_db), "--secret-file", str(secret_file)]
    )
    assert refused.exit_code == 1 and "nothing stored" in refused.output
    assert not fresh_db.exists()
    other_secret = tmp_path / "other"
    other_secret.write_text("a-different-receiver-secret")
    refused = runner.invoke(
        args=["sync", "import", str(out), "--db", str(fresh_db), "--secret-file", str(other_secret)]
    )
    assert refused.exit_code == 1 and "signature" in refused.output


def test_export_needs_to_know_which_secret_signs(app, runner, tmp_path):
    set_site()
    result = runner.invoke(args=["sync", "export", "--since", "2026-01-01", "--out", str(tmp_path / "b.zip")])
    assert result.exit_code == 1 and "--endpoint" in result.output


@pytest.mark.slow
def test_sync_push_script_is_a_thin_wrapper(tmp_path):
    env = {**__import__("os").environ, "MPP_INSTANCE_PATH": str(tmp_path / "instance")}
    subprocess.run([sys.executable, "-m", "mpp_lite", "init"], cwd=ROOT, env=env, check=True, capture_output=True)
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "sync_push.py")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "site code" in result.stderr


def test_import_uses_the_receiver_files_in_the_instance_folder_by_default(app, runner, seeded, tmp_path, secret_file):
    set_site()
    out = tmp_path / "b.zip"
    assert (
        runner.invoke(
            args=["sync", "export", "--since", "2020-01-01", "--out", str(out), "--secret-file", str(secret_file)]
        ).exit_code
        == 0
    )
    missing = runner.invoke(args=["sync", "import", str(out)])
    assert missing.exit_code == 1 and "--secret-file" in missing.output
    instance = tmp_path / "instance"
    (instance / "sync-receiver.secret").write_text(secret_file.read_text())
    result = runner.invoke(args=["sync", "import", str(out)])
    assert result.exit_code == 0, result.output
    assert (instance / "sync-receiver.sqlite").exists() and "3 new version(s)" in result.output
