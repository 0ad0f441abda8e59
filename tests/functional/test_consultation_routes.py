"""Consultations end to end on moto through the routes and `sweep_due`: intake and its daily limit,
tiered dispatch, access, answers and their screening, follow-ups, the award, ratings, the SLA
sweep, auto-close policies, staff figures, payouts and the duty roster."""
from datetime import timedelta

import pytest

from chalicelib.db import consultations as db
from chalicelib.db.models import Lawyer, LawyerSlot
from chalicelib.db.payouts import PayoutLine
from tests.functional import consultation_support as support
from chalicelib.clock import parse_instant
from chalicelib.settings import parse_tiers
from tests.functional.consultation_support import (ADVICE, COUNTY, QUESTION, TEXTBOOK_PLAN, add_lawyer,
                                                   notes, tune)

api = support.api  # the fixture: the app, a small lawyer pool, a staff member on duty


def dispatched(consultation_id):
    return {d.lawyer_id: d for d in db.dispatches(consultation_id)}


def lawyer(lawyer_id):
    return Lawyer.get(f"LAWYER#{lawyer_id}", "PROFILE", consistent_read=True)


# -- intake ------------------------------------------------------------------------------------------
def test_a_question_from_the_form_reaches_three_county_lawyers_at_once_each_notified(api):
    # When a citizen asks from the H5 form
    body = api.ask()
    # Then it is answering, three county lawyers hold it, and each has a notification to the workbench
    assert body["status"] == "answering" and body["viewer"] == "citizen"
    assert set(dispatched(body["id"])) == {"LX0", "LX1", "LX2"}
    urls = {n.to_openid: n.payload["url"] for n in notes(template_key="consultation_dispatched")}
    assert set(urls) == {"oLX0", "oLX1", "oLX2"}
    assert all(u.endswith(f"/h5/lawyer?consultation={body['id']}") for u in urls.values())
    # And each of them is moved to the back of the pools, holding one open question
    assert lawyer("LX0").open_questions == 1 and lawyer("LX0").last_dispatched_at


def test_the_sixth_consultation_of_a_china_day_is_refused_with_a_clear_429_and_writes_nothing(api):
    # Given five consultations today
    for n in range(5):
        api.ask(question=f"{QUESTION}（第{n}次）")
    before = len(db.citizen_consultations("oCitizen", limit=50))
    # When a sixth is submitted
    status, body = api.post("/api/consultations", "citizen:oCitizen",
                            {"category": "labor", "question": QUESTION})
    # Then it is refused with the limit in the message, and nothing more was written
    assert status == 429 and body["error"]["code"] == "daily_limit_reached"
    assert "5" in body["error"]["message"] and "明天" in body["error"]["message"]
    assert len(db.citizen_consultations("oCitizen", limit=50)) == before == 5
    # And another citizen is not affected
    assert api.ask(citizen="oNeighbour")["status"] == "answering"


def test_the_sharing_notice_is_given_once(api):
    assert api.get("/api/consultation-notice", "citizen:oNew")[1]["seen"] is False
    first, second = api.ask(citizen="oNew"), api.ask(citizen="oNew", question=QUESTION + "补充")
    assert "律师" in first["share_notice"] and "share_notice" not in second
    assert api.get("/api/consultation-notice", "citizen:oNew")[1]["seen"] is True


@pytest.mark.parametrize("body, code", [
    ({"category": "labor", "question": "工资？"}, "question_too_short"),
    ({"category": "astrology", "question": QUESTION}, "unknown_category"),
    ({"category": "labor", "question": QUESTION, "county": "999999"}, "unknown_county"),
])
def test_bad_intake_is_refused_with_its_reason(api, body, code):
    status, answer = api.post("/api/consultations", "citizen:oCitizen", body)
    assert status == 400 and answer["error"]["code"] == code


