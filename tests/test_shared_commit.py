"""Counter steps share their commits on SQLite (database.in_shared_commit): ten steps that arrive
together are made durable by one commit, each answers only after it, and a step that fails loses
its own writes and nothing of the others'."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from sqlalchemy import event

from mpp_lite.database import _group_for, in_shared_commit
from mpp_lite.errors import CONFLICT, DomainError
from mpp_lite.extensions import db
from mpp_lite.site.models import Setting
from mpp_lite.site.services import get_setting

STEPS = 10
FAILING = 4


def _wait_until(condition, seconds=30.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the other steps never queued"
        time.sleep(0.01)


def test_ten_steps_one_commit_and_a_failing_step_loses_only_itself(app):
    engine = db.engine
    sqlite = engine.dialect.name == "sqlite"
    commits = []

    def count_commit(conn):
        commits.append(1)

    event.listen(engine, "commit", count_commit)
    get_setting("probe_0")  # the settings memo is filled: the steps' commit must clear it
    started = threading.Event()
    answers: dict[int, object] = {}

    def step(n: int):
        def work():
            db.session.add(Setting(key=f"probe_{n}", value=f"step {n}"))
            db.session.flush()
            if n == 0:  # the first step holds its turn until the others queue behind it
                started.set()
                if sqlite:
                    _wait_until(lambda: _group_for(engine).waiting == STEPS - 1)
            if n == FAILING:
                raise DomainError("this step fails after writing", CONFLICT)
            return n

        with app.app_context():
            try:
                answers[n] = in_shared_commit(work, lambda result: f"answered {result}")
            except DomainError as error:
                answers[n] = error

    first = threading.Thread(target=step, args=(0,))
    first.start()
    assert started.wait(30)
    others = [threading.Thread(target=step, args=(n,)) for n in range(1, STEPS)]
    for thread in others:
        thread.start()
    for thread in [first, *others]:
        thread.join(60)
    event.remove(engine, "commit", count_commit)

    assert isinstance(answers.pop(FAILING), DomainError)
    assert answers == {n: f"answered {n}" for n in range(STEPS) if n != FAILING}
    if sqlite:
        assert len(commits) == 1, "the ten steps should have shared one commit"
        # What answered is on disk: read back by a connection of its own, outside the app.
        with sqlite3.connect(engine.url.database) as raw:
            stored = dict(raw.execute("SELECT key, value FROM settings WHERE key LIKE 'probe_%'").fetchall())
    else:
        stored = {row.key: row.value for row in db.session.scalars(db.select(Setting))}
    assert stored == {f"probe_{n}": f"step {n}" for n in range(STEPS) if n != FAILING}
    assert get_setting("probe_3") == "step 3", "the memo still held what was read before the commit"


@pytest.mark.parametrize("steps", [1, 3])
def test_a_step_alone_commits_at_once(app, steps):
    """A single counter (or steps one after another) gets its own commit: nothing waits for others."""
    for n in range(steps):
        assert in_shared_commit(lambda n=n: db.session.merge(Setting(key=f"alone_{n}", value="x")).key, str) == (
            f"alone_{n}"
        )
    assert sorted(s.key for s in db.session.scalars(db.select(Setting).where(Setting.key.like("alone_%")))) == [
        f"alone_{n}" for n in range(steps)
    ]
