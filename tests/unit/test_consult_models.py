"""Key shapes of the consultation entities (docs/data-model.md), without AWS: sparse indexes are
entered and left by the fields the rules change."""
from chalicelib.db.changes import changed, revise
from chalicelib.db.consultations import (
    Answer, CitizenDayCount, Consultation, Dispatch, Followup)
from chalicelib.db.duty import DutyLoad, DutyShift
from chalicelib.db.payouts import LawyerStats, PayoutLine


def keys_of(item):
    return {k: v["S"] for k, v in item.serialize().items() if k in (
        "PK", "SK", "GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK", "DUEPK", "DUEAT")}


def consultation(**fields):
    base = dict(id="ZX20260302-AAAAAA", openid="oC", category="labor", question="工资被拖欠怎么办呢",
                source="h5", county="360722", status="answering", created_at="2026-03-02T02:00:00Z")
    return Consultation(**dict(base, **fields))


def test_a_chat_consultation_not_yet_started_is_due_when_it_was_opened():
    c = consultation(status="dispatching", source="chat")
    assert keys_of(c)["DUEAT"] == "2026-03-02T02:00:00Z#CONS#ZX20260302-AAAAAA"


def test_a_consultation_is_due_at_its_earliest_pending_work():
    # Given a consultation with a tier at 02:03, a staff alert at 02:09 and auto-close in a week
    c = consultation(next_tier_at="2026-03-02T02:03:00Z", staff_alert_at="2026-03-02T02:09:00Z",
                     auto_close_at="2026-03-09T02:00:00Z")
    assert keys_of(c)["DUEAT"].startswith("2026-03-02T02:03:00Z")
    # When the tier is done, Then the staff alert is next
    changed(c, {"next_tier_at": None})
    assert keys_of(c)["DUEAT"].startswith("2026-03-02T02:09:00Z")


def test_a_finished_consultation_leaves_the_due_index():
    # Given a consultation whose only pending work is its auto-close
    c = consultation(auto_close_at="2026-03-09T02:00:00Z")
    # When it closes
    actions = changed(c, {"status": "closed", "auto_close_at": None})
    # Then the update removes its DUE keys (the sweep never reads it again)
    removed = {repr(a) for a in actions if type(a).__name__ == "RemoveAction"}
    assert {"DUEPK", "DUEAT", "auto_close_at"} <= removed and "DUEPK" not in keys_of(c)


def test_a_revision_is_the_condition_of_every_change():
    c = consultation(rev=4)
    actions, condition = revise(c, {"answer_count": 1})
    assert c.rev == 5 and "rev" in repr(condition) and "4" in repr(condition)


def test_an_open_dispatch_is_in_the_lawyers_inbox_and_due_for_a_reminder_and_leaves_both_when_answered():
    d = Dispatch(consultation_id="ZX1", lawyer_id="L1", source="county", tier=1, category="labor",
                 question="q", dispatched_at="2026-03-02T02:00:00Z", remind_at="2026-03-02T02:05:00Z")
    assert keys_of(d) == {"PK": "CONS#ZX1", "SK": "DISPATCH#L1", "GSI1PK": "INBOX#L1",
                          "GSI1SK": "2026-03-02T02:00:00Z#ZX1", "DUEPK": "DUE",
                          "DUEAT": "2026-03-02T02:05:00Z#CONS#ZX1#L1"}
    changed(d, {"state": "answered", "remind_at": None})
    assert keys_of(d) == {"PK": "CONS#ZX1", "SK": "DISPATCH#L1"}


def test_answers_follow_ups_ledger_lines_and_counters_have_their_documented_keys():
    answer = Answer(consultation_id="ZX1", answer_id="a1", lawyer_id="L1", lawyer_name="王",
                    body="b", created_at="2026-03-02T02:04:00Z")
    assert keys_of(answer) == {"PK": "CONS#ZX1", "SK": "ANSWER#a1", "GSI1PK": "ANSWERS#L1",
                               "GSI1SK": "2026-03-02T02:04:00Z#ZX1"}
    followup = Followup(consultation_id="ZX1", answer_id="a1", followup_id="f1", author="citizen",
                        body="b", created_at="2026-03-02T03:00:00Z")
    assert keys_of(followup)["SK"] == "ANSWER#a1#FU#2026-03-02T03:00:00Z#f1"
    line = PayoutLine(bureau="360722", month="2026-03", consultation_id="ZX1", answer_id="a1", lawyer_id="L1",
                      lawyer_name="王", category="labor", amount_fen=4000,
                      awarded_at="2026-03-02T05:00:00Z", awarded_by="citizen")
    assert keys_of(line) == {"PK": "PAYOUT#360722#2026-03", "SK": "LINE#2026-03-02T05:00:00Z#ZX1",
                             "GSI1PK": "EARN#L1", "GSI1SK": "2026-03#360722#2026-03-02T05:00:00Z#ZX1"}
    # A line from before issue 10 (no bureau) keeps its legacy place if it is ever saved again
    line.bureau = None
    assert keys_of(line) == {"PK": "PAYOUT#2026-03", "SK": "2026-03-02T05:00:00Z#ZX1"}
    assert keys_of(CitizenDayCount(openid="oC", day="2026-03-02")) == {
        "PK": "CITIZEN#oC", "SK": "DAY#2026-03-02"}
    assert keys_of(LawyerStats(lawyer_id="L1")) == {"PK": "LAWYER#L1", "SK": "STATS"}
    assert keys_of(DutyShift(day="2026-03-02", shift=1)) == {"PK": "DUTY#360722#2026-03-02", "SK": "SHIFT#1"}
    assert keys_of(DutyLoad(lawyer_id="L1", hour="2026-03-02T10")) == {
        "PK": "DUTYLOAD#L1", "SK": "2026-03-02T10"}


def test_an_answer_enters_its_lawyers_waiting_follow_ups_while_a_citizens_follow_up_waits():
    answer = Answer(consultation_id="ZX20260302-AAAAAA", answer_id="A1", lawyer_id="L1", lawyer_name="刘",
                    body="依据……", created_at="2026-03-02T02:05:00Z")
    assert "GSI2PK" not in keys_of(answer)
    # When the citizen follows up, Then the answer is in the lawyer's sparse index, oldest first
    actions = changed(answer, {"followup_waiting_since": "2026-03-02T03:00:00Z"})
    assert (keys_of(answer)["GSI2PK"], keys_of(answer)["GSI2SK"]) == (
        "FUWAIT#L1", "2026-03-02T03:00:00Z#ZX20260302-AAAAAA")
    assert actions
    # When the lawyer replies, Then it leaves the index in the same write
    changed(answer, {"followup_waiting_since": None})
    assert "GSI2PK" not in keys_of(answer)