# -- access ------------------------------------------------------------------------------------------
def test_only_its_citizen_its_dispatched_lawyers_and_staff_see_a_consultation(api):
    cid = api.ask()["id"]
    assert api.get(f"/api/consultations/{cid}", "citizen:oCitizen")[0] == 200
    assert api.get(f"/api/consultations/{cid}", "lawyer:LX0")[1]["viewer"] == "lawyer"
    assert api.get(f"/api/consultations/{cid}", "staff:s1")[1]["viewer"] == "staff"
    # Anyone else gets the same 404 as for a consultation that does not exist
    for who in ("citizen:oStranger", "lawyer:LN0"):
        status, body = api.get(f"/api/consultations/{cid}", who)
        assert status == 404 and body["error"]["code"] == "consultation_not_found"
    assert api.get("/api/consultations/ZX20260302-NOSUCH", "staff:s1")[0] == 404


def test_staff_read_the_dispatch_log_by_each_lawyers_name_and_firm(api):
    # Given a question pushed to three county lawyers, none of whom has answered yet
    cid = api.ask()["id"]
    # When staff open the consultation
    status, body = api.get(f"/api/consultations/{cid}", "staff:s1")
    # Then each dispatch names its lawyer and firm, not only the id
    assert status == 200
    shown = {d["lawyer_id"]: (d["name"], d["firm"]) for d in body["dispatches"]}
    assert shown == {i: (lawyer(i).name, lawyer(i).firm) for i in ("LX0", "LX1", "LX2")}
    assert all(name and firm for name, firm in shown.values())


def test_a_lawyer_who_was_not_dispatched_cannot_answer(api):
    cid = api.ask()["id"]
    status, body = api.answer(cid, "LN0")
    assert status == 404 and not db.consultation(cid).answer_count


def test_lawyers_outside_the_citizens_county_see_personal_data_masked(api):
    # Given a consultation escalated to the national tier (no answers for 6 minutes)
    cid = api.ask()["id"]
    api.sweep(4)
    api.sweep(7)
    # When a Beijing lawyer and a county lawyer read it
    far = api.get(f"/api/consultations/{cid}", "lawyer:LN0")[1]
    near = api.get(f"/api/consultations/{cid}", "lawyer:LX0")[1]
    # Then only the county lawyer sees the phone number
    assert "13800138000" not in far["question"] and "[电话号码已隐去]" in far["question"]
    assert far["masked"] is True and "13800138000" in near["question"]
    inbox = api.get("/api/lawyer/inbox", "lawyer:LN0")[1]
    assert [e["id"] for e in inbox] == [cid] and "13800138000" not in inbox[0]["question"]


# -- answers -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("body, code", [
    ("建议申请劳动仲裁。", "answer_too_short"),
    (ADVICE + "详情加我微信 lawyer_li2024。", "contact_details_not_allowed"),
    (ADVICE + "也可以访问 www.lawfirm.cn。", "contact_details_not_allowed"),
])
def test_answers_are_screened_with_422_and_the_reason(api, body, code):
    cid = api.ask()["id"]
    status, answer = api.answer(cid, "LX0", body)
    assert status == 422 and answer["error"]["code"] == code
    assert db.dispatch(cid, "LX0").state == "open"


def test_a_lawyer_answers_once_and_may_edit_until_the_award(api):
    cid = api.ask()["id"]
    status, first = api.answer(cid, "LX0")
    assert status == 201
    # A second answer is refused, an edit is accepted
    assert api.answer(cid, "LX0")[1]["error"]["code"] == "already_answered"
    path = f"/api/consultations/{cid}/answers/{first['id']}"
    status, edited = api.put(path, "lawyer:LX0", {"body": ADVICE + "（补充：仲裁时效为一年。）"})
    assert status == 200 and edited["edited_at"]
    # Another lawyer cannot edit it
    assert api.put(path, "lawyer:LX1", {"body": ADVICE})[0] == 404
    # After the award it is locked
    assert api.post(f"/api/consultations/{cid}/award", "citizen:oCitizen",
                    {"answer_id": first["id"]})[0] == 200
    status, locked = api.call("patch", path, "lawyer:LX0", {"body": ADVICE})
    assert status == 409 and locked["error"]["code"] == "answer_locked"


