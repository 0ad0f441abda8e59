"""How a refused transaction reads outside db/: `Cancelled` names the refused actions by label, so
business rules say what a refusal means without importing PynamoDB or counting positions. It is the
store's `effects.Refused` (failed, conflicts) for the db functions that build their transaction
themselves, with every reason DynamoDB gave."""
from pynamodb.exceptions import TransactWriteError

from chalicelib.db.effects import Refused

CONDITION_FAILED, CONFLICT = "ConditionalCheckFailed", "TransactionConflict"


class Cancelled(Refused):
    """A transaction DynamoDB refused; nothing was written. `reasons` is {label: reason code} of the
    actions DynamoDB named; `failed` the labels whose condition failed, `conflicts` those another
    transaction was writing at that moment."""

    def __init__(self, reasons):
        self.reasons = dict(reasons)
        super().__init__(failed=[label for label, code in self.reasons.items() if code == CONDITION_FAILED],
                         conflicts=[label for label, code in self.reasons.items() if code == CONFLICT])


def reasons(exc):
    """The cancellation reason codes of a TransactWriteError, one per action (None where that
    action was fine; [] when DynamoDB gave none)."""
    return [getattr(r, "code", None) for r in (getattr(exc, "cancellation_reasons", None) or [])]


def cancelled(exc, labels):
    """`Cancelled` for a refused TransactWriteError. `labels` name its actions in the order
    TransactWrite sends them: condition checks, then deletes, then puts, then updates. A transaction
    refused without reasons is `exc` itself: nobody can read a rule from it."""
    codes = reasons(exc)
    if not codes:
        return exc
    return Cancelled({label: code for label, code in zip(labels, codes) if code})


def condition_failed(exc):
    """Whether a single Put, Update or Delete was refused by its condition."""
    return getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException"


__all__ = ["Cancelled", "TransactWriteError", "cancelled", "condition_failed", "reasons"]
