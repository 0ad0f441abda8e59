"""Commissions (委托律师, issue 12) as the citizen, the lawyers and the sweep see them: opening from a
consultation or directed to one lawyer, the push rounds by stars on the clock, the first accept
winning, confirm / decline / cancel, expiry with an apology, and who may read a commission."""
from tests.functional.commission_support import (  # noqa: F401 (fixture)
    COUNTY_LAWYERS, NEIGHBOUR_LAWYERS, api, notes, offered, stored)

ROUND1 = COUNTY_LAWYERS[:2]
ROUND2 = COUNTY_LAWYERS[2:5]


def test_a_commission_from_a_consultation_is_offered_at_once_to_the_best_county_lawyers(api):
    # Given the citizen's own answered consultation
    # When they ask for a lawyer from it, editing what the lawyer will read
    made = api.commission(consultation_id="ZX20260302-AAAAAA", category=None, summary="请代理仲裁")
    # Then it is offered at once to round 1: the county labor lawyers with the most stars
    assert made["status"] == "offered"
    assert offered(made["id"]) == ROUND1
    c = stored(made["id"])
    # carrying the consultation's category and county, the citizen's own summary winning
    assert (c.category, c.county, c.summary, c.consultation_id) == (
        "labor", "360722", "请代理仲裁", "ZX20260302-AAAAAA")
    # and each of them is told, on the lawyers' page of the commission
    told = notes(template_key="commission_offered")
    assert sorted(n.to_openid for n in told) == [f"o{i}" for i in ROUND1]
    assert all(n.payload["url"].endswith(f"/h5/lawyer/commissions?commission={made['id']}")
               for n in told)


def test_without_an_edited_summary_the_consultation_is_carried_over_masked(api):
    status, body = api.post("/api/commissions", "citizen:oCitizen", {
        "consultation_id": "ZX20260302-AAAAAA", "service": "文书代写", "other_party": "某公司"})
    assert status == 201, body
    summary = stored(body["id"]).summary
    assert summary.startswith("公司拖欠工资") and "13800138000" not in summary


def test_the_rounds_follow_the_clock_and_never_offer_anyone_twice(api):
    made = api.commission()
    # When the sweep runs before 30 minutes: nothing more
    api.at(minutes=29)
    assert offered(made["id"]) == ROUND1
    # At 30 minutes round 2: the next ones, by stars
    api.at(minutes=30)
    assert offered(made["id"]) == sorted(ROUND1 + ROUND2)
    # The same minute swept again offers nobody more and tells nobody twice
    api.at(minutes=30)
    assert len(notes(template_key="commission_offered")) == 5
    # At 2 hours every other county lawyer with the specialty (never the paused, the unbound, or
    # another specialty's)
    api.at(minutes=120)
    assert offered(made["id"]) == COUNTY_LAWYERS
    # After a day the city
    api.at(hours=24)
    assert offered(made["id"]) == sorted(COUNTY_LAWYERS + NEIGHBOUR_LAWYERS)
    assert not {"PAUSED", "UNBOUND", "FAM"} & set(offered(made["id"]))
    assert stored(made["id"]).round == 4


def test_nobody_accepting_in_three_days_closes_it_with_an_apology_and_suggestions(api):
    made = api.commission()
    api.at(hours=71, minutes=59)
    assert stored(made["id"]).status == "offered"
    api.at(hours=72)
    assert stored(made["id"]).status == "expired"
    apology = notes(template_key="commission_expired")
    assert len(apology) == 1 and "很抱歉" in apology[0].payload["text"]
    assert "12348" in apology[0].payload["text"] and "法律援助" in apology[0].payload["text"]
    # The offers are closed: no lawyer sees it any more, and the DUE index lets it go
    assert offered(made["id"], "open") == []
    assert api.get("/api/lawyer/commissions", "lawyer:C00") == (200, [])
    assert stored(made["id"]).next_at is None
    api.at(hours=73)
    assert len(notes(template_key="commission_expired")) == 1