def test_answering_frees_the_lawyers_open_question_and_leaves_the_inbox(api):
    cid = api.ask()["id"]
    assert [e["id"] for e in api.get("/api/lawyer/inbox", "lawyer:LX0")[1]] == [cid]
    api.answer(cid, "LX0")
    assert api.get("/api/lawyer/inbox", "lawyer:LX0")[1] == []
    assert lawyer("LX0").open_questions == 0
    assert [a["consultation_id"] for a in api.get("/api/lawyer/answers", "lawyer:LX0")[1]] == [cid]


def test_a_lawyer_at_the_open_question_limit_leaves_the_pools_and_returns_after_answering(api):
    # Given a county lawyer who takes one question at a time, first in the fairness order
    add_lawyer("LA0", COUNTY, "360700", "360000", max_open=1, stars=5.0)
    cid = api.ask()["id"]
    # Then holding one question takes every slot of theirs out of the pools
    slot = LawyerSlot.get("LAWYER#LA0", "SLOT#labor", consistent_read=True)
    assert "LA0" in dispatched(cid) and slot.available is False and slot.GSI1PK is None
    # And a second question does not reach them
    other = api.ask(citizen="oOther")["id"]
    assert "LA0" not in dispatched(other)
    # When they answer, they are back, at the back of the pool
    api.answer(cid, "LA0")
    slot = LawyerSlot.get("LAWYER#LA0", "SLOT#labor", consistent_read=True)
    assert slot.available is True and slot.GSI1SK.startswith(lawyer("LA0").last_dispatched_at)


def test_the_citizen_hears_of_the_first_answer_once_and_of_the_close_once_and_the_others_are_told(api):
    # Given a cap of two answers
    tune(api.services, answer_cap=2, answer_min=2)
    cid = api.ask()["id"]
    # When two lawyers answer
    api.answer(cid, "LX0")
    api.answer(cid, "LX1")
    # Then the citizen got exactly two messages, answering is closed, the third lawyer was released
    to_citizen = sorted(n.template_key for n in notes(to_openid="oCitizen"))
    assert to_citizen == ["consultation_answered", "consultation_answers_complete"]
    assert db.consultation(cid).status == "answered"
    assert dispatched(cid)["LX2"].state == "released" and lawyer("LX2").open_questions == 0
    assert [n.to_openid for n in notes(template_key="consultation_closed")] == ["oLX2"]
    status, late = api.answer(cid, "LX2")
    assert status == 409 and late["error"]["code"] == "answering_closed"


def test_lawyers_released_a_week_later_by_auto_close_are_released_quietly(api):
    # Given a question answered by one lawyer; the others still hold it
    cid = api.ask()["id"]
    api.answer(cid, "LX0")
    for minute in (3, 6, 10, 30, 60):  # the tiers run on time
        api.sweep(minute)
    holding = [lid for lid, d in dispatched(cid).items() if d.state == "open"]
    assert holding
    # When nobody awards it and auto-close releases them a week after they were notified
    api.sweep(7 * 24 * 60 + 1)
    # Then they have their open question back, and no "answering has closed" message: it would
    # tell a lawyer notified a week ago nothing (the cap case above still tells them)
    assert all(dispatched(cid)[lid].state == "released" for lid in holding)
    assert all(lawyer(lid).open_questions == 0 for lid in holding)
    assert notes(template_key="consultation_closed", audience="lawyer") == []


# -- follow-ups, award, rating -----------------------------------------------------------------------
def test_follow_ups_go_both_ways_each_notifying_the_other_side(api):
    cid = api.ask()["id"]
    answer_id = api.answer(cid, "LX0")[1]["id"]
    path = f"/api/consultations/{cid}/answers/{answer_id}/followups"
    assert api.post(path, "citizen:oCitizen", {"body": "仲裁需要准备哪些材料？"})[0] == 201
    api.services.clock.advance(timedelta(minutes=2))
    assert api.post(path, "lawyer:LX0", {"body": "劳动合同、工资流水、考勤记录和解除通知。"})[0] == 201
    assert api.post(path, "lawyer:LX1", {"body": "我也补充一点"})[0] == 403
    assert api.post(path, "citizen:oStranger", {"body": "路过"})[0] == 404
    status, bad = api.post(path, "lawyer:LX0", {"body": "电话详谈 13900001111"})
    assert status == 422 and bad["error"]["code"] == "contact_details_not_allowed"
    thread = api.get(f"/api/consultations/{cid}", "citizen:oCitizen")[1]["answers"][0]["followups"]
    assert [f["author"] for f in thread] == ["citizen", "lawyer"]
    assert {n.to_openid for n in notes(template_key="consultation_followup")} == {"oLX0", "oCitizen"}


