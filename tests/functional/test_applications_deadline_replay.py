"""Deadline replay: weeks of `sweep_due`, fired hourly through the scheduled function (twice each
hour: a repeated minute must do nothing more), across the 2026 Spring Festival (Feb 15–23, Sat
Feb 14 worked) and National Day (Oct 1–7, Mid-Autumn Sep 25–27, Sat Oct 10 worked). Every reminder,
lapse and due date is listed with the day counted by hand; "09:00" is Beijing time (01:00Z), a lapse
comes at the first moment after the last day allowed (00:00 Beijing, 16:00Z the day before).
"""
from datetime import timedelta

import pytest

from chalicelib.clock import iso, parse_instant
from chalicelib.db.applications import ReminderSent
from chalicelib.db.messaging import Notification
from tests.functional.applications_support import (  # noqa: F401 (fixtures)
    ME, OTHER, STAFF, api, decide, kicks, stored, submitted, upload)
from tests.held import replace_due_handler

HOUR = timedelta(hours=1)


@pytest.fixture
def s3(moto_table):
    return moto_table.s3()


@pytest.fixture
def delivered(monkeypatch):
    """A stand-in for delivery in the sweep: a due notification counts as sent at once (delivery
    has its own tests; here it must only leave the DUE index as a real send would)."""
    log = []

    def deliver(item, now, services):
        item.update(actions=[Notification.status.set("sent"), Notification.sent_at.set(iso(now)),
                             Notification.next_attempt_at.remove(), Notification.DUEPK.remove(),
                             Notification.DUEAT.remove()],
                    condition=Notification.status == "pending")
        log.append((iso(now), item.idempotency_key))

    replace_due_handler(monkeypatch, "Notification", deliver)
    return log


@pytest.fixture
def replay(api, clock, delivered):
    """replay(start, end, {time: [action, …]}): each hour, that hour's actions (staff and citizens
    acting at that instant), then sweep_due twice through the scheduled function."""
    client = api.client

    def sweep(at):
        event = client.events.generate_cw_event(source="aws.events", detail_type="Scheduled Event",
                                                detail={}, resources=[], region="us-east-1")
        event["time"] = iso(at)
        return client.lambda_.invoke("sweep_due", event).payload

    def run(start, end, events):
        at, busy_hours = parse_instant(start), 0
        events = {parse_instant(k): v for k, v in events.items()}
        while at <= parse_instant(end):
            clock.instant = at
            for action in events.pop(at, []):
                action()
            first, second = sweep(at), sweep(at)
            # The same minute again does nothing more to any application: each moved its DUE key
            # on (what it did rerun is delivering the reminders the first run queued).
            assert first["errors"] == second["errors"] == 0, (at, first, second)
            assert "Application" not in second["handled"], (at, first, second)
            busy_hours += "Application" in first["handled"]
            at += HOUR
        assert not events, "an action was scheduled outside the replay"
        return busy_hours

    return run


def sent():
    """Every queued notification as (when, key), oldest first; keys name the reminder or decision."""
    return sorted((n.created_at, n.idempotency_key) for n in Notification.scan())


def reminder(app_id, kind, target, at, staff=False):
    return (at, f"reminder:{app_id}:{kind}:{target}" + (":o-staff-1" if staff else ""))


def test_legal_aid_over_spring_festival_lapses_as_withdrawn_when_not_supplemented(
        api, s3, replay, clock, delivered):
    ids = {}
    # Thu Feb 12 10:00: received. 法律援助法 art. 43: decide in 7 days → Feb 19, a 春节 day → Tue Feb 24.
    # Staff hear 2 working days ahead: Feb 23…15 are off, Sat Feb 14 is worked (1), Fri Feb 13 (2).
    clock.instant = parse_instant("2026-02-12T02:00:00Z")
    ids["a"] = submitted(api, s3)
    assert stored(ids["a"]).queue_due == "2026-02-24"

    def ask():
        # Fri Feb 13 11:00: one notice; the bureau's default 10 days → Mon Feb 23 (春节) → Tue Feb 24.
        status, body = decide(api, ids["a"], action="request_supplement", message="请补充材料",
                              items=[{"material": "case_materials", "reason": "欠条照片不清"}])
        assert status == 200 and body["supplement"]["due"] == "2026-02-24", body

    replay("2026-02-12T03:00:00Z", "2026-03-02T00:00:00Z", {"2026-02-13T03:00:00Z": [ask]})
    a = ids["a"]
    assert sent() == sorted([
        ("2026-02-12T02:00:00Z", f"app:{a}:3:submit"),
        reminder(a, "staff.due_soon.decide", "2026-02-24", "2026-02-13T01:00:00Z", staff=True),
        ("2026-02-13T03:00:00Z", f"app:{a}:4:request_supplement"),
        # The decision clock is paused while the citizen owes material: no staff reminder after.
        # Citizen: 2 days before Tue Feb 24 = Sun Feb 22, 09:00.
        reminder(a, "citizen.due_soon.supplement", "2026-02-24", "2026-02-22T01:00:00Z"),
        # Not supplemented by Feb 24: withdrawn at 00:00 Feb 25 (art. 43 para 2), both told.
        ("2026-02-24T16:00:00Z", f"app:{a}:5:lapse_withdrawn"),
        ("2026-02-24T16:00:00Z", f"lapse:{a}:withdrawn:o-staff-1"),
    ])
    app = stored(a)
    assert (app.status, app.outcome, app.next_due_at) == ("withdrawn", "withdrawn", None)
    # And each was delivered once, by a sweep of the hour it was queued in
    assert sorted(delivered) == sorted([(t, k) for t, k in sent() if t >= "2026-02-12T03:00:00Z"]
                                       + [("2026-02-12T03:00:00Z", f"app:{a}:3:submit")])
    assert len(list(ReminderSent.scan())) == 2


