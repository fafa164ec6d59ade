"""The sender thread of `mpp-lite serve`: every few seconds it sends the messages that are due
(bookings/notify.py: short transactions, the network call outside them), and once a day from
16.00 it queues the reminders of tomorrow's bookings. Without a channel switched on it does nothing."""

from __future__ import annotations

import threading

from flask import Flask

from mpp_lite.bookings import notify
from mpp_lite.bookings.services import queue_reminders
from mpp_lite.database import in_transaction
from mpp_lite.extensions import db
from mpp_lite.site import clock

REMINDER_HOUR = 16


class SenderThread(threading.Thread):
    """`mpp-lite serve`'s sender: looks for due messages every few seconds (nothing to do when no
    network channel is enabled)."""

    def __init__(self, app: Flask, interval: float):
        super().__init__(name="mpp-lite-notify", daemon=True)
        self.app, self.interval = app, interval
        self.stopped = threading.Event()

    def run(self) -> None:
        reminded_on = None
        while not self.stopped.wait(self.interval):
            with self.app.app_context():
                try:
                    local = clock.local_now()
                    if local.hour >= REMINDER_HOUR and reminded_on != local.date() and notify.enabled_channels():
                        in_transaction(queue_reminders)
                        reminded_on = local.date()
                    notify.send_due()
                except Exception:  # never let one bad round stop the sender
                    self.app.logger.exception("sending messages failed")
                finally:
                    db.session.remove()


def start_sender(app: Flask) -> SenderThread | None:
    interval = float(app.config.get("NOTIFY_INTERVAL_SECONDS", 15))
    if interval <= 0:
        return None
    thread = SenderThread(app, interval)
    thread.start()
    return thread
