"""`mpp-lite report monthly --month YYYY-MM --out FILE.pdf`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from mpp_lite.database import in_transaction
from mpp_lite.reports.rollups import clear_rollups, ensure_rollups, settled_until
from mpp_lite.reports.services import PeriodError, month_period
from mpp_lite.site import clock
from mpp_lite.site.services import get_settings


@click.group("report")
def report_group():
    """Reports: the monthly performance PDF."""


@report_group.command("monthly")
@click.option("--month", required=True, help="The month, as YYYY-MM (e.g. 2026-11).")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="PDF file to write.")
@with_appcontext
def monthly_command(month: str, out: Path):
    """Write the monthly performance report (visitors, waits, SLA, IKM, complaints) as a PDF."""
    try:
        period = month_period(month)
    except PeriodError as error:
        raise click.BadParameter(error.message, param_hint="--month") from error
    from mpp_lite.reports.pdf import monthly_report  # reportlab loads with the first report

    buffer = monthly_report(period, get_settings())
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(buffer.getvalue())
    click.echo(f"Monthly report {period.start:%Y-%m} written: {out}")
    click.echo(str(out))


@click.command("evidence")
@click.option("--year", type=click.IntRange(2000, 2100), default=None, help="The evaluated year (default: this year).")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="ZIP file to write.")
@with_appcontext
def evidence_command(year: int | None, out: Path):
    """Write the PEKPPP evidence pack: Maklumat, standards, consultations, SKM with follow-up,
    complaints against their deadlines and the monthly reports, in one ZIP."""
    import zipfile

    from mpp_lite.reports.evidence import build_evidence_pack

    year = year or clock.today().year
    buffer = build_evidence_pack(year)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(buffer.getvalue())
    with zipfile.ZipFile(out) as pack:
        names = pack.namelist()
    click.echo(f"Evidence pack {year}: {len(names)} files")
    click.echo(str(out))


report_group.add_command(evidence_command)
# The issue and the README say `mpp-lite reports evidence`; both spellings work.
reports_group = click.Group(
    "reports",
    help="Reports: the PEKPPP evidence pack (also `report evidence`).",
    commands={"evidence": evidence_command},
)


@report_group.command("rollup")
@click.option("--rebuild", is_flag=True, help="Forget the stored daily figures first and compute them again.")
@click.option("--from", "start", default=None, help="First day (YYYY-MM-DD); default: all stored days / 5 years back.")
@click.option("--to", "end", default=None, help="Last day (YYYY-MM-DD).")
@with_appcontext
def rollup_command(rebuild: bool, start: str | None, end: str | None):
    """Compute the daily report figures of settled days now (e.g. nightly, or after a correction)."""
    from datetime import date, timedelta

    try:
        first = date.fromisoformat(start) if start else clock.today() - timedelta(days=5 * 366)
        last = date.fromisoformat(end) if end else settled_until()
    except ValueError as error:
        raise click.BadParameter("YYYY-MM-DD") from error
    if rebuild:
        removed = in_transaction(lambda: clear_rollups(first if start else None, last if end else None))
        click.echo(f"Forgot {removed} rolled-up days.")
    rolled = ensure_rollups(first, last)  # commits month by month itself
    click.echo(f"Daily figures ready up to {rolled[1].isoformat()}." if rolled else "No settled days in that range.")
