"""Time-driven work of a commission, run by the sweep from its DUE key (`next_at`) and right after
the change that makes it due: the push's rounds, expiry, a directed commission's wait, and closing
the offers of a commission that is no longer open to them. Idempotent: every write is conditioned
on what was read (the commission's `rev` and status, an offer's state, an offer's absence)."""
from datetime import timedelta

from chalicelib import outbox
from chalicelib.clock import iso, parse_instant
from chalicelib.commissions import notices
from chalicelib.db import commissions as db
from chalicelib.db.effects import CommitError, Effects

CLOSING = {"accepted": ("taken", "commission_taken"), "confirmed": ("taken", "commission_taken"),
           "in_service": ("taken", "commission_taken"), "completed": ("taken", "commission_taken"),
           "expired": ("closed", "commission_closed"), "cancelled": ("closed", "commission_closed"),
           "lapsed": ("closed", None)}


def advance(commission_id, env, lawyers_for):
    """Do whatever of the commission is due at `env.now`; returns what was done. `lawyers_for(c,
    round)` → the lawyers a round may offer to, best first (rounds_pick.candidates)."""
    c = db.commission(commission_id)
    if c is None or not c.next_at or parse_instant(c.next_at) > env.now:
        return "not_due"
    if c.status in CLOSING:
        return _close_offers(c, env)
    if c.status != "offered":
        return _write(c, c.status, env)  # nothing else to do: leave the DUE index
    if not c.pushed_at:
        return _lapse(c, env)
    if parse_instant(c.expire_at) <= env.now:
        c.status, c.closed_at = "expired", iso(env.now)
        return _write(c, "offered", env, [notices.to_citizen(env, c, "commission_expired")],
                      next_at=iso(env.now), then=_close_offers)
    done = 0
    for _ in env.policy.rounds:  # every round due now (a late sweep), at most each once
        if c is None or c.status != "offered" or c.round >= len(env.policy.rounds) \
                or round_time(c, c.round, env) > env.now:
            break
        _offer_round(c, env, lawyers_for)
        done += 1
        c = db.commission(commission_id)
    if c is not None and c.status == "offered" and c.next_at \
            and parse_instant(c.next_at) <= env.now:  # nothing left to run now (a decline after
        _write(c, "offered", env, next_at=next_time(c, env))  # the last round): wait for expiry
    return f"rounds:{done}"


def round_time(c, index, env):
    return parse_instant(c.rounds_from) + timedelta(minutes=env.policy.rounds[index].delay_minutes)


def next_time(c, env):
    """When the commission is next due while offered: its next round, or its expiry."""
    expiry = parse_instant(c.expire_at)
    if c.round < len(env.policy.rounds):
        return iso(min(round_time(c, c.round, env), expiry))
    return iso(expiry)


def _offer_round(c, env, lawyers_for):
    """Offer round `c.round + 1` to its lawyers: each offer with its notification in one
    transaction that also checks the commission is still offered at this round (no offer after an
    accept); an offer made before (a re-run of the minute) is skipped. Then the round is counted."""
    spec, number = env.policy.rounds[c.round], int(c.round) + 1
    earlier = {o.lawyer_id for o in db.offers(c.id) if o.round != number}
    picks = [p for p in lawyers_for(c, spec) if p.lawyer_id not in earlier]
    if spec.count:
        picks = picks[:spec.count]
    sent = []
    for lawyer in picks:
        account = getattr(lawyer, "openid_account", None)
        note = notices.to_lawyer(env, c, "commission_offered", lawyer.lawyer_id, lawyer.openid,
                                 account)
        writes = Effects([db.still_at_round(c), db.new_offer(c, lawyer, number, iso(env.now))])
        outbox.write_with(writes, note)
        try:
            env.store.commit(writes)
        except CommitError:
            continue  # offered already, or no longer offered: the round's write below decides
        sent.append(note.notification_id)
    env.committed(sent)
    c.round = number
    return _write(c, "offered", env, next_at=next_time(c, env))


def _lapse(c, env):
    """A directed commission its lawyer did not take: the citizen is offered the push."""
    c.status = "lapsed"
    return _write(c, "offered", env, [notices.to_citizen(env, c, "commission_lapsed")],
                  next_at=iso(env.now), then=_close_offers)


def _close_offers(c, env):
    """Every open offer of `c` closed (taken, or closed), each lawyer told; then `next_at` cleared."""
    state, kind = CLOSING[c.status]
    sent = []
    for offer in db.offers(c.id):
        if offer.state != "open":
            continue
        note = kind and notices.to_lawyer(env, c, kind, offer.lawyer_id, offer.lawyer_openid,
                                          offer.lawyer_account)
        offer.state = state
        writes = Effects([db.offer_moved(offer, "open")])
        if note:
            outbox.write_with(writes, note)
        try:
            env.store.commit(writes)
        except CommitError:
            continue  # closed meanwhile (a concurrent run)
        sent.append(note.notification_id if note else None)
    env.committed(sent)
    return _write(c, c.status, env, next_at=None, result="closed")


def _write(c, read_status, env, notes=(), next_at=None, then=None, result=None):
    """Write `c` at the rev and status read, with `notes`; a loser does nothing (the winner did)."""
    c.next_at = next_at
    notes = [n for n in notes if n]
    writes = Effects([db.written_at(c, read_status)])
    for note in notes:
        outbox.write_with(writes, note)
    try:
        env.store.commit(writes)
    except CommitError:
        return "lost"
    env.committed([n.notification_id for n in notes])
    return then(c, env) if then else (result or c.status)
