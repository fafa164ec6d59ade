"""Translations: Indonesian complete, compiled catalogues match their sources."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent


def _key(value):
    return tuple(value) if isinstance(value, (list, tuple)) else value


def _translated(message) -> bool:
    """A real translation: every form filled and not just the message id copied."""
    if not message.id:
        return False
    strings = _key(message.string)
    strings = strings if isinstance(strings, tuple) else (strings,)
    return all(strings) and _key(message.string) != _key(message.id)


def catalogues():
    return sorted(ROOT.glob("mpp_lite/**/translations/*/LC_MESSAGES/messages.po"))


def test_every_indonesian_message_is_translated():
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "i18n.py"), "--check"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout


def test_compiled_catalogues_match_their_sources():
    assert catalogues()
    for po_path in catalogues():
        mo_path = po_path.with_suffix(".mo")
        assert mo_path.exists(), f"{mo_path} missing: run python3 scripts/i18n.py --compile"
        with po_path.open("rb") as handle:
            po = {_key(m.id): _key(m.string) for m in read_po(handle) if _translated(m) and not m.fuzzy}
        with mo_path.open("rb") as handle:
            mo = {_key(m.id): _key(m.string) for m in read_mo(handle) if _translated(m)}
        assert po == mo, f"{mo_path} is stale: run python3 scripts/i18n.py --compile"
