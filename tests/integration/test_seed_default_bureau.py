"""The seed writes the default bureau and default_bureau() reads it back; on a table without it,
default_bureau() falls back to settings (moto in-process)."""
import boto3
import pytest
from moto import mock_aws

from chalicelib import bureaus
from chalicelib.db.bureaus import find_account
from chalicelib.settings import get_settings
from seeds import load

TABLE = "bureau-seed-test"


@pytest.fixture
def dynamodb(env):
    with mock_aws():
        yield boto3.client("dynamodb", region_name="us-east-1")


def test_the_seeded_default_bureau_is_read_back_from_the_table(dynamodb, env):
    # Given the reference seeds loaded into an empty table
    load.load_all(TABLE, client=dynamodb, progress=lambda line: None, method="batch",
                  only="categories,regions,bureaus")
    # And settings that would describe the default bureau differently
    env(DEFAULT_BUREAU_NAME="设置里的名字", TABLE_NAME=TABLE)
    # When the default bureau is asked for
    bureau = bureaus.default_bureau(get_settings())
    # Then it is the stored item the seed wrote, with its account and county claim beside it
    assert (bureau.code, bureau.name, bureau.short_name) == ("360722", "信丰县司法局", "信丰")
    assert find_account("360722").bureau == "360722"
    claim = dynamodb.get_item(TableName=TABLE, Key={"PK": {"S": "COUNTY#360722"}, "SK": {"S": "BUREAU"}})
    assert claim["Item"]["bureau"]["S"] == "360722"


def test_a_table_without_the_bureau_falls_back_to_settings(dynamodb, env):
    # Given a table that holds reference data but no Bureau item (a deployment from before issue 10)
    load.load_all(TABLE, client=dynamodb, progress=lambda line: None, method="batch",
                  only="categories")
    env(DEFAULT_BUREAU_NAME="设置里的名字", TABLE_NAME=TABLE)
    # When the default bureau is asked for
    bureau = bureaus.default_bureau(get_settings())
    # Then settings describe it
    assert (bureau.code, bureau.name) == ("360722", "设置里的名字")
    assert find_account("360722") is None