def test_the_first_accept_wins_and_the_others_are_told_it_is_taken(api):
    made = api.commission()
    cid = made["id"]
    assert [o["id"] for o in api.get("/api/lawyer/commissions", "lawyer:C01")[1]] == [cid]
    status, body = api.accept(cid, "C01")
    assert status == 200, body
    assert body["status"] == "accepted" and body["quote"]["fee"] == "3000元"
    # A later accept: 409
    status, body = api.accept(cid, "C00")
    assert status == 409 and body["error"]["code"] == "already_taken"
    # The citizen is told, and sees the lawyer, firm, stars and quote
    assert len(notes(template_key="commission_accepted", to_openid="oCitizen")) == 1
    status, seen = api.get(f"/api/commissions/{cid}", "citizen:oCitizen")
    assert seen["lawyer"]["name"] == "律师C01" and seen["lawyer"]["stars"] == 4.8
    # The other one offered is told it is taken and no longer sees it
    assert [n.to_openid for n in notes(template_key="commission_taken")] == ["oC00"]
    assert api.get("/api/lawyer/commissions", "lawyer:C00") == (200, [])
    # Later rounds offer nobody
    api.at(hours=25)
    assert offered(cid) == ROUND1


def test_a_mobile_written_with_spaces_or_plus_86_is_kept_as_its_eleven_digits(api):
    # Given a citizen who writes their number as people do (the application forms read it so too)
    cid = api.commission(contact={"name": "张三", "phone": "+86 138-0013 8000"})["id"]
    # When the accepting lawyer's quote is confirmed
    api.accept(cid, "C00")
    api.post(f"/api/commissions/{cid}/confirm", "citizen:oCitizen")
    # Then the lawyer reads the number as eleven digits
    assert api.get(f"/api/commissions/{cid}", "lawyer:C00")[1]["contact"]["phone"] == "13800138000"


def test_contact_is_shown_to_the_accepting_lawyer_only_after_the_citizen_confirms(api):
    cid = api.commission(contact={"name": "张三", "phone": "13800138000"})["id"]
    api.accept(cid, "C00")
    status, seen = api.get(f"/api/commissions/{cid}", "lawyer:C00")
    assert status == 200 and "contact" not in seen and "13800138000" not in str(seen)
    status, body = api.post(f"/api/commissions/{cid}/confirm", "citizen:oCitizen")
    assert status == 200 and body["status"] == "confirmed"
    assert api.get(f"/api/commissions/{cid}", "lawyer:C00")[1]["contact"] == {
        "name": "张三", "phone": "13800138000"}
    # another lawyer it was offered to never sees it, nor does staff
    assert "13800138000" not in str(api.get(f"/api/commissions/{cid}", "lawyer:C01")[1])
    assert "13800138000" not in str(api.get(f"/api/commissions/{cid}", "staff:xf")[1])
    assert len(notes(template_key="commission_confirmed", to_openid="oC00")) == 1


def test_a_decline_returns_it_to_the_next_round_and_tells_the_lawyer(api):
    cid = api.commission()["id"]
    api.accept(cid, "C00")
    status, body = api.post(f"/api/commissions/{cid}/decline", "citizen:oCitizen")
    assert status == 200 and body["status"] == "offered"
    assert len(notes(template_key="commission_declined", to_openid="oC00")) == 1
    # the next round went out at once; the declined lawyer is not offered it again
    assert offered(cid) == sorted(ROUND1 + ROUND2)
    assert offered(cid, "declined") == ["C00"]
    assert api.accept(cid, "C00")[0] == 409
    assert api.accept(cid, "C04")[0] == 200


def test_cancel_any_time_before_confirming_but_not_after(api):
    cid = api.commission()["id"]
    status, body = api.post(f"/api/commissions/{cid}/cancel", "citizen:oCitizen")
    assert status == 200 and body["status"] == "cancelled"
    assert offered(cid, "open") == []
    assert api.accept(cid, "C00")[0] == 409
    other = api.commission()["id"]
    api.accept(other, "C00")
    api.post(f"/api/commissions/{other}/confirm", "citizen:oCitizen")
    status, body = api.post(f"/api/commissions/{other}/cancel", "citizen:oCitizen")
    assert status == 409 and body["error"]["code"] == "wrong_status"


def test_a_directed_commission_waits_a_day_for_its_lawyer_then_the_citizen_may_push(api):
    cid = api.commission(lawyer_id="C08")["id"]
    assert offered(cid) == ["C08"]
    assert api.at(hours=23, minutes=59) and stored(cid).status == "offered"
    api.at(hours=24)
    assert stored(cid).status == "lapsed"
    assert len(notes(template_key="commission_lapsed", to_openid="oCitizen")) == 1
    assert api.accept(cid, "C08")[0] == 409
    status, body = api.post(f"/api/commissions/{cid}/push", "citizen:oCitizen")
    assert status == 200 and body["status"] == "offered"
    assert offered(cid, "open") == ROUND1


