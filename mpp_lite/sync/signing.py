"""HMAC-SHA256 signatures of the mpp-lite/v1 wire format, shared by the sender, receiver and bundles."""

from __future__ import annotations

import hashlib
import hmac
import uuid

SCHEMA = "mpp-lite/v1"
MAX_CLOCK_SKEW = 300  # seconds; older or newer timestamps are refused
_KEY_NAMESPACE = uuid.UUID("6f1c2d1e-7a57-4c1b-9b8e-6d7070c1f1e5")


def signature(secret: str, timestamp: int | str, body: bytes) -> str:
    """The X-MPP-Signature value: v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>">."""
    message = str(timestamp).encode("ascii") + b"." + body
    return "v1=" + hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def verify(secrets: list[str], timestamp: str, body: bytes, header: str) -> bool:
    """Whether any `v1=` signature in the header matches one of the secrets (constant time)."""
    offered = [part.strip()[3:] for part in (header or "").split(",") if part.strip().startswith("v1=")]
    matched = False
    for secret in secrets:
        expected = signature(secret, timestamp, body)[3:]
        for candidate in offered:
            # Check every pair so that timing says nothing about which one matched.
            matched |= hmac.compare_digest(expected, candidate)
    return matched


def idempotency_key(site_code: str, records: list[tuple[str, int]]) -> str:
    """The same batch contents (record ids and versions) give the same key on every retry."""
    text = SCHEMA + "|" + site_code + "|" + ",".join(f"{uid}:{version}" for uid, version in sorted(records))
    return str(uuid.uuid5(_KEY_NAMESPACE, text))


def read_secret_file(path) -> str:
    """A secret from a file, surrounding whitespace stripped; ValueError when empty."""
    with open(path, encoding="utf-8") as handle:
        secret = handle.read().strip()
    if not secret:
        raise ValueError(f"the secret file {path} is empty")
    return secret
