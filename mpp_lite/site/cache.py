"""Small per-process caches for what nearly every request reads and almost nothing changes.

A TV polling the board every second, a kiosk issuing tickets all morning: each request needs
the caller's token, the site's settings and (for the board) whether anything changed. Reading
them from the database every time cost more than the work itself. A `Memo` keeps such values
in this process:

- a commit in this process that wrote one of the tables the memo depends on clears it at once
  (the session records which tables each transaction wrote);
- writes made by another process (a second waitress behind nginx, a CLI command) are seen when
  the entry's time limit runs out, a few seconds at most.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from cachetools import TTLCache
from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import TextClause

EVERYTHING = "*"
monotonic = time.monotonic  # the memos' clock (tests move it)
_TEXT_WRITE = re.compile(r'^\s*(?:insert\s+into|update|delete\s+from)\s+"?(\w+)', re.IGNORECASE)


class Memo:
    """A thread-safe mapping with a time limit, cleared by local writes to `tables`."""

    def __init__(self, name: str, tables: Iterable[str], ttl: float, maxsize: int = 256):
        self.name = name
        self.tables = frozenset(tables)
        self._cache: TTLCache = TTLCache(maxsize, ttl, timer=lambda: monotonic())
        self._lock = threading.Lock()
        self._generation = 0  # grows with every clear()

    def get(self, key: Any, load: Callable[[], Any]) -> Any:
        """The cached value for key, or load() stored under it. None is never stored, nor a
        value loaded while a commit cleared the memo (it may predate that commit)."""
        with self._lock:
            value = self._cache.get(key)
            generation = self._generation
        if value is not None:
            return value
        value = load()
        if value is not None:
            with self._lock:
                if generation == self._generation:
                    self._cache[key] = value
        return value

    def peek(self, key: Any) -> Any:
        """The cached value for key, or None; never loads."""
        with self._lock:
            return self._cache.get(key)

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()
            self._generation += 1


_CREATE_LOCK = threading.Lock()


def memo(name: str, tables: Iterable[str], ttl: float, maxsize: int = 256) -> Memo:
    """The current app's memo of that name (each app, so each test's database, has its own)."""
    memos = current_app.extensions.setdefault("mpp_memos", {})
    found = memos.get(name)
    if found is None:
        with _CREATE_LOCK:
            found = memos.setdefault(name, Memo(name, tables, ttl, maxsize))
    return found


def clear_for(tables: set[str]) -> None:
    if not has_app_context():
        return
    for found in list(current_app.extensions.get("mpp_memos", {}).values()):
        if EVERYTHING in tables or found.tables & tables:
            found.clear()


def _written(session: Session) -> set[str]:
    return session.info.setdefault("mpp_written_tables", set())


def note_write(session: Session, name: str) -> None:
    """Record a change that a memo depends on but no table name tells (e.g. "ticket_finished")."""
    _written(session).add(name)


@event.listens_for(Session, "after_flush")
def _note_flushed_tables(session, flush_context):
    tables = _written(session)
    for instance in (*session.new, *session.dirty, *session.deleted):
        table = getattr(type(instance), "__tablename__", None)
        tables.add(table or EVERYTHING)


@event.listens_for(Session, "do_orm_execute")
def _note_statement_tables(state):
    statement = state.statement
    if isinstance(statement, TextClause):
        match = _TEXT_WRITE.match(statement.text)
        if match:
            _written(state.session).add(match.group(1).lower())
        elif not statement.text.lstrip().lower().startswith(("select", "pragma", "with")):
            _written(state.session).add(EVERYTHING)
    elif state.is_insert or state.is_update or state.is_delete:
        table = getattr(statement, "table", None)
        _written(state.session).add(getattr(table, "name", None) or EVERYTHING)


@event.listens_for(Session, "after_commit")
def _clear_after_commit(session):
    tables = session.info.pop("mpp_written_tables", None)
    if tables:
        clear_for(tables)


@event.listens_for(Session, "after_rollback")
def _clear_after_rollback(session):
    """A value loaded from the rolled-back transaction's own writes must not outlive it."""
    tables = session.info.pop("mpp_written_tables", None)
    if tables:
        clear_for(tables)
