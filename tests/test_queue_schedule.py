"""A queue's week on real dates in Asia/Jakarta: windows with the Friday-prayer break, holidays from
the site's one working-day calendar, Ramadan overrides, the last-ticket rule, and bad schedules."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from mpp_lite.applications.calendar import WorkingCalendar
from mpp_lite.queue.schedule import (
    Schedule,
    ScheduleInvalid,
    Window,
    citizen_message,
    last_ticket_refused,
    opening_at,
)

JAKARTA = ZoneInfo("Asia/Jakarta")
MPP_WEEK = {
    "mon": [["08:00", "15:00"]],
    "tue": [["08:00", "15:00"]],
    "wed": [["08:00", "15:00"]],
    "thu": [["08:00", "15:00"]],
    "fri": [["08:00", "11:00"], ["13:00", "15:00"]],
    "sat": [],
    "sun": [],
}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=JAKARTA)


@pytest.fixture
def week():
    return Schedule.from_json({"week": MPP_WEEK})


@pytest.fixture
def national():
    return WorkingCalendar(local={}).holiday_name


@pytest.fixture
def in_indonesian(app):
    with app.test_request_context("/"):
        yield


def test_friday_prayer_break_closes_until_one_and_opens_at_one(week, national, in_indonesian):
    moment = at("2026-03-13T11:30")  # a Friday
    opening = opening_at(week, moment, national)
    assert not opening.open_now and opening.closed_reason == "break"
    assert opening.next_opening == at("2026-03-13T13:00")
    assert citizen_message(opening, moment) == "Istirahat salat Jumat, buka kembali pukul 13.00"
    assert opening_at(week, at("2026-03-13T10:59"), national).open_now
    assert opening_at(week, at("2026-03-13T13:00"), national).open_now


def test_christmas_closes_and_names_monday_28_december(week, national, in_indonesian):
    moment = at("2026-12-25T09:00")
    opening = opening_at(week, moment, national)
    assert not opening.open_now and opening.closed_reason == "holiday"
    assert opening.next_opening == at("2026-12-28T08:00")
    assert citizen_message(opening, moment) == ("Tutup: Hari Raya Natal. Buka kembali Senin, 28-12-2026 pukul 08.00")


def test_a_local_holiday_entered_by_the_admin_closes_the_queue(week):
    cuti = date(2026, 12, 31)  # a Thursday the national list does not close
    calendar = WorkingCalendar(local={cuti: ("holiday", "Cuti bersama daerah")})
    assert opening_at(week, at("2026-12-30T09:00"), calendar.holiday_name).open_now
    opening = opening_at(week, at("2026-12-31T09:00"), calendar.holiday_name)
    assert opening.closed_reason == "holiday" and opening.holiday == "Cuti bersama daerah"
    assert opening.next_opening == at("2027-01-04T08:00")  # 1 January is a holiday, then a weekend


def test_a_ramadan_override_changes_the_hours_of_its_dates_only(national, in_indonesian):
    ramadan = Schedule.from_json(
        {
            "week": MPP_WEEK,
            "overrides": [
                {
                    "from": "2026-02-18",
                    "to": "2026-03-17",
                    "windows": [["08:00", "14:00"]],
                    "note": "Jam layanan Ramadan",
                }
            ],
        }
    )
    inside = at("2026-03-10T14:30")  # a Tuesday in Ramadan
    assert not opening_at(ramadan, inside, national).open_now
    assert opening_at(ramadan, at("2026-03-10T13:59"), national).open_now
    assert opening_at(ramadan, at("2026-03-13T12:00"), national).open_now  # no Friday break that day
    assert opening_at(ramadan, at("2026-02-12T14:30"), national).open_now  # before it: normal hours
    assert opening_at(ramadan, at("2026-03-30T14:30"), national).open_now  # after it
    assert "Jam layanan Ramadan" in citizen_message(opening_at(ramadan, inside, national), inside)


def test_weekends_are_closed_unless_the_grid_opens_them(week, national):
    sunday = at("2026-12-13T10:00")
    opening = opening_at(week, sunday, national)
    assert opening.closed_reason == "closed" and opening.next_opening == at("2026-12-14T08:00")
    saturday_service = Schedule.from_json({"week": {**MPP_WEEK, "sat": [["08:00", "12:00"]]}})
    assert opening_at(saturday_service, at("2026-12-12T10:00"), national).open_now


def test_before_opening_says_when_it_opens_today(week, national, in_indonesian):
    moment = at("2026-12-07T07:15")
    opening = opening_at(week, moment, national)
    assert opening.closed_reason == "closed" and opening.next_opening == at("2026-12-07T08:00")
    assert citizen_message(opening, moment) == "Belum buka. Buka pukul 08.00"


def test_the_last_ticket_rule_uses_the_minutes_left_today(week, national):
    # 20 people ahead, 10 minutes each, 2 counters open: about 100 minutes; 60 minutes to closing.
    opening = opening_at(week, at("2026-12-07T14:00"), national)
    assert opening.minutes_left_today == 60
    assert last_ticket_refused(opening, 20 * 10 / 2, margin_minutes=0)
    assert not last_ticket_refused(opening, 50, margin_minutes=0)
    assert last_ticket_refused(opening, 50, margin_minutes=15)
    # On Friday morning the afternoon window still counts: 10.00 -> 60 + 120 minutes left.
    friday = opening_at(week, at("2026-12-11T10:00"), national)
    assert friday.minutes_left_today == 180 and not last_ticket_refused(friday, 100, margin_minutes=0)


def test_a_single_old_window_becomes_monday_to_friday():
    from datetime import time

    schedule = Schedule.office_hours(time(8), time(15))
    assert schedule.to_json()["week"]["mon"] == [["08:00", "15:00"]]
    assert schedule.to_json()["week"]["sat"] == [] and schedule.to_json()["week"]["sun"] == []
    assert Schedule.office_hours().week["wed"] == (Window(0, 1440),)


def test_the_wire_form_round_trips():
    data = {
        "week": MPP_WEEK,
        "quota": {"mon": 80, "fri": 40},
        "overrides": [{"from": "2026-02-18", "to": "2026-03-17", "windows": [["08:00", "14:00"]], "note": "Ramadan"}],
        "policy": "interleave",
        "interleave_ratio": 2,
        "last_ticket_margin_minutes": 15,
    }
    stored = Schedule.from_json(data).to_json()
    assert stored["week"] == MPP_WEEK and stored["quota"]["mon"] == 80 and stored["quota"]["tue"] is None
    assert Schedule.from_json(stored) == Schedule.from_json(data)


@pytest.mark.parametrize(
    ("week", "field"),
    [
        ({"fri": [["08:00", "11:00"], ["10:30", "15:00"]]}, "week.fri.1"),  # overlapping
        ({"mon": [["15:00", "08:00"]]}, "week.mon.0"),  # inverted
        ({"tue": [["08:00", "24:30"]]}, "week.tue.0"),  # outside the day
        ({"wed": [["8 pagi", "15:00"]]}, "week.wed.0"),
        ({"thu": "08:00-15:00"}, "week.thu"),
        ({"fri": [["08:00"]]}, "week.fri.0"),
        ({"mon": [], "sab": []}, "week.sab"),
    ],
)
def test_bad_windows_are_named_by_field(week, field):
    with pytest.raises(ScheduleInvalid) as raised:
        Schedule.from_json({"week": week})
    assert field in raised.value.fields


def test_bad_policy_overrides_and_quota_are_named_together():
    with pytest.raises(ScheduleInvalid) as raised:
        Schedule.from_json(
            {
                "week": MPP_WEEK,
                "policy": "interleave",
                "quota": {"mon": -1},
                "overrides": [
                    {"from": "2026-03-20", "to": "2026-03-01", "windows": []},
                    {"from": "2026-13-01", "to": "2026-12-01", "windows": []},
                ],
                "last_ticket_margin_minutes": "15",
            }
        )
    assert set(raised.value.fields) == {
        "interleave_ratio",
        "quota.mon",
        "overrides.0.to",
        "overrides.1.from",
        "last_ticket_margin_minutes",
    }
    assert Schedule.from_json({"week": {"mon": [["08:00", "24:00"]]}}).week["mon"] == (Window(480, 1440),)


def test_a_one_off_closure_gives_its_note_as_the_reason(national, in_indonesian):
    closure = Schedule.from_json(
        {
            "week": MPP_WEEK,
            "overrides": [{"from": "2026-12-09", "to": "2026-12-09", "windows": [], "note": "Pilkada serentak"}],
        }
    )
    moment = at("2026-12-09T09:00")
    opening = opening_at(closure, moment, national)
    assert citizen_message(opening, moment) == "Tutup: Pilkada serentak. Buka kembali Kamis, 10-12-2026 pukul 08.00"
