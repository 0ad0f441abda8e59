"""Hostile input to the commission routes: other people's ids answer the 404 of a random id, odd or
oversized bodies a 400 in the contract's shape, a lawyer accepting what was not offered to them 404,
accepting twice 409 — and a refused request writes nothing."""
import json

from chalicelib.db.base import Item
from tests.functional.commission_support import api, stored  # noqa: F401 (fixture)


def table_state():
    return sorted(json.dumps(i.serialize(), sort_keys=True) for i in Item.scan()  # tests may scan
                  if i.entity != "Session")


GOOD = {"service": "劳动仲裁代理", "summary": "请代理仲裁", "other_party": "某公司", "category": "labor"}


ODD_BODIES = [
    {**GOOD, "summary": "长" * 2001},
    {**GOOD, "other_party": "名" * 101},
    {**GOOD, "service": "代写情书"},
    {**GOOD, "county": "36072"},
    {**GOOD, "county": "999999"},  # not a county we know
    {**GOOD, "category": "no-such"},
    {**GOOD, "other_party": "。。。  "},  # nothing left of the name
    {**GOOD, "contact": {"name": "张三", "phone": "12345"}},
    {**GOOD, "contact": {"name": "张三", "phone": "138.1234.5678"}},
    {**GOOD, "contact": {"name": "张三", "phone": "一三八一二三四五六七八"}},
    {**GOOD, "contact": {"name": "张三", "phone": "1" * 21}},
    {**GOOD, "contact": {"name": "张三"}},
    {**GOOD, "extra": 1},
    {**GOOD, "summary": ["a"]},
    {**GOOD, "lawyer_id": "x" * 65},
    {k: v for k, v in GOOD.items() if k != "other_party"},
    {k: v for k, v in GOOD.items() if k != "category"},  # neither a consultation nor a category
]
BROKEN = ["[" * 200 + "]" * 200, '{"service": NaN}', "not json",
          json.dumps({**GOOD, "summary": "\ud800"})]


def test_odd_bodies_are_refused_with_400_and_write_nothing(api):
    before = table_state()
    for body in ODD_BODIES:
        status, answer = api.post("/api/commissions", "citizen:oCitizen", body)
        assert status == 400, (body, answer)
        assert set(answer["error"]) >= {"code", "message"}
    assert table_state() == before


def test_deep_or_broken_json_is_refused_with_400(api):
    before = table_state()
    for raw in BROKEN:
        status, answer = api.call("post", "/api/commissions", "citizen:oCitizen", raw=raw)
        assert status == 400 and "error" in answer, raw
    assert table_state() == before


def test_another_citizens_consultation_or_an_unknown_or_paused_lawyer_is_404(api):
    before = table_state()
    for body, code in (({"consultation_id": "ZX20260302-AAAAAA"}, "consultation_not_found"),
                       ({"consultation_id": "ZX20990101-ZZZZZZ"}, "consultation_not_found"),
                       ({"lawyer_id": "NOBODY"}, "lawyer_not_found"),
                       ({"lawyer_id": "PAUSED"}, "lawyer_not_found"),
                       ({"lawyer_id": "UNBOUND"}, "lawyer_not_found")):
        status, answer = api.post("/api/commissions", "citizen:oStranger", {**GOOD, **body})
        assert (status, answer["error"]["code"]) == (404, code), body
    assert table_state() == before


def test_other_peoples_commissions_answer_as_random_ids(api):
    cid = api.commission()["id"]
    random = "WT20260302-00000000"
    for step in ("confirm", "decline", "cancel", "push"):
        theirs = api.post(f"/api/commissions/{cid}/{step}", "citizen:oStranger")
        assert theirs == api.post(f"/api/commissions/{random}/{step}", "citizen:oStranger")
        assert theirs[0] == 404
    assert stored(cid).status == "offered"


def test_a_lawyer_accepting_what_was_not_offered_to_them_gets_404_and_twice_409(api):
    cid = api.commission()["id"]
    # C08 was not offered it (round 1 is C00 and C01): the same 404 as a random id
    not_offered = api.accept(cid, "C08")
    assert not_offered == api.accept("WT20260302-00000000", "C08")
    assert not_offered[0] == 404
    assert api.accept(cid, "C00")[0] == 200
    again = api.accept(cid, "C00")
    assert again[0] == 409 and again[1]["error"]["code"] == "already_taken"
    # a citizen cannot accept; a lawyer must declare no conflict and give the whole quote
    assert api.post(f"/api/commissions/{cid}/accept", "citizen:oCitizen",
                    {"quote": {"fee": "1", "scope": "x", "days": 1}, "no_conflict": True})[0] == 403
    other = api.commission()["id"]
    for body in ({"quote": {"fee": "1", "scope": "x", "days": 1}, "no_conflict": False},
                 {"quote": {"fee": "1", "scope": "x", "days": 1}},
                 {"quote": {"fee": "1", "scope": "x"}, "no_conflict": True},
                 {"quote": {"fee": "1", "scope": "x", "days": 0}, "no_conflict": True},
                 {"quote": {"fee": "1" * 41, "scope": "x", "days": 1}, "no_conflict": True}):
        status, _ = api.post(f"/api/commissions/{other}/accept", "lawyer:C01", body)
        assert status == 400, body
    assert stored(other).status == "offered"


def test_steps_out_of_order_are_409_and_change_nothing(api):
    cid = api.commission()["id"]
    for step in ("confirm", "decline", "push"):
        status, answer = api.post(f"/api/commissions/{cid}/{step}", "citizen:oCitizen")
        assert status == 409 and answer["error"]["code"] == "wrong_status", step
    assert stored(cid).status == "offered"


def test_anonymous_callers_are_401(api):
    assert api.call("post", "/api/commissions", None, GOOD)[0] == 401
    assert api.call("get", "/api/lawyer/commissions", None)[0] == 401
