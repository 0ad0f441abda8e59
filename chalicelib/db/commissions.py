"""Commissions on the single table (issue 12; docs/data-model.md "Commissions", AP-140..147):
the commission, one offer per lawyer it was offered to, and the party marks of the conflict check;
the lawyer's own commissions (AP-200) and a bureau's month of them (AP-201). The rules
(chalicelib/commissions/) read through the functions below and write the effects they build
(db/effects.py), labelled: "commission", "offer", "mark"."""
from pynamodb.attributes import JSONAttribute, NumberAttribute, UnicodeAttribute

from chalicelib.db import keys
from chalicelib.db.base import Item
from chalicelib.db.effects import Check, Delete, Put, Update
from chalicelib.db.locking import Lock, locked, with_lock


class Commission(Item, discriminator="Commission"):
    """A citizen's 委托: `status` offered | accepted | confirmed | in_service | completed | lapsed |
    expired | cancelled. `next_at` is its pending time-driven work (the next round, expiry, the
    directed wait, closing the other offers after an accept); absent, it is out of the DUE index.
    While a lawyer holds it (`lawyer_id`) it is in that lawyer's list (GSI3, AP-200)."""
    id = UnicodeAttribute()
    openid = UnicodeAttribute()
    bureau = UnicodeAttribute()
    status = UnicodeAttribute()
    created_at = UnicodeAttribute()
    county = UnicodeAttribute()
    city = UnicodeAttribute(null=True)
    province = UnicodeAttribute(null=True)
    category = UnicodeAttribute()
    service = UnicodeAttribute()
    summary = UnicodeAttribute()
    other_party = UnicodeAttribute()
    other_party_key = UnicodeAttribute()
    consultation_id = UnicodeAttribute(null=True)
    directed_lawyer_id = UnicodeAttribute(null=True)
    contact = JSONAttribute(null=True)  # {"name", "phone"}: only with the citizen's consent
    budget = UnicodeAttribute(null=True)  # what the citizen means to spend, in their words
    contact_name_key = UnicodeAttribute(null=True)
    round = NumberAttribute(default=0)  # push rounds done
    pushed_at = UnicodeAttribute(null=True)
    expire_at = UnicodeAttribute(null=True)
    next_at = UnicodeAttribute(null=True)
    lawyer_id = UnicodeAttribute(null=True)  # who accepted
    lawyer_openid = UnicodeAttribute(null=True)
    lawyer_account = UnicodeAttribute(null=True)
    quote = JSONAttribute(null=True)  # {"fee", "scope", "days"}
    accepted_at = UnicodeAttribute(null=True)
    first_accepted_at = UnicodeAttribute(null=True)  # kept through declines: the staff figures
    started_at = UnicodeAttribute(null=True)  # in_service from (the lawyer started the work)
    completed_at = UnicodeAttribute(null=True)
    confirmed_at = UnicodeAttribute(null=True)
    closed_at = UnicodeAttribute(null=True)
    declines = NumberAttribute(default=0)
    decline_reasons = JSONAttribute(null=True)  # {reason code: times} the citizen said why (AP-251)
    rounds_from = UnicodeAttribute(null=True)  # the instant round delays count from
    anonymised_at = UnicodeAttribute(null=True)  # the citizen's deletion request erased them (AP-180)
    rating = NumberAttribute(null=True)  # the citizen's 1–5 stars once completed (AP-190)
    rating_comment = UnicodeAttribute(null=True)
    rated_at = UnicodeAttribute(null=True)
    rev = Lock()  # every change after creation is written at the rev read (db/locking.py)

    def keys(self):
        pk = f"COMM#{self.id}"
        computed = {"PK": pk, "SK": "META",
                    "GSI1PK": f"CITIZEN#{self.openid}", "GSI1SK": f"COMM#{self.created_at}",
                    "GSI2PK": keys.commission_queue_key(self.bureau, self.status),
                    "GSI2SK": f"{self.created_at}#{self.id}"}
        if self.lawyer_id:
            computed.update(GSI3PK=f"COMMLAWYER#{self.lawyer_id}",
                            GSI3SK=f"{self.accepted_at}#{self.id}")
        if self.next_at:
            computed.update(DUEPK=keys.due_partition(pk), DUEAT=keys.due_key(self.next_at, pk))
        return computed


