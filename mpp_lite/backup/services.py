"""Online backups of the SQLite database: consistent copy, verified, gzip, rotation, restore.

A live SQLite database in WAL mode must never be copied as a file (the copy can miss pages still
in the -wal file or catch a half-written page). The copy is made with SQLite's online backup API
in one step, which reads a single consistent snapshot while kiosks and counters keep writing.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy.engine import make_url

from mpp_lite.errors import DomainError
from mpp_lite.extensions import db
from mpp_lite.site import clock
from mpp_lite.site.logs import operations
from mpp_lite.site.services import get_settings

BACKUP_NAME = re.compile(r"^mpp-lite-(\d{8})-(\d{6})\.sqlite\.gz$")
SETTING_DEFAULTS = {
    "backup_keep_daily": "14",
    "backup_keep_weekly": "8",
    "backup_keep_monthly": "12",
    "backup_second_dir": "",
    "backup_daily_at": "",  # "HH:MM" local time; empty = no in-process daily backup
}
STALE_AFTER = timedelta(days=2)


class BackupError(DomainError):
    """A backup or restore that cannot be done; the message says why and what to do."""


@dataclass
class BackupResult:
    path: Path
    size: int
    tables: dict[str, int]
    second_copy: Path | None = None
    second_error: str = ""
    removed: list[Path] = field(default_factory=list)
    instance_files: Path | None = None


# -- settings ----------------------------------------------------------------------------------


def backup_settings() -> dict[str, str]:
    """Backup settings: the admin page's values, else `MPP_BACKUP_*` config, else defaults."""

    stored = get_settings()
    values = {}
    for key, default in SETTING_DEFAULTS.items():
        config_value = current_app.config.get(key.upper())
        value = stored.get(key)
        if value in (None, ""):
            value = str(config_value) if config_value not in (None, "") else default
        values[key] = value
    return values


def keep_counts(settings: dict[str, str] | None = None) -> tuple[int, int, int]:
    settings = settings or backup_settings()
    counts = []
    for key in ("backup_keep_daily", "backup_keep_weekly", "backup_keep_monthly"):
        try:
            counts.append(max(0, int(settings[key])))
        except (TypeError, ValueError):
            counts.append(int(SETTING_DEFAULTS[key]))
    return counts[0], counts[1], counts[2]


def default_backup_dir() -> Path:
    return Path(current_app.instance_path) / "backups"


def database_path() -> Path:
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise BackupError(
            "Backups here cover the SQLite database only. For PostgreSQL use pg_dump (see README, 'Running for years')."
        )
    return Path(url.database).resolve()


# -- making a backup ---------------------------------------------------------------------------


def backup_name(moment: datetime) -> str:
    return f"mpp-lite-{moment:%Y%m%d-%H%M%S}.sqlite.gz"


def _fsync_dir(folder: Path) -> None:
    if os.name == "posix":
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def check_database_file(path: Path) -> dict[str, int]:
    """Run `PRAGMA integrity_check` on a database file; answer row counts per table.

    Raises BackupError when SQLite cannot open it or finds damage.
    """
    try:
        connection = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise BackupError(f"cannot be opened as a database ({error})") from error
    try:
        result = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if result != ["ok"]:
            raise BackupError("the database check failed: " + "; ".join(result[:3]))
        return table_counts(connection)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"is not a readable database ({error})") from error
    finally:
        connection.close()


