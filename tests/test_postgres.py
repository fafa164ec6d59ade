"""PostgreSQL: the same kit on the bigger engine (run when MPP_TEST_DATABASE_URL is PostgreSQL).

The whole suite runs a second time against PostgreSQL in CI; these tests check what is
particular to it: the engine really is PostgreSQL, times keep their zone, migrations go down
and up again, and a live server gets a database of its own.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from urllib.request import urlopen

import pytest
from postgres_fixtures import on_postgres

from mpp_lite.extensions import db

pytestmark = pytest.mark.skipif(
    not on_postgres(), reason="PostgreSQL run only: set MPP_TEST_DATABASE_URL=postgresql+psycopg://... (CI does)"
)


def test_the_suite_really_runs_on_postgres(app):
    assert db.engine.dialect.name == "postgresql"
    tables = set(db.inspect(db.engine).get_table_names())
    assert {"tenants", "services", "tickets", "applications", "alembic_version"} <= tables


def test_times_are_stored_with_their_zone_and_come_back_in_utc(app, create_tenant):
    from mpp_lite.audit.models import AuditEvent

    jakarta = timezone(timedelta(hours=7))
    at = datetime(2026, 3, 2, 8, 30, tzinfo=jakarta)
    db.session.add(
        AuditEvent(at=at, actor="t", actor_role="admin", action="x", object_type="t", object_id="1", detail={}, ip="")
    )
    db.session.commit()
    db.session.expire_all()
    stored = db.session.scalar(db.select(AuditEvent.at))
    assert stored == at
    assert stored.utcoffset() == timedelta(0)
    column = next(c for c in db.inspect(db.engine).get_columns("audit_events") if c["name"] == "at")
    assert column["type"].timezone is True


def test_migrations_go_down_to_nothing_and_up_again(app):

    from mpp_lite.migrating import downgrade, upgrade

    downgrade(revision="base")
    left = set(db.inspect(db.engine).get_table_names()) - {"alembic_version"}
    assert left == set()
    upgrade()
    assert "tickets" in db.inspect(db.engine).get_table_names()


def test_sequences_continue_after_explicit_ids(app, create_tenant):
    """Rows inserted with their own ids (as `db copy` does) must not block the next insert."""
    from mpp_lite.catalogue.models import Tenant
    from mpp_lite.dbcopy import reset_sequences

    db.session.execute(
        db.insert(Tenant),
        [
            {
                "id": 41,
                "code": "X41",
                "name": "X",
                "short_name": "X",
                "colour": "#000000",
                "contact": "",
                "description": "",
                "logo_filename": "",
                "active": True,
                "sort_order": 0,
            },
        ],
    )
    db.session.commit()
    reset_sequences(db.engine)
    tenant = create_tenant("NEXT", "Next")
    assert tenant.id == 42


def test_live_server_runs_on_its_own_postgres_database(live_server):
    assert live_server.env["MPP_DATABASE_URL"].startswith("postgresql")
    assert live_server.env["MPP_DATABASE_URL"] != live_server.env["MPP_TEST_DATABASE_URL"]
    with urlopen(live_server.url + "/api/v1/services", timeout=10) as response:  # noqa: S310
        items = json.load(response)["items"]
    assert items, "demo services are served from PostgreSQL"
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(live_server.env["MPP_DATABASE_URL"])
    with psycopg.connect(
        host=url.host, port=url.port, user=url.username, password=url.password, dbname=url.database
    ) as conn:
        count = conn.execute("SELECT count(*) FROM services").fetchone()[0]
    assert count == len(items)
