"""Key shapes of the applications entities (docs/data-model.md), serialized without AWS."""
from chalicelib.db.applications import (
    Application, AppointmentSlot, AuditEntry, CalendarDay, HistoryEntry, Material, ReminderSent,
    UploadGrant)


def _keys(item):
    return {k: v["S"] for k, v in item.serialize().items()
            if k in ("PK", "SK") or k.startswith(("GSI", "DUE"))}


def _app(**values):
    base = dict(application_id="a1", service_type="legal_aid", openid="o1",
                created_at="2026-03-02T02:00:00Z", updated_at="2026-03-02T02:00:00Z")
    return Application(**dict(base, **values))


def test_a_draft_is_listed_for_its_citizen_but_in_no_staff_queue_and_not_due():
    assert _keys(_app()) == {"PK": "APP#a1", "SK": "META", "GSI1PK": "CITIZEN#o1",
                             "GSI1SK": "APP#2026-03-02T02:00:00Z"}


def test_a_submitted_application_joins_its_bureaus_status_queue_by_due_date_and_the_due_index():
    keys = _keys(_app(status="submitted", queue_due="2026-03-09", next_due_at="2026-03-05T01:00:00Z",
                      bureau="360723"))
    assert keys["GSI2PK"] == "APPQ#360723#submitted" and keys["GSI2SK"] == "2026-03-09#a1"
    assert keys["DUEPK"] == "DUE" and keys["DUEAT"] == "2026-03-05T01:00:00Z#a1"
    # without a deadline it sorts after every dated one
    assert _keys(_app(status="submitted"))["GSI2SK"] == "9999-12-31#a1"
    # and one without a bureau (made before issue 10) is re-saved into the default bureau's queue
    assert _keys(_app(status="submitted"))["GSI2PK"] == "APPQ#360722#submitted"


def test_the_other_entities_sit_where_the_access_patterns_read_them():
    assert _keys(UploadGrant(application_id="a1", upload_id="u1", material="id_card", filename="f",
                             content_type="image/jpeg", size=1, key="k", created_at="t",
                             grant_expires_at="t")) == {"PK": "APP#a1", "SK": "UPLOAD#u1"}
    assert _keys(Material(application_id="a1", code="id_card", upload_id="u1", filename="f",
                          content_type="image/jpeg", size=1, key="k", attached_at="t"))[
        "SK"] == "MAT#id_card#u1"
    assert _keys(HistoryEntry(application_id="a1", at="2026-03-02T02:00:00Z", n=7, action="submit",
                              actor="citizen"))["SK"] == "HIST#2026-03-02T02:00:00Z#0007"
    assert _keys(AuditEntry(audit_id="x", at="2026-03-02T02:00:00Z", actor="s1", action="view",
                            subject="APP#a1")) == {
        "PK": "AUDIT#360722#2026-03-02", "SK": "2026-03-02T02:00:00Z#x",
        "GSI1PK": "AUDIT_ACTOR#s1", "GSI1SK": "2026-03-02T02:00:00Z",
        # the access log of one subject in its bureau (AP-127)
        "GSI2PK": "AUDITSUBJ#360722#APP#a1", "GSI2SK": "2026-03-02T02:00:00Z#x"}
    assert _keys(AppointmentSlot(bureau="360723", office="dy", date="2026-03-04", time="09:00")) == {
        "PK": "SLOT#360723#dy#2026-03-04", "SK": "09:00"}
    assert _keys(CalendarDay(bureau="360723", date="2027-02-08", kind="holiday")) == {
        "PK": "CALENDAR#360723#2027", "SK": "2027-02-08"}
    # Slots and calendar days from before issue 10 (no bureau) keep their legacy keys: booking or
    # clearing one writes the item that exists.
    assert _keys(AppointmentSlot(office="xf", date="2026-03-04", time="09:00")) == {
        "PK": "SLOT#xf#2026-03-04", "SK": "09:00"}
    assert _keys(CalendarDay(date="2027-02-08", kind="holiday")) == {
        "PK": "CALENDAR#2027", "SK": "2027-02-08"}


def test_an_office_belongs_to_its_bureau():
    from chalicelib.db.offices import Office
    assert _keys(Office(bureau="360723", office="dayu-notary", name="大余县公证处")) == {
        "PK": "BUREAU#360723", "SK": "OFFICE#dayu-notary"}
    assert _keys(ReminderSent(reminder_key="a1:citizen.appointment:2026-03-04", sent_at="t")) == {
        "PK": "REMINDER#a1:citizen.appointment:2026-03-04", "SK": "SENT"}
