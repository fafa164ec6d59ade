"""The log file in the instance folder, rotated, with personal numbers masked on the way in.

Besides errors it holds one line per event an IT officer looks for (`operations`): server start
and stop, failed sign-ins and lockouts, backups, restores, migrations, sync pushes, day end, disk
and permission warnings. Never a password, NIK or phone number. `mpp-lite logs` prints it.
"""

from __future__ import annotations

import logging
import re
from logging.handlers import RotatingFileHandler
from pathlib import Path

from flask import Flask

LOG_FILE = "mpp-lite.log"
# The operational events; they go to the log file only (a CLI command's console stays clean).
operations = logging.getLogger("mpp_lite.operations")

# A NIK is 16 digits; Indonesian phone numbers are 9-15 digits, often with +62 or 08.
_LONG_NUMBER = re.compile(r"(?<!\d)(?:\+?62|0)?[\d\- ]{8,18}\d(?!\d)")


class MaskPersonalNumbers(logging.Filter):
    """Defence in depth: code never logs NIK or phone numbers, and this hides any that slip in."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = _LONG_NUMBER.sub(_mask, message)
        if masked != message:
            record.msg, record.args = masked, None
        # A traceback repeats the exception's message (e.g. SQL parameters): mask it too.
        # Formatters print `exc_text` when it is set, so the masked text is what gets written.
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = _LONG_NUMBER.sub(_mask, record.exc_text)
        if record.stack_info:
            record.stack_info = _LONG_NUMBER.sub(_mask, record.stack_info)
        return True


_TIMESTAMP = re.compile(r"20\d\d[01]\d[0-3]\d-[0-2]\d[0-5]\d[0-5]\d")  # backup names: mpp-lite-20261206-190000


def _mask(match: re.Match) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    if len(digits) < 9 or _TIMESTAMP.fullmatch(match.group(0).strip("- ")):
        return match.group(0)
    return "[nomor disamarkan]"


def init_app(app: Flask) -> None:
    # On the logger too, so that the console (the service's stderr) is masked like the file.
    from flask.logging import default_handler

    for target in (app.logger, default_handler):  # default_handler also gets child loggers' records
        if not any(isinstance(f, MaskPersonalNumbers) for f in target.filters):
            target.addFilter(MaskPersonalNumbers())
    if app.config.get("TESTING") and not app.config.get("LOG_TO_FILE"):
        return
    folder = Path(app.instance_path) / "logs"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return
    handler = RotatingFileHandler(
        folder / LOG_FILE, maxBytes=5 * 1024 * 1024, backupCount=10, encoding="utf-8", delay=True
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(MaskPersonalNumbers())
    handler.setLevel(app.config.get("LOG_LEVEL", "INFO"))
    app.logger.addHandler(handler)
    app.logger.setLevel(app.config.get("LOG_LEVEL", "INFO"))
    for old in [h for h in operations.handlers if isinstance(h, RotatingFileHandler)]:
        operations.removeHandler(old)  # an earlier app of this process (tests, `demo`)
        old.close()
    operations.addHandler(handler)
    operations.setLevel(logging.INFO)
    operations.propagate = False


def tail(folder: Path, count: int) -> list[str]:
    """The last `count` lines of the log, reaching into the newest rotated file when needed."""
    lines: list[str] = []
    for path in (folder / f"{LOG_FILE}.1", folder / LOG_FILE):
        if path.exists():
            lines += path.read_text(encoding="utf-8", errors="replace").splitlines()
    return lines[-count:] if count > 0 else []
