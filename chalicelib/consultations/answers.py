"""Lawyers' answers: once per dispatched lawyer, screened, editable until the award. The answer that
reaches the cap closes answering; the citizen hears of the first answer and of the close, once each."""
import logging
from datetime import timedelta

from chalicelib import outbox
from chalicelib.clock import iso, parse_instant
from chalicelib.consultations import ANSWER_MAX_CHARS, AWARDABLE, notices, sla_metric
from chalicelib.consultations.dispatch import retrying
from chalicelib.consultations.plan import next_tier_at, plan_of
from chalicelib.consultations.lifecycle import closing_changes, release
from chalicelib.consultations.screening import screen_answer
from chalicelib.consultations.stars import after
from chalicelib.db import consultations as db, payouts, pools
from chalicelib.db.effects import Check, CommitError, Effects, Update, create
from chalicelib.db.changes import changed, revise
from chalicelib.errors import Conflict, Invalid, NotFound
from chalicelib.logs import log


def not_found():
    return NotFound("没有找到该咨询", code="consultation_not_found")


def _checked(body):
    body = screen_answer(body)
    if len(body) > ANSWER_MAX_CHARS:
        raise Invalid(f"回答最多 {ANSWER_MAX_CHARS} 个字", code="answer_too_long")
    return body


def post_answer(consultation_id, body, *, lawyer_id, ctx):
    """A dispatched lawyer answers (404 for anyone not dispatched, 409 once answering has closed)."""
    body = _checked(body)

    def step(c):
        d = ctx.store.dispatch(c.id, lawyer_id)
        if d is None:
            raise not_found()
        if d.state == "answered":
            raise Conflict("您已解答过该咨询，可以修改您的回答", code="already_answered")
        if c.status != "answering" or d.state != "open":
            raise Conflict("该咨询已停止接收回答", code="answering_closed")
        lawyer = ctx.store.lawyer(lawyer_id)
        if lawyer is None:
            raise not_found()
        return _commit(c, d, lawyer, body, ctx)
    answer = retrying(lambda: ctx.store.consultation(consultation_id), step)
    if answer is None:
        raise not_found()
    return answer


def _commit(c, d, lawyer, body, ctx):
    policy, now = ctx.policy, ctx.now
    count = int(c.answer_count or 0) + 1
    response = int((now - parse_instant(d.dispatched_at)).total_seconds())
    answer = db.Answer(consultation_id=c.id, answer_id=ctx.new_id(), lawyer_id=lawyer.lawyer_id,
                       lawyer_name=lawyer.name, firm=lawyer.firm, body=body, created_at=iso(now),
                       response_seconds=response, n=count)
    changes = {"answer_count": count}
    if count == 1:
        changes.update(first_answer_at=iso(now), staff_alert_at=None,
                       first_response_seconds=int((now - parse_instant(c.created_at)).total_seconds()),
                       award_reminder_at=iso(now + timedelta(hours=policy.award_reminder_hours)))
    if c.next_tier_at:  # skip the steps this answer makes unneeded
        changes["next_tier_at"] = next_tier_at(c, plan_of(c, ctx), policy.answer_min, answers=count)
    closes = count >= policy.answer_cap
    if closes:
        changes.update(closing_changes(c, count, ctx), status="answered")
    stats = ctx.store.lawyer_stats(lawyer)
    actions, condition = revise(c, changes)
    writes = Effects([
        create(answer, "answer"),
        Update(d, changed(d, {"state": "answered", "answer_id": answer.answer_id,
                              "answered_at": iso(now), "remind_at": None}),
               db.Dispatch.state == "open", "dispatch"),
        Update(c, actions, condition & (db.Consultation.status == "answering"), "consultation")])
    payouts.save_stats(writes, stats, {**after(stats, answers=1, response_seconds_sum=response),
                                       "recent_responses": payouts.recent_after(stats, response)})
    pools.load_change(writes, lawyer, -1)  # an answer moves no stars (stars.py)
    notes = ([notices.first_answer(ctx, c)] if count == 1 else []) + \
        ([notices.answers_closed(ctx, c)] if closes else [])
    ids = [outbox.write_with(writes, note) for note in notes]
    ctx.commit(writes)
    ctx.committed(ids, lawyers=[lawyer])
    if count == 1:
        sla_metric.first_answer(c, changes["first_response_seconds"], now, policy)
    if closes and c.release_at:
        release_quietly(c, ctx)
    return answer


def release_quietly(c, ctx):
    """Release the other lawyers now; if that fails the sweep does it (release_at stays due)."""
    try:
        release(c, ctx)
    except Exception:
        log("consultation_release_deferred", logging.WARNING, exc_info=True, consultation=c.id)


def edit_answer(consultation_id, answer_id, body, *, lawyer_id, ctx):
    """The answer's lawyer rewrites it — until an answer is awarded or the consultation closes."""
    body = _checked(body)
    c, answer = ctx.store.consultation(consultation_id), ctx.store.answer(consultation_id, answer_id)
    if c is None or answer is None or answer.lawyer_id != lawyer_id:
        raise NotFound("没有找到该回答", code="answer_not_found")
    locked = Conflict("已选定中标回答或咨询已结束，回答不能再修改", code="answer_locked")
    if c.awarded_answer_id or c.status not in AWARDABLE:
        raise locked
    try:
        ctx.commit([
            Check(db.Consultation, f"CONS#{c.id}", "META",
                  db.Consultation.status.is_in(*AWARDABLE)
                  & db.Consultation.awarded_answer_id.does_not_exist(), "consultation"),
            Update(answer, [db.Answer.body.set(body), db.Answer.edited_at.set(iso(ctx.now))],
                   (db.Answer.lawyer_id == lawyer_id) & (db.Answer.awarded == False),  # noqa: E712
                   "answer")])
    except CommitError:
        raise locked
    answer.body, answer.edited_at = body, iso(ctx.now)
    return answer