def test_a_citizens_follow_up_waits_in_the_lawyers_answers_until_they_reply(api):
    # Given a lawyer with two answers, the older one followed up by its citizen
    older = api.ask()["id"]
    older_answer = api.answer(older, "LX0")[1]["id"]
    api.services.clock.advance(timedelta(minutes=1))
    newer = api.ask(citizen="oNeighbour")["id"]
    api.answer(newer, "LX0")
    path = f"/api/consultations/{older}/answers/{older_answer}/followups"
    assert api.post(path, "citizen:oCitizen", {"body": "仲裁需要准备哪些材料？"})[0] == 201
    api.post(path, "citizen:oCitizen", {"body": "还有，多久能有结果？"})
    # When the lawyer opens 我的解答
    status, answers = api.get("/api/lawyer/answers", "lawyer:LX0")
    # Then the followed-up answer comes first, marked as waiting for their reply; the other is not
    assert status == 200
    assert [(a["consultation_id"], a["awaiting_reply"]) for a in answers] == [(older, True), (newer, False)]
    # And the lawyer was told, by a notice that opens that consultation on the workbench
    (note, _) = notes(template_key="consultation_followup", to_openid="oLX0")
    assert note.payload["url"].endswith(f"/h5/lawyer?consultation={older}")
    assert note.audience == "lawyer" and note.status == "pending"
    # When the lawyer replies, Then nothing waits any more
    assert api.post(path, "lawyer:LX0", {"body": "劳动合同、工资流水、考勤记录和解除通知。"})[0] == 201
    assert [a["awaiting_reply"] for a in api.get("/api/lawyer/answers", "lawyer:LX0")[1]] == [False, False]
    # And the citizen's next follow-up marks it again; another lawyer sees nothing of it
    api.post(path, "citizen:oCitizen", {"body": "谢谢，我再问一下加班费的事。"})
    assert [a["awaiting_reply"] for a in api.get("/api/lawyer/answers", "lawyer:LX0")[1]] == [True, False]
    assert not any(a["awaiting_reply"] for a in api.get("/api/lawyer/answers", "lawyer:LX1")[1])


def test_a_follow_up_left_waiting_when_its_consultation_closed_is_no_longer_counted(api):
    # Given a follow-up the lawyer did not reply to before the consultation closed unawarded
    cid = api.ask()["id"]
    answer_id = api.answer(cid, "LX0")[1]["id"]
    api.post(f"/api/consultations/{cid}/answers/{answer_id}/followups", "citizen:oCitizen",
             {"body": "仲裁需要准备哪些材料？"})
    db.Consultation.get(f"CONS#{cid}", "META").update(actions=[db.Consultation.status.set("closed")])
    # Then 我的解答 does not ask the lawyer for a reply they can no longer send
    assert [a["awaiting_reply"] for a in api.get("/api/lawyer/answers", "lawyer:LX0")[1]] == [False]


def test_a_second_award_is_refused_and_pays_nothing(api):
    cid = api.ask()["id"]
    first = api.answer(cid, "LX0")[1]["id"]
    second = api.answer(cid, "LX1")[1]["id"]
    status, body = api.post(f"/api/consultations/{cid}/award", "citizen:oCitizen", {"answer_id": first})
    assert status == 200 and body["status"] == "awarded"
    assert {a["id"]: a["awarded"] for a in body["answers"]} == {first: True, second: False}
    status, again = api.post(f"/api/consultations/{cid}/award", "citizen:oCitizen", {"answer_id": second})
    assert status == 409 and again["error"]["code"] == "already_awarded"
    (line,) = PayoutLine.query("PAYOUT#360722#2026-03")
    assert (line.lawyer_id, line.amount_fen, line.awarded_by) == ("LX0", 4000, "citizen")
    # The award closed answering: the lawyer who had not answered was released and told
    assert dispatched(cid)["LX2"].state == "released"
    assert [n.to_openid for n in notes(template_key="consultation_awarded")] == ["oLX0"]


