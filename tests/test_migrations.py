"""Schema changes go through migrations: the chain reaches the models, and upgrades keep rows."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Column

from mpp_lite.extensions import db
from mpp_lite.migrating import downgrade, expression_indexes_unchecked, upgrade

MIGRATIONS = str(Path(__file__).resolve().parent.parent / "mpp_lite" / "migrations")


def test_models_match_migrations(app):
    import mpp_lite.models  # noqa: F401

    with db.engine.connect() as connection, expression_indexes_unchecked():  # those: checked below
        diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert diff == []


def test_db_check_finds_the_models_and_migrations_agree_without_a_warning(app):
    from mpp_lite.migrating import ensure_migrate

    ensure_migrate(app)
    result = app.test_cli_runner().invoke(args=["db", "check"])  # warnings are errors in the tests
    assert result.exit_code == 0 and result.exception is None, (result.output, result.exception)


def test_indexes_on_expressions_are_made_by_the_migrations(app):
    import mpp_lite.models  # noqa: F401

    wanted = {
        index.name
        for table in db.metadata.tables.values()
        for index in table.indexes
        if not all(isinstance(expression, Column) for expression in index.expressions)
    }
    assert "ix_tickets_calling" in wanted
    query = (
        "SELECT indexname FROM pg_indexes"
        if db.engine.dialect.name == "postgresql"
        else "SELECT name FROM sqlite_master WHERE type = 'index'"
    )
    with db.engine.connect() as connection:
        made = set(connection.exec_driver_sql(query).scalars())
    assert wanted <= made


def test_upgrade_from_first_revision_keeps_rows(app):
    downgrade(revision="0001_foundation")
    with db.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO tenants (code, name, short_name, colour, contact, description, logo_filename, "
            "active, sort_order) VALUES ('OLD', 'Instansi Lama', '', '#000000', '', '', '', true, 0)"
        )
        connection.exec_driver_sql("INSERT INTO settings (key, value) VALUES ('mpp_name', 'MPP Lama')")
    upgrade()
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT name FROM tenants WHERE code = 'OLD'").scalar() == "Instansi Lama"
        assert connection.exec_driver_sql("SELECT value FROM settings WHERE key = 'mpp_name'").scalar() == "MPP Lama"
