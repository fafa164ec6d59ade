"""Applications over HTTP: API shapes and permissions, pages, receipts, verification, status check."""

from __future__ import annotations

import io
from datetime import date
from urllib.parse import urlsplit

import pytest
from applications_helpers import NIK, PHONE, REQUIREMENTS, actor_for, register
from pypdf import PdfReader

from mpp_lite.applications import pdf, services
from mpp_lite.applications.models import StatusLookupFailure
from mpp_lite.audit.models import AuditEvent
from mpp_lite.extensions import db


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def op_token(world, create_token):
    return create_token("operator", name="loket dukcapil", tenant=world["dukcapil"])


def new_application(client, world, token, **overrides):
    body = {
        "service_id": world["service"].id,
        "applicant": {"name": "Budi Santoso", "nik": NIK, "phone": PHONE, "email": "budi@example.id"},
        "documents": list(REQUIREMENTS),
    }
    body.update(overrides)
    return client.post("/api/v1/applications", json=body, headers=bearer(token))


def assert_error_shape(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert {"code", "message", "fields"} <= set(error)
    return error


# --- JSON API -----------------------------------------------------------------------------------


def test_api_register_answers_the_contract_shape(client, world, op_token, clock):
    response = new_application(client, world, op_token)
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert {"tracking_code", "status", "due_date", "receipt_url", "verify_url"} <= set(body)
    assert body["status"] == "received" and body["due_date"] is None
    code = body["tracking_code"]
    assert len(code) == 11 and code[4] == "-" and code[9] == "-"
    assert urlsplit(body["verify_url"]).path == f"/verifikasi/{code.replace('-', '')}"
    assert "sig=" in body["verify_url"]
    text = response.get_data(as_text=True)
    assert NIK not in text and PHONE not in text and "Budi Santoso" not in text


def test_api_transition_and_409_with_allowed(client, world, op_token, clock):
    code = new_application(client, world, op_token).get_json()["tracking_code"]
    ok = client.post(
        f"/api/v1/applications/{code.lower()}/transition", json={"to": "verified", "note": ""}, headers=bearer(op_token)
    )
    assert ok.status_code == 200
    assert ok.get_json()["status"] == "verified" and ok.get_json()["due_date"] == "2026-03-27"
    bad = client.post(f"/api/v1/applications/{code}/transition", json={"to": "picked_up"}, headers=bearer(op_token))
    error = assert_error_shape(bad, 409)
    assert error["allowed"] == ["processing", "ready", "incomplete", "rejected"]
    missing_note = client.post(
        f"/api/v1/applications/{code}/transition", json={"to": "rejected"}, headers=bearer(op_token)
    )
    assert "note" in assert_error_shape(missing_note, 422)["fields"]
    unknown = client.post("/api/v1/applications/0000-0000-0/transition", json={"to": "ready"}, headers=bearer(op_token))
    assert_error_shape(unknown, 404)


def test_api_invalid_nik_says_which_part(client, world, op_token, clock):
    cases = {"12345": "16 digit", "3201013202900001": "ke-7 sampai 12", "3201014512900000": "0000"}
    for nik, hint in cases.items():
        response = new_application(client, world, op_token, applicant={"name": "Budi", "nik": nik, "phone": PHONE})
        error = assert_error_shape(response, 422)
        assert hint in error["fields"]["applicant.nik"], error
    documents = new_application(client, world, op_token, documents=["Surat sakti"])
    assert "documents.0" in assert_error_shape(documents, 422)["fields"]
    no_service = new_application(client, world, op_token, service_id=99999)
    assert "service_id" in assert_error_shape(no_service, 422)["fields"]
    not_json = client.post("/api/v1/applications", data="x", headers=bearer(op_token))
    assert_error_shape(not_json, 415)


def test_api_names_each_field_sent_with_the_wrong_json_type(client, world, op_token, clock):
    from mpp_lite.applications.models import Application

    response = new_application(
        client, world, op_token, applicant={"name": 5, "nik": 3201011505900051, "phone": 81299990051, "email": ["x"]}
    )
    error = assert_error_shape(response, 422)
    assert set(error["fields"]) == {"applicant.name", "applicant.nik", "applicant.phone", "applicant.email"}
    assert "teks" in error["fields"]["applicant.phone"]  # Indonesian first
    assert db.session.scalar(db.select(db.func.count()).select_from(Application)) == 0
    code = new_application(client, world, op_token).get_json()["tracking_code"]
    wrong = client.post(
        f"/api/v1/applications/{code}/transition", json={"to": 5, "note": {"a": 1}}, headers=bearer(op_token)
    )
    assert set(assert_error_shape(wrong, 422)["fields"]) == {"to"}
    note = client.post(
        f"/api/v1/applications/{code}/transition", json={"to": "verified", "note": 7}, headers=bearer(op_token)
    )
    assert set(assert_error_shape(note, 422)["fields"]) == {"note"}


def test_unknown_region_is_a_warning_not_an_error(client, world, op_token, clock):
    response = new_application(
        client, world, op_token, applicant={"name": "Budi", "nik": "9901014512900001", "phone": PHONE}
    )
    assert response.status_code == 201
    assert response.get_json()["warnings"]


def test_api_permissions(client, world, op_token, create_token, clock):
    assert_error_shape(client.post("/api/v1/applications", json={}), 401)
    polres = create_token("operator", name="loket polres", tenant=world["polres"])
    assert_error_shape(new_application(client, world, polres), 403)
    kiosk = create_token("kiosk")
    assert_error_shape(new_application(client, world, kiosk), 403)
    code = new_application(client, world, op_token).get_json()["tracking_code"]
    other = client.post(f"/api/v1/applications/{code}/transition", json={"to": "verified"}, headers=bearer(polres))
    assert_error_shape(other, 403)
    assert_error_shape(client.get(f"/api/v1/applications/{code}", headers=bearer(polres)), 403)
    assert client.get(f"/api/v1/applications/{code}", headers=bearer(op_token)).status_code == 200
    assert [
        a["tracking_code"] for a in client.get("/api/v1/applications", headers=bearer(op_token)).get_json()["items"]
    ] == [code]
    assert client.get("/api/v1/applications", headers=bearer(polres)).get_json()["items"] == []


def test_other_tenants_operator_gets_403_on_pages(client, world, login, clock):
    application = register(world)
    login(world["users"]["op_polres"])
    assert client.get(f"/permohonan/{application.tracking_code}").status_code == 403
    assert client.get(f"/permohonan/{application.tracking_code}/tanda-terima.pdf").status_code == 403
    response = client.post(f"/permohonan/{application.tracking_code}/status", data={"to": "verified", "note": ""})
    assert response.status_code == 403
    assert application.status == "received"


# --- Done when: receipt PDF and QR ----------------------------------------------------------------


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)


