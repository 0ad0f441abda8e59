"""A bureau's monthly settlement (maker-checker) and the corrections of settled lines (issue 10,
docs/decisions/many-bureaus.md §7, AP-86). Both live in the ledger's partition `PAYOUT#<bureau>#<month>`
so one query reads a month's statement whole (AP-85)."""
from pynamodb.attributes import NumberAttribute, UnicodeAttribute

from chalicelib.db import keys
from chalicelib.db.base import Item
from chalicelib.db.effects import Check, Update

PREPARED, APPROVED = "prepared", "approved"


class Settlement(Item, discriminator="Settlement"):
    """One per bureau and month, put once the month has ended in China time. While it exists no
    award or correction is filed in the month; `approved` locks it for good."""
    bureau = UnicodeAttribute()
    month = UnicodeAttribute()
    status = UnicodeAttribute(default=PREPARED)  # prepared | approved
    prepared_by = UnicodeAttribute()
    prepared_at = UnicodeAttribute()
    approved_by = UnicodeAttribute(null=True)
    approved_at = UnicodeAttribute(null=True)
    line_count = NumberAttribute(default=0)  # lines and corrections of the month
    total_fen = NumberAttribute(default=0)
    digest = UnicodeAttribute()  # sha256 of the month's lines and corrections (settlement.digest)

    def keys(self):
        return {"PK": keys.payout_pk(self.bureau, self.month), "SK": keys.SETTLEMENT_SK}


class PayoutCorrection(Item, discriminator="PayoutCorrection"):
    """A change to a line of a settled (or any earlier) month, filed in the month that is open when it
    is made. `amount_fen` is signed: what is added to (or taken from) the lawyer's pay. The original
    line is never edited."""
    bureau = UnicodeAttribute()
    month = UnicodeAttribute()  # the open month it is filed in
    correction_id = UnicodeAttribute()
    at = UnicodeAttribute()
    refers_month = UnicodeAttribute()
    refers_consultation_id = UnicodeAttribute()
    lawyer_id = UnicodeAttribute()
    lawyer_name = UnicodeAttribute()
    amount_fen = NumberAttribute()
    reason = UnicodeAttribute()
    by = UnicodeAttribute()  # staff id

    def keys(self):
        return {"PK": keys.payout_pk(self.bureau, self.month),
                "SK": keys.payout_correction_sk(self.at, self.correction_id),
                "GSI1PK": keys.earnings_key(self.lawyer_id),
                "GSI1SK": keys.earnings_sort(self.month, self.bureau, self.at, self.correction_id)}


def settlement(bureau, month):
    """The month's Settlement, or None (a strongly consistent read: awards decide their month by it)."""
    try:
        return Settlement.get(keys.payout_pk(bureau, month), keys.SETTLEMENT_SK, consistent_read=True)
    except Settlement.DoesNotExist:
        return None


def month_open(payout_pk):
    """A check that the month of ledger partition `payout_pk` has no settlement ("month_open")."""
    return Check(Settlement, payout_pk, keys.SETTLEMENT_SK, Settlement.PK.does_not_exist(), "month_open")


def new_settlement(**fields):
    """A month's Settlement not yet written (the maker puts it on a free key)."""
    return Settlement(**fields)


def new_correction(**fields):
    """A PayoutCorrection not yet written (filed on a free key in the open month)."""
    return PayoutCorrection(**fields)


def refigured(made, figures, read_digest):
    """The prepared statement's figures set to `figures`, if it is still prepared with the digest
    it was put with ("settlement")."""
    return Update(made, [getattr(Settlement, k).set(v) for k, v in figures.items()],
                  (Settlement.status == PREPARED) & (Settlement.digest == read_digest), "settlement")


def approved(found, staff_id, at, digest_seen):
    """The statement approved by `staff_id` — only while still prepared, by someone else, with the
    digest the checker was shown ("settlement")."""
    return Update(found, [Settlement.status.set(APPROVED), Settlement.approved_by.set(staff_id),
                          Settlement.approved_at.set(at)],
                  (Settlement.status == PREPARED) & (Settlement.prepared_by != staff_id)
                  & (Settlement.digest == digest_seen), "settlement")
