"""Messages to citizens that need no IT staff: editable templates, three channels, a sender
that never blocks the site.

Channels (admin page "Pesan"): WhatsApp click-to-chat (staff press a button that opens
wa.me with the text filled in, on the office's own WhatsApp; logged as sent by them), a generic
HTTP gateway (URL, method, headers, body template with placeholders: how most Indonesian
SMS/WhatsApp gateways are set up) with retries and a dead state, and e-mail over SMTP.
Nothing leaves the PC unless a channel is enabled.

Messages wait in `outgoing_messages`. The sender (a thread of `mpp-lite serve`, or `mpp-lite
notify send` from a scheduler) takes due rows in a short transaction of its own, makes the
network call with no transaction open (so no SQLite write lock is held while a gateway takes
its time), then writes the outcome in another short transaction. Logs name a message by its id
and channel, never its recipient or text.
"""

from __future__ import annotations

import json
import re
import smtplib
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timedelta
from email.message import EmailMessage
from functools import partial

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from mpp_lite.bookings.models import (
    Channel,
    MessageChannel,
    MessageStatus,
    MessageTemplate,
    OutgoingMessage,
)
from mpp_lite.database import in_transaction
from mpp_lite.extensions import db
from mpp_lite.site import clock
from mpp_lite.site.services import get_settings

EVENTS = {
    "booking_confirmed": _l("Booking confirmed"),
    "booking_reminder": _l("Booking reminder (the day before)"),
    "application_incomplete": _l("Application incomplete"),
    "application_ready": _l("Application ready for pickup"),
    "complaint_answered": _l("Complaint answered"),
}
# The Indonesian wording an MPP starts with; the admin edits it on the "Pesan" page.
DEFAULT_TEMPLATES = {
    "booking_confirmed": "Yth. {name}, reservasi {service} di {place} tercatat untuk {slot}. Kode reservasi: {code}. "
    "Tunjukkan kode ini di kiosk (paling lambat {grace} menit setelah jam mulai). Batal: {link}",
    "booking_reminder": "Yth. {name}, pengingat: besok {slot} Anda punya reservasi {service} di {place}. "
    "Kode: {code}. Jika berhalangan, mohon batalkan: {link}",
    "application_incomplete": "Yth. {name}, berkas permohonan {code} ({service}) belum lengkap: {note}. "
    "Mohon lengkapi di loket {place}.",
    "application_ready": "Yth. {name}, permohonan {code} ({service}) sudah selesai dan dapat diambil di {place}. "
    "Bawa tanda terima dan KTP-el asli.",
    "complaint_answered": "Yth. {name}, pengaduan Anda {code} di {place} sudah dijawab. Jawabannya dapat dilihat "
    "dengan kode pengaduan tersebut di MPP.",
}
PLACEHOLDERS = ("name", "code", "service", "slot", "place", "grace", "note", "link")
CHANNELS = (Channel.WHATSAPP_LINK, Channel.HTTP, Channel.EMAIL)
SENT_BY_NETWORK = (Channel.HTTP, Channel.EMAIL)
DEFAULT_MAX_ATTEMPTS = 3
RETRY_SECONDS = 60  # first retry; doubles each time
STALE_SENDING = timedelta(minutes=10)  # a sender that died mid-way: its rows are due again


_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def fill(template: str, values: dict) -> str:
    """`template` with its {name} placeholders filled from `values`; other braces (a JSON body's)
    and unknown names are left as they are."""
    return _PLACEHOLDER.sub(
        lambda m: (
            str(values[m.group(1)] if values[m.group(1)] is not None else "") if m.group(1) in values else m.group(0)
        ),
        template,
    )


def template_for(event: str) -> str:
    row = db.session.get(MessageTemplate, event)
    return row.body if row is not None else DEFAULT_TEMPLATES[event]


def channel_settings(name: str) -> MessageChannel | None:
    row = db.session.get(MessageChannel, name)
    return row if row is not None and row.enabled else None


def enabled_channels() -> list[str]:
    return [row.name for row in db.session.scalars(db.select(MessageChannel).where(MessageChannel.enabled.is_(True)))]


def queue_message(
    event: str, values: dict, phone: str = "", email: str = "", reference: str = ""
) -> list[OutgoingMessage]:
    """One row per enabled channel that can reach the citizen; none when nothing is configured."""
    values = {"place": get_settings().get("mpp_name", ""), **values}
    with force_locale("id"):
        body = fill(template_for(event), values)
    now = clock.utcnow()
    rows = []
    for channel in enabled_channels():
        recipient = email if channel == Channel.EMAIL else phone
        if not recipient:
            continue
        rows.append(
            OutgoingMessage(
                event=event,
                channel=channel,
                recipient=recipient[:120],
                body=body,
                subject=str(EVENTS.get(event, event))[:200] if channel == Channel.EMAIL else "",
                reference=reference[:40],
                status=MessageStatus.PENDING,
                created_at=now,
                next_attempt_at=now,
            )
        )
    db.session.add_all(rows)
    if rows:
        db.session.flush()
    return rows


