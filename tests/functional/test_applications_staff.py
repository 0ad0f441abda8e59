"""The staff side through the HTTP routes: the queue, the audited application page, decisions as a
state machine (409 for illegal transitions, one winner among concurrent decisions), one supplement
notice, appointment slots that cannot be double-booked, calendar overrides."""
from datetime import timedelta

import pytest

from chalicelib.db.applications import HistoryEntry, application, audit_of_day
from chalicelib.db.messaging import Notification
from chalicelib.db.store import TABLE
from tests.functional.applications_support import (  # noqa: F401 (fixtures)
    ME, OTHER, REQUIRED, STAFF, api, decide, filled, id_number, kicks, stored, submitted, upload)

@pytest.fixture
def s3(moto_table):
    return moto_table.s3()


def _open_slot(api, date="2026-03-04", times=("09:00",)):
    status, body = api.post("/api/staff/appointment-slots", STAFF, {
        "office": "xinfeng-legal-aid", "date": date, "times": list(times),
        "address": "信丰县司法局一楼法律援助窗口"})
    assert status == 201, body
    return body


def test_staff_page_shows_the_id_number_and_material_links_and_is_audited(api, s3):
    # Given a submitted legal-aid application
    app_id = submitted(api, s3)
    # When staff open the application page
    status, body = api.get(f"/api/staff/applications/{app_id}", STAFF)
    # Then the ID number is whole, each material has a presigned GET valid five minutes
    assert status == 200
    assert body["fields"]["applicant_id_number"] == id_number()
    assert len(body["materials"]) == 3
    assert all("X-Amz-Expires=300" in m["url"] for m in body["materials"])
    # And the legal-aid decision deadline is shown with its basis (received Mon 2026-03-02 → Mar 9)
    assert body["deadlines"] == [{"name": "decide", "label": "作出是否给予法律援助的决定",
                                  "due": "2026-03-09", "owed_by": "staff", "overdue": False,
                                  "basis": "法律援助法第四十三条第一款"}]
    # And the view went to the audit trail, without the data itself
    views = [a for a in audit_of_day("2026-03-02") if a.action == "view_application"]
    assert [(a.actor, a.subject) for a in views] == [("s1", f"APP#{app_id}")]
    assert id_number() not in str(views[0].details)
    # And the shared application page shows staff the number masked, and is audited too
    status, body = api.get(f"/api/applications/{app_id}", STAFF)
    assert status == 200 and "*" in body["fields"]["applicant_id_number"]
    assert len([a for a in audit_of_day("2026-03-02") if a.action == "view_application"]) == 2


def test_the_queue_lists_one_status_nearest_deadline_first_without_personal_data(api, s3):
    first = submitted(api, s3, "notarization")  # no deadline until accepted: last
    second = submitted(api, s3, "reconsideration")  # 5 working days: Mon Mar 2 → Mon Mar 9
    third = submitted(api, s3, "legal_aid")  # 7 days: Mar 9 as well, ordered by id then
    status, body = api.get("/api/staff/applications?status=submitted", STAFF)
    assert status == 200
    assert [e["id"] for e in body][-1] == first
    assert {e["id"] for e in body[:2]} == {second, third}
    assert body[0]["due"] == "2026-03-09" and body[2]["due"] is None
    assert id_number() not in str(body) and "13800138000" not in str(body)
    assert api.get("/api/staff/applications?status=draft", STAFF)[0] == 400


