"""Messages to citizens with real loopback receivers: an HTTP gateway that fails, a tiny SMTP
server, and the WhatsApp click-to-chat button; nothing is made when no channel is on."""

from __future__ import annotations

import socketserver
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from bookings_fixtures import MONDAY, book, make_booking_world

from mpp_lite.bookings import notify
from mpp_lite.bookings.models import MessageChannel, OutgoingMessage
from mpp_lite.extensions import db


@pytest.fixture
def booking_world(app, client, create_tenant, create_queue, create_counter, create_service, create_token):
    return make_booking_world(client, create_tenant, create_queue, create_counter, create_service, create_token)


def switch_on(name, **settings):
    db.session.add(MessageChannel(name=name, enabled=True, settings=settings))
    db.session.commit()


class Failing(BaseHTTPRequestHandler):
    calls = 0

    def do_POST(self):  # noqa: N802
        Failing.calls += 1
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(500)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def failing_gateway():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Failing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/kirim"
    server.shutdown()
    server.server_close()


def test_nothing_is_made_or_sent_when_no_channel_is_on(booking_world, client, at):
    at(f"{MONDAY}T07:00")
    assert book(client, booking_world, f"{MONDAY}T09:00+07:00").status_code == 201
    assert db.session.scalar(db.select(db.func.count()).select_from(OutgoingMessage)) == 0
    assert notify.send_due() == {"sent": 0, "pending": 0, "dead": 0}


def test_a_gateway_answering_500_three_times_ends_dead_and_is_listed(
    booking_world, client, app, at, login, create_user, failing_gateway, caplog
):
    app.config["NOTIFY_RETRY_SECONDS"] = 0
    switch_on("http", url=failing_gateway, body='{"to": "{phone}", "text": "{message}"}', max_attempts="3")
    at(f"{MONDAY}T07:00")
    code = book(client, booking_world, f"{MONDAY}T09:00+07:00").get_json()["code"]
    outcomes = [notify.send_due() for _ in range(3)]
    assert [o["pending"] for o in outcomes] == [1, 1, 0] and outcomes[2]["dead"] == 1
    assert Failing.calls == 3
    message = db.session.scalar(db.select(OutgoingMessage))
    assert message.status == "dead" and message.attempts == 3 and "500" in message.last_error
    assert notify.send_due()["dead"] == 0  # a dead message is not tried again by itself
    assert "not delivered" in caplog.text and "081234567890" not in caplog.text and code not in caplog.text
    login(create_user("admin1", "admin"))
    page = client.get("/admin/pesan").get_data(as_text=True)
    dead_table = page.split('class="table table-sm messages-dead"', 1)[1].split("</table>", 1)[0]
    assert code in dead_table and "gateway answered 500" in dead_table
    assert "081234567890" not in page  # the recipient shows masked


