"""Refusals of the service layer: one family, told apart by kind.

Services raise `DomainError` (or a feature's subclass) with a kind and a message for people; the
API (`api/errors.py`) and the pages (`site/errors.py`) each map a kind to a status in one place.
"""

from __future__ import annotations

NOT_FOUND = "not_found"
CONFLICT = "conflict"
INVALID = "invalid"
FORBIDDEN = "forbidden"
UNAUTHORIZED = "unauthorized"
BAD_REQUEST = "bad_request"
RATE_LIMITED = "rate_limited"
BUSY = "busy"

KINDS = (NOT_FOUND, CONFLICT, INVALID, FORBIDDEN, UNAUTHORIZED, BAD_REQUEST, RATE_LIMITED, BUSY)


class DomainError(Exception):
    """A refusal a person can act on.

    `code` is the machine-readable name in the API's error body (the kind's own name when not
    given), `fields` the per-field messages, `headers` what the answer must carry (Retry-After),
    `extra` further members of the API's error body.
    """

    kind = INVALID

    def __init__(
        self,
        message: str = "",
        kind: str | None = None,
        *,
        code: str | None = None,
        fields: dict | None = None,
        headers: dict | None = None,
        **extra,
    ):
        super().__init__(str(message))
        if kind is not None:
            self.kind = kind
        assert self.kind in KINDS, self.kind
        self.message = str(message)
        self.code = code
        self.fields = fields or {}
        self.headers = headers or {}
        self.extra = extra

    def __str__(self) -> str:
        return self.message


class FieldError(DomainError):
    """A refusal that belongs next to one field of the form that asked (`field`, or None for the
    form as a whole), e.g. a code that another record already uses."""

    def __init__(self, message, field: str | None = None, kind: str = INVALID):
        super().__init__(message, kind)
        self.field = field
