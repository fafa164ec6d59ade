"""A counter's step (call, finish, recall...) commits without waiting for the disk, for its own
transaction only: whatever the connection does next (a ticket issue) waits for the disk again."""

from __future__ import annotations

from mpp_lite.database import in_transaction
from mpp_lite.extensions import db
from mpp_lite.site.services import get_settings, update_settings


def disk_wait() -> str:
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        return connection.exec_driver_sql("SHOW synchronous_commit").scalar()
    return {0: "off", 1: "normal", 2: "full", 3: "extra"}[connection.exec_driver_sql("PRAGMA synchronous").scalar()]


def test_an_undoable_step_skips_the_disk_wait_and_the_next_transaction_waits_again(app):
    seen = []

    def step():
        seen.append(disk_wait())
        update_settings({"mpp_name": "MPP Sukamaju"})

    in_transaction(step, undoable=True)
    assert seen == ["normal" if db.engine.dialect.name == "sqlite" else "off"]
    assert get_settings()["mpp_name"] == "MPP Sukamaju"  # committed all the same
    db.session.rollback()

    def durable():
        seen.append(disk_wait())
        update_settings({"mpp_name": "MPP"})

    in_transaction(durable)  # the same pooled connection, given out again
    assert seen[1] in ("full", "on")
