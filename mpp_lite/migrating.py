"""Schema migrations (Alembic through Flask-Migrate), loaded only when something migrates.

Alembic with its templates takes about 11 MB of memory. The server never migrates, so it never
loads them: `mpp-lite init`, `mpp-lite upgrade`, the `mpp-lite db ...` commands and a restore
do, through `upgrade()` here or the `db` group below.
"""

from __future__ import annotations

import warnings
from contextlib import contextmanager
from pathlib import Path

import click
from flask import Flask, current_app, g
from flask.cli import ScriptInfo, with_appcontext

from mpp_lite.extensions import db

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


@contextmanager
def expression_indexes_unchecked():
    """Alembic cannot reflect or compare indexes on expressions (the tickets' calling order,
    ix_tickets_calling) and warns about each one on every comparison, e.g. `mpp-lite db check`.
    Those warnings say nothing about the site's database: silenced here; tests/test_migrations.py
    checks that the migrations make every such index."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", r".*expression-based index")
        yield


def ensure_migrate(app: Flask) -> None:
    """Bind Flask-Migrate to the app once (the migration commands read its settings)."""
    if "migrate" not in app.extensions:
        from flask_migrate import Migrate

        Migrate(db=db, directory=str(MIGRATIONS), render_as_batch=True).init_app(app)
        app.cli.add_command(db_group)  # init_app put its own `db` group in place of ours


def upgrade(revision: str = "head", **kwargs) -> None:
    """Bring the database of the current app to `revision` (the latest by default)."""
    from flask_migrate import upgrade as alembic_upgrade

    from mpp_lite.site.logs import operations

    ensure_migrate(current_app._get_current_object())
    before = current_revision()
    alembic_upgrade(directory=str(MIGRATIONS), revision=revision, **kwargs)
    after = current_revision()
    if after != before:
        operations.info("Database migrated from %s to %s", before or "an empty database", after)


def current_revision() -> str | None:
    from sqlalchemy import inspect, text

    from mpp_lite.extensions import db

    with db.engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def downgrade(revision: str = "-1", **kwargs) -> None:
    from flask_migrate import downgrade as alembic_downgrade

    ensure_migrate(current_app._get_current_object())
    alembic_downgrade(directory=str(MIGRATIONS), revision=revision, **kwargs)


def alembic_config():
    from flask import current_app as app

    ensure_migrate(app._get_current_object())
    return app.extensions["migrate"].migrate.get_config(str(MIGRATIONS))


class DatabaseGroup(click.Group):
    """`mpp-lite db ...`: our `copy` plus Flask-Migrate's commands, imported when asked for."""

    def _migrate_group(self, ctx: click.Context | None):
        from flask_migrate.cli import db as migrate_group

        if ctx is not None:
            ensure_migrate(ctx.ensure_object(ScriptInfo).load_app())
        return migrate_group

    def list_commands(self, ctx):
        return sorted(set(super().list_commands(ctx)) | set(self._migrate_group(None).list_commands(ctx)))

    def get_command(self, ctx, name):
        return super().get_command(ctx, name) or self._migrate_group(ctx).get_command(ctx, name)


@click.group("db", cls=DatabaseGroup)
@with_appcontext
def db_group():
    """Database: copy to PostgreSQL, and Alembic's migration commands (upgrade, current, history...)."""
    g.directory = None  # Flask-Migrate's commands read these: the kit's own migrations folder
    g.x_arg = ()