def decode_qr_images(data: bytes) -> list[str]:
    import zxingcpp

    found = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for image in page.images:
            found += [result.text for result in zxingcpp.read_barcodes(image.image.convert("L"))]
    return found


def test_receipt_pdf_has_code_due_date_and_a_qr_of_the_verification_url(client, world, login, op_token, clock):
    body = new_application(client, world, op_token, verified=True).get_json()
    assert body["due_date"] == "2026-03-27"
    login(world["users"]["op"])
    response = client.get(urlsplit(body["receipt_url"]).path)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    assert body["tracking_code"] in text
    assert "27 Maret 2026" in text  # the due date, in Indonesian
    assert "Budi Santoso" in text  # the full name on the citizen's copy
    for requirement in REQUIREMENTS:
        assert requirement in text
    assert decode_qr_images(response.data) == [body["verify_url"]]
    application = services.get_by_code(body["tracking_code"])
    with client.application.test_request_context(base_url="http://localhost"):
        assert pdf.qr_payload(application) == body["verify_url"]
    slip = client.get(urlsplit(body["receipt_url"]).path + "?format=slip")
    assert slip.status_code == 200
    assert body["tracking_code"] in pdf_text(slip.data)
    assert decode_qr_images(slip.data) == [body["verify_url"]]
    width = float(PdfReader(io.BytesIO(slip.data)).pages[0].mediabox.width)
    assert round(width / 72 * 25.4) == 80
    views = db.session.scalars(db.select(AuditEvent.detail).where(AuditEvent.action == "application.view")).all()
    assert {"view": "receipt"} in views and {"view": "receipt-slip"} in views


