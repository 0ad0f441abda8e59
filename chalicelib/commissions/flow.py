"""Who changes a commission, and how: a lawyer offered it accepts with a quote (the first accept wins);
its citizen confirms, declines (back to the next round), cancels before confirming, or starts the push
after a directed commission lapsed. Each is one transaction on the status (and rev) read."""
from datetime import timedelta

from chalicelib import outbox
from chalicelib.clock import iso, parse_instant
from chalicelib.commissions import notices
from chalicelib.commissions.create import _start_push
from chalicelib.commissions.env import OPEN_STATUSES
from chalicelib.db import commissions as db
from chalicelib.db.effects import CommitError, Effects
from chalicelib.db.models import takes_questions
from chalicelib.errors import Conflict, NotFound

MISSING = NotFound("没有找到这项委托", code="commission_not_found")
TAKEN = Conflict("这项委托已由其他律师承接或已结束", code="already_taken")


def accept(commission_id, lawyer, quote, env):
    """The lawyer takes the commission with `quote` ({fee, scope, days}). Not offered to them: 404
    (as a random id); taken or over: 409, whatever the timing (conditional transaction)."""
    offer = db.offer(commission_id, lawyer.lawyer_id)
    c = db.commission(commission_id) if offer else None
    if c is None:
        raise MISSING
    if offer.state != "open" or c.status != "offered":
        raise taken(c, lawyer.lawyer_id)
    if not takes_questions(lawyer):
        raise Conflict("您的账号目前暂停接单，不能承接委托", code="lawyer_inactive")
    c.status, c.lawyer_id, c.lawyer_openid = "accepted", lawyer.lawyer_id, lawyer.openid
    c.lawyer_account = getattr(lawyer, "openid_account", None)
    c.quote, c.accepted_at, c.next_at = dict(quote), iso(env.now), iso(env.now)  # close the others
    c.first_accepted_at = c.first_accepted_at or c.accepted_at
    offer.state = "accepted"
    note = notices.to_citizen(env, c, "commission_accepted", lawyer=lawyer.name, firm=lawyer.firm,
                              fee=quote["fee"])
    writes = Effects([db.written_at(c, "offered"), db.offer_moved(offer, "open"),
                      db.marked(c, "AGAINST", c.other_party_key, iso(env.now))])
    outbox.write_with(writes, note)
    try:
        env.store.commit(writes)
    except CommitError:
        raise taken(db.commission(commission_id), lawyer.lawyer_id)
    env.committed([note.notification_id])
    return c


def taken(c, lawyer_id):
    """The 409 of an accept that came too late, saying why: another lawyer has it, the caller
    has it already, or it is over (withdrawn, expired)."""
    if c is not None and c.lawyer_id == lawyer_id:
        return Conflict("您已接受这项委托，请在“我的委托”中查看", code="already_taken")
    if c is not None and c.lawyer_id:
        return Conflict("这项委托已被其他律师接受", code="already_taken")
    return TAKEN


def _citizens(commission_id, openid):
    c = db.commission(commission_id)
    if c is None or c.openid != openid:
        raise MISSING
    return c


def _change(c, read_status, env, notes=(), extra=()):
    """Write `c` at the status and rev read, with `extra` effects and `notes`."""
    notes = [n for n in notes if n]
    writes = Effects([db.written_at(c, read_status), *extra])
    for note in notes:
        outbox.write_with(writes, note)
    try:
        env.store.commit(writes)
    except CommitError:
        raise Conflict("委托状态已变化，请刷新后再试", code="status_changed")
    env.committed([n.notification_id for n in notes])
    return c


def _require(c, *statuses):
    if c.status not in statuses:
        raise Conflict("委托当前状态不能进行这项操作", code="wrong_status",
                       details={"field": "status", "status": c.status})


def confirm(commission_id, openid, env):
    """The citizen confirms the accepting lawyer: only now may that lawyer see the shared contact."""
    c = _citizens(commission_id, openid)
    _require(c, "accepted")
    c.status, c.confirmed_at = "confirmed", iso(env.now)
    extra = [db.marked(c, "FOR", c.contact_name_key, iso(env.now))] if c.contact_name_key else []
    note = notices.to_lawyer(env, c, "commission_confirmed", c.lawyer_id, c.lawyer_openid,
                             c.lawyer_account)
    return _change(c, "accepted", env, [note], extra)


def decline(commission_id, openid, env, reason=None):
    """The citizen declines the quote, saying why if they like (a DECLINE_REASONS code, counted in
    the staff figures): the lawyer is told, the commission goes to the next round at once (a
    directed one lapses: the citizen may start the push)."""
    c = _citizens(commission_id, openid)
    _require(c, "accepted")
    if reason:
        reasons = dict(c.decline_reasons or {})
        c.decline_reasons = {**reasons, reason: int(reasons.get(reason, 0)) + 1}
    lawyer_id, openid_, account = c.lawyer_id, c.lawyer_openid, c.lawyer_account
    note = notices.to_lawyer(env, c, "commission_declined", lawyer_id, openid_, account)
    offer = db.offer(c.id, lawyer_id)
    unmark = db.unmarked(c, "AGAINST", c.other_party_key)  # while c names its lawyer
    c.declines = int(c.declines or 0) + 1
    c.lawyer_id = c.lawyer_openid = c.lawyer_account = c.quote = c.accepted_at = None
    if c.pushed_at:
        c.status, c.next_at = "offered", iso(env.now)
        if c.round < len(env.policy.rounds):  # the next round is due now, the later ones follow
            delay = timedelta(minutes=env.policy.rounds[c.round].delay_minutes)
            c.rounds_from = iso(env.now - delay)
        c.expire_at = iso(max(parse_instant(c.expire_at),
                              env.now + timedelta(hours=env.policy.expire_hours)))
    else:
        c.status, c.next_at = "lapsed", None
    offer.state = "declined"
    extra = [db.offer_moved(offer, "accepted"), unmark]
    return _change(c, "accepted", env, [note], extra)


def cancel(commission_id, openid, env):
    """The citizen withdraws the commission, any time before confirming."""
    c = _citizens(commission_id, openid)
    _require(c, *OPEN_STATUSES)
    read, extra, notes = c.status, [], []
    if read == "accepted":
        notes.append(notices.to_lawyer(env, c, "commission_closed", c.lawyer_id, c.lawyer_openid,
                                       c.lawyer_account))
        extra.append(db.unmarked(c, "AGAINST", c.other_party_key))
    c.status, c.closed_at, c.next_at = "cancelled", iso(env.now), iso(env.now)  # close offers
    return _change(c, read, env, notes, extra)


def push(commission_id, openid, env):
    """After a directed commission lapsed, the citizen has it pushed to the county's lawyers."""
    c = _citizens(commission_id, openid)
    _require(c, "lapsed")
    _start_push(c, env)
    return _change(c, "lapsed", env)
