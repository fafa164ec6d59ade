"""Dashboard, period figures, exports, the IKM/summary API and the monthly PDF on a seeded month."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from datetime import date, datetime, timedelta, timezone

import pytest
from survey_fixtures import at, make_application, make_response, make_ticket, worked_example_answers

from mpp_lite.extensions import db
from mpp_lite.reports.services import Period, PeriodError, parse_period, period_summary, today_live
from mpp_lite.site import clock

OCTOBER = Period(date(2026, 10, 1), date(2026, 10, 31))
NOW = datetime(2026, 11, 16, 3, 0, tzinfo=timezone.utc)  # Monday 16 Nov 2026, 10:00 WIB


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(clock, "utcnow", lambda: NOW)
    return NOW


@pytest.fixture
def month(seeded, create_user, frozen):
    """October 2026: 3 tickets a working day, the worked-example survey, applications, complaints."""
    ktp, kk, skck = seeded["services"]
    counters = seeded["counters"]
    operator = create_user("op1", "operator", seeded["tenants"][0])
    tickets = 0
    day = OCTOBER.start
    while day <= OCTOBER.end:
        if day.weekday() < 5:
            make_ticket(
                ktp, "done", day, at(day, 8), wait_minutes=4, service_minutes=6, counter=counters[0], operator=operator
            )
            make_ticket(kk, "done", day, at(day, 9), wait_minutes=25, service_minutes=12, counter=counters[1])
            make_ticket(skck, "no_show", day, at(day, 10), wait_minutes=50, counter=counters[3])
            tickets += 3
        day += timedelta(days=1)
    for index, answers in enumerate(worked_example_answers()):
        extra = {"sex": "female", "suggestion": "Tambah kursi di ruang tunggu"} if index == 0 else {}
        make_response(
            (ktp, kk, skck)[index % 3],
            answers,
            day=date(2026, 10, 1 + index % 28),
            source=("ticket", "kiosk")[index % 2],
            **extra,
        )
    due = date(2026, 10, 20)
    make_application(
        ktp, "ready", received=at(date(2026, 10, 5), 9), due=due, ready=at(due, 23)
    )  # on time, late evening
    make_application(ktp, "ready", received=at(date(2026, 10, 5), 9), due=due, ready=at(date(2026, 10, 21), 1))  # late
    make_application(kk, "processing", received=at(date(2026, 10, 6), 9), due=date(2026, 11, 3))  # overdue now
    from mpp_lite.auth.permissions import ANONYMOUS, Actor
    from mpp_lite.complaints.services import change_status, file_complaint

    staff = Actor(kind="user", role="admin", name="admin")
    import mpp_lite.site.clock as site_clock

    original = site_clock.utcnow
    site_clock.utcnow = lambda: datetime(2026, 10, 12, 2, tzinfo=timezone.utc)
    try:
        answered = file_complaint(ANONYMOUS, text="Antrean KTP terlalu lama.", tenant_id=ktp.tenant_id)
        file_complaint(ANONYMOUS, text="Ruang tunggu kurang kursi.", kind="suggestion")
        change_status(staff, answered, "answered", answer="Kami tambah petugas.")
    finally:
        site_clock.utcnow = original
    db.session.commit()
    return {"tickets": tickets, "services": (ktp, kk, skck)}


@pytest.fixture
def supervisor(client, create_user, login):
    login(create_user("sup1", "supervisor"))
    return client


def test_period_figures(app, month):
    summary = period_summary(OCTOBER)
    visitors = summary["visitors"]
    assert visitors["issued"] == month["tickets"] == 66  # 22 working days x 3
    assert visitors["served"] == 44 and visitors["no_show"] == 22
    assert visitors["no_show_rate"] == 33.3
    assert len(visitors["per_day"]) == 31 and visitors["per_day"][3]["issued"] == 0  # Sunday 4 Oct
    assert [r["tenant"] for r in visitors["per_tenant"]] == ["Disdukcapil", "Polres"]
    times = summary["times"]
    assert times["wait"]["avg"] == round((4 + 25 + 50) / 3, 1)
    assert times["wait"]["p50"] == 25 and times["wait"]["p90"] == 50
    assert times["service"]["avg"] == 9.0
    assert summary["throughput"]["operators"][0] == {
        "name": "op1",
        "served": 22,
        "avg_service_minutes": 6.0,
        "open_minutes": 0,
        "per_open_hour": None,
    }
    assert summary["throughput"]["counters"][0]["served"] == 22
    applications = summary["applications"]
    assert (applications["ready"], applications["on_time"], applications["on_time_rate"]) == (2, 1, 50.0)
    assert applications["overdue_total"] == 1 and applications["overdue"][0]["days_late"] == 13
    ikm = summary["ikm"]
    assert ikm["n"] == 29 and ikm["ikm"] == 91.48 and ikm["band"] == "A"
    assert ikm["per_source"] == {"ticket": 15, "kiosk": 14}
    assert ikm["per_month"] == [{"month": "2026-10", "n": 29, "ikm": 91.48, "band": "A"}]
    assert ikm["sample"] == {"n": 29, "population": 44, "needed": 40, "enough": False}
    complaints = summary["complaints"]
    assert complaints["received"] == 2 and complaints["by_status"] == {"answered": 1, "new": 1}
    assert complaints["answered_on_time_rate"] == 100.0


def test_transferred_rows_are_not_counted_twice(app, seeded, frozen):
    ktp = seeded["services"][0]
    make_ticket(ktp, "transferred", date(2026, 10, 5))
    make_ticket(ktp, "done", date(2026, 10, 5))
    db.session.commit()
    assert period_summary(OCTOBER)["visitors"]["issued"] == 1


def test_today_live(app, seeded, frozen):
    ktp, kk, skck = seeded["services"]
    today = clock.today()
    make_ticket(ktp, "waiting", today, NOW - timedelta(minutes=42))
    make_ticket(ktp, "waiting", today, NOW - timedelta(minutes=5))
    make_ticket(ktp, "serving", today, NOW - timedelta(minutes=30), wait_minutes=20)
    make_ticket(skck, "done", today, NOW - timedelta(minutes=60), wait_minutes=10)
    db.session.commit()
    live = today_live()
    assert (live["waiting"], live["serving"], live["issued"], live["done"]) == (2, 1, 4, 1)
    assert live["longest_wait_minutes"] == 42
    assert live["avg_wait_minutes"] == 15.0 and live["p90_wait_minutes"] == 20
    queue_a = next(q for q in live["queues"] if q["prefix"] == "A")
    assert queue_a["waiting"] == 2 and queue_a["longest_wait_minutes"] == 42


def test_period_parsing(app, frozen):
    assert parse_period(None, None) == Period(date(2026, 11, 1), date(2026, 11, 16))
    with pytest.raises(PeriodError):
        parse_period("2026-11-10", "2026-11-01")
    with pytest.raises(PeriodError):
        parse_period("10/11/2026", None)  # the API takes YYYY-MM-DD only
    assert parse_period("01-11-2026", "10/11/2026", day_first=True) == Period(date(2026, 11, 1), date(2026, 11, 10))
    for wrong in ("11/31/2026", "2026-13-01", "1-11-26", "kemarin"):
        with pytest.raises(PeriodError):
            parse_period(wrong, None, day_first=True)


def _charts(page: str) -> dict:
    charts = {}
    for match in re.finditer(r'<canvas id="([^"]+)"[^>]*data-chart="([^"]*)"', page):
        charts[match.group(1)] = json.loads(html.unescape(match.group(2)))
    return charts


def test_dashboard_renders_seeded_month_with_charts_and_their_data(supervisor, month):
    response = supervisor.get("/dashboard?from=2026-10-01&to=2026-10-31")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "vendor/chartjs/chart.umd.min.js" in page and "js/dashboard-charts.js" in page
    assert "<script>" not in page  # no inline scripts under the CSP
    charts = _charts(page)
    assert {
        "chart-visitors",
        "chart-tenants",
        "chart-services",
        "chart-waits",
        "chart-service-times",
        "chart-ikm",
        "chart-applications",
        "chart-complaints",
    } <= set(charts)
    visitors = charts["chart-visitors"]
    assert visitors["type"] == "line" and len(visitors["labels"]) == 31
    assert sum(visitors["datasets"][0]["data"]) == 66
    assert charts["chart-tenants"]["labels"] == ["Disdukcapil", "Polres"]
    assert charts["chart-ikm"]["labels"] == [f"U{i}" for i in range(1, 10)]
    assert charts["chart-ikm"]["datasets"][0]["data"][3] == 100.0  # U4: 116/29 = 4.00
    assert sum(charts["chart-waits"]["datasets"][0]["data"]) == 66
    assert "91.48" in page and "Sangat Baik" in page
    assert "n = 29 dari 40 yang dibutuhkan untuk 44 pengunjung" in page
    assert 'hx-trigger="every 15s"' in page
    assert "Tambah kursi di ruang tunggu" in page and "Perempuan: 1" in page


def test_dashboard_figures_use_the_pages_number_format(supervisor, month):
    page = supervisor.get("/dashboard?from=2026-10-01&to=2026-10-31").get_data(as_text=True)
    assert (
        ">91,48<" in page and ">91.48<" not in page
    )  # IKM with a decimal comma, as the monthly PDF (charts get numbers)
    assert re.search(r"[1-4],\d{3}</td>", page) and not re.search(r"[1-4]\.\d{3}</td>", page)  # NRR 3,660 not 3.660
    from flask_babel import refresh

    supervisor.set_cookie("mpp_lang", "en")
    refresh()  # the test's app context outlives requests; the locale it cached is Indonesian
    english = supervisor.get("/dashboard?from=2026-10-01&to=2026-10-31").get_data(as_text=True)
    assert ">91.48<" in english


def test_dashboard_is_for_supervisors(client, month, seeded, create_user, login):
    assert client.get("/dashboard").status_code == 302
    login(create_user("op9", "operator", seeded["tenants"][0]))
    assert client.get("/dashboard").status_code == 403


def test_dashboard_bad_period_says_so(supervisor, month):
    response = supervisor.get("/dashboard?from=2026-10-31&to=2026-10-01")
    assert response.status_code == 400
    assert "alert-warning" in response.get_data(as_text=True)


def test_live_partial_and_its_export(supervisor, seeded, frozen):
    make_ticket(seeded["services"][0], "waiting", clock.today(), NOW - timedelta(minutes=7))
    db.session.commit()
    response = supervisor.get("/dashboard/langsung")
    assert response.status_code == 200 and 'id="live"' in response.get_data(as_text=True)
    exported = supervisor.get("/dashboard/ekspor/today.csv")
    rows = list(csv.reader(io.StringIO(exported.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[1] == ["A Antrean A", "1", "0", "1", "0", "0", "7"]


@pytest.mark.parametrize(
    "name",
    [
        "visitors_per_day",
        "tenants",
        "services",
        "waits",
        "service_times",
        "counters",
        "operators",
        "applications",
        "overdue",
        "ikm",
        "ikm_tenants",
        "ikm_services",
        "ikm_months",
        "respondents",
        "complaints",
    ],
)
def test_every_table_exports_as_csv_and_xlsx_and_reads_back(supervisor, month, name):
    from openpyxl import load_workbook

    from mpp_lite.reports.exports import table

    headers, rows = table(name, period_summary(OCTOBER))
    query = "?from=2026-10-01&to=2026-10-31"
    response = supervisor.get(f"/dashboard/ekspor/{name}.csv{query}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "_01-10-2026_31-10-2026.csv" in response.headers["Content-Disposition"]  # Indonesian names and dates
    read = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert read[0] == headers
    # Indonesian Excel: decimal comma (and `;` between fields)
    assert read[1:] == [
        ["" if v is None else str(v).replace(".", ",") if isinstance(v, float) else str(v) for v in row] for row in rows
    ]
    response = supervisor.get(f"/dashboard/ekspor/{name}.xlsx{query}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == headers
    assert values[1:] == rows


def test_exported_ikm_table_holds_the_worked_example(supervisor, month):
    response = supervisor.get("/dashboard/ekspor/ikm.csv?from=2026-10-01&to=2026-10-31")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert [r[2] for r in rows[1:10]] == ["105", "101", "100", "116", "102", "105", "106", "105", "115"]
    assert rows[10][0] == "IKM" and rows[10][-1] == "91,48"


def test_exports_are_named_in_indonesian(supervisor, month):
    response = supervisor.get("/dashboard/ekspor/visitors_per_day.csv?from=2026-10-01&to=2026-10-31")
    assert 'filename="pengunjung-per-hari_01-10-2026_31-10-2026.csv"' in response.headers["Content-Disposition"]
    assert response.data.decode("utf-8-sig").splitlines()[0].count(";") >= 3


def test_unknown_export_is_404(supervisor, month):
    assert supervisor.get("/dashboard/ekspor/nope.csv").status_code == 404
    assert supervisor.get("/dashboard/ekspor/tenants.pdf").status_code == 404


# ---------------------------------------------------------------- PDF


def test_monthly_pdf_by_cli_opens_with_ikm_and_charts(app, runner, month, tmp_path):
    from pypdf import PdfReader

    out = tmp_path / "laporan" / "2026-10.pdf"
    result = runner.invoke(args=["report", "monthly", "--month", "2026-10", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == str(out)
    reader = PdfReader(str(out))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "LAPORAN KINERJA BULANAN" in text and "Oktober 2026" in text
    assert "IKM 91,48" in text and "Sangat Baik" in text
    assert "Persyaratan" in text and "Sarana dan Prasarana" in text  # per-element table
    assert "NIP" in text  # signature block
    assert re.search(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2} WIB", text)  # made at, in the site's time, named
    assert re.search(r"Hari tersibuk\s+\d{1,2} Oktober 2026", text)  # not 2026-10-..
    # The charts are vector drawings: their titles and bars are in the page content.
    assert "IKM per unsur (NRR x 25)" in text and "Pengunjung per hari" in text
    content = b"".join(page.get_contents().get_data() for page in reader.pages)
    assert content.count(b" re") >= 9 + 2 + 3  # the bars: 9 IKM elements, 2 agencies, 3 wait bins


def test_monthly_story_contains_reportlab_drawings(app, month):
    from reportlab.graphics.shapes import Drawing

    from mpp_lite.reports.pdf import monthly_story

    story = monthly_story(OCTOBER, {"regency": "Kabupaten Sukamaju"})
    assert sum(isinstance(item, Drawing) for item in story) >= 4


def test_monthly_pdf_from_the_dashboard(supervisor, month):
    response = supervisor.get("/dashboard/laporan-bulanan.pdf?bulan=2026-10")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert supervisor.get("/dashboard/laporan-bulanan.pdf?bulan=oktober").status_code == 400


def test_cli_rejects_a_bad_month(app, runner, tmp_path):
    result = runner.invoke(args=["report", "monthly", "--month", "2026-13", "--out", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and "YYYY-MM" in result.output


# ---------------------------------------------------------------- API


def test_api_ikm_worked_example_and_weight_setting(client, month, create_token):
    token = create_token("admin", "reports")
    headers = {"Authorization": f"Bearer {token}"}
    body = client.get("/api/v1/reports/ikm?from=2026-10-01&to=2026-10-31", headers=headers).get_json()
    assert (body["n"], body["ikm"], body["band"], body["label"]) == (29, 91.48, "A", "Sangat Baik")
    assert body["nrr"]["U4"] == 4.0 and round(body["weight"], 4) == 0.1111
    from mpp_lite.site.services import update_settings

    update_settings({"skm_weight": "0.111"})
    db.session.commit()
    body = client.get("/api/v1/reports/ikm?from=2026-10-01&to=2026-10-31", headers=headers).get_json()
    assert body["ikm"] == 91.38 and body["weight"] == 0.111


def test_api_ikm_filters_empty_period_and_errors(client, month, create_token):
    headers = {"Authorization": f"Bearer {create_token('admin', 'reports')}"}
    ktp = month["services"][0]
    one = client.get(
        f"/api/v1/reports/ikm?from=2026-10-01&to=2026-10-31&service_id={ktp.id}", headers=headers
    ).get_json()
    assert one["n"] == 10
    empty = client.get("/api/v1/reports/ikm?from=2025-01-01&to=2025-01-31", headers=headers)
    assert empty.status_code == 200
    assert empty.get_json()["n"] == 0 and empty.get_json()["ikm"] is None and empty.get_json()["band"] is None
    backwards = client.get("/api/v1/reports/ikm?from=2026-10-31&to=2026-10-01", headers=headers)
    assert backwards.status_code == 400 and "from" in backwards.get_json()["error"]["fields"]
    assert client.get("/api/v1/reports/ikm?from=31-10-2026", headers=headers).status_code == 400
    assert client.get("/api/v1/reports/ikm").status_code == 401
    kiosk = create_token("kiosk")
    assert client.get("/api/v1/reports/ikm", headers={"Authorization": f"Bearer {kiosk}"}).status_code == 403


def test_api_ikm_includes_today(client, seeded, create_token, frozen):
    make_response(seeded["services"][0])  # today
    db.session.commit()
    headers = {"Authorization": f"Bearer {create_token('admin', 'reports')}"}
    body = client.get("/api/v1/reports/ikm", headers=headers).get_json()
    assert body["n"] == 1 and body["ikm"] == 100.0 and body["to"] == "2026-11-16"


def test_api_ikm_operator_sees_own_tenant_only(client, month, seeded, create_user, login):
    dukcapil, polres = seeded["tenants"]
    login(create_user("op5", "operator", dukcapil))
    own = client.get("/api/v1/reports/ikm?from=2026-10-01&to=2026-10-31")
    assert own.status_code == 200 and own.get_json()["tenant_id"] == dukcapil.id and own.get_json()["n"] == 20
    assert client.get(f"/api/v1/reports/ikm?tenant_id={polres.id}").status_code == 403


def test_api_summary(client, month, create_token):
    headers = {"Authorization": f"Bearer {create_token('admin', 'reports')}"}
    body = client.get("/api/v1/reports/summary?from=2026-10-01&to=2026-10-31", headers=headers).get_json()
    assert body["period"] == {"from": "2026-10-01", "to": "2026-10-31", "days": 31}
    assert body["visitors"]["issued"] == 66 and body["ikm"]["ikm"] == 91.48
    assert body["applications"]["on_time_rate"] == 50.0
    assert client.get("/api/v1/reports/summary?from=2026-11-01&to=2026-10-01", headers=headers).status_code == 400


def test_rollups_give_the_same_figures_as_the_tickets(app, month, monkeypatch):
    from mpp_lite.reports import rollups
    from mpp_lite.reports.models import RollupDay

    rolled = period_summary(OCTOBER)  # October is settled on 16 November: read from the rollups
    assert db.session.scalar(db.select(db.func.count()).select_from(RollupDay)) == 31
    rollups.clear_rollups()
    db.session.commit()
    monkeypatch.setattr(rollups, "SETTLED_AFTER_DAYS", 400)  # nothing settled: all from tickets
    live = period_summary(OCTOBER)
    assert db.session.scalar(db.select(db.func.count()).select_from(RollupDay)) == 0
    assert live == rolled


def test_recent_days_are_read_live_and_later_changes_show(app, seeded, frozen):
    ktp = seeded["services"][0]
    yesterday = clock.today() - timedelta(days=1)
    ticket = make_ticket(ktp, "waiting", yesterday)
    db.session.commit()
    period = Period(yesterday, clock.today())
    assert period_summary(period)["visitors"]["no_show"] == 0
    ticket.status = "no_show"  # closed at the end of the day
    db.session.commit()
    assert period_summary(period)["visitors"]["no_show"] == 1


def test_rollup_cli_rebuilds(app, runner, month):
    result = runner.invoke(args=["report", "rollup", "--from", "2026-10-01"])
    assert result.exit_code == 0, result.output
    from mpp_lite.queue.models import Ticket

    ticket = db.session.scalar(db.select(Ticket).where(Ticket.day == date(2026, 10, 1), Ticket.status == "no_show"))
    ticket.status = "done"  # a correction to an old ticket
    db.session.commit()
    assert period_summary(OCTOBER)["visitors"]["served"] == 44  # the stored figures
    result = runner.invoke(args=["report", "rollup", "--rebuild", "--from", "2026-10-01", "--to", "2026-10-31"])
    assert result.exit_code == 0 and "31" in result.output
    assert period_summary(OCTOBER)["visitors"]["served"] == 45


def test_empty_site_renders_dashboard_pdf_and_api(supervisor, runner, tmp_path, frozen):
    page = supervisor.get("/dashboard")
    assert page.status_code == 200
    charts = _charts(page.get_data(as_text=True))
    assert charts["chart-ikm"]["datasets"][0]["data"] == [None] * 9
    assert "belum ada responden" in page.get_data(as_text=True)
    out = tmp_path / "kosong.pdf"
    assert runner.invoke(args=["report", "monthly", "--month", "2026-11", "--out", str(out)]).exit_code == 0
    from pypdf import PdfReader

    assert "IKM -" in "\n".join(p.extract_text() for p in PdfReader(str(out)).pages)
    summary = supervisor.get("/api/v1/reports/summary").get_json()
    assert summary["visitors"]["issued"] == 0 and summary["ikm"]["ikm"] is None
    assert summary["visitors"]["no_show_rate"] is None and summary["times"]["wait"]["p90"] is None


def test_a_locked_database_falls_back_to_counting_tickets(app, month, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from mpp_lite.reports import rollups

    def locked(start, end):
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(rollups, "_roll_up", locked)
    summary = period_summary(OCTOBER)
    assert summary["visitors"]["issued"] == 66 and summary["times"]["wait"]["p90"] == 50


def test_dashboard_date_fields_are_written_day_month_year_whatever_the_browser_language(supervisor, frozen):
    """Plain DD-MM-YYYY text fields, not the browser's date picker whose format follows the PC's language."""
    page = supervisor.get("/dashboard?from=01-10-2026&to=15-10-2026").get_data(as_text=True)
    assert 'value="01-10-2026"' in page and 'value="15-10-2026"' in page and 'type="date"' not in page
    assert "01-10-2026 – 15-10-2026" in page
    assert 'value="01-10-2026"' in supervisor.get("/dashboard?from=2026-10-01&to=2026-10-15").get_data(as_text=True)
    wrong = supervisor.get("/dashboard?from=10/32/2026")
    assert wrong.status_code == 400 and "31-12-2026" in wrong.get_data(as_text=True)  # says how to write it
