"""`mpp-lite notify ...` (the message channels and their sender) and `mpp-lite bookings ...`
(importing outside bookings, lapsing unused ones, the day-before reminders)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from mpp_lite.bookings import imports, notify, services
from mpp_lite.bookings.models import MessageChannel, OutgoingMessage
from mpp_lite.database import in_transaction
from mpp_lite.extensions import db
from mpp_lite.site import clock


@click.group("notify")
def notify_group():
    """Messages to citizens: WhatsApp click-to-chat, an SMS/WhatsApp gateway, e-mail."""


@notify_group.command("send")
@click.option("--limit", default=200, show_default=True, help="At most this many messages in one run.")
@with_appcontext
def send_command(limit: int):
    """Send the messages that are due (for a system scheduler; `serve` also sends every few seconds).

    Exit 0 when nothing is left waiting, 3 when some wait for a retry."""
    counts = notify.send_due(limit)
    click.echo(f"sent {counts['sent']}, waiting for a retry {counts['pending']}, given up (dead) {counts['dead']}")
    sys.exit(3 if counts["pending"] else 0)


@notify_group.command("channel")
@click.argument("name", type=click.Choice([str(c) for c in notify.CHANNELS]))
@click.option("--on/--off", "enabled", default=True, help="Switch the channel on or off.")
@click.option(
    "--set",
    "values",
    multiple=True,
    metavar="KEY=VALUE",
    help="A setting, e.g. url=https://..., method=POST, body=..., headers='Content-Type: application/json'.",
)
@with_appcontext
def channel_command(name: str, enabled: bool, values: tuple[str, ...]):
    """Set a channel as the admin page "Messages to citizens" does."""
    settings = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep:
            raise click.UsageError(f"--set needs KEY=VALUE, got {item!r}")
        settings[key.strip()] = value.replace("\\n", "\n")

    def save():
        row = db.session.get(MessageChannel, name) or MessageChannel(name=name, settings={})
        row.enabled, row.settings, row.updated_at = enabled, {**(row.settings or {}), **settings}, clock.utcnow()
        db.session.add(row)

    in_transaction(save)
    click.echo(f"{name}: {'on' if enabled else 'off'}")


@notify_group.command("status")
@with_appcontext
def status_command():
    """Messages by channel and status, as JSON."""
    rows = db.session.execute(
        db.select(OutgoingMessage.channel, OutgoingMessage.status, db.func.count()).group_by(
            OutgoingMessage.channel, OutgoingMessage.status
        )
    ).all()
    result: dict[str, dict[str, int]] = {}
    for channel, status, count in rows:
        result.setdefault(channel, {})[status] = count
    click.echo(json.dumps(result, sort_keys=True))


@click.group("bookings")
def bookings_group():
    """Bookings (reservasi): importing outside bookings, lapsing, reminders."""


@bookings_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--system", required=True, help="The other system's name, e.g. mpaspor (kept with each reference).")
@click.option(
    "--map",
    "mapping_items",
    multiple=True,
    metavar="FIELD=COLUMN",
    help="Which column holds what: reference, service, date, time, name, phone.",
)
@click.option("--dry-run", is_flag=True, help="List what would be created and the bad rows; change nothing.")
@with_appcontext
def import_command(file: Path, system: str, mapping_items: tuple[str, ...], dry_run: bool):
    """Import bookings made elsewhere from a CSV file; importing it again creates nothing new."""
    mapping = dict(imports.DEFAULT_MAPPING)
    for item in mapping_items:
        key, _sep, value = item.partition("=")
        if key not in imports.FIELDS:
            raise click.UsageError(f"unknown field {key!r}: use {', '.join(imports.FIELDS)}")
        mapping[key] = value
    content = file.read_bytes()

    def work():
        found = imports.plan(content, mapping, system)
        return found, (0 if dry_run else imports.apply(found, system, "cli"))

    try:
        found, created = in_transaction(work)
    except imports.ImportProblem as problem:
        click.echo(str(problem), err=True)
        sys.exit(1)
    for line, reason in found.bad:
        click.echo(f"row {line}: {reason}")
    verb = "would create" if dry_run else "created"
    click.echo(
        f"{verb} {len(found.create) if dry_run else created}, bad rows {len(found.bad)}, "
        f"already imported {len(found.existing)}"
    )


@bookings_group.command("lapse")
@with_appcontext
def lapse_command():
    """Mark bookings nobody checked in for by the end of their grace time as lapsed."""
    click.echo(f"lapsed {in_transaction(services.lapse_overdue)}")


@bookings_group.command("remind")
@with_appcontext
def remind_command():
    """Queue the day-before reminders of tomorrow's bookings (once per booking)."""
    click.echo(f"reminders queued {in_transaction(services.queue_reminders)}")