def test_legal_aid_supplemented_after_spring_festival_then_accepted_and_scheduled(api, s3, replay,
                                                                                  clock):
    ids = {}
    clock.instant = parse_instant("2026-02-12T02:00:00Z")
    ids["b"] = submitted(api, s3)

    def ask():
        status, body = decide(api, ids["b"], action="request_supplement", message="请补充",
                              due="2026-02-26", items=[{"material": "case_materials"}])
        assert status == 200 and body["supplement"]["due"] == "2026-02-26"

    def supplement():
        assert upload(api, s3, ids["b"], ME, "case_materials")[0] == 200
        assert api.post(f"/api/applications/{ids['b']}/submit", ME)[0] == 200
        # Feb 13 was counted (day 1), Feb 14–26 not: 6 days from Thu Feb 26 → Wed Mar 4.
        assert stored(ids["b"]).queue_due == "2026-03-04"

    def accept_and_schedule():
        assert decide(api, ids["b"], action="accept")[0] == 200
        assert api.post("/api/staff/appointment-slots", STAFF, {
            "office": "xinfeng-legal-aid", "date": "2026-03-10", "times": ["09:30"]})[0] == 201
        status, body = decide(api, ids["b"], action="schedule", slot={
            "office": "xinfeng-legal-aid", "date": "2026-03-10", "time": "09:30"})
        assert status == 200, body

    def complete():
        assert decide(api, ids["b"], action="complete")[0] == 200

    busy = replay("2026-02-12T03:00:00Z", "2026-03-12T00:00:00Z", {
        "2026-02-13T03:00:00Z": [ask], "2026-02-26T02:00:00Z": [supplement],
        "2026-03-03T02:00:00Z": [accept_and_schedule], "2026-03-10T03:00:00Z": [complete]})
    b = ids["b"]
    assert sent() == sorted([
        ("2026-02-12T02:00:00Z", f"app:{b}:3:submit"),
        reminder(b, "staff.due_soon.decide", "2026-02-24", "2026-02-13T01:00:00Z", staff=True),
        ("2026-02-13T03:00:00Z", f"app:{b}:4:request_supplement"),
        # Citizen: 2 days before Thu Feb 26 = Tue Feb 24, 09:00.
        reminder(b, "citizen.due_soon.supplement", "2026-02-26", "2026-02-24T01:00:00Z"),
        ("2026-02-26T02:00:00Z", f"app:{b}:5:resubmit"),
        # Decision due Wed Mar 4: staff hear on Mon Mar 2 (Tue Mar 3 is 1, Mon Mar 2 is 2).
        reminder(b, "staff.due_soon.decide", "2026-03-04", "2026-03-02T01:00:00Z", staff=True),
        ("2026-03-03T02:00:00Z", f"app:{b}:6:accept"),
        ("2026-03-03T02:00:00Z", f"app:{b}:7:schedule"),
        # Art. 43: assign a lawyer within 3 days of the decision (Tue Mar 3 → Fri Mar 6): staff hear
        # on Wed Mar 4 (Thu 1, Wed 2) and, not done by then, on Sat Mar 7 that it is overdue.
        reminder(b, "staff.due_soon.assign_lawyer", "2026-03-06", "2026-03-04T01:00:00Z", staff=True),
        reminder(b, "staff.overdue.assign_lawyer", "2026-03-06", "2026-03-07T01:00:00Z", staff=True),
        # The appointment on Tue Mar 10 09:30: the citizen hears on Mon Mar 9, 09:00.
        reminder(b, "citizen.appointment", "2026-03-10", "2026-03-09T01:00:00Z"),
        ("2026-03-10T03:00:00Z", f"app:{b}:8:complete"),
    ])
    assert stored(b).next_due_at is None
    # The sweep woke for this application only when there was work: 27 days, a handful of hours.
    assert busy < 20


