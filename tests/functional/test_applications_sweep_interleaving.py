"""The minute sweep visits an application between a person's read and their write: the sweep's
reminder bookkeeping (the next wake-up, the queue order) changes nothing anyone decides, so the
person's action goes through. The interleaving is fixed by hand (moto applies concurrent
transactions without isolation, so racing threads against it would test moto, not the condition)."""
import pytest

from chalicelib.clock import iso, parse_instant
from chalicelib.db.applications import ReminderSent
from chalicelib.db.store import TABLE
from tests.functional.applications_support import (  # noqa: F401 (fixtures)
    ME, STAFF, api, decide, kicks, stored, submitted, upload)
from tests.held import replace_due_handler


@pytest.fixture
def s3(moto_table):
    return moto_table.s3()


@pytest.fixture
def sweep_between_read_and_write(api, monkeypatch):
    """After the next read of an application by a request, run `sweep_due` once at the clock's
    now (delivery is left out: it has its own tests); returns the sweep reports."""
    replace_due_handler(monkeypatch, "Notification", lambda item, now, services: None)
    reports, read = [], TABLE.application  # the read requests make, through their store

    def sweep_now(at):
        event = api.client.events.generate_cw_event(
            source="aws.events", detail_type="Scheduled Event", detail={}, resources=[],
            region="us-east-1")
        event["time"] = iso(at)
        return api.client.lambda_.invoke("sweep_due", event).payload

    def arm(at):
        def read_then_sweep(application_id):
            found = read(application_id)
            monkeypatch.setattr(TABLE, "application", read)  # once
            reports.append(sweep_now(at))
            return found
        monkeypatch.setattr(TABLE, "application", read_then_sweep)
    arm.reports = reports
    return arm


def _supplement_requested(api, s3):
    # Given a legal-aid application received Mon Mar 2, sent back on the same day for a clearer
    # hardship declaration by Thu Mar 12: the citizen hears 2 days before, Tue Mar 10 at 09:00
    app_id = submitted(api, s3)
    status, body = decide(api, app_id, action="request_supplement", message="材料不清晰，请补充",
                          due="2026-03-12", items=[{"material": "hardship_declaration"}])
    assert status == 200, body
    return app_id


def test_a_resubmission_read_before_the_sweeps_reminder_is_still_accepted(
        api, s3, clock, sweep_between_read_and_write):
    app_id = _supplement_requested(api, s3)
    reminder_at = parse_instant("2026-03-10T01:00:00Z")
    assert stored(app_id).next_due_at == iso(reminder_at)
    # And at that minute the citizen uploads the new declaration
    clock.instant = reminder_at
    assert upload(api, s3, app_id, ME, "hardship_declaration")[0] == 200
    # When the citizen resubmits and the sweep sends the reminder between their read and write
    sweep_between_read_and_write(reminder_at)
    status, body = api.post(f"/api/applications/{app_id}/submit", ME)
    # Then the sweep did send the reminder, and the resubmission stands all the same
    assert sweep_between_read_and_write.reports[0]["handled"]["Application"] == 1
    assert [r.reminder_key for r in ReminderSent.scan()] == [
        f"{app_id}:citizen.due_soon.supplement:2026-03-12"]
    assert status == 200, body
    assert body["status"] == "resubmitted" and stored(app_id).status == "resubmitted"


def test_a_form_edit_read_before_the_sweeps_reminder_is_still_saved(
        api, s3, clock, sweep_between_read_and_write):
    app_id = _supplement_requested(api, s3)
    reminder_at = parse_instant("2026-03-10T01:00:00Z")
    clock.instant = reminder_at
    # When the citizen corrects a field and the sweep sends the reminder between read and write
    sweep_between_read_and_write(reminder_at)
    status, body = api.call("patch", f"/api/applications/{app_id}", ME,
                            {"fields": {"other_party_address": "信丰县嘉定镇某路 2 号"}})
    # Then the correction is saved
    assert sweep_between_read_and_write.reports[0]["handled"]["Application"] == 1
    assert status == 200, body
    assert stored(app_id).fields["other_party_address"] == "信丰县嘉定镇某路 2 号"


def test_a_staff_decision_read_before_the_sweeps_reminder_is_still_taken(
        api, s3, clock, sweep_between_read_and_write):
    # Given a legal-aid application received Mon Mar 2 (decision due Mon Mar 9): staff hear on
    # Thu Mar 5 at 09:00 (Fri Mar 6 is 1 working day before, Thu Mar 5 is 2)
    app_id = submitted(api, s3)
    reminder_at = parse_instant("2026-03-05T01:00:00Z")
    assert stored(app_id).next_due_at == iso(reminder_at)
    clock.instant = reminder_at
    # When staff accept it and the sweep sends their reminder between the read and the write
    sweep_between_read_and_write(reminder_at)
    status, body = decide(api, app_id, action="accept")
    # Then the reminder went out and the decision stands
    assert sweep_between_read_and_write.reports[0]["handled"]["Application"] == 1
    assert [r.reminder_key for r in ReminderSent.scan()] == [
        f"{app_id}:staff.due_soon.decide:2026-03-09"]
    assert status == 200, body
    assert stored(app_id).status == "accepted"


def test_a_lapse_between_read_and_write_still_refuses_the_late_resubmission(
        api, s3, clock, sweep_between_read_and_write):
    # Given the supplement was not made by Thu Mar 12: withdrawn by law at 00:00 Fri Mar 13
    app_id = _supplement_requested(api, s3)
    lapse_at = parse_instant("2026-03-12T16:00:00Z")
    clock.instant = lapse_at
    assert upload(api, s3, app_id, ME, "hardship_declaration")[0] == 200
    # When the citizen resubmits and the sweep applies the lapse between their read and write
    sweep_between_read_and_write(lapse_at)
    status, body = api.post(f"/api/applications/{app_id}/submit", ME)
    # Then the law's decision stands: the resubmission is refused, not silently applied
    assert status == 409 and body["error"]["code"] == "application_changed", body
    assert stored(app_id).status == "withdrawn"
