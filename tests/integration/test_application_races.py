"""Races that only a real engine can judge (moto applies transactions without isolation), on
DynamoDB Local with threads released together: two decisions on one application, two bookings of
one slot, two sweeps of the same minute sending one reminder."""
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest

from chalicelib.applications import decisions, reminders, timeline
from chalicelib.applications.lifecycle import Context
from chalicelib.clock import iso
from chalicelib.db.applications import (
    Application, AppointmentSlot, HistoryEntry, ReminderSent, application)
from chalicelib.db.messaging import Notification
from chalicelib.errors import Conflict
from chalicelib.workdays import WorkCalendar
from chalicelib.db.store import TABLE
from tests.races import together

pytestmark = pytest.mark.dynamodb_local
NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)  # Mon 10:00 in Beijing
CALENDAR = Path(__file__).resolve().parents[2] / "seeds" / "calendar"
LEGAL_AID = SimpleNamespace(service_type="legal_aid", name="法律援助", fields=[], materials=[],
                            deadlines={})


def _ctx(now=NOW):
    return Context(now, calendar=WorkCalendar.from_directory(CALENDAR),
                   catalog=[LEGAL_AID], staff_openids=lambda bureau=None: ["o-staff"])


def _application(app_id, status="submitted", openid="o1"):
    clocks = timeline.start({}, "legal_aid", "received", NOW.date())
    app = Application(application_id=app_id, service_type="legal_aid", openid=openid, status=status,
                      created_at=iso(NOW), updated_at=iso(NOW), received_on="2026-03-02",
                      clocks=clocks, consented_at=iso(NOW))
    ctx = _ctx()
    app.queue_due = timeline.queue_due(app, ctx.calendar)
    wake = timeline.wake_at(app, ctx.calendar, NOW)
    app.next_due_at = iso(wake) if wake else None
    app.save()
    return app_id


def test_two_decisions_at_once_one_stands_and_the_other_is_refused(ddb_table):
    for round_ in range(5):
        app_id = _application(f"race{round_}")
        results = together(
            lambda: decisions.decide(_ctx(), app_id, "s1", {"action": "accept"}),
            lambda: decisions.decide(_ctx(), app_id, "s2", {"action": "reject", "reason": "不符合条件"}))
        refused = [r for r in results if isinstance(r, Exception)]
        assert len(refused) == 1 and isinstance(refused[0], Conflict), results
        staff_entries = [h for h in HistoryEntry.query(f"APP#{app_id}") if h.actor == "staff"]
        assert len(staff_entries) == 1
        assert application(app_id).status == staff_entries[0].to_status


def test_one_slot_booked_for_two_applications_at_once_goes_to_one(ddb_table):
    for round_ in range(5):
        first, second = _application(f"a{round_}", "accepted"), _application(f"b{round_}", "accepted")
        AppointmentSlot(office="xf", date="2026-03-04", time=f"09:{round_:02d}", status="open").save()
        slot = {"office": "xf", "date": "2026-03-04", "time": f"09:{round_:02d}"}
        results = together(
            lambda: decisions.decide(_ctx(), first, "s1", {"action": "schedule", "slot": slot}),
            lambda: decisions.decide(_ctx(), second, "s2", {"action": "schedule", "slot": slot}))
        refused = [r for r in results if isinstance(r, Exception)]
        assert len(refused) == 1 and refused[0].code == "slot_taken", results
        booked = AppointmentSlot.get("SLOT#xf#2026-03-04", slot["time"])
        winner = application(booked.application_id)
        assert winner.status == "scheduled" and winner.appointment["time"] == slot["time"]
        loser = application(second if booked.application_id == first else first)
        assert loser.status == "accepted"


def test_two_sweeps_of_the_same_minute_send_a_reminder_once(ddb_table):
    # Given an application whose staff reminder falls due at 09:00 Beijing on Thu Mar 5
    # (decision due Mon Mar 9; 2 working days before: Fri Mar 6 is 1, Thu Mar 5 is 2)
    app_id = _application("swept")
    at = datetime(2026, 3, 5, 1, 0, tzinfo=timezone.utc)
    assert application(app_id).next_due_at == iso(at)
    # When two sweeps handle it at that minute at once
    together(lambda: reminders.run(_ctx(at), application(app_id)),
             lambda: reminders.run(_ctx(at), application(app_id)))
    # Then one reminder record and one notification exist, and the application waits for the next
    assert [r.reminder_key for r in ReminderSent.scan()] == [
        f"{app_id}:staff.due_soon.decide:2026-03-09"]
    assert [n.idempotency_key for n in Notification.scan()] == [
        f"reminder:{app_id}:staff.due_soon.decide:2026-03-09:o-staff"]
    assert application(app_id).next_due_at == "2026-03-10T01:00:00Z"  # the overdue notice


def test_a_reminder_sent_between_a_decisions_read_and_write_does_not_refuse_the_decision(
        ddb_table, monkeypatch):
    # Given staff who opened an application just before its reminder fell due
    app_id = _application("interleaved")
    at = datetime(2026, 3, 5, 1, 0, tzinfo=timezone.utc)
    seen_by_staff = application(app_id)
    # When the sweep sends the staff reminder and only then the decision is written
    reminders.run(_ctx(at), application(app_id))
    monkeypatch.setattr(TABLE, "application", lambda _: seen_by_staff)
    decisions.decide(_ctx(at), app_id, "s1", {"action": "accept"})
    # Then the reminder went out once and the decision stands
    assert len(list(ReminderSent.scan())) == 1
    assert application(app_id).status == "accepted"


def test_a_decision_between_the_sweeps_read_and_write_keeps_its_own_next_wake_up(ddb_table):
    # Given the sweep read an application whose reminder is due
    app_id = _application("decided-first")
    at = datetime(2026, 3, 5, 1, 0, tzinfo=timezone.utc)
    seen_by_sweep = application(app_id)
    # When staff accept it before the sweep writes its bookkeeping
    decisions.decide(_ctx(at), app_id, "s1", {"action": "accept"})
    decided = application(app_id)
    reminders.run(_ctx(at), seen_by_sweep)
    # Then the sweep's stale view does not overwrite what the decision set
    after = application(app_id)
    assert (after.status, after.next_due_at, after.queue_due, after.version) == (
        "accepted", decided.next_due_at, decided.queue_due, decided.version)
