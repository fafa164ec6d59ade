"""Outside bookings from a CSV: the dry run names every bad row and why, the import creates the
good ones, importing the same file again creates none."""

from __future__ import annotations

import io

import pytest
from bookings_fixtures import MONDAY, make_booking_world

from mpp_lite.bookings.models import Booking
from mpp_lite.extensions import db


@pytest.fixture
def booking_world(app, client, create_tenant, create_queue, create_counter, create_service, create_token):
    return make_booking_world(client, create_tenant, create_queue, create_counter, create_service, create_token)


def mpaspor_file() -> str:
    """200 rows in M-Paspor's own column names; rows 51, 102 and 153 (file lines) are bad."""
    lines = ["Nomor Antrean;Kode Layanan;Tanggal;Jam;Nama Pemohon;No HP"]
    for index in range(200):
        day = f"2026-12-{8 + index % 4:02d}"
        lines.append(f"MP-{index:04d};IMI-01;{day};{8 + index % 7:02d}:00;Pemohon {index};0812{index:08d}")
    lines[50] = "MP-0049X;IMI-01;2026-13-40;09:00;Pemohon X;081200000049"  # no such date
    lines[101] = "MP-0100;XXX-99;2026-12-08;09:00;Pemohon Y;081200000100"  # unknown service
    lines[152] = lines[151].replace("Pemohon 150", "Pemohon 150 lagi")  # the same reference again
    return "\n".join(lines) + "\n"


MAPPING = (
    "reference=Nomor Antrean",
    "service=Kode Layanan",
    "date=Tanggal",
    "time=Jam",
    "name=Nama Pemohon",
    "phone=No HP",
)


def test_dry_run_names_the_bad_rows_then_the_import_creates_the_rest_once(booking_world, runner, tmp_path, at):
    at(f"{MONDAY}T07:00")
    path = tmp_path / "mpaspor.csv"
    path.write_text(mpaspor_file(), encoding="utf-8")
    args = ["bookings", "import", str(path), "--system", "mpaspor", *[f"--map={m}" for m in MAPPING]]
    dry = runner.invoke(args=[*args, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    bad = [line for line in dry.output.splitlines() if line.startswith("row ")]
    assert bad == [
        "row 51: tanggal salah 2026-13-40 (gunakan YYYY-MM-DD)",
        "row 102: layanan XXX-99 tidak dikenal",
        "row 153: duplikat baris 152 (referensi sama)",
    ]
    assert "would create 197, bad rows 3, already imported 0" in dry.output
    assert db.session.scalar(db.select(db.func.count()).select_from(Booking)) == 0
    real = runner.invoke(args=args)
    assert "created 197, bad rows 3, already imported 0" in real.output
    assert db.session.scalar(db.select(db.func.count()).select_from(Booking).where(Booking.source == "import")) == 197
    again = runner.invoke(args=args)
    assert "created 0, bad rows 3, already imported 197" in again.output
    assert db.session.scalar(db.select(db.func.count()).select_from(Booking)) == 197
    stored = db.session.scalar(db.select(Booking).where(Booking.external_ref == "mpaspor:MP-0000"))
    assert stored.phone == "081200000000" and stored.slot_start.isoformat() == "2026-12-08T01:00:00+00:00"


def test_the_admin_page_shows_the_dry_run_and_imports_the_same_file(booking_world, client, login, create_user, at):
    at(f"{MONDAY}T07:00")
    login(create_user("admin1", "admin"))
    form = {f"map_{m.split('=')[0]}": m.split("=")[1] for m in MAPPING}
    dry = client.post(
        "/admin/reservasi/impor",
        data={
            **form,
            "system": "mpaspor",
            "action": "dry_run",
            "file": (io.BytesIO(mpaspor_file().encode()), "mpaspor.csv"),
        },
    )
    page = dry.get_data(as_text=True)
    assert dry.status_code == 200 and "layanan XXX-99 tidak dikenal" in page and "<td>51</td>" in page
    assert db.session.scalar(db.select(db.func.count()).select_from(Booking)) == 0
    content = page.split('name="content" value="', 1)[1].split('"', 1)[0]
    done = client.post(
        "/admin/reservasi/impor", data={**form, "system": "mpaspor", "action": "import", "content": content}
    )
    assert "197" in done.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Booking)) == 197
    wrong_columns = client.post(
        "/admin/reservasi/impor",
        data={"system": "mpaspor", "action": "dry_run", "file": (io.BytesIO(b"a,b\n1,2\n"), "x.csv")},
    )
    assert wrong_columns.status_code == 422 and "a, b" in wrong_columns.get_data(as_text=True)