def test_only_its_citizen_awards_and_only_an_answer_of_this_consultation(api):
    cid = api.ask()["id"]
    answer_id = api.answer(cid, "LX0")[1]["id"]
    assert api.post(f"/api/consultations/{cid}/award", "citizen:oStranger",
                    {"answer_id": answer_id})[0] == 404
    assert api.post(f"/api/consultations/{cid}/award", "citizen:oCitizen",
                    {"answer_id": "nosuch"})[0] == 404
    assert not list(PayoutLine.query("PAYOUT#360722#2026-03"))


def test_answering_and_an_award_without_a_rating_leave_the_lawyers_stars_unchanged(api):
    # Given a lawyer at 4.0 stars
    cid = api.ask()["id"]
    assert float(lawyer("LX0").stars) == 4.0
    # When they answer and the citizen marks the answer 中标 without rating it
    answer_id = api.answer(cid, "LX0")[1]["id"]
    assert float(lawyer("LX0").stars) == 4.0
    status, _ = api.post(f"/api/consultations/{cid}/award", "citizen:oCitizen", {"answer_id": answer_id})
    # Then the award is counted, and the stars — profile and pool slots — are what they were
    assert status == 200
    assert float(lawyer("LX0").stars) == 4.0
    assert float(LawyerSlot.get("LAWYER#LX0", "SLOT#labor", consistent_read=True).stars) == 4.0


def test_a_rating_moves_the_stars_exactly_as_the_published_formula_says(api):
    # Given a lawyer at 4.0 stars (the prior, weighed as 3 ratings) whose answer was awarded
    cid = api.ask()["id"]
    answer_id = api.answer(cid, "LX0")[1]["id"]
    api.post(f"/api/consultations/{cid}/award", "citizen:oCitizen", {"answer_id": answer_id})
    # When the citizen rates it 5, Then stars = (5 + 4.0 × 3) / (1 + 3) = 4.25
    api.post(f"/api/consultations/{cid}/rating", "citizen:oCitizen", {"stars": 5})
    assert float(lawyer("LX0").stars) == 4.25
    # And a second citizen's 2 on another answer: (5 + 2 + 12) / (2 + 3) = 3.8
    other = api.ask(citizen="oNeighbour")["id"]
    other_answer = api.answer(other, "LX0")[1]["id"]
    api.post(f"/api/consultations/{other}/rating", "citizen:oNeighbour",
             {"stars": 2, "answer_id": other_answer})
    assert float(lawyer("LX0").stars) == 3.8


def test_a_rating_counts_once_and_moves_the_lawyers_stars(api):
    cid = api.ask()["id"]
    answer_id = api.answer(cid, "LX0")[1]["id"]
    api.post(f"/api/consultations/{cid}/award", "citizen:oCitizen", {"answer_id": answer_id})
    before = float(lawyer("LX0").stars)
    status, rated = api.post(f"/api/consultations/{cid}/rating", "citizen:oCitizen",
                             {"stars": 1, "comment": "答非所问"})
    assert status == 201 and rated["answer_id"] == answer_id
    assert float(lawyer("LX0").stars) < before
    slot = LawyerSlot.get("LAWYER#LX0", "SLOT#labor", consistent_read=True)
    assert float(slot.stars) == float(lawyer("LX0").stars)  # the pools order by the new stars
    status, again = api.post(f"/api/consultations/{cid}/rating", "citizen:oCitizen", {"stars": 5})
    assert status == 409 and again["error"]["code"] == "already_rated"


