"""A lawyer's lifecycle (issue 11): staff suspend a lawyer with a reason or pause one until a return
date; neither is dispatched (their slots leave the pools, and dispatch skips them even from the duty
roster); the sweep makes a paused lawyer active again on their return date. On moto through the
routes, with the small pool of consultation_support (LX0-LX3 in 信丰, the default bureau)."""
from chalicelib.db import consultations as db
from chalicelib.db.base import Item
from chalicelib.db.models import Lawyer, LawyerSlot
from tests.functional import consultation_support as support

api = support.api  # the fixture
STAFF = "staff:s1"


def status(api, lawyer_id, body):
    return api.put(f"/api/staff/lawyers/{lawyer_id}/status", STAFF, body)


def dispatched(consultation_id):
    return {d.lawyer_id for d in db.dispatches(consultation_id)}


def profile(lawyer_id):
    return Lawyer.get(f"LAWYER#{lawyer_id}", "PROFILE", consistent_read=True)


def slot(lawyer_id):
    return LawyerSlot.get(f"LAWYER#{lawyer_id}", "SLOT#labor", consistent_read=True)


def test_a_suspended_lawyer_leaves_the_pools_and_is_not_dispatched(api):
    # When staff suspend LX0 and LX1, giving a reason
    for lawyer_id in ("LX0", "LX1"):
        code, body = status(api, lawyer_id, {"status": "suspended", "reason": "年度考核未通过"})
        assert code == 200 and (body["status"], body["reason"], body["by"]) == ("suspended", "年度考核未通过", "s1")
    # Then their slots are out of every pool
    assert slot("LX0").GSI1PK is None and slot("LX0").GSI4PK is None
    # And a 信丰 question reaches the other county lawyers, never them
    found = dispatched(api.ask()["id"])
    assert {"LX2", "LX3"} <= found and not found & {"LX0", "LX1"}


def test_a_paused_lawyer_is_back_in_the_pools_on_their_return_date(api):
    # Given every 信丰 lawyer paused until 3 March (the clock: 2 March, 10:00 in China)
    for n in range(4):
        code, body = status(api, f"LX{n}", {"status": "paused", "until": "2026-03-03"})
        assert code == 200 and body["paused_until"] == "2026-03-03"
    assert profile("LX0").resume_at == "2026-03-02T16:00:00Z"  # 3 March 00:00 China time
    # When a 信丰 citizen asks, none of them hears of it
    assert not dispatched(api.ask()["id"]) & {f"LX{n}" for n in range(4)}
    # When the sweep runs just before and at their return
    api.sweep(13 * 60 + 59)
    assert profile("LX0").status == "paused"
    api.sweep(14 * 60)
    # Then they are active again, their slots back in the pools, and the next question reaches them
    assert (profile("LX0").status, profile("LX0").DUEPK) == ("active", None)
    assert slot("LX0").GSI1PK == "POOL#county#360722#labor"
    assert dispatched(api.ask(citizen="oSecond")["id"]) & {f"LX{n}" for n in range(4)}


def test_resuming_by_hand_clears_the_pause(api):
    status(api, "LX0", {"status": "paused", "until": "2026-03-10"})
    code, body = status(api, "LX0", {"status": "active"})
    assert code == 200 and (body["status"], body["paused_until"]) == ("active", None)
    assert profile("LX0").DUEPK is None and slot("LX0").GSI1PK


def test_a_pause_needs_a_return_date_and_a_suspension_a_reason(api):
    for body in ({"status": "paused"}, {"status": "paused", "until": "2026-03-02"},
                 {"status": "paused", "until": "2028-01-01"}, {"status": "suspended"},
                 {"status": "suspended", "reason": "  "}, {"status": "retired"}):
        code, answer = status(api, "LX0", body)
        assert code == 400, (body, answer)
    assert profile("LX0").takes_questions()


def test_another_bureaus_lawyer_is_the_same_404_as_nobody(api):
    # LN0 practises in Beijing: no county of the default bureau
    theirs = status(api, "LN0", {"status": "suspended", "reason": "越权"})
    nobody = status(api, "L00000000000000000", {"status": "suspended", "reason": "越权"})
    assert theirs == nobody and theirs[0] == 404
    assert profile("LN0").takes_questions()
    assert not [i for i in Item.scan() if getattr(i, "status_reason", None) == "越权"]
