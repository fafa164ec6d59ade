"""The log file in the instance folder, rotated, with personal numbers masked on the way in."""

from __future__ import annotations

import logging
import re
from logging.handlers import RotatingFileHandler
from pathlib import Path

from flask import Flask

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


def _mask(match: re.Match) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    return match.group(0) if len(digits) < 9 else "[nomor disamarkan]"


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
        folder / "mpp-lite.log", maxBytes=5 * 1024 * 1024, backupCount=10, encoding="utf-8", delay=True
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(MaskPersonalNumbers())
    handler.setLevel(app.config.get("LOG_LEVEL", "INFO"))
    app.logger.addHandler(handler)
    app.logger.setLevel(app.config.get("LOG_LEVEL", "INFO"))
