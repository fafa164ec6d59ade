"""`mpp-lite privacy purge` and `mpp-lite privacy export --nik NIK`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from mpp_lite.audit.services import record
from mpp_lite.database import in_transaction
from mpp_lite.privacy.services import export_person, purge, retention_days, valid_nik_format


@click.group("privacy")
def privacy_group():
    """Personal data: anonymise after retention, export one person's data."""


@privacy_group.command("purge")
@with_appcontext
def purge_command():
    """Anonymise applicants' and complainants' personal data older than the retention settings."""

    def work():
        counts = purge()
        record("cli", "privacy_purge", "", "", **counts)
        return counts

    counts = in_transaction(work)
    days = retention_days()
    click.echo(
        "Retention (days): "
        + ", ".join(f"{key.removeprefix('retention_days_')}={value}" for key, value in days.items())
    )
    click.echo(
        f"Anonymised: {counts['application']} applications, {counts['complaint']} complaints, "
        f"{counts['survey']} survey suggestions."
    )


@privacy_group.command("export")
@click.option("--nik", required=True, help="The person's 16-digit NIK.")
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write the JSON to this file instead of the screen.",
)
@click.option("--by", "requested_by", default="cli", help="Who asked for the export (for the audit log).")
@with_appcontext
def export_command(nik, out_file, requested_by):
    """Export everything held about one person (their applications) as JSON; audited."""

    nik = "".join(nik.split())
    if not valid_nik_format(nik):
        click.echo(click.style("A NIK is exactly 16 digits; check the number and try again.", fg="red"), err=True)
        sys.exit(1)

    def work():
        data = export_person(nik)
        # The audit row names the records, never the NIK itself.
        record(
            requested_by,
            "privacy_export",
            "applicant",
            "",
            applications=[item["tracking_code"] for item in data["applications"]],
        )
        return data

    data = in_transaction(work)
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if out_file:
        Path(out_file).write_text(text + "\n", encoding="utf-8")
        click.echo(f"Exported {len(data['applications'])} applications to {out_file}")
    else:
        click.echo(text)
