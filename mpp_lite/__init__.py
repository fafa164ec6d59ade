"""MPP Lite: a Mal Pelayanan Publik kit for one office PC."""

from __future__ import annotations

from flask import Flask

from mpp_lite import config
from mpp_lite.site import private

__version__ = config.VERSION


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=str(config.instance_path()),
        instance_relative_config=True,
        template_folder=str(config.ROOT / "templates"),
        static_folder=str(config.ROOT / "static"),
    )
    config.load(app, test_config)
    private.make_new_files_private()  # secrets and personal data: no other account of the PC reads them
    register_logging(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    from mpp_lite import security
    from mpp_lite.database import serialise_sqlite_writers
    from mpp_lite.extensions import babel, csrf, db, limiter, login_manager
    from mpp_lite.i18n import select_locale
    from mpp_lite.site import cache  # noqa: F401  its session events clear the per-process caches

    db.init_app(app)
    with app.app_context():
        serialise_sqlite_writers(db.engine)  # this app's engine only (database.py)
    csrf.init_app(app)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", ";".join(config.translation_directories()))
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"
    security.init_app(app)

    from mpp_lite.sync import init_app as init_sync

    init_sync(app)  # outbox rows in the same transaction as synced records' changes

    from mpp_lite.auth.permissions import write_token_use
    from mpp_lite.auth.services import load_user

    login_manager.user_loader(load_user)
    app.teardown_request(write_token_use)


def register_blueprints(app: Flask) -> None:
    from mpp_lite import api
    from mpp_lite.admin.views import bp as admin_bp
    from mpp_lite.admin.views import media_bp
    from mpp_lite.api import views as api_views
    from mpp_lite.applications import api as applications_api
    from mpp_lite.applications.views import bp as applications_bp
    from mpp_lite.audit.views import bp as audit_bp
    from mpp_lite.auth.views import bp as auth_bp
    from mpp_lite.backup.views import bp as backup_bp
    from mpp_lite.bookings import api as bookings_api
    from mpp_lite.bookings.admin_views import bp as bookings_admin_bp
    from mpp_lite.bookings.views import bp as bookings_bp
    from mpp_lite.catalogue import api as catalogue_api
    from mpp_lite.catalogue.views import bp as catalogue_bp
    from mpp_lite.complaints.views import bp as complaints_bp
    from mpp_lite.i18n import bp as i18n_bp
    from mpp_lite.privacy.views import bp as privacy_bp
    from mpp_lite.queue import api as queue_api
    from mpp_lite.queue.views import bp as queue_bp
    from mpp_lite.reports import api as reports_api
    from mpp_lite.reports.views import bp as reports_bp
    from mpp_lite.site.views import bp as site_bp
    from mpp_lite.survey import api as survey_api
    from mpp_lite.survey.views import bp as survey_bp
    from mpp_lite.sync import api as sync_api
    from mpp_lite.sync.views import bp as sync_bp

    # Feature API modules attach their routes to the one API blueprint when imported.
    api_modules = [
        api_views,
        catalogue_api,
        queue_api,
        applications_api,
        survey_api,
        reports_api,
        sync_api,
        bookings_api,
    ]
    assert all(api_modules)
    csrf = app.extensions["csrf"]
    csrf.exempt(api.bp)  # the API checks CSRF itself for cookie-authenticated writes
    for blueprint in (
        site_bp,
        i18n_bp,
        auth_bp,
        catalogue_bp,
        admin_bp,
        media_bp,
        api.bp,
        queue_bp,
        survey_bp,
        complaints_bp,
        reports_bp,
        audit_bp,
        backup_bp,
        privacy_bp,
        applications_bp,
        sync_bp,
        bookings_bp,
        bookings_admin_bp,
    ):
        app.register_blueprint(blueprint)
    queue_api.init_app(app)  # answers a screen's unchanged poll before the other request steps


def register_errorhandlers(app: Flask) -> None:
    from mpp_lite.site.errors import init_app

    init_app(app)


def register_template_helpers(app: Flask) -> None:
    from mpp_lite.site.templating import init_app

    init_app(app)


def register_logging(app: Flask) -> None:
    from mpp_lite.site.logs import init_app

    init_app(app)


def register_commands(app: Flask) -> None:
    from mpp_lite.cli import register

    register(app)
