"""A citizen's rights over their personal data (个人信息保护法 art. 44-47, docs/privacy.md §4) and the
staff access log (§5), through the routes: the export, the one open deletion request, its completion
by the bureau's staff (erasing what is not retained, telling the citizen), and who viewed an
application."""
import json
from datetime import timedelta

from chalicelib.db import consultations as cdb, followers, privacy as db
from chalicelib.db.commissions import Commission, PartyMark, commission, conflicted_lawyers
from chalicelib.db.applications import Application, AuditEntry
from chalicelib.db.base import Item
from chalicelib.privacy import policy
from tests.functional.consultation_support import ADVICE, QUESTION, api, notes  # noqa: F401

ASKER, OTHER = "o-asker", "o-other"


def _awarded(api, citizen=ASKER, question=QUESTION):
    cid = api.ask(citizen=citizen, question=question)["id"]
    status, answered = api.answer(cid, "LX0")
    assert status == 201, answered
    assert api.post(f"/api/consultations/{cid}/award", f"citizen:{citizen}",
                    {"answer_id": answered["id"]})[0] == 200
    return cid


def _everything():
    return sorted(json.dumps(i.serialize(), sort_keys=True, default=str) for i in Item.scan())


def test_a_citizen_sees_and_downloads_what_is_held_about_them_and_nothing_of_others(api):
    # Given the citizen's awarded question and another citizen's question
    cid = _awarded(api)
    api.ask(citizen=OTHER, question="邻居家的树倒了压坏了我的车棚，邻居不肯赔偿，我可以起诉吗？需要什么证据？")
    # When the citizen asks for their data
    status, data = api.get("/api/me/data", f"citizen:{ASKER}")
    # Then their question and the lawyer's answer to them are there, with their profile's records
    assert status == 200
    assert [c["id"] for c in data["consultations"]] == [cid]
    assert data["consultations"][0]["question"] == QUESTION
    assert data["consultations"][0]["answers"][0]["body"] == ADVICE
    assert data["openid"] == ASKER and data["privacy_requests"] == []
    # And nothing of the other citizen, nor the lawyers' openids, nor session ids
    text = json.dumps(data, ensure_ascii=False)
    assert "邻居" not in text and OTHER not in text and "oLX0" not in text and "sid" not in text
    # When they download it, Then it comes as a file
    response = api.client.http.get("/api/me/data?download=1", headers={
        "authorization": f"Bearer {api.token('citizen:' + ASKER)}"})
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="my-data.json"'
    assert json.loads(response.body)["consultations"][0]["id"] == cid


def test_one_open_deletion_request_per_citizen(api):
    status, made = api.post("/api/me/deletion-requests", f"citizen:{ASKER}", {"reason": "不再需要"})
    assert status == 201 and made["status"] == "open"
    before = _everything()
    # When the citizen asks again while the first is open
    status, body = api.post("/api/me/deletion-requests", f"citizen:{ASKER}", {})
    # Then it is refused, and nothing was written
    assert status == 409 and body["error"]["code"] == "privacy_request_open"
    assert _everything() == before


def test_staff_complete_a_request_erasing_what_is_not_retained_and_the_citizen_is_told(api):
    # Given an awarded consultation, an open one, and a submitted application of the citizen
    done_cid = _awarded(api)
    open_cid = api.ask(citizen=ASKER, question="我被公司无故扣了两个月奖金，公司说是绩效不达标，这样合法吗？")["id"]
    Application(application_id="SQ20260302-AAAAAA", service_type="legal_aid", openid=ASKER,
                status="submitted", fields={"applicant_name": "张三"}, created_at="2026-03-02T02:00:00Z",
                updated_at="2026-03-02T02:00:00Z").save()
    status, made = api.post("/api/me/deletion-requests", f"citizen:{ASKER}", {})
    assert status == 201
    # When the bureau's staff list the open requests and complete it
    status, listed = api.get("/api/staff/privacy-requests", "staff:s1")
    assert status == 200 and [r["id"] for r in listed] == [made["id"]]
    status, completed = api.post(f"/api/staff/privacy-requests/{made['id']}/complete", "staff:s1", {})
    # Then the finished consultation's content is erased; the open one and the application are kept
    assert status == 200 and completed["status"] == "done" and completed["completed_by"] == "s1"
    assert cdb.consultation(done_cid).question == policy.ERASED
    assert cdb.consultation(open_cid).question != policy.ERASED
    kept = {(k["kind"], k["id"]) for k in completed["result"]["kept"]}
    assert ("consultation", open_cid) in kept and ("application", "SQ20260302-AAAAAA") in kept
    assert completed["result"]["deleted"]["consultations"] == 1
    assert db.privacy_request(made["id"]).expires_at is not None  # the record of handling: 3 years
    # And the citizen is told, with a link to the page that shows the result
    told = notes(to_openid=ASKER, template_key="privacy_request_done")
    assert len(told) == 1 and told[0].payload["url"].split("?")[0].endswith("/h5/me/privacy")
    # And the request has left the open list; the citizen may ask again
    assert api.get("/api/staff/privacy-requests", "staff:s1")[1] == []
    assert [r["id"] for r in api.get("/api/staff/privacy-requests?status=done", "staff:s1")[1]] == [made["id"]]
    assert api.post("/api/me/deletion-requests", f"citizen:{ASKER}", {})[0] == 201
    # When staff complete the first one again, Then nothing more happens (no second notice)
    status, again = api.post(f"/api/staff/privacy-requests/{made['id']}/complete", "staff:s1", {})
    assert status == 200 and again["completed_at"] == completed["completed_at"]
    assert len(notes(to_openid=ASKER, template_key="privacy_request_done")) == 1


