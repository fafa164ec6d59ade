"""Calendars that stay true: the bundled data only estimates the religious holidays of 2028 and has
no cuti bersama for it, so the admin is warned; importing the year's official list (SKB) ends the
warning and moves working-day arithmetic by exactly the days it adds."""

import json
from datetime import date

import pytest
from applications_helpers import PHONE, actor_for, register

from mpp_lite.applications.calendar import WorkingCalendar, calendar_warnings, year_data
from mpp_lite.applications.models import OfficialHoliday
from mpp_lite.extensions import db

# An official list for 2028 as a site would receive it (dates as an SKB could set them).
OFFICIAL_2028 = {
    "year": 2028,
    "source": "SKB 3 Menteri tentang Hari Libur Nasional dan Cuti Bersama 2028",
    "days": [
        {"date": "2028-01-01", "name": "Tahun Baru Masehi", "kind": "national"},
        {"date": "2028-01-26", "name": "Tahun Baru Imlek", "kind": "national"},
        {"date": "2028-02-25", "name": "Cuti Bersama Hari Raya Idul Fitri", "kind": "cuti_bersama"},
        {"date": "2028-02-26", "name": "Hari Raya Idul Fitri", "kind": "national"},
        {"date": "2028-02-27", "name": "Hari kedua Hari Raya Idul Fitri", "kind": "national"},
        {"date": "2028-02-28", "name": "Cuti Bersama Hari Raya Idul Fitri", "kind": "cuti_bersama"},
        {"date": "2028-02-29", "name": "Cuti Bersama Hari Raya Idul Fitri", "kind": "cuti_bersama"},
        {"date": "2028-08-17", "name": "Hari Kemerdekaan Republik Indonesia", "kind": "national"},
        {"date": "2028-12-25", "name": "Hari Raya Natal", "kind": "national"},
    ],
}


@pytest.fixture
def official_file(tmp_path):
    path = tmp_path / "libur-2028.json"
    path.write_text(json.dumps(OFFICIAL_2028), encoding="utf-8")
    return path


def test_2028_warns_with_the_bundled_data_and_an_import_ends_it(app, runner, official_file):
    warnings = calendar_warnings(date(2028, 3, 1))
    assert [w.year for w in warnings] == [2028]
    assert warnings[0].cuti_bersama == 0 and len(warnings[0].estimated) >= 5
    result = runner.invoke(args=["applications", "import-holidays", str(official_file)])
    assert result.exit_code == 0, result.output
    assert "2028: 9 days (3 cuti bersama)" in result.output
    assert calendar_warnings(date(2028, 3, 1)) == []
    assert year_data(2028).official


def test_next_year_is_checked_from_october(app):
    assert 2028 not in [w.year for w in calendar_warnings(date(2027, 9, 30))]
    assert 2028 in [w.year for w in calendar_warnings(date(2027, 10, 1))]


def test_a_due_date_moves_by_the_imported_days(app, runner, official_file):
    start = date(2028, 2, 23)  # a Wednesday
    before = WorkingCalendar().add_working_days(start, 5)
    # Bundled: Idul Fitri estimated on Sun 27 and Mon 28 Feb; no cuti bersama: 24, 25, 29 Feb, 1, 2 Mar.
    assert before == date(2028, 3, 2)
    assert runner.invoke(args=["applications", "import-holidays", str(official_file)]).exit_code == 0
    after = WorkingCalendar().add_working_days(start, 5)
    # Official: 25, 28, 29 Feb are days off as well: 24 Feb, 1, 2, 3, 6 Mar.
    assert after == date(2028, 3, 6)
    calendar = WorkingCalendar()
    assert calendar.holiday_name(date(2028, 2, 29)) == "Cuti Bersama Hari Raya Idul Fitri"
    assert calendar.is_working_day(date(2028, 5, 9))  # the estimated Waisak is not in this (short) list