class CommissionOffer(Item, discriminator="CommissionOffer"):
    """The commission offered to one lawyer. `state` open | accepted | taken (another accepted) |
    closed (expired or cancelled) | declined (the citizen declined this lawyer's quote). Only an
    open offer is in the lawyer's list (GSI1, AP-141)."""
    commission_id = UnicodeAttribute()
    lawyer_id = UnicodeAttribute()
    round = NumberAttribute(default=0)  # 0: directed
    state = UnicodeAttribute(default="open")
    offered_at = UnicodeAttribute()
    lawyer_openid = UnicodeAttribute(null=True)
    lawyer_account = UnicodeAttribute(null=True)

    def keys(self):
        computed = {"PK": f"COMM#{self.commission_id}", "SK": f"OFFER#{self.lawyer_id}"}
        if self.state == "open":
            computed.update(GSI1PK=f"COMMOFFERS#{self.lawyer_id}",
                            GSI1SK=f"{self.offered_at}#{self.commission_id}")
        return computed


class PartyMark(Item, discriminator="PartyMark"):
    """A lawyer acts against (`AGAINST`) or for (`FOR`) a party, by normalised name (AP-146)."""
    party_key = UnicodeAttribute()
    side = UnicodeAttribute()  # AGAINST | FOR
    lawyer_id = UnicodeAttribute()
    commission_id = UnicodeAttribute()
    at = UnicodeAttribute()

    def keys(self):
        return {"PK": f"PARTY#{self.party_key}",
                "SK": f"{self.side}#{self.lawyer_id}#{self.commission_id}"}


# --- effects -------------------------------------------------------------------------------------

def new_commission(**fields):
    """A commission not yet written (`created` writes it)."""
    return Commission(**fields)


def created(c):
    """The new commission, on a free key."""
    return Put(c, Commission.PK.does_not_exist(), "commission")


def written_at(c, read_status):
    """`c` written whole on condition that its status and rev are still those read (the rev moves
    on by one, in memory too)."""
    return Put(c, with_lock(c, Commission.status == read_status), "commission")


def still_at_round(c):
    """The commission is still offered at the round read (no offer after an accept, nor twice)."""
    return Check(Commission, c.PK, "META",
                 (Commission.status == "offered") & (Commission.round == c.round), "commission")


def new_offer(c, lawyer, round_, at, *, once=True):
    """The commission offered to `lawyer` in `round_` (0: directed). `once`: only if it was never
    offered to them (a re-run of a round's minute writes nothing)."""
    offer = CommissionOffer(commission_id=c.id, lawyer_id=lawyer.lawyer_id, round=round_,
                            offered_at=at, lawyer_openid=lawyer.openid,
                            lawyer_account=getattr(lawyer, "openid_account", None))
    return Put(offer, CommissionOffer.PK.does_not_exist() if once else None, "offer")


def offer_moved(offer, read_state):
    """`offer` written whole (its new state) on condition that its state is still the one read."""
    return Put(offer, CommissionOffer.state == read_state, "offer")


def _mark(c, side, party_key, at):
    return PartyMark(party_key=party_key, side=side, lawyer_id=c.lawyer_id, commission_id=c.id, at=at)


def marked(c, side, party_key, at):
    """AP-146: the commission's lawyer acts `side` (AGAINST | FOR) the party."""
    return Put(_mark(c, side, party_key, at), label="mark")


def unmarked(c, side, party_key):
    """The mark of `marked` removed (the key does not hold the time)."""
    return Delete(_mark(c, side, party_key, ""), label="mark")


# --- access patterns ---------------------------------------------------------------------------

def commission(commission_id):
    """AP-140: the commission, or None (consistent: transitions are conditioned on what it read)."""
    try:
        return Commission.get(f"COMM#{commission_id}", "META", consistent_read=True)
    except Commission.DoesNotExist:
        return None


def offer(commission_id, lawyer_id):
    try:
        return CommissionOffer.get(f"COMM#{commission_id}", f"OFFER#{lawyer_id}",
                                   consistent_read=True)
    except CommissionOffer.DoesNotExist:
        return None


def offers(commission_id):
    """AP-143: every offer of a commission."""
    return list(CommissionOffer.query(f"COMM#{commission_id}",
                                      CommissionOffer.SK.startswith("OFFER#"), consistent_read=True))