def test_the_queue_shows_whose_application_each_is_with_the_name_masked(api, s3):
    # Given two submitted applications, from 王小明 and from 张三
    fields = {**filled("legal_aid"), "applicant_name": "王小明"}
    status, draft = api.post("/api/applications", ME, {"type": "legal_aid", "fields": fields,
                                                       "consent": True})
    assert status == 201, draft
    for code in REQUIRED["legal_aid"]:
        assert upload(api, s3, draft["id"], ME, code)[0] == 200
    assert api.post(f"/api/applications/{draft['id']}/submit", ME)[0] == 200
    other = submitted(api, s3, "mediation", who=OTHER)
    # When staff open the review queue (not audited, unlike the application page)
    status, body = api.get("/api/staff/applications?status=submitted", STAFF)
    # Then each entry names its applicant, masked; the full name is not in the queue
    assert status == 200
    applicants = {e["id"]: e["applicant"] for e in body}
    assert applicants == {draft["id"]: "王*明", other: "张*"}
    assert "王小明" not in str(body)


def test_illegal_transitions_are_409_and_change_nothing(api, s3):
    app_id = submitted(api, s3)
    for action in ("schedule", "complete"):
        status, body = decide(api, app_id, action=action,
                              slot={"office": "x", "date": "2026-03-04", "time": "09:00"})
        assert status == 409 and body["error"]["code"] == "illegal_transition", action
    assert decide(api, app_id, action="accept")[0] == 200
    for action, extra in (("accept", {}), ("reject", {"reason": "不符合条件"}),
                          ("request_supplement", {"message": "请补充", "items": []})):
        status, body = decide(api, app_id, action=action, **extra)
        assert status == 409 and body["error"]["code"] == "illegal_transition", action
    assert stored(app_id).status == "accepted"


def test_reject_requires_a_reason_and_tells_the_citizen(api, s3):
    app_id = submitted(api, s3)
    status, body = decide(api, app_id, action="reject")
    assert status == 400 and body["error"]["code"] == "reason_required"
    status, body = decide(api, app_id, action="reject", reason="经审查，申请人不符合经济困难条件")
    assert status == 200 and body["status"] == "rejected"
    notes = [n for n in Notification.scan() if n.audience == "citizen"]
    assert any("不符合经济困难条件" in n.payload["text"] for n in notes)


def test_supplement_request_names_every_missing_item_once_and_resubmission_needs_new_files(
        api, s3, clock):
    # Given a submitted legal-aid application whose other party's address is missing
    app_id = submitted(api, s3, leave_out=("other_party_address",))
    # When staff ask for a clearer hardship declaration and the other party's address, by Mar 12
    status, body = decide(api, app_id, action="request_supplement", message="材料不清晰，请补充",
                          due="2026-03-12", items=[
                              {"material": "hardship_declaration", "reason": "照片模糊"},
                              {"field": "other_party_address"}])
    # Then the application waits for the citizen, the notice lists both items and the date
    assert status == 200, body
    assert body["status"] == "supplement_requested"
    assert [i["label"] for i in body["supplement"]["items"]] == [
        "经济困难状况说明表（个人诚信承诺）", "对方当事人住所或地址"]
    note = [n for n in Notification.scan() if "补充" in n.payload.get("text", "")][-1]
    assert "3月12日" in note.payload["text"] and "照片模糊" in note.payload["text"]
    # And resubmitting needs a new hardship declaration file and the address filled in
    clock.advance(timedelta(days=1))
    status, body = api.post(f"/api/applications/{app_id}/submit", ME)
    assert status == 422
    assert [(d["kind"], d.get("material") or d.get("field")) for d in body["error"]["details"]] == [
        ("material", "hardship_declaration"), ("field", "other_party_address")]
    assert upload(api, s3, app_id, ME, "hardship_declaration")[0] == 200
    status, body = api.call("patch", f"/api/applications/{app_id}", ME,
                            {"fields": {"other_party_address": "信丰县嘉定镇某路 1 号"}})
    assert status == 200
    status, body = api.post(f"/api/applications/{app_id}/submit", ME)
    assert status == 200 and body["status"] == "resubmitted"
    # And a second request is refused: 法律援助法 art. 43 says one notice, listing everything
    status, body = decide(api, app_id, action="request_supplement", message="再补充", items=[
        {"material": "id_card"}])
    assert status == 409 and body["error"]["code"] == "supplement_already_requested"


