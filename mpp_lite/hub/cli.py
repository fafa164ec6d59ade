"""`mpp-lite hub ...`: set up, serve and administer a provincial or national hub."""

from __future__ import annotations

import os
import secrets
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from mpp_lite.hub.sites import HubError


def _app():
    from mpp_lite.hub import create_hub_app

    return create_hub_app()


def _fail(message: str, code: int = 1):
    click.echo(click.style(message, fg="red"), err=True)
    sys.exit(code)


def upgrade_database(app) -> None:
    """Bring the hub's database to the latest migration (its own folder and version table)."""
    from flask_migrate import Migrate, upgrade

    from mpp_lite.hub import MIGRATIONS
    from mpp_lite.hub.extensions import hub_db

    if "migrate" not in app.extensions:
        Migrate(app, hub_db, directory=str(MIGRATIONS), render_as_batch=True)
    with app.app_context():
        upgrade(directory=str(MIGRATIONS))


def _write_secret(path: str, secret: str) -> None:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(secret + "\n")


@contextmanager
def _hub():
    """The hub's app context for a command; HubError ends it with exit 1; its connections close with it."""
    from mpp_lite.hub.extensions import hub_db

    with _app().app_context():
        try:
            yield
        except HubError as error:
            _fail(str(error))
        finally:
            hub_db.session.remove()
            hub_db.engine.dispose()


def _run(action):
    """Run `action()` in the hub's app context as one transaction."""
    from mpp_lite.database import in_transaction

    with _hub():
        return in_transaction(action)


@click.group("hub")
def hub_group():
    """A provincial or national hub that receives every regency's MPP Lite (MPP_HUB_DATABASE_URL)."""


@hub_group.command("init")
def init_command():
    """Create the hub's folder and secret key and migrate its database (safe to run again)."""
    from mpp_lite.hub import SECRET_KEY_FILE, database_url, instance_path

    folder = instance_path()
    folder.mkdir(parents=True, exist_ok=True)
    key = folder / SECRET_KEY_FILE
    if not key.exists() or not key.read_text(encoding="utf-8").strip():
        key.write_text(secrets.token_hex(32) + "\n", encoding="utf-8")
    url = database_url(folder)
    if url.startswith("sqlite"):
        click.echo(
            click.style(
                "Note: the hub is running on SQLite, fine for a trial on one PC. A province or the "
                "nation sets MPP_HUB_DATABASE_URL=postgresql+psycopg://... (see the README).",
                fg="yellow",
            )
        )
    upgrade_database(_app())
    click.echo(f"Hub folder: {folder}")
    click.echo("Hub database: migrated to the latest version.")


