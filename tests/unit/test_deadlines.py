"""Statutory deadlines and reminders on the 2026 calendar (春节 Feb 15–23, 国庆 Oct 1–7).

Every expected date is counted by hand in the comment above it; "+n" counts from the day after.
"""
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from chalicelib.deadlines import (
    Appointment, Deadline, DeadlineClock, due_date, fast_track, is_overdue,
    may_request_supplement, next_send_at, plan, reminders_due, rule, supplement_due)
from chalicelib.deadlines.rules import CALENDAR_DAYS, WORKING_DAYS
from chalicelib.workdays import WorkCalendar

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "calendar"
D = date.fromisoformat
DECIDE = rule("legal_aid", "decide")
ASSIGN = rule("legal_aid", "assign_lawyer")
EXAMINE = rule("reconsideration", "examine")
CORRECT = rule("reconsideration", "supplement")
CERTIFY = rule("notarization", "certify")


def utc(text):
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def cal():
    return WorkCalendar.from_directory(SEEDS)


# --- legal aid (法律援助法 art. 43, 44) ---------------------------------------------------------

def test_legal_aid_decision_counts_seven_calendar_days_as_the_statute_writes():
    # Given art. 43 says 七日 (not 工作日, unlike 公证法 art. 30 and 行政复议法 art. 88)
    # Then
    assert (DECIDE.length, DECIDE.unit) == (7, CALENDAR_DAYS)
    assert (CERTIFY.unit, EXAMINE.unit, CORRECT.unit) == (WORKING_DAYS,) * 3


def test_legal_aid_received_before_spring_festival_is_decided_on_the_first_day_back(cal):
    # Given an application received Thu 2026-02-12
    # When the seven days run: Feb 13 … Feb 19, and Feb 19 is 春节 (off through Feb 23)
    # Then the last day moves to Tue Feb 24 (民法典 art. 203); counting working days would give Sat Feb 28
    assert due_date(DECIDE, D("2026-02-12"), [], cal) == D("2026-02-24")


def test_legal_aid_received_on_an_ordinary_monday_is_decided_a_week_later(cal):
    # Given Mon 2026-03-02; +7 calendar days = Mon Mar 9, a working day
    # Then (seven working days would have been Wed Mar 11)
    assert due_date(DECIDE, D("2026-03-02"), [], cal) == D("2026-03-09")


def test_lawyer_is_assigned_within_three_days_of_the_decision_moved_off_mid_autumn(cal):
    # Given a decision on Tue Feb 24: +3 = Fri Feb 27, a working day
    assert due_date(ASSIGN, D("2026-02-24"), [], cal) == D("2026-02-27")
    # Given a decision on Thu Sep 24: +3 = Sun Sep 27 (中秋), moved to Mon Sep 28
    assert due_date(ASSIGN, D("2026-09-24"), [], cal) == D("2026-09-28")


def test_supplement_time_is_not_counted_in_the_legal_aid_decision_period(cal):
    # Given received Thu Feb 12, one notice listing all missing items on Fri Feb 13, supplied Thu Feb 26
    # When Feb 13 is counted (day 1) and Feb 14–26 are not: 6 days remain from Feb 26 → Wed Mar 4
    # Then
    assert due_date(DECIDE, D("2026-02-12"), [(D("2026-02-13"), D("2026-02-26"))], cal) == D("2026-03-04")


def test_the_decision_clock_has_no_due_date_while_the_citizen_owes_materials(cal):
    # Given a notice sent Fri Feb 13 and nothing supplied yet
    clock = DeadlineClock(DECIDE, D("2026-02-12")).pause(D("2026-02-13"))
    # Then the clock is stopped; once the supplement arrives Feb 26 it runs to Mar 4 again
    assert clock.paused and clock.due(cal) is None
    assert clock.resume(D("2026-02-26")).due(cal) == D("2026-03-04")
    with pytest.raises(ValueError):
        clock.pause(D("2026-02-14"))


