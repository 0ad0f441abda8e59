"""The annual assessment's steps (chalicelib/roster/assessment.py): reminders 30 and 7 days ahead
at 09:00 China time, the lapse at the first instant after the due date; a step whose time passed
while a later one is due is skipped; the profile's DUE key is its next step or its return date."""
from types import SimpleNamespace

from chalicelib.clock import parse_instant
from chalicelib.db.models import lawyer_due_at
from chalicelib.roster import assessment


def lawyer(due="2026-05-01", step=None, status=None, resume_at=None):
    return SimpleNamespace(assessment_due=due, assessment_step=step, status=status, resume_at=resume_at)


def test_the_steps_fall_at_09_00_china_time_and_the_lapse_after_the_due_day():
    assert assessment.next_step_at(lawyer()) == "2026-04-01T01:00:00Z"
    assert assessment.next_step_at(lawyer(step="reminded_30")) == "2026-04-24T01:00:00Z"
    assert assessment.next_step_at(lawyer(step="reminded_7")) == "2026-05-01T16:00:00Z"
    assert assessment.next_step_at(lawyer(step="lapsed")) is None
    assert assessment.next_step_at(lawyer(due=None)) is None


def test_the_step_due_is_the_latest_whose_time_has_come():
    assert assessment.due_step(lawyer(), parse_instant("2026-04-01T00:59:59Z")) is None
    assert assessment.due_step(lawyer(), parse_instant("2026-04-01T01:00:00Z")) == "reminded_30"
    assert assessment.due_step(lawyer(), parse_instant("2026-04-30T00:00:00Z")) == "reminded_7"
    assert assessment.due_step(lawyer(step="reminded_7"), parse_instant("2026-05-03T00:00:00Z")) == "lapsed"


def test_the_profiles_due_key_is_the_earlier_of_its_return_date_and_next_step():
    paused = lawyer(status="paused", resume_at="2026-03-10T16:00:00Z")
    assert lawyer_due_at(paused) == "2026-03-10T16:00:00Z"
    assert lawyer_due_at(lawyer(status="paused", resume_at="2026-06-01T16:00:00Z")) == "2026-04-01T01:00:00Z"
    assert lawyer_due_at(lawyer(due=None)) is None


def test_a_lapse_suspends_only_a_lawyer_not_suspended_already():
    now = parse_instant("2026-05-02T00:00:00Z")
    assert assessment.changes_for(SimpleNamespace(status="active"), "lapsed", now)["status"] == "suspended"
    assert assessment.changes_for(SimpleNamespace(status="suspended"), "lapsed", now) == {"assessment_step": "lapsed"}
    assert assessment.changes_for(SimpleNamespace(status=None), "reminded_7", now) == {"assessment_step": "reminded_7"}
