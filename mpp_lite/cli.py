"""The `mpp-lite` command (also `flask --app mpp_lite ...`)."""

from __future__ import annotations

import signal
import sqlite3
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, ScriptInfo, with_appcontext
from sqlalchemy import exc as sqlalchemy_exc

from mpp_lite import config
from mpp_lite.applications.cli import applications_group
from mpp_lite.audit.services import record
from mpp_lite.auth.models import User
from mpp_lite.auth.services import AccountError, create_token, create_user, generate_password
from mpp_lite.backup.cli import backup_command, restore_command
from mpp_lite.backup.scheduler import start_schedule
from mpp_lite.bookings.cli import bookings_group, notify_group
from mpp_lite.bookings.sender import start_sender
from mpp_lite.catalogue.cli import catalogue_cli
from mpp_lite.console import fail, lan_addresses
from mpp_lite.database import in_transaction
from mpp_lite.dbcopy import register as register_db_copy
from mpp_lite.extensions import db
from mpp_lite.migrating import upgrade
from mpp_lite.privacy.cli import privacy_group
from mpp_lite.queue.cli import demo_device_lines, queue_group
from mpp_lite.reports.cli import report_group, reports_group
from mpp_lite.site import private
from mpp_lite.site.errors import is_disk_full
from mpp_lite.site.logs import LOG_FILE, operations, tail
from mpp_lite.site.waitress_log import summarise_queue_warnings
from mpp_lite.sync.cli import sync_group

DAMAGED_DATABASE_SIGNS = ("file is not a database", "malformed", "disk image", "not a database", "quick_check")


def is_damaged_database(error: BaseException) -> bool:
    original = getattr(error, "orig", None) or error
    return isinstance(original, sqlite3.DatabaseError) and any(
        sign in str(original).lower() for sign in DAMAGED_DATABASE_SIGNS
    )


def damaged_database_line(app: Flask, reason: str) -> str:
    """One line for a damaged SQLite file: which file, and the command that brings it back."""
    from mpp_lite.backup.services import database_path, default_backup_dir

    with app.app_context():
        path = database_path()
        backups = sorted(default_backup_dir().glob("mpp-lite-*.sqlite.gz"))
    latest = (
        str(backups[-1]) if backups else str(Path(app.instance_path) / "backups" / "mpp-lite-YYYYmmdd-HHMMSS.sqlite.gz")
    )
    return (
        f"The database {path} is damaged ({reason}). Stop the server and restore the latest backup: "
        f"mpp-lite restore {latest} --yes"
    )


