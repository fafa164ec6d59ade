"""USB bundles on the hub: a site's `mpp-lite sync export` zip, for regencies with no connection.

The bundle is checked with the site's secrets as registered on the hub (every hash and
signature, the manifest's too, before anything is stored: one changed byte refuses it all;
during a rotation's overlap either secret will do), then each batch is stored by the same
`ingest.store` as a pushed one, so a bundle imported twice, or records that also came over the
wire, change nothing. Bundles are not held to the 300 s window of a push: they travel for days.
"""

from __future__ import annotations

from datetime import datetime
from typing import BinaryIO
from zoneinfo import ZoneInfo

from mpp_lite.errors import FORBIDDEN, UNAUTHORIZED
from mpp_lite.hub import ingest
from mpp_lite.hub.extensions import hub_db as db
from mpp_lite.hub.models import HubBundle, HubRefusal, HubSite
from mpp_lite.hub.sites import HubError, valid_secrets
from mpp_lite.sync.bundles import BundleError, verify_bundle


class RegisteredSecrets:
    """The secret store `verify_bundle` asks: a registered site's secrets valid at `now`."""

    def __init__(self, now: datetime):
        self.now = now

    def secrets_for(self, code: str) -> list[str]:
        if not isinstance(code, str) or db.session.get(HubSite, code[:16]) is None:
            return []
        return valid_secrets(code, self.now)


def import_bundle(source: str | BinaryIO, now: datetime, viewer=None) -> dict:
    """Verify and store a bundle (a path or an open file); idempotent. Flushes, the caller commits.

    `viewer` (None: the command line, which may import for any site) must be allowed to see the
    bundle's site. Answers {"bundle_id", "site", "batches", "records", "rejected", "imported_before"}.
    Raises HubError (code "bundle_refused", kind unauthorized; "forbidden") when nothing was stored.
    """
    try:
        manifest, batches = verify_bundle(source, RegisteredSecrets(now))
    except BundleError as error:
        raise HubError(f"The bundle was refused: {error.message}", UNAUTHORIZED, code="bundle_refused") from error
    site = db.session.get(HubSite, manifest["site"]["code"])
    if viewer is not None and not viewer.may_see(site):
        raise HubError(f"The bundle is for site {site.code}, outside what you may see.", FORBIDDEN, code="forbidden")
    sender = ingest.Sender(site=site, signature=None)
    # Every month's partition before this transaction writes a record: a partition made between two
    # batches would wait, on another connection, for this very transaction (PostgreSQL).
    zone = ZoneInfo(site.timezone)
    ingest.ensure_partitions(
        {
            ingest.record_day(record, zone)
            for batch in batches
            for record in batch["records"]
            if ingest.record_problem(record) is None and record["type"] != "service"
        }
    )
    accepted = rejected = 0
    for batch in batches:
        answer = ingest.store(sender, batch, now)
        accepted += len(answer["accepted"])
        rejected += len(answer["rejected"])
    bundle_id = str(manifest.get("bundle_id") or "")[:64]
    before = db.session.get(HubBundle, bundle_id)
    if before is None:
        db.session.add(
            HubBundle(
                bundle_id=bundle_id,
                site_code=site.code,
                imported_at=now,
                records=accepted,
                rejected=rejected,
                imported_by=getattr(viewer, "name", "command line")[:80],
            )
        )
    db.session.flush()
    return {
        "bundle_id": bundle_id,
        "site": site.code,
        "name": site.name,
        "batches": len(batches),
        "records": accepted,
        "rejected": rejected,
        "imported_before": before is not None,
    }


def log_refused_bundle(site_code: str, by: str, error: HubError, now: datetime) -> None:
    """Note a refused bundle beside refused pushes (its own transaction: the import's was rolled back)."""
    db.session.add(
        HubRefusal(
            at=now,
            site_code=(site_code or "")[:40],
            remote_addr=by[:64],
            reason="bundle_refused",
            detail=error.message.replace("\x00", "\\x00")[:500],
        )
    )
