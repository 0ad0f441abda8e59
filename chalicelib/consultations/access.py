"""Who may see a consultation, and what each sees. Its citizen, the lawyers dispatched to it and staff
may; anyone else gets 404, exactly as for a consultation that does not exist. A lawyer sees the
question (masked outside the citizen's county) and their own answer's thread, not other lawyers'
threads, which hold what the citizen told them. Attachments — photos may show an ID card — are
hidden wherever the question is masked; a stored photo or voice note (sent with the form, or sent in
chat and copied from WeChat) comes with a five-minute link."""
from chalicelib import scoping
from chalicelib.consultations import AWARDABLE, STATUS_LABELS, photos
from chalicelib.consultations.answers import not_found
from chalicelib.consultations.privacy import mask_personal_data
from chalicelib.consultations.stars import shown as shown_stars
from chalicelib.db import consultations as db, pools

DISPATCH_FIELDS = ("lawyer_id", "source", "tier", "dispatched_at", "state", "reminded_at",
                   "answered_at", "released_at")


def load(consultation_id):
    """(consultation, {lawyer_id: dispatch}, [answers], {answer_id: [follow-ups]}) in one query."""
    c, dispatches, answers, threads = None, {}, [], {}
    for item in db.consultation_items(consultation_id):
        if isinstance(item, db.Consultation):
            c = item
        elif isinstance(item, db.Dispatch):
            dispatches[item.lawyer_id] = item
        elif isinstance(item, db.Answer):
            answers.append(item)
        elif isinstance(item, db.Followup):
            threads.setdefault(item.answer_id, []).append(item)
    answers.sort(key=db.Answer.order)
    return c, dispatches, answers, threads


def relation(caller, c, dispatches):
    """How the caller relates to the consultation: citizen, lawyer, staff, or None (not visible).
    Staff see only their own bureau's consultations (another bureau's reads as a missing one)."""
    if caller.role == "staff":
        return "staff" if scoping.bureau_of(c) == caller.bureau else None
    if scoping.citizens_own(c, caller):  # their own, asked at their account's bureau
        return "citizen"
    if caller.lawyer_id and caller.lawyer_id in dispatches:
        return "lawyer"
    return None


def view(consultation_id, caller, presign=None):
    """The consultation as the caller may see it; 404 when they may not see it at all.
    `presign(key, seconds)` links a stored photo (without it, photos show as chat media do)."""
    c, dispatches, answers, threads = load(consultation_id)
    who = relation(caller, c, dispatches) if c is not None else None
    if who is None:
        raise not_found()
    mine = dispatches.get(caller.lawyer_id) if who == "lawyer" else None
    masked = bool(mine and mine.masked)
    shown = [a for a in answers if who != "lawyer" or a.lawyer_id == caller.lawyer_id]
    # Staff read the dispatch log by name and firm: their profiles come in the same batch.
    lawyers = pools.profiles([a.lawyer_id for a in shown]
                             + (list(dispatches) if who == "staff" else []))
    body = summary(c)
    body.update(
        # Masked from the original on every read, not from the copy masked at dispatch: that copy
        # keeps whatever the masking of its day missed (138.1234.5678 before issue 9).
        viewer=who, question=mask_personal_data(c.question) if masked else c.question, masked=masked,
        county=c.county, source=c.source, first_answer_at=c.first_answer_at,
        first_response_seconds=c.first_response_seconds,
        attachments=[] if masked else [photos.view(a, presign) for a in c.attachments or []],
        answers=[_answer(a, lawyers.get(a.lawyer_id), threads.get(a.answer_id, []), masked)
                 for a in shown])
    if who == "citizen" or who == "staff":
        body.update(can_award=c.status in AWARDABLE and not c.awarded_answer_id and bool(answers),
                    rating=({"stars": c.rating, "comment": c.rating_comment,
                             "lawyer_id": c.rated_lawyer_id} if c.rating else None))
    if who == "lawyer":
        body.update(my_answer_id=mine.answer_id, dispatched_at=mine.dispatched_at,
                    can_answer=c.status == "answering" and mine.state == "open")
    if who == "staff":
        body.update(openid=c.openid, dispatches=[_dispatch(d, lawyers.get(d.lawyer_id))
                                                 for d in dispatches.values()],
                    close_reason=c.close_reason, payout_fen=c.payout_fen)
    return body


def _dispatch(d, lawyer):
    shown = {n: getattr(d, n) for n in DISPATCH_FIELDS}
    shown.update(name=lawyer.name if lawyer else None, firm=lawyer.firm if lawyer else None)
    return shown


def _cited(body):
    """The answer as text and links to the articles it cites (issue 13; the body stays as written)."""
    from chalicelib.library import citations

    return citations.segments(body)


def _answer(a, lawyer, thread, masked):
    return {"id": a.answer_id, "body": a.body, "segments": _cited(a.body),
            "created_at": a.created_at, "edited_at": a.edited_at,
            "awarded": bool(a.awarded),
            "lawyer": {"id": a.lawyer_id, "name": a.lawyer_name, "firm": a.firm,
                       "stars": shown_stars(lawyer.stars) if lawyer else None},
            "followups": [{"id": f.followup_id, "author": f.author, "created_at": f.created_at,
                           "body": mask_personal_data(f.body) if masked and f.author == "citizen"
                           else f.body} for f in sorted(thread, key=lambda f: f.created_at)]}


def summary(c):
    """A consultation in a list (the citizen's own list, staff lists)."""
    return {"id": c.id, "status": c.status, "status_label": STATUS_LABELS.get(c.status, c.status),
            "category": c.category, "question": c.question, "created_at": c.created_at,
            "answer_count": int(c.answer_count or 0), "awarded_answer_id": c.awarded_answer_id,
            "closed_at": c.closed_at}


def inbox_entry(d, ctx):
    """A consultation waiting in a lawyer's inbox, labelled with the bureau it was asked at (from
    the dispatch alone; one dispatched before bureaus were recorded is the default bureau's)."""
    bureau = d.bureau or ctx.bureau
    return {"id": d.consultation_id, "category": d.category,
            # masked again: masking is idempotent, and a copy stored earlier may have missed a spelling
            "question": mask_personal_data(d.question) if d.masked else d.question,
            "masked": bool(d.masked), "dispatched_at": d.dispatched_at, "source": d.source,
            "bureau": bureau, "bureau_name": d.bureau_name or ctx.bureau_label(bureau) or bureau}


def lawyer_answer_entry(a):
    return {"consultation_id": a.consultation_id, "answer_id": a.answer_id, "body": a.body,
            "created_at": a.created_at, "edited_at": a.edited_at, "awarded": bool(a.awarded),
            "awaiting_reply": bool(a.followup_waiting_since),
            "followup_waiting_since": a.followup_waiting_since}


def lawyer_answers(lawyer_id):
    """我的解答: every answer with a citizen's follow-up waiting (longest waiting first) — however old
    — then the newest others. The client counts `awaiting_reply` for the tab's badge."""
    waiting = [a for a in db.lawyer_answers_awaiting_reply(lawyer_id) if _can_reply(a)]
    seen = {a.answer_id for a in waiting}
    rest = [a for a in db.lawyer_answers(lawyer_id) if a.answer_id not in seen]
    for a in rest:  # a thread that closed with a follow-up unanswered can no longer be replied to
        a.followup_waiting_since = None
    return [lawyer_answer_entry(a) for a in waiting + rest]


def _can_reply(answer):
    # Usually none or a few; a closed consultation takes no more follow-ups (followups.py)
    c = db.consultation(answer.consultation_id)
    return c is not None and c.status not in ("closed", "refused")