def test_hostile_input_is_refused_with_nothing_written(api):
    api.token(f"citizen:{ASKER}"), api.token("staff:s1")  # signed in before the snapshot
    before = _everything()
    for method, path, who, body, expected in [
        ("post", "/api/me/deletion-requests", f"citizen:{ASKER}", {"reason": "x" * 501}, 400),
        ("post", "/api/me/deletion-requests", f"citizen:{ASKER}", {"openid": OTHER}, 400),
        ("post", "/api/me/deletion-requests", "staff:s1", {}, 403),
        ("get", "/api/me/data", None, None, 401),
        ("get", "/api/staff/privacy-requests", f"citizen:{ASKER}", None, 403),
        ("get", "/api/staff/privacy-requests?status=all", "staff:s1", None, 400),
        ("post", "/api/staff/privacy-requests/../../x/complete", "staff:s1", {}, 404),
        ("post", "/api/staff/privacy-requests/not-an-id/complete", "staff:s1", {}, 400),
        ("post", "/api/staff/privacy-requests/0123456789abcdef/complete", "staff:s1", {}, 404),
        ("post", "/api/staff/privacy-requests/0123456789abcdef/complete", f"citizen:{ASKER}", {}, 403),
        ("get", "/api/staff/access-log", "staff:s1", None, 400),
        ("get", "/api/staff/access-log?application_id=%3Cscript%3E", "staff:s1", None, 400),
        ("get", "/api/staff/access-log?application_id=SQ20260302-ZZZZZZ", "staff:s1", None, 404),
    ]:
        status, answer = api.call(method, path, who, body)
        assert status == expected, (path, answer)
        if status != 404 or isinstance(answer, dict):
            assert "error" in answer, (path, answer)
    assert _everything() == before


def test_every_staff_view_of_an_application_is_logged_and_admins_read_it_back(api):
    Application(application_id="SQ20260302-BBBBBB", service_type="legal_aid", openid=ASKER,
                status="submitted", fields={"applicant_name": "张三"}, created_at="2026-03-02T02:00:00Z",
                updated_at="2026-03-02T02:00:00Z").save()
    # When a clerk opens the application's staff page twice and its masked JSON once
    for path in ["/api/staff/applications/SQ20260302-BBBBBB"] * 2 + ["/api/applications/SQ20260302-BBBBBB"]:
        assert api.get(path, "staff:s1")[0] == 200
        api.services.clock.advance(timedelta(minutes=1))
    # Then the access log lists three reads by that clerk, by name, newest first, kept three years
    status, log = api.get("/api/staff/access-log?application_id=SQ20260302-BBBBBB", "staff:s1")
    assert status == 200 and len(log) == 3
    assert {(e["staff_id"], e["staff_name"], e["label"]) for e in log} == {("s1", "值班员", "查看申请")}
    assert [e["details"]["masked"] for e in log] == [True, False, False]
    entries = db.audit_of_subject("360722", "APP#SQ20260302-BBBBBB")
    assert all(e.expires_at is not None for e in entries)
    # And a decision and a lapse on it are in the same log, in words
    for actor, action in (("s1", "decision.accept"), ("system", "decision.lapse_deemed_accepted")):
        AuditEntry(audit_id=action, at="2026-03-03T02:00:00Z", actor=actor, action=action,
                   subject="APP#SQ20260302-BBBBBB").save()
    log = api.get("/api/staff/access-log?application_id=SQ20260302-BBBBBB", "staff:s1")[1]
    assert {(e["staff_name"], e["label"]) for e in log[:2]} == {
        ("值班员", "受理"), ("系统", "期满未作决定，视为受理")}