def test_legal_aid_supplement_due_defaults_to_the_bureaus_ten_days(api, s3):
    app_id = submitted(api, s3)
    status, body = decide(api, app_id, action="request_supplement", message="请补充身份证",
                          items=[{"material": "id_card"}])
    # Mon Mar 2 + 10 calendar days = Thu Mar 12 (catalog default; the statute sets none)
    assert status == 200 and body["supplement"]["due"] == "2026-03-12"


def test_a_reconsideration_correction_period_cannot_be_shortened(api, s3):
    app_id = submitted(api, s3, "reconsideration")
    status, body = decide(api, app_id, action="request_supplement", message="请补正",
                          items=[{"field": "request"}], due="2026-03-05")
    assert status == 400 and body["error"]["code"] == "invalid_due_date"
    status, body = decide(api, app_id, action="request_supplement", message="请补正",
                          items=[{"field": "request"}])
    # 行政复议法 art. 31: 10 working days from Mon Mar 2 → Mon Mar 16
    assert status == 200 and body["supplement"]["due"] == "2026-03-16"


def test_a_slot_cannot_be_booked_twice(api, s3):
    # Given two accepted applications and one open slot
    first, second = submitted(api, s3), submitted(api, s3, who=OTHER)
    for app_id in (first, second):
        assert decide(api, app_id, action="accept")[0] == 200
    _open_slot(api)
    slot = {"office": "xinfeng-legal-aid", "date": "2026-03-04", "time": "09:00"}
    # When staff book it for the first, then for the second
    status, body = decide(api, first, action="schedule", slot=slot)
    assert status == 200 and body["appointment"]["address"] == "信丰县司法局一楼法律援助窗口"
    status, body = decide(api, second, action="schedule", slot=slot)
    # Then the second is refused and stays accepted
    assert status == 409 and body["error"]["code"] == "slot_taken"
    assert stored(second).status == "accepted"
    status, listed = api.get("/api/staff/appointment-slots?office=xinfeng-legal-aid&from=2026-03-04",
                             STAFF)
    assert [(s["status"], s["application_id"]) for s in listed] == [("booked", first)]
    # And the citizen sees the appointment
    status, body = api.get(f"/api/applications/{first}", ME)
    assert body["status"] == "scheduled" and body["appointment"]["time"] == "09:00"


def test_slots_open_only_on_working_days(api):
    status, body = api.post("/api/staff/appointment-slots", STAFF, {
        "office": "xinfeng-legal-aid", "date": "2026-10-01", "times": ["09:00"]})
    assert status == 400 and body["error"]["code"] == "not_a_workday"
    assert body["error"]["message"] == "10月1日不是工作日"  # the day as staff say it
    # 2026-02-14 is a Saturday worked in exchange for 春节 (调休)... but it is in the past here
    status, body = api.post("/api/staff/appointment-slots", STAFF, {
        "office": "xinfeng-legal-aid", "date": "2026-09-20", "times": ["09:00"]})
    assert status == 201, body


def test_of_two_concurrent_decisions_exactly_one_wins(api, s3, monkeypatch):
    # Given two staff members who opened the same submitted application at the same moment
    app_id = submitted(api, s3)
    seen_by_second = application(app_id)
    # When the first accepts it
    assert decide(api, app_id, action="accept")[0] == 200
    # And the second, whose request read the application before that write, rejects it
    # (the interleaving is fixed by hand: moto applies concurrent transactions without isolation,
    # so racing threads against it would test moto, not the condition)
    monkeypatch.setattr(TABLE, "application", lambda _: seen_by_second)
    status, body = decide(api, app_id, action="reject", reason="不符合条件")
    # Then the second is refused by the write's condition, and only the first decision stands
    assert status == 409 and body["error"]["code"] == "application_changed"
    monkeypatch.undo()
    assert stored(app_id).status == "accepted"
    decisions = [h.action for h in HistoryEntry.query(f"APP#{app_id}", HistoryEntry.SK.startswith("HIST#"))
                 if h.actor == "staff"]
    assert decisions == ["accept"]


