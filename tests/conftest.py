"""Fixtures: an app with a fresh database per test, clients, and factories."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from mpp_lite import create_app
from mpp_lite.extensions import db as _db

ROOT = Path(__file__).resolve().parent.parent
# Fixture modules, registered once here (a test module never imports fixtures or lists plugins).
pytest_plugins = ("postgres_fixtures", "applications_fixtures", "hub_fixtures", "route_fixtures", "sync_fixtures")


# The fast loop ---------------------------------------------------------------------------
#
# `pytest -m "not slow and not browser"` (the README's fast loop) runs on every core with
# pytest-xdist: most of a quick test's cost is its own app and database (~0.1 s), which no shared
# fixture can take away, so the loop is split instead. Each worker process has its own migrated
# SQLite template, temporary folders and, on PostgreSQL, its own database (below). The whole
# suite (CI) stays in one process: slow tests measure latency under load and browser tests share
# one Chromium. `-n 0` runs the fast loop in one process, `-n N` on N workers.


def _selects_only_quick_tests(expression: str) -> bool:
    """Whether a -m expression selects unmarked tests and leaves out every slow and browser test."""

    class Marks(dict):
        def __missing__(self, name):
            return False

    def selects(*marks: str) -> bool:
        return bool(eval(expression, {"__builtins__": {}}, Marks.fromkeys(marks, True)))  # noqa: S307  and/or/not of names

    try:
        return selects() and not selects("slow") and not selects("browser")
    except Exception:  # noqa: BLE001  any other -m syntax: not the fast loop
        return False


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config):
    if (
        config.pluginmanager.hasplugin("xdist")
        and getattr(config.option, "numprocesses", 0) is None  # no -n given
        and not hasattr(config, "workerinput")
        and not config.option.collectonly
        and _cores() > 1
        and _selects_only_quick_tests(config.option.markexpr or "")
    ):
        config.option.numprocesses = _cores()


def pytest_configure(config):
    """Fewer garbage collections; an xdist worker on PostgreSQL gets a database of its own."""
    import gc
    import os

    # Each test builds an app (tens of thousands of objects that live until its end): with Python's
    # default threshold of 700 new objects, 150 tests ran ~5,000 young collections that walked them
    # again and again, 10 of 42 s of CPU; at 10,000 it is 4 s (peak memory +50 MB). Objects are
    # still collected, and a leaked file's ResourceWarning still fails a test, a little later.
    gc.set_threshold(10_000, 10, 10)

    from postgres_fixtures import ENV, create_scratch_database, on_postgres

    worker = os.environ.get("PYTEST_XDIST_WORKER")  # workers would empty each other's tables
    if worker and on_postgres():
        config.worker_database = create_scratch_database(f"mpp_test_{worker}")
        os.environ[ENV] = config.worker_database


def pytest_unconfigure(config):
    from postgres_fixtures import drop_scratch_database

    if getattr(config, "worker_database", None):
        drop_scratch_database(config.worker_database)


@pytest.fixture(autouse=True)
def no_outbound_network(monkeypatch):
    """Tests talk only to loopback: a sync test reaches the receiver it started, nothing else."""
    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if (
            isinstance(host, str)
            and host not in ("127.0.0.1", "::1", "localhost")
            and not host.startswith("127.")
            and self.family in (socket.AF_INET, socket.AF_INET6)
        ):
            raise OSError(f"outbound network blocked in tests: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture
def instance_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "instance"
    folder.mkdir()
    monkeypatch.setenv("MPP_INSTANCE_PATH", str(folder))
    return folder


def database_url(folder: Path) -> str:
    """SQLite in the test's instance folder, or the PostgreSQL given by MPP_TEST_DATABASE_URL."""
    import os

    return os.environ.get("MPP_TEST_DATABASE_URL") or "sqlite:///" + (folder / "test.sqlite").as_posix()


