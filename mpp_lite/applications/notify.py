"""Notifications to applicants (file ready, documents missing), with pluggable senders.

A Notification row is always written; nothing leaves the PC unless a sender is configured:
`NOTIFY_SENDER = "webhook"` with `NOTIFY_WEBHOOK_URL` (and optionally `NOTIFY_WEBHOOK_SECRET`
to sign the body), or `"package.module:Class"` for an SMS/WhatsApp gateway of your own
(a class with `name` and `send(payload: dict) -> None` that raises on failure).
Phone numbers go only to the configured gateway, never into logs.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib
import json
import time
import urllib.request
from functools import partial

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from mpp_lite.applications.models import Application, Notification, NotificationStatus
from mpp_lite.bookings.notify import queue_message
from mpp_lite.database import in_transaction
from mpp_lite.extensions import db
from mpp_lite.site import clock
from mpp_lite.site.services import get_settings

MAX_ATTEMPTS = 5


class WebhookSender:
    """POSTs JSON to a URL (an SMS/WhatsApp gateway's or a small relay of the regency's)."""

    name = "webhook"

    def __init__(self, url: str, secret: str = "", timeout: float = 10):
        self.url, self.secret, self.timeout = url, secret, timeout

    def send(self, payload: dict) -> None:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json", "User-Agent": "MPP-Lite"}
        if self.secret:
            stamp = str(int(time.time()))
            signature = hmac.new(self.secret.encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
            headers.update({"X-MPP-Timestamp": stamp, "X-MPP-Signature": f"v1={signature}"})
        if not self.url.startswith(("http://", "https://")):
            raise ValueError("NOTIFY_WEBHOOK_URL must start with http:// or https://")
        req = urllib.request.Request(self.url, data=body, headers=headers, method="POST")  # noqa: S310 (checked above)
        with urllib.request.urlopen(req, timeout=self.timeout) as response:  # noqa: S310
            if response.status >= 300:
                raise OSError(f"gateway answered {response.status}")


def get_sender():
    """The configured sender, or None (the default: notifications stay on this PC)."""
    config = current_app.config
    choice = (config.get("NOTIFY_SENDER") or "").strip()
    if not choice:
        return None
    if choice == "webhook":
        url = (config.get("NOTIFY_WEBHOOK_URL") or "").strip()
        if not url:
            return None
        return WebhookSender(
            url, str(config.get("NOTIFY_WEBHOOK_SECRET") or ""), float(config.get("NOTIFY_WEBHOOK_TIMEOUT") or 10)
        )
    module, _sep, name = choice.partition(":")
    return getattr(importlib.import_module(module), name)()


def message_for(application: Application, event: str, note: str = "") -> str:
    """The text for the applicant, in Indonesian (the language of the receipt)."""
    settings = get_settings()
    with force_locale("id"):
        if event == "ready":
            return _(
                "Your application %(code)s (%(service)s) is ready. Pick it up at %(place)s; bring the "
                "receipt and your KTP-el.",
                code=application.display_code,
                service=application.service.name,
                place=settings["mpp_name"],
            )
        return _(
            "Your application %(code)s (%(service)s) is missing documents: %(note)s. Please bring them to "
            "the %(tenant)s counter at %(place)s.",
            code=application.display_code,
            service=application.service.name,
            note=note or "-",
            tenant=application.tenant.display_name,
            place=settings["mpp_name"],
        )


def queue_notification(application: Application, event: str, note: str = "") -> Notification:
    sender = get_sender()
    notification = Notification(
        application=application,
        event=event,
        message=message_for(application, event, note),
        status=NotificationStatus.PENDING if sender else NotificationStatus.DISABLED,
        channel=getattr(sender, "name", ""),
        created_at=clock.utcnow(),
    )
    db.session.add(notification)
    db.session.flush()
    # The channels an MPP manager switches on without IT staff (bookings/notify.py): WhatsApp
    # click-to-chat, an HTTP gateway, e-mail; their templates are edited on the admin page.
    queue_message(
        "application_" + ("ready" if event == "ready" else "incomplete"),
        {
            "name": application.applicant_name,
            "code": application.display_code,
            "service": application.service.name,
            "note": note or "-",
        },
        phone=application.phone or "",
        email=application.email or "",
        reference=application.display_code,
    )
    return notification


def payload_for(notification: Notification) -> dict:
    application = notification.application
    return {
        "event": notification.event,
        "tracking_code": application.display_code,
        "status": application.status,
        "message": notification.message,
        "phone": application.phone,
        "email": application.email,
        "service": application.service.name,
        "tenant": application.tenant.display_name,
        "created_at": notification.created_at.isoformat(),
    }


def send_pending(limit: int = 100) -> dict[str, int]:
    """Deliver pending notifications; answers counts.

    A side effect, so it runs after the caller's commit and owns its short transactions: read
    the payloads, call the gateway with no transaction (and no SQLite write lock) held, then
    write each outcome. A slow gateway never makes kiosks wait to issue a ticket.
    """
    counts = {"sent": 0, "failed": 0, "pending": 0}
    sender = get_sender()
    if sender is None:
        return counts
    query = (
        db.select(Notification)
        .where(Notification.status == NotificationStatus.PENDING)
        .order_by(Notification.id)
        .limit(limit)
    )
    payloads = in_transaction(lambda: [(row.id, payload_for(row)) for row in db.session.scalars(query).all()])
    for notification_id, payload in payloads:
        try:
            sender.send(payload)
        except Exception as error:  # any gateway failure: keep the row, retry later
            failure = error
        else:
            failure = None
        counts[in_transaction(partial(_note_outcome, notification_id, sender.name, failure))] += 1
    return counts


def _note_outcome(notification_id: int, channel: str, failure: Exception | None) -> str:
    """Write one send's outcome; answers the count it falls in."""
    notification = db.session.get(Notification, notification_id)
    notification.attempts += 1
    notification.channel = channel
    if failure is None:
        notification.status = NotificationStatus.SENT
        notification.sent_at = clock.utcnow()
        notification.last_error = ""
        return NotificationStatus.SENT
    notification.last_error = type(failure).__name__ + ": " + str(failure)[:200]
    current_app.logger.warning("notification %s not delivered (%s)", notification.id, type(failure).__name__)
    if notification.attempts >= MAX_ATTEMPTS:
        notification.status = NotificationStatus.FAILED
        return NotificationStatus.FAILED
    return NotificationStatus.PENDING


def deliver_after_commit() -> None:
    """Called by views after they commit a transition: try to send at once when configured."""
    if get_sender() is None:
        return
    try:
        send_pending(limit=10)
    except Exception:  # never let a gateway break the counter's page
        current_app.logger.exception("sending notifications failed")
