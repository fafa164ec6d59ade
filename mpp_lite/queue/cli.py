"""`mpp-lite queue ...`: day-end closing for a scheduled task, and the demo devices."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import with_appcontext

from mpp_lite.audit.services import record
from mpp_lite.auth.models import ApiToken
from mpp_lite.auth.services import AccountError
from mpp_lite.console import fail, lan_addresses
from mpp_lite.database import in_transaction
from mpp_lite.extensions import db
from mpp_lite.queue.counters import close_sessions
from mpp_lite.queue.devices import create_device, ensure_demo_devices, new_pairing_code
from mpp_lite.queue.models import AT_COUNTER_STATUSES, Queue, Ticket, TicketStatus
from mpp_lite.queue.services import close_open_tickets
from mpp_lite.site import clock
from mpp_lite.site.logs import operations


@click.group("queue")
def queue_group():
    """Queue tickets: day-end closing."""


@queue_group.command("close-day")
@click.option(
    "--date", "day", default=None, help="Close open tickets of this day and earlier (YYYY-MM-DD; default today)."
)
@with_appcontext
def close_day_command(day):
    """Waiting tickets become cancelled, called ones no-show, serving ones done. Nothing is deleted.

    Run it at closing time (Task Scheduler / cron); the next day's first ticket does the same
    for any earlier day that was not closed.
    """

    try:
        through = date.fromisoformat(day) if day else clock.today()
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DD", param_hint="--date") from None
    closed, counters = in_transaction(lambda: (close_open_tickets(through=through), close_sessions(through)))
    operations.info(
        "Day closed: %d open ticket(s) and %d counter(s) of %s and earlier closed",
        closed,
        counters,
        through.isoformat(),
    )
    click.echo(f"Closed {closed} open ticket(s) and {counters} open counter(s) of {through.isoformat()} and earlier.")


@queue_group.command("pair")
@click.option("--name", required=True, help='The device\'s name, e.g. "Kiosk lobby".')
@click.option("--role", required=True, type=click.Choice(["kiosk", "display"]))
@click.option("--minutes", default=15, show_default=True, help="How long the code stays valid.")
@with_appcontext
def pair_command(name, role, minutes):
    """Create the device (or reuse it by name) and print a one-time pairing code and link."""

    def work():
        token = db.session.scalar(db.select(ApiToken).filter_by(name=name, role=role, revoked_at=None))
        if token is None:
            token = create_device(name, role)
            record("cli", "device_created", "api_token", token.id, role=role)
        return new_pairing_code(token, "cli", minutes)

    try:
        code = in_transaction(work)
    except AccountError as error:
        fail(str(error))
    addresses = lan_addresses() or ["127.0.0.1"]
    click.echo(f"Pairing code for {name} ({role}), valid {minutes} minutes, works once: {code}")
    click.echo(f"On that browser open http://{addresses[0]}:8080/perangkat/pasang?kode={code}")


@queue_group.command("status")
@with_appcontext
def status_command():
    """Today's tickets per queue: waiting, at a counter, done, not come."""
    from sqlalchemy import func

    day = clock.today()
    counts: dict[tuple[str, str], int] = {
        (prefix, status): n
        for prefix, status, n in db.session.execute(
            db.select(Queue.prefix, Ticket.status, func.count(Ticket.id))
            .join(Ticket.queue)
            .where(Ticket.day == day)
            .group_by(Queue.prefix, Ticket.status)
        )
    }
    click.echo(f"Queue tickets on {day.isoformat()}")
    click.echo(f"{'queue':<24}{'waiting':>8}{'counter':>9}{'done':>6}{'not come':>10}")
    for queue in db.session.scalars(db.select(Queue).where(Queue.active.is_(True)).order_by(Queue.prefix)):
        at_counter = sum(counts.get((queue.prefix, status), 0) for status in AT_COUNTER_STATUSES)
        label = f"{queue.prefix} {queue.name}"[:23]
        waiting, done, no_show = (
            counts.get((queue.prefix, status), 0)
            for status in (TicketStatus.WAITING, TicketStatus.DONE, TicketStatus.NO_SHOW)
        )
        click.echo(f"{label:<24}{waiting:>8}{at_counter:>9}{done:>6}{no_show:>10}")


def demo_device_lines(base_url: str | None = None) -> list[str]:
    """Create the demo kiosk and display (once) and answer printable pairing lines for them."""

    if base_url is None:  # the address other PCs on the LAN use (the default port of `serve`)
        addresses = lan_addresses()
        base_url = f"http://{addresses[0] if addresses else '127.0.0.1'}:8080"

    devices = ensure_demo_devices()
    lines = []
    for name, role, code in devices:
        what = "kiosk" if role == "kiosk" else "display"
        lines.append(f"  {name} ({what}): code {code}  ->  {base_url}/perangkat/pasang?kode={code}")
    return lines
