"""Export bundles: the same signed mpp-lite/v1 batches in a zip file, for sites with no connection.

`mpp-lite sync export --since DATE --out FILE.zip` writes the latest version of every record
changed since DATE, as the batches a push would send, plus a manifest. Every batch is signed
exactly like a push ("<timestamp>.<raw body>", HMAC-SHA256) and the manifest is signed too,
with the secret of the endpoint the bundle is for (`--endpoint N`, or the only endpoint, or
`--secret-file F`); that endpoint's policy decides the fields. The receiver loads it with
`mpp-lite sync import FILE.zip --db FILE --secret-file F`: it checks every signature and hash
before it stores anything (one changed byte refuses the whole bundle), then stores the
records with the same dedup as a push, so importing twice changes nothing. Bundles are not
held to the 300 s window of a push: they travel for days; the signature still binds every byte.
"""

from __future__ import annotations

import hashlib
import json
import uuid
import zipfile
from datetime import date, datetime, time
from pathlib import Path

from sqlalchemy import func, select

from mpp_lite.errors import DomainError
from mpp_lite.extensions import db
from mpp_lite.site import clock
from mpp_lite.sync import receiver
from mpp_lite.sync.adapters import build_body
from mpp_lite.sync.models import OutboxRow
from mpp_lite.sync.policy import iso
from mpp_lite.sync.signing import SCHEMA, idempotency_key, signature, verify

FORMAT = "mpp-lite-bundle/v1"
MAX_MEMBER = 64 * 1024 * 1024


class BundleError(DomainError):
    """The bundle cannot be written or is refused (the message says why)."""


def rows_since(since: date) -> list[OutboxRow]:
    """The latest outbox row of every record changed since the local date `since`."""
    start = datetime.combine(since, time.min, tzinfo=clock.zone())
    latest = (
        select(func.max(OutboxRow.id)).where(OutboxRow.occurred_at >= start).group_by(OutboxRow.record_uid)
    ).scalar_subquery()
    return list(db.session.scalars(select(OutboxRow).where(OutboxRow.id.in_(latest)).order_by(OutboxRow.id)))


def export_bundle(
    out: Path, since: date, site: dict, secret: str, policy: str = "default", batch_size: int = 100
) -> dict:
    rows = rows_since(since)
    now = clock.utcnow()
    timestamp = str(int(now.timestamp()))
    manifest = {
        "format": FORMAT,
        "schema": SCHEMA,
        "bundle_id": str(uuid.uuid4()),
        "site": site,
        "created_at": iso(now),
        "timestamp": timestamp,
        "since": since.isoformat(),
        "policy": policy,
        "records": len(rows),
        "batches": [],
    }
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for number, start in enumerate(range(0, len(rows), batch_size), start=1):
            chunk = rows[start : start + batch_size]
            body = build_body(site, policy, chunk)
            name = f"batches/{number:05d}.json"
            archive.writestr(name, body)
            manifest["batches"].append(
                {
                    "file": name,
                    "records": len(chunk),
                    "sha256": hashlib.sha256(body).hexdigest(),
                    "idempotency_key": idempotency_key(site["code"], [(r.record_uid, r.version) for r in chunk]),
                    "timestamp": timestamp,
                    "signature": signature(secret, timestamp, body),
                }
            )
        manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
        archive.writestr("manifest.json", manifest_bytes)
        archive.writestr("manifest.sig", signature(secret, timestamp, manifest_bytes) + "\n")
        archive.writestr(
            "README.txt",
            (
                "MPP Lite sync bundle (mpp-lite/v1). Load it at the receiver with:\n"
                "  mpp-lite sync import THIS.zip --db RECEIVER.sqlite --secret-file SECRET\n"
            ),
        )
    partial.replace(out)
    return manifest


def _read(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        info = archive.getinfo(name)
    except KeyError as error:
        raise BundleError(f"the bundle lacks {name}") from error
    if info.file_size > MAX_MEMBER:
        raise BundleError(f"{name} is too large")
    return archive.read(name)


def verify_bundle(path: Path, secrets: receiver.SecretStore) -> tuple[dict, list[dict]]:
    """Check every signature and hash; answers (manifest, parsed batches) or raises BundleError."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise BundleError(f"{path} is not a readable zip file: {error}") from error
    with archive:
        try:
            manifest_bytes = _read(archive, "manifest.json")
            manifest_sig = _read(archive, "manifest.sig").decode("ascii", "replace").strip()
            manifest = json.loads(manifest_bytes.decode("utf-8"))
        except (ValueError, zipfile.BadZipFile) as error:
            raise BundleError(f"the manifest is unreadable: {error}") from error
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise BundleError(f"not an {FORMAT} bundle")
        site = (manifest.get("site") or {}).get("code", "") if isinstance(manifest.get("site"), dict) else ""
        keys = secrets.secrets_for(site)
        if not keys:
            raise BundleError(f"no secret for site {site!r}")
        timestamp = str(manifest.get("timestamp", ""))
        if not verify(keys, timestamp, manifest_bytes, manifest_sig):
            raise BundleError("the manifest's signature does not match: the bundle was changed or the secret differs")
        batches = []
        for entry in manifest.get("batches") or []:
            try:
                body = _read(archive, entry["file"])
            except zipfile.BadZipFile as error:
                raise BundleError(f"{entry.get('file')} is damaged: {error}") from error
            if hashlib.sha256(body).hexdigest() != entry.get("sha256"):
                raise BundleError(f"{entry['file']} was changed after export (hash differs)")
            if not verify(keys, str(entry.get("timestamp", "")), body, entry.get("signature", "")):
                raise BundleError(f"{entry['file']}: the signature does not match")
            try:
                batch = receiver.parse_batch(body, site)
            except receiver.BatchError as error:
                raise BundleError(f"{entry['file']}: {error.message}") from error
            batches.append(batch)
    return manifest, batches


def import_bundle(path: Path, db_path: Path, secret_path: Path) -> dict:
    """Verify, then store a bundle in the receiver's database; idempotent."""
    try:
        secrets = receiver.SecretStore(secret_path)
    except (OSError, ValueError) as error:
        raise BundleError(str(error)) from error
    manifest, batches = verify_bundle(Path(path), secrets)
    receiver.init_db(db_path)
    connection = receiver.connect(db_path)
    try:
        before = connection.execute("SELECT COUNT(*) FROM versions").fetchone()[0]
        accepted = rejected = 0
        for batch in batches:
            answer = receiver.store_batch(connection, batch, via="bundle")
            accepted += len(answer["accepted"])
            rejected += len(answer["rejected"])
        after = connection.execute("SELECT COUNT(*) FROM versions").fetchone()[0]
        again = connection.execute("SELECT 1 FROM bundles WHERE bundle_id = ?", (manifest["bundle_id"],)).fetchone()
        connection.execute(
            "INSERT OR IGNORE INTO bundles (bundle_id, site, imported_at, records) VALUES (?, ?, ?, ?)",
            (manifest["bundle_id"], manifest["site"]["code"], iso(clock.utcnow()), accepted),
        )
    finally:
        connection.close()
    return {
        "bundle_id": manifest["bundle_id"],
        "site": manifest["site"]["code"],
        "batches": len(batches),
        "records": accepted,
        "rejected": rejected,
        "new_versions": after - before,
        "imported_before": bool(again),
    }
