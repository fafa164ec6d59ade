"""Complaints: reference numbers, deadlines in working days, masking, statuses, staff per tenant."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone

import pytest

from mpp_lite.complaints.models import Complaint
from mpp_lite.complaints.services import (
    ComplaintError,
    change_status,
    file_complaint,
    mask_name,
    mask_phone,
    response_deadline,
)
from mpp_lite.extensions import db
from mpp_lite.site import clock


@pytest.fixture
def staff(seeded, create_user):
    dukcapil, polres = seeded["tenants"]
    return {
        "op_dukcapil": create_user("op1", "operator", dukcapil),
        "op_polres": create_user("op2", "operator", polres),
        "supervisor": create_user("sup1", "supervisor"),
    }


def freeze(monkeypatch, when: datetime):
    monkeypatch.setattr(clock, "utcnow", lambda: when)


def citizen():
    from mpp_lite.auth.permissions import ANONYMOUS

    return ANONYMOUS


def test_references_carry_the_year_and_cannot_be_counted(app, seeded, monkeypatch):
    freeze(monkeypatch, datetime(2026, 12, 31, 3, tzinfo=timezone.utc))
    first = file_complaint(citizen(), text="Antrean terlalu lama hari ini.")
    second = file_complaint(citizen(), text="Toilet lantai dua rusak.", kind="suggestion")
    pattern = re.compile(r"^ADU-2026-[0-9A-HJKMNP-TV-Z]{8}$")
    assert pattern.match(first.reference) and pattern.match(second.reference)
    assert (first.seq, second.seq) == (1, 2)  # the year's count stays internal
    assert not first.reference.endswith("000001") and first.reference[-8:] != second.reference[-8:]
    freeze(monkeypatch, datetime(2026, 12, 31, 18, tzinfo=timezone.utc))  # 1 Jan 2027 in Jakarta
    assert file_complaint(citizen(), text="Parkir penuh sejak pagi.").reference.startswith("ADU-2027-")


def test_deadline_is_five_working_days(app, seeded, monkeypatch):
    freeze(monkeypatch, datetime(2026, 11, 27, 2, tzinfo=timezone.utc))  # Friday 27 Nov 2026, 09:00 WIB
    complaint = file_complaint(citizen(), text="Petugas tidak ada di loket.")
    assert complaint.due_date == date(2026, 12, 4)  # Mon-Fri of the next week
    assert response_deadline(date(2026, 12, 23), 2) > date(2026, 12, 25)  # Christmas is not a working day


def test_validation_names_fields(app, seeded):
    with pytest.raises(ComplaintError) as error:
        file_complaint(citizen(), text="pendek", contact_phone="abc", contact_email="nope")
    assert set(error.value.fields) == {"text", "contact_phone", "contact_email"}


def test_masking():
    assert mask_name("Budi Santoso") == "Bu** Sa*****"
    assert mask_phone("0812-3456-7890") == "****-****-7890"


def test_public_form_files_and_status_page_masks_contact(client, seeded):
    dukcapil = seeded["tenants"][0]
    response = client.post(
        "/pengaduan",
        data={
            "kind": "complaint",
            "tenant_id": str(dukcapil.id),
            "service_id": "",
            "text": "Blangko KTP habis terus.",
            "contact_name": "Budi Santoso",
            "contact_phone": "081234567890",
            "contact_email": "budi@example.id",
        },
    )
    assert response.status_code == 302
    complaint = db.session.scalar(db.select(Complaint))
    assert complaint.channel == "web" and complaint.tenant_id == dukcapil.id
    assert complaint.contact_phone == "081234567890"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert complaint.reference in page and "ADU-" in page
    assert "Bu** Sa*****" in page and "****-****-7890" in page
    assert "081234567890" not in page and "Budi Santoso" not in page and "budi@example.id" not in page
    assert "https://www.lapor.go.id" in page


def test_public_form_keeps_input_on_error(client, seeded):
    response = client.post("/pengaduan", data={"kind": "complaint", "text": "x", "contact_name": "Siti"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'value="Siti"' in html and "is-invalid" in html
    assert "www.lapor.go.id" in client.get("/pengaduan").get_data(as_text=True)


def test_status_flow_and_answer_shown_to_citizen(app, client, seeded, staff):
    complaint = file_complaint(citizen(), text="Antrean terlalu lama hari ini.", tenant_id=seeded["tenants"][0].id)
    db.session.commit()
    from mpp_lite.auth.permissions import Actor

    operator = Actor(kind="user", role="operator", name="op1", tenant_id=seeded["tenants"][0].id)
    with pytest.raises(ComplaintError):
        change_status(operator, complaint, "answered")  # an answer needs text
    change_status(operator, complaint, "in_progress")
    change_status(operator, complaint, "answered", answer="Kami menambah satu petugas mulai besok.")
    change_status(operator, complaint, "closed")
    with pytest.raises(ComplaintError) as error:
        change_status(operator, complaint, "new")
    assert error.value.kind == "conflict"
    db.session.commit()
    assert [s.to_status for s in complaint.steps] == ["new", "in_progress", "answered", "closed"]
    page = client.get(f"/pengaduan/{complaint.access_token}").get_data(as_text=True)
    assert "Kami menambah satu petugas" in page


def test_operators_handle_only_their_tenants_complaints(client, seeded, staff, login):
    dukcapil, polres = seeded["tenants"]
    mine = file_complaint(citizen(), text="Antrean KTP lama sekali.", tenant_id=dukcapil.id)
    theirs = file_complaint(citizen(), text="Antrean SKCK lama sekali.", tenant_id=polres.id)
    db.session.commit()
    login(staff["op_dukcapil"])
    desk = client.get("/pengaduan/meja").get_data(as_text=True)
    assert mine.reference in desk and theirs.reference not in desk
    assert client.get(f"/pengaduan/meja/{theirs.id}").status_code == 403
    detail = client.get(f"/pengaduan/meja/{mine.id}")
    assert detail.status_code == 200
    response = client.post(
        f"/pengaduan/meja/{mine.id}", data={"to": "answered", "answer": "Sudah ditangani, terima kasih."}
    )
    assert response.status_code == 302
    db.session.refresh(mine)
    assert mine.status == "answered" and mine.answered_by == "op1"


def test_supervisor_sees_all_and_hands_over(client, seeded, staff, login):
    dukcapil, polres = seeded["tenants"]
    complaint = file_complaint(citizen(), text="Tidak tahu harus ke loket mana.")
    db.session.commit()
    login(staff["supervisor"])
    assert complaint.reference in client.get("/pengaduan/meja").get_data(as_text=True)
    client.post(f"/pengaduan/meja/{complaint.id}", data={"action": "assign", "tenant_id": str(polres.id)})
    db.session.refresh(complaint)
    assert complaint.tenant_id == polres.id


def test_desk_records_a_phone_complaint_with_full_contact_for_staff(client, seeded, staff, login):
    login(staff["op_dukcapil"])
    response = client.post(
        "/pengaduan/meja/baru",
        data={
            "kind": "complaint",
            "channel": "phone",
            "tenant_id": str(seeded["tenants"][0].id),
            "service_id": "",
            "text": "Penelepon mengeluh antrean.",
            "contact_name": "Siti Aminah",
            "contact_phone": "0812 1111 2222",
        },
    )
    assert response.status_code == 302
    complaint = db.session.scalar(db.select(Complaint))
    assert complaint.channel == "phone" and complaint.recorded_by == "op1"
    detail = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Siti Aminah" in detail and "081211112222" in detail


def test_overdue_filter(client, seeded, staff, login, monkeypatch):
    freeze(monkeypatch, datetime(2026, 11, 2, 2, tzinfo=timezone.utc))
    old = file_complaint(citizen(), text="Keluhan lama belum dijawab.")
    db.session.commit()
    freeze(monkeypatch, datetime(2026, 11, 27, 2, tzinfo=timezone.utc))
    login(staff["supervisor"])
    page = client.get("/pengaduan/meja?lewat=1").get_data(as_text=True)
    assert old.reference in page and "table-overdue" in page


def test_anonymous_cannot_open_the_desk(client, seeded):
    assert client.get("/pengaduan/meja").status_code == 302


def test_citizen_finds_the_complaint_again_with_reference_and_phone_digits(client, seeded):
    complaint = file_complaint(citizen(), text="Antrean terlalu lama hari ini.", contact_phone="0812-3456-7890")
    silent = file_complaint(citizen(), text="Tanpa nomor telepon sama sekali.")
    db.session.commit()
    found = client.post("/pengaduan/cek", data={"reference": complaint.reference.lower(), "phone_last4": "7890"})
    assert found.status_code == 302 and found.headers["Location"].endswith(complaint.access_token)
    wrong = client.post("/pengaduan/cek", data={"reference": complaint.reference, "phone_last4": "1111"})
    unknown = client.post("/pengaduan/cek", data={"reference": "ADU-2026-999999", "phone_last4": "7890"})
    no_phone = client.post("/pengaduan/cek", data={"reference": silent.reference, "phone_last4": "0000"})
    assert wrong.status_code == unknown.status_code == no_phone.status_code == 404

    # The same page either way (nothing tells a wrong phone from an unknown reference), apart from
    # the reference echoed back and the CSRF token, which is signed with the second it was made.
    def page(response, reference):
        html = response.get_data(as_text=True).replace(reference, "X")
        return re.sub(r'"[\w-]{20,}\.[\w-]{4,}\.[\w-]{10,}"', '"csrf"', html)

    assert page(wrong, complaint.reference) == page(unknown, "ADU-2026-999999")


def test_desk_list_exports_without_contact_details(client, seeded, staff, login):
    import csv
    import io

    from openpyxl import load_workbook

    dukcapil, polres = seeded["tenants"]
    mine = file_complaint(
        citizen(),
        text="Antrean KTP lama sekali.",
        tenant_id=dukcapil.id,
        contact_name="Budi Santoso",
        contact_phone="081234567890",
    )
    file_complaint(citizen(), text="Antrean SKCK lama sekali.", tenant_id=polres.id)
    db.session.commit()
    login(staff["op_dukcapil"])
    response = client.get("/pengaduan/meja/ekspor.csv")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2 and rows[1][0] == mine.reference and rows[1][9] == "Antrean KTP lama sekali."
    assert "081234567890" not in response.data.decode("utf-8-sig") and "Budi" not in response.data.decode("utf-8-sig")
    sheet = load_workbook(io.BytesIO(client.get("/pengaduan/meja/ekspor.xlsx").data)).active
    assert [row[0] for row in sheet.iter_rows(values_only=True)] == ["Nomor", mine.reference]
    assert client.get("/pengaduan/meja/ekspor.pdf").status_code == 404


def test_desk_exports_neutralise_formulas(client, seeded, staff, login):
    """A complaint's text that a spreadsheet would run (`=HYPERLINK(...)`) arrives inert in CSV and XLSX."""
    import csv
    import io

    from openpyxl import load_workbook

    dukcapil, _polres = seeded["tenants"]
    payloads = [
        '=HYPERLINK("http://evil.example/x","Klik di sini")',
        "+62 antrean lama sekali",
        "-1+1 petugas tidak ada",
        "@SUM(1+1) loket kosong",
    ]
    for text in payloads:
        file_complaint(citizen(), text=text, tenant_id=dukcapil.id)
    db.session.commit()
    login(staff["op_dukcapil"])
    rows = list(
        csv.reader(io.StringIO(client.get("/pengaduan/meja/ekspor.csv").data.decode("utf-8-sig")), delimiter=";")
    )
    assert sorted(row[9] for row in rows[1:]) == sorted("'" + text for text in payloads)
    sheet = load_workbook(io.BytesIO(client.get("/pengaduan/meja/ekspor.xlsx").data)).active
    cells = [row[9] for row in sheet.iter_rows(min_row=2)]
    assert sorted(cell.value for cell in cells) == sorted("'" + text for text in payloads)
    assert {cell.data_type for cell in cells} == {"s"}