def test_receipt_before_verification_says_when_the_due_date_is_set(client, world, login, clock):
    application = register(world, documents=REQUIREMENTS[:1])
    login(world["users"]["sup"])
    text = pdf_text(client.get(f"/permohonan/{application.tracking_code}/tanda-terima.pdf").data)
    assert "ditetapkan setelah berkas lengkap" in text


def test_receipt_needs_staff(client, world, clock):
    application = register(world)
    response = client.get(f"/permohonan/{application.tracking_code}/tanda-terima.pdf")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


# --- Done when: signed verification URL -------------------------------------------------------------


def test_verification_url_genuine_and_tampered(client, world, op_token, clock):
    url = new_application(client, world, op_token).get_json()["verify_url"]
    parts = urlsplit(url)
    genuine = client.get(f"{parts.path}?{parts.query}")
    page = genuine.get_data(as_text=True)
    assert genuine.status_code == 200
    assert "Tanda terima ini sah" in page and "Bu** Sa*****" in page and "Akta Kelahiran" in page
    assert "Budi Santoso" not in page and NIK not in page
    signature = parts.query.split("sig=", 1)[1]
    flipped = signature[:5] + ("A" if signature[5] != "A" else "B") + signature[6:]
    code = parts.path.rsplit("/", 1)[1]
    other_code = code[:3] + ("2" if code[3] != "2" else "3") + code[4:]
    for tampered in (
        f"{parts.path}?sig={flipped}",
        f"/verifikasi/{other_code}?sig={signature}",
        parts.path,
        f"{parts.path}?sig={signature}x",
    ):
        response = client.get(tampered)
        text = response.get_data(as_text=True)
        assert response.status_code == 404
        assert "Tanda terima ini tidak sah" in text
        assert "Bu**" not in text and "Akta Kelahiran" not in text


def test_signature_depends_on_the_secret_key(app, world, clock):
    application = register(world)
    with app.test_request_context():
        first = services.receipt_signature(application)
        app.config["SECRET_KEY"] = "another-site"
        assert services.receipt_signature(application) != first


# --- Done when: status lookups and the rate limit ------------------------------------------------


def lookup(client, code, digits, ip="10.0.0.5"):
    return client.post("/api/v1/status", json={"code": code, "phone_last4": digits}, environ_base={"REMOTE_ADDR": ip})


def test_status_lookup_shows_masked_status_with_history(client, world, clock):
    application = register(world)
    services.transition(actor_for(world["users"]["op"]), application, "verified")
    services.transition(actor_for(world["users"]["op"]), application, "ready")
    db.session.commit()
    response = lookup(client, application.display_code.lower().replace("-", " "), PHONE[-4:])
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ready" and body["applicant"] == "Bu** Sa*****"
    assert [item["status"] for item in body["history"]] == ["received", "verified", "ready"]
    assert body["due_date"] == "2026-03-27" and body["pickup"]
    text = response.get_data(as_text=True)
    assert NIK not in text and PHONE not in text and "Budi Santoso" not in text


def test_unknown_code_and_wrong_digits_answer_the_same(client, world, clock):
    application = register(world)
    wrong_digits = lookup(client, application.display_code, "0000")
    from mpp_lite.applications.codes import check_symbol

    unknown_code = "ZZZZZZZZ" + check_symbol("ZZZZZZZZ")
    unknown = lookup(client, unknown_code, PHONE[-4:])
    assert wrong_digits.status_code == unknown.status_code == 404
    assert wrong_digits.get_data() == unknown.get_data()


def test_typo_in_code_is_422_and_not_counted(client, world, clock):
    application = register(world)
    code = application.tracking_code
    typo = code[:2] + ("X" if code[2] != "X" else "Y") + code[3:]
    for _ in range(15):
        response = lookup(client, typo, PHONE[-4:])
        assert "code" in assert_error_shape(response, 422)["fields"]
    assert db.session.scalar(db.select(db.func.count(StatusLookupFailure.id))) == 0
    assert lookup(client, code, PHONE[-4:]).status_code == 200


def test_eleven_wrong_lookups_are_rate_limited_then_a_right_one_works_after_the_window(client, world, clock):
    application = register(world)
    for attempt in range(10):
        clock.advance(seconds=20)
        assert lookup(client, application.tracking_code, f"{attempt:04d}").status_code == 404
    eleventh = lookup(client, application.tracking_code, "9999")
    error = assert_error_shape(eleventh, 429)
    retry_after = int(eleventh.headers["Retry-After"])
    assert 0 < retry_after <= 600
    assert "menit" in error["message"]
    # Even the right digits wait: otherwise the limit would tell a guesser when they are right.
    assert lookup(client, application.tracking_code, PHONE[-4:]).status_code == 429
    clock.advance(seconds=retry_after)
    assert lookup(client, application.tracking_code, PHONE[-4:]).status_code == 200


