"""The consolidation hub: a second application that receives every regency's MPP Lite.

A province (or the nation) runs one hub (`mpp-lite hub init`, `mpp-lite hub serve`) on
PostgreSQL (`MPP_HUB_DATABASE_URL`; SQLite for a trial). It shares the wire format, signature
checks and domain code (IKM, sample sizes) with the site app and has its own tables,
migrations, users and pages.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from mpp_lite import config

PACKAGE = Path(__file__).resolve().parent
MIGRATIONS = PACKAGE / "migrations"
SECRET_KEY_FILE = "hub_secret_key"  # noqa: S105  a file name, not a secret


class HubDefaults(config.Defaults):
    """The site's defaults (locale, time zone, cookie flags, sessions, CSRF), with the hub's own
    secret key file, session cookie and batch size limit."""

    SECRET_KEY = None  # generated into the hub's instance folder by `mpp-lite hub init`
    SESSION_COOKIE_NAME = "mpp_hub_session"
    MAX_CONTENT_LENGTH = 5 * 1024 * 1024  # a bigger batch is answered 413
    HUB_NAME = None  # who runs the hub, e.g. "Biro Organisasi Setda Provinsi Jawa Barat" (exports' producer)


def instance_path() -> Path:
    """The hub's folder: MPP_HUB_INSTANCE_PATH, else `hub/` inside the site's instance folder."""
    return Path(os.environ.get("MPP_HUB_INSTANCE_PATH") or config.instance_path() / "hub").resolve()


def database_url(folder: Path) -> str:
    return os.environ.get("MPP_HUB_DATABASE_URL") or "sqlite:///" + (folder / "mpp-hub.sqlite").as_posix()


def create_hub_app(test_config: dict | None = None) -> Flask:
    folder = instance_path()
    app = Flask(
        __name__,
        instance_path=str(folder),
        template_folder=str(config.ROOT / "templates"),
        static_folder=str(config.ROOT / "static"),
    )
    load_config(app, test_config)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    return app


def load_config(app: Flask, test_config: dict | None) -> None:
    app.config.from_object(HubDefaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("MPP_HUB")
    if test_config:
        app.config.from_mapping(test_config)
    folder = Path(app.instance_path)
    if not app.config.get("SECRET_KEY"):
        path = folder / SECRET_KEY_FILE
        app.config["SECRET_KEY"] = path.read_text(encoding="utf-8").strip() if path.exists() else None
    url = app.config.get("DATABASE_URL") or database_url(folder)
    app.config["SQLALCHEMY_DATABASE_URI"] = app.config["DATABASE_URL"] = url
    if url.startswith("sqlite"):
        options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        options.pop("pool_pre_ping", None)
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def register_extensions(app: Flask) -> None:
    from mpp_lite import security
    from mpp_lite.database import serialise_sqlite_writers
    from mpp_lite.extensions import babel
    from mpp_lite.hub.access import load_user
    from mpp_lite.hub.extensions import hub_csrf, hub_db, hub_login
    from mpp_lite.hub.views import select_locale

    hub_db.init_app(app)
    with app.app_context():
        serialise_sqlite_writers(hub_db.engine)  # a trial hub on SQLite: its writers queue as the site's
    hub_csrf.init_app(app)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", ";".join(config.translation_directories()))
    babel.init_app(app, locale_selector=select_locale)
    hub_login.init_app(app)
    hub_login.login_view = "hub.login"
    hub_login.session_protection = "strong"
    hub_login.user_loader(load_user)
    # The site's headers (CSP, nosniff, frames, no-store for the API) and NUL refusal.
    app.before_request(security.refuse_nul_characters)
    app.after_request(security.set_security_headers)


def register_blueprints(app: Flask) -> None:
    from mpp_lite.hub.api import bp as api_bp
    from mpp_lite.hub.extensions import hub_csrf
    from mpp_lite.hub.views import bp as hub_bp
    from mpp_lite.hub.views import receive

    hub_csrf.exempt(api_bp)
    hub_csrf.exempt(receive)  # signed with the site's secret, not a browser form
    app.register_blueprint(hub_bp)
    app.register_blueprint(api_bp)


def register_errorhandlers(app: Flask) -> None:
    from mpp_lite.hub.views import init_errors

    init_errors(app)


def register_commands(app: Flask) -> None:
    """The hub's commands live in the site CLI's `hub` group (mpp_lite.hub.cli)."""