def test_exports_neutralise_tab_and_carriage_return_but_keep_numbers():
    import csv
    import io

    from mpp_lite.reports.exports import to_csv

    body = to_csv(["=Header"], [["\tx"], ["\rx"], [-3], [2.5], ["ok"]]).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(body, newline=""), delimiter=";")) == [
        ["'=Header"],
        ["'\tx"],
        ["'\rx"],
        ["-3"],
        ["2,5"],
        ["ok"],
    ]


def test_complaint_lookup_is_limited_per_reference_and_per_client_in_the_database(app, seeded):
    """30 wrong guesses from 10 addresses against one reference hit the limit; the count survives
    a restart (it is in the database); a sequential reference from before still works."""
    from mpp_lite.applications.models import StatusLookupFailure

    complaint = file_complaint(citizen(), text="Antrean KTP lama sekali.", contact_phone="081234567890")
    older = Complaint(
        reference="ADU-2025-000042",
        year=2025,
        seq=42,
        access_token="lama" * 6,
        kind="complaint",
        channel="web",
        text="Antrean lama sekali.",
        contact_phone="081234560042",
        status="new",
        received_at=clock.utcnow(),
        day=date(2025, 5, 2),
        due_date=date(2025, 5, 9),
    )
    db.session.add(older)
    db.session.commit()

    def guess(address, reference=complaint.reference, digits="0000"):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = address
        return client.post("/pengaduan/cek", data={"reference": reference, "phone_last4": digits})

    answers = [guess(f"10.0.0.{n % 10}").status_code for n in range(30)]
    assert answers[:10] == [404] * 10 and set(answers[10:]) == {429}
    limited = guess("10.0.0.99", digits="7890")  # even the right digits wait: the reference is under attack
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    assert "Terlalu banyak" in limited.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(StatusLookupFailure)) >= 10
    for n in range(10):  # one client guessing many references is limited too
        guess("10.0.1.1", reference=f"ADU-2026-{n:06d}")
    assert guess("10.0.1.1", reference="ADU-2025-000042", digits="0042").status_code == 429
    assert guess("10.0.2.1", reference="adu-2025-000042", digits="0042").status_code == 302
