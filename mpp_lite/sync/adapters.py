"""Adapters: how a batch is put on the wire for one endpoint. The default speaks mpp-lite/v1.

No public API of MPP Digital Nasional exists yet; when one does (or a province runs its own
format), a small adapter class translates the same outbox rows without touching the outbox,
retries, dead letters or the lock. Choose it per endpoint in the configuration:

    MPP_SYNC_ADAPTERS='{"kemenpan": "mypackage.sync:KemenpanAdapter"}'

An adapter has two methods: `request(site, endpoint, rows, idempotency_key)` answers the raw
body and headers of one batch, and `send(url, body, headers, timeout)` posts it and answers a
`Answer` (kind ok / auth / config / rejected / retry, the accepted ids, the rejected ones
with their error). Field selection by policy (`policy.view`) stays the adapter's duty: use it.
"""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from importlib import import_module

from flask import current_app

from mpp_lite.site import clock
from mpp_lite.sync.models import OutboxRow
from mpp_lite.sync.policy import iso, view
from mpp_lite.sync.services import SyncError
from mpp_lite.sync.signing import SCHEMA, signature

USER_AGENT = "MPP-Lite-sync/1"


@dataclass
class Answer:
    kind: str  # ok | auth | config | rejected | retry
    message: str = ""
    accepted: list[str] = field(default_factory=list)
    rejected: dict[str, str] = field(default_factory=dict)


class MppLiteV1:
    """The documented wire format (mpp_lite/sync/schema/mpp-lite-v1.json), signed with HMAC-SHA256."""

    name = "mpp-lite/v1"

    def request(self, site: dict, endpoint, rows, idempotency_key: str) -> tuple[bytes, dict[str, str]]:
        body = build_body(site, endpoint.policy, rows)
        return body, headers_for(site["code"], endpoint.secret, body, idempotency_key)

    def send(self, url: str, body: bytes, headers: dict[str, str], timeout: float) -> Answer:
        return send(url, body, headers, timeout)


# The mpp-lite/v1 wire: the body, its signed headers, the POST and how its answer reads.


def build_body(site: dict, policy: str, rows: list[OutboxRow]) -> bytes:
    body = {
        "schema": SCHEMA,
        "site": {"code": site["code"], "name": site["name"]},
        "sent_at": iso(clock.utcnow()),
        "records": [
            {
                "id": row.record_uid,
                "type": row.record_type,
                "version": row.version,
                "occurred_at": iso(row.occurred_at),
                "data": view(row.record_type, row.payload or {}, policy),
            }
            for row in rows
        ],
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def headers_for(site_code: str, secret: str, body: bytes, key: str) -> dict[str, str]:
    timestamp = str(int(clock.utcnow().timestamp()))
    return {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "User-Agent": USER_AGENT,
        "Idempotency-Key": key,
        "X-MPP-Site": site_code,
        "X-MPP-Timestamp": timestamp,
        "X-MPP-Signature": signature(secret, timestamp, body),
    }


def send(url: str, body: bytes, headers: dict[str, str], timeout: float) -> Answer:
    """POST one batch and classify the answer; never raises for network trouble."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310  the admin's URL
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status = error.code
        try:
            raw = error.read()[:500]
        except (OSError, http.client.HTTPException):
            raw = b""
        finally:
            error.close()
        reason = raw.decode("utf-8", "replace").strip()[:300]
        if status in (401, 403):
            return Answer(
                "auth",
                f"HTTP {status}: the endpoint refused the signature. Check that the shared "
                f"secret matches the receiver's and that this PC's clock is right. {reason}".strip(),
            )
        if status in (404, 405):
            return Answer("config", f"HTTP {status}: the URL {url} does not take pushes; check the endpoint URL.")
        if status in (408, 425, 429) or status >= 500:
            return Answer("retry", f"HTTP {status} {reason}".strip())
        return Answer("rejected", f"HTTP {status} {reason}".strip())
    except TimeoutError:
        return Answer("retry", f"no answer within {timeout:g} s")
    except urllib.error.URLError as error:
        return Answer("retry", f"connection failed: {error.reason}")
    except (OSError, http.client.HTTPException) as error:
        return Answer("retry", f"connection broken: {type(error).__name__} {error}".strip())
    if status != 200:
        return Answer("retry", f"HTTP {status} (expected 200)")
    try:
        answer = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return Answer("retry", "the answer was not JSON (cut short or not a receiver)")
    if (
        not isinstance(answer, dict)
        or not isinstance(answer.get("accepted"), list)
        or not isinstance(answer.get("rejected", []), list)
    ):
        return Answer("retry", "the answer lacks the accepted/rejected lists")
    rejected = {}
    for item in answer.get("rejected", []):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            rejected[item["id"]] = str(item.get("error") or "rejected")[:500]
    accepted = [i for i in answer["accepted"] if isinstance(i, str)]
    return Answer("ok", accepted=accepted, rejected=rejected)


def adapter_for(endpoint):
    """The adapter configured for this endpoint (MPP_SYNC_ADAPTERS), or mpp-lite/v1."""
    configured = current_app.config.get("SYNC_ADAPTERS") or {}
    if not isinstance(configured, dict):
        raise SyncError('MPP_SYNC_ADAPTERS must map endpoint names to "module:Class".')
    target = configured.get(endpoint.name)
    if not target:
        return MppLiteV1()
    module_name, _, attribute = str(target).partition(":")
    try:
        factory = getattr(import_module(module_name), attribute)
    except (ImportError, AttributeError, ValueError) as error:
        raise SyncError(
            f"The sync adapter {target!r} for endpoint {endpoint.name!r} cannot be loaded: {error}"
        ) from error
    return factory()