def test_a_directed_commission_accepted_in_time(api):
    cid = api.commission(lawyer_id="C08")["id"]
    assert api.accept(cid, "C08")[0] == 200
    api.at(hours=25)
    assert stored(cid).status == "accepted"


def test_who_may_read_a_commission(api):
    cid = api.commission()["id"]
    assert api.get(f"/api/commissions/{cid}", "citizen:oCitizen")[0] == 200
    assert api.get(f"/api/commissions/{cid}", "lawyer:C00")[0] == 200
    assert api.get(f"/api/commissions/{cid}", "staff:xf")[0] == 200
    seen = api.get(f"/api/commissions/{cid}", "lawyer:C00")[1]
    assert "oCitizen" not in str(seen)
    # Another citizen, a lawyer it was not offered to, staff of another bureau: the 404 of a random id
    random = api.get("/api/commissions/WT20260302-00000000", "citizen:oOther")
    for who in ("citizen:oOther", "lawyer:C08", "staff:dy@360723"):
        assert api.get(f"/api/commissions/{cid}", who) == random, who
    assert random[0] == 404


def test_a_lawyer_paused_after_the_offer_cannot_accept_and_is_not_offered_later(api):
    cid = api.commission()["id"]
    from chalicelib.db.models import Lawyer

    lawyer = Lawyer.get("LAWYER#C01", "PROFILE")
    lawyer.status = "paused"
    lawyer.save()
    status, body = api.accept(cid, "C01")
    assert status == 409 and body["error"]["code"] == "lawyer_inactive"
    assert stored(cid).status == "offered"
    other = api.commission(other_party="另一方")["id"]
    assert offered(other) == ["C00", "C02"]


def test_a_decline_after_the_last_round_waits_for_expiry_without_being_due_every_minute(api):
    cid = api.commission()["id"]
    api.at(hours=24)  # every round has run
    api.accept(cid, "N0")
    api.post(f"/api/commissions/{cid}/decline", "citizen:oCitizen")
    c = stored(cid)
    # Then nobody new is left to offer it to: it is next due when it expires, 3 days from the decline
    assert c.status == "offered" and c.next_at == c.expire_at == "2026-03-06T02:00:00Z"
    api.at(hours=24 + 71)
    assert stored(cid).status == "offered"
    api.at(hours=24 + 72)
    assert stored(cid).status == "expired"


def test_a_citizen_lists_their_own_commissions_newest_first(api):
    first = api.commission()["id"]
    api.services.clock.instant = api.start.replace(minute=5)
    second = api.commission(lawyer_id="C08")["id"]
    status, listed = api.get("/api/commissions", "citizen:oCitizen")
    assert status == 200 and [c["id"] for c in listed] == [second, first]
    assert api.get("/api/commissions", "citizen:oOther") == (200, [])


def test_numbers_typed_into_the_summary_reach_only_the_confirmed_lawyer(api):
    cid = api.commission(summary="请尽快联系我 13800138000，公司拖欠工资")["id"]
    assert "13800138000" not in str(api.get("/api/lawyer/commissions", "lawyer:C00")[1])
    assert "13800138000" not in str(api.get(f"/api/commissions/{cid}", "lawyer:C00")[1])
    assert api.get(f"/api/commissions/{cid}", "citizen:oCitizen")[1]["summary"].startswith("请尽快联系我 1380")
    api.accept(cid, "C00")
    api.post(f"/api/commissions/{cid}/confirm", "citizen:oCitizen")
    assert "13800138000" in api.get(f"/api/commissions/{cid}", "lawyer:C00")[1]["summary"]
    assert "13800138000" not in str(api.get(f"/api/commissions/{cid}", "lawyer:C01")[1])


def test_a_citizens_data_export_lists_their_commissions_and_nobody_elses(api):
    cid = api.commission(contact={"name": "张三", "phone": "13800138000"})["id"]
    api.commission(citizen="oOther", other_party="别人的对方")
    status, data = api.get("/api/me/data", "citizen:oCitizen")
    assert status == 200, data
    assert [c["id"] for c in data["commissions"]] == [cid]
    assert data["commissions"][0]["contact"]["phone"] == "13800138000"
    assert "别人的对方" not in str(data)