def test_decisions_are_audited_and_each_notifies_the_citizen(api, s3, kicks):
    app_id = submitted(api, s3)
    _open_slot(api)
    decide(api, app_id, action="accept")
    decide(api, app_id, action="schedule",
           slot={"office": "xinfeng-legal-aid", "date": "2026-03-04", "time": "09:00"})
    decide(api, app_id, action="complete", message="已指派律师")
    # (the fixed clock puts all three in the same second: compare them as a set)
    actions = {a.action for a in audit_of_day("2026-03-02") if a.subject == f"APP#{app_id}"}
    assert actions == {"decision.accept", "decision.schedule", "decision.complete"}
    texts = [n.payload["text"] for n in Notification.scan() if n.to_openid == "o-me"]
    assert len(texts) == 4  # receipt, accepted, scheduled, completed
    assert len(kicks.kicked) == 4


def test_staff_override_the_calendar_of_an_unpublished_year(api):
    status, body = api.get("/api/staff/calendar?year=2027", STAFF)
    assert status == 200 and body["published"] is False and body["overrides"] == []
    status, body = api.post("/api/staff/calendar", STAFF, {
        "date": "2027-02-08", "kind": "holiday", "name": "春节"})
    assert status == 200 and [o["date"] for o in body["overrides"]] == ["2027-02-08"]
    status, body = api.get("/api/staff/calendar?year=2026", STAFF)
    assert body["published"] is True and len(body["holidays"]) > 20
    status, body = api.post("/api/staff/calendar", STAFF, {"date": "2027-02-08", "kind": "default"})
    assert body["overrides"] == []
    assert sorted(a.action for a in audit_of_day("2026-03-02")) == [
        "calendar.default", "calendar.holiday"]


def test_a_holiday_staff_add_moves_the_deadlines_counted_after_it(api, s3):
    # Given staff close the office on Mon 2026-03-09 (a local closure)
    assert api.post("/api/staff/calendar", STAFF, {"date": "2026-03-09", "kind": "holiday",
                                                   "name": "县庆"})[0] == 200
    # When a legal-aid application is received Mon Mar 2: +7 calendar days = Mar 9, now a day off
    app_id = submitted(api, s3)
    # Then its decision is due the next working day (民法典 art. 203)
    status, body = api.get(f"/api/staff/applications/{app_id}", STAFF)
    assert body["deadlines"][0]["due"] == "2026-03-10"


def test_withdrawing_a_scheduled_application_opens_its_slot_for_someone_else(api, s3):
    # Given my application booked into the only slot, and another accepted application
    mine, theirs = submitted(api, s3), submitted(api, s3, who=OTHER)
    for app_id in (mine, theirs):
        assert decide(api, app_id, action="accept")[0] == 200
    _open_slot(api)
    slot = {"office": "xinfeng-legal-aid", "date": "2026-03-04", "time": "09:00"}
    assert decide(api, mine, action="schedule", slot=slot)[0] == 200
    # When I withdraw
    status, body = api.post(f"/api/applications/{mine}/withdraw", ME)
    assert status == 200 and body["status"] == "withdrawn"
    # Then the slot can be booked for the other application, and mine cannot come back
    assert decide(api, theirs, action="schedule", slot=slot)[0] == 200
    assert api.post(f"/api/applications/{mine}/withdraw", ME)[0] == 409


def test_schedule_needs_a_slot_that_exists(api, s3):
    app_id = submitted(api, s3)
    assert decide(api, app_id, action="accept")[0] == 200
    status, body = decide(api, app_id, action="schedule")
    assert status == 400 and body["error"]["code"] == "slot_required"
    status, body = decide(api, app_id, action="schedule",
                          slot={"office": "xinfeng-legal-aid", "date": "2026-03-04", "time": "10:00"})
    assert status == 404 and body["error"]["code"] == "slot_not_found"
    assert stored(app_id).status == "accepted"