class KitGroup(FlaskGroup):
    """The `mpp-lite` command: a damaged database or settings file is one line and exit 1, not a
    traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except config.ConfigFileError as error:
            backups = config.instance_path() / "backups" / "instance-files" / "config.py"
            fail(
                f"The settings file {error.path} cannot be read ({error.reason.splitlines()[0]}). Correct it, "
                f"or put back the copy kept with the backups ({backups})."
            )
        except (sqlalchemy_exc.DatabaseError, sqlite3.DatabaseError, OSError) as error:
            if is_disk_full(error):
                where = getattr(error, "filename", None) or getattr(getattr(error, "orig", None), "filename", None)
                operations.error("Storage full: %s", error)
                fail(
                    f"Storage is full (penyimpanan penuh){f' at {where}' if where else ''}: nothing was saved. "
                    "Free space on the drive (move old backups elsewhere), then run the command again."
                )
            if not isinstance(error, (sqlalchemy_exc.DatabaseError, sqlite3.DatabaseError)) or not is_damaged_database(
                error
            ):
                raise
            app = ctx.ensure_object(ScriptInfo).load_app()
            reason = str(getattr(error, "orig", None) or error).splitlines()[0]
            fail(damaged_database_line(app, reason))


# The app is found as `flask --app mpp_lite` finds it (the package's create_app), so this module,
# which the factory imports to register the commands, does not import the factory back.
@click.group(cls=KitGroup, add_version_option=False, context_settings={"default_map": {"app": "mpp_lite"}})
def main():
    """MPP Lite: Mal Pelayanan Publik kit (catalogue, queue, applications, SKM, sync)."""


def register(app: Flask) -> None:
    for command in (
        init_command,
        demo_command,
        serve_command,
        upgrade_command,
        create_user_command,
        create_token_command,
        logs_command,
        unlock_user_command,
    ):
        app.cli.add_command(command)

    app.cli.add_command(catalogue_cli)  # `mpp-lite catalogue export|import`

    register_db_copy(app)  # `mpp-lite db copy --to URL`

    for command in (backup_command, restore_command, privacy_group):
        app.cli.add_command(command)

    app.cli.add_command(report_group)  # `mpp-lite report monthly --month YYYY-MM --out FILE.pdf`
    app.cli.add_command(reports_group)  # `mpp-lite reports evidence --year 2026 --out FILE.zip`

    app.cli.add_command(applications_group)  # `mpp-lite applications notify|calendar|add-holiday|remove-holiday`

    app.cli.add_command(sync_group)  # `mpp-lite sync ...`

    app.cli.add_command(queue_group)  # `mpp-lite queue close-day`
    app.cli.add_command(notify_group)  # `mpp-lite notify send|channel|status`
    app.cli.add_command(bookings_group)  # `mpp-lite bookings import|lapse|remind`
    from mpp_lite.hub.cli import hub_group

    app.cli.add_command(hub_group)  # `mpp-lite hub ...`: the consolidation hub, a second app


def initialise(demo: bool, base_url: str = "http://127.0.0.1:8080") -> dict:
    """Create the instance folder and secret, migrate to head, make the first admin, demo data.

    Idempotent: running it again changes nothing that exists. Answers what it did.
    """

    app = current_app
    folder = Path(app.instance_path)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "backups").mkdir(exist_ok=True)
    made_secret = config.write_secret_key(folder)
    if not app.config.get("SECRET_KEY") or made_secret:
        app.config["SECRET_KEY"] = config.read_secret_key(folder)
    upgrade()
    repaired = private.repair(folder)  # after upgrade: the database file exists now
    result = {
        "secret_created": made_secret,
        "admin_password": None,
        "demo": None,
        "permissions": private.report_lines(folder, repaired),
    }
    if db.session.scalar(db.select(db.func.count(User.id))) == 0:
        password = generate_password()
        in_transaction(lambda: create_user("admin", password, "admin", full_name="Administrator", check_password=False))
        result["admin_password"] = password
    if demo:
        from mpp_lite.demo.services import (
            load_demo,  # the demo data (1,800 lines) loads for a demo only
        )

        result["demo"] = in_transaction(load_demo)

        # a demo kiosk and TV, with pairing codes
        result["devices"] = in_transaction(lambda: demo_device_lines(base_url))
    return result


def _print_init(result: dict) -> None:
    folder = current_app.instance_path
    click.echo(f"Instance folder: {folder}")
    for line in result.get("permissions", []):
        click.echo(click.style(line, fg="yellow"))
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
    return {
        "trusted_proxy": trusted,
        "trusted_proxy_count": 1,
        "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"},
    }


def database_check_problem(app: Flask) -> str | None:
    """`PRAGMA quick_check` of the SQLite database before serving; what it found, or None."""
    from mpp_lite.backup.services import database_path

    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return None
    with app.app_context():
        path = database_path()
    if not path.exists():
        return None
    try:
        connection = sqlite3.connect(path.as_posix(), timeout=30)
        try:
            rows = [row[0] for row in connection.execute("PRAGMA quick_check").fetchall()]
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        return str(error)
    return None if rows == ["ok"] else "PRAGMA quick_check: " + "; ".join(rows[:3])


def run_server(app: Flask, host: str, port: int, threads: int) -> None:
    from waitress import serve

    if not app.config.get("SECRET_KEY"):
        fail("No secret key: run `mpp-lite init` first (it creates instance/secret_key).")
    problem = database_check_problem(app)
    if problem:
        fail(damaged_database_line(app, problem))
    for line in private.report_lines(Path(app.instance_path), private.repair(Path(app.instance_path))):
        click.echo(click.style(line, fg="yellow"))
        operations.warning("%s", line)
    shown = ["127.0.0.1"] + (lan_addresses() if host in ("0.0.0.0", "::") else [])
    if host not in ("0.0.0.0", "::", "127.0.0.1"):
        shown = [host]
    click.echo("MPP Lite is running. Open these addresses:")
    for address in shown:
        base = f"http://{address}:{port}"
        click.echo(f"  catalogue {base}/   kiosk {base}/kiosk   display {base}/display   counter {base}/counter")
    click.echo("Press Ctrl+C to stop.")
    # Printed links (ticket QR, receipts) name one of these, never a Host header a client made up.
    app.config["SERVE_ADDRESSES"] = [f"{address}:{port}" for address in [*shown[1:], *shown[:1]]] + [
        f"localhost:{port}"
    ]

    start_schedule(app)  # the optional daily backup at the time set in the admin
    start_sender(app)  # messages to citizens, when a channel is switched on (bookings/notify.py)
    limit_malloc_arenas()
    operations.info(
        "Server started: MPP Lite %s, %d threads, at %s",
        config.VERSION,
        threads,
        ", ".join(f"http://{address}:{port}" for address in shown),
    )
    if hasattr(signal, "SIGTERM"):  # a service stop: leave through `finally` so that it is logged
        signal.signal(signal.SIGTERM, lambda *_args: sys.exit(0))
    summarise_queue_warnings()
    try:
        serve(
            app,
            host=host,
            port=port,
            threads=threads,
            ident="MPP Lite",
            clear_untrusted_proxy_headers=True,
            **proxy_options(app.config.get("TRUSTED_PROXY")),
        )
    finally:
        operations.info("Server stopped")


@click.command("serve")
@click.option("--host", default="0.0.0.0", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=int)
@click.option(
    "--threads",
    default=4,
    show_default=True,
    type=int,
    help="Worker threads. More add memory (about 1.5 MB each after load), not speed: Python runs "
    "one thread at a time (measured on 2 cores: 8 threads no faster than 4), and a screen's "
    "unchanged poll is answered before any view runs.",
)
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

    upgrade()
    click.echo("Database is at the latest version.")


@click.command("logs")
@click.option(
    "--tail",
    "count",
    default=50,
    show_default=True,
    type=click.IntRange(0, 100_000),
    help="How many of the newest lines to print.",
)
@with_appcontext
def logs_command(count):
    """Print the newest lines of the operational log (instance/logs/mpp-lite.log)."""
    folder = Path(current_app.instance_path) / "logs"
    lines = tail(folder, count)
    if not lines and not (folder / LOG_FILE).exists():
        click.echo(f"No log yet at {folder / LOG_FILE}.")
    for line in lines:
        click.echo(line)


@click.command("create-user")
@click.option("--username", prompt=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--role", prompt=True, type=click.Choice(["admin", "supervisor", "operator"]))
@click.option("--tenant", default=None, help="Tenant code (required for operators).")
@click.option("--full-name", default="")
@with_appcontext
def create_user_command(username, password, role, tenant, full_name):
    """Create a staff account."""

    def work():
        user = create_user(username, password, role, tenant, full_name=full_name)
        record("cli", "user_created", "user", user.id, role=role)
        return user

    try:
        user = in_transaction(work)
    except AccountError as error:
        fail(str(error))
    click.echo(f"User {user.username} ({user.role}) created.")


@click.command("unlock-user")
@click.option("--username", required=True)
@with_appcontext
def unlock_user_command(username):
    """Forget an account's failed sign-ins, so that no client has to wait before trying again."""
    from mpp_lite.audit.services import record
    from mpp_lite.auth.models import User
    from mpp_lite.auth.services import unlock_user

    user = db.session.scalar(db.select(User).filter(db.func.lower(User.username) == username.strip().lower()))
    if user is None:
        fail(f"No account named {username!r}.")
    clients = unlock_user(user)
    record("cli", "user_unlocked", "user", user.id)
    db.session.commit()
    operations.info("Account %r: failed sign-ins cleared from the command line", user.username)
    click.echo(f"Failed sign-ins of {user.username} cleared ({clients} client(s) no longer wait).")


@click.command("create-token")
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice(["kiosk", "display", "operator", "admin", "sync"]))
@click.option("--tenant", default=None, help="Tenant code (required for operator tokens).")
@with_appcontext
def create_token_command(name, role, tenant):
    """Create a bearer token for a device or integration; the token is the last line."""

    def work():
        token, raw = create_token(name, role, tenant)
        record("cli", "token_created", "api_token", token.id, role=role)
        return token, raw

    try:
        token, raw = in_transaction(work)
    except AccountError as error:
        fail(str(error))
    click.echo(f"Token for {name} ({role}) created. Keep it secret; it is shown only once:")
    click.echo(raw)


if __name__ == "__main__":
    main()
