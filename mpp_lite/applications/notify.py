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

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from mpp_lite.applications.models import Application, Notification
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
        return WebhookSender(url, str(config.get("NOTIFY_WEBHOOK_SECRET") or ""),
                             float(config.get("NOTIFY_WEBHOOK_TIMEOUT") or 10))
    module, _sep, name = choice.partition(":")
    return getattr(importlib.import_module(module), name)()


def message_for(application: Application, event: str, note: str = "") -> str:
    """The text for the applicant, in Indonesian (the language of the receipt)."""
    settings = get_settings()
    with force_locale("id"):
        if event == "ready":
            return _("Your application %(code)s (%(service)s) is ready. Pick it up at %(place)s; bring the receipt and your KTP-el.",
                     code=application.display_code, service=application.service.name, place=settings["mpp_name"])
        return _("Your application %(code)s (%(service)s) is missing documents: %(note)s. Please bring them to the %(tenant)s counter at %(place)s.",
                 code=application.display_code, service=application.service.name, note=note or "-",
                 tenant=application.tenant.display_name, place=settings["mpp_name"])


def queue_notification(application: Application, event: str, note: str = "") -> Notification:
    sender = get_sender()
    notification = Notification(
        application=application, event=event, message=message_for(application, event, note),
        status="pending" if sender else "disabled", channel=getattr(sender, "name", ""),
        created_at=clock.utcnow(),
    )
    db.session.add(notification)
    db.session.flush()
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
    """Deliver pending notifications; answers counts. The caller commits."""
    counts = {"sent": 0, "failed": 0, "pending": 0}
    sender = get_sender()
    if sender is None:
        return counts
    query = db.select(Notification).where(Notification.status == "pending").order_by(Notification.id).limit(limit)
    for notification in db.session.scalars(query).all():
        notification.attempts += 1
        notification.channel = sender.name
        try:
            sender.send(payload_for(notification))
        except Exception as error:  # any gateway failure: keep the row, retry later
            notification.last_error = type(error).__name__ + ": " + str(error)[:200]
            if notification.attempts >= MAX_ATTEMPTS:
                notification.status = "failed"
                counts["failed"] += 1
            else:
                counts["pending"] += 1
            current_app.logger.warning("notification %s not delivered (%s)", notification.id, type(error).__name__)
        else:
            notification.status = "sent"
            notification.sent_at = clock.utcnow()
            notification.last_error = ""
            counts["sent"] += 1
    db.session.flush()
    return counts


def deliver_after_commit() -> None:
    """Called by views after they commit a transition: try to send at once when configured."""
    if get_sender() is None:
        return
    try:
        send_pending(limit=10)
        db.session.commit()
    except Exception:  # never let a gateway break the counter's page
        db.session.rollback()
        current_app.logger.exception("sending notifications failed")