# -- the sweep ---------------------------------------------------------------------------------------
def test_the_sweep_escalates_at_3_and_6_minutes_while_answers_are_short(api):
    cid = api.ask()["id"]
    api.sweep(2)
    assert len(dispatched(cid)) == 3
    api.sweep(3)
    assert set(dispatched(cid)) == {"LX0", "LX1", "LX2", "LX3", "LC0", "LC1", "LP0"}
    api.sweep(6)
    ds = dispatched(cid)
    assert len(ds) == 12 and {ds[f"LN{n}"].source for n in range(5)} == {"national"}
    assert db.consultation(cid).dispatched == 12


def test_no_escalation_once_the_minimum_has_answered(api):
    cid = api.ask()["id"]
    api.sweep(3)
    for lawyer_id in ("LX0", "LX1", "LX2"):
        api.answer(cid, lawyer_id)
    api.sweep(6)
    assert len(dispatched(cid)) == 7 and db.consultation(cid).next_tier_at is None


def test_a_rescue_step_runs_only_while_nobody_has_answered(api):
    # Given a plan whose steps at 3 and 6 minutes are rescues (`<1`) and whose step at 20 minutes
    # works toward the answer minimum
    tune(api.services, tiers=parse_tiers("county@0x2,city+province@3x2<1,national@6x3<1,national@20x1"))
    answered, silent = api.ask()["id"], api.ask(citizen="oSilent")["id"]
    # When one lawyer answers the first question at 2 minutes and nobody answers the second
    api.sweep(2)
    api.answer(answered, "LX0")
    api.sweep(6)
    # Then the answered question skipped both rescues and waits for the step at 20 minutes
    assert len(dispatched(answered)) == 2
    c = db.consultation(answered)
    assert parse_instant(c.next_tier_at) - parse_instant(c.created_at) == timedelta(minutes=20)
    # While the silent one went to the city and province at 3 and to the nation at 6
    assert len(dispatched(silent)) == 2 + 2 + 3
    # And at 20 minutes the answered question gets one more lawyer, toward three answers
    api.sweep(20)
    assert len(dispatched(answered)) == 3 and db.consultation(answered).next_tier_at is None


def test_reminders_go_only_while_the_consultation_is_short_of_the_reminder_threshold(api):
    # Given the shipped reminder rule: remind silent lawyers only while nobody has answered
    tune(api.services, lawyer_reminder_below=1, tiers=parse_tiers("county@0x2"))
    answered, silent = api.ask()["id"], api.ask(citizen="oSilent")["id"]
    api.answer(answered, "LX0")
    # When the reminders fall due
    api.sweep(5)
    # Then only the lawyers of the question nobody has answered are reminded
    assert all(d.reminded_at for d in dispatched(silent).values())
    assert not any(d.reminded_at for d in dispatched(answered).values())
    assert len(notes(template_key="consultation_reminder")) == len(dispatched(silent))


def test_a_reminder_time_of_zero_means_no_reminders(api):
    tune(api.services, lawyer_reminder_minutes=0)
    cid = api.ask()["id"]
    assert all(d.remind_at is None for d in dispatched(cid).values())
    api.sweep(5)
    assert not notes(template_key="consultation_reminder")


def test_a_second_sweep_of_the_same_minute_does_nothing_more(api):
    cid = api.ask()["id"]
    api.sweep(3)
    before = (len(dispatched(cid)), len(notes()), db.consultation(cid).rev)
    report = api.sweep(3)
    assert (len(dispatched(cid)), len(notes()), db.consultation(cid).rev) == before
    assert "Consultation" not in report["handled"] and "Dispatch" not in report["handled"]


def test_silent_lawyers_are_reminded_at_5_minutes_and_staff_alerted_at_9(api):
    cid = api.ask()["id"]
    api.sweep(5)
    assert {n.to_openid for n in notes(template_key="consultation_reminder")} == {"oLX0", "oLX1", "oLX2"}
    api.sweep(8)
    assert not notes(template_key="consultation_unanswered")
    api.sweep(9)
    (alert,) = notes(template_key="consultation_unanswered")
    assert alert.to_openid == "oStaff1" and db.consultation(cid).staff_alerted_at
    api.sweep(10)
    assert len(notes(template_key="consultation_unanswered")) == 1


