"""中标: the citizen marks one answer, and the bureau pays that lawyer and nobody else. The award is
ONE transaction whose condition is the rule — the consultation still takes an award and has none —
writing the consultation, the answer's flag, the payout line and the lawyer's statistics (AP-34).
A citizen who never picks is reminded after 48 h; after 7 days the auto-close policy decides.
Each step reads and writes through `ctx.store`: `award_effects` is the rule as data
(tests/unit/test_award_effects.py)."""
from chalicelib import outbox
from chalicelib.clock import iso
from chalicelib.consultations import AWARDABLE, notices, payout
from chalicelib.consultations.answers import not_found, release_quietly
from chalicelib.consultations.dispatch import retrying
from chalicelib.consultations.lifecycle import finishing_changes
from chalicelib.consultations.stars import after
from chalicelib.db import consultations as db, payouts
from chalicelib.db.effects import Effects, Update, create
from chalicelib.db.changes import revise
from chalicelib.db.settlements import month_open
from chalicelib.errors import Conflict, NotFound
from chalicelib.scoping import bureau_of

UNAWARDED = db.unawarded(AWARDABLE)


def award(consultation_id, answer_id, *, ctx, openid=None, by="citizen", extra_notes=()):
    """Mark `answer_id` 中标 (409 if an answer was awarded already, by anyone, even a moment ago)."""
    def step(c):
        if by == "citizen" and c.openid != openid:
            raise not_found()
        if c.awarded_answer_id or c.status == "awarded":
            raise Conflict("该咨询已选定中标回答，不能重复选择", code="already_awarded")
        answer = ctx.store.answer(c.id, answer_id)
        if answer is None:
            raise NotFound("没有找到该回答", code="answer_not_found")
        if c.status not in AWARDABLE:
            raise Conflict("咨询已结束，不能再选择中标回答", code="consultation_closed")
        return _commit(c, answer, by, ctx, extra_notes)
    c = retrying(lambda: ctx.store.consultation(consultation_id), step)
    if c is None:
        raise not_found()
    if c.release_at:
        release_quietly(c, ctx)
    return c


def _commit(c, answer, by, ctx, extra_notes):
    writes, ids = award_effects(c, answer, by, ctx, extra_notes)
    ctx.commit(writes)
    ctx.committed(ids)
    return c


def award_effects(c, answer, by, ctx, extra_notes=()):
    """The writes of awarding `answer` of `c` (read at its `rev`), as one transaction: the
    consultation (only while it takes an award and has none), the answer's flag, the payout line
    (its month still open), the lawyer's counters, and the notices. Returns (effects, the ids of
    the notifications they queue)."""
    lawyer = ctx.store.lawyer(answer.lawyer_id)
    line = payout.payout_line(
        c, answer, lawyer, bureau=bureau_of(c), now=ctx.now, store=ctx.store,
        categories=ctx.categories, category_name=ctx.category_name(c.category),
        default_fen=ctx.policy.payout_default_fen, awarded_by=by)
    now, amount = line.awarded_at, int(line.amount_fen)
    changes = finishing_changes(c, ctx, status="awarded", awarded_answer_id=answer.answer_id,
                                awarded_lawyer_id=answer.lawyer_id, awarded_at=now, awarded_by=by,
                                payout_fen=amount, closed_at=now)
    actions, condition = revise(c, changes)
    writes = Effects([
        Update(c, actions, condition & UNAWARDED, "consultation"),
        db.answer_awarded(answer),
        create(line, "payout_line"),
        # The month must still be open: a settlement prepared since the line chose it refuses the
        # award, and the retry files the line under the open month (AP-86).
        month_open(line.PK)])
    notes = list(extra_notes)
    if lawyer is not None:
        stats = ctx.store.lawyer_stats(lawyer)
        # 中标 counts toward the lawyer's figures and payouts, never their stars (stars.py)
        payouts.save_stats(writes, stats, after(stats, awards=1, payout_fen=amount))
        notes.append(notices.awarded_to_lawyer(ctx, c, lawyer))
    return writes, [outbox.write_with(writes, note) for note in notes if note]


def remind_to_award(c, ctx):
    """48 h after the first answer and still no pick: remind the citizen, once."""
    remind = c.status in AWARDABLE and c.answer_count and not c.awarded_answer_id
    changes = {"award_reminder_at": None}
    if remind:
        changes["award_reminded_at"] = iso(ctx.now)
    actions, condition = revise(c, changes)
    writes = Effects([Update(c, actions, condition, "consultation")])
    ids = [outbox.write_with(writes, notices.award_reminder(ctx, c))] if remind else []
    ctx.commit(writes)
    ctx.committed(ids)
    return c


def auto_close(c, ctx):
    """Seven days on, close the consultation under the policy: `none` records it unawarded (no
    payout); `first` awards the earliest answer; `best_rated` the answer whose lawyer has most stars."""
    if c.status not in AWARDABLE:
        actions, condition = revise(c, {"auto_close_at": None})
        ctx.commit([Update(c, actions, condition, "consultation")])
        return c
    chosen = _policy_choice(c, ctx.policy.auto_close_policy, ctx.store)
    if chosen is not None:
        closing = notices.auto_closed(ctx, c, awarded=True)
        return award(c.id, chosen.answer_id, ctx=ctx, by="policy", extra_notes=[closing])
    changes = finishing_changes(c, ctx, status="closed", closed_at=iso(ctx.now),
                                close_reason="unawarded" if c.answer_count else "unanswered")
    actions, condition = revise(c, changes)
    writes = Effects([Update(c, actions, condition, "consultation")])
    ids = [outbox.write_with(writes, notices.auto_closed(ctx, c, awarded=False))]
    ctx.commit(writes)
    ctx.committed(ids)
    if c.release_at:
        release_quietly(c, ctx)
    return c


def _policy_choice(c, policy, store):
    if policy == "none" or not c.answer_count:
        return None
    answers = db.answers_of(store.consultation_items(c.id))
    if not answers:
        return None
    if policy == "first":
        return answers[0]
    found = store.lawyers([a.lawyer_id for a in answers])
    return max(answers, key=lambda a: (float(getattr(found.get(a.lawyer_id), "stars", 0) or 0),
                                       -answers.index(a)))
