"""Tracking codes: 8 random Crockford base32 symbols + 1 Luhn mod 32 check symbol.

Stored as the 9 symbols without dashes, shown as `XXXX-XXXX-X`. Input is tolerant: any case,
spaces and dashes, and O/I/L typed for 0/1/1 (Crockford's rules).
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BASE = len(ALPHABET)  # 32
RANDOM_LENGTH = 8  # 8 x 5 bits = 40 random bits
CODE_LENGTH = RANDOM_LENGTH + 1
_VALUE = {symbol: index for index, symbol in enumerate(ALPHABET)}
_TYPOS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-_.]+")


class CodeFormatError(ValueError):
    """The text cannot be a tracking code (wrong length or characters)."""


class CodeCheckError(ValueError):
    """Well-formed, but the check symbol does not match: almost surely a typo."""


def check_symbol(payload: str) -> str:
    """Luhn mod N over the 32-symbol alphabet (the check symbol for `payload`)."""
    factor = 2
    total = 0
    for symbol in reversed(payload):
        addend = factor * _VALUE[symbol]
        factor = 1 if factor == 2 else 2
        total += addend // BASE + addend % BASE
    return ALPHABET[(BASE - total % BASE) % BASE]


def is_valid(code: str) -> bool:
    """True when the 9-symbol code's last symbol is the check symbol of the first eight."""
    if len(code) != CODE_LENGTH or any(symbol not in _VALUE for symbol in code):
        return False
    return check_symbol(code[:-1]) == code[-1]


def new_code() -> str:
    """A fresh random tracking code (9 symbols, no dashes)."""
    payload = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return payload + check_symbol(payload)


def normalise(text: str) -> str:
    """Canonical 9-symbol form of what a person typed; raises CodeFormatError or CodeCheckError."""
    cleaned = _SEPARATORS.sub("", (text or "").upper()).translate(_TYPOS)
    if len(cleaned) != CODE_LENGTH or any(symbol not in _VALUE for symbol in cleaned):
        raise CodeFormatError(cleaned)
    if not is_valid(cleaned):
        raise CodeCheckError(cleaned)
    return cleaned


def display(code: str) -> str:
    """`7K3Q9XWD6` -> `7K3Q-9XWD-6`."""
    return f"{code[:4]}-{code[4:8]}-{code[8:]}" if len(code) == CODE_LENGTH else code