def test_no_staff_alert_when_someone_answered_and_the_first_response_time_is_recorded(api):
    cid = api.ask()["id"]
    api.services.clock.advance(timedelta(minutes=4, seconds=30))
    api.answer(cid, "LX1")
    api.sweep(9)
    assert not notes(template_key="consultation_unanswered")
    assert db.consultation(cid).first_response_seconds == 270


def test_a_chat_consultation_is_started_by_the_sweep_and_refused_beyond_the_daily_limit(api):
    from chalicelib.consultations.intake import open_consultation
    from chalicelib.db.base import transact_write

    # Given six questions sent in chat today (the webhook writes them unstarted and uncounted)
    ids = []
    for n in range(6):
        c = open_consultation(openid="oChat", question=f"{QUESTION}{n}", category="labor",
                              source="chat", county=COUNTY, now=api.services.clock.now(),
                              new_id=lambda now, n=n: f"ZX20260302-CHAT0{n}")
        with transact_write() as tx:
            for item in c.puts:
                tx.save(item)
        ids.append(c.consultation.id)
    # When the sweep runs a minute later
    api.sweep(1)
    # Then five are dispatched and the sixth is refused, with a message saying why
    statuses = [db.consultation(i).status for i in ids]
    assert statuses.count("answering") == 5 and statuses.count("refused") == 1
    (refusal,) = notes(template_key="consultation_refused")
    assert refusal.to_openid == "oChat" and "12348" in refusal.payload["text"]


def test_the_citizen_is_reminded_after_48_hours_and_by_default_seven_days_close_it_unpaid(api):
    cid = api.ask()["id"]
    api.answer(cid, "LX0")
    api.sweep(47 * 60)
    assert not notes(template_key="consultation_award_reminder")
    api.sweep(48 * 60 + 1)
    assert len(notes(template_key="consultation_award_reminder")) == 1
    api.sweep(7 * 24 * 60 + 1)
    c = db.consultation(cid)
    assert (c.status, c.close_reason, c.awarded_answer_id) == ("closed", "unawarded", None)
    assert not list(PayoutLine.query("PAYOUT#360722#2026-03")) and c.due_at() is None


@pytest.mark.parametrize("policy, winner", [("first", "LX1"), ("best_rated", "LX2")])
def test_auto_close_policies_pay_one_answer_chosen_by_rule(api, policy, winner):
    tune(api.services, auto_close_policy=policy)
    cid = api.ask()["id"]
    lawyer("LX2").update(actions=[Lawyer.stars.set(4.9)])  # the best rated of the three
    api.services.clock.advance(timedelta(minutes=1))
    api.answer(cid, "LX1")
    api.services.clock.advance(timedelta(minutes=1))
    api.answer(cid, "LX2")
    api.sweep(7 * 24 * 60 + 1)
    c = db.consultation(cid)
    assert (c.status, c.awarded_lawyer_id, c.awarded_by) == ("awarded", winner, "policy")
    (line,) = PayoutLine.query("PAYOUT#360722#2026-03")
    assert line.lawyer_id == winner and line.awarded_by == "policy"
    assert len(notes(template_key="consultation_closed", to_openid="oCitizen")) == 1


def test_of_two_answers_in_the_same_second_the_first_given_is_first_and_wins_under_first(
        api, monkeypatch):
    # Given the policy pays the first answer, and LX2 then LX1 answer within one second
    tune(api.services, auto_close_policy="first")
    cid = api.ask()["id"]
    first = api.answer(cid, "LX2")[1]["id"]
    second = api.answer(cid, "LX1")[1]["id"]
    # (the table returns answers by their random ids: put the later one ahead, as it may be)
    stored = db.consultation_items

    def later_answer_ahead(consultation_id):
        items = list(stored(consultation_id))
        return sorted(items, key=lambda i: getattr(i, "answer_id", "") != second)
    monkeypatch.setattr(db, "consultation_items", later_answer_ahead)
    # When the citizen reads the answers
    status, body = api.get(f"/api/consultations/{cid}", "citizen:oCitizen")
    # Then the first given is listed first
    assert status == 200 and [a["id"] for a in body["answers"]] == [first, second]
    # And when nobody picks for seven days, the policy pays the first given
    api.sweep(7 * 24 * 60 + 1)
    assert db.consultation(cid).awarded_lawyer_id == "LX2"