def test_a_notice_sent_after_the_deadline_passed_does_not_revive_it(cal):
    # Given received Mon Mar 2 (due Mon Mar 9) and a supplement notice only on Tue Mar 10
    # Then the deadline stays Mar 9 (already missed), even while the pause is open
    assert due_date(DECIDE, D("2026-03-02"), [(D("2026-03-10"), None)], cal) == D("2026-03-09")


def test_a_notice_on_the_moved_last_day_leaves_the_office_the_day_the_supplement_arrives(cal):
    # Given received Feb 12 (due Feb 24 after 春节), notice on Feb 24, supplement Wed Mar 4
    # When all of the period was used up before the notice
    # Then the decision is due on the day the supplement arrives
    assert due_date(DECIDE, D("2026-02-12"), [(D("2026-02-24"), D("2026-03-04"))], cal) == D("2026-03-04")


def test_lawyer_assignment_ignores_supplement_pauses(cal):
    # Given a decision Tue Feb 24 and a pause (which this clock does not know of)
    # Then it still runs to Fri Feb 27
    assert due_date(ASSIGN, D("2026-02-24"), [(D("2026-02-25"), None)], cal) == D("2026-02-27")


def test_legal_aid_supplement_due_date_is_set_by_staff_and_lapsing_means_withdrawal(cal):
    # Given art. 43 para 2 sets no period and deems an unsupplemented application withdrawn
    supplement = rule("legal_aid", "supplement")
    # Then staff must give the date, not one before the notice
    assert supplement_due(supplement, D("2026-02-13"), cal, D("2026-02-27")) == D("2026-02-27")
    with pytest.raises(ValueError, match="staff must give"):
        supplement_due(supplement, D("2026-02-13"), cal)
    with pytest.raises(ValueError, match="before the notice"):
        supplement_due(supplement, D("2026-02-13"), cal, D("2026-02-12"))
    assert supplement.on_lapse == "withdrawn"
    assert not is_overdue(D("2026-02-27"), D("2026-02-27")) and is_overdue(D("2026-02-27"), D("2026-02-28"))


def test_only_one_supplement_notice_is_allowed_for_legal_aid_and_reconsideration():
    # Given one notice already sent
    # Then a second is refused where the statute says 一次性, and allowed for notarization
    assert may_request_supplement("legal_aid", 0)
    assert not may_request_supplement("legal_aid", 1)
    assert not may_request_supplement("reconsideration", 1)
    assert may_request_supplement("notarization", 1)


def test_fast_track_applies_when_fewer_than_seven_days_of_the_limitation_period_remain():
    # Given received Thu Feb 12
    # Then a limitation period ending Feb 18 (6 days left) qualifies; Feb 19 (7 days) does not
    assert fast_track(D("2026-02-12"), D("2026-02-18"))
    assert not fast_track(D("2026-02-12"), D("2026-02-19"))
    assert not fast_track(D("2026-02-12"), None)


def test_unknown_rule_names_fail_loudly():
    with pytest.raises(KeyError, match="mediation"):
        rule("mediation", "decide")


# --- administrative reconsideration (行政复议法 art. 30, 31, 88) ----------------------------------

def test_reconsideration_received_on_the_eve_of_national_day_is_examined_after_it(cal):
    # Given received Wed 2026-09-30; Oct 1–7 off
    # When five working days run: Oct 8 (1), 9 (2), Sat 10 adjusted (3), Mon 12 (4), Tue 13 (5)
    # Then
    assert due_date(EXAMINE, D("2026-09-30"), [], cal) == D("2026-10-13")
    assert EXAMINE.on_lapse == "deemed_accepted"  # art. 30 para 3


def test_applicant_has_ten_working_days_from_the_correction_notice(cal):
    # Given the notice reached the applicant Fri Oct 9
    # When ten working days run: 10 (Sat), 12, 13, 14, 15, 16, 19, 20, 21, 22
    # Then
    assert supplement_due(CORRECT, D("2026-10-09"), cal) == D("2026-10-22")
    assert CORRECT.on_lapse == "abandoned"  # art. 31 para 2: 视为放弃


