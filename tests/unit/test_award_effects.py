"""中标 on an in-memory store (issue 10, seam 1): the citizen's award is ONE commit whose effects are
the rule — the consultation (only while it takes an award and has none), the answer's flag, the
payout line (only while its month is unsettled), the lawyer's counters and the lawyer's notice.
An answer is one commit the same way. No table: the capability reads and commits through the
context's store."""
from types import SimpleNamespace

import pytest

from chalicelib.clock import parse_instant
from chalicelib.consultations import award
from chalicelib.consultations.context import Ctx
from chalicelib.db.consultations import Answer, Consultation
from chalicelib.db.models import Lawyer
from chalicelib.db.messaging import Notification
from chalicelib.db.payouts import LawyerStats, PayoutLine
from chalicelib.db.bureaus import Bureau
from chalicelib.db.settlements import Settlement
from chalicelib.errors import Conflict
from tests.unit.fake_store import Check, FakeStore, Put, Update

NOW = parse_instant("2026-03-02T05:00:00Z")
DAYU = "360723"
LABOR = SimpleNamespace(code="labor", name="劳动争议", payout_fen=4000)


def consultation(**fields):
    return Consultation(**{"id": "ZX20260302-AAAAAA", "openid": "oCitizen", "category": "labor",
                           "question": "老板拖欠三个月工资不发怎么办", "source": "h5", "county": DAYU,
                           "status": "answering", "created_at": "2026-03-02T04:00:00Z", "rev": 7,
                           "answer_count": 1, "dispatched": 1, "bureau": DAYU, **fields})


def answer():
    return Answer(consultation_id="ZX20260302-AAAAAA", answer_id="a1", lawyer_id="L1",
                  lawyer_name="王律师", firm="大余律师事务所", body="可以申请劳动仲裁。",
                  created_at="2026-03-02T04:05:00Z", n=1)


def lawyer():
    return Lawyer(lawyer_id="L1", name="王律师", licence_no="13607231010000001", firm="大余律师事务所",
                  county=DAYU, city="3607", province="36", openid="oLawyer", stars=4)


def given(*extra, **store):
    fake = FakeStore(consultation(), answer(), lawyer(), *extra, **store)
    sent = []
    ctx = Ctx(now=NOW, store=fake, load_categories=lambda: [LABOR], on_commit=sent.extend,
              public_base_url="https://zst.example", bureau=DAYU)
    return fake, ctx, sent


def test_an_award_is_one_commit_of_the_rule_and_pays_the_category_rate():
    # Given a consultation of 大余 with one answer, read at revision 7
    fake, ctx, sent = given()
    # When the citizen awards the answer
    c = award.award("ZX20260302-AAAAAA", "a1", ctx=ctx, openid="oCitizen")
    # Then exactly one commit holds the consultation, the answer, the line, the month check, the
    # lawyer's counters and the lawyer's notice
    (commit,) = fake.commits
    assert [(type(e), e.label) for e in commit] == [
        (Update, "consultation"), (Update, "answer"), (Put, "payout_line"), (Check, "month_open"),
        (Put, "put"), (Put, "put")]
    # And the consultation's write is conditioned on the revision read and on having no award
    condition = str(commit[0].condition)
    assert "rev = {'N': '7'}" in condition and "attribute_not_exists (awarded_answer_id)" in condition
    assert "status IN ({'S': 'answering'}, {'S': 'answered'})" in condition
    assert (c.status, c.awarded_answer_id, c.awarded_by, c.payout_fen, c.rev) == (
        "awarded", "a1", "citizen", 4000, 8)
    # And the line is 大余's, of March, at the category's rate, and its key must be free
    line = commit[2].item
    assert isinstance(line, PayoutLine) and str(commit[2].condition) == "attribute_not_exists (PK)"
    assert (line.bureau, line.month, line.amount_fen, line.lawyer_id) == (DAYU, "2026-03", 4000, "L1")
    # And the month must still have no settlement when the award commits
    check = commit[3]
    assert (check.model, check.hash_key, check.range_key) == (Settlement, line.PK, "SETTLEMENT")
    # And the lawyer's counters count the award and the payout, never their stars
    stats = commit[4].item
    assert isinstance(stats, LawyerStats) and (stats.awards, stats.payout_fen, stats.rev) == (1, 4000, 1)
    # And the lawyer is told, through the outbox, once committed
    note = commit[5].item
    assert isinstance(note, Notification) and note.to_openid == "oLawyer"
    assert sent == [note.notification_id]