# -- staff -------------------------------------------------------------------------------------------
def test_staff_see_the_sla_rate_answers_awards_and_payouts(api):
    # Given one consultation answered in 4 minutes and awarded, one unanswered after 10 minutes
    fast = api.ask()["id"]
    slow = api.ask(citizen="oSecond")["id"]
    api.services.clock.advance(timedelta(minutes=4))
    answer_id = api.answer(fast, "LX0")[1]["id"]
    api.post(f"/api/consultations/{fast}/award", "citizen:oCitizen", {"answer_id": answer_id})
    api.services.clock.advance(timedelta(minutes=10))
    # When staff ask for today's figures
    status, figures = api.get("/api/staff/stats?from=2026-03-02&to=2026-03-02", "staff:s1")
    # Then they see both consultations, half answered in 10 minutes, and the payout
    assert status == 200 and figures["consultations"] == 2 and slow
    assert figures["first_response_10min_rate"] == 0.5
    assert figures["first_response_median_seconds"] == 240 and figures["award_rate"] == 1.0
    assert figures["payouts_fen"] == 4000
    assert api.get("/api/staff/stats", "citizen:oCitizen")[0] == 403


def test_the_monthly_ledger_and_its_csv_for_settlement(api):
    cid = api.ask()["id"]
    answer_id = api.answer(cid, "LX0")[1]["id"]
    api.post(f"/api/consultations/{cid}/award", "citizen:oCitizen", {"answer_id": answer_id})
    status, ledger = api.get("/api/staff/payouts?month=2026-03", "staff:s1")
    assert status == 200 and ledger["total_fen"] == 4000 and ledger["lines"][0]["consultation_id"] == cid
    response = api.client.http.get("/api/staff/payouts.csv?month=2026-03", headers={
        "authorization": f"Bearer {api.token('staff:s1')}"})
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/csv")
    text = response.body.decode("utf-8")
    assert text.startswith("\ufeff月份") and cid in text and "40.00" in text
    assert api.get("/api/staff/payouts?month=March", "staff:s1")[0] == 400


def test_duty_lawyers_set_by_staff_are_notified_first_at_most_six_an_hour(api):
    # Given the policy uses the roster and staff put a Beijing lawyer who also serves 信丰 on the
    # morning shift (a roster takes only lawyers who serve the bureau: home county or `serves`)
    tune(api.services, duty_roster=True, tiers=parse_tiers("duty@0x2," + TEXTBOOK_PLAN))
    Lawyer.get("LAWYER#LN5", "PROFILE").update(actions=[Lawyer.serves.set([COUNTY])])
    status, roster = api.put("/api/staff/duty/2026-03-02/1", "staff:s1", {"lawyer_ids": ["LN5"]})
    assert status == 200 and roster["shifts"][1]["lawyers"][0]["id"] == "LN5"
    assert api.put("/api/staff/duty/2026-03-02/1", "staff:s1",
                   {"lawyer_ids": ["LN0", "LN1", "LN2"]})[1]["error"]["code"] == "too_many_duty_lawyers"
    # When seven citizens ask within the hour
    ids = [api.ask(citizen=f"oDuty{n}")["id"] for n in range(7)]
    # Then the duty lawyer was notified of the first six only, alongside the county lawyers
    with_duty = [cid for cid in ids if "LN5" in dispatched(cid)]
    assert with_duty == ids[:6] and dispatched(ids[0])["LN5"].source == "duty"
    assert api.get("/api/staff/duty?date=2026-03-02", "staff:s1")[1]["duty_roster_in_use"] is True


def test_staff_asking_for_figures_over_a_reversed_range_are_told_so_in_chinese(api):
    # When staff ask for figures from a later day to an earlier one
    status, body = api.get("/api/staff/stats?from=2026-03-05&to=2026-03-01", "staff:s1")
    # Then the refusal names the dates in words, not the parameters
    assert status == 400 and body["error"]["message"] == "开始日期不能晚于结束日期"
