"""The `mpp-lite` command (also `flask --app mpp_lite ...`)."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from mpp_lite import config
from mpp_lite.extensions import db
from mpp_lite.site.waitress_log import summarise_queue_warnings


def _create_app(*args, **kwargs):
    from mpp_lite import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False)
def main():
    """MPP Lite: Mal Pelayanan Publik kit (catalogue, queue, applications, SKM, sync)."""


def register(app: Flask) -> None:
    for command in (init_command, demo_command, serve_command, upgrade_command,
                    create_user_command, create_token_command):
        app.cli.add_command(command)
    from mpp_lite.catalogue.transfer import catalogue_cli

    app.cli.add_command(catalogue_cli)  # `mpp-lite catalogue export|import`
    from mpp_lite.dbcopy import register as register_db_copy

    register_db_copy(app)  # `mpp-lite db copy --to URL`
    from mpp_lite.backup.cli import backup_command, restore_command
    from mpp_lite.privacy.cli import privacy_group

    for command in (backup_command, restore_command, privacy_group):
        app.cli.add_command(command)
    from mpp_lite.reports.cli import report_group

    app.cli.add_command(report_group)  # `mpp-lite report monthly --month YYYY-MM --out FILE.pdf`
    from mpp_lite.applications.cli import applications_group

    app.cli.add_command(applications_group)  # `mpp-lite applications notify|calendar|add-holiday|remove-holiday`
    from mpp_lite.sync.cli import sync_group

    app.cli.add_command(sync_group)  # `mpp-lite sync ...`
    from mpp_lite.queue.cli import queue_group

    app.cli.add_command(queue_group)  # `mpp-lite queue close-day`
    from mpp_lite.hub.cli import hub_group

    app.cli.add_command(hub_group)  # `mpp-lite hub ...`: the consolidation hub, a second app


def fail(message: str, code: int = 1):
    click.echo(click.style(message, fg="red"), err=True)
    sys.exit(code)


def initialise(demo: bool, base_url: str = "http://127.0.0.1:8080") -> dict:
    """Create the instance folder and secret, migrate to head, make the first admin, demo data.

    Idempotent: running it again changes nothing that exists. Answers what it did.
    """
    from mpp_lite.auth.models import User
    from mpp_lite.auth.services import create_user, generate_password
    from mpp_lite.migrating import upgrade

    app = current_app
    folder = Path(app.instance_path)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "backups").mkdir(exist_ok=True)
    made_secret = config.write_secret_key(folder)
    if not app.config.get("SECRET_KEY") or made_secret:
        app.config["SECRET_KEY"] = config.read_secret_key(folder)
    upgrade()
    result = {"secret_created": made_secret, "admin_password": None, "demo": None}
    if db.session.scalar(db.select(db.func.count(User.id))) == 0:
        password = generate_password()
        create_user("admin", password, "admin", full_name="Administrator", check_password=False)
        db.session.commit()
        result["admin_password"] = password
    if demo:
        from mpp_lite.demo.services import load_demo

        result["demo"] = load_demo()
        db.session.commit()
        from mpp_lite.queue.cli import demo_device_lines

        result["devices"] = demo_device_lines(base_url)  # a demo kiosk and TV, with pairing codes
        db.session.commit()
    return result


def _print_init(result: dict) -> None:
    folder = current_app.instance_path
    click.echo(f"Instance folder: {folder}")
    click.echo("Database: migrated to the latest version.")
    if result["admin_password"]:
        click.echo(click.style("First administrator created (shown only once; write it down):", fg="yellow"))
        click.echo(f"  username: admin\n  password: {result['admin_password']}")
    demo = result.get("demo")
    if demo and demo.get("accounts"):
        click.echo("Demo data loaded. Staff accounts (shown only once):")
        for username, password in demo["accounts"]:
            click.echo(f"  {username}: {password}")
    elif demo is not None:
        click.echo("Demo data was already loaded; nothing changed.")
    if result.get("devices"):
        click.echo("Pair the demo kiosk and TV: open the link on that browser (each code works once):")
        for line in result["devices"]:
            click.echo(line)


@click.command("init")
@click.option("--demo", is_flag=True, help="Also load the demo regency's data (once).")
@with_appcontext
def init_command(demo):
    """Create the instance folder, secret key and database (safe to run again)."""
    _print_init(initialise(demo))


def lan_addresses() -> list[str]:
    addresses = set()
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))  # no packet is sent; picks the LAN interface
            addresses.add(probe.getsockname()[0])
    except OSError:
        pass
    try:
        addresses.update(socket.gethostbyname_ex(socket.gethostname())[2])
    except OSError:
        pass
    return sorted(a for a in addresses if not a.startswith("127."))


def limit_malloc_arenas(arenas: int = 2) -> None:
    """glibc gives each busy thread a memory arena of its own and keeps what it once used; with
    several server threads that is a few MB that a small PC gets back by sharing two (measured:
    about 3 MB less after load, no change in speed, the GIL lets one thread run Python at a
    time anyway). Linux with glibc only; elsewhere nothing to do."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt(-8, arenas)  # M_ARENA_MAX
    except (OSError, AttributeError):
        pass  # not glibc (e.g. musl): it has no per-thread arenas to limit


