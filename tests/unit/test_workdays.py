"""The working-day calendar: the 2026 notice, years without one, staff overrides, China dates."""
import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from chalicelib.workdays import WorkCalendar, china_date, china_time

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "calendar"
D = date.fromisoformat


@pytest.fixture(scope="module")
def cal():
    return WorkCalendar.from_directory(SEEDS)


def test_spring_festival_days_are_off_and_its_adjusted_saturdays_are_worked(cal):
    # Given the 2026 notice: 春节 Feb 15 (Sun) – Feb 23 (Mon), 调休上班 Sat Feb 14 and Sat Feb 28
    # When / Then
    assert cal.is_workday(D("2026-02-13"))  # Friday
    assert cal.is_workday(D("2026-02-14"))  # Saturday, adjusted working day
    assert not any(cal.is_workday(D("2026-02-15") + timedelta(days=k)) for k in range(9))
    assert cal.is_workday(D("2026-02-24"))  # Tuesday, first day back
    assert cal.is_workday(D("2026-02-28"))  # Saturday, adjusted working day
    assert not cal.is_workday(D("2026-03-01"))  # an ordinary Sunday


def test_seed_copy_names_its_source_and_provenance():
    # Given the seed copy of the notice
    seed = json.loads((SEEDS / "cn-2026.json").read_text(encoding="utf-8"))
    # Then it still names the notice and says where the copy came from
    assert seed["year"] == 2026 and seed["source"].startswith("国务院办公厅关于2026年")
    assert "shared/data/calendar/cn-2026.json" in seed["provenance"]


def test_every_adjusted_working_day_of_2026_falls_on_a_weekend():
    # Given the notice; an adjusted working day on a weekday would mean a transcription error
    seed = json.loads((SEEDS / "cn-2026.json").read_text(encoding="utf-8"))
    # Then
    assert all(D(e["date"]).weekday() >= 5 for e in seed["adjusted_workdays"])


def test_adding_working_days_jumps_the_spring_festival(cal):
    # Given Thursday Feb 12; counting starts the next day
    # When three working days are added: Fri 13 (1), Sat 14 adjusted (2), Tue 24 (3)
    # Then
    assert cal.add_workdays(D("2026-02-12"), 3) == D("2026-02-24")


def test_adding_working_days_jumps_national_day_onto_its_adjusted_saturday(cal):
    # Given Wednesday Sep 30; 国庆 Oct 1–7
    # When three are added: Thu Oct 8 (1), Fri Oct 9 (2), Sat Oct 10 adjusted (3)
    # Then
    assert cal.add_workdays(D("2026-09-30"), 3) == D("2026-10-10")


def test_counting_back_lands_on_working_days_before_the_holiday(cal):
    # Given Tuesday Feb 24: one working day back is Sat Feb 14, two is Fri Feb 13
    # Then
    assert cal.add_workdays(D("2026-02-24"), -1) == D("2026-02-14")
    assert cal.add_workdays(D("2026-02-24"), -2) == D("2026-02-13")
    assert cal.add_workdays(D("2026-02-24"), 0) == D("2026-02-24")


def test_workdays_between_counts_the_end_but_not_the_start_and_inverts_add(cal):
    # Given Feb 12 → Feb 28: Feb 13, 14, 24, 25, 26, 27, 28 are working days
    # Then
    assert cal.workdays_between(D("2026-02-12"), D("2026-02-28")) == 7
    assert cal.workdays_between(D("2026-02-28"), D("2026-02-12")) == -7
    assert cal.workdays_between(D("2026-02-15"), D("2026-02-23")) == 0
    for n in range(0, 30):
        start = D("2026-09-18")
        assert cal.workdays_between(start, cal.add_workdays(start, n)) == n


