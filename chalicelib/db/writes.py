"""How a refused write reads outside db/: `Cancelled` carries a transaction's cancellation reasons
(one per action, in PynamoDB's order: condition checks, deletes, puts, updates; None where that
action was not the cause), so business rules say what a refusal means without importing PynamoDB."""
from pynamodb.exceptions import TransactWriteError


class Cancelled(Exception):
    def __init__(self, reasons):
        super().__init__(", ".join(str(r) for r in reasons))
        self.reasons = list(reasons)


def reasons(exc):
    """The cancellation reason codes of a TransactWriteError ([] when DynamoDB gave none)."""
    return [getattr(r, "code", None) for r in (getattr(exc, "cancellation_reasons", None) or [])]


def cancelled(exc):
    """`Cancelled` for a transaction DynamoDB refused with reasons; `exc` itself otherwise (a
    transaction without reasons is an error nobody can read a rule from)."""
    found = reasons(exc)
    return Cancelled(found) if found else exc


def condition_failed(exc):
    """Whether a single Put, Update or Delete was refused by its condition."""
    return getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException"


__all__ = ["Cancelled", "TransactWriteError", "cancelled", "condition_failed", "reasons"]