MIGRATIONS = str(ROOT / "mpp_lite" / "migrations")
TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key",
    "WTF_CSRF_ENABLED": False,
    "RATELIMIT_ENABLED": False,
}


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory):
    """Migrate once per session: a SQLite file each test copies, or the PostgreSQL schema.

    Running every migration for every test would cost over a second each; copying a migrated
    file (or truncating PostgreSQL's tables) gives each test the same fresh database quickly.
    """
    import os

    folder = tmp_path_factory.mktemp("migrated")
    patch = pytest.MonkeyPatch()
    patch.setenv("MPP_INSTANCE_PATH", str(folder))
    url = os.environ.get("MPP_TEST_DATABASE_URL") or "sqlite:///" + (folder / "template.sqlite").as_posix()
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        from mpp_lite.migrating import upgrade

        if _db.engine.dialect.name == "postgresql":
            with _db.engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        upgrade()
        _db.session.remove()
        _db.engine.dispose()
    patch.undo()
    if url.startswith("sqlite"):
        import sqlite3

        path = folder / "template.sqlite"
        connection = sqlite3.connect(path)
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode=DELETE")
        connection.close()
        return path
    return None


@pytest.fixture
def app(instance_dir, migrated_database):
    import shutil

    url = database_url(instance_dir)
    if migrated_database is not None:
        shutil.copyfile(migrated_database, instance_dir / "test.sqlite")
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        if migrated_database is None:
            _reset_postgresql()
        yield app
        _db.session.remove()
        _db.engine.dispose()


def _reset_postgresql() -> None:
    """The PostgreSQL test database is shared: empty every table, or rebuild a changed schema."""
    from postgres_fixtures import reset_postgres

    if reset_postgres(_db.engine):  # only the tables that hold rows, ~10x faster than TRUNCATE of all
        return
    from alembic.script import ScriptDirectory
    from sqlalchemy import inspect

    from mpp_lite.migrating import upgrade

    head = ScriptDirectory.from_config(current_app_migrate_config()).get_current_head()
    with _db.engine.begin() as conn:
        tables = [t for t in inspect(conn).get_table_names() if t != "alembic_version"]
        version = (
            conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            if "alembic_version" in inspect(conn).get_table_names()
            else None
        )
        if version == head and tables:
            conn.exec_driver_sql("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")
            return
        conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    upgrade()


def _reset_database(app) -> None:
    """For tests that build their own app: a clean PostgreSQL schema (SQLite files are new)."""
    if _db.engine.dialect.name == "postgresql":
        with _db.engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")


def current_app_migrate_config():
    from mpp_lite.migrating import alembic_config

    return alembic_config()


@pytest.fixture
def csrf_app(app):
    """The same app with CSRF protection on, as in production."""
    app.config["WTF_CSRF_ENABLED"] = True
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def create_tenant(app):
    from mpp_lite.catalogue.models import Tenant

    def make(code="DUKCAPIL", name="Dinas Kependudukan dan Pencatatan Sipil", **kw):
        tenant = Tenant(code=code, name=name, short_name=kw.pop("short_name", code.title()), **kw)
        _db.session.add(tenant)
        _db.session.commit()
        return tenant

    return make


@pytest.fixture
def create_queue(app):
    from mpp_lite.queue.models import Queue

    def make(prefix="A", tenant=None, **kw):
        queue = Queue(prefix=prefix, name=kw.pop("name", f"Antrean {prefix}"), tenant=tenant, **kw)
        _db.session.add(queue)
        _db.session.commit()
        return queue

    return make


@pytest.fixture
def create_counter(app):
    from mpp_lite.queue.models import Counter

    def make(number=1, tenant=None, queues=(), **kw):
        counter = Counter(
            number=number, name=kw.pop("name", f"Loket {number}"), tenant=tenant, queues=list(queues), **kw
        )
        _db.session.add(counter)
        _db.session.commit()
        return counter

    return make


@pytest.fixture
def create_service(app):
    from mpp_lite.catalogue.models import Service
    from mpp_lite.catalogue.services import save_service

    def make(tenant, queue=None, code="DKC-01", name="Penerbitan KTP-el Baru", **kw):
        values = {
            "code": code,
            "name": name,
            "tenant_id": tenant.id,
            "queue_id": queue.id if queue else None,
            "keywords": "ktp ektp",
            "summary": f"Layanan {name}.",
            "requirements": ["Fotokopi Kartu Keluarga"],
            "procedure": ["Ambil nomor antrean", "Rekam biometrik"],
            "duration_value": 1,
            "duration_unit": "working_days",
            "fee": 0,
            "product": name,
            "complaint_channel": "Meja pengaduan",
            "legal_basis": ["UU 24/2013"],
            "published": True,
        }
        values.update(kw)
        service = save_service(Service(), values)
        _db.session.commit()
        return service

    return make