def proxy_options(trusted: str | None) -> dict:
    """Behind nginx (MPP_TRUSTED_PROXY=127.0.0.1): take the client's address and scheme from the
    proxy's X-Forwarded-For/-Proto, so rate limits and logs see each visitor, not the proxy.
    Those headers from anyone else are dropped."""
    if not trusted:
        return {}
    return {"trusted_proxy": trusted, "trusted_proxy_count": 1,
            "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"}}


def run_server(app: Flask, host: str, port: int, threads: int) -> None:
    from waitress import serve

    if not app.config.get("SECRET_KEY"):
        fail("No secret key: run `mpp-lite init` first (it creates instance/secret_key).")
    shown = ["127.0.0.1"] + (lan_addresses() if host in ("0.0.0.0", "::") else [])
    if host not in ("0.0.0.0", "::", "127.0.0.1"):
        shown = [host]
    click.echo("MPP Lite is running. Open these addresses:")
    for address in shown:
        base = f"http://{address}:{port}"
        click.echo(f"  catalogue {base}/   kiosk {base}/kiosk   display {base}/display   counter {base}/counter")
    click.echo("Press Ctrl+C to stop.")
    from mpp_lite.backup.scheduler import start_schedule

    start_schedule(app)  # the optional daily backup at the time set in the admin
    limit_malloc_arenas()
    summarise_queue_warnings()
    serve(app, host=host, port=port, threads=threads, ident="MPP Lite", clear_untrusted_proxy_headers=True,
          **proxy_options(app.config.get("TRUSTED_PROXY")))


@click.command("serve")
@click.option("--host", default="0.0.0.0", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=int)
@click.option("--threads", default=4, show_default=True, type=int,
              help="Worker threads. More add memory (about 2.5 MB each after load), not speed: Python runs "
                   "one thread at a time, and screens' unchanged polls never reach a thread.")
@with_appcontext
def serve_command(host, port, threads):
    """Serve the kit with waitress (kiosks and screens on the LAN connect to it)."""
    run_server(current_app._get_current_object(), host, port, threads)


@click.command("demo")
@click.option("--host", default="0.0.0.0", show_default=True)
@click.option("--port", default=8080, show_default=True, type=int)
@with_appcontext
def demo_command(host, port):
    """`init --demo`, print the addresses and passwords, then serve."""
    _print_init(initialise(demo=True, base_url=f"http://127.0.0.1:{port}"))
    run_server(current_app._get_current_object(), host, port, 4)


@click.command("upgrade")
@with_appcontext
def upgrade_command():
    """Apply database migrations (keeps all data)."""
    from mpp_lite.migrating import upgrade

    upgrade()
    click.echo("Database is at the latest version.")


@click.command("create-user")
@click.option("--username", prompt=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--role", prompt=True, type=click.Choice(["admin", "supervisor", "operator"]))
@click.option("--tenant", default=None, help="Tenant code (required for operators).")
@click.option("--full-name", default="")
@with_appcontext
def create_user_command(username, password, role, tenant, full_name):
    """Create a staff account."""
    from mpp_lite.audit.services import record
    from mpp_lite.auth.services import AccountError, create_user

    try:
        user = create_user(username, password, role, tenant, full_name=full_name)
    except AccountError as error:
        db.session.rollback()
        fail(str(error))
    record("cli", "user_created", "user", user.id, role=role)
    db.session.commit()
    click.echo(f"User {user.username} ({user.role}) created.")


@click.command("create-token")
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice(["kiosk", "display", "operator", "admin", "sync"]))
@click.option("--tenant", default=None, help="Tenant code (required for operator tokens).")
@with_appcontext
def create_token_command(name, role, tenant):
    """Create a bearer token for a device or integration; the token is the last line."""
    from mpp_lite.audit.services import record
    from mpp_lite.auth.services import AccountError, create_token

    try:
        token, raw = create_token(name, role, tenant)
    except AccountError as error:
        db.session.rollback()
        fail(str(error))
    record("cli", "token_created", "api_token", token.id, role=role)
    db.session.commit()
    click.echo(f"Token for {name} ({role}) created. Keep it secret; it is shown only once:")
    click.echo(raw)


if __name__ == "__main__":
    main()
