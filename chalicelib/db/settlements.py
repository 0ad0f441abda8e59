"""A bureau's monthly settlement (maker-checker) and the corrections of settled lines (issue 10,
docs/decisions/many-bureaus.md §7, AP-86). Both live in the ledger's partition `PAYOUT#<bureau>#<month>`
so one query reads a month's statement whole (AP-85)."""
from pynamodb.attributes import NumberAttribute, UnicodeAttribute

from chalicelib.db import keys
from chalicelib.db.base import Item

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