def test_the_office_may_extend_the_correction_period_but_not_shorten_it(cal):
    # Given the statutory date Oct 22 (above)
    # Then a later date is accepted (art. 31 para 2) and an earlier one refused
    assert supplement_due(CORRECT, D("2026-10-09"), cal, D("2026-10-30")) == D("2026-10-30")
    with pytest.raises(ValueError, match="2026-10-22"):
        supplement_due(CORRECT, D("2026-10-09"), cal, D("2026-10-21"))


def test_examination_starts_afresh_when_the_corrections_arrive(cal):
    # Given received Sep 30, correction notice Oct 9, corrections received Fri Oct 16
    # When art. 31 para 3 sends it back to art. 30: five working days from Oct 16 → 19, 20, 21, 22, 23
    # Then
    assert due_date(EXAMINE, D("2026-09-30"), [(D("2026-10-09"), D("2026-10-16"))], cal) == D("2026-10-23")


def test_a_correction_notice_after_the_examination_period_does_not_restart_it(cal):
    # Given the period ended Oct 13 and the notice went out Oct 14
    # Then the application was already deemed accepted on Oct 13
    assert due_date(EXAMINE, D("2026-09-30"), [(D("2026-10-14"), D("2026-10-16"))], cal) == D("2026-10-13")


# --- notarization (公证法 art. 30) ----------------------------------------------------------------

def test_notarization_accepted_before_mid_autumn_and_national_day_takes_fifteen_working_days(cal):
    # Given accepted Thu Sep 24; off: Sep 25–27 and Oct 1–7; Sat Oct 10 worked
    # When: Sep 28, 29, 30 (3), Oct 8, 9, 10 (6), 12–16 (11), 19, 20, 21, 22 (15)
    # Then
    assert due_date(CERTIFY, D("2026-09-24"), [], cal) == D("2026-10-22")


def test_a_three_day_supplement_pause_over_the_holiday_costs_one_working_day(cal):
    # Given accepted Sep 24, supplement requested Tue Sep 29, received Fri Oct 2
    # When the days not counted are Sep 30 (working), Oct 1, Oct 2 (holidays)
    # Then only one working day is added: Oct 22 → Fri Oct 23
    assert due_date(CERTIFY, D("2026-09-24"), [(D("2026-09-29"), D("2026-10-02"))], cal) == D("2026-10-23")


def test_a_three_working_day_pause_after_the_holiday_adds_three_working_days(cal):
    # Given a supplement requested Mon Oct 12 and received Thu Oct 15 (Oct 13, 14, 15 not counted)
    # Then Oct 22 + 3 working days → 23, 26, 27
    assert due_date(CERTIFY, D("2026-09-24"), [(D("2026-10-12"), D("2026-10-15"))], cal) == D("2026-10-27")


def test_two_pauses_add_up(cal):
    # Given pauses (Sep 28, Sep 30] and (Oct 12, Oct 13]: Sep 29, Sep 30 and Oct 13 not counted
    # Then Oct 22 + 3 working days → Tue Oct 27
    pauses = [(D("2026-09-28"), D("2026-09-30")), (D("2026-10-12"), D("2026-10-13"))]
    assert due_date(CERTIFY, D("2026-09-24"), pauses, cal) == D("2026-10-27")


def test_pauses_out_of_order_or_open_in_the_middle_are_refused(cal):
    with pytest.raises(ValueError, match="before"):
        due_date(CERTIFY, D("2026-09-24"), [(D("2026-09-23"), D("2026-09-25"))], cal)
    with pytest.raises(ValueError, match="before"):
        due_date(CERTIFY, D("2026-09-24"), [(D("2026-09-28"), D("2026-10-09")),
                                            (D("2026-10-08"), D("2026-10-12"))], cal)
    with pytest.raises(ValueError, match="still open"):
        due_date(CERTIFY, D("2026-09-24"), [(D("2026-09-28"), None), (D("2026-10-08"), None)], cal)


# --- years without a notice ----------------------------------------------------------------------

