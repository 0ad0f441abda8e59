"""Loading the seeds into the table: created if missing, idempotent, skipped by content hash, and
never overwriting runtime state (moto in-process; the transaction path also on DynamoDB Local)."""
import boto3
import pytest
from moto import mock_aws

from seeds import load
from seeds.datasets import all_datasets, lawyer_items, lawyer_tiers
from seeds.lawyers import XINFENG

TABLE = "seed-test"
SMALL = 60  # the 40 信丰 lawyers and 20 generated ones
WRITES = {"batch_write_item", "transact_write_items", "put_item"}


class CountingClient:
    """The real client, counting the write calls made through it."""

    def __init__(self, client):
        self.client, self.writes = client, 0

    def __getattr__(self, name):
        if name in WRITES:
            self.writes += 1
        return getattr(self.client, name)


@pytest.fixture
def dynamodb(env):
    with mock_aws():
        yield CountingClient(boto3.client("dynamodb", region_name="us-east-1"))


def run(client, **options):
    messages = []
    options = {"lawyer_count": SMALL, "method": "batch", **options}
    results = load.load_all(TABLE, client=client, progress=messages.append, **options)
    return results, messages


def lawyers_written(results):
    """Items written for the whole pool, its four tiers together."""
    return sum(results[f"lawyers-{tier}"] or 0 for tier in ("county", "city", "province", "national"))


def count(client, **query):
    pages = client.get_paginator("scan").paginate(TableName=TABLE, Select="COUNT", **query)
    return sum(page["Count"] for page in pages)


def test_the_first_load_creates_the_table_from_the_schema_and_writes_every_dataset(dynamodb):
    # Given no table
    # When the seeds are loaded
    results, messages = run(dynamodb)
    # Then the table exists with its indexes and TTL
    table = dynamodb.describe_table(TableName=TABLE)["Table"]
    assert {i["IndexName"] for i in table["GlobalSecondaryIndexes"]} == {
        "GSI1", "GSI2", "GSI3", "GSI4", "DUE"}
    ttl = dynamodb.describe_time_to_live(TableName=TABLE)["TimeToLiveDescription"]
    assert ttl["TimeToLiveStatus"] == "ENABLED"
    # And every dataset was written, with one marker each
    slots = sum(len(lawyer["specialties"]) for lawyer in XINFENG["lawyers"])
    assert results["categories"] == 18 and results["catalog"] == 4 and results["staff"] == 5 + 2  # 信丰 and 大余 (local)
    assert lawyers_written(results) > SMALL + slots and results["cases"] == 52
    assert count(dynamodb) == sum(results.values()) + len(results)
    county = len(lawyer_tiers(SMALL, "360722")["county"])
    assert f"lawyers of 信丰县: {county} lawyers in " in "\n".join(messages)


def test_the_county_and_city_lawyers_are_in_when_ready_the_library_and_farther_lawyers_after(
        dynamodb):
    # Given no table and a pool of 300 lawyers, most of them in the national pool
    tiers = lawyer_tiers(300, "360722")
    seen_at_ready = []

    def of_type(name):
        pages = dynamodb.get_paginator("scan").paginate(
            TableName=TABLE, FilterExpression="#t = :type", ExpressionAttributeNames={"#t": "type"},
            ExpressionAttributeValues={":type": {"S": name}})
        return [item for page in pages for item in page["Items"]]

    def lawyers_in_table():
        return {item["lawyer_id"]["S"] for item in of_type("Lawyer")}
    # When the seeds are loaded, noting what the table holds when the loader says it is ready
    results, messages = run(dynamodb, lawyer_count=300, on_ready=lambda: seen_at_ready.append(
        (lawyers_in_table(), len(of_type("Law")))))
    # Then at that moment every lawyer of 信丰县 and 赣州市 was in, and no one else
    (ready_lawyers, laws), = seen_at_ready
    near = {x["lawyer_id"] for t in ("county", "city") for x in tiers[t]}
    assert ready_lawyers == near and laws == 0
    # And the library, the province's lawyers and the national pool came after, in that order,
    # the loader saying so in laws and lawyers
    assert lawyers_in_table() == {x["lawyer_id"] for tier in tiers.values() for x in tier}
    assert len(of_type("Law")) == 26
    province, national = len(tiers["province"]), len(tiers["national"])
    ready = next(m for m in messages if m.startswith("ready for a first question"))
    assert ready.endswith(f"still to load: law library, cases, lawyers of the rest of "
                          f"江西省 ({province} lawyers), national pool ({national} lawyers)")
    later = [m for m in messages[messages.index(ready) + 1:] if " in " in m]
    assert later[0].startswith("law library: 26 laws in ") and later[1].startswith("cases: 52 cases")
    assert later[2].startswith(f"lawyers of the rest of 江西省: {province} lawyers in ")
    assert later[3].startswith(f"national pool: {national} lawyers in ")
    assert messages[-1].startswith("all 300 lawyers are in (")