def test_reconsideration_over_national_day_is_deemed_accepted_when_not_examined(api, s3, replay,
                                                                                clock):
    ids = {}
    # Mon Sep 28: received. 行政复议法 art. 30/88: 5 working days — Sep 29 (1), Sep 30 (2), Oct 1–7
    # off, Oct 8 (3), Oct 9 (4), Sat Oct 10 worked (5) → Oct 10. Staff hear Oct 8 (Oct 9 is 1).
    clock.instant = parse_instant("2026-09-28T02:00:00Z")
    ids["c"] = submitted(api, s3, "reconsideration")
    assert stored(ids["c"]).queue_due == "2026-10-10"
    # Tue Sep 29: a second application, sent back for correction on Wed Sep 30
    clock.instant = parse_instant("2026-09-29T02:00:00Z")
    ids["d"] = submitted(api, s3, "reconsideration", who=OTHER)

    def correct():
        # Art. 31: 10 working days from Sep 30 — Oct 8, 9, 10, 12, 13, 14, 15, 16, 19, 20 → Oct 20.
        status, body = decide(api, ids["d"], action="request_supplement", message="请补正",
                              items=[{"field": "request", "reason": "复议请求不明确"}])
        assert status == 200 and body["supplement"]["due"] == "2026-10-20", body

    replay("2026-09-28T03:00:00Z", "2026-10-23T00:00:00Z", {"2026-09-30T02:00:00Z": [correct]})
    c, d = ids["c"], ids["d"]
    assert sent() == sorted([
        ("2026-09-28T02:00:00Z", f"app:{c}:3:submit"),
        reminder(c, "staff.due_soon.examine", "2026-10-10", "2026-10-08T01:00:00Z", staff=True),
        # No refusal by the end of Sat Oct 10: accepted by law (art. 30 para 3) at 00:00 Oct 11.
        ("2026-10-10T16:00:00Z", f"app:{c}:4:lapse_deemed_accepted"),
        ("2026-10-10T16:00:00Z", f"lapse:{c}:deemed_accepted:o-staff-1"),
        ("2026-09-29T02:00:00Z", f"app:{d}:3:submit"),
        ("2026-09-30T02:00:00Z", f"app:{d}:4:request_supplement"),
        # Citizen: 2 days before Tue Oct 20 = Sun Oct 18, 09:00. The examination clock waits.
        reminder(d, "citizen.due_soon.supplement", "2026-10-20", "2026-10-18T01:00:00Z"),
        # Not corrected: abandoned (art. 31 para 2) at 00:00 Oct 21.
        ("2026-10-20T16:00:00Z", f"app:{d}:5:lapse_abandoned"),
        ("2026-10-20T16:00:00Z", f"lapse:{d}:abandoned:o-staff-1"),
    ])
    assert (stored(c).status, stored(d).status, stored(d).outcome) == (
        "accepted", "withdrawn", "abandoned")


def test_notarization_over_national_day_certifies_in_fifteen_working_days_with_a_visit(
        api, s3, replay, clock):
    ids = {}
    clock.instant = parse_instant("2026-09-23T02:00:00Z")
    ids["e"] = submitted(api, s3, "notarization")
    assert stored(ids["e"]).queue_due is None  # 公证法 art. 30 counts from acceptance

    def accept_and_book():
        assert decide(api, ids["e"], action="accept")[0] == 200
        # Accepted Thu Sep 24: Sep 25–27 中秋, Sep 28 (1), 29, 30 (3), Oct 1–7 国庆, Oct 8 (4), 9,
        # Sat Oct 10 (6), 12 … 16 (11), 19 … 22 (15) → Thu Oct 22.
        assert stored(ids["e"]).queue_due == "2026-10-22"
        assert api.post("/api/staff/appointment-slots", STAFF, {
            "office": "xinfeng-notary", "date": "2026-10-09", "times": ["10:00"]})[0] == 201
        assert decide(api, ids["e"], action="schedule", slot={
            "office": "xinfeng-notary", "date": "2026-10-09", "time": "10:00"})[0] == 200

    def complete():
        assert decide(api, ids["e"], action="complete")[0] == 200

    replay("2026-09-23T03:00:00Z", "2026-10-24T00:00:00Z", {
        "2026-09-24T02:00:00Z": [accept_and_book], "2026-10-21T02:00:00Z": [complete]})
    e = ids["e"]
    assert sent() == sorted([
        ("2026-09-23T02:00:00Z", f"app:{e}:3:submit"),
        ("2026-09-24T02:00:00Z", f"app:{e}:4:accept"),
        ("2026-09-24T02:00:00Z", f"app:{e}:5:schedule"),
        # The visit on Fri Oct 9 10:00, the first working days after 国庆: reminded Thu Oct 8 09:00.
        reminder(e, "citizen.appointment", "2026-10-09", "2026-10-08T01:00:00Z"),
        # Certificate due Thu Oct 22: staff hear Tue Oct 20 (Wed 21 is 1, Tue 20 is 2).
        reminder(e, "staff.due_soon.certify", "2026-10-22", "2026-10-20T01:00:00Z", staff=True),
        ("2026-10-21T02:00:00Z", f"app:{e}:6:complete"),
    ])