def table_counts(connection: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {name: connection.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}


def _sha256(path: Path, opener=open) -> str:
    digest = hashlib.sha256()
    with opener(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def snapshot(source: Path, target: Path) -> None:
    """Copy a live database consistently with the online backup API (one read transaction)."""
    src = sqlite3.connect(source.as_posix(), timeout=30)
    dst = sqlite3.connect(target.as_posix())
    try:
        src.execute("PRAGMA busy_timeout=30000")
        src.backup(dst)  # pages=-1: the whole database from one snapshot
        dst.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
        dst.commit()
    finally:
        dst.close()
        src.close()


def create_backup(out_dir: Path | str | None = None, now: datetime | None = None, rotate: bool = True) -> BackupResult:
    """`make_backup`, with its outcome in the operational log."""
    try:
        result = make_backup(out_dir, now, rotate)
    except BackupError as error:
        operations.error("Backup failed: %s", error)
        raise
    operations.info(
        "Backup made and verified: %s (%d bytes)%s",
        result.path,
        result.size,
        f", second copy {result.second_copy}"
        if result.second_copy
        else f"; second copy failed: {result.second_error}"
        if result.second_error
        else "",
    )
    return result


def make_backup(out_dir: Path | str | None = None, now: datetime | None = None, rotate: bool = True) -> BackupResult:
    """Take a consistent copy of the database, verify it, gzip it and rotate old copies.

    The file appears under its final name only once it has been written, synced and read back;
    a crash half way leaves a `.partial` file that the next run ignores.
    """
    source = database_path()
    if not source.exists():
        raise BackupError(f"There is no database at {source}; run `mpp-lite init` first.")
    folder = Path(out_dir) if out_dir else default_backup_dir()
    folder.mkdir(parents=True, exist_ok=True)
    moment = now or clock.local_now()
    target = folder / backup_name(moment)
    if target.exists():  # two backups in the same second
        moment = moment + timedelta(seconds=1)
        target = folder / backup_name(moment)
    with tempfile.TemporaryDirectory(prefix="mpp-backup-", dir=folder) as scratch:
        copy = Path(scratch) / "copy.sqlite"
        snapshot(source, copy)
        try:
            tables = check_database_file(copy)
        except BackupError as error:
            raise BackupError(
                f"The copy of the database did not pass its check: {error}. The live database may "
                "be damaged; keep the earlier backups and call your technician."
            ) from error
        expected = _sha256(copy)
        partial = target.with_name(target.name + ".partial")
        with open(copy, "rb") as raw, open(partial, "wb") as out_file:
            with gzip.GzipFile(
                filename="mpp-lite.sqlite", mode="wb", fileobj=out_file, compresslevel=6, mtime=int(moment.timestamp())
            ) as packed:
                shutil.copyfileobj(raw, packed, 1024 * 1024)
            out_file.flush()
            os.fsync(out_file.fileno())
        if _sha256(partial, gzip.open) != expected:
            partial.unlink(missing_ok=True)
            raise BackupError(f"The backup written to {folder} did not read back the same; check the disk.")
        os.replace(partial, target)
        _fsync_dir(folder)
    result = BackupResult(path=target, size=target.stat().st_size, tables=tables)
    settings = backup_settings()
    daily, weekly, monthly = keep_counts(settings)
    if rotate:
        result.removed = rotate_backups(folder, daily, weekly, monthly)
    result.instance_files = mirror_instance_files(folder)
    second = settings.get("backup_second_dir", "").strip()
    if second:
        result.second_copy, result.second_error = copy_to_second_destination(target, Path(second))
        if result.second_copy:
            mirror_instance_files(Path(second))
            if rotate:
                result.removed += rotate_backups(Path(second), daily, weekly, monthly)
    return result


# -- the few instance files the database needs on another PC ---------------------------------

INSTANCE_FILES = "instance-files"
KEPT_FILES = ("secret_key", "config.py")  # the secret signs receipts' verification links
KEPT_FOLDERS = ("uploads",)  # logos


def _copy_if_changed(source: Path, target: Path) -> bool:
    if (
        target.exists()
        and target.stat().st_size == source.stat().st_size
        and target.stat().st_mtime >= source.stat().st_mtime
    ):
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)
    return True


def mirror_instance_files(folder: Path) -> Path | None:
    """Keep a copy of the secret key, config.py and uploads beside the backups.

    Without the secret key, a restored site on a new PC cannot verify receipts printed before;
    without uploads, its logos are gone. They change rarely, so one copy is kept (not rotated).
    """
    instance = Path(current_app.instance_path)
    target = folder / INSTANCE_FILES
    try:
        for name in KEPT_FILES:
            if (instance / name).is_file():
                _copy_if_changed(instance / name, target / name)
                if name == "secret_key":
                    os.chmod(target / name, 0o600)
        for name in KEPT_FOLDERS:
            for source in (instance / name).rglob("*") if (instance / name).is_dir() else ():
                if source.is_file():
                    _copy_if_changed(source, target / source.relative_to(instance))
    except OSError as error:
        current_app.logger.warning("Instance files not copied to %s: %s", target, error)
        return None
    return target if target.is_dir() else None


def restore_instance_files(backup_file: Path) -> list[str]:
    """After a restore on a new PC: bring back the secret key (only when this instance has none)
    and missing uploads from the `instance-files` folder beside the backup; answer notes."""
    source = backup_file.parent / INSTANCE_FILES
    instance = Path(current_app.instance_path)
    notes = []
    if not source.is_dir():
        return notes
    kept_key = source / "secret_key"
    own_key = instance / "secret_key"
    if kept_key.is_file():
        if not own_key.exists():
            shutil.copy2(kept_key, own_key)
            os.chmod(own_key, 0o600)
            notes.append(f"Secret key restored from {kept_key} (printed receipts stay verifiable).")
        elif own_key.read_bytes().strip() != kept_key.read_bytes().strip():
            notes.append(
                f"This PC has its own secret key: receipts printed before verify only with the old "
                f"one. To keep them valid, stop the server and copy {kept_key} to {own_key}."
            )
    for name in KEPT_FOLDERS:
        for file in (source / name).rglob("*") if (source / name).is_dir() else ():
            target = instance / file.relative_to(source)
            if file.is_file() and not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(file, target)
    return notes


def copy_to_second_destination(backup: Path, folder: Path) -> tuple[Path | None, str]:
    """Copy a finished backup to a USB drive or network share; a missing drive is reported."""
    if not folder.is_dir():
        return None, f"The second destination {folder} is not available (drive unplugged or share offline?)."
    target = folder / backup.name
    partial = target.with_name(target.name + ".partial")
    try:
        shutil.copyfile(backup, partial)
        with open(partial, "rb+") as handle:
            os.fsync(handle.fileno())
        if _sha256(partial) != _sha256(backup):
            partial.unlink(missing_ok=True)
            return None, f"The copy on {folder} did not read back the same; check the drive."
        os.replace(partial, target)
    except OSError as error:
        try:
            partial.unlink(missing_ok=True)
        except OSError:
            pass
        return None, f"Could not copy the backup to {folder}: {error.strerror or error}."
    return target, ""


# -- rotation ----------------------------------------------------------------------------------


def backup_time(path: Path) -> datetime | None:
    match = BACKUP_NAME.match(path.name)
    if not match:
        return None
    return datetime.strptime(match.group(1) + match.group(2), "%Y%m%d%H%M%S")


def list_backups(folder: Path) -> list[tuple[datetime, Path]]:
    """Backups in a folder, newest first (only files named like ours)."""
    if not folder.is_dir():
        return []
    found = [(backup_time(path), path) for path in folder.iterdir() if path.is_file()]
    return sorted(((moment, path) for moment, path in found if moment), reverse=True)


def backups_to_keep(moments: list[datetime], daily: int, weekly: int, monthly: int) -> set[datetime]:
    """Grandfather-father-son: the newest backup of each of the last N days, weeks and months."""
    keep: set[datetime] = set()
    ordered = sorted(moments, reverse=True)
    for count, period in (
        (daily, lambda m: m.date()),
        (weekly, lambda m: m.isocalendar()[:2]),
        (monthly, lambda m: (m.year, m.month)),
    ):
        seen = []
        for moment in ordered:
            key = period(moment)
            if key in seen:
                continue
            if len(seen) >= count:
                break
            seen.append(key)
            keep.add(moment)
    if ordered:
        keep.add(ordered[0])  # never delete the newest backup
    return keep


def rotate_backups(folder: Path, daily: int, weekly: int, monthly: int) -> list[Path]:
    backups = list_backups(folder)
    keep = backups_to_keep([moment for moment, _ in backups], daily, weekly, monthly)
    removed = []
    for moment, path in backups:
        if moment not in keep:
            try:
                path.unlink()
                removed.append(path)
            except OSError:
                continue
    return removed


# -- status for the admin page -----------------------------------------------------------------


def last_backup(folder: Path | None = None) -> dict | None:
    """The newest backup in the folder: its path, local time, size, whether it is stale, and
    whether its copy is on the second destination (None when no second destination is set)."""
    backups = list_backups(folder or default_backup_dir())
    if not backups:
        return None
    moment, path = backups[0]
    local = moment.replace(tzinfo=clock.zone())
    second = backup_settings().get("backup_second_dir", "").strip()
    return {
        "path": path,
        "at": local,
        "size": path.stat().st_size,
        "stale": clock.local_now() - local > STALE_AFTER,
        "second_dir": second,
        "second_copy": (Path(second) / path.name).is_file() if second else None,
    }


# -- restore -----------------------------------------------------------------------------------


def unpack_backup(file: Path, folder: Path) -> Path:
    """Decompress (or copy) a backup into `folder` and verify it; answer the database file."""
    if not file.is_file():
        raise BackupError(f"There is no file at {file}.")
    target = folder / "restore.sqlite"
    try:
        with open(file, "rb") as probe:
            packed = probe.read(2) == b"\x1f\x8b"
        opener = gzip.open if packed else open
        with opener(file, "rb") as source, open(target, "wb") as out_file:
            shutil.copyfileobj(source, out_file, 1024 * 1024)
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        raise BackupError(
            f"The backup file {file.name} is damaged (it cannot be decompressed: {error}). "
            "Nothing was changed; choose another backup."
        ) from error
    try:
        check_database_file(target)
    except BackupError as error:
        raise BackupError(
            f"The backup file {file.name} is damaged: it {error}. Nothing was changed; choose another backup."
        ) from error
    connection = sqlite3.connect(target.as_posix())
    try:
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        revision = None
        if "alembic_version" in names:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
    finally:
        connection.close()
    if "settings" not in names or revision is None:
        raise BackupError(f"The file {file.name} is not an MPP Lite backup. Nothing was changed.")
    if revision not in known_revisions():
        raise BackupError(
            f"The backup {file.name} comes from a newer version of MPP Lite (database version {revision}). "
            "Update this installation first, then restore. Nothing was changed."
        )
    return target


def known_revisions() -> set[str]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    directory = Path(__file__).resolve().parent.parent / "migrations"
    config = Config()
    config.set_main_option("script_location", str(directory))
    return {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}


def restore_backup(file: Path | str, now: datetime | None = None) -> dict:
    """Replace the database with a verified backup, keeping the replaced one beside it.

    The content is written through SQLite's backup API into the database file itself, so the
    WAL and shared-memory files stay consistent; stop the server first all the same.
    """
    file = Path(file)
    target = database_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    moment = now or clock.local_now()
    db.session.remove()
    db.engine.dispose()
    with tempfile.TemporaryDirectory(prefix="mpp-restore-", dir=target.parent) as scratch:
        restored = unpack_backup(file, Path(scratch))
        tables = check_database_file(restored)
        kept = None
        if target.exists():
            kept = target.with_name(f"{target.name}.replaced-{moment:%Y%m%d-%H%M%S}")
            try:
                snapshot(target, kept)
            except sqlite3.DatabaseError:
                # A damaged database (the usual reason to restore) cannot be read page by page:
                # keep its files as they are, and restore into a new file.
                kept.unlink(missing_ok=True)
                for suffix in ("", "-wal", "-shm"):
                    if Path(f"{target}{suffix}").exists():
                        os.replace(f"{target}{suffix}", f"{kept}{suffix}")
        src = sqlite3.connect(restored.as_posix())
        dst = sqlite3.connect(target.as_posix(), timeout=30)
        try:
            dst.execute("PRAGMA busy_timeout=30000")
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")
            dst.commit()
        finally:
            src.close()
            dst.close()
    check_database_file(target)
    operations.warning("Database restored from %s (the replaced one kept as %s)", file, kept)
    return {"database": target, "replaced_copy": kept, "tables": tables}