def test_a_supplement_uploaded_in_the_same_second_as_the_request_is_counted(api, s3):
    # Given staff ask for a clearer hardship declaration (the fixed clock: all in one second)
    app_id = submitted(api, s3)
    status, body = decide(api, app_id, action="request_supplement", message="材料不清晰，请补充",
                          items=[{"material": "hardship_declaration"}])
    assert status == 200, body
    # When the citizen uploads the new one within that same second
    status, new = upload(api, s3, app_id, ME, "hardship_declaration")
    assert status == 200, new
    # Then the page counts it (and only it) as the supplement and the resubmission is accepted
    status, page = api.get(f"/api/applications/{app_id}", ME)
    assert {m["upload_id"] for m in page["materials"] if m["answers_supplement"]} == {
        new["material"]["upload_id"]}
    status, body = api.post(f"/api/applications/{app_id}/submit", ME)
    assert status == 200 and body["status"] == "resubmitted", body
    # And staff see which file came with the supplement
    status, page = api.get(f"/api/staff/applications/{app_id}", STAFF)
    assert {m["upload_id"] for m in page["materials"] if m["answers_supplement"]} == {
        new["material"]["upload_id"]}


def test_a_file_attached_before_the_request_in_the_same_second_does_not_answer_it(api, s3):
    # Given a draft whose hardship declaration is attached in the second staff later ask again
    status, draft = api.post("/api/applications", ME, {
        "type": "legal_aid", "fields": filled("legal_aid"), "consent": True})
    for code in ("id_card", "case_materials", "hardship_declaration"):
        assert upload(api, s3, draft["id"], ME, code)[0] == 200
    assert api.post(f"/api/applications/{draft['id']}/submit", ME)[0] == 200
    # When staff ask for a new declaration and the citizen resubmits without one
    assert decide(api, draft["id"], action="request_supplement", message="材料不清晰，请补充",
                  items=[{"material": "hardship_declaration"}])[0] == 200
    status, body = api.post(f"/api/applications/{draft['id']}/submit", ME)
    # Then the old file does not count: the declaration is still asked for
    assert status == 422, body
    assert [d.get("material") for d in body["error"]["details"]] == ["hardship_declaration"]


def test_slots_open_only_at_an_office_of_the_bureau_and_answer_the_slots_of_that_day(api):
    # Given the bureau's offices (the catalog's before issue 10; xinfeng-legal-aid among them)
    # When staff open a time at an office their bureau does not have
    status, body = api.post("/api/staff/appointment-slots", STAFF, {
        "office": "8qsx843a8g1hdusr4", "date": "2026-09-21", "times": ["09:00"]})
    # Then it is refused as an office that does not exist (another bureau's is answered alike)
    assert status == 404 and body["error"]["code"] == "office_not_found", body
    status, listed = api.get("/api/staff/appointment-slots?office=8qsx843a8g1hdusr4&from=2026-09-21",
                             STAFF)
    assert status == 404 and listed["error"]["code"] == "office_not_found"
    # When they open one at the legal-aid office, the answer is the day's slots, as declared
    status, body = api.post("/api/staff/appointment-slots", STAFF, {
        "office": "xinfeng-legal-aid", "date": "2026-09-21", "times": ["09:00"]})
    assert status == 201 and [s["time"] for s in body] == ["09:00"]


def test_a_reversed_slot_range_is_refused_as_reversed_not_as_too_long(api):
    # When staff ask for slots from a later day to an earlier one
    status, body = api.get("/api/staff/appointment-slots?office=xinfeng-legal-aid"
                           "&from=2026-12-10&to=2026-12-01", STAFF)
    # Then they are told the start is after the end, in words
    assert status == 400 and body["error"]["message"] == "开始日期不能晚于结束日期"
