"""Printed tickets (PDF on 80/58 mm rolls, ESC/POS) and the voice announcement clips."""

from __future__ import annotations

import re
import wave
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from mpp_lite.queue.announce import all_clips, clip_filename, clips_for_call, number_words

STATIC = Path(__file__).resolve().parent.parent / "static"


@pytest.fixture
def ticket(seeded, client, create_token):
    kiosk = create_token("kiosk")
    response = client.post(
        "/api/v1/tickets", json={"service_id": seeded["services"][0].id}, headers={"Authorization": f"Bearer {kiosk}"}
    )
    assert response.status_code == 201
    return response.get_json()


@pytest.mark.parametrize(("paper", "points"), [("80", 226.77), ("58", 164.41)])
def test_ticket_pdf_is_exactly_the_roll_width_and_holds_the_qr_url(client, ticket, paper, points):
    response = client.get(ticket["pdf_url"].replace("http://localhost", "") + f"?paper={paper}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(BytesIO(response.data))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert float(page.mediabox.width) == pytest.approx(points, abs=0.01)
    height = float(page.mediabox.height)
    assert 150 < height < 500  # fitted to the content, not an A4 page
    text = page.extract_text()
    urls = re.findall(r"https?://\S+/t/[A-Za-z0-9_-]+", text)
    assert urls == [ticket["public_url"]]
    assert ticket["number"] in text
    assert "Penerbitan KTP-el Baru" in text


def test_ticket_pdf_default_is_80_mm_and_bad_paper_is_404(client, ticket):
    path = ticket["pdf_url"].replace("http://localhost", "")
    page = PdfReader(BytesIO(client.get(path).data)).pages[0]
    assert float(page.mediabox.width) == pytest.approx(226.77, abs=0.01)
    assert client.get(path + "?paper=100").status_code == 404
    assert client.get("/t/no-such-ticket/tiket.pdf").status_code == 404


def test_qr_code_is_served_as_svg(client, ticket):
    response = client.get(ticket["public_url"].replace("http://localhost", "") + "/qr.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert b"<svg" in response.data


def test_escpos_printing_with_the_dummy_printer(app, ticket):
    from escpos.printer import Dummy

    from mpp_lite.extensions import db
    from mpp_lite.queue.models import Ticket
    from mpp_lite.queue.printing import print_escpos, ticket_print_data

    with app.test_request_context("/"):
        data = ticket_print_data(db.session.get(Ticket, ticket["id"]))
        for paper in (80, 58):
            printer = Dummy()
            print_escpos(printer, data, paper)
            output = printer.output
            assert b"A001" in output
            assert data.url.encode() in output
            assert output.endswith(b"\x1dVA\x00") or b"\x1dV" in output  # paper cut


def test_kiosk_with_a_network_printer_reports_a_failed_print_but_keeps_the_ticket(seeded, client, app):
    from mpp_lite.auth.services import create_token
    from mpp_lite.extensions import db
    from mpp_lite.queue.devices import update_printer

    token, raw = create_token("Kiosk lobby", "kiosk")
    update_printer(token, {"kind": "network", "host": "127.0.0.1", "port": "9", "paper": "58"})
    db.session.commit()
    response = client.post(
        "/api/v1/tickets", json={"service_id": seeded["services"][0].id}, headers={"Authorization": f"Bearer {raw}"}
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["number"] == "A001"
    assert body["print"]["kind"] == "network" and body["print"]["ok"] is False
    assert "printer" in body["print"]["message"].lower() or "pencetak" in body["print"]["message"].lower()


def test_announcement_for_a001_at_counter_3():
    assert clips_for_call("A001", 3) == [
        "chime",
        "nomor",
        "antrean",
        "huruf-a",
        "angka-0",
        "angka-0",
        "angka-1",
        "silakan",
        "menuju",
        "loket",
        "angka-3",
    ]


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (1, ["angka-1"]),
        (10, ["sepuluh"]),
        (11, ["sebelas"]),
        (12, ["angka-2", "belas"]),
        (20, ["angka-2", "puluh"]),
        (23, ["angka-2", "puluh", "angka-3"]),
        (50, ["angka-5", "puluh"]),
        (100, ["seratus"]),
        (115, ["seratus", "angka-5", "belas"]),
        (342, ["angka-3", "ratus", "angka-4", "puluh", "angka-2"]),
    ],
)
def test_counter_numbers_are_said_the_indonesian_way(number, words):
    assert number_words(number) == words


def test_every_clip_the_builder_can_name_exists_and_plays():
    named = {"chime"} | set(all_clips())
    for counter in range(1, 51):
        for number in ("A001", "B123", "Z999", "J050"):
            named.update(clips_for_call(number, counter))
    assert named <= {"chime"} | set(all_clips())
    for name in sorted(named):
        path = STATIC / clip_filename(name)
        assert path.is_file(), f"missing clip {path}"
        with wave.open(str(path)) as clip:
            assert clip.getnchannels() == 1
            assert 0.1 < clip.getnframes() / clip.getframerate() < 3, name


def test_a_kiosk_with_a_file_printer_prints_on_the_server(seeded, client, app, tmp_path):
    """ESC/POS to a device file (e.g. /dev/usb/lp0); here an ordinary file stands in for it."""
    from mpp_lite.auth.services import create_token
    from mpp_lite.extensions import db
    from mpp_lite.queue.devices import update_printer

    device = tmp_path / "lp0"
    token, raw = create_token("Kiosk lantai 1", "kiosk")
    update_printer(token, {"kind": "file", "path": str(device), "paper": "80"})
    db.session.commit()
    response = client.post(
        "/api/v1/tickets", json={"service_id": seeded["services"][2].id}, headers={"Authorization": f"Bearer {raw}"}
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["print"] == {"kind": "file", "paper": 80, "ok": True}
    printed = device.read_bytes()
    assert b"B001" in printed and body["public_url"].encode() in printed
    assert b"NOMOR ANTREAN" in printed
