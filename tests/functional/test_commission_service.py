"""The accepting lawyer's side of a commission after the accept (issue 12): their list of the
commissions they hold (`GET /api/lawyer/commissions/mine`), the contact shown only to them and only
from the citizen's confirm on, and the steps start (confirmed → in_service) and complete
(in_service → completed) — only by that lawyer, each once, the citizen told at each — and the
lawyer's page /h5/lawyer/commissions, where the notices link."""
import json
import threading

from chalicelib.db.base import Item
from tests.functional.commission_support import api, notes, stored  # noqa: F401 (fixture)

CONTACT = {"name": "张三", "phone": "13800138000"}


def table_state():
    return sorted(json.dumps(i.serialize(), sort_keys=True) for i in Item.scan()  # tests may scan
                  if i.entity != "Session")


def confirmed(api, lawyer="C00", **body):
    """A commission `lawyer` accepted and the citizen confirmed, the contact shared."""
    cid = api.commission(contact=CONTACT, **body)["id"]
    assert api.accept(cid, lawyer)[0] == 200
    assert api.post(f"/api/commissions/{cid}/confirm", "citizen:oCitizen")[0] == 200
    return cid


def step(api, cid, name, who="lawyer:C00"):
    return api.post(f"/api/commissions/{cid}/{name}", who)


def test_the_lawyer_lists_what_they_hold_and_sees_the_contact_only_once_confirmed(api):
    # Given a commission C00 accepted, and another offered to C00 but not yet taken
    cid = api.commission(contact=CONTACT)["id"]
    api.accept(cid, "C00")
    other = api.commission(other_party="另一家公司")["id"]
    # When C00 reads their commissions
    status, held = api.get("/api/lawyer/commissions/mine", "lawyer:C00")
    # Then only the accepted one is there, waiting for the citizen, without the contact
    assert status == 200 and [c["id"] for c in held] == [cid]
    assert held[0]["status"] == "accepted" and held[0]["status_label"] == "等待市民确认"
    assert held[0]["quote"]["fee"] == "3000元" and "contact" not in held[0]
    assert "13800138000" not in str(held)
    assert other in [o["id"] for o in api.get("/api/lawyer/commissions", "lawyer:C00")[1]]
    # When the citizen confirms, Then the contact appears — for C00 alone
    api.post(f"/api/commissions/{cid}/confirm", "citizen:oCitizen")
    held = api.get("/api/lawyer/commissions/mine", "lawyer:C00")[1]
    assert held[0]["contact"] == CONTACT and held[0]["status_label"] == "市民已确认，可开始服务"
    assert api.get("/api/lawyer/commissions/mine", "lawyer:C01") == (200, [])


def test_a_declined_quote_leaves_the_lawyers_list(api):
    cid = api.commission()["id"]
    api.accept(cid, "C00")
    api.post(f"/api/commissions/{cid}/decline", "citizen:oCitizen")
    assert api.get("/api/lawyer/commissions/mine", "lawyer:C00") == (200, [])


def test_start_then_complete_tells_the_citizen_at_each_step_and_keeps_the_contact(api):
    # Given a confirmed commission
    cid = confirmed(api)
    # When the lawyer starts the work
    status, body = step(api, cid, "start")
    # Then it is in service, stamped, the citizen told with a link to their commission
    assert status == 200 and body["status"] == "in_service" and body["status_label"] == "服务中"
    assert body["started_at"] and body["contact"] == CONTACT
    told = notes(template_key="commission_started", to_openid="oCitizen")
    assert len(told) == 1 and "律师C00" in told[0].payload["text"]
    assert f"/h5/commissions/{cid}?bureau=360722" in told[0].payload["url"]
    # When the lawyer reports it done
    status, body = step(api, cid, "complete")
    # Then it is completed, and the citizen is told and invited to rate
    assert status == 200 and body["status"] == "completed" and body["completed_at"]
    done = notes(template_key="commission_completed", to_openid="oCitizen")
    assert len(done) == 1 and "评价" in done[0].payload["text"]
    # and every reader sees the new status by its exact name
    assert api.get(f"/api/commissions/{cid}", "citizen:oCitizen")[1]["status"] == "completed"
    assert api.get(f"/api/commissions/{cid}", "citizen:oCitizen")[1]["status_label"] == "服务已完成"
    assert stored(cid).status == "completed"


