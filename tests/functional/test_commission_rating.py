"""The citizen rates the lawyer of a completed commission (issue 12): once, only when completed, and
the rating counts in the lawyer's stars by the published formula, beside the ratings of answers
(chalicelib/consultations/stars.py). Other people's ids answer the 404 of a random id; odd bodies
a 400; a refused request writes nothing."""
import json

import pytest

from chalicelib.commissions import rating
from chalicelib.commissions.env import Env
from chalicelib.db import commissions as commissions_db
from chalicelib.db.base import Item
from chalicelib.db.consultations import Answer, Consultation
from chalicelib.db.models import Lawyer
from chalicelib.db.payouts import LawyerStats
from chalicelib.errors import Conflict
from tests.functional.commission_support import api, stored  # noqa: F401 (fixture)

RANDOM = "WT20260302-DEADBEEF"


def profile(lawyer_id):
    return Lawyer.get(f"LAWYER#{lawyer_id}", "PROFILE")


def counters(lawyer_id):
    return LawyerStats.get(f"LAWYER#{lawyer_id}", "STATS")


def table_state():
    return sorted(json.dumps(i.serialize(), sort_keys=True) for i in Item.scan()  # tests may scan
                  if i.entity != "Session")


def served_by(api, lawyer_id="C01", status="completed", citizen="oCitizen"):
    """A commission of `citizen` taken by `lawyer_id` and confirmed, then put in `status` through the
    store (the lawyer's start/complete transitions are another change's)."""
    cid = api.commission(citizen=citizen, contact={"name": "张三", "phone": "13800138000"})["id"]
    api.at(minutes=120)  # every county lawyer has the offer
    assert api.accept(cid, lawyer_id)[0] == 200
    assert api.post(f"/api/commissions/{cid}/confirm", f"citizen:{citizen}")[0] == 200
    c = stored(cid)
    if status != "confirmed":
        c.status = status
        c.save()
    return cid


def test_a_completed_commission_is_rated_once_and_moves_the_lawyers_stars_by_the_formula(api):
    # Given C01 (4.8 stars, never rated) completed the citizen's commission
    cid = served_by(api)
    assert float(profile("C01").stars) == 4.8
    # When the citizen rates it 5 with a comment
    status, body = api.post(f"/api/commissions/{cid}/rating", "citizen:oCitizen",
                            {"stars": 5, "comment": "  很专业，按时完成  "})
    # Then it is recorded as given
    assert status == 201, body
    assert (body["stars"], body["comment"], body["lawyer_id"]) == (5, "很专业，按时完成", "C01")
    # and the stars follow the published formula: (5 + 4.8 × 3) / (1 + 3) = 4.85
    assert float(profile("C01").stars) == 4.85
    assert (int(counters("C01").ratings), int(counters("C01").rating_sum)) == (1, 5)
    # and the citizen's page reads the rating back
    seen = api.get(f"/api/commissions/{cid}", "citizen:oCitizen")[1]
    assert seen["rating"]["stars"] == 5 and seen["status"] == "completed"
    # When they rate it again
    again = api.post(f"/api/commissions/{cid}/rating", "citizen:oCitizen", {"stars": 1})
    # Then 409, and nothing moves
    assert again[0] == 409 and again[1]["error"]["code"] == "already_rated"
    assert float(profile("C01").stars) == 4.85 and int(counters("C01").ratings) == 1


def test_a_commission_rating_and_an_answer_rating_count_alike_in_one_formula(api):
    # Given C00 (4.9) answered the citizen's consultation and was awarded it, and completed a
    # commission for them
    Answer(consultation_id="ZX20260302-AAAAAA", answer_id="a1", lawyer_id="C00", lawyer_name="律师C00",
           body="可以申请仲裁",
           created_at="2026-03-02T01:05:00Z").save()
    cons = Consultation.get("CONS#ZX20260302-AAAAAA", "META")
    cons.status, cons.awarded_answer_id = "awarded", "a1"
    cons.save()
    cid = served_by(api, "C00")
    # When the citizen rates the answer 1 and the commission 5
    assert api.post("/api/consultations/ZX20260302-AAAAAA/rating", "citizen:oCitizen",
                    {"stars": 1})[0] == 201
    assert api.post(f"/api/commissions/{cid}/rating", "citizen:oCitizen", {"stars": 5})[0] == 201
    # Then both are in the one formula: (1 + 5 + 4.9 × 3) / (2 + 3) = 4.14
    assert float(profile("C00").stars) == 4.14
    assert (int(counters("C00").ratings), int(counters("C00").rating_sum)) == (2, 6)


