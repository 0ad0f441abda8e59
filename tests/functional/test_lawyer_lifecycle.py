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


# -- the annual assessment (年度考核) --------------------------------------------------------------
def assessment(api, lawyer_id, due, who=STAFF):
    return api.put(f"/api/staff/lawyers/{lawyer_id}/assessment", who, {"due": due})


def assessment_notes(lawyer_id):
    return sorted((n.template_key, n.idempotency_key.rsplit(":", 1)[1])
                  for n in support.notes(to_openid=f"o{lawyer_id}") if "assessment" in n.template_key)


def test_the_assessment_reminds_30_and_7_days_ahead_and_suspends_when_it_lapses(api):
    # Given LX0's assessment due on 1 May (the clock: 2 March, 10:00 in China)
    code, body = assessment(api, "LX0", "2026-05-01")
    assert code == 200 and body["assessment_due"] == "2026-05-01"
    at_30 = 30 * 24 * 60 - 60  # 2 March 10:00 + 30 days - 1 h = 1 April 09:00 China time
    # When the sweep runs before 1 April 09:00, nothing is sent
    api.sweep(at_30 - 1)
    assert assessment_notes("LX0") == []
    # On 1 April 09:00 (30 days ahead) the lawyer is reminded, once, however often the sweep runs
    api.sweep(at_30)
    api.sweep(at_30)
    assert assessment_notes("LX0") == [("lawyer_assessment_due", "reminded_30")]
    # On 24 April 09:00 (7 days ahead) again
    api.sweep(at_30 + 23 * 24 * 60)
    assert assessment_notes("LX0") == [("lawyer_assessment_due", "reminded_30"),
                                       ("lawyer_assessment_due", "reminded_7")]
    assert profile("LX0").status is None or profile("LX0").status == "active"
    # When 1 May has passed (2 May 00:00 China time) the lawyer is suspended and told, once
    lapse = at_30 + 31 * 24 * 60 - 9 * 60
    api.sweep(lapse - 1)
    assert profile("LX0").takes_questions()
    api.sweep(lapse)
    api.sweep(lapse + 1)
    lawyer = profile("LX0")
    assert (lawyer.status, lawyer.status_reason, lawyer.status_by) == ("suspended", "年度考核逾期未完成", "system")
    assert slot("LX0").GSI1PK is None and lawyer.DUEPK is None
    assert assessment_notes("LX0")[-1] == ("lawyer_assessment_lapsed", "lapsed")
    assert len(assessment_notes("LX0")) == 3


def test_a_due_date_set_late_sends_only_the_reminder_that_is_due(api):
    # Given an assessment due in 5 days: the 30- and 7-day reminders' times have passed
    assessment(api, "LX1", "2026-03-07")
    api.sweep(1)
    api.sweep(2)
    assert assessment_notes("LX1") == [("lawyer_assessment_due", "reminded_7")]


def test_a_new_due_date_starts_a_new_cycle_and_bad_dates_are_refused(api):
    assessment(api, "LX2", "2026-03-07")
    api.sweep(1)
    assert assessment(api, "LX2", "2027-03-07")[0] == 200
    assert (profile("LX2").assessment_due, profile("LX2").assessment_step) == ("2027-03-07", None)
    for due in ("2026-03-01", "2030-01-01", "明年", "2026-02-30"):
        assert assessment(api, "LX2", due)[0] == 400, due
    assert profile("LX2").assessment_due == "2027-03-07"


# -- a changed firm or licence needs verification ---------------------------------------------------
def test_a_lawyer_who_changes_firm_waits_for_staff_to_verify_and_is_not_dispatched(api):
    # When LX0 changes their firm
    code, body = api.put("/api/lawyer/profile", "lawyer:LX0", {"firm": "信丰新华律师事务所"})
    assert code == 200 and body["status"] == "pending_verification", body
    lawyer = profile("LX0")
    assert (lawyer.firm, lawyer.status_reason) == ("信丰新华律师事务所", "律师修改了律所")
    # Then they leave the pools and no question reaches them
    assert slot("LX0").GSI1PK is None
    assert "LX0" not in dispatched(api.ask()["id"])
    # Until staff verify them (active again)
    assert status(api, "LX0", {"status": "active"})[0] == 200
    assert slot("LX0").GSI1PK == "POOL#county#360722#labor"


def test_an_unchanged_or_bad_profile_change_changes_nothing(api):
    assert api.put("/api/lawyer/profile", "lawyer:LX1", {"firm": profile("LX1").firm})[1]["status"] == "active"
    for body in ({}, {"firm": "=HYPERLINK(1)"}, {"licence_no": "123"}, {"firm": "x" * 61},
                 {"licence_no": "13607209910000001"}, {"mobile": "13800000000"}):
        code, answer = api.put("/api/lawyer/profile", "lawyer:LX1", body)
        assert code == 400, (body, answer)
    assert profile("LX1").takes_questions()


# -- follow state ---------------------------------------------------------------------------------
def test_a_lawyer_known_not_to_follow_is_never_dispatched_even_if_their_slots_linger(api):
    # Given LX0's profile saying they unfollowed, their slots (stale) still in the pools
    lawyer = profile("LX0")
    lawyer.follows = False
    lawyer.save()
    assert slot("LX0").GSI1PK
    # Then no tier counts them
    assert "LX0" not in dispatched(api.ask()["id"])
