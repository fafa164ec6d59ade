"""Alembic environment of the hub: its own tables, its own version table."""

import logging

from alembic import context
from flask import current_app

import mpp_lite.hub.models  # noqa: F401  every hub table, for autogenerate

config = context.config
logger = logging.getLogger("alembic.env")
VERSION_TABLE = "hub_alembic_version"


def get_engine():
    return current_app.extensions["migrate"].db.engine


def get_metadata():
    return current_app.extensions["migrate"].db.metadata


def run_migrations_offline():
    url = get_engine().url.render_as_string(hide_password=False)
    context.configure(url=url, target_metadata=get_metadata(), literal_binds=True, version_table=VERSION_TABLE)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    conf_args = dict(current_app.extensions["migrate"].configure_args)
    with get_engine().connect() as connection:
        context.configure(
            connection=connection, target_metadata=get_metadata(), version_table=VERSION_TABLE, **conf_args
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
