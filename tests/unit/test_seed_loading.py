"""How the seeds load: nearest lawyers first, the national pool last and in the background, whole
lawyers per write, and progress a person can read (no AWS: a recording stand-in for the client)."""
import re
import threading

import pytest

from chalicelib.db import models
from chalicelib.settings import DEFAULT_TIERS, parse_tiers
from seeds import datasets, lawyers
from seeds.writer import Writer

XINFENG = "360722"


class RecordingClient:
    """Takes writes as DynamoDB would and remembers each call's items, in order."""

    def __init__(self):
        self.calls, self.lock = [], threading.Lock()

    def transact_write_items(self, TransactItems):
        with self.lock:
            self.calls.append([action["Put"]["Item"] for action in TransactItems])

    def batch_write_item(self, RequestItems):
        with self.lock:
            for requests in RequestItems.values():
                self.calls.append([request["PutRequest"]["Item"] for request in requests])
        return {"UnprocessedItems": {}}


@pytest.fixture(scope="module")
def tiers():
    return datasets.lawyer_tiers(lawyers.DEFAULT_COUNT, XINFENG)


def test_the_pool_splits_into_the_bureaus_county_city_province_and_the_national_rest(tiers):
    # Given the 16,000-lawyer pool and the bureau in 信丰县
    pool = list(lawyers.generate())
    # When it is split by distance from the county
    # Then each lawyer is in exactly one tier, in pool order, nearest tiers holding the near lawyers
    assert [len(tiers[t]) for t in datasets.LAWYER_TIERS] == [47, 194, 1046, 14713]
    assert sorted((lawyer["lawyer_id"] for tier in tiers.values() for lawyer in tier)) == sorted(
        lawyer["lawyer_id"] for lawyer in pool)
    order = {lawyer["lawyer_id"]: n for n, lawyer in enumerate(pool)}
    for tier in tiers.values():
        assert [order[lawyer["lawyer_id"]] for lawyer in tier] == sorted(
            order[lawyer["lawyer_id"]] for lawyer in tier)
    assert {lawyer["county"] for lawyer in tiers["county"]} == {XINFENG}
    assert {lawyer["city"] for lawyer in tiers["city"]} == {"360700"}
    assert {lawyer["province"] for lawyer in tiers["province"]} == {"360000"}
    assert not any(lawyer["province"] == "360000" for lawyer in tiers["national"])
    # And all 40 hand-named 信丰 lawyers are in the county tier, first
    named = [entry["name"] for entry in lawyers.XINFENG["lawyers"]]
    assert [lawyer["name"] for lawyer in tiers["county"][:40]] == named


def test_a_first_question_needs_the_county_and_city_the_library_and_farther_lawyers_load_behind():
    # When the datasets are listed for the bureau's county
    found = datasets.all_datasets(300, XINFENG)
    # Then the library, the province's lawyers and the national pool load in the background, in
    # that order, after the county's and city's (dispatch reaches the province minutes later)
    assert [d.name for d in found if d.background] == [
        "laws", "cases", "lawyers-province", "lawyers-national"]
    assert [d.name for d in found if not d.background] == [
        "categories", "regions", "bureaus", "catalog", "staff", "lawyers-county", "lawyers-city"]
    at_once = [tier for tier in parse_tiers(DEFAULT_TIERS) if tier.delay_minutes == 0]
    assert {source for tier in at_once for source in tier.sources} == {"duty", "county", "city"}
    names = [d.name for d in found]
    assert names.index("lawyers-county") < names.index("lawyers-city") < names.index(
        "lawyers-province") < names.index("lawyers-national")
    assert {d.name for d in found if d.group == "lawyers"} == {
        "lawyers-county", "lawyers-city", "lawyers-province", "lawyers-national"}
    # And progress names the places and counts lawyers
    titles = {d.name: d.title for d in found}
    assert titles["lawyers-county"] == "lawyers of 信丰县"
    assert titles["lawyers-city"] == "lawyers of the rest of 赣州市"
    assert titles["lawyers-province"] == "lawyers of the rest of 江西省"
    assert all(d.noun == "lawyers" and d.counts is models.Lawyer for d in found if d.group)


