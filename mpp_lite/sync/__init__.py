"""Offline-first exchange with the national/provincial system: outbox, signed push, receiver, bundles.

The package's own module runs before any of its modules load, so it imports them when called.
"""

from __future__ import annotations

import logging
import threading

from flask import Flask

log = logging.getLogger("mpp_lite.sync")


def init_app(app: Flask) -> None:
    """Attach the outbox writer; start the periodic push when MPP_SYNC_AUTO_PUSH_MINUTES > 0."""
    from mpp_lite.sync.outbox import register

    register()
    try:
        minutes = float(app.config.get("SYNC_AUTO_PUSH_MINUTES") or 0)
    except (TypeError, ValueError):
        minutes = 0
    if minutes > 0 and not app.testing:
        started = threading.Event()

        @app.before_request
        def _start_auto_push():
            # Only a serving app pushes by itself (not every CLI command that makes an app).
            if not started.is_set():
                started.set()
                threading.Thread(
                    target=auto_push_loop,
                    args=(app, minutes * 60, threading.Event()),
                    daemon=True,
                    name="mpp-sync-push",
                ).start()


def auto_push_loop(app: Flask, interval: float, stop: threading.Event) -> None:
    """Push every `interval` seconds until `stop` is set; the push lock keeps cron runs apart."""
    from mpp_lite.extensions import db
    from mpp_lite.sync.push import PushLocked, push
    from mpp_lite.sync.services import SyncError

    while not stop.wait(interval):
        with app.app_context():
            try:
                result = push()
                log.info("sync push: %s", ", ".join(f"{r.name} {r.sent} sent" for r in result.endpoints))
            except PushLocked:
                log.info("sync push skipped: another push is running")
            except SyncError as error:
                log.warning("sync push not possible: %s", error)
            except Exception:  # the loop must survive anything; the next run retries
                log.exception("sync push failed")
            finally:
                db.session.remove()
