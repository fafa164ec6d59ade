"""Declarative base, naming convention and engine settings shared by every feature's models."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timezone
from enum import Enum
from typing import TypeVar

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import MetaData, String, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import DateTime, TypeDecorator

from mpp_lite.errors import BUSY, DomainError

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class StrEnum(str, Enum):
    """enum.StrEnum (Python 3.11) for 3.10: a member is the string stored in its column.

    `TicketStatus.WAITING == "waiting"`, it hashes, formats and serialises as "waiting", so rows
    read back as plain strings compare equal to members and nothing stored changes.
    """

    def __str__(self) -> str:
        return self.value


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Timezone-aware datetimes stored as UTC on every engine.

    SQLite has no time zone type: values are stored naive in UTC and handed back aware, so
    comparisons and ISO-8601 output with an offset work the same on SQLite and PostgreSQL.
    """

    impl = DateTime
    cache_ok = True

    def load_dialect_impl(self, dialect):
        return dialect.type_descriptor(DateTime(timezone=dialect.name != "sqlite"))

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware datetime (utcnow())")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


def new_uuid() -> str:
    return str(uuid.uuid4())


class SyncedRecord:
    """Mixin for records that leave the PC through the sync outbox.

    `uid` is made on this PC and never changes; `version` grows with every change so that a
    receiver can tell a new version from a repeat.
    """

    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    version: Mapped[int] = mapped_column(default=1, server_default="1")


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """Durable, concurrent-friendly SQLite settings on every new connection."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # Wait for the write lock instead of failing at once when kiosks and counters write
    # together; the same bound as this process's own writer queue below (one wait, not two).
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_SECONDS * 1000)}")
    cursor.execute("PRAGMA journal_mode=WAL")
    # FULL, not NORMAL: in WAL mode NORMAL may lose the last transactions on a power cut,
    # and a ticket or application that answered "ok" must survive one. The cost is one
    # fsync per commit, small next to a counter's pace.
    cursor.execute("PRAGMA synchronous=FULL")
    # 512 KiB of page cache per connection instead of SQLite's 2 MB: the server keeps one
    # connection per thread, and under a long load their full caches were 10 MB of its memory
    # (106 -> 96 MB after sustained load in scripts/bench.py's endpoints). The file's pages stay
    # in the operating system's cache; the one-year dashboard at five years' size measured the
    # same, the yearly summary report about 0.15 s slower.
    cursor.execute("PRAGMA cache_size=-512")
    cursor.close()


# One writer at a time, woken at once ------------------------------------------------------
#
# SQLite lets one connection write at a time; the others wait in its busy handler, which
# sleeps in steps of up to 100 ms before it looks again. With eight server threads issuing
# tickets, most of a request's time went into those sleeps while the lock had long been free.
# So writers of this process queue on a Python lock instead, taken at a transaction's first
# write (the moment SQLite takes its own write lock) and given back when the connection
# returns to the pool after its commit or rollback: the next writer starts the moment the
# previous one is done. Writers in other processes (a CLI command, a backup) still meet
# busy_timeout as before.

# One bound for a write's whole wait, this process's queue and SQLite's busy handler together:
# after it the request answers 503 "busy, nothing was saved" (site/errors.py), never a 500.
BUSY_TIMEOUT_SECONDS = 15
BUSY_RETRY_AFTER_SECONDS = 5  # what a "busy, nothing was saved" answer tells the client to wait
_WRITE_VERBS = ("INSERT", "UPDATE", "DELETE", "REPLAC")
_write_locks: dict[str, threading.Lock] = {}
_write_locks_guard = threading.Lock()
_log = logging.getLogger(__name__)


def sqlite_write_lock(database: str) -> threading.Lock:
    with _write_locks_guard:
        return _write_locks.setdefault(database, threading.Lock())


def serialise_sqlite_writers(engine: Engine) -> None:
    """Queue the writers of this engine (the app's own) on the lock of its SQLite file. Another
    engine in the process (a database copy, a test standing in for a second server process)
    writes as another process would: it meets busy_timeout."""
    if engine.dialect.name != "sqlite" or event.contains(engine, "before_cursor_execute", _take_write_lock):
        return
    event.listen(engine, "before_cursor_execute", _take_write_lock)
    event.listen(engine.pool, "checkin", _release_write_lock)
    event.listen(engine.pool, "invalidate", _release_write_lock)


def _take_write_lock(conn, cursor, statement, parameters, context, executemany):
    if statement.lstrip()[:6].upper() not in _WRITE_VERBS:
        return
    _hold_writer(conn, cursor.connection)


def take_write_lock_now(session) -> None:
    """Take this process's SQLite writer for the session's transaction now, as its first write
    would: a time read next (a call's) then follows the real order of the writes. Nothing to do
    on PostgreSQL, or for an engine whose writers are not queued."""
    conn = session.connection()
    if event.contains(conn.engine, "before_cursor_execute", _take_write_lock):
        try:
            _hold_writer(conn, conn.connection.dbapi_connection)
        except sqlite3.OperationalError as error:  # as a statement's would be: the runner retries, then 503
            raise OperationalError("(taking the writer)", None, error) from error


def _hold_writer(conn, dbapi_connection) -> None:
    database = conn.engine.url.database
    info = conn.connection.info
    if not database or database == ":memory:" or "mpp_write_lock" in info:
        return
    lock = sqlite_write_lock(database)
    started = time.monotonic()
    if not lock.acquire(timeout=BUSY_TIMEOUT_SECONDS):
        _log.warning("waited %ss for this process's SQLite writer; answering busy", BUSY_TIMEOUT_SECONDS)
        raise sqlite3.OperationalError("database is locked")
    info["mpp_write_lock"] = lock
    waited = time.monotonic() - started
    if waited > 0.05:  # SQLite's own wait (for another process) gets only what is left of the bound
        left = max(1, int((BUSY_TIMEOUT_SECONDS - waited) * 1000))
        dbapi_connection.execute(f"PRAGMA busy_timeout={left}")
        info["mpp_busy_shortened"] = True


def _release_write_lock(dbapi_connection, connection_record, *args):
    lock = connection_record.info.pop("mpp_write_lock", None) if connection_record is not None else None
    if lock is not None:
        lock.release()
    if connection_record is not None and connection_record.info.pop("mpp_busy_shortened", False):
        try:
            dbapi_connection.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_SECONDS * 1000)}")
        except sqlite3.Error as error:  # an invalidated connection is thrown away anyway
            _log.debug("busy_timeout not restored: %s", error)


# The transaction runner ------------------------------------------------------------------
#
# Views and commands own the transaction; services flush and never commit. Every write of a
# request goes through `in_transaction`: one commit, a rollback on any error, and a database
# still locked after busy_timeout retried a few times, then answered "busy" (503), never a 500.
# Side effects (a gateway, a printer, a push) run after it returns, outside the transaction.

BUSY_RETRIES = 3
T = TypeVar("T")


def _is_busy(error: OperationalError) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


def in_transaction(work: Callable[[], T], keep_loaded: bool = False) -> T:
    """Run `work` and commit; roll back and re-raise on any error. `work` may run again when the
    database was busy (while the one bound for a write's wait lasts), so it must do nothing
    outside the database.

    `keep_loaded`: what the transaction loaded stays loaded after the commit, so an answer built
    from it right after (a called ticket's JSON) reads nothing again; it holds the values as
    committed. The answer is then built after the commit, outside the write lock."""
    # Flask-SQLAlchemy's instance of this app; importing `extensions.db` would be a cycle.
    session = current_app.extensions["sqlalchemy"].session
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    for attempt in range(BUSY_RETRIES):
        try:
            result = work()
            if keep_loaded:
                _commit_keeping_loaded(session())
            else:
                session.commit()
            return result
        except OperationalError as error:
            session.rollback()
            if not _is_busy(error):
                raise
            _log.warning("database busy (attempt %d)", attempt + 1)
            if time.monotonic() >= deadline:
                break
            time.sleep(0.05 * (attempt + 1))
        except BaseException:
            session.rollback()
            raise
    raise DomainError(
        _("The database is busy; nothing was saved. Please try again in a moment."),
        BUSY,
        code="busy",
        headers={"Retry-After": str(BUSY_RETRY_AFTER_SECONDS)},
    )


def _commit_keeping_loaded(session) -> None:
    expire, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expire
