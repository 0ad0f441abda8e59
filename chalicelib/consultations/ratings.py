"""The citizen's 1–5 rating with a comment: once per consultation, of the awarded answer's lawyer
(or of the answer the citizen names). It feeds that lawyer's stars (see stars.py)."""
from chalicelib.clock import iso
from chalicelib.consultations.answers import not_found
from chalicelib.consultations.dispatch import retrying
from chalicelib.consultations.stars import after, stars
from chalicelib.db import consultations as db, payouts, pools
from chalicelib.db.effects import Effects, Update
from chalicelib.db.changes import revise
from chalicelib.errors import Conflict, NotFound, Unprocessable

COMMENT_MAX = 500


def rate(consultation_id, score, comment, *, openid, ctx, answer_id=None):
    comment = (comment or "").strip()[:COMMENT_MAX]

    def step(c):
        if c.openid != openid:
            raise not_found()
        if c.rating:
            raise Conflict("您已评价过该咨询", code="already_rated")
        chosen = answer_id or c.awarded_answer_id
        if not chosen:
            raise Unprocessable("请先选择中标回答，或指明要评价的回答", code="answer_required")
        answer = ctx.store.answer(c.id, chosen)
        if answer is None:
            raise NotFound("没有找到该回答", code="answer_not_found")
        lawyer = ctx.store.lawyer(answer.lawyer_id)
        actions, condition = revise(c, {"rating": int(score), "rating_comment": comment or None,
                                        "rated_lawyer_id": answer.lawyer_id})
        writes = Effects([Update(c, actions, condition & db.not_rated(),
                                 "consultation")])
        if lawyer is not None:
            stats = ctx.store.lawyer_stats(lawyer)
            payouts.save_stats(writes, stats, after(stats, ratings=1, rating_sum=int(score)))
            pools.load_change(writes, lawyer, 0, stars=stars(stats))
        ctx.commit(writes)
        ctx.committed([], lawyers=[lawyer])
        return {"consultation_id": c.id, "stars": int(score), "comment": comment,
                "answer_id": answer.answer_id, "rated_at": iso(ctx.now)}
    rated = retrying(lambda: ctx.store.consultation(consultation_id), step)
    if rated is None:
        raise not_found()
    return rated
