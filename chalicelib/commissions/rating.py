"""The citizen's 1–5 rating of the lawyer who served a completed commission: once per commission, and
it counts in that lawyer's stars by the published formula (consultations/stars.py) exactly as a
rating of an answer does — the same counters, the same recomputation, in one transaction."""
from chalicelib.clock import iso
from chalicelib.commissions.flow import MISSING
from chalicelib.consultations.stars import after, stars
from chalicelib.db import commissions as db, payouts, pools
from chalicelib.db.effects import CommitError, Effects, commit as commit_effects
from chalicelib.errors import Conflict

COMMENT_MAX = 500
ATTEMPTS = 4
ALREADY = Conflict("您已评价过这项委托", code="already_rated")
NOT_YET = Conflict("委托完成后才能评价律师", code="wrong_status", details={"field": "status"})


def rate(commission_id, openid, score, comment, env, *, commission_of=db.commission,
         lawyer_of=pools.profile, stats_of=payouts.lawyer_stats, commit=commit_effects):
    """Rate the commission's lawyer; returns the rating. Another citizen's or a random id: 404;
    rated already: 409 already_rated; not completed: 409 wrong_status. A race on the lawyer's
    counters (another rating at the same moment) is read again and retried."""
    comment = (comment or "").strip()[:COMMENT_MAX] or None
    for _ in range(ATTEMPTS):
        c = commission_of(commission_id)
        if c is None or c.openid != openid:
            raise MISSING
        if c.rating:
            raise ALREADY
        if c.status != "completed" or not c.lawyer_id:
            raise NOT_YET
        at = iso(env.now)
        writes = Effects([db.rating_update(c, score, comment, at)])
        lawyer = lawyer_of(c.lawyer_id)
        if lawyer is not None:  # a lawyer whose profile is gone: the rating stands alone
            counters = stats_of(lawyer)
            payouts.save_stats(writes.labelled("stats"), counters,
                               after(counters, ratings=1, rating_sum=int(score)))
            pools.load_change(writes.labelled("lawyer"), lawyer, 0, stars=stars(counters))
        try:
            commit(writes)
        except CommitError:  # rated or changed meanwhile (the next read says which), or the
            continue  # counters or the profile moved under another rating: read them again
        if lawyer is not None:
            env.reach([lawyer])
        return {"commission_id": c.id, "stars": int(score), "comment": comment, "rated_at": at,
                "lawyer_id": c.lawyer_id}
    raise Conflict("操作冲突，请稍后重试", code="busy")
