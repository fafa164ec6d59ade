"""`mpp-lite db copy --to URL`: move a site's data to another database (SQLite -> PostgreSQL).

Every table the kit knows is copied in dependency order (parents before children), in one
transaction on the target, with the rows' own ids. Then PostgreSQL's id sequences are moved past
the copied ids, the row counts are compared table by table, and only when every count matches
is the copy committed. A target that already holds rows is refused: nothing is merged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import Integer, MetaData, create_engine, func, inspect, select, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.schema import Table, sort_tables_and_constraints

from mpp_lite.errors import DomainError
from mpp_lite.extensions import db
from mpp_lite.migrating import MIGRATIONS

BATCH_ROWS = 5000


class CopyError(DomainError):
    """Something the person running the copy must fix; the message says what."""


@dataclass
class CopyResult:
    counts: dict[str, int] = field(default_factory=dict)  # table -> rows copied (== source rows)
    migrated_target: bool = False

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def kit_metadata() -> MetaData:
    import mpp_lite.models  # noqa: F401  every feature's tables

    return db.metadata


def alembic_revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def copy_plan(metadata: MetaData) -> tuple[list[Table], dict[str, list[str]]]:
    """Tables parents first, and per table the columns that close a foreign-key cycle.

    Cycle columns are inserted empty and filled in once every table holds its rows.
    """
    ordered: list[Table] = []
    deferred: dict[str, list[str]] = {}
    for table, constraints in sort_tables_and_constraints(metadata.tables.values()):
        if table is not None:
            ordered.append(table)
            continue
        for constraint in constraints:  # the leftovers that break cycles
            nullable = [c.name for c in constraint.columns if c.nullable]
            if len(nullable) != len(constraint.columns):
                raise CopyError(f"cannot order the copy: required cyclic key {constraint.name}")
            deferred.setdefault(constraint.table.name, []).extend(nullable)
    return ordered, deferred


def _count(conn: Connection, table: Table) -> int:
    return conn.execute(select(func.count()).select_from(table)).scalar_one()


def _order_by(table: Table):
    return list(table.primary_key.columns) or list(table.columns)


def reset_sequences(bind: Engine | Connection, metadata: MetaData | None = None) -> None:
    """On PostgreSQL, move every id sequence past the largest id now in its table."""
    if bind.dialect.name != "postgresql":
        return
    metadata = metadata or kit_metadata()

    def run(conn: Connection) -> None:
        for table in metadata.sorted_tables:
            pk = list(table.primary_key.columns)
            if len(pk) != 1 or not isinstance(pk[0].type, Integer):
                continue
            sequence = conn.execute(
                text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": pk[0].name}
            ).scalar()
            if not sequence:
                continue
            conn.execute(
                text(f'SELECT setval(:s, COALESCE((SELECT MAX("{pk[0].name}") FROM "{table.name}"), 0) + 1, false)'),
                {"s": sequence},
            )

    if isinstance(bind, Engine):
        with bind.begin() as conn:
            run(conn)
    else:
        run(bind)


def migrate_target(url: str) -> None:
    """Bring an empty target database to the latest schema (same migrations as `upgrade`).

    The migrations need nothing of the kit but its database, so a bare app bound to the target
    runs them (the full app's factory registers this module's command: it is not called here).
    """
    from mpp_lite.migrating import upgrade  # Alembic loads only when something migrates

    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    db.init_app(app)
    with app.app_context():
        upgrade()
        db.engine.dispose()


def copy_database(source: Engine, target_url: str, echo=lambda line: None) -> CopyResult:
    """Copy every kit table from `source` into the database at `target_url` (must hold no rows)."""
    metadata = kit_metadata()
    result = CopyResult()
    target = create_engine(target_url)
    try:
        if make_url(target_url) == source.url or (
            source.url.get_backend_name() == "sqlite"
            and make_url(target_url).get_backend_name() == "sqlite"
            and Path(source.url.database or "").resolve() == Path(make_url(target_url).database or "").resolve()
        ):
            raise CopyError("the target is the database in use; give another one")
        with source.connect() as src:
            source_revision = alembic_revision(src)
            head = _head_revision()
            if source_revision != head:
                raise CopyError(
                    f"the current database is at {source_revision or 'no version'}, not {head}: "
                    "run `mpp-lite upgrade` first"
                )
        with target.connect() as conn:
            revision = alembic_revision(conn)
            other_tables = [t for t in inspect(conn).get_table_names() if t != "alembic_version"]
        if revision is None and not other_tables:
            echo("The target database is empty: creating the tables (migrations) first.")
            target.dispose()
            migrate_target(target_url)
            result.migrated_target = True
        elif revision != head:
            raise CopyError(
                f"the target database is at {revision or 'no version'} and holds tables; "
                f"give an empty database or one migrated to {head}"
            )

        ordered, deferred = copy_plan(metadata)
        with source.connect() as src, target.begin() as dst:
            if dst.dialect.name == "sqlite":
                dst.exec_driver_sql("PRAGMA foreign_keys=ON")
            busy = [t.name for t in ordered if _count(dst, t)]
            if busy:
                raise CopyError(
                    "the target database already holds data (tables: "
                    + ", ".join(busy[:6])
                    + "); refusing to copy into it. Give a new, empty database."
                )
            for table in ordered:
                copied = _copy_table(src, dst, table, deferred.get(table.name, []))
                echo(f"  {table.name:<32} {copied:>10}")
            for table_name, columns in deferred.items():
                _fill_deferred(src, dst, metadata.tables[table_name], columns)
            reset_sequences(dst, metadata)
            for table in ordered:
                expected, got = _count(src, table), _count(dst, table)
                if expected != got:
                    raise CopyError(
                        f"row count differs for {table.name}: {expected} in the source, "
                        f"{got} in the target; nothing was committed"
                    )
                result.counts[table.name] = got
    finally:
        target.dispose()
    return result


def _copy_table(src: Connection, dst: Connection, table: Table, deferred_columns: list[str]) -> int:
    copied = 0
    batch: list[dict] = []
    rows = src.execution_options(yield_per=BATCH_ROWS).execute(select(table).order_by(*_order_by(table)))
    for row in rows.mappings():
        values = dict(row)
        for name in deferred_columns:
            values[name] = None
        batch.append(values)
        if len(batch) >= BATCH_ROWS:
            dst.execute(table.insert(), batch)
            copied += len(batch)
            batch = []
    if batch:
        dst.execute(table.insert(), batch)
        copied += len(batch)
    return copied


def _fill_deferred(src: Connection, dst: Connection, table: Table, columns: list[str]) -> None:
    pk = list(table.primary_key.columns)
    wanted = [table.c[name] for name in columns]
    rows = src.execute(select(*pk, *wanted).where(*[c.isnot(None) for c in wanted[:1]]))
    for row in rows.mappings():
        statement = table.update().where(*[c == row[c.name] for c in pk])
        dst.execute(statement.values({name: row[name] for name in columns}))


def _head_revision() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head()


def _safe_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


@click.command("copy")
@click.option(
    "--to",
    "target",
    required=True,
    metavar="URL",
    help="Target database, e.g. postgresql+psycopg://mpp:secret@localhost/mpp (must be empty).",
)
@with_appcontext
def copy_command(target):
    """Copy every table of the current database to another (empty) database, e.g. PostgreSQL."""
    try:
        make_url(target)
    except Exception:  # noqa: BLE001  sqlalchemy raises several kinds for a bad URL
        click.echo(
            click.style(f"Not a database URL: {target!r} (e.g. postgresql+psycopg://user:pw@host/db)", fg="red"),
            err=True,
        )
        raise SystemExit(1) from None
    click.echo(f"Copying {_safe_url(str(db.engine.url.render_as_string(hide_password=False)))} -> {_safe_url(target)}")
    try:
        result = copy_database(db.engine, target, echo=click.echo)
    except CopyError as error:
        click.echo(click.style(f"Copy refused: {error}", fg="red"), err=True)
        raise SystemExit(1) from None
    except Exception as error:  # noqa: BLE001  e.g. cannot connect: say so, no traceback
        click.echo(
            click.style(f"Copy failed, nothing was committed: {type(error).__name__}: {error}", fg="red"), err=True
        )
        raise SystemExit(1) from None
    click.echo("Row counts verified (source = target):")
    for name, count in result.counts.items():
        click.echo(f"  {name:<32} {count:>10}")
    click.echo(
        f"Done: {result.total} rows in {len(result.counts)} tables. "
        f"Point the site at it with MPP_DATABASE_URL={_safe_url(target)}"
    )


def register(app) -> None:
    """`mpp-lite db copy --to URL`, beside Flask-Migrate's commands in the `db` group."""
    from mpp_lite.migrating import db_group

    if "copy" not in db_group.commands:
        db_group.add_command(copy_command)
    app.cli.add_command(db_group)
