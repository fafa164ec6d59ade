"""`mpp-lite backup` and `mpp-lite restore`."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click
from flask.cli import with_appcontext

from mpp_lite.audit.services import record
from mpp_lite.backup.services import BackupError, create_backup
from mpp_lite.console import fail
from mpp_lite.database import in_transaction
from mpp_lite.migrating import upgrade


def human_size(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size} B"


@click.command("backup")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder for the backup (default: instance/backups).",
)
@with_appcontext
def backup_command(out_dir):
    """Take a consistent, verified, compressed copy of the database while it runs."""

    try:
        result = create_backup(Path(out_dir) if out_dir else None)
    except BackupError as error:
        fail(f"Backup failed: {error}")
    rows = sum(result.tables.values())
    click.echo(
        f"Checked: integrity ok, {len(result.tables)} tables, {rows} rows, {human_size(result.size)} compressed."
    )
    for path in result.removed:
        click.echo(f"Removed by rotation: {path}")
    if result.second_copy:
        click.echo(f"Second copy: {result.second_copy}")
    if result.second_error:
        click.echo(click.style(f"Warning: {result.second_error}", fg="yellow"), err=True)
    in_transaction(
        lambda: record(
            "cli", "backup_created", "backup", result.path.name, size=result.size, second_copy=bool(result.second_copy)
        )
    )
    click.echo(str(result.path))


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(file, yes):
    """Replace the database with a backup (the replaced database is kept beside it)."""
    from mpp_lite.backup.services import (
        BackupError,
        database_path,
        restore_backup,
        restore_instance_files,
        unpack_backup,
    )

    path = Path(file)
    try:
        target = database_path()
        with tempfile.TemporaryDirectory(
            prefix="mpp-check-", dir=target.parent if target.parent.exists() else None
        ) as scratch:
            unpack_backup(path, Path(scratch))  # refuse a damaged file before asking anything
    except BackupError as error:
        fail(str(error))
    if not yes:
        click.confirm(
            f"Replace the database {target} with the backup {path.name}? Stop the server first. "
            "The current database is kept beside it.",
            abort=True,
        )
    try:
        result = restore_backup(path)
    except BackupError as error:
        fail(str(error))
    upgrade()
    for note in restore_instance_files(path):
        click.echo(note)
    in_transaction(lambda: record("cli", "backup_restored", "backup", path.name))
    if result["replaced_copy"]:
        click.echo(f"The replaced database was kept as {result['replaced_copy']}")
    rows = sum(result["tables"].values())
    click.echo(f"Restored {path.name}: {len(result['tables'])} tables, {rows} rows. Start the server again.")
