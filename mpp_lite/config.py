"""Configuration in layers: defaults here, then `instance/config.py`, then `MPP_*` variables."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

VERSION = "0.1.0"
ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY_FILE = "secret_key"  # noqa: S105  a file name, not a secret


class Defaults:
    SECRET_KEY = None  # generated into the instance folder by `mpp-lite init`
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    BABEL_DEFAULT_LOCALE = "id"
    BABEL_DEFAULT_TIMEZONE = "Asia/Jakarta"
    LANGUAGES = ("id", "en")
    TIMEZONE = "Asia/Jakarta"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False  # set MPP_SESSION_COOKIE_SECURE=true behind HTTPS
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = 8 * 3600
    STAFF_IDLE_TIMEOUT_MINUTES = 30
    WTF_CSRF_TIME_LIMIT = None  # a counter page stays open all day
    MAX_CONTENT_LENGTH = 4 * 1024 * 1024
    SURVEY_WALKUP_PER_MINUTE = 3  # walk-up responses per device; more in a minute is a flagged burst
    DISK_MIN_FREE_MB = 200  # /healthz answers 503 below this
    DISK_WARN_FREE_MB = 1024  # the admin home warns below this
    LOGIN_MAX_FAILURES = 5  # failed sign-ins of an account that the admin is told about (never a lock)
    LOGIN_FREE_ATTEMPTS = 3  # per client and username, before waits of 2, 4, 8 ... seconds
    LOGIN_MAX_DELAY_SECONDS = 900
    PASSWORD_MIN_LENGTH = 10
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    DEVICE_COOKIE_NAME = "mpp_device"
    DEVICE_COOKIE_DAYS = 3650
    LOG_LEVEL = "INFO"
    TRUSTED_PROXY = None  # e.g. "127.0.0.1" behind nginx: see `mpp_lite.cli.proxy_options`


def instance_path() -> Path:
    return Path(os.environ.get("MPP_INSTANCE_PATH") or ROOT / "instance").resolve()


def read_secret_key(folder: Path) -> str | None:
    path = folder / SECRET_KEY_FILE
    if path.exists():
        return path.read_text(encoding="utf-8").strip() or None
    return None


def write_secret_key(folder: Path) -> bool:
    """Create the site's secret key once; answer whether one was made."""
    path = folder / SECRET_KEY_FILE
    if path.exists() and path.read_text(encoding="utf-8").strip():
        return False
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(secrets.token_hex(32) + "\n", encoding="utf-8")
    return True


class ConfigFileError(Exception):
    """instance/config.py exists but cannot be read as Python settings."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = path, reason


def load(app, test_config: dict | None) -> None:
    app.config.from_object(Defaults)
    try:
        app.config.from_pyfile("config.py", silent=True)
    except Exception as error:  # a syntax error, a bad value, binary garbage: say which file
        raise ConfigFileError(Path(app.instance_path) / "config.py", f"{type(error).__name__}: {error}") from error
    app.config.from_prefixed_env("MPP")
    if test_config:
        app.config.from_mapping(test_config)
    folder = Path(app.instance_path)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = read_secret_key(folder)
    url = app.config.get("DATABASE_URL") or app.config.get("SQLALCHEMY_DATABASE_URI")
    if not url:
        url = "sqlite:///" + (folder / "mpp-lite.sqlite").as_posix()
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    app.config["DATABASE_URL"] = url
    if url.startswith("sqlite"):
        # A pre-ping guards against server restarts and dropped connections: PostgreSQL only.
        # On SQLite it would add a query to every request for nothing.
        options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        options.pop("pool_pre_ping", None)
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    if ":memory:" not in url and url not in ("sqlite://", "sqlite:///"):
        # One pooled connection per server thread (4 by default) plus the background jobs:
        # with fewer, connections beyond the pool are opened and closed on every request, and a
        # new SQLite connection reads the whole schema again before its first query.
        options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        options.setdefault("pool_size", 10)
        options.setdefault("max_overflow", 5)
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def translation_directories() -> list[str]:
    """Each feature's catalogue, then the core one.

    Flask-Babel merges them in order and keeps the plural rule of the last one loaded; the
    core catalogue always exists for every language, so it goes last.
    """
    package = Path(__file__).resolve().parent
    features = [str(path) for path in sorted(package.glob("*/translations")) if path.is_dir()]
    return features + [str(package / "translations")]
