"""The payout ledger (AP-36) and each lawyer's running statistics, the inputs of their stars (AP-34)."""
from pynamodb.attributes import NumberAttribute, UnicodeAttribute

from chalicelib.db.base import Item


class PayoutLine(Item, discriminator="PayoutLine"):
    """What the bureau owes one lawyer for one 中标 answer, filed under the China month of the award."""
    month = UnicodeAttribute()  # yyyy-mm
    consultation_id = UnicodeAttribute()
    answer_id = UnicodeAttribute()
    lawyer_id = UnicodeAttribute()
    lawyer_name = UnicodeAttribute()
    licence_no = UnicodeAttribute(null=True)
    firm = UnicodeAttribute(null=True)
    category = UnicodeAttribute()
    category_name = UnicodeAttribute(null=True)
    amount_fen = NumberAttribute()
    awarded_at = UnicodeAttribute()
    awarded_by = UnicodeAttribute()  # citizen | policy

    def keys(self):
        return {"PK": f"PAYOUT#{self.month}", "SK": f"{self.awarded_at}#{self.consultation_id}"}


class LawyerStats(Item, discriminator="LawyerStats"):
    """Counters updated by each answer, award and rating; `rev` makes each update read-then-write
    safe. `prior_stars` is the profile's stars when the first counter was written."""
    lawyer_id = UnicodeAttribute()
    answers = NumberAttribute(default=0)
    awards = NumberAttribute(default=0)
    ratings = NumberAttribute(default=0)
    rating_sum = NumberAttribute(default=0)
    response_seconds_sum = NumberAttribute(default=0)
    payout_fen = NumberAttribute(default=0)
    prior_stars = NumberAttribute(default=0)
    rev = NumberAttribute(default=0)

    def keys(self):
        return {"PK": f"LAWYER#{self.lawyer_id}", "SK": "STATS"}


def lawyer_stats(lawyer):
    """The lawyer's counters, or fresh ones whose prior is the profile's current stars."""
    try:
        return LawyerStats.get(f"LAWYER#{lawyer.lawyer_id}", "STATS", consistent_read=True)
    except LawyerStats.DoesNotExist:
        return LawyerStats(lawyer_id=lawyer.lawyer_id, prior_stars=lawyer.stars or 0, rev=0)


def save_stats(tx, stats, changes):
    """Write `changes` to the counters in `tx`, refused if anyone else changed them since they were read."""
    old = stats.rev or 0
    for name, value in changes.items():
        setattr(stats, name, value)
    stats.rev = old + 1
    condition = LawyerStats.PK.does_not_exist() if old == 0 else LawyerStats.rev == old
    tx.save(stats, condition=condition)


def payouts_of_month(month):
    """AP-36: the month's ledger lines, in award order."""
    return list(PayoutLine.query(f"PAYOUT#{month}"))
