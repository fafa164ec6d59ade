"""Personal data as it may appear on public screens, receipts and outgoing payloads (UU 27/2022).

One place for the masking rules, so the status page, complaints, sync and receipts agree.
"""

from __future__ import annotations

import re


def mask_name(name: str | None) -> str:
    """Keep the first two letters of each word: "Budi Santoso" -> "Bu** Sa*****".

    Enough for the owner to recognise, not for others to identify; a short word keeps one
    letter so that no word is shown whole.
    """
    words = []
    for word in (name or "").split():
        keep = 2 if len(word) > 2 else 1
        words.append(word[:keep] + "*" * max(len(word) - keep, 1))
    return " ".join(words)


def mask_phone(phone: str | None) -> str:
    """Only the last four digits: "****-****-1234"."""
    digits = re.sub(r"\D", "", phone or "")
    return f"****-****-{digits[-4:]}" if len(digits) >= 4 else ""


def mask_email(email: str | None) -> str:
    if not email or "@" not in email:
        return ""
    local, domain = email.split("@", 1)
    return f"{local[:1]}***@{domain}"


def mask_nik(nik: str | None) -> str:
    """Only the region part (first six digits): "3201**********"; never a full NIK."""
    if not nik:
        return ""
    return nik[:6] + "*" * (len(nik) - 6)
