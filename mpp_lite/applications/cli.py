"""`mpp-lite applications ...`: notifications, the working-day calendar, due dates."""

from __future__ import annotations

import sys
from datetime import date

import click
from flask.cli import with_appcontext

from mpp_lite.applications import services
from mpp_lite.applications.calendar import WorkingCalendar, national_holidays
from mpp_lite.applications.models import LocalHoliday
from mpp_lite.applications.notify import get_sender, send_pending
from mpp_lite.auth.permissions import Actor
from mpp_lite.database import in_transaction
from mpp_lite.extensions import db
from mpp_lite.site import clock

CLI_ACTOR = Actor(kind="cli", role="admin", name="cli")


@click.group("applications")
def applications_group():
    """Applications (permohonan): notifications and the working-day calendar."""


@applications_group.command("notify")
@click.option("--limit", default=100, show_default=True, help="At most this many messages in one run.")
@with_appcontext
def notify_command(limit: int):
    """Send pending notifications through the configured sender (NOTIFY_SENDER).

    Exit 0 when none remain pending, 3 when some wait for a retry, 1 when no sender is set.
    """

    if get_sender() is None:
        click.echo(
            "No notification sender is configured (set MPP_NOTIFY_SENDER=webhook and MPP_NOTIFY_WEBHOOK_URL); "
            "notifications stay on this PC.",
            err=True,
        )
        sys.exit(1)
    counts = send_pending(limit)  # commits each outcome itself, the gateway called outside
    click.echo(f"sent {counts['sent']}, failed for good {counts['failed']}, waiting for a retry {counts['pending']}")
    sys.exit(3 if counts["pending"] else 0)


@applications_group.command("calendar")
@click.option("--year", type=int, default=None, help="Year to list (default: this year).")
@with_appcontext
def calendar_command(year: int | None):
    """List the days that are not worked: national holidays, cuti bersama and local days."""

    year = year or clock.today().year
    calendar = WorkingCalendar()
    days = dict(national_holidays(year))
    for day, (kind, name) in calendar.local.items():
        if day.year == year:
            days[day] = f"{name} ({'local holiday' if kind == 'holiday' else 'working day: correction'})"
    for day in sorted(days):
        mark = "open " if calendar.is_working_day(day) else "closed"
        click.echo(f"{day.isoformat()} {day:%a} {mark} {days[day]}")


@applications_group.command("add-holiday")
@click.option("--date", "day", required=True, help="YYYY-MM-DD")
@click.option("--name", required=True)
@click.option("--working-day", is_flag=True, help="A correction: the office is open that day.")
@with_appcontext
def add_holiday_command(day: str, name: str, working_day: bool):
    """Add a local holiday (or a working-day correction) and move the due dates it affects."""

    try:
        parsed = date.fromisoformat(day)
    except ValueError:
        click.echo("The date must look like 2026-03-26.", err=True)
        sys.exit(1)
    in_transaction(
        lambda: services.save_local_holiday(CLI_ACTOR, parsed, name, "working_day" if working_day else "holiday")
    )
    click.echo(f"Saved {parsed.isoformat()}: {name}. Due dates of open applications were recalculated.")


@applications_group.command("remove-holiday")
@click.option("--date", "day", required=True, help="YYYY-MM-DD")
@with_appcontext
def remove_holiday_command(day: str):
    """Remove a local day and move the due dates it affected."""

    try:
        parsed = date.fromisoformat(day)
    except ValueError:
        click.echo("The date must look like 2026-03-26.", err=True)
        sys.exit(1)
    row = db.session.scalar(db.select(LocalHoliday).filter_by(day=parsed))
    if row is None:
        click.echo(f"No local day on {parsed.isoformat()}.", err=True)
        sys.exit(1)
    in_transaction(lambda: services.delete_local_holiday(CLI_ACTOR, row.id))
    click.echo(f"Removed {parsed.isoformat()}.")


@applications_group.command("import-holidays")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Check the file and show what would change; store nothing.")
@with_appcontext
def import_holidays_command(path: str, dry_run: bool):
    """Import a year's official list of national holidays and cuti bersama (CSV or JSON).

    The list replaces the bundled data for its year and moves the due dates it affects. A file
    with any bad row changes nothing: each bad row is named. Exit 0 imported (or checked), 1 not.
    """
    from pathlib import Path

    from mpp_lite.applications.holiday_import import import_official_list, parse_official_list
    from mpp_lite.applications.services import InvalidInput

    parsed = parse_official_list(Path(path).read_bytes(), Path(path).name)
    try:
        result = (
            import_official_list(CLI_ACTOR, parsed, dry_run=True)
            if dry_run
            else in_transaction(lambda: import_official_list(CLI_ACTOR, parsed))
        )
    except InvalidInput as error:
        click.echo(error.message, err=True)
        for where, problem in error.fields.items():
            click.echo(f"  {where}: {problem}", err=True)
        sys.exit(1)
    for day in result.added:
        click.echo(f"  + {day.isoformat()} becomes a day off")
    for day in result.removed:
        click.echo(f"  - {day.isoformat()} is no longer a day off (the bundled data only estimated it)")
    if dry_run:
        click.echo(f"Checked: {result.year}, {result.days} days ({result.cuti_bersama} cuti bersama). Nothing stored.")
        return
    click.echo(
        f"Imported the official list for {result.year}: {result.days} days ({result.cuti_bersama} cuti "
        f"bersama). Due dates moved: {result.due_dates_moved}."
    )
