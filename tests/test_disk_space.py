"""A full disk is reported: /healthz says so (503 with the reason), the admin home warns before,
and a write answers 507 "penyimpanan penuh" (nothing saved), never a generic 500."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import event
from sqlalchemy.engine import make_url

from mpp_lite.extensions import db


def test_health_check_reports_free_disk_space(app, client):
    healthy = client.get("/healthz")
    assert healthy.status_code == 200 and healthy.get_json()["disk_free_mb"] > 0
    app.config["DISK_MIN_FREE_MB"] = 10**12  # more than any disk has: the real free space is "too little"
    low = client.get("/healthz")
    assert low.status_code == 503
    assert "penyimpanan hampir penuh" in low.get_json()["reason"]


def test_admin_home_warns_before_the_disk_is_full(app, client, create_user, login):
    login(create_user("kepala", "admin"))
    assert "Penyimpanan hampir penuh" not in client.get("/admin/").get_data(as_text=True)
    app.config["DISK_WARN_FREE_MB"] = 10**12
    assert "Penyimpanan hampir penuh" in client.get("/admin/").get_data(as_text=True)


@pytest.fixture
def full_database(app):
    """The database at its size limit with no free page left: SQLite answers SQLITE_FULL, as on a full disk."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's own size limit stands in for a full disk")
    path = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database
    filler = sqlite3.connect(path)
    limit = filler.execute("PRAGMA page_count").fetchone()[0] + 40
    filler.execute(f"PRAGMA max_page_count={limit}")
    filler.execute("CREATE TABLE IF NOT EXISTS filler (x BLOB)")
    with pytest.raises(sqlite3.OperationalError, match="full"):
        for _ in range(10_000):
            filler.execute("INSERT INTO filler VALUES (randomblob(500))")
            filler.commit()
    filler.rollback()
    filler.close()
    db.session.remove()
    db.engine.dispose()
    event.listen(db.engine, "connect", lambda connection, _record: connection.execute(f"PRAGMA max_page_count={limit}"))
    yield


@pytest.fixture
def operator_token(create_token, seeded):
    return {"Authorization": f"Bearer {create_token('operator', tenant=seeded['tenants'][0])}"}, seeded["services"][
        0
    ].id


def until_refused(send, tries: int = 30):
    """Send until the database has no room left (a write may still fit in a page's free space)."""
    answers = []
    for _ in range(tries):
        answers.append(send())
        if answers[-1].status_code != answers[0].status_code or answers[-1].status_code >= 400:
            break
    return answers


def test_writes_on_a_full_disk_answer_507_and_save_nothing(app, operator_token, full_database):
    from mpp_lite.applications.models import Application
    from mpp_lite.complaints.models import Complaint

    client = app.test_client()
    pages = until_refused(
        lambda: client.post(
            "/pengaduan",
            data={
                "kind": "complaint",
                "tenant_id": "",
                "service_id": "",
                "text": "Antrean KTP lama sekali hari ini. " * 110,
            },
        )
    )
    assert pages[-1].status_code == 507 and {r.status_code for r in pages[:-1]} <= {302}
    page = pages[-1].get_data(as_text=True)
    assert "penyimpanan penuh" in page.lower() and "Traceback" not in page
    assert db.session.scalar(db.select(db.func.count(Complaint.id))) == len(pages) - 1  # the refused one is not there
    headers, service_id = operator_token
    body = {
        "service_id": service_id,
        "documents": [],
        "applicant": {
            "name": "Budi Santoso",
            "nik": "3201014512900001",
            "phone": "081234567890",
            "address": "Jl. " * 120,
        },
    }
    answers = until_refused(lambda: client.post("/api/v1/applications", json=body, headers=headers))
    assert answers[-1].status_code == 507 and {r.status_code for r in answers[:-1]} <= {201}
    error = answers[-1].get_json()["error"]
    assert error["code"] == "storage_full" and "penyimpanan penuh" in error["message"].lower() and error["fields"] == {}
    assert db.session.scalar(db.select(db.func.count(Application.id))) == len(answers) - 1


@pytest.fixture
def tiny_drive(tmp_path):
    """A real 64 KB filesystem (tmpfs): a backup folder on a drive that fills up."""
    import os
    import subprocess
    import sys

    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root on Linux (CI runs so)")
    mount = tmp_path / "usb"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], check=True)
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


@pytest.mark.slow
def test_backup_to_a_full_drive_says_so_in_one_line(tmp_path, tiny_drive):
    import os

    from live import LiveServer

    if os.environ.get("MPP_TEST_DATABASE_URL", "").startswith("postgresql"):
        pytest.skip("`backup` copies the SQLite database; PostgreSQL sites use pg_dump (README)")
    site = LiveServer(tmp_path / "instance", demo=True)
    site.cli("init", "--demo")
    answer = site.cli("backup", "--out", str(tiny_drive), check=False)
    assert answer.returncode == 1
    lines = [line for line in (answer.stdout + answer.stderr).splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in answer.stderr, answer.stdout + answer.stderr
    assert "penyimpanan penuh" in lines[0] and "nothing was saved" in lines[0]
    assert not [p for p in tiny_drive.rglob("*") if p.is_file()]  # no half-written backup left behind
    log = (tmp_path / "instance" / "logs" / "mpp-lite.log").read_text(encoding="utf-8")
    assert "Storage full" in log or "Backup failed" in log
