"""What the citizen's commission pages show (issue 12): the form, with what a consultation or a
lawyer's profile carries over, and the status page — the steps so far, the lawyer and quote, and
what the citizen may do now. Read-only; every change goes through the JSON routes."""
from chalicelib.commissions import views
from chalicelib.commissions.create import NO_CONSULTATION, NO_LAWYER
from chalicelib.commissions.flow import MISSING
from chalicelib.commissions.env import DECLINE_REASONS, OPEN_STATUSES
from chalicelib.consultations.privacy import mask_personal_data
from chalicelib.consultations.stars import shown as shown_stars
from chalicelib.db.models import takes_questions

# The way a commission goes when all is well; the status page marks how far it has come.
STEPS = (("offered", "等待律师承接"), ("accepted", "律师接受并报价"), ("confirmed", "您确认委托"),
         ("in_service", "律师服务中"), ("completed", "服务完成"))
ORDER = [name for name, _ in STEPS]
# What the citizen is asked to do (or told) at each status.
HINTS = {
    "offered": "委托已推送给本县星级较高的律师，第一位接受的律师会给出报价，届时会通知您。",
    "accepted": "律师已接受并报价。请看清报价后确认或拒绝；拒绝后委托会转给其他律师。",
    "confirmed": "您已确认委托，律师会通过您留下的电话与您联系。律师费用由您与律师事务所直接结算，并由律所开具发票。",
    "in_service": "律师正在为您办理。如有疑问，请直接联系律师。",
    "completed": "律师已完成服务。请为律师的服务打分，您的评价会计入律师的星级。",
    "lapsed": "您指定的律师 24 小时内未接受。您可以改由平台推送给本县的其他律师，或撤回委托。",
    "expired": "很抱歉，三天内没有律师承接这项委托。您可以拨打 12348 法律服务热线，或到县法律援助中心咨询是否符合法律援助条件。",
    "cancelled": "您已撤回这项委托。",
}
ID_MAX = 64  # as the JSON routes' ids: a longer one names nothing (and is never sent to the table)
RATED = "感谢您的评价。如需再次委托律师，可以从咨询页面或“社区律师”栏目发起。"


def _lawyer_card(lawyer):
    return {"id": lawyer.lawyer_id, "name": lawyer.name, "firm": lawyer.firm,
            "stars": shown_stars(lawyer.stars)}


def form(openid, *, consultation_id, lawyer_id, consultation_of, lawyer_of, category_names,
         services_at):
    """The form's starting point: from the citizen's own consultation (its summary masked, its
    category and county carried over) and/or directed to a lawyer who takes commissions. Another
    citizen's consultation, or a lawyer who does not, is the page's 404. `services_at(bureau)`: the
    services offered where the commission will be (the consultation's bureau, else the caller's)."""
    found = None
    if consultation_id and len(consultation_id) > ID_MAX:
        raise NO_CONSULTATION
    if lawyer_id and len(lawyer_id) > ID_MAX:
        raise NO_LAWYER
    if consultation_id:
        found = consultation_of(consultation_id)
        if found is None or found.openid != openid:
            raise NO_CONSULTATION
    lawyer = None
    if lawyer_id:
        lawyer = lawyer_of(lawyer_id)
        if lawyer is None or not takes_questions(lawyer) or not lawyer.openid:
            raise NO_LAWYER
    category = found.category if found else None
    return {"consultation_id": found.id if found else None,
            "summary": mask_personal_data(found.question) if found else "",
            "category": category, "category_name": category_names.get(category, category),
            "county": found.county if found else None,
            "lawyer": _lawyer_card(lawyer) if lawyer else None,
            "services": services_at(getattr(found, "bureau", None) if found else None),
            "categories": list(category_names.items())}  # display order


# The notices the citizen is asked to allow on the page (the subscription offer's moments,
# chalicelib/citizen_subscriptions.py): while it waits for a lawyer, then while the service runs.
NOTIFY = {"offered": ("commission", "律师接受后通知我"),
          "confirmed": ("commission_service", "律师开始办理和办结时通知我"),
          "in_service": ("commission_service", "委托办结时通知我")}


def status(commission_id, caller, lawyer_of, category_names):
    """The status page's model for the commission's citizen or staff of its bureau (anyone else:
    the 404 of a random id, as views.view decides)."""
    if len(commission_id) > ID_MAX:
        raise MISSING
    c = views.view(commission_id, caller, lawyer_of)
    state = c["status"]
    reached = ORDER.index(state) if state in ORDER else (0 if state in ("lapsed", "expired") else -1)
    if state == "cancelled":
        reached = 1 if c.get("lawyer") else 0
    lawyer = c.get("lawyer")
    if lawyer:
        lawyer["stars"] = shown_stars(lawyer.get("stars"))
    # (name, label, reached, current): the last step, once reached, is done rather than current
    mine = caller.role == "citizen"
    steps = [(name, label if mine else label.replace("您", "市民"), i <= reached,
              name == state and i < len(STEPS) - 1) for i, (name, label) in enumerate(STEPS)]
    return {"c": c, "lawyer": lawyer, "steps": steps,
            "hint": RATED if state == "completed" and c.get("rating") else HINTS.get(state, ""), "category_name": category_names.get(c["category"],
                                                                          c["category"]),
            "can_confirm": mine and state == "accepted", "can_decline": mine and state == "accepted",
            "can_cancel": mine and state in OPEN_STATUSES, "can_push": mine and state == "lapsed",
            "can_rate": mine and state == "completed" and not c.get("rating"),
            "masked_phone": _masked(c.get("contact")), "staff": caller.role == "staff",
            "notify": mine and NOTIFY.get(state),
            "decline_reasons": DECLINE_REASONS if mine and state == "accepted" else {}}


def _masked(contact):
    phone = (contact or {}).get("phone") or ""
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) == 11 else phone