class TinySMTP(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib to hand over one message."""

    messages: list[str] = []

    def handle(self):
        self.wfile.write(b"220 test ESMTP\r\n")
        data = False
        lines: list[str] = []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            text = line.decode("utf-8", "replace").rstrip("\r\n")
            if data:
                if text == ".":
                    TinySMTP.messages.append("\n".join(lines))
                    data = False
                    self.wfile.write(b"250 queued\r\n")
                else:
                    lines.append(text)
                continue
            verb = text[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.wfile.write(b"250 test\r\n")
            elif verb == "DATA":
                data = True
                self.wfile.write(b"354 go\r\n")
            elif verb == "QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


def test_a_test_message_goes_out_by_email(app):
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), TinySMTP)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        problem = notify.send_test_message(
            "email",
            {"host": "127.0.0.1", "port": str(server.server_address[1]), "sender": "mpp@kab.example"},
            "warga@contoh.id",
        )
        assert problem is None
        assert "Pesan uji dari MPP Lite" in TinySMTP.messages[-1]
        assert "To: warga@contoh.id" in TinySMTP.messages[-1]
    finally:
        server.shutdown()
        server.server_close()
    assert "ConnectionRefusedError" in notify.send_test_message("email", {"host": "127.0.0.1", "port": "9"}, "x@y.id")


def test_whatsapp_click_to_chat_opens_wa_me_and_notes_who_sent_it(booking_world, client, at, login, create_user):
    switch_on("whatsapp_link")
    at(f"{MONDAY}T07:00")
    code = book(client, booking_world, f"{MONDAY}T09:00+07:00").get_json()["code"]
    message = db.session.scalar(db.select(OutgoingMessage))
    assert message.channel == "whatsapp_link" and message.status == "pending"
    assert code in message.body and message.body.startswith("Yth. Budi Santoso")
    login(create_user("loket1", "operator", booking_world["tenant"]))
    page = client.get("/pesan").get_data(as_text=True)
    assert "https://wa.me/6281234567890?text=Yth.%20Budi%20Santoso" in page
    assert client.post(f"/pesan/{message.id}/terkirim").status_code == 303
    db.session.refresh(message)
    assert message.status == "sent" and message.sent_by == "loket1"
    assert "wa.me" not in client.get("/pesan").get_data(as_text=True)


def test_an_edited_template_is_used_for_the_next_message(booking_world, client, app, at, login, create_user):
    switch_on("whatsapp_link")
    login(create_user("admin1", "admin"))
    assert (
        client.post(
            "/admin/pesan",
            data={"action": "templates", "template_booking_confirmed": "Kode {code} untuk {service}, {slot}."},
        ).status_code
        == 303
    )
    at(f"{MONDAY}T07:00")
    code = book(app.test_client(), booking_world, f"{MONDAY}T09:00+07:00").get_json()["code"]
    body = db.session.scalar(db.select(OutgoingMessage.body))
    assert body == f"Kode {code} untuk Paspor Baru, Senin, 7 Desember 2026, 09.00-09.30."


def test_gateway_placeholders_are_escaped_for_a_json_body():
    request = notify.gateway_request(
        {
            "url": "http://127.0.0.1:9/send?key=abc",
            "body": '{"to": "{phone_intl}", "text": "{message}"}',
            "headers": "Content-Type: application/json\nX-Api-Key: rahasia",
        },
        "081234567890",
        'Kode "7K3Q"\nbaris dua',
    )
    assert request.data == b'{"to": "6281234567890", "text": "Kode \\"7K3Q\\"\\nbaris dua"}'
    assert request.get_header("X-api-key") == "rahasia" and request.get_method() == "POST"


def test_an_application_ready_for_pickup_gets_its_message(world):
    from applications_helpers import actor_for, register

    from mpp_lite.applications import services

    switch_on("whatsapp_link")
    application = register(world)
    services.transition(actor_for(world["users"]["op"]), application, "verified")
    services.transition(actor_for(world["users"]["op"]), application, "processing")
    services.transition(actor_for(world["users"]["op"]), application, "ready")
    db.session.commit()
    message = db.session.scalar(db.select(OutgoingMessage).where(OutgoingMessage.event == "application_ready"))
    assert message.recipient == "081234567890" and application.display_code in message.body
    assert message.body.startswith("Yth. Budi Santoso, permohonan") and "Akta Kelahiran" in message.body


def test_the_day_before_reminder_is_queued_once_per_booking(booking_world, client, runner, at):
    switch_on("whatsapp_link")
    at(f"{MONDAY}T07:00")
    code = book(client, booking_world, "2026-12-08T09:00+07:00").get_json()["code"]
    at(f"{MONDAY}T16:30")
    assert "reminders queued 1" in runner.invoke(args=["bookings", "remind"]).output
    assert "reminders queued 0" in runner.invoke(args=["bookings", "remind"]).output
    reminder = db.session.scalar(db.select(OutgoingMessage).where(OutgoingMessage.event == "booking_reminder"))
    assert reminder.reference == code and "besok Selasa, 8 Desember 2026, 09.00-09.30" in reminder.body