@pytest.mark.parametrize("status", ["confirmed", "in_service"])
def test_a_commission_not_yet_completed_cannot_be_rated(api, status):
    cid = served_by(api, status=status)
    before = table_state()
    answer = api.post(f"/api/commissions/{cid}/rating", "citizen:oCitizen", {"stars": 5})
    assert answer[0] == 409 and answer[1]["error"]["code"] == "wrong_status"
    assert table_state() == before


def test_other_peoples_commissions_answer_as_a_random_id_and_only_citizens_rate(api):
    # Given a completed commission of oCitizen
    cid = served_by(api)
    before = table_state()
    # When another citizen rates it, or an id nobody issued
    theirs = api.post(f"/api/commissions/{cid}/rating", "citizen:oStranger", {"stars": 1})
    random = api.post(f"/api/commissions/{RANDOM}/rating", "citizen:oStranger", {"stars": 1})
    # Then the answers are the same 404, naming nothing
    assert theirs == random and theirs[0] == 404
    # and the lawyer who served it, or staff of its bureau, may not rate it (a citizens' route)
    for who in ("lawyer:C01", "staff:xf"):
        status, answer = api.post(f"/api/commissions/{cid}/rating", who, {"stars": 5})
        assert status in (403, 404) and "error" in answer, who
    assert api.call("post", f"/api/commissions/{cid}/rating", None, {"stars": 5})[0] == 401
    assert table_state() == before


ODD = [{}, {"stars": 0}, {"stars": 6}, {"stars": "5"}, {"stars": 4.5}, {"stars": True},
       {"stars": None}, {"stars": 5, "comment": "长" * 501}, {"stars": 5, "comment": ["x"]},
       {"stars": 5, "lawyer_id": "C02"}, {"stars": 5, "comment": "\ud800"}]


def test_odd_ratings_are_refused_with_400_and_write_nothing(api):
    cid = served_by(api)
    before = table_state()
    for body in ODD:
        status, answer = api.post(f"/api/commissions/{cid}/rating", "citizen:oCitizen", body)
        assert status == 400, (body, answer)
        assert set(answer["error"]) >= {"code", "message"}
    for raw in ("not json", "[" * 200 + "]" * 200, '{"stars": NaN}'):
        assert api.call("post", f"/api/commissions/{cid}/rating", "citizen:oCitizen",
                        raw=raw)[0] == 400
    odd_id = api.post(f"/api/commissions/{'x' * 65}/rating", "citizen:oCitizen", {"stars": 5})
    assert odd_id[0] in (400, 404)
    assert table_state() == before


def test_a_rating_written_meanwhile_wins_over_one_decided_on_a_stale_read(api):
    # Given a completed commission read before the citizen rated it (a second tab, a retry)
    cid = served_by(api)
    stale = commissions_db.commission(cid)
    assert api.post(f"/api/commissions/{cid}/rating", "citizen:oCitizen", {"stars": 5})[0] == 201
    reads = iter([stale])
    real = commissions_db.commission

    def read(commission_id):
        return next(reads, None) or real(commission_id)

    # When the stale read decides a second rating
    with pytest.raises(Conflict) as refused:
        rating.rate(cid, "oCitizen", 1, None, Env(now=api.services.clock.now()), commission_of=read)
    # Then its conditional write is refused, the fresh read says it was rated, and the counters
    # hold the one rating
    assert refused.value.code == "already_rated"
    assert (int(counters("C01").ratings), int(counters("C01").rating_sum)) == (1, 5)
    assert int(stored(cid).rating) == 5
