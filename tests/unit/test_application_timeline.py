"""An application's clocks through its transitions, on the 2026 calendar (春节 Feb 15–23 with
Sat Feb 14 worked; 国庆 Oct 1–7 with Sat Oct 10 worked). Dates counted by hand in the comments."""
from datetime import date, datetime, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest

from chalicelib.applications import timeline
from chalicelib.workdays import WorkCalendar

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "calendar"
D = date.fromisoformat


def utc(text):
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def cal():
    return WorkCalendar.from_directory(SEEDS)


def app(service_type, status="submitted", clocks=None, **extra):
    values = dict(application_id="A1", service_type=service_type, status=status,
                  clocks=clocks or {}, supplement=None, appointment=None, updated_at=None)
    values.update(extra)
    return SimpleNamespace(**values)


def test_receipt_starts_the_clock_the_statute_names_and_acceptance_the_next(cal):
    # Given legal aid received Thu Feb 12: the 7-day decision clock starts
    clocks = timeline.start({}, "legal_aid", "received", D("2026-02-12"))
    assert set(clocks) == {"decide"}
    # When it is accepted Tue Feb 24, the decision clock stops and the 3-day assignment starts
    clocks = timeline.finish(clocks, D("2026-02-24"), timeline.received_clocks("legal_aid"))
    clocks = timeline.start(clocks, "legal_aid", "accepted", D("2026-02-24"))
    running = app("legal_aid", "accepted", clocks)
    # Then only the assignment runs: Feb 24 + 3 = Fri Feb 27
    assert [(d.name, d.due) for d in timeline.deadlines(running, cal)] == [
        ("assign_lawyer", D("2026-02-27"))]
    # And notarization starts nothing on receipt, 15 working days on acceptance
    assert timeline.start({}, "notarization", "received", D("2026-09-23")) == {}
    assert set(timeline.start({}, "notarization", "accepted", D("2026-09-24"))) == {"certify"}
    assert timeline.start({}, "mediation", "received", D("2026-03-02")) == {}


def test_a_supplement_request_pauses_the_decision_and_the_receipt_resumes_it(cal):
    clocks = timeline.start({}, "legal_aid", "received", D("2026-02-12"))
    paused = app("legal_aid", "supplement_requested",
                 timeline.pause(clocks, "legal_aid", D("2026-02-13")),
                 supplement={"due": "2026-02-26"})
    # While paused only the citizen's deadline runs
    assert [(d.name, d.owed_by) for d in timeline.deadlines(paused, cal)] == [
        ("supplement", "citizen")]
    # Pausing twice does not open a second pause
    assert timeline.pause(paused.clocks, "legal_aid", D("2026-02-14")) == paused.clocks
    # Resumed Thu Feb 26: Feb 13 used (1 of 7), 6 days from Feb 26 → Wed Mar 4
    resumed = app("legal_aid", "resubmitted", timeline.resume(paused.clocks, D("2026-02-26")))
    assert [(d.name, d.due) for d in timeline.deadlines(resumed, cal)] == [("decide", D("2026-03-04"))]


def test_a_correction_restarts_the_reconsideration_examination(cal):
    # Received Tue Sep 29, corrected notice Wed Sep 30, corrections received Tue Oct 13:
    # a fresh 5 working days from Oct 13 — Oct 14, 15, 16, 19, 20 → Tue Oct 20
    clocks = timeline.start({}, "reconsideration", "received", D("2026-09-29"))
    clocks = timeline.pause(clocks, "reconsideration", D("2026-09-30"))
    clocks = timeline.resume(clocks, D("2026-10-13"))
    assert timeline.deadlines(app("reconsideration", "resubmitted", clocks), cal)[0].due == D(
        "2026-10-20")


