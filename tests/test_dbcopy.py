"""`mpp-lite db copy --to URL`: a site's SQLite data moved to another database, counts verified."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, func, select, text

from mpp_lite import create_app
from mpp_lite.extensions import db

pytestmark = pytest.mark.slow


@pytest.fixture
def sqlite_site(tmp_path, monkeypatch):
    """A SQLite site with demo data plus tickets (one transferred) and an application with steps."""
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.setenv("MPP_INSTANCE_PATH", str(folder))
    monkeypatch.delenv("MPP_DATABASE_URL", raising=False)
    url = "sqlite:///" + (folder / "mpp-lite.sqlite").as_posix()
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "copy-test",
            "SQLALCHEMY_DATABASE_URI": url,
            "DATABASE_URL": url,
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        from mpp_lite.cli import initialise

        initialise(demo=True)
        _add_tickets_and_an_application()
        yield app
        db.session.remove()
        db.engine.dispose()


def _add_tickets_and_an_application():
    from mpp_lite.applications.models import Application, ApplicationStep
    from mpp_lite.catalogue.models import Service
    from mpp_lite.queue.models import Ticket

    service = db.session.scalars(select(Service).where(Service.queue_id.isnot(None)).order_by(Service.id)).first()
    issued = datetime(2026, 3, 2, 1, 15, tzinfo=timezone.utc)
    first = Ticket(
        queue_id=service.queue_id,
        service_id=service.id,
        day=date(2026, 3, 2),
        seq=1,
        number="A001",
        status="transferred",
        issued_at=issued,
    )
    db.session.add(first)
    db.session.flush()
    db.session.add(
        Ticket(
            queue_id=service.queue_id,
            service_id=service.id,
            day=date(2026, 3, 2),
            seq=2,
            number="A002",
            status="done",
            issued_at=issued + timedelta(minutes=3),
            called_at=issued + timedelta(minutes=9),
            transferred_from_id=first.id,
        )
    )
    application = Application(
        tracking_code="7K3Q9XWD6",
        service_id=service.id,
        tenant_id=service.tenant_id,
        applicant_name="Siti Aminah",
        nik="3201010101010001",
        phone="081234567890",
        documents=["Fotokopi KK"],
        status="verified",
        received_at=issued,
        due_date=date(2026, 3, 9),
    )
    application.steps = [
        ApplicationStep(from_status=None, to_status="received", at=issued, actor="op"),
        ApplicationStep(from_status="received", to_status="verified", at=issued + timedelta(hours=1), actor="op"),
    ]
    db.session.add(application)
    db.session.commit()


def _counts(url: str, tables) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one() for t in tables}
    finally:
        engine.dispose()


def _copy_and_check(app, target: str):
    source_counts = _counts(app.config["SQLALCHEMY_DATABASE_URI"], db.metadata.sorted_tables)
    result = app.test_cli_runner().invoke(args=["db", "copy", "--to", target])
    assert result.exit_code == 0, result.output
    assert "Row counts verified" in result.output
    assert f"{source_counts['tickets']}" in result.output
    assert _counts(target, db.metadata.sorted_tables) == source_counts
    assert source_counts["tickets"] == 2 and source_counts["services"] > 0 and source_counts["users"] > 0

    engine = create_engine(target)
    try:
        with engine.connect() as conn:
            from mpp_lite.applications.models import Application
            from mpp_lite.queue.models import Ticket

            second = conn.execute(select(Ticket.__table__).where(Ticket.number == "A002")).mappings().one()
            first_id = conn.execute(select(Ticket.id).where(Ticket.number == "A001")).scalar_one()
            assert second["transferred_from_id"] == first_id
            assert second["called_at"] - second["issued_at"] == timedelta(minutes=6)
            application = conn.execute(select(Application.__table__)).mappings().one()
            assert application["documents"] == ["Fotokopi KK"]
            assert application["due_date"] == date(2026, 3, 9)
    finally:
        engine.dispose()
    return result


def test_copy_to_a_new_sqlite_file_keeps_every_row(sqlite_site, tmp_path):
    target = "sqlite:///" + (tmp_path / "copy.sqlite").as_posix()
    result = _copy_and_check(sqlite_site, target)
    assert "creating the tables" in result.output


def test_copy_refuses_a_target_that_holds_data(sqlite_site, tmp_path):
    target = "sqlite:///" + (tmp_path / "copy.sqlite").as_posix()
    runner = sqlite_site.test_cli_runner()
    assert runner.invoke(args=["db", "copy", "--to", target]).exit_code == 0
    before = _counts(target, db.metadata.sorted_tables)
    again = runner.invoke(args=["db", "copy", "--to", target])
    assert again.exit_code == 1
    assert "already holds data" in again.output
    assert _counts(target, db.metadata.sorted_tables) == before  # nothing doubled


def test_copy_refuses_the_database_in_use_and_a_bad_url(sqlite_site):
    runner = sqlite_site.test_cli_runner()
    same = runner.invoke(args=["db", "copy", "--to", sqlite_site.config["SQLALCHEMY_DATABASE_URI"]])
    assert same.exit_code == 1 and "in use" in same.output
    bad = runner.invoke(args=["db", "copy", "--to", "not a url"])
    assert bad.exit_code == 1 and "Not a database URL" in bad.output
    assert "Traceback" not in bad.output


def test_copy_to_postgres_fixes_sequences(sqlite_site, scratch_postgres):  # noqa: F811
    _copy_and_check(sqlite_site, scratch_postgres)
    engine = create_engine(scratch_postgres)
    try:
        with engine.begin() as conn:
            top = conn.execute(text("SELECT max(id) FROM tickets")).scalar_one()
            new_id = conn.execute(
                text(
                    "INSERT INTO tickets (public_id, queue_id, service_id, day, seq, number, priority, status, "
                    "issued_at, call_count, issued_by, uid, version) SELECT 'p-new', queue_id, service_id, day, 99, "
                    "'A099', false, 'waiting', now(), 0, '', 'uid-new', 1 FROM tickets LIMIT 1 RETURNING id"
                )
            ).scalar_one()
            assert new_id == top + 1
            zone = conn.execute(
                text(
                    "SELECT data_type FROM information_schema.columns "
                    "WHERE table_name='tickets' AND column_name='issued_at'"
                )
            ).scalar_one()
            assert zone == "timestamp with time zone"
    finally:
        engine.dispose()


@pytest.mark.slow
def test_a_generated_history_copies_whole(tmp_path, monkeypatch):
    """The history generator's site (30 tenants, tickets, applications, surveys, complaints) copies
    with every count equal: to PostgreSQL in the PostgreSQL run, to another SQLite file otherwise."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    from postgres_fixtures import create_scratch_database, drop_scratch_database, on_postgres

    root = Path(__file__).resolve().parent.parent
    folder = tmp_path / "history"
    env = {k: v for k, v in os.environ.items() if k not in ("MPP_DATABASE_URL", "MPP_TEST_DATABASE_URL")}
    subprocess.run(
        [
            sys.executable,
            str(root / "scripts" / "generate_history.py"),
            "--instance",
            str(folder),
            "--months",
            "1",
            "--per-day",
            "60",
            "--quiet",
        ],
        check=True,
        env=env,
        cwd=root,
        capture_output=True,
        timeout=600,
    )
    summary = json.loads((folder / "history.json").read_text())
    assert summary["tenants"] == 30 and summary["services"] == 150
    # A month of history has a month's working days whatever day the run falls on (on the 2nd of a
    # month it once had one), and about --per-day tickets on each of them.
    assert summary["working_days"] >= 10
    assert summary["counts"]["tickets"] >= 30 * summary["working_days"]
    assert summary["counts"]["applications"] > 0
    monkeypatch.setenv("MPP_INSTANCE_PATH", str(folder))
    monkeypatch.delenv("MPP_DATABASE_URL", raising=False)
    url = "sqlite:///" + (folder / "mpp-lite.sqlite").as_posix()
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "DATABASE_URL": url})
    target = create_scratch_database() if on_postgres() else "sqlite:///" + (tmp_path / "copy.sqlite").as_posix()
    try:
        with app.app_context():
            source_counts = _counts(url, db.metadata.sorted_tables)
            result = app.test_cli_runner().invoke(args=["db", "copy", "--to", target])
            assert result.exit_code == 0, result.output
            assert _counts(target, db.metadata.sorted_tables) == source_counts
            assert source_counts["tickets"] == summary["counts"]["tickets"]
            assert source_counts["survey_responses"] == summary["counts"]["surveys"]
            db.session.remove()
            db.engine.dispose()
    finally:
        if on_postgres():
            drop_scratch_database(target)
