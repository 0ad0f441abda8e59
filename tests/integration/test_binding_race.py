"""Binding codes under real concurrency, on DynamoDB Local: moto applies transactions without a lock
(and restores a whole table copy when one fails), so only a real engine can show who wins a race."""
import threading

import pytest

from chalicelib.auth import Caller, roles
from chalicelib.db.base import Item
from chalicelib.db.models import Lawyer
from chalicelib.errors import DomainError

pytestmark = pytest.mark.dynamodb_local
STAFF = Caller("staff", "s1", staff_id="s1")


@pytest.fixture
def table(ddb_table):
    return ddb_table


def _lawyer(lawyer_id):
    Lawyer(lawyer_id=lawyer_id, name="律师", licence_no="1", firm="所", county="360722",
           city="360700", province="360000").save()


def _race(attempts, clock):
    """Redeem [(openid, code)] in threads whose first transactions are all in flight before any
    commits; returns [(openid, lawyer_id or error code)] in attempt order."""
    client = Item._get_connection().connection.client
    barrier, held, lock = threading.Barrier(len(attempts), timeout=20), [0], threading.Lock()

    def hold(**kwargs):
        with lock:
            first = held[0] < len(attempts)
            held[0] += 1
        if first:  # a retry after losing must not wait for a partner that never comes
            barrier.wait()

    outcomes = [None] * len(attempts)

    def redeem(n, openid, code):
        try:
            outcomes[n] = (openid, roles.bind_lawyer(openid, code, clock=clock).lawyer_id)
        except DomainError as exc:
            outcomes[n] = (openid, exc.code)

    client.meta.events.register("before-call.dynamodb.TransactWriteItems", hold)
    try:
        threads = [threading.Thread(target=redeem, args=(n, *attempt))
                   for n, attempt in enumerate(attempts)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        client.meta.events.unregister("before-call.dynamodb.TransactWriteItems", hold)
    assert held[0] >= len(attempts), "the transactions did not overlap"
    return outcomes


def _openid_of(lawyer_id):
    return Lawyer.get(f"LAWYER#{lawyer_id}", "PROFILE", consistent_read=True).openid


def test_two_people_redeeming_one_code_at_once_bind_exactly_one(table, clock):
    # Given lawyer L1 and one binding code for them
    _lawyer("L1")
    code = roles.issue_binding_code("L1", staff=STAFF, clock=clock, regions=["360722"]).code
    # When two WeChat users redeem it at the same moment
    outcomes = _race([("o-a", code), ("o-b", code)], clock)
    # Then exactly one becomes L1, the other is refused, and the profile holds the winner
    assert sorted(outcome for _, outcome in outcomes) == ["L1", "binding_code_invalid"]
    assert _openid_of("L1") == next(openid for openid, outcome in outcomes if outcome == "L1")


def test_one_openid_redeeming_codes_of_two_lawyers_at_once_binds_one(table, clock):
    # Given lawyers L1 and L2 with a code each
    _lawyer("L1")
    _lawyer("L2")
    first = roles.issue_binding_code("L1", staff=STAFF, clock=clock, regions=["360722"]).code
    second = roles.issue_binding_code("L2", staff=STAFF, clock=clock, regions=["360722"]).code
    # When one WeChat user redeems both at the same moment (a GSI lookup alone cannot stop this)
    outcomes = _race([("o-x", first), ("o-x", second)], clock)
    # Then exactly one lawyer holds the openid and the other redemption is refused
    bound = [lawyer_id for lawyer_id in ("L1", "L2") if _openid_of(lawyer_id) == "o-x"]
    assert len(bound) == 1
    assert sorted(outcome for _, outcome in outcomes) == sorted([bound[0], "openid_already_bound"])
