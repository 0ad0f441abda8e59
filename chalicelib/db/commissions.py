"""Commissions on the single table (issue 12; docs/data-model.md "Commissions", AP-140..147):
the commission, one offer per lawyer it was offered to, and the party marks of the conflict check."""
from pynamodb.attributes import JSONAttribute, NumberAttribute, UnicodeAttribute

from chalicelib.db import keys
from chalicelib.db.base import Item
from chalicelib.db.effects import Update
from chalicelib.db.locking import Lock, locked


class Commission(Item, discriminator="Commission"):
    """A citizen's 委托: `status` offered | accepted | confirmed | lapsed | expired | cancelled.
    `next_at` is its pending time-driven work (the next round, expiry, the directed wait, closing
    the other offers after an accept); absent, it is out of the DUE index."""
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
    confirmed_at = UnicodeAttribute(null=True)
    closed_at = UnicodeAttribute(null=True)
    declines = NumberAttribute(default=0)
    rounds_from = UnicodeAttribute(null=True)  # the instant round delays count from
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