def test_a_rerun_writes_nothing_and_skips_every_dataset_by_its_marker(dynamodb):
    # Given a loaded table (all but the 4,241 law items, to keep the test quick)
    some = "categories,regions,catalog,staff,lawyers,cases"
    run(dynamodb, only=some)
    before, writes = count(dynamodb), dynamodb.writes
    # When the loader runs again
    results, messages = run(dynamodb, only=some)
    # Then no dataset is loaded, no write is made and the table holds the same items
    names = ["categories", "regions", "catalog", "staff", "lawyers-county", "lawyers-city", "cases",
             "lawyers-province", "lawyers-national"]
    assert list(results) == names and set(results.values()) == {None}
    assert dynamodb.writes == writes
    assert count(dynamodb) == before
    assert messages == [f"seeds up to date: {', '.join(names)} ({messages[0].split(' (')[1]}"]


def test_a_dataset_whose_marker_is_gone_is_loaded_again_alone(dynamodb):
    # Given a loaded table that lost the categories' marker
    some = "categories,regions,catalog,staff"
    run(dynamodb, only=some)
    dynamodb.delete_item(TableName=TABLE, Key=load.marker_key("categories"))
    # When the loader runs again
    results, _ = run(dynamodb, only=some)
    # Then only the categories are written again
    assert results["categories"] == 18
    assert [name for name, written in results.items() if written is not None] == ["categories"]


def test_growing_the_pool_adds_only_new_lawyers_and_keeps_their_runtime_state(dynamodb):
    # Given 45 lawyers loaded, the first of them busy with three questions
    run(dynamodb, only="lawyers", lawyer_count=45)
    first = {"PK": {"S": f"LAWYER#{next(lawyer_items(1)).lawyer_id}"}, "SK": {"S": "PROFILE"}}
    dynamodb.update_item(TableName=TABLE, Key=first, UpdateExpression="SET open_questions = :n",
                         ExpressionAttributeValues={":n": {"N": "3"}})
    # When the loader runs for 60
    results, _ = run(dynamodb, only="lawyers", lawyer_count=60)
    # Then only the 15 new lawyers and their slots are written, and the first keeps its state
    assert lawyers_written(results) == len(list(lawyer_items(60))) - len(list(lawyer_items(45)))
    item = dynamodb.get_item(TableName=TABLE, Key=first)["Item"]
    assert item["open_questions"] == {"N": "3"}


