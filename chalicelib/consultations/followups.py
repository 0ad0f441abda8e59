"""追问: the citizen and one answer's lawyer write to each other under that answer, as often as they
like; each message notifies the other side. What a lawyer writes is screened like an answer."""
from chalicelib import outbox
from chalicelib.clock import iso
from chalicelib.consultations import FOLLOWUP_MAX_CHARS, notices
from chalicelib.consultations.screening import screen_contact
from chalicelib.db import consultations as db
from chalicelib.db.effects import Effects, Update, create
from chalicelib.db.changes import changed
from chalicelib.errors import Conflict, Forbidden, Invalid, NotFound
from chalicelib.scoping import citizens_own


def post_followup(consultation_id, answer_id, body, *, caller, ctx):
    """A follow-up by the consultation's citizen or by the answer's lawyer (anyone else: 404, or 403
    for another lawyer who may see the consultation but is not part of this thread)."""
    body = (body or "").strip()
    if not body:
        raise Invalid("追问内容不能为空", code="followup_empty")
    if len(body) > FOLLOWUP_MAX_CHARS:
        raise Invalid(f"追问最多 {FOLLOWUP_MAX_CHARS} 个字", code="followup_too_long")
    c, answer = ctx.store.consultation(consultation_id), ctx.store.answer(consultation_id, answer_id)
    if c is None:
        raise NotFound("没有找到该咨询", code="consultation_not_found")
    if citizens_own(c, caller):  # their own, asked at their account's bureau
        author = "citizen"
    elif caller.lawyer_id and answer is not None and caller.lawyer_id == answer.lawyer_id:
        author = "lawyer"
    elif caller.lawyer_id and ctx.store.dispatch(c.id, caller.lawyer_id) is not None:
        raise Forbidden("只有该回答的律师和提问的市民可以在这里追问", code="not_in_thread")
    else:
        raise NotFound("没有找到该咨询", code="consultation_not_found")
    if answer is None:
        raise NotFound("没有找到该回答", code="answer_not_found")
    if author == "lawyer":
        screen_contact(body)
    if c.status in ("closed", "refused"):  # after the award the thread goes on
        raise Conflict("咨询已结束，不能再追问", code="consultation_closed")
    followup = db.new_followup(consultation_id=c.id, answer_id=answer.answer_id, author=author,
                               followup_id=ctx.new_id(), body=body, created_at=iso(ctx.now))
    writes = Effects([create(followup, "followup")])
    waiting = _waiting_change(answer, author, followup.created_at)
    if waiting:
        writes.append(Update(answer, changed(answer, waiting), db.answer_exists(), "answer"))
    note = _note_for_other_side(c, answer, followup, author, ctx)
    ids = [outbox.write_with(writes, note)] if note else []
    ctx.commit(writes)
    ctx.committed(ids)
    return followup


def _waiting_change(answer, author, at):
    """The citizen's 追问 marks the answer as waiting for its lawyer (kept at the first unanswered
    one); the lawyer's reply clears it. Nothing to write when the mark is already right."""
    if author == "citizen" and not answer.followup_waiting_since:
        return {"followup_waiting_since": at}
    if author == "lawyer" and answer.followup_waiting_since:
        return {"followup_waiting_since": None}
    return None


def _note_for_other_side(c, answer, followup, author, ctx):
    if author == "lawyer":
        return notices.followup_to_citizen(ctx, c, followup)
    d = ctx.store.dispatch(c.id, answer.lawyer_id)
    if d is None:
        return None
    return notices.followup_to_lawyer(ctx, c, d.lawyer_openid, followup, d.masked,
                                      account=getattr(d, "lawyer_openid_account", None))
