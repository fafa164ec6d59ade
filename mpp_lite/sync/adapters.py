"""Adapters: how a batch is put on the wire for one endpoint. The default speaks mpp-lite/v1.

No public API of MPP Digital Nasional exists yet; when one does (or a province runs its own
format), a small adapter class translates the same outbox rows without touching the outbox,
retries, dead letters or the lock. Choose it per endpoint in the configuration:

    MPP_SYNC_ADAPTERS='{"kemenpan": "mypackage.sync:KemenpanAdapter"}'

An adapter has two methods: `request(site, endpoint, rows, idempotency_key)` answers the raw
body and headers of one batch, and `send(url, body, headers, timeout)` posts it and answers a
`push.Answer` (kind ok / auth / config / rejected / retry, the accepted ids, the rejected ones
with their error). Field selection by policy (`policy.view`) stays the adapter's duty: use it.
"""

from __future__ import annotations

from importlib import import_module

from flask import current_app

from mpp_lite.sync.services import SyncError


class MppLiteV1:
    """The documented wire format (mpp_lite/sync/schema/mpp-lite-v1.json), signed with HMAC-SHA256."""

    name = "mpp-lite/v1"

    def request(self, site: dict, endpoint, rows, idempotency_key: str) -> tuple[bytes, dict[str, str]]:
        from mpp_lite.sync.push import build_body, headers_for

        body = build_body(site, endpoint.policy, rows)
        return body, headers_for(site["code"], endpoint.secret, body, idempotency_key)

    def send(self, url: str, body: bytes, headers: dict[str, str], timeout: float):
        from mpp_lite.sync import push

        return push.send(url, body, headers, timeout)


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
        raise SyncError(f"The sync adapter {target!r} for endpoint {endpoint.name!r} cannot be loaded: {error}") from error
    return factory()
