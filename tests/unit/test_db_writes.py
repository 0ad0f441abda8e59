"""A refused transaction reads, outside db/, as `Cancelled` naming its refused actions by label."""
from types import SimpleNamespace

from chalicelib.db.writes import Cancelled, cancelled


def _refused(*codes):
    """A TransactWriteError as PynamoDB raises it: one reason per action, None where it was fine."""
    return SimpleNamespace(cancellation_reasons=[SimpleNamespace(code=c) if c else None for c in codes])


def test_reasons_are_named_by_the_labels_of_the_actions_in_the_order_sent():
    # Given a redeeming transaction whose claim failed its condition while the profile was in flight
    exc = _refused(None, "ConditionalCheckFailed", "TransactionConflict")
    # When it is read with its actions' labels
    found = cancelled(exc, ["code", "claim", "profile"])
    # Then the claim failed, the profile met another transaction, and the code is not named
    assert isinstance(found, Cancelled)
    assert found.failed == {"claim"} and found.conflicts == {"profile"}
    assert found.reasons == {"claim": "ConditionalCheckFailed", "profile": "TransactionConflict"}


def test_a_refusal_without_reasons_stays_the_error_it_was():
    # Given a transaction DynamoDB refused without saying why (a validation error, say)
    exc = _refused()
    # When it is read, Then it is not dressed up as a rule's refusal
    assert cancelled(exc, ["code"]) is exc
