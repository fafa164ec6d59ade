"""PostgreSQL helpers for the suite's second run (MPP_TEST_DATABASE_URL=postgresql+psycopg://...).

The `app` fixture shares the one test database (it drops and recreates the public schema per
test). Anything that needs a database of its own beside it (a live server, a `db copy` target)
asks for a scratch database here: made from the same credentials, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid

import pytest

ENV = "MPP_TEST_DATABASE_URL"


def postgres_test_url() -> str | None:
    url = os.environ.get(ENV) or ""
    return url if url.startswith("postgresql") else None


def on_postgres() -> bool:
    return postgres_test_url() is not None


def _admin_connection(url: str):
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return psycopg.connect(
        host=parsed.host or None,
        port=parsed.port or None,
        user=parsed.username,
        password=parsed.password,
        dbname=parsed.database or "postgres",
        autocommit=True,
    )


def create_scratch_database(prefix: str = "mpp_scratch") -> str:
    """Create an empty database next to the test database; answer its SQLAlchemy URL."""
    from sqlalchemy.engine import make_url

    base = postgres_test_url()
    if base is None:
        raise RuntimeError(f"{ENV} is not a PostgreSQL URL")
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with _admin_connection(base) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return make_url(base).set(database=name).render_as_string(hide_password=False)


def drop_scratch_database(url: str) -> None:
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    if not name:
        return
    # Connect beside it with its own credentials (the test URL may be gone from the
    # environment by the time an atexit handler runs, as in scripts/bench.py).
    base = make_url(url).set(database="postgres").render_as_string(hide_password=False)
    import time

    import psycopg

    with _admin_connection(base) as conn:
        # Plain DROP first: it also stops an autovacuum worker, which FORCE may not signal
        # without superuser rights; FORCE only for a connection a killed server left behind.
        for attempt in range(20):
            try:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"' + (" WITH (FORCE)" if attempt % 2 else ""))
                return
            except psycopg.errors.ObjectInUse:
                time.sleep(0.25)
            except psycopg.errors.InsufficientPrivilege:
                time.sleep(0.25)


@pytest.fixture
def scratch_postgres():
    """An empty PostgreSQL database for one test (skips when the suite runs on SQLite only)."""
    if not on_postgres():
        pytest.skip(f"needs PostgreSQL: set {ENV}=postgresql+psycopg://... (CI does)")
    url = create_scratch_database()
    yield url
    drop_scratch_database(url)


# Tests that depend on SQLite itself (the file, PRAGMAs, the online backup API) mark themselves
# with this; they run in the SQLite pass and are skipped with this reason in the PostgreSQL pass.
sqlite_only = pytest.mark.skipif(
    on_postgres(), reason="SQLite-specific (file, PRAGMA or backup API); the suite's SQLite run covers it"
)


def _head_revision() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from mpp_lite.migrating import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head()


def reset_postgres(engine) -> bool:
    """Empty the shared test database for the next test, fast; answer whether it could.

    When the schema is the migrated head (the usual case), only the tables that hold rows are
    emptied (DELETE, children first; TRUNCATE for tables with triggers, such as the append-only
    audit log) and their id sequences start again at 1: ~0.1 s, where TRUNCATE of every table
    takes ~0.6-1 s on PostgreSQL. When a test changed the schema (a downgrade) or anything
    fails, it answers False and changes nothing: the caller rebuilds the schema.
    """
    import mpp_lite.models  # noqa: F401  every table
    from mpp_lite.extensions import db

    tables = [t for t in db.metadata.sorted_tables]
    names = {t.name for t in tables}
    try:
        with engine.begin() as conn:
            present = set(conn.exec_driver_sql("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").scalars())
            if present != names | {"alembic_version"}:
                raise LookupError("schema differs")
            if conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() != _head_revision():
                raise LookupError("not at head")
            probe = " UNION ALL ".join(f"SELECT '{t.name}' WHERE EXISTS (SELECT 1 FROM \"{t.name}\")" for t in tables)
            busy = set(conn.exec_driver_sql(probe).scalars())
            statements = []
            if busy:
                triggered = set(
                    conn.exec_driver_sql(
                        "SELECT DISTINCT event_object_table FROM information_schema.triggers "
                        "WHERE trigger_schema = 'public'"
                    ).scalars()
                )
                for table in reversed(tables):
                    if table.name in busy:
                        verb = "TRUNCATE" if table.name in triggered else "DELETE FROM"
                        statements.append(f'{verb} "{table.name}"')
            # Every sequence a test used starts at 1 again (as TRUNCATE ... RESTART IDENTITY does).
            for sequence in conn.exec_driver_sql(
                "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public' AND last_value IS NOT NULL"
            ).scalars():
                statements.append(f'ALTER SEQUENCE "{sequence}" RESTART')
            if statements:
                conn.exec_driver_sql("; ".join(statements))
    except Exception:  # noqa: BLE001  any doubt: the caller starts from an empty schema
        return False
    return True