def test_a_dry_run_lists_the_changes_and_stores_nothing(app, runner, official_file):
    result = runner.invoke(args=["applications", "import-holidays", str(official_file), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "+ 2028-02-25 becomes a day off" in result.output
    assert "- 2028-05-09 is no longer a day off" in result.output
    assert db.session.scalar(db.select(db.func.count(OfficialHoliday.id))) == 0


@pytest.mark.parametrize(
    ("content", "named", "says"),
    [
        (
            "date,name,kind\n2028-01-01,Tahun Baru Masehi,national\n2028-02-30,Salah,national\n",
            "baris 2",
            "bukan tanggal",
        ),
        (
            "date,name,kind\n2028-01-01,Tahun Baru Masehi,national\n2029-01-01,Tahun Baru,national\n",
            "year",
            "2028, 2029",
        ),
        ("date,name,kind\n2028-01-01,Tahun Baru Masehi,libur\n", "baris 1", "national atau cuti_bersama"),
        ("date,name,kind\n2028-01-01,Tahun Baru Masehi,national\n2028-01-01,Lagi,national\n", "baris 2", "dua kali"),
        ('{"year": 2028, "days": [{"date": "2027-12-31", "name": "Malam", "kind": "national"}]}', "baris 1", "2028"),
        ("tanggal;nama\n2028-01-01;Tahun Baru\n", "file", "date, name, kind"),
    ],
)
def test_a_bad_file_names_its_rows_and_changes_nothing(app, runner, tmp_path, content, named, says):
    path = tmp_path / ("list.json" if content.startswith("{") else "list.csv")
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(args=["applications", "import-holidays", str(path)])
    assert result.exit_code == 1
    assert named in result.output and says in result.output
    assert db.session.scalar(db.select(db.func.count(OfficialHoliday.id))) == 0


def test_a_csv_saved_by_indonesian_excel_imports(app, runner, tmp_path):
    path = tmp_path / "libur.csv"
    path.write_bytes(
        "\ufeffdate;name;kind\n2028-01-01;Tahun Baru Masehi;national\n2028-02-25;Cuti Bersama Idul Fitri;"
        "cuti bersama\n".encode()
    )
    result = runner.invoke(args=["applications", "import-holidays", str(path)])
    assert result.exit_code == 0, result.output
    assert not WorkingCalendar().is_working_day(date(2028, 2, 25))


def test_the_admin_sees_the_warning_and_imports_on_the_page(app, client, create_user, login, monkeypatch):
    from mpp_lite.site import clock

    monkeypatch.setattr(clock, "today", lambda: date(2028, 1, 10))
    login(create_user())
    home = client.get("/admin/").get_data(as_text=True)
    assert "Hari libur tahun 2028 belum pasti" in home
    page = client.get("/admin/hari-libur?tahun=2028").get_data(as_text=True)
    assert "hanya perkiraan" in page
    import io

    bad = client.post(
        "/admin/hari-libur/impor",
        data={"file": (io.BytesIO(b"date,name,kind\n2028-13-01,X,national\n"), "libur.csv")},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 422 and "baris 1" in bad.get_data(as_text=True)
    done = client.post(
        "/admin/hari-libur/impor",
        data={"file": (io.BytesIO(json.dumps(OFFICIAL_2028).encode()), "libur-2028.json")},
        content_type="multipart/form-data",
    )
    assert done.status_code == 302
    assert "belum pasti" not in client.get("/admin/").get_data(as_text=True)
    assert "Daftar resmi diimpor" in client.get("/admin/hari-libur?tahun=2028").get_data(as_text=True)


def test_citizens_see_a_due_date_over_estimated_holidays_as_an_estimate(client, world, clock, runner, official_file):
    from mpp_lite.applications import services

    clock.set(2028, 2, 23)  # five working days from here pass the estimated Idul Fitri
    application = register(world)
    services.transition(actor_for(world["users"]["op"]), application, "verified")
    db.session.commit()
    page = client.post("/status", data={"code": application.display_code, "phone_last4": PHONE[-4:]})
    assert "(perkiraan: hari libur pada masa itu belum resmi)" in page.get_data(as_text=True)
    assert runner.invoke(args=["applications", "import-holidays", str(official_file)]).exit_code == 0
    db.session.refresh(application)
    assert application.due_date == date(2028, 3, 6)  # moved by the official cuti bersama
    page = client.post("/status", data={"code": application.display_code, "phone_last4": PHONE[-4:]})
    text = page.get_data(as_text=True)
    assert "06-03-2028" in text and "perkiraan" not in text
