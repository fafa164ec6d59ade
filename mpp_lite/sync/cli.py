"""`mpp-lite sync ...`: endpoints, push, status, policy, the reference receiver, export bundles.

Each command imports what it runs: the server registers these commands at start, and the push
client, the receiver and the bundles stay out of its memory until a push or a command needs them.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from mpp_lite.database import in_transaction
from mpp_lite.extensions import db
from mpp_lite.sync.models import DeliveryState

EXIT_OK, EXIT_ERROR, EXIT_PENDING, EXIT_LOCKED = 0, 1, 3, 4


def _fail(message: str, code: int = EXIT_ERROR):
    db.session.rollback()
    click.echo(click.style(message, fg="red"), err=True)
    sys.exit(code)


def _secret_from(path: str) -> str:
    from mpp_lite.sync.signing import read_secret_file

    try:
        return read_secret_file(path)
    except (OSError, ValueError) as error:
        _fail(f"Cannot read the secret file: {error}")


@click.group("sync")
def sync_group():
    """Send records to the national/provincial system (outbox, signed push, receiver, bundles)."""


@sync_group.command("add-endpoint")
@click.option("--name", required=True, help="A short name, e.g. provinsi.")
@click.option("--url", required=True, help="The receiver's address, e.g. https://mpp.jabarprov.go.id/sync")
@click.option("--secret-file", required=True, type=click.Path(dir_okay=False), help="File holding the shared secret.")
@click.option("--batch-size", default=100, show_default=True, type=int)
@click.option(
    "--policy",
    type=click.Choice(["default", "full"]),
    default="default",
    show_default=True,
    help="full also sends NIK, phone and names: only with a legal basis.",
)
@click.option("--legal-basis", default="", help="Why the full policy is lawful (kept with the endpoint).")
@click.option("--no-backlog", is_flag=True, help="Send only changes from now on, not the records that exist.")
@with_appcontext
def add_endpoint_command(name, url, secret_file, batch_size, policy, legal_basis, no_backlog):
    """Add an endpoint; the records that exist are queued for it (latest versions)."""
    from mpp_lite.audit.services import record
    from mpp_lite.sync.services import SyncError, add_endpoint

    secret = _secret_from(secret_file)
    if policy == "full" and not legal_basis.strip():
        _fail("The full policy sends NIK, phone numbers and names: give the legal basis with --legal-basis.")

    def work():
        endpoint = add_endpoint(
            name, url, secret, batch_size, policy=policy, legal_basis=legal_basis, backlog=not no_backlog
        )
        record("cli", "sync_endpoint_added", "sync_endpoint", endpoint.id, name=endpoint.name, policy=policy)
        return endpoint

    try:
        endpoint = in_transaction(work)
    except SyncError as error:
        _fail(str(error))
    click.echo(
        f"Endpoint {endpoint.name} added ({endpoint.url}, policy {endpoint.policy}, batches of {endpoint.batch_size})."
    )


@sync_group.command("list")
@with_appcontext
def list_command():
    """List the endpoints."""
    from mpp_lite.sync.services import list_endpoints

    endpoints = list_endpoints()
    if not endpoints:
        click.echo("No endpoints. Add one with `mpp-lite sync add-endpoint --name N --url URL --secret-file F`.")
        return
    for e in endpoints:
        state = "enabled" if e.enabled else "disabled"
        click.echo(f"{e.name}\t{e.url}\t{state}\tpolicy={e.policy}\tbatch={e.batch_size}")


@sync_group.command("remove")
@click.argument("name")
@with_appcontext
def remove_command(name):
    """Remove an endpoint and its delivery state (the outbox stays)."""
    from mpp_lite.audit.services import record
    from mpp_lite.sync.services import get_endpoint, remove_endpoint

    endpoint = get_endpoint(name)
    if endpoint is None:
        _fail(f"No endpoint named {name!r}; see `mpp-lite sync list`.")

    def work():
        record("cli", "sync_endpoint_removed", "sync_endpoint", endpoint.id, name=name)
        remove_endpoint(endpoint)

    in_transaction(work)
    click.echo(f"Endpoint {name} removed.")


@sync_group.command("site")
@click.option("--code", required=True, help="This site's code as the receiver knows it, e.g. 32.04.")
@click.option("--name", default=None, help="The MPP's name (also the site name in batches).")
@with_appcontext
def site_command(code, name):
    """Set the site code sent with every batch."""
    from mpp_lite.sync.services import SyncError, set_site

    try:
        in_transaction(lambda: set_site(code, name))
    except SyncError as error:
        _fail(str(error))
    click.echo(f"Site code set to {code.strip()}.")


def _progress_printer():
    interactive = sys.stdout.isatty()

    def show(result):
        if result.total <= 0:
            return
        line = f"  {result.name}: {result.sent}/{result.total} sent"
        if interactive:
            click.echo("\r" + line, nl=False)
        else:
            click.echo(line)

    return show


@sync_group.command("push")
@click.option("--endpoint", "endpoint_name", default=None, help="Only this endpoint.")
@with_appcontext
def push_command(endpoint_name):
    """Send pending records. Exit 0 nothing pending, 3 some pending, 1 config/auth error, 4 locked."""
    from mpp_lite.sync.push import PushLocked, push
    from mpp_lite.sync.services import SyncError

    try:
        result = push(endpoint_name, progress=_progress_printer())
    except PushLocked as error:
        _fail(str(error), EXIT_LOCKED)
    except SyncError as error:
        from mpp_lite.site.logs import operations

        operations.error("Sync push not run: %s", error)
        _fail(str(error), EXIT_ERROR)
    if sys.stdout.isatty():
        click.echo()
    for r in result.endpoints:
        click.echo(
            f"{r.name}: {r.sent} sent in {r.batches} batch(es), {len(r.dead)} dead"
            + (f", last error: {r.error}" if r.error else "")
        )
        for line in r.dead:
            click.echo(click.style(f"  dead: {line}", fg="red"))
    fatal = result.fatal
    if fatal is not None:
        _fail(f"Push stopped at {fatal.name}: {fatal.error}", EXIT_ERROR)
    if result.pending:
        click.echo(f"{result.pending} record(s) still pending (failed in this run or waiting out their backoff).")
        sys.exit(EXIT_PENDING)
    click.echo("Nothing pending.")


@sync_group.command("status")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable.")
@with_appcontext
def status_command(as_json):
    """Pending / sent / dead per endpoint and record type."""
    from mpp_lite.sync.services import status

    answer = status()
    if as_json:
        click.echo(json.dumps(answer, indent=2))
        return
    if not answer["endpoints"]:
        click.echo("No endpoints configured.")
    for e in answer["endpoints"]:
        click.echo(f"{e['name']}: last success {e['last_success'] or '-'}; last error {e['last_error'] or '-'}")
        for state in (DeliveryState.PENDING, DeliveryState.SENT, DeliveryState.DEAD):
            parts = ", ".join(f"{k} {v}" for k, v in e[state].items())
            click.echo(f"  {state:8} {sum(e[state].values()):6}  ({parts})")


@sync_group.command("retry-dead")
@click.option("--endpoint", "endpoint_name", default=None)
@with_appcontext
def retry_dead_command(endpoint_name):
    """Put dead rows back to pending (after the cause is fixed)."""
    from mpp_lite.sync.services import get_endpoint, retry_dead

    endpoint = None
    if endpoint_name:
        endpoint = get_endpoint(endpoint_name)
        if endpoint is None:
            _fail(f"No endpoint named {endpoint_name!r}.")
    count = in_transaction(lambda: retry_dead(endpoint))
    click.echo(f"{count} row(s) pending again; run `mpp-lite sync push`.")


@sync_group.command("policy")
@click.option("--json", "as_json", is_flag=True)
def policy_command(as_json):
    """Print which fields leave the PC under each policy."""
    from mpp_lite.sync.policy import describe, describe_json

    if as_json:
        click.echo(json.dumps(describe_json(), indent=2))
    else:
        click.echo(describe(), nl=False)


@sync_group.command("receive")
@click.option("--port", default=8090, show_default=True, type=int)
@click.option(
    "--secret-file",
    required=True,
    type=click.Path(exists=True),
    help="The shared secret, or a folder with one secret file per site code.",
)
@click.option("--db", "db_file", required=True, type=click.Path(dir_okay=False), help="The receiver's SQLite file.")
@click.option("--host", default="0.0.0.0", show_default=True)
@click.option("--threads", default=4, show_default=True, type=int)
def receive_command(port, secret_file, db_file, host, threads):
    """Run the reference receiver (what a province or ministry runs)."""
    from mpp_lite.sync.receiver import serve

    click.echo(f"MPP Lite reference receiver on http://{host}:{port}/ (database {db_file}). Ctrl+C stops it.")
    try:
        serve(port, secret_file, db_file, host=host, threads=threads, log=lambda line: click.echo(line))
    except ValueError as error:
        _fail(str(error))


def _parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DD") from None


@sync_group.command("export")
@click.option("--since", required=True, help="YYYY-MM-DD: records changed on or after this local date.")
@click.option("--out", required=True, type=click.Path(dir_okay=False))
@click.option("--endpoint", "endpoint_name", default=None, help="Sign with this endpoint's secret and policy.")
@click.option(
    "--secret-file",
    default=None,
    type=click.Path(dir_okay=False),
    help="Sign with this secret instead (default policy).",
)
@with_appcontext
def export_command(since, out, endpoint_name, secret_file):
    """Write a signed bundle of batches for carrying on a USB stick."""
    from mpp_lite.sync.bundles import export_bundle
    from mpp_lite.sync.services import SyncError, get_endpoint, list_endpoints, site_identity

    since_day = _parse_date(since)
    try:
        site = site_identity()
    except SyncError as error:
        _fail(str(error))
    policy, batch_size = "default", 100
    if secret_file:
        secret = _secret_from(secret_file)
    else:
        endpoint = get_endpoint(endpoint_name) if endpoint_name else None
        if endpoint_name and endpoint is None:
            _fail(f"No endpoint named {endpoint_name!r}.")
        if endpoint is None:
            endpoints = list_endpoints()
            if len(endpoints) != 1:
                _fail("Say which secret signs the bundle: --endpoint NAME or --secret-file F.")
            endpoint = endpoints[0]
        secret, policy, batch_size = endpoint.secret, endpoint.policy, endpoint.batch_size
    manifest = export_bundle(Path(out), since_day, site, secret, policy, batch_size)
    click.echo(f"{manifest['records']} record(s) in {len(manifest['batches'])} batch(es), policy {policy}.")
    click.echo(str(Path(out).resolve()))


@sync_group.command("import")
@click.argument("bundle", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--db",
    "db_file",
    default=None,
    type=click.Path(dir_okay=False),
    help="The receiver's SQLite file (default: MPP_SYNC_RECEIVER_DB or instance/sync-receiver.sqlite).",
)
@click.option(
    "--secret-file",
    default=None,
    type=click.Path(exists=True),
    help="The receiver's secret file or folder (default: MPP_SYNC_RECEIVER_SECRET_FILE or "
    "instance/sync-receiver.secret).",
)
@with_appcontext
def import_command(bundle, db_file, secret_file):
    """Load a bundle into the receiver's database (checks every signature first; idempotent)."""
    from mpp_lite.sync.bundles import BundleError, import_bundle

    instance = Path(current_app.instance_path)
    db_file = db_file or current_app.config.get("SYNC_RECEIVER_DB") or instance / "sync-receiver.sqlite"
    secret_file = (
        secret_file or current_app.config.get("SYNC_RECEIVER_SECRET_FILE") or instance / "sync-receiver.secret"
    )
    if not Path(secret_file).exists():
        _fail(
            f"No receiver secret at {secret_file}: pass --secret-file F (the file or folder `sync receive` "
            "uses), or set MPP_SYNC_RECEIVER_SECRET_FILE."
        )
    try:
        result = import_bundle(Path(bundle), Path(db_file), Path(secret_file))
    except BundleError as error:
        _fail(f"Bundle refused, nothing stored: {error}")
    click.echo(
        f"Site {result['site']}: {result['records']} record(s) in {result['batches']} batch(es); "
        f"{result['new_versions']} new version(s) stored"
        + (" (this bundle was imported before)" if result["imported_before"] else "")
        + "."
    )