def test_limit_is_per_code_across_clients_and_per_client_across_codes(client, world, clock):
    target = register(world)
    for n in range(10):
        assert lookup(client, target.tracking_code, "0000", ip=f"10.1.0.{n}").status_code == 404
    assert lookup(client, target.tracking_code, PHONE[-4:], ip="10.9.9.9").status_code == 429
    other = register(world, name="Siti Aminah")
    assert lookup(client, other.tracking_code, PHONE[-4:], ip="10.9.9.9").status_code == 200
    from mpp_lite.applications.codes import new_code

    for _ in range(10):
        assert lookup(client, new_code(), "1234", ip="10.2.2.2").status_code == 404
    assert lookup(client, other.tracking_code, PHONE[-4:], ip="10.2.2.2").status_code == 429


def test_successful_lookups_do_not_count(client, world, clock):
    application = register(world)
    for _ in range(25):
        assert lookup(client, application.tracking_code, PHONE[-4:]).status_code == 200


# --- pages ------------------------------------------------------------------------------------


def test_status_page_kiosk_and_phone(client, world, clock):
    application = register(world)
    page = client.get("/status?kiosk=1").get_data(as_text=True)
    assert "cek status permohonan" in page.lower() and "keypad" in page and "status-keypad.js" in page
    assert 'href="/kiosk"' in page and "/login" not in page  # a way back to the kiosk, no staff links
    assert "/login" in client.get("/status").get_data(as_text=True)  # the phone page has the normal menu
    ok = client.post("/status", data={"code": application.display_code, "phone_last4": PHONE[-4:]})
    text = ok.get_data(as_text=True)
    assert ok.status_code == 200 and "Diterima" in text and "Bu** Sa*****" in text and PHONE not in text
    wrong = client.post("/status", data={"code": application.display_code, "phone_last4": "0000"})
    unknown = client.post(
        "/status",
        data={
            "code": "ZZZZ-ZZZZ-" + __import__("mpp_lite.applications.codes", fromlist=["x"]).check_symbol("ZZZZZZZZ"),
            "phone_last4": PHONE[-4:],
        },
    )
    assert wrong.status_code == unknown.status_code == 404
    message = "Kami tidak menemukan permohonan"
    assert message in wrong.get_data(as_text=True) and message in unknown.get_data(as_text=True)
    typo = client.post(
        "/status",
        data={
            "code": application.tracking_code[:8] + ("0" if application.tracking_code[8] != "0" else "1"),
            "phone_last4": "1234",
        },
    )
    assert typo.status_code == 422 and "salah ketik" in typo.get_data(as_text=True)
    for _ in range(9):
        client.post("/status", data={"code": application.display_code, "phone_last4": "0000"})
    limited = client.post("/status", data={"code": application.display_code, "phone_last4": PHONE[-4:]})
    assert limited.status_code == 429 and "coba lagi dalam 10 menit" in limited.get_data(as_text=True).lower()
    assert "Retry-After" in limited.headers


def test_public_menu_links_the_status_page(client, world):
    assert 'href="/status"' in client.get("/").get_data(as_text=True)


def test_picked_up_status_links_the_survey(client, world, clock):
    application = register(world)
    for to in ("verified", "ready", "picked_up"):
        services.transition(actor_for(world["users"]["op"]), application, to)
    db.session.commit()
    body = lookup(client, application.tracking_code, PHONE[-4:]).get_json()
    assert body["survey_url"] == f"/survei?permohonan={application.tracking_code}"