def test_supplement_due_dates_follow_the_statute_or_the_bureaus_default(cal):
    # 行政复议法 art. 31: 10 working days from Wed Sep 30 → Tue Oct 20 (Oct 1–7 off, Sat Oct 10 on)
    assert timeline.supplement_due_date("reconsideration", D("2026-09-30"), cal) == D("2026-10-20")
    # and staff may give longer, never shorter
    assert timeline.supplement_due_date("reconsideration", D("2026-09-30"), cal,
                                        D("2026-10-30")) == D("2026-10-30")
    with pytest.raises(ValueError, match="至少到 10月20日（"):  # a day as staff say it
        timeline.supplement_due_date("reconsideration", D("2026-09-30"), cal, D("2026-10-19"))
    # Legal aid sets no period: the catalog's 10 calendar days from Fri Feb 13 → Mon Feb 23 (春节)
    # → Tue Feb 24
    default = {"days": 10, "unit": "calendar"}
    assert timeline.supplement_due_date("legal_aid", D("2026-02-13"), cal, None, default) == D(
        "2026-02-24")
    # a working-day default counts working days: Fri Feb 13 + 3 → Sat Feb 14 (worked), Tue 24, Wed 25
    assert timeline.supplement_due_date("legal_aid", D("2026-02-13"), cal, None,
                                        {"days": 3, "unit": "working"}) == D("2026-02-25")
    # Mediation has neither: staff must say, and not today or earlier
    with pytest.raises(ValueError, match="请填写补充期限"):
        timeline.supplement_due_date("mediation", D("2026-03-02"), cal)
    with pytest.raises(ValueError, match="晚于今天"):
        timeline.supplement_due_date("mediation", D("2026-03-02"), cal, D("2026-03-02"))
    assert timeline.supplement_due_date("mediation", D("2026-03-02"), cal, D("2026-03-09")) == D(
        "2026-03-09")


def test_lapses_come_at_the_first_moment_after_the_last_day(cal):
    owed = app("legal_aid", "supplement_requested", supplement={"due": "2026-02-24"})
    gone = timeline.lapse(owed, cal)
    # 00:00 Feb 25 in Beijing is 16:00Z on Feb 24
    assert (gone.at, gone.outcome) == (utc("2026-02-24T16:00:00"), "withdrawn")
    reconsideration = app("reconsideration", "supplement_requested", supplement={"due": "2026-10-20"})
    assert timeline.lapse(reconsideration, cal).outcome == "abandoned"
    # Notarization and mediation: nothing automatic (staff may decline, 公证法 art. 31 (6))
    assert timeline.lapse(app("notarization", "supplement_requested",
                              supplement={"due": "2026-03-09"}), cal) is None
    # Reconsideration not examined in time is deemed accepted (art. 30 para 3): Mon Sep 28 → Oct 10
    received = app("reconsideration", "submitted",
                   timeline.start({}, "reconsideration", "received", D("2026-09-28")))
    gone = timeline.lapse(received, cal)
    assert (gone.at, gone.outcome) == (utc("2026-10-10T16:00:00"), "deemed_accepted")


def test_the_sweep_wakes_for_the_next_reminder_or_lapse_and_at_once_inside_a_window(cal):
    received = app("legal_aid", "submitted", timeline.start({}, "legal_aid", "received",
                                                              D("2026-02-12")))
    # Decision due Tue Feb 24; staff hear at 09:00 Fri Feb 13 (Sat Feb 14 worked is 1)
    at_receipt = utc("2026-02-12T02:00:00")
    assert timeline.wake_at(received, cal, at_receipt) == utc("2026-02-13T01:00:00")
    # Inside the reminder's window the answer is "now"; after handling it, the overdue notice
    inside = utc("2026-02-13T05:00:00")
    assert timeline.wake_at(received, cal, inside) == inside
    assert timeline.wake_at(received, cal, inside, after=True) == utc("2026-02-25T01:00:00")
    # A closed application needs no more waking
    assert timeline.wake_at(app("legal_aid", "completed", timeline.finish(
        received.clocks, D("2026-02-20"))), cal, inside) is None


def test_the_queue_orders_by_the_nearest_deadline_of_either_party(cal):
    clocks = timeline.start({}, "legal_aid", "received", D("2026-03-02"))
    assert timeline.queue_due(app("legal_aid", "submitted", clocks), cal) == "2026-03-09"
    owed = app("legal_aid", "supplement_requested", timeline.pause(clocks, "legal_aid",
                                                                   D("2026-03-03")),
               supplement={"due": "2026-03-13"})
    assert timeline.queue_due(owed, cal) == "2026-03-13"
    booked = app("mediation", "scheduled", appointment={"date": "2026-03-20", "time": "09:00"})
    assert timeline.queue_due(booked, cal) == "2026-03-20"
    assert timeline.queue_due(app("mediation", "submitted"), cal) is None
