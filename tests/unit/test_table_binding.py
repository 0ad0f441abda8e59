"""Which table the models talk to is one Binding installed whole by the composition root; no model's
Meta is written at run time (issue 10, seam 1)."""
import pytest

from chalicelib.db import base
from chalicelib.db.base import Item, Table, TableNotBound
from chalicelib.db.identity import Session
from chalicelib.db.models import Lawyer


@pytest.fixture
def binding():
    """Whatever binding an earlier test left, put back afterwards."""
    before = base._bound
    yield
    base._bound = before


def test_before_anything_is_bound_reaching_the_table_fails_loudly(binding):
    # Given a process in which the composition root has bound no table yet
    base._bound = None
    # When a capability reads an item
    # Then it is told so, instead of asking AWS for a table named "unbound"
    with pytest.raises(TableNotBound):
        Lawyer.get("LAWYER#L1", "PROFILE")
    with pytest.raises(TableNotBound):
        base.transact_write()


def test_every_model_reads_the_one_bound_table_and_shares_its_connection(binding):
    # Given the table of one test bound
    first = base.use_table(Table(name="t-first", region="us-east-1", host="http://127.0.0.1:1"))
    # Then every entity names it and talks to it over one connection
    assert Item.Meta.table_name == Lawyer.Meta.table_name == Session.Meta.table_name == "t-first"
    assert Lawyer._get_connection() is Session._get_connection() is first.connection
    assert first.connection.table_name == "t-first"
    # When the next test binds its own table
    second = base.use_table(Table(name="t-second", region="us-east-1", host="http://127.0.0.1:2"))
    # Then all of them move at once, and the first binding is left as it was
    assert Lawyer.Meta.table_name == "t-second"
    assert Lawyer._get_connection() is second.connection
    assert first.connection.table_name == "t-first" and first.table.name == "t-first"


def test_a_model_meta_cannot_be_pointed_elsewhere_by_assignment(binding):
    # Given a bound table
    base.use_table(Table(name="t-bound", region="us-east-1"))
    # When code tries to retarget the models by writing Meta (what bind() used to do)
    # Then it is refused: the binding is the one way
    with pytest.raises(AttributeError):
        Item.Meta.table_name = "elsewhere"
    assert Lawyer.Meta.table_name == "t-bound"


def test_settings_become_the_table_and_its_timeouts():
    # Given settings of a deployment on DynamoDB Local with 3 attempts
    class Settings:
        table_name, aws_region, dynamodb_endpoint = "zst-dev", "cn-north-1", "http://localhost:8000"
        aws_connect_timeout, aws_read_timeout, aws_max_attempts = 1, 5, 3
    # When they are read as a table
    table = Table.from_settings(Settings)
    # Then PynamoDB is given 2 retries (it counts retries, not attempts)
    assert table == Table(name="zst-dev", region="cn-north-1", host="http://localhost:8000",
                          connect_timeout_seconds=1, read_timeout_seconds=5, max_retry_attempts=2)