# --- WhatsApp click-to-chat ------------------------------------------------------------------


def whatsapp_number(phone: str) -> str:
    """wa.me wants the international number without + or leading 0: 0812... -> 62812..."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return "62" + digits[1:] if digits.startswith("0") else digits


def whatsapp_url(message: OutgoingMessage) -> str:
    return f"https://wa.me/{whatsapp_number(message.recipient)}?text={urllib.parse.quote(message.body)}"


def mark_sent_by_staff(message_id: int, staff_name: str) -> OutgoingMessage | None:
    message = db.session.get(OutgoingMessage, message_id)
    if message is None or message.channel != Channel.WHATSAPP_LINK:
        return None
    if message.status != MessageStatus.SENT:
        message.status = MessageStatus.SENT
        message.sent_at = clock.utcnow()
        message.sent_by = staff_name[:80]
        message.attempts += 1
        db.session.flush()
    return message


# --- the network channels ----------------------------------------------------------------------


class PermanentFailure(Exception):
    """The gateway refused the message itself (a 4xx other than 408/429): retrying cannot help."""


def _escape_for(body_kind: str, value: str) -> str:
    if body_kind == "json":
        return json.dumps(value, ensure_ascii=False)[1:-1]
    if body_kind == "form":
        return urllib.parse.quote_plus(value)
    return value


def gateway_request(settings: dict, recipient: str, body: str, reference: str = "") -> urllib.request.Request:
    """The HTTP request the gateway settings make for one message (placeholders filled, escaped
    for where they stand: JSON, a form body or the URL)."""
    url = str(settings.get("url") or "").strip()
    if not url.startswith(("http://", "https://")):
        raise PermanentFailure("the gateway URL must start with http:// or https://")
    method = str(settings.get("method") or "POST").upper()
    headers = {"User-Agent": "MPP-Lite"}
    for line in str(settings.get("headers") or "").splitlines():
        name, sep, value = line.partition(":")
        if sep and name.strip():
            headers[name.strip()] = value.strip()
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    template = str(settings.get("body") or "")
    kind = (
        "json"
        if "json" in content_type or template.lstrip().startswith("{")
        else "form"
        if "form" in content_type
        else "text"
    )
    values = {"phone": recipient, "phone_intl": whatsapp_number(recipient), "message": body, "reference": reference}
    url = fill(url, {k: urllib.parse.quote(v) for k, v in values.items()})
    data = None
    if method != "GET":
        data = fill(template, {k: _escape_for(kind, v) for k, v in values.items()}).encode("utf-8")
        if not content_type:
            headers["Content-Type"] = "application/json" if kind == "json" else "text/plain; charset=utf-8"
    return urllib.request.Request(url, data=data, headers=headers, method=method)  # noqa: S310 (scheme checked)


def send_http(settings: dict, recipient: str, body: str, reference: str = "") -> None:
    request = gateway_request(settings, recipient, body, reference)
    timeout = float(settings.get("timeout") or 15)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (scheme checked)
            response.read(65536)
    except urllib.error.HTTPError as error:
        error.close()  # its body is of no use here; leave no socket open
        if 400 <= error.code < 500 and error.code not in (408, 429):
            raise PermanentFailure(f"gateway answered {error.code}") from None
        raise OSError(f"gateway answered {error.code}") from None


def send_email(settings: dict, recipient: str, subject: str, body: str) -> None:
    message = EmailMessage()
    message["From"] = str(settings.get("sender") or settings.get("username") or "mpp-lite@localhost")
    message["To"] = recipient
    message["Subject"] = subject or "MPP"
    message.set_content(body)
    host, port = str(settings.get("host") or ""), int(settings.get("port") or 25)
    if not host:
        raise PermanentFailure("no SMTP server set")
    with smtplib.SMTP(host, port, timeout=float(settings.get("timeout") or 15)) as smtp:
        if settings.get("starttls"):
            smtp.starttls()
        if settings.get("username"):
            smtp.login(str(settings["username"]), str(settings.get("password") or ""))
        smtp.send_message(message)


def deliver(channel: str, settings: dict, recipient: str, subject: str, body: str, reference: str = "") -> None:
    """One network send; raises on failure (PermanentFailure when retrying cannot help)."""
    if channel == Channel.HTTP:
        send_http(settings, recipient, body, reference)
    elif channel == Channel.EMAIL:
        send_email(settings, recipient, subject, body)
    else:
        raise PermanentFailure(f"{channel} is sent by staff, not by the sender")


# --- the sender ------------------------------------------------------------------------------------


def _take_due(limit: int) -> list[dict]:
    """Claim due rows (pending, or stuck in `sending` by a sender that died) in one short transaction."""
    now = clock.utcnow()
    settings = {
        row.name: dict(row.settings or {})
        for row in db.session.scalars(
            db.select(MessageChannel).where(MessageChannel.enabled.is_(True), MessageChannel.name.in_(SENT_BY_NETWORK))
        )
    }
    if not settings:
        return []
    due = db.session.scalars(
        db.select(OutgoingMessage)
        .where(
            OutgoingMessage.channel.in_(list(settings)),
            db.or_(
                db.and_(
                    OutgoingMessage.status == MessageStatus.PENDING,
                    db.or_(OutgoingMessage.next_attempt_at.is_(None), OutgoingMessage.next_attempt_at <= now),
                ),
                db.and_(
                    OutgoingMessage.status == MessageStatus.SENDING,
                    OutgoingMessage.next_attempt_at < now - STALE_SENDING,
                ),
            ),
        )
        .order_by(OutgoingMessage.id)
        .limit(limit)
    ).all()
    taken = []
    for row in due:
        claimed = db.session.execute(
            db.update(OutgoingMessage)
            .where(OutgoingMessage.id == row.id, OutgoingMessage.status == row.status)
            .values(status=MessageStatus.SENDING, attempts=OutgoingMessage.attempts + 1, next_attempt_at=now)
            .returning(OutgoingMessage.attempts),
            execution_options={"synchronize_session": False},
        ).first()
        if claimed is not None:
            taken.append(
                {
                    "id": row.id,
                    "channel": row.channel,
                    "recipient": row.recipient,
                    "subject": row.subject,
                    "body": row.body,
                    "reference": row.reference,
                    "attempts": claimed[0],
                    "settings": settings[row.channel],
                }
            )
    return taken


def _note_outcome(message_id: int, attempts: int, max_attempts: int, failure: Exception | None) -> str:
    message = db.session.get(OutgoingMessage, message_id)
    now = clock.utcnow()
    if failure is None:
        message.status, message.sent_at, message.last_error, message.sent_by = MessageStatus.SENT, now, "", "sender"
    else:
        message.last_error = (type(failure).__name__ + ": " + str(failure))[:300]
        if isinstance(failure, PermanentFailure) or attempts >= max_attempts:
            message.status = MessageStatus.DEAD
        else:
            message.status = MessageStatus.PENDING
            message.next_attempt_at = now + timedelta(seconds=retry_seconds() * 2 ** (attempts - 1))
        current_app.logger.warning(
            "message %s on %s not delivered (%s); now %s",
            message_id,
            message.channel,
            type(failure).__name__,
            message.status,
        )
    return message.status


def _whole_number(value, default: int) -> int:
    """A number the admin typed on the channel page, or `default` for anything else."""
    text = str(value or "").strip()
    return int(text) if text.isdigit() and 0 < int(text) < 100 else default


def retry_seconds() -> float:
    return float(current_app.config.get("NOTIFY_RETRY_SECONDS", RETRY_SECONDS))


def send_due(limit: int = 50) -> dict[str, int]:
    """Send what is due; answers counts by outcome (sent, pending = will retry, dead)."""
    counts = {MessageStatus.SENT: 0, MessageStatus.PENDING: 0, MessageStatus.DEAD: 0}
    for item in in_transaction(partial(_take_due, limit)):
        failure: Exception | None = None
        try:  # no transaction is open here: a slow gateway holds nobody up
            deliver(
                item["channel"], item["settings"], item["recipient"], item["subject"], item["body"], item["reference"]
            )
        except Exception as error:  # any failure of the network or the gateway is noted on the row
            failure = error
        max_attempts = _whole_number(item["settings"].get("max_attempts"), DEFAULT_MAX_ATTEMPTS)
        outcome = in_transaction(partial(_note_outcome, item["id"], item["attempts"], max_attempts, failure))
        counts[outcome] += 1
    db.session.remove()
    return {str(k): v for k, v in counts.items()}


def send_test_message(channel: str, settings: dict, recipient: str) -> str | None:
    """Send a test through a channel's settings (not yet saved, perhaps); answers the error or None."""
    body = "Pesan uji dari MPP Lite: saluran ini berfungsi."
    try:
        deliver(channel, settings, recipient, "Pesan uji MPP Lite", body, "TEST")
    except Exception as error:  # shown to the admin who pressed the button
        return f"{type(error).__name__}: {error}"[:300]
    return None


def outcome_counts(start: datetime, end: datetime) -> dict[str, dict[str, int]]:
    """Messages made in [start, end) by channel and status (the reports page)."""
    rows = db.session.execute(
        db.select(OutgoingMessage.channel, OutgoingMessage.status, db.func.count())
        .where(OutgoingMessage.created_at >= start, OutgoingMessage.created_at < end)
        .group_by(OutgoingMessage.channel, OutgoingMessage.status)
    ).all()
    result: dict[str, dict[str, int]] = {str(c): {} for c in CHANNELS}
    for channel, status, count in rows:
        result.setdefault(channel, {})[status] = count
    return result