def test_2027_deadlines_fall_back_to_monday_to_friday_until_staff_add_holidays(cal):
    # Given no 2027 notice: legal aid received Thu 2027-09-30, +7 = Thu Oct 7, a plain weekday
    assert due_date(DECIDE, D("2027-09-30"), [], cal) == D("2027-10-07")
    # and notarization accepted Thu 2027-09-30: 15 working days = three weeks → Thu Oct 21
    assert due_date(CERTIFY, D("2027-09-30"), [], cal) == D("2027-10-21")
    # When staff add National Day 2027 (Oct 1–7) and an adjusted working Sat Oct 9
    edited = cal.with_overrides(
        [{"date": D("2027-10-01") + timedelta(days=k), "kind": "holiday", "name": "国庆节"}
         for k in range(7)] + [{"date": "2027-10-09", "kind": "workday", "name": "调休上班"}])
    # Then Oct 7 moves to Fri Oct 8; notarization: Oct 8, 9 (2), 11–15 (7), 18–22 (12), 25, 26, 27
    assert due_date(DECIDE, D("2027-09-30"), [], edited) == D("2027-10-08")
    assert due_date(CERTIFY, D("2027-09-30"), [], edited) == D("2027-10-27")


# --- reminders ------------------------------------------------------------------------------------

def test_staff_are_reminded_two_working_days_ahead_and_on_the_first_overdue_day(cal):
    # Given a legal-aid decision due Tue Feb 24 (received Feb 12)
    deadlines = [Deadline("A1", "decide", D("2026-02-24"), "staff")]
    # When planned: two working days before Feb 24 is Fri Feb 13 (Sat 14 is one), at 09:00 Beijing
    reminders = {r.key: r for r in plan(deadlines, [], cal)}
    # Then
    soon = reminders["A1:staff.due_soon.decide:2026-02-24"]
    late = reminders["A1:staff.overdue.decide:2026-02-24"]
    assert soon.send_at == utc("2026-02-13T01:00") and soon.until == utc("2026-02-24T16:00")
    assert late.send_at == utc("2026-02-25T01:00") and late.until is None
    assert len(reminders) == 2


def test_a_reminder_stays_due_through_its_window_with_the_same_key(cal):
    # Given a citizen's supplement due Fri Feb 27: "due in 2 days" on Wed Feb 25 at 09:00 Beijing
    deadlines = [Deadline("A1", "supplement", D("2026-02-27"), "citizen")]
    # When the sweep runs at 09:00, 09:01 and late on Feb 27, and again after Feb 27
    def keys(at):
        return [r.key for r in reminders_due(deadlines, [], at, cal)]
    # Then the same key comes back each time within the window, and never after it
    assert keys(utc("2026-02-25T00:59")) == []
    expected = ["A1:citizen.due_soon.supplement:2026-02-27"]
    assert keys(utc("2026-02-25T01:00")) == keys(utc("2026-02-25T01:01")) == expected
    assert keys(utc("2026-02-27T15:59")) == expected
    assert keys(utc("2026-02-27T16:00")) == []


def test_the_citizen_is_reminded_the_day_before_an_appointment_unless_booked_too_late(cal):
    # Given a slot at 10:00 Beijing on Fri Mar 6 (02:00Z)
    appointments = [Appointment("A1", utc("2026-03-06T02:00"))]
    [reminder] = plan([], appointments, cal)
    # Then the reminder is due from Thu Mar 5 09:00 Beijing until the slot begins
    assert reminder.key == "A1:citizen.appointment:2026-03-06"
    assert reminder.send_at == utc("2026-03-05T01:00") and reminder.until == utc("2026-03-06T02:00")
    assert reminders_due([], appointments, utc("2026-03-06T01:59"), cal) == [reminder]
    assert reminders_due([], appointments, utc("2026-03-06T02:00"), cal) == []
    assert next_send_at([reminder], utc("2026-03-01T00:00")) == utc("2026-03-05T01:00")
    assert next_send_at([reminder], utc("2026-03-05T01:00")) is None