def test_next_workday_after_the_last_day_before_a_holiday_is_the_day_back(cal):
    # Given Sat Feb 14 (worked) and Thu Oct 1 (holiday)
    # Then the strict next working day skips the holiday; inclusive keeps a working day itself
    assert cal.next_workday(D("2026-02-14")) == D("2026-02-24")
    assert cal.next_workday(D("2026-02-14"), inclusive=True) == D("2026-02-14")
    assert cal.next_workday(D("2026-10-01"), inclusive=True) == D("2026-10-08")
    assert cal.next_workday(D("2026-09-24")) == D("2026-09-28")  # 中秋 Fri 25 – Sun 27


def test_a_year_without_a_notice_is_monday_to_friday(cal):
    # Given no cn-2027.json; Fri 2027-10-01 would be 国庆 once the notice is published
    # Then it is an ordinary Friday, and the weekend after it is off
    assert 2027 not in cal.years
    assert cal.is_workday(D("2027-10-01"))
    assert cal.add_workdays(D("2027-09-30"), 2) == D("2027-10-04")  # Fri 1, Mon 4


def test_staff_overrides_add_holidays_and_working_days_for_an_unpublished_year(cal):
    # Given staff enter National Day 2027 (Oct 1–7) and an adjusted working Saturday Oct 9
    overrides = [{"date": f"2027-10-0{k}", "kind": "holiday", "name": "国庆节"} for k in range(1, 8)]
    overrides.append({"date": "2027-10-09", "kind": "workday", "name": "调休上班"})
    edited = cal.with_overrides(overrides)
    # When two working days are added to Thu Sep 30: Fri Oct 8 (1), Sat Oct 9 (2)
    # Then
    assert edited.add_workdays(D("2027-09-30"), 2) == D("2027-10-09")
    # and the calendar they were added to is unchanged
    assert cal.add_workdays(D("2027-09-30"), 2) == D("2027-10-04")


def test_a_staff_override_wins_over_the_published_notice(cal):
    # Given a local closure on Mon 2026-03-02 and Tue 2026-02-17 (春节) declared worked
    edited = WorkCalendar.from_directory(
        SEEDS, overrides={D("2026-03-02"): "holiday", "2026-02-17": "workday"})
    # Then
    assert edited.next_workday(D("2026-02-28")) == D("2026-03-03")
    assert edited.next_workday(D("2026-02-14")) == D("2026-02-17")


def test_malformed_calendar_data_is_refused():
    # Given an override of an unknown kind, a notice listing another year, and a day both off and on
    # Then each is refused rather than silently read
    with pytest.raises(ValueError, match="kind"):
        WorkCalendar(overrides=[{"date": "2027-01-01", "kind": "day_off"}])
    with pytest.raises(ValueError, match="another year"):
        WorkCalendar([{"year": 2026, "holidays": [{"date": "2027-01-01"}]}])
    with pytest.raises(ValueError, match="both"):
        WorkCalendar([{"year": 2026, "holidays": [{"date": "2026-01-03"}],
                       "adjusted_workdays": [{"date": "2026-01-03"}]}])


def test_a_calendar_without_working_days_in_reach_raises_instead_of_looping():
    # Given staff marked ten years off
    start = D("2030-01-01")
    cal = WorkCalendar(overrides={start + timedelta(days=k): "holiday" for k in range(3800)})
    # Then
    with pytest.raises(ValueError, match="no working day"):
        cal.next_workday(start)


def test_china_date_turns_at_16_00_utc():
    # Given instants either side of midnight in Beijing on the eve of National Day
    # Then 15:59Z is still Sep 30 and 16:00Z is Oct 1; a naive instant is read as UTC
    assert china_date(datetime(2026, 9, 30, 15, 59, tzinfo=timezone.utc)) == D("2026-09-30")
    assert china_date(datetime(2026, 9, 30, 16, 0, tzinfo=timezone.utc)) == D("2026-10-01")
    assert china_date(datetime(2026, 9, 30, 16, 0)) == D("2026-10-01")
    assert china_time(D("2026-10-01"), 9) == datetime(2026, 10, 1, 1, 0, tzinfo=timezone.utc)
