"""`mpp-lite queue ...`: day-end closing for a scheduled task, and the demo devices."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import with_appcontext

from mpp_lite.extensions import db


@click.group("queue")
def queue_group():
    """Queue tickets: day-end closing."""


@queue_group.command("close-day")
@click.option("--date", "day", default=None, help="Close open tickets of this day and earlier (YYYY-MM-DD; default today).")
@with_appcontext
def close_day_command(day):
    """Waiting tickets become cancelled, called ones no-show, serving ones done. Nothing is deleted.

    Run it at closing time (Task Scheduler / cron); the next day's first ticket does the same
    for any earlier day that was not closed.
    """
    from mpp_lite.queue.services import close_open_tickets
    from mpp_lite.site import clock

    try:
        through = date.fromisoformat(day) if day else clock.today()
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DD", param_hint="--date") from None
    closed = close_open_tickets(through=through)
    db.session.commit()
    click.echo(f"Closed {closed} open ticket(s) of {through.isoformat()} and earlier.")


def demo_device_lines(base_url: str | None = None) -> list[str]:
    """Create the demo kiosk and display (once) and answer printable pairing lines for them."""
    from mpp_lite.cli import lan_addresses
    from mpp_lite.queue.devices import ensure_demo_devices

    if base_url is None:  # the address other PCs on the LAN use (the default port of `serve`)
        addresses = lan_addresses()
        base_url = f"http://{addresses[0] if addresses else '127.0.0.1'}:8080"

    devices = ensure_demo_devices()
    lines = []
    for name, role, code in devices:
        what = "kiosk" if role == "kiosk" else "display"
        lines.append(f"  {name} ({what}): code {code}  ->  {base_url}/perangkat/pasang?kode={code}")
    return lines
