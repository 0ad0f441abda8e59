"""Invented people are for the local and dev stages only (issue 11, "Real lawyers"): in any other
stage — or with no STAGE at all, as a `make seed` against a real table runs — the seeds load
reference data alone and say so, and asking for the lawyers is refused (moto in-process)."""
import boto3
import pytest
from moto import mock_aws

from seeds import datasets, load

TABLE = "stage-people-test"
PEOPLE = {"Lawyer", "LawyerSlot", "LawyerReach", "LawyerReachSlot", "StaffAccount"}


@pytest.fixture
def dynamodb(env):
    with mock_aws():
        yield boto3.client("dynamodb", region_name="us-east-1")


def _types(dynamodb):
    pages = dynamodb.get_paginator("scan").paginate(TableName=TABLE)  # a test may scan
    return {item["type"]["S"] for page in pages for item in page["Items"]}


@pytest.mark.parametrize("stage", ["prod", "staging", ""])
def test_a_real_stage_loads_reference_data_and_no_invented_people(dynamodb, env, stage):
    # Given a production-stage table (or no STAGE said at all)
    env(STAGE=stage, SESSION_SECRET="p" * 40)
    said = []
    # When every dataset but the library is loaded (a small pool: the rule, not the size, matters)
    results = load.load_all(TABLE, client=dynamodb, progress=said.append, method="batch",
                            lawyer_count=50, stage=stage,
                            only="categories,regions,bureaus,catalog,staff,lawyers")
    # Then the reference data is in, and no lawyer, slot or staff account was written
    found = _types(dynamodb)
    assert {"Category", "Region", "Bureau", "Account", "CountyClaim", "ServiceType"} <= found
    assert not found & PEOPLE
    assert not [name for name in results if name == "staff" or name.startswith("lawyers")]
    # And the bureau waits for the operator to switch it live (docs/go-live.md step 11)
    (bureau,) = [i for i in dynamodb.scan(TableName=TABLE)["Items"] if i["type"]["S"] == "Bureau"]
    assert bureau["status"]["S"] == "onboarding"
    # And the operator is told why, and where real lawyers come from
    assert any("no invented lawyers or staff" in line and "/api/staff/lawyers/import" in line
               for line in said)


def test_asking_for_the_lawyers_alone_in_production_is_refused(dynamodb, env):
    env(STAGE="prod", SESSION_SECRET="p" * 40)
    with pytest.raises(load.PeopleRefused, match="local or dev"):
        load.load_all(TABLE, client=dynamodb, progress=lambda line: None, method="batch",
                      lawyer_count=50, stage="prod", only="lawyers")
    assert TABLE not in dynamodb.list_tables()["TableNames"]  # refused before anything was written


def test_the_generators_themselves_refuse_outside_local_and_dev(env):
    # Even a caller that bypasses the loader gets no invented lawyer or staff account in production
    env(STAGE="prod", SESSION_SECRET="p" * 40)
    assert list(datasets.staff_items()) == []
    with pytest.raises(datasets.GeneratedPeopleRefused):
        next(iter(datasets.lawyer_items(5)))


@pytest.mark.parametrize("stage", ["local", "dev"])
def test_local_and_dev_still_load_the_generated_pool(dynamodb, env, stage):
    env(STAGE=stage)
    load.load_all(TABLE, client=dynamodb, progress=lambda line: None, method="batch",
                  lawyer_count=50, stage=stage, only="categories,regions,staff,lawyers")
    assert {"Lawyer", "LawyerSlot", "StaffAccount"} <= _types(dynamodb)
