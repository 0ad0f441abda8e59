"""What each person may read of a commission. Its citizen reads all of it; a lawyer it was offered
to reads the matter (never who asked), and the contact the citizen agreed to share only once they
accepted it and the citizen confirmed them; staff of its bureau read the matter and its progress,
never the contact. Anyone else gets the same 404 as a random id."""
from chalicelib import scoping
from chalicelib.commissions.flow import MISSING
from chalicelib.consultations.privacy import mask_personal_data
from chalicelib.db import commissions as db

STATUS_LABELS = {"offered": "等待律师承接", "accepted": "律师已接受，待您确认", "confirmed": "已确认委托",
                 "in_service": "律师服务中", "completed": "服务已完成",
                 "lapsed": "指定律师未接受", "expired": "无人承接，已关闭", "cancelled": "已撤回"}


def _matter(c):
    return {"id": c.id, "status": c.status, "status_label": STATUS_LABELS.get(c.status, c.status),
            "service": c.service, "category": c.category, "county": c.county,
            "summary": c.summary, "other_party": c.other_party, "budget": c.budget,
            "created_at": c.created_at}


def _rating(c):
    if not c.rating:
        return None
    return {"stars": int(c.rating), "comment": c.rating_comment, "rated_at": c.rated_at}


def _accepted(c, lawyer_of):
    if not c.lawyer_id:
        return None
    lawyer = lawyer_of(c.lawyer_id)
    return {"id": c.lawyer_id, "name": lawyer.name if lawyer else None,
            "firm": lawyer.firm if lawyer else None,
            "stars": float(lawyer.stars or 0) if lawyer else None, "quote": c.quote,
            "accepted_at": c.accepted_at}


def view(commission_id, caller, lawyer_of):
    """The commission as `caller` may read it, or MISSING."""
    c = db.commission(commission_id)
    if c is None:
        raise MISSING
    if caller.openid and caller.openid == c.openid:
        return {**_matter(c), "consultation_id": c.consultation_id, "round": int(c.round or 0),
                "directed_lawyer_id": c.directed_lawyer_id, "lawyer": _accepted(c, lawyer_of),
                "contact_shared": bool(c.contact), "contact": c.contact,
                "declines": int(c.declines or 0),
                "confirmed_at": c.confirmed_at, "rating": _rating(c)}
    if caller.role == "lawyer" and caller.lawyer_id:
        offer = db.offer(c.id, caller.lawyer_id)
        if offer is not None:
            mine = c.lawyer_id == caller.lawyer_id
            shown = {**_matter(c), "offer": offer.state, "quote": c.quote if mine else None}
            if mine and c.status == "confirmed":
                if c.contact:
                    shown["contact"] = c.contact
            else:  # a phone or ID number typed into the summary: only for the confirmed lawyer
                shown["summary"] = mask_personal_data(c.summary)
            if not mine and c.status != "offered":  # taken by another: the status, not by whom
                shown["status_label"] = "已结束"
            return shown
    if caller.role == "staff":
        scoping.owned(c, caller, MISSING)
        return {**_matter(c), "bureau": c.bureau, "round": int(c.round or 0),
                "lawyer": _accepted(c, lawyer_of), "confirmed_at": c.confirmed_at,
                "rating": _rating(c)}
    raise MISSING


def offer_entry(offer, c):
    """A line of the lawyer's open offers."""
    return {**_matter(c), "summary": mask_personal_data(c.summary), "offered_at": offer.offered_at, "round": int(offer.round or 0),
            "directed": offer.round == 0}


def staff_entry(c):
    """A line of the staff list: the matter and its progress, never who asked or their contact."""
    return {**_matter(c), "round": int(c.round or 0), "lawyer_id": c.lawyer_id,
            "accepted_at": c.accepted_at}