def test_register_page_prefills_from_the_ticket_and_registers(client, world, login, clock):
    from mpp_lite.queue.models import Ticket

    ticket = Ticket(
        queue_id=world["queues"][0].id,
        service_id=world["service"].id,
        day=date(2026, 3, 13),
        seq=7,
        number="A007",
        status="serving",
    )
    db.session.add(ticket)
    db.session.commit()
    login(world["users"]["op"])
    page = client.get(f"/permohonan/baru?tiket={ticket.id}").get_data(as_text=True)
    assert "A007" in page and "Fotokopi Kartu Keluarga" in page
    assert f'value="{world["service"].id}" selected' in page or f'selected value="{world["service"].id}"' in page
    bad = client.post(
        "/permohonan/baru",
        data={
            "service_id": world["service"].id,
            "ticket_id": ticket.id,
            "name": "Budi Santoso",
            "nik": "3201013202900001",
            "phone": PHONE,
            "documents": ["1", "2"],
        },
    )
    text = bad.get_data(as_text=True)
    assert bad.status_code == 200 and "bukan tanggal lahir" in text
    assert 'value="Budi Santoso"' in text and 'value="1" id="doc-1" checked' in text  # kept what was typed
    good = client.post(
        "/permohonan/baru",
        data={
            "service_id": world["service"].id,
            "ticket_id": ticket.id,
            "name": "Budi Santoso",
            "nik": NIK,
            "phone": PHONE,
            "documents": ["1", "2", "3"],
            "verify_now": "y",
        },
    )
    assert good.status_code == 302
    application = services.get_by_code(good.headers["Location"].split("/permohonan/")[1].split("?")[0])
    assert application.ticket_id == ticket.id and application.status == "verified"
    assert application.due_date == date(2026, 3, 27)


def test_requirements_partial_for_htmx(client, world, login):
    login(world["users"]["op"])
    text = client.get(f"/permohonan/persyaratan?service_id={world['service'].id}").get_data(as_text=True)
    assert all(r in text for r in REQUIREMENTS)


def test_worklist_highlights_overdue_and_detail_is_audited(client, world, login, clock):
    late = register(world)
    services.transition(actor_for(world["users"]["op"]), late, "verified")
    db.session.commit()
    clock.set(2026, 4, 1)
    login(world["users"]["op"])
    found = client.post("/permohonan", data={"status": "all", "q": NIK}).get_data(as_text=True)
    assert late.display_code in found
    page = client.get("/permohonan?status=overdue").get_data(as_text=True)
    assert late.display_code in page and "table-overdue" in page and "Terlambat" in page
    assert "terlambat 3 hari kerja" in page  # due Friday 27 March; today Wednesday 1 April
    detail = client.get(f"/permohonan/{late.tracking_code}").get_data(as_text=True)
    assert NIK in detail and "27-03-2026" in detail and "Hari Suci Nyepi" in detail
    events = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "application.view")).all()
    assert [(e.actor, e.object_id) for e in events] == [("op_dukcapil", late.tracking_code)]


def test_detail_page_transitions(client, world, login, clock):
    application = register(world)
    login(world["users"]["op"])
    page = client.get(f"/permohonan/{application.tracking_code}").get_data(as_text=True)
    assert "Berkas lengkap: verifikasi" in page
    response = client.post(f"/permohonan/{application.tracking_code}/status", data={"to": "incomplete", "note": ""})
    assert response.status_code == 302 and application.status == "received"
    client.post(f"/permohonan/{application.tracking_code}/status", data={"to": "incomplete", "note": "KK kurang"})
    assert application.status == "incomplete"


def test_supervisor_reads_all_but_cannot_act(client, world, login, clock):
    application = register(world)
    login(world["users"]["sup"])
    assert application.display_code in client.get("/permohonan").get_data(as_text=True)
    page = client.get(f"/permohonan/{application.tracking_code}").get_data(as_text=True)
    assert "Hanya baca" in page
    assert client.post(f"/permohonan/{application.tracking_code}/status", data={"to": "verified"}).status_code == 403
    assert client.get("/permohonan/baru").status_code == 403


def test_admin_local_holidays_page(client, world, login, clock):
    application = register(world)
    services.transition(actor_for(world["users"]["op"]), application, "verified")
    db.session.commit()
    login(world["users"]["admin"])
    page = client.get("/admin/hari-libur?tahun=2026").get_data(as_text=True)
    assert "Cuti Bersama" in page or "Cuti bersama" in page
    response = client.post(
        "/admin/hari-libur", data={"day": "2026-03-26", "name": "Hari Jadi Kabupaten", "kind": "holiday"}
    )
    assert response.status_code == 302
    assert application.due_date == date(2026, 3, 30)
    assert client.get("/admin/hari-libur").status_code == 200
    login(world["users"]["op"])
    assert client.get("/admin/hari-libur").status_code == 403