# Test accounts' passwords are hashed with scrypt at a lower cost (N=2**10 instead of werkzeug's
# 2**15): the same algorithm and sign-in path, ~30x cheaper; at full cost each account made and
# each sign-in took ~0.1 s, 51 of the fast loop's 291 s of CPU. Accounts the kit makes itself
# (admin pages, `create-user`, `init`) keep the production cost, which the unknown-username check
# matches: tests/test_password_hash.py and test_security_claims.py check it.
TEST_PASSWORD_METHOD = "scrypt:1024:8:1"


@pytest.fixture
def create_user(app):
    from functools import partial

    from werkzeug.security import generate_password_hash

    from mpp_lite.auth import models as auth_models
    from mpp_lite.auth.services import create_user as make_user

    cheap_hash = partial(generate_password_hash, method=TEST_PASSWORD_METHOD)

    def make(username="admin1", role="admin", tenant=None, password="correct horse battery"):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(auth_models, "generate_password_hash", cheap_hash)
            user = make_user(username, password, role, tenant.code if tenant else None, check_password=False)
        _db.session.commit()
        return user

    return make


@pytest.fixture
def login(client):
    """Sign a test client in as a user (password as made by `create_user`)."""

    def do(user, password="correct horse battery", on=None):
        target = on or client
        response = target.post("/login", data={"username": user.username, "password": password})
        assert response.status_code == 302, response.data
        return target

    return do


@pytest.fixture
def create_token(app):
    from mpp_lite.auth.services import create_token as make_token

    def make(role="kiosk", name=None, tenant=None):
        token, raw = make_token(name or f"{role} 1", role, tenant.code if tenant else None)
        _db.session.commit()
        return raw

    return make


@pytest.fixture
def seeded(create_tenant, create_queue, create_counter, create_service):
    """Two tenants, two queues, counters and a few services: enough for most tests."""
    dukcapil = create_tenant("DUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", short_name="Disdukcapil")
    polres = create_tenant("POLRES", "Kepolisian Resor Sukamaju", short_name="Polres")
    qa = create_queue("A", dukcapil, service_minutes=10)
    qb = create_queue("B", polres, service_minutes=12)
    counters = [create_counter(n, dukcapil, [qa]) for n in (1, 2, 3)]
    counters += [create_counter(n, polres, [qb]) for n in (4, 5)]
    ktp = create_service(dukcapil, qa)
    kk = create_service(dukcapil, qa, code="DKC-02", name="Penerbitan Kartu Keluarga", keywords="kk kartu keluarga")
    skck = create_service(
        polres,
        qb,
        code="POL-01",
        name="Penerbitan SKCK",
        keywords="skck catatan kepolisian",
        fee=30000,
        duration_unit="minutes",
        duration_value=60,
    )
    return {"tenants": (dukcapil, polres), "queues": (qa, qb), "counters": counters, "services": (ktp, kk, skck)}


@pytest.fixture
def live_server(tmp_path):
    """A started `mpp-lite serve` on a free loopback port with a fresh instance (demo data)."""
    from live import LiveServer

    server = LiveServer(tmp_path / "live-instance", demo=True).start()
    yield server
    server.stop()


def bearer(raw: str) -> dict:
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def at(monkeypatch):
    """Set the site's clock (mpp_lite.site.clock.utcnow) to a local Jakarta time, e.g. at("2026-12-07T09:00")."""
    from datetime import datetime, timezone
    from zoneinfo import ZoneInfo

    from mpp_lite.site import clock

    def move(text: str):
        moment = datetime.fromisoformat(text).replace(tzinfo=ZoneInfo("Asia/Jakarta")).astimezone(timezone.utc)
        monkeypatch.setattr(clock, "utcnow", lambda: moment)

    return move
