"""SQLite: the writers of one process queue on a lock taken at a transaction's first write and
given back when it ends, whatever way it ends (a lock never given back would hang the server)."""

from __future__ import annotations

import threading

import pytest

from mpp_lite.database import sqlite_write_lock
from mpp_lite.extensions import db
from mpp_lite.site.services import get_settings, update_settings


@pytest.fixture
def write_lock(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only: PostgreSQL has row locks and many writers")
    return sqlite_write_lock(db.engine.url.database)


def test_the_lock_is_held_from_the_first_write_to_the_commit(app, write_lock):
    get_settings()
    assert not write_lock.locked()  # reading takes nothing
    update_settings({"mpp_name": "MPP Sukamaju"})
    assert write_lock.locked()
    db.session.commit()
    assert not write_lock.locked()


def test_a_rollback_or_an_error_gives_the_lock_back(app, client, write_lock):
    update_settings({"mpp_name": "undone"})
    db.session.rollback()
    assert not write_lock.locked()
    update_settings({"mpp_name": "abandoned"})
    db.session.remove()  # the end of a request that failed half-way
    assert not write_lock.locked()


def test_a_second_writer_goes_on_as_soon_as_the_first_commits(app, write_lock):
    first_wrote, second_done = threading.Event(), threading.Event()
    seen = {}

    def second():
        with app.app_context():
            first_wrote.wait(5)
            update_settings({"regency": "Kabupaten Sukamaju"})  # waits for the first writer
            seen["name"] = get_settings()["mpp_name"]
            db.session.commit()
            second_done.set()

    thread = threading.Thread(target=second)
    thread.start()
    update_settings({"mpp_name": "MPP Sukamaju"})
    first_wrote.set()
    assert not second_done.wait(0.3)  # still waiting while the first transaction is open
    db.session.commit()
    assert second_done.wait(5)
    thread.join(5)
    assert seen["name"] == "MPP Sukamaju"  # it wrote after the first, seeing its change
    assert get_settings()["regency"] == "Kabupaten Sukamaju"


def test_only_the_apps_engine_queues_on_the_lock(app, write_lock):
    """Another engine on the same file (a copy, or a stand-in for a second server process) writes
    as another process would: it never takes this process's lock."""
    from sqlalchemy import create_engine, text

    other = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        with other.begin() as connection:
            connection.execute(text("UPDATE settings SET value = value"))
            assert not write_lock.locked()
    finally:
        other.dispose()
    update_settings({"mpp_name": "MPP Sukamaju"})
    assert write_lock.locked()
    db.session.commit()