def open_offers_of(lawyer_id, limit=100):
    """AP-141: the lawyer's open offers, newest first, with their commissions still offered."""
    found = [o for o in Item.gsi1.query(f"COMMOFFERS#{lawyer_id}", scan_index_forward=False,
                                        limit=limit) if isinstance(o, CommissionOffer)]
    if not found:
        return []
    wanted = list(dict.fromkeys(o.commission_id for o in found))
    commissions = {c.id: c for c in Commission.batch_get([(f"COMM#{i}", "META") for i in wanted])}
    return [(o, commissions[o.commission_id]) for o in found
            if o.commission_id in commissions and commissions[o.commission_id].status == "offered"]


def conflicted_lawyers(other_party_key, contact_name_key=None):
    """AP-146: lawyers who act against the named other party or for them; with the citizen's own
    name, also those acting against the citizen."""
    found = {m.lawyer_id for m in PartyMark.query(f"PARTY#{other_party_key}")}
    if contact_name_key:
        found |= {m.lawyer_id for m in PartyMark.query(
            f"PARTY#{contact_name_key}", PartyMark.SK.startswith("AGAINST#"))}
    return found


def citizen_commissions(openid, limit=50):
    """AP-147."""
    return [c for c in Item.gsi1.query(f"CITIZEN#{openid}", Item.GSI1SK.startswith("COMM#"),
                                       scan_index_forward=False, limit=limit)
            if isinstance(c, Commission)]


def bureau_queue(bureau, status, limit=100):
    """AP-97: a bureau's commissions of one status, oldest first."""
    return [c for c in Item.gsi2.query(keys.commission_queue_key(bureau, status), limit=limit)
            if isinstance(c, Commission)]


def lawyer_commissions(lawyer_id, limit=50):
    """AP-200: the commissions `lawyer_id` holds (accepted, then confirmed, in service, completed;
    or withdrawn by the citizen after the accept), the latest accepted first. A quote the citizen
    declined clears `lawyer_id`, which takes the commission out of the list."""
    return [c for c in Item.gsi3.query(f"COMMLAWYER#{lawyer_id}", scan_index_forward=False,
                                       limit=limit) if isinstance(c, Commission)]


def bureau_created_between(bureau, status, start, end):
    """AP-201: a bureau's commissions of one status created in [start, end) (ISO instants), on the
    queue key of AP-97: `<created>#<id>` sorts as time, so `between(start, end)` is the range."""
    return [c for c in Item.gsi2.query(keys.commission_queue_key(bureau, status),
                                       Item.GSI2SK.between(start, end))
            if isinstance(c, Commission)]


def rating_update(c, stars, comment, at):
    """AP-190: the citizen's rating on the commission, once and only while it is completed: an Update
    at the rev read (a stale full write of the item cannot drop it) on `status = completed` and no
    rating yet. Labelled `commission` for the refusal."""
    held, moved = locked(c)
    actions = [Commission.rating.set(int(stars)), Commission.rated_at.set(at), moved]
    if comment:
        actions.append(Commission.rating_comment.set(comment))
    condition = held & (Commission.status == "completed") & Commission.rating.does_not_exist()
    return Update(c, actions, condition, "commission")


def anonymise(c, at, *, placeholder, pseudonym):
    """AP-180: replace what identifies the citizen in a finished commission `c` — their words, the
    other party's name, the contact they shared, their rating's comment (its stars stay), their
    openid (by `pseudonym`, also in its GSI1 key) — at the status and rev read; True when this call
    did it, False when it changed meanwhile or was anonymised before. The lawyer's conflict marks
    (PartyMark) are not touched."""
    from pynamodb.exceptions import UpdateError

    from chalicelib.db.writes import condition_failed

    held, moved = locked(c)
    try:
        c.update(actions=[
            Commission.summary.set(placeholder), Commission.other_party.set(placeholder),
            Commission.contact.remove(), Commission.contact_name_key.remove(),
            Commission.rating_comment.remove(),
            Commission.openid.set(pseudonym), Commission.GSI1PK.set(f"CITIZEN#{pseudonym}"),
            Commission.anonymised_at.set(at), moved],
            condition=held & (Commission.status == c.status) & Commission.anonymised_at.does_not_exist())
    except UpdateError as exc:
        if condition_failed(exc):
            return False
        raise
    return True