def test_a_repeated_step_answers_the_same_and_tells_nobody_twice(api):
    cid = confirmed(api)
    first = step(api, cid, "start")
    again = step(api, cid, "start")
    assert first[0] == again[0] == 200 and again[1]["started_at"] == first[1]["started_at"]
    assert len(notes(template_key="commission_started")) == 1
    step(api, cid, "complete")
    before = table_state()
    assert step(api, cid, "complete")[0] == 200
    assert table_state() == before
    assert len(notes(template_key="commission_completed")) == 1


def test_steps_out_of_order_are_409_and_write_nothing(api):
    # Given an accepted commission the citizen has not confirmed
    cid = api.commission(contact=CONTACT)["id"]
    api.accept(cid, "C00")
    before = table_state()
    # Then neither step may run yet: the citizen decides first
    for name in ("start", "complete"):
        status, body = step(api, cid, name)
        assert status == 409 and body["error"]["code"] == "wrong_status", body
    assert table_state() == before
    # And once confirmed, completing before starting is refused too
    api.post(f"/api/commissions/{cid}/confirm", "citizen:oCitizen")
    assert step(api, cid, "complete")[0] == 409
    # And after completion there is no going back to in service
    step(api, cid, "start")
    step(api, cid, "complete")
    assert step(api, cid, "start")[1]["error"]["code"] == "wrong_status"


def test_only_the_accepting_lawyer_may_step_anyone_else_gets_the_404_of_a_random_id(api):
    # Given a confirmed commission of C00 that C01 was offered too
    cid = confirmed(api)
    random = step(api, "WT20260302-DEADBEEF", "start", "lawyer:C01")
    assert random[0] == 404
    before = table_state()
    # When C01 (offered it, not holding it), C05 (never offered it), the citizen or staff try
    for who in ("lawyer:C01", "lawyer:C05"):
        assert step(api, cid, "start", who) == random
    assert step(api, cid, "start", "citizen:oCitizen")[0] == 403
    assert step(api, cid, "start", "staff:xf")[0] == 403
    # Then nothing is written
    assert table_state() == before and stored(cid).status == "confirmed"


def test_hostile_ids_and_bodies_on_the_steps(api):
    cid = confirmed(api)
    before = table_state()
    for bad in ("x" * 65, "%00", "..%2F..%2Fetc", "WT' OR 1=1"):
        status, answer = api.call("post", f"/api/commissions/{bad}/start", "lawyer:C00", body={})
        assert status in (400, 404) and "error" in answer, (bad, status, answer)
    assert api.call("post", f"/api/commissions/{cid}/start")[0] == 401
    assert table_state() == before
    # The steps take no body (as the citizen's confirm): one sent is not read, the step is the step
    status, answer = api.call("post", f"/api/commissions/{cid}/start", "lawyer:C00", raw="[" * 200)
    assert status == 200 and answer["status"] == "in_service"


def test_two_start_calls_at_once_make_one_transition_and_one_notice(api):
    # Given a confirmed commission
    cid = confirmed(api)
    api.token("lawyer:C00")
    answers, gate = [], threading.Barrier(2)

    def press():
        gate.wait()
        answers.append(step(api, cid, "start"))

    # When the lawyer's start arrives twice at the same moment (a double tap, two tabs)
    threads = [threading.Thread(target=press) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Then both answer 200 with the same commission, in service once, the citizen told once
    assert [a[0] for a in answers] == [200, 200], answers
    assert {a[1]["started_at"] for a in answers} == {stored(cid).started_at}
    assert stored(cid).status == "in_service"
    assert len(notes(template_key="commission_started")) == 1


def test_the_lawyers_page_exists_for_lawyers_and_the_workbench_links_it(api):
    status, page = api.get("/h5/lawyer/commissions", "lawyer:C00")
    assert status == 200 and "委托律师" in page and "lawyer_commissions.js" in page
    assert "/h5/lawyer/commissions" in api.get("/h5/lawyer", "lawyer:C00")[1]
    assert api.get("/h5/lawyer/commissions", "citizen:oCitizen")[0] == 403


def test_an_accept_too_late_says_another_lawyer_took_it(api):
    cid = api.commission()["id"]
    api.accept(cid, "C01")
    status, body = api.accept(cid, "C00")
    assert status == 409 and body["error"]["message"] == "这项委托已被其他律师接受"
    status, body = api.accept(cid, "C01")
    assert status == 409 and "您已接受" in body["error"]["message"]