@hub_group.command("serve")
@click.option("--host", default="0.0.0.0", show_default=True)
@click.option("--port", default=8090, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
def serve_command(host, port, threads):
    """Serve the hub with waitress."""
    from waitress import serve

    app = _app()
    if not app.config.get("SECRET_KEY"):
        _fail("No hub secret key: run `mpp-lite hub init` first.")
    if app.config["DATABASE_URL"].startswith("sqlite"):
        click.echo("Note: SQLite hub database (a trial); set MPP_HUB_DATABASE_URL for PostgreSQL.")
    click.echo(f"MPP Lite hub on http://{host}:{port}/ (Ctrl+C stops it)")
    serve(app, host=host, port=port, threads=threads, ident="MPP Lite hub")


@hub_group.command("add-site")
@click.option("--code", required=True, help="Kemendagri code of the regency/city, e.g. 32.04.")
@click.option("--name", required=True, help='e.g. "Kabupaten Bandung".')
@click.option("--province", required=True, help="Province code, e.g. 32.")
@click.option("--secret-out", required=True, type=click.Path(dir_okay=False), help="File to hand to the site.")
def add_site_command(code, name, province, secret_out):
    """Register a site and write its secret to a file (hand it over; the site runs `sync add-endpoint`)."""
    from mpp_lite.hub.sites import add_site
    from mpp_lite.site import clock

    _site, secret = _run(lambda: add_site(code, name, province, clock.utcnow()))
    _write_secret(secret_out, secret)
    click.echo(f"Site {code} registered; its secret is in {secret_out}.")


@hub_group.command("rotate-secret")
@click.option("--code", required=True)
@click.option("--secret-out", required=True, type=click.Path(dir_okay=False))
@click.option(
    "--overlap-hours", default=72.0, show_default=True, type=float, help="How long the old secret keeps working."
)
def rotate_secret_command(code, secret_out, overlap_hours):
    """A new secret for a site; the old one keeps working during the overlap."""
    from mpp_lite.hub.sites import rotate_secret
    from mpp_lite.site import clock

    secret = _run(lambda: rotate_secret(code, overlap_hours, clock.utcnow()))
    _write_secret(secret_out, secret)
    click.echo(f"New secret for {code} in {secret_out}; the old one works for {overlap_hours:g} more hours.")


@hub_group.command("create-user")
@click.option("--username", required=True)
@click.option("--password", required=True)
@click.option("--role", required=True, type=click.Choice(["hub_admin", "province", "site"]))
@click.option("--scope", default=None, help="Province code (32) or site code (32.04).")
def create_user_command(username, password, role, scope):
    """Create a hub user."""
    from mpp_lite.hub.access import create_user
    from mpp_lite.site import clock

    _run(lambda: create_user(username, password, role, scope, clock.utcnow()))
    click.echo(f"Hub user {username} ({role}{' ' + scope if scope else ''}) created.")


@hub_group.command("create-token")
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice(["hub_admin", "province", "site"]))
@click.option("--scope", default=None, help="Province code (32) or site code (32.04).")
def create_token_command(name, role, scope):
    """Create a hub API token; the token is the last line printed, alone."""
    from mpp_lite.hub.access import create_token
    from mpp_lite.site import clock

    token = _run(lambda: create_token(name, role, scope, clock.utcnow()))
    click.echo(f"Hub token {name} ({role}{' ' + scope if scope else ''}); shown once:")
    click.echo(token)


@hub_group.command("import")
@click.argument("bundle", type=click.Path(exists=True, dir_okay=False))
def import_command(bundle):
    """Load a site's USB bundle (`mpp-lite sync export`): every signature is checked first; importing again
    changes nothing. Exit 0 stored, 1 refused (nothing stored)."""
    from mpp_lite.database import in_transaction
    from mpp_lite.hub import bundles
    from mpp_lite.site import clock

    with _hub():
        now = clock.utcnow()
        try:
            result = in_transaction(lambda: bundles.import_bundle(bundle, now))
        except HubError as error:
            in_transaction(
                lambda error=error: bundles.log_refused_bundle("", f"hub import {Path(bundle).name}", error, now)
            )
            raise
    click.echo(
        f"Bundle {result['bundle_id']} from {result['site']} ({result['name']}): {result['records']} records "
        f"in {result['batches']} batches accepted, {result['rejected']} rejected"
        + (" (this bundle was imported before; nothing new was stored)" if result["imported_before"] else "")
        + "."
    )


@hub_group.command("forward-to")
@click.option("--url", required=True, help="The /sync address of the hub above, e.g. the national hub.")
@click.option(
    "--secret-file",
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="The secret the hub above made for this province.",
)
@click.option("--code", required=True, help="This province's code on the hub above, e.g. 32.")
def forward_to_command(url, secret_file, code):
    """Forward what this hub receives to the hub above (everything held is queued now)."""
    from mpp_lite.hub.forward import set_target
    from mpp_lite.sync.signing import read_secret_file

    try:
        secret = read_secret_file(secret_file)
    except (OSError, ValueError) as error:
        _fail(str(error))
    _run(lambda: set_target(url.strip(), secret, code.strip()))
    click.echo(f"Forwarding to {url} as {code}; run `mpp-lite hub forward` (e.g. every few minutes).")


@hub_group.command("forward")
@click.option("--batch-size", default=200, show_default=True, type=int)
def forward_command(batch_size):
    """Send the queued records to the hub above. Exit 0 nothing left, 3 some remain, 1 refused."""
    from mpp_lite.hub.forward import forward

    with _hub():
        result = forward(batch_size=batch_size)  # commits batch by batch, sends outside transactions
    click.echo(f"{result['sent']} sent, {len(result['rejected'])} rejected, {result['pending']} pending.")
    for ident, error in result["rejected"].items():
        click.echo(f"  rejected {ident}: {error}")
    if result["error"]:
        click.echo(result["error"], err=True)
    sys.exit(0 if result["pending"] == 0 else 3)
