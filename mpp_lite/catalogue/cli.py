"""`mpp-lite catalogue export|import`: the catalogue file of catalogue/transfer.py from the command line."""

from __future__ import annotations

import json

import click
from flask.cli import with_appcontext

from mpp_lite.audit.services import record
from mpp_lite.catalogue.transfer import (
    CatalogueFileError,
    export_catalogue,
    import_catalogue,
    parse_catalogue,
)
from mpp_lite.database import in_transaction


@click.group("catalogue")
def catalogue_cli():
    """Export the service catalogue to a file, or import one (another regency's standards)."""


@catalogue_cli.command("export")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, writable=True), help="JSON file to write.")
@with_appcontext
def export_command(out):
    """Write tenants, queues and services (all 14 components) to a JSON file."""

    data = export_catalogue()
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=2)
        handle.write("\n")
    in_transaction(lambda: record("cli", "catalogue_exported", "catalogue", "", services=len(data["services"])))
    click.echo(
        f"Exported {len(data['tenants'])} tenants, {len(data['queues'])} queues and "
        f"{len(data['services'])} services to {out}"
    )


@catalogue_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--publish", is_flag=True, help="Publish every imported service (new ones are drafts otherwise).")
@with_appcontext
def import_command(path, publish):
    """Load a catalogue file; all or nothing, and importing it again changes nothing."""

    with open(path, "rb") as handle:
        raw = handle.read()

    def work():
        result = import_catalogue(parse_catalogue(raw), publish=publish)
        record("cli", "catalogue_imported", "catalogue", "", publish=publish, **result.counts())
        return result

    try:
        result = in_transaction(work)
    except CatalogueFileError as error:
        click.echo(click.style(f"{path}: nothing was imported.", fg="red"), err=True)
        for problem in error.problems:
            click.echo(f"  - {problem}", err=True)
        raise SystemExit(1) from None
    for kind in ("tenants", "queues", "services"):
        click.echo(
            f"{kind}: {len(result.created[kind])} created, {len(result.updated[kind])} updated, "
            f"{len(result.unchanged[kind])} unchanged"
        )
    if not result.changed:
        click.echo("Nothing changed: the catalogue already matches the file.")
    elif not publish and result.created["services"]:
        click.echo("New services are drafts: review and publish them in the admin (or import with --publish).")