def _sweep(state_at, start, end, cal, step=timedelta(hours=1)):
    """Replay the sweep; record when each key was first due (the conditional write that sends once)."""
    sent, now = {}, start
    while now <= end:
        deadlines, appointments = state_at(now)
        for r in reminders_due(deadlines, appointments, now, cal):
            sent.setdefault(r.key, now)
        now += step
    return sent


def test_replaying_a_legal_aid_application_across_the_spring_festival_sends_each_reminder_once(cal):
    # Given an application received Thu Feb 12; at 11:00 Beijing Fri Feb 13 staff ask for
    # supplements due Fri Feb 27; they arrive Thu Feb 26 15:00; the decision is taken Mon Mar 2
    # 10:00, a lawyer assigned Wed Mar 4 12:00, and a visit booked (on Mar 2) for Fri Mar 6 10:00.
    def state_at(now):
        def after(text):
            return now >= utc(text)  # instants below are UTC: Beijing minus 8 hours
        deadlines, appointments = [], []
        pauses = [(D("2026-02-13"), D("2026-02-26") if after("2026-02-26T07:00") else None)] \
            if after("2026-02-13T03:00") else []
        if not after("2026-03-02T02:00"):
            due = due_date(DECIDE, D("2026-02-12"), pauses, cal)
            if due:
                deadlines.append(Deadline("A1", "decide", due, "staff"))
        if after("2026-02-13T03:00") and not after("2026-02-26T07:00"):
            deadlines.append(Deadline("A1", "supplement", D("2026-02-27"), "citizen"))
        if after("2026-03-02T02:00"):
            appointments.append(Appointment("A1", utc("2026-03-06T02:00")))
            if not after("2026-03-04T04:00"):
                deadlines.append(Deadline("A1", "assign_lawyer",
                                          due_date(ASSIGN, D("2026-03-02"), [], cal), "staff"))
        return deadlines, appointments

    # When the sweep runs hourly from Feb 10 to Mar 15
    sent = _sweep(state_at, utc("2026-02-10T00:00"), utc("2026-03-15T00:00"), cal)
    # Then, in order:
    assert sent == {
        # due Feb 24 (unpaused): two working days before = Fri Feb 13 09:00, before the 11:00 notice
        "A1:staff.due_soon.decide:2026-02-24": utc("2026-02-13T01:00"),
        # supplement due Fri Feb 27: two days before = Wed Feb 25 09:00
        "A1:citizen.due_soon.supplement:2026-02-27": utc("2026-02-25T01:00"),
        # resumed Feb 26: due Wed Mar 4; two working days before = Mon Mar 2 09:00, before the decision
        "A1:staff.due_soon.decide:2026-03-04": utc("2026-03-02T01:00"),
        # decided Mon Mar 2: lawyer due Mar 2 + 3 = Thu Mar 5; two working days before = Tue Mar 3
        "A1:staff.due_soon.assign_lawyer:2026-03-05": utc("2026-03-03T01:00"),
        # visit Fri Mar 6: the day before at 09:00
        "A1:citizen.appointment:2026-03-06": utc("2026-03-05T01:00"),
    }


def test_replaying_a_neglected_reconsideration_over_national_day_warns_on_the_adjusted_saturday(cal):
    # Given a reconsideration received Wed Sep 30 (examination due Tue Oct 13) that nobody handles
    deadline = Deadline("R1", "examine", due_date(EXAMINE, D("2026-09-30"), [], cal), "staff")
    # When the sweep runs every hour from Sep 28 to Oct 20
    sent = _sweep(lambda now: ([deadline], []), utc("2026-09-28T00:00"), utc("2026-10-20T00:00"), cal)
    # Then staff hear of it two working days before — Sat Oct 10, an adjusted working day (Oct 12
    # is one, Oct 10 two) — and again on Wed Oct 14, the first day it is overdue, once each
    assert sent == {
        "R1:staff.due_soon.examine:2026-10-13": utc("2026-10-10T01:00"),
        "R1:staff.overdue.examine:2026-10-13": utc("2026-10-14T01:00"),
    }