def _commission(cid, status, openid=ASKER, **more):
    fields = dict(id=cid, openid=openid, bureau="360722", status=status, created_at="2026-03-02T02:00:00Z",
                  county="360722", category="labor", service="劳动仲裁代理",
                  summary="公司拖欠我三个月工资，想请律师代理仲裁", other_party="信丰某电子厂",
                  other_party_key="信丰某电子厂", contact={"name": "张三", "phone": "13807971234"},
                  contact_name_key="张三")
    Commission(**{**fields, **more}).save()


def test_completing_a_request_anonymises_finished_commissions_keeping_the_lawyers_conflict_marks(api):
    # Given the citizen's confirmed commission (the lawyer's conflict marks written with it), an
    # expired one, and one still offered to lawyers
    _commission("WT1", "confirmed", lawyer_id="LX0", quote={"fee": 3000, "scope": "仲裁", "days": 30},
                confirmed_at="2026-03-03T02:00:00Z")
    for side, key in (("AGAINST", "信丰某电子厂"), ("FOR", "张三")):
        PartyMark(party_key=key, side=side, lawyer_id="LX0", commission_id="WT1",
                  at="2026-03-03T02:00:00Z").save()
    _commission("WT2", "expired")
    _commission("WT3", "offered")
    # And their follow record says they unfollowed the bureau's account
    followers.record_event("360722", ASKER, False, "2026-03-04T02:00:00Z")
    status, made = api.post("/api/me/deletion-requests", f"citizen:{ASKER}", {})
    assert status == 201
    # When staff complete the request
    status, done = api.post(f"/api/staff/privacy-requests/{made['id']}/complete", "staff:s1", {})
    assert status == 200, done
    # Then the finished commissions keep no words, contact or openid of the citizen
    for cid in ("WT1", "WT2"):
        c = commission(cid)
        assert (c.summary, c.other_party, c.contact, c.contact_name_key) == (policy.ERASED, policy.ERASED, None, None)
        assert c.openid.startswith("anon-") and c.anonymised_at
    # And what the lawyer's engagement was stays: who, the quote, when; and their conflict marks
    assert (commission("WT1").lawyer_id, commission("WT1").quote["fee"]) == ("LX0", 3000)
    assert conflicted_lawyers("信丰某电子厂", "张三") == {"LX0"}
    # And the open commission is left as it was, and said so
    assert commission("WT3").summary != policy.ERASED and commission("WT3").openid == ASKER
    kept = {(k["kind"], k["id"]): k["reason"] for k in done["result"]["kept"]}
    assert "律师法第三十九条" in kept[("conflict_marks", "WT1")] and ("commission", "WT3") in kept
    assert (done["result"]["deleted"]["commissions"], done["result"]["deleted"]["follows"]) == (2, 1)
    # And the unfollow record is gone; the export shows only the open commission
    assert followers.follows_account("360722", ASKER) is None
    exported = api.get("/api/me/data", f"citizen:{ASKER}")[1]
    assert [c["id"] for c in exported["commissions"]] == ["WT3"]
    assert "13807971234" not in json.dumps([commission("WT1").serialize(), commission("WT2").serialize()])


def test_a_citizen_who_still_follows_keeps_the_record_that_lets_notices_reach_them(api):
    followers.record_event("360722", ASKER, True, "2026-03-04T02:00:00Z")
    made = api.post("/api/me/deletion-requests", f"citizen:{ASKER}", {})[1]
    done = api.post(f"/api/staff/privacy-requests/{made['id']}/complete", "staff:s1", {})[1]
    assert done["result"]["deleted"]["follows"] == 0
    assert followers.follows_account("360722", ASKER) is True


def test_staff_see_whose_request_it_is_as_a_masked_name_and_mobile_never_the_openid(api):
    # Given a citizen who gave their name and mobile on an application, and one who only asked
    Application(application_id="SQ20260302-CCCCCC", service_type="legal_aid", openid=ASKER, status="submitted",
                fields={"applicant_name": "王小明", "applicant_phone": "13807971234"},
                created_at="2026-03-02T02:00:00Z", updated_at="2026-03-02T02:00:00Z").save()
    for citizen in (ASKER, OTHER):
        assert api.post("/api/me/deletion-requests", f"citizen:{citizen}", {})[0] == 201
    # When staff list the open requests
    listed = api.get("/api/staff/privacy-requests", "staff:s1")[1]
    # Then each names a person as the review queue would, and no openid is sent
    assert sorted(r["who"] for r in listed) == ["王*明 · 138****1234", "群众（未留姓名和电话）"]
    assert ASKER not in json.dumps(listed) and OTHER not in json.dumps(listed)
