"""An application's transitions on an in-memory store (issue 10, seam 1): each decision is ONE commit
of the application (on the status it was read in), its history, the staff's audit entry and the
citizen's notice; a booking adds the slot, taken only while open. No table, no moto."""
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest

from chalicelib.applications import decisions, reminders, timeline
from chalicelib.applications.lifecycle import Context
from chalicelib.clock import iso
from chalicelib.db.applications import Application, AppointmentSlot, AuditEntry, HistoryEntry
from chalicelib.db.messaging import Notification
from chalicelib.errors import Conflict
from chalicelib.workdays import WorkCalendar
from tests.unit.fake_store import FakeStore, Put, Update

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)  # Mon 10:00 in Beijing
CALENDAR = WorkCalendar.from_directory(Path(__file__).resolve().parents[2] / "seeds" / "calendar")
LEGAL_AID = SimpleNamespace(service_type="legal_aid", name="法律援助", fields=[], materials=[],
                            deadlines={}, offices=[])
DAYU = "360723"


def submitted(**fields):
    return Application(**{"application_id": "SQ20260302-AAAAAA", "service_type": "legal_aid",
                          "openid": "oCitizen", "status": "submitted", "created_at": iso(NOW),
                          "updated_at": iso(NOW), "received_on": "2026-03-02", "bureau": DAYU,
                          "clocks": timeline.start({}, "legal_aid", "received", NOW.date()),
                          "consented_at": iso(NOW), "version": 3, **fields})


def given(*items, refuse=None):
    store = FakeStore(submitted(), *items, refuse=refuse)
    sent = []
    ctx = Context(NOW, calendar=CALENDAR, catalog=[LEGAL_AID], store=store, bureau=DAYU,
                  on_commit=sent.extend, new_id=lambda: "audit1",
                  staff_openids=lambda bureau=None: ["oStaff"])
    return store, ctx, sent


def test_accepting_is_one_commit_of_the_application_its_history_audit_and_notice():
    # Given a submitted application of 大余
    store, ctx, sent = given()
    # When staff accept it
    app = decisions.decide(ctx, "SQ20260302-AAAAAA", "staff-1", {"action": "accept"},
                           find=store.application)
    # Then one commit writes the application (only if still submitted and unchanged since read at
    # version 3, which moves on to 4), a history entry, the audit entry and the citizen's notice
    (commit,) = store.commits
    assert [(type(e.item), e.label) for e in commit] == [
        (Application, "application"), (HistoryEntry, "history"), (AuditEntry, "audit"),
        (Notification, "notification")]
    assert str(commit[0].condition) == "(status = {'S': 'submitted'} AND version = {'N': '3'})"
    assert commit[0].item.version == 4
    assert app.status == "accepted" and commit[0].item.status == "accepted"
    history, audit, note = (e.item for e in commit[1:])
    assert (history.from_status, history.to_status, history.actor) == ("submitted", "accepted", "staff")
    assert (audit.action, audit.actor, audit.bureau) == ("decision.accept", "staff-1", DAYU)
    assert note.to_openid == "oCitizen" and sent == [note.notification_id]


def test_a_booking_takes_the_slot_in_the_same_commit_only_while_it_is_open():
    # Given an accepted application and an open slot of 大余's office
    slot = AppointmentSlot(bureau=DAYU, office="XF01", date="2026-03-04", time="09:00", status="open")
    store, ctx, _ = given(slot)
    store.items[("APP#SQ20260302-AAAAAA", "META")].status = "accepted"
    # When staff schedule the visit
    decisions.decide(ctx, "SQ20260302-AAAAAA", "staff-1",
                     {"action": "schedule", "slot": {"office": "XF01", "date": "2026-03-04", "time": "09:00"}},
                     find=store.application)
    # Then the slot's booking is in the transition's commit, conditioned on the slot being open
    (booking,) = store.written(Update, "slot")
    assert booking.item is slot and "status = {'S': 'open'}" in str(booking.condition)
    assert "attribute_not_exists (application_id)" in str(booking.condition)
    assert len(store.commits) == 1 and store.written(Put, "application")[0].item.status == "scheduled"


def test_a_decision_refused_because_the_application_changed_is_a_409():
    # Given the application changes between the read and the commit (the store refuses it)
    store, ctx, sent = given(refuse={"application"})
    # When staff accept it
    with pytest.raises(Conflict) as refused:
        decisions.decide(ctx, "SQ20260302-AAAAAA", "staff-1", {"action": "accept"},
                         find=store.application)
    # Then it is "changed, refresh", and nothing was committed or sent
    assert refused.value.code == "application_changed" and store.commits == [] and sent == []


def test_a_reminder_is_sent_once_with_its_record_in_the_same_commit():
    # Given a reminder due on a submitted application
    store, ctx, _ = given()
    app = store.application("SQ20260302-AAAAAA")
    reminder = SimpleNamespace(key="r1", audience="citizen", kind="citizen.supplement",
                               target="2026-03-09")
    # When the sweep sends it
    ids = reminders.send_once(ctx, app, reminder)
    # Then the record that it went out (its key must be new) and the notice are one commit
    (commit,) = store.commits
    assert [e.label for e in commit] == ["reminder", "notification"]
    assert str(commit[0].condition) == "attribute_not_exists (PK)" and len(ids) == 1