def test_a_reload_gives_existing_profiles_their_serves_and_reach_entries_keeping_runtime_state(
        dynamodb):
    # Given a lawyer who serves a neighbour county, loaded before `serves` existed: a profile
    # without it, no reach entries, and busy with two questions
    from chalicelib.db import models
    from seeds.datasets import _lawyer_items
    from seeds.lawyers import generate
    from seeds.writer import Writer

    load.ensure_table(dynamodb, TABLE)
    lawyer = next(l for l in generate(500) if l.get("serves"))
    old = dict(lawyer)
    old.pop("serves")
    writer = Writer(dynamodb, TABLE, progress=lambda line: None)
    writer.write("old", _lawyer_items([old]), counts=models.Lawyer)
    key = {"PK": {"S": f"LAWYER#{lawyer['lawyer_id']}"}, "SK": {"S": "PROFILE"}}
    dynamodb.update_item(TableName=TABLE, Key=key, UpdateExpression="SET open_questions = :n",
                         ExpressionAttributeValues={":n": {"N": "2"}})
    # When the seeds are loaded again, insert-only, with `serves` refreshed
    for _ in range(2):  # twice: the second finds nothing to change
        writer.write("new", _lawyer_items([lawyer]), insert_only=True, counts=models.Lawyer,
                     refresh=("serves",))
    # Then the profile serves its neighbours and keeps its runtime state
    item = dynamodb.get_item(TableName=TABLE, Key=key)["Item"]
    assert item["serves"] == {"L": [{"S": c} for c in lawyer["serves"]]}
    assert item["open_questions"] == {"N": "2"}
    # And each served county has the directory entry and the reach slots
    stored = dynamodb.query(TableName=TABLE, KeyConditionExpression="PK = :pk",
                            ExpressionAttributeValues={":pk": key["PK"]})["Items"]
    assert {i["SK"]["S"] for i in stored} == {i.serialize()["SK"]["S"]
                                              for i in _lawyer_items([lawyer])}


def test_the_xinfeng_county_pool_answers_a_dispatch_query(dynamodb):
    # Given the seeds loaded
    run(dynamodb, only="lawyers")
    # When the county pool for criminal matters is queried, as tier 1 of dispatch does
    answer = dynamodb.query(
        TableName=TABLE, IndexName="GSI1", KeyConditionExpression="GSI1PK = :pool",
        ExpressionAttributeValues={":pool": {"S": "POOL#county#360722#criminal"}})
    # Then it finds every named 信丰 lawyer practising criminal law, best stars first
    named = [lawyer for lawyer in XINFENG["lawyers"] if "criminal" in lawyer["specialties"]]
    stars = [float(item["stars"]["N"]) for item in answer["Items"]]
    assert len(answer["Items"]) >= len(named)
    assert stars == sorted(stars, reverse=True)


def test_transactions_write_the_same_items_as_batches(dynamodb):
    # When the lawyers are loaded by transactions (the DynamoDB Local method), one writer at a
    # time: moto copies the table on each transaction without a lock
    results, _ = run(dynamodb, only="staff,lawyers", lawyer_count=45, method="transact", threads=1)
    # Then every item arrives, as with batches
    assert lawyers_written(results) == len(list(lawyer_items(45)))
    assert count(dynamodb) == lawyers_written(results) + results["staff"] + 5


def test_an_unknown_dataset_name_is_refused_before_anything_is_written(dynamodb):
    with pytest.raises(ValueError, match="unknown datasets: judges"):
        run(dynamodb, only="lawyers,judges")
    assert dynamodb.writes == 0


@pytest.mark.dynamodb_local
def test_dynamodb_local_loads_by_transaction_and_skips_on_the_second_run(env, dynamodb_local):
    # Given DynamoDB Local as the configured endpoint (the loader then writes by transaction)
    env(AWS_ENDPOINT_URL_DYNAMODB=dynamodb_local)
    client = CountingClient(load.dynamodb_client(load.get_settings()))
    # When 300 lawyers are loaded twice
    first = load.load_all(TABLE, only="lawyers", lawyer_count=300, client=client,
                          progress=lambda message: None)
    writes = client.writes
    second = load.load_all(TABLE, only="lawyers", lawyer_count=300, client=client,
                           progress=lambda message: None)
    # Then the first run wrote them all and the second wrote nothing
    assert lawyers_written(first) == len(list(lawyer_items(300)))
    assert set(second.values()) == {None} and client.writes == writes
    client.delete_table(TableName=TABLE)


def test_the_dataset_names_are_the_ones_the_cli_documents():
    assert [d.name for d in all_datasets(1)] == [
        "categories", "regions", "bureaus", "catalog", "staff", "lawyers-county", "lawyers-city",
        "laws", "cases", "lawyers-province", "lawyers-national"]