# --- notifications through a webhook on loopback --------------------------------------------------


def test_webhook_sender_delivers_when_configured(app, client, world, op_token, clock, caplog):
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(
                (
                    {k.lower(): v for k, v in self.headers.items()},
                    json.loads(self.rfile.read(int(self.headers["Content-Length"]))),
                )
            )
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        app.config.update(
            NOTIFY_SENDER="webhook",
            NOTIFY_WEBHOOK_URL=f"http://127.0.0.1:{server.server_port}/hook",
            NOTIFY_WEBHOOK_SECRET="s3cret",
        )
        code = new_application(client, world, op_token, verified=True).get_json()["tracking_code"]
        response = client.post(
            f"/api/v1/applications/{code}/transition", json={"to": "ready"}, headers=bearer(op_token)
        )
        assert response.status_code == 200
    finally:
        server.shutdown()
        server.server_close()
    assert len(received) == 1
    headers, payload = received[0]
    assert payload["event"] == "ready" and payload["tracking_code"] == code and payload["phone"] == PHONE
    assert headers["x-mpp-signature"].startswith("v1=")
    from mpp_lite.applications.models import Notification

    assert db.session.scalars(db.select(Notification.status)).all() == ["sent"]
    assert PHONE not in caplog.text and NIK not in caplog.text


def test_edit_page_corrects_data_and_keeps_the_receipt_valid(client, world, login, clock):
    application = register(world, documents=REQUIREMENTS[:1])
    login(world["users"]["op"])
    page = client.get(f"/permohonan/{application.tracking_code}/ubah").get_data(as_text=True)
    assert 'value="Budi Santoso"' in page and 'id="doc-1" checked' in page and 'id="doc-2" checked' not in page
    bad = client.post(
        f"/permohonan/{application.tracking_code}/ubah", data={"name": "Budi", "nik": "1", "phone": PHONE}
    )
    assert bad.status_code == 200 and "16 digit" in bad.get_data(as_text=True)
    good = client.post(
        f"/permohonan/{application.tracking_code}/ubah",
        data={"name": "Budi Santosa", "nik": NIK, "phone": PHONE, "documents": ["1", "2", "3"]},
    )
    assert good.status_code == 302
    assert application.applicant_name == "Budi Santosa" and application.documents == REQUIREMENTS
    verify = client.get(f"/verifikasi/{application.tracking_code}?sig={services.receipt_signature(application)}")
    assert verify.status_code == 200 and "Bu** Sa*****" in verify.get_data(as_text=True)
    login(world["users"]["op_polres"])
    assert client.get(f"/permohonan/{application.tracking_code}/ubah").status_code == 403


def test_admin_sees_notifications_and_can_retry(app, client, world, login, clock):
    application = register(world)
    for to in ("verified", "ready"):
        services.transition(actor_for(world["users"]["op"]), application, to)
    db.session.commit()
    login(world["users"]["admin"])
    page = client.get("/admin/notifikasi").get_data(as_text=True)
    assert application.display_code in page and "Gateway belum diatur" in page and PHONE not in page
    app.config.update(NOTIFY_SENDER="webhook", NOTIFY_WEBHOOK_URL="http://127.0.0.1:9/closed")
    from mpp_lite.applications.models import Notification

    db.session.execute(db.update(Notification).values(status="pending"))
    db.session.commit()
    sent = client.post("/admin/notifikasi/kirim", follow_redirects=True).get_data(as_text=True)
    assert "Menunggu dicoba lagi: 1" in sent and "Connection refused" in sent
    login(world["users"]["op"])
    assert client.get("/admin/notifikasi").status_code == 403


def test_api_a_service_id_beyond_the_databases_integers_is_no_such_service(app, client, world, create_token):
    """2**62 + 1 fits SQLite's INTEGER but not PostgreSQL's: found by schemathesis on PostgreSQL (a 500)."""
    headers = {"Authorization": f"Bearer {create_token('admin', name='api-range')}"}
    answer = client.post(
        "/api/v1/applications",
        json={
            "service_id": 2**62 + 1,
            "applicant": {"name": "Budi", "nik": "3201014512900001", "phone": "081234567890"},
        },
        headers=headers,
    )
    assert answer.status_code == 422 and "service_id" in answer.get_json()["error"]["fields"]
