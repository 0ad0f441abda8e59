"""The payout ledger of each bureau (AP-85, AP-87) and each lawyer's running statistics, the inputs
of their stars (AP-34). Settlements and corrections, which share the ledger's partition, are in
`db/settlements.py`."""
from pynamodb.attributes import ListAttribute, NumberAttribute, UnicodeAttribute

from chalicelib.db import keys
from chalicelib.db.base import Item
from chalicelib.db.locking import Lock, locked
from chalicelib.db.scoped import legacy_read
from chalicelib.db.settlements import PayoutCorrection, Settlement
from chalicelib.settings import get_settings


class PayoutLine(Item, discriminator="PayoutLine"):
    """What a bureau owes one lawyer for one 中标 answer, filed under the China month of the award
    (or, if that month is already being settled, the month after: see consultations/payout.py).
    Lines written before issue 10 have no `bureau` and live under the legacy `PAYOUT#<month>`."""
    bureau = UnicodeAttribute(null=True)
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
        if not self.bureau:  # a line from before issue 10 keeps its place (design §8) until migrated
            return {"PK": legacy_payout_pk(self.month), "SK": f"{self.awarded_at}#{self.consultation_id}"}
        return {"PK": keys.payout_pk(self.bureau, self.month),
                "SK": keys.payout_line_sk(self.awarded_at, self.consultation_id),
                "GSI1PK": keys.earnings_key(self.lawyer_id),
                "GSI1SK": keys.earnings_sort(self.month, self.bureau, self.awarded_at,
                                             self.consultation_id)}


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
    # The latest answers' response seconds (dispatch to answer), newest last, at most
    # RECENT_RESPONSES: the directory's median first response. Absent before issue 12.
    recent_responses = ListAttribute(of=NumberAttribute, null=True)
    rev = Lock()

    def keys(self):
        return {"PK": f"LAWYER#{self.lawyer_id}", "SK": "STATS"}


def lawyer_stats(lawyer):
    """The lawyer's counters, or fresh ones whose prior is the profile's current stars."""
    try:
        return LawyerStats.get(f"LAWYER#{lawyer.lawyer_id}", "STATS", consistent_read=True)
    except LawyerStats.DoesNotExist:
        return LawyerStats(lawyer_id=lawyer.lawyer_id, prior_stars=lawyer.stars or 0)


RECENT_RESPONSES = 50


def recent_after(stats, seconds):
    """`recent_responses` after one more answer `seconds` after its notification (the latest
    RECENT_RESPONSES kept, newest last)."""
    kept = list(getattr(stats, "recent_responses", None) or [])[-(RECENT_RESPONSES - 1):]
    return [*kept, int(seconds)]


def save_stats(tx, stats, changes):
    """Write `changes` to the counters in `tx`, refused if anyone else changed them since they were read."""
    for name, value in changes.items():
        setattr(stats, name, value)
    condition, _ = locked(stats)  # fresh counters (no `rev` yet): only if nobody wrote them first
    tx.save(stats, condition=condition)


def legacy_payout_pk(month):
    """The partition of a month's lines from before issue 10 (the default bureau's; design §8)."""
    return f"PAYOUT#{month}"


class Ledger:
    """A bureau's month as one query reads it (AP-85): its lines in award order, its corrections in
    the order they were made, and its settlement (None while the month is open)."""

    def __init__(self, lines=(), corrections=(), settlement=None):
        self.lines, self.corrections, self.settlement = list(lines), list(corrections), settlement


def ledger(bureau, month, default_bureau=None):
    """AP-85: one query of `PAYOUT#<bureau>#<month>`; for the default bureau also the legacy
    `PAYOUT#<month>` from before issue 10 (design §8, expand), until the migration has moved it."""
    found = Ledger()
    for item in Item.query(keys.payout_pk(bureau, month), consistent_read=True):
        if isinstance(item, PayoutLine):
            found.lines.append(item)
        elif isinstance(item, PayoutCorrection):
            found.corrections.append(item)
        elif isinstance(item, Settlement):
            found.settlement = item
    if bureau == (default_bureau or get_settings().default_bureau) and legacy_read():
        legacy = list(PayoutLine.query(legacy_payout_pk(month), consistent_read=True))
        found.lines = sorted(legacy + found.lines, key=lambda line: (line.awarded_at, line.consultation_id))
    return found


def payout_lines(bureau, month):
    """A bureau's payout lines of one month, in award order (legacy lines included for the default
    bureau). The one month query: the staff ledger, the settlement and the dashboards read it."""
    return ledger(bureau, month).lines


def earnings(lawyer_id, first_month, last_month):
    """AP-87: a lawyer's lines and corrections, of every bureau, from `first_month` to `last_month`
    (yyyy-mm, inclusive), oldest first."""
    found = Item.gsi1.query(keys.earnings_key(lawyer_id),
                            Item.GSI1SK.between(f"{first_month}#", f"{last_month}#~"))
    return [item for item in found if isinstance(item, (PayoutLine, PayoutCorrection))]