def test_a_bureau_rate_beats_the_category_and_a_settled_month_files_the_line_in_the_next():
    # Given 大余 pays 5,000 fen for labour questions, and March is already being settled
    rate = Bureau(code=DAYU, name="大余县司法局", short_name="大余", account="wxdayu",
                  payout_fen={"labor": 5000})
    fake, ctx, _ = given(bureaus=[rate], settled=[(DAYU, "2026-03")])
    # When the citizen awards the answer
    award.award("ZX20260302-AAAAAA", "a1", ctx=ctx, openid="oCitizen")
    # Then the line pays 大余's rate under April, and the check guards April
    (line,) = [e.item for e in fake.written(Put, "payout_line")]
    (check,) = fake.written(Check, "month_open")
    assert (line.amount_fen, line.month, check.hash_key) == (5000, "2026-04", line.PK)


def test_a_consultation_already_awarded_is_refused_and_nothing_is_committed():
    # Given a consultation whose answer was awarded a moment ago
    fake = FakeStore(consultation(awarded_answer_id="a1", status="awarded"), answer(), lawyer())
    ctx = Ctx(now=NOW, store=fake, load_categories=lambda: [LABOR])
    # When the citizen awards again
    with pytest.raises(Conflict) as refused:
        award.award("ZX20260302-AAAAAA", "a1", ctx=ctx, openid="oCitizen")
    # Then it is a 409 and nothing was written
    assert refused.value.code == "already_awarded" and fake.commits == []


def test_another_citizen_cannot_award_and_nothing_is_committed():
    fake, ctx, _ = given()
    with pytest.raises(Exception) as refused:
        award.award("ZX20260302-AAAAAA", "a1", ctx=ctx, openid="oSomeoneElse")
    assert refused.value.code == "consultation_not_found" and fake.commits == []


def test_the_policy_award_after_seven_days_closes_with_the_first_answer():
    # Given the auto-close policy `first` and a consultation whose week has run out
    fake, ctx, _ = given()
    ctx.policy = ctx.policy.__class__(auto_close_policy="first")
    # When the sweep's auto-close step runs
    award.auto_close(fake.consultation("ZX20260302-AAAAAA"), ctx)
    # Then the first answer is awarded by the policy, with the closing notice to the citizen
    (update,) = fake.written(Update, "consultation")
    assert update.item.awarded_by == "policy" and update.item.awarded_answer_id == "a1"
    notes = [e.item for e in fake.written(Put) if isinstance(e.item, Notification)]
    assert {n.to_openid for n in notes} == {"oCitizen", "oLawyer"}


def test_the_answer_that_reaches_the_cap_is_one_commit_that_closes_answering():
    # Given a consultation with four answers of five, and a fifth lawyer still holding it
    from chalicelib.consultations import answers
    from chalicelib.db.consultations import Dispatch

    held = Dispatch(consultation_id="ZX20260302-AAAAAA", lawyer_id="L1", source="county", tier=0,
                    dispatched_at="2026-03-02T04:01:00Z", category="labor", question="q")
    fake = FakeStore(consultation(answer_count=4, dispatched=6), held,
                     Lawyer(lawyer_id="L1", name="王律师", licence_no="1", firm="所", county=DAYU,
                            city="3607", province="36", openid="oLawyer", open_questions=1,
                            specialties=["labor"]))
    ctx = Ctx(now=NOW, store=fake, load_categories=lambda: [LABOR], bureau=DAYU)
    ctx.policy = ctx.policy.__class__(answer_cap=5)
    # When the lawyer answers
    answers.post_answer("ZX20260302-AAAAAA", "用人单位应当按月足额支付劳动者工资，拖欠工资的，劳动者可以向劳动监察大队投诉，也可以申请劳动仲裁，要求支付工资和经济补偿。",
                        lawyer_id="L1", ctx=ctx)
    # Then the first commit writes the answer on a free key, the dispatch only while open, the
    # consultation only at the revision read and while answering, and closes answering
    first = fake.commits[0]
    assert [e.label for e in first[:3]] == ["answer", "dispatch", "consultation"]
    assert str(first[0].condition) == "attribute_not_exists (PK)"
    assert str(first[1].condition) == "state = {'S': 'open'}"
    assert "rev = {'N': '7'}" in str(first[2].condition) and "status = {'S': 'answering'}" in str(first[2].condition)
    assert first[2].item.status == "answered" and first[2].item.answer_count == 5
    # And the lawyer's load goes down by one, in the same commit, on their profile as read
    (load,) = [e for e in first if isinstance(e, Update) and isinstance(e.item, Lawyer)]
    assert load.item.lawyer_id == "L1" and "attribute_exists (PK)" in str(load.condition)
