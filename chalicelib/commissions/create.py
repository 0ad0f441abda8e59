"""A citizen opens a commission: from one of their consultations (summary, category and county
carried over; the summary they edit wins) or directed to one lawyer. A pushed one is offered at
once (rounds.advance); a directed one is offered to its lawyer alone, in the creating transaction."""
from datetime import timedelta

from chalicelib.clock import iso
from chalicelib.commissions import notices, services
from chalicelib.commissions.parties import normalise
from chalicelib.consultations.privacy import mask_personal_data
from chalicelib.db import commissions as db
from chalicelib.db.commissions import conflicted_lawyers
from chalicelib.db.effects import Effects
from chalicelib.db.models import takes_questions
from chalicelib import outbox
from chalicelib.applications.formats import parse_mobile
from chalicelib.errors import Invalid, NotFound

NO_CONSULTATION = NotFound("没有找到这条咨询", code="consultation_not_found")
NO_LAWYER = NotFound("没有找到这位律师", code="lawyer_not_found")


def _contact(contact):
    """The name and mobile the citizen shares, the number as the application forms read it
    (138 1234 5678, +86-138-1234-5678 → 13812345678)."""
    if not contact:
        return None
    try:
        phone = parse_mobile(contact["phone"])
    except ValueError as error:
        raise Invalid(str(error), details={"field": "contact.phone"}) from None
    return {"name": contact["name"], "phone": phone}


def create(openid, bureau, body, env, *, consultation_of, lawyer_of, region_of, category_known,
           read_catalogue):
    """The new commission (written). `consultation_of(id)`, `lawyer_of(id)`, `region_of(county)`
    → (city, province) or (None, None), `category_known(code)`, `read_catalogue(bureau)` (its
    service items, commissions/services.py) are the reads it needs."""
    source = _consultation(body.get("consultation_id"), openid, consultation_of)
    lawyer = _lawyer(body.get("lawyer_id"), lawyer_of)
    category = (source.category if source else None) or body.get("category")
    if not category or not category_known(category):
        raise Invalid("请选择法律事务类别", code="invalid", details={"field": "category"})
    summary = body.get("summary") or (mask_personal_data(source.question) if source else "")
    if not summary.strip():
        raise Invalid("请简要说明需要律师做什么", details={"field": "summary"})
    bureau = (getattr(source, "bureau", None) if source else None) or bureau or env.default_bureau
    service = services.checked(bureau, body["service"], read_catalogue)
    county = body.get("county") or (source.county if source else None) \
        or (lawyer.county if lawyer else None) or env.home_county(bureau)
    city, province = region_of(county)
    if not city:
        raise Invalid("没有这个县（区）", code="unknown_county", details={"field": "county"})
    party_key = normalise(body["other_party"])
    if not party_key:
        raise Invalid("请填写对方当事人的名称", details={"field": "other_party"})
    contact = _contact(body.get("contact"))
    now = iso(env.now)
    c = db.new_commission(
        id=env.new_id(env.now), openid=openid, bureau=bureau, status="offered", created_at=now,
        county=county, city=city, province=province, category=category, service=service,
        summary=summary.strip(), other_party=body["other_party"].strip(), other_party_key=party_key,
        consultation_id=source.id if source else None,
        directed_lawyer_id=lawyer.lawyer_id if lawyer else None,
        contact=contact, budget=mask_personal_data((body.get("budget") or "").strip()) or None,
        contact_name_key=normalise(contact["name"]) if contact else None)
    notes, writes = [], Effects()
    if lawyer is None:
        _start_push(c, env)
    elif lawyer.lawyer_id in conflicted_lawyers(c.other_party_key, c.contact_name_key):
        # Never offered to a lawyer with a conflict; the citizen is offered the push at once.
        c.status, c.next_at = "lapsed", None
        notes.append(notices.to_citizen(env, c, "commission_lapsed"))
    else:
        c.next_at = iso(env.now + timedelta(hours=env.policy.directed_wait_hours))
        writes.append(db.new_offer(c, lawyer, 0, now, once=False))
        notes.append(notices.to_lawyer(env, c, "commission_offered", lawyer.lawyer_id,
                                       lawyer.openid, getattr(lawyer, "openid_account", None)))
    writes.append(db.created(c))
    for note in filter(None, notes):
        outbox.write_with(writes, note)
    env.store.commit(writes)
    env.committed([n.notification_id for n in notes if n])
    return c


def _start_push(c, env):
    """The push starts now: round 1 is due at once, the whole push expires after the policy's wait."""
    c.status, c.round = "offered", 0
    c.pushed_at = c.rounds_from = c.next_at = iso(env.now)
    c.expire_at = iso(env.now + timedelta(hours=env.policy.expire_hours))


def _consultation(consultation_id, openid, consultation_of):
    if not consultation_id:
        return None
    found = consultation_of(consultation_id)
    if found is None or found.openid != openid:  # another citizen's: as one that does not exist
        raise NO_CONSULTATION
    return found


def _lawyer(lawyer_id, lawyer_of):
    if not lawyer_id:
        return None
    found = lawyer_of(lawyer_id)
    if found is None or not takes_questions(found) or not found.openid:
        raise NO_LAWYER
    return found