def test_another_bureau_county_gets_its_own_lawyers_first():
    # Given a bureau in 南山区, 深圳 (440305)
    near = datasets.lawyer_tiers(2000, "440305")
    # Then its county tier holds only its own lawyers, and 信丰's named lawyers are national
    assert near["county"] and {lawyer["county"] for lawyer in near["county"]} == {"440305"}
    assert {lawyer["city"] for lawyer in near["city"]} == {"440300"}
    assert "360722" in {lawyer["county"] for lawyer in near["national"]}


def test_progress_counts_lawyers_of_the_pool_not_table_items(tiers):
    # Given a writer reporting at every chunk
    lines = []
    writer = Writer(RecordingClient(), "t", threads=2, method="transact", progress=lines.append,
                    every_seconds=0)
    province = tiers["province"]
    # When the province tier is written (1,046 lawyers, 3,322 table items)
    written = writer.write("lawyers of the rest of 江西省", datasets._lawyer_items(province),
                           counts=models.Lawyer, noun="lawyers", total=len(province))
    # Then every line counts lawyers "N of 1,046", rising, and never table items
    assert written.units == 1046 and written.items == 1046 + sum(len(x["specialties"]) for x in province)
    assert not any("item" in line for line in lines)
    counts = [int(m.group(1).replace(",", "")) for m in
              (re.match(r"  lawyers of the rest of 江西省: ([\d,]+) of 1,046 lawyers \(\d+%\)", line)
               for line in lines[:-1])]
    assert counts == sorted(counts) and 0 < counts[0] < counts[-1] <= 1046
    assert re.fullmatch(r"lawyers of the rest of 江西省: 1,046 lawyers in \d+\.\d s", lines[-1])


def test_a_progress_line_says_how_long_the_rest_will_take():
    lines = []
    writer = Writer(RecordingClient(), "t", threads=1, progress=lines.append, every_seconds=0)
    writer.write("national pool", datasets._lawyer_items(list(lawyers.generate(400))[40:]),
                 counts=models.Lawyer, noun="lawyers", total=360)
    assert re.fullmatch(r"  national pool: \d+ of 360 lawyers \(\d+%\), about \d+ s to go", lines[0])


def test_a_lawyers_profile_and_slots_go_in_one_transaction_profile_first(tiers):
    # Given lawyers with 1 to 4 slots each (chunks of 100 items would cut through some of them)
    client = RecordingClient()
    writer = Writer(client, "t", threads=4, method="transact", progress=lambda line: None)
    # When 300 lawyers of the national pool are written, as `make run` writes them, while
    # dispatch may already be reading the table
    writer.write("national pool", datasets._lawyer_items(tiers["national"][:300]),
                 counts=models.Lawyer)
    # Then no lawyer's items are split between two transactions: no slot is ever found without
    # its profile, and the profile comes first
    chunk_of = {}
    for n, items in enumerate(client.calls):
        assert len(items) <= 100
        for position, item in enumerate(items):
            lawyer = item["PK"]["S"]
            assert chunk_of.setdefault(lawyer, n) == n, f"{lawyer} split across transactions"
            if item["SK"]["S"].startswith("SLOT#"):
                assert (lawyer, "PROFILE") in {(i["PK"]["S"], i["SK"]["S"]) for i in items[:position]}
    assert len(chunk_of) == 300


def test_batches_write_a_lawyers_profile_before_their_slots(tiers):
    client = RecordingClient()
    Writer(client, "t", threads=1, method="batch", progress=lambda line: None).write(
        "national pool", datasets._lawyer_items(tiers["national"][:300]), counts=models.Lawyer)
    seen = set()
    for item in (item for batch in client.calls for item in batch):
        if item["SK"]["S"] == "PROFILE":
            seen.add(item["PK"]["S"])
        assert item["PK"]["S"] in seen


def test_items_no_one_counts_one_by_one_fill_whole_chunks():
    client = RecordingClient()
    Writer(client, "t", threads=1, method="transact", progress=lambda line: None).write(
        "regions", datasets.region_items(), noun="regions")
    assert [len(items) for items in client.calls] == [100] * 6 + [54]
