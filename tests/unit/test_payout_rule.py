"""The 中标 payout rule on an in-memory store (issue 10, seam 1): what a bureau pays for an awarded
answer and under which month the line is filed. No table, no AWS."""
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest

from chalicelib.consultations.payout import amount_fen, open_month, payout_line
from chalicelib.db.bureaus import Bureau

XINFENG, DAYU = "360722", "360723"


class FakeStore:
    """The rule's two reads, from dicts: bureaus by code, settlements by (bureau, month)."""

    def __init__(self, bureaus=(), settled=()):
        self.bureaus = {b.code: b for b in bureaus}
        self.settled = set(settled)
        self.reads = []

    def bureau(self, code):
        return self.bureaus.get(code)

    def settlement(self, bureau, month):
        self.reads.append((bureau, month))
        return object() if (bureau, month) in self.settled else None


def bureau(code, **rates):
    return Bureau(code=code, name=f"{code}司法局", short_name=code, account=code, payout_fen=rates)


CATEGORIES = {"labor": SimpleNamespace(code="labor", payout_fen=4000),
              "family": SimpleNamespace(code="family", payout_fen=0)}
CONSULTATION = SimpleNamespace(id="ZX1", category="labor")
ANSWER = SimpleNamespace(answer_id="a1", lawyer_id="L1", lawyer_name="王律师", firm="信丰律师事务所")
LAWYER = SimpleNamespace(licence_no="13607201010000001")


def at(text):
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def line(store, *, bureau_code=DAYU, now="2026-03-02T05:00:00", c=CONSULTATION):
    return payout_line(c, ANSWER, LAWYER, bureau=bureau_code, now=at(now), store=store,
                       categories=CATEGORIES, category_name="劳动争议", default_fen=3000,
                       awarded_by="citizen")


def test_a_bureau_pays_its_own_rate_for_a_category_it_prices():
    # Given 大余 pays 5,000 fen for labour questions, and the category says 4,000
    store = FakeStore([bureau(DAYU, labor=5000)])
    # When a labour answer is awarded at 大余
    made = line(store)
    # Then the line pays 大余's rate, is 大余's, and is filed under the China month of the award
    assert (made.amount_fen, made.bureau, made.month) == (5000, DAYU, "2026-03")
    assert made.PK == "PAYOUT#360723#2026-03" and made.SK == "LINE#2026-03-02T05:00:00Z#ZX1"
    assert made.GSI1PK == "EARN#L1" and made.GSI1SK == "2026-03#360723#2026-03-02T05:00:00Z#ZX1"
    assert (made.lawyer_id, made.licence_no, made.awarded_by) == ("L1", "13607201010000001", "citizen")


@pytest.mark.parametrize("rates, category, expected", [
    ({"family": 2500}, "labor", 4000),   # the bureau prices another category: the category's own
    ({}, "labor", 4000),                 # the bureau prices nothing: the category's
    ({}, "family", 3000),                # neither prices it: the policy default
    ({"family": 2500}, "family", 2500),  # the bureau's rate wins over the default
    ({}, "unknown", 3000),               # a category no longer listed: the default
])
def test_a_missing_rate_falls_back_to_the_category_then_to_the_default(rates, category, expected):
    assert amount_fen(bureau(DAYU, **rates), category, CATEGORIES, 3000) == expected


def test_a_bureau_without_a_stored_item_pays_the_category_rate():
    assert line(FakeStore(), bureau_code=XINFENG).amount_fen == 4000


def test_an_award_just_after_midnight_utc_is_filed_in_the_china_month():
    # 2026-03-31 16:30 UTC is 1 April 00:30 in China
    assert line(FakeStore(), now="2026-03-31T16:30:00").month == "2026-04"


def test_an_award_into_a_month_already_being_settled_is_filed_under_the_open_month():
    # Given 大余's March has a settlement, but 信丰's has not
    store = FakeStore([bureau(DAYU)], settled={(DAYU, "2026-03")})
    # When an answer is awarded at 23:59 on 31 March, China time, in each bureau
    late = line(store, now="2026-03-31T15:59:00")
    elsewhere = line(store, bureau_code=XINFENG, now="2026-03-31T15:59:00")
    # Then 大余's line goes to April (the open month), keeping its award time; 信丰's stays in March
    assert (late.month, late.awarded_at, late.PK) == ("2026-04", "2026-03-31T15:59:00Z", "PAYOUT#360723#2026-04")
    assert elsewhere.month == "2026-03"


def test_the_open_month_rolls_over_the_year_and_reads_one_settlement_a_month():
    store = FakeStore(settled={(DAYU, "2026-12")})
    assert open_month(store, DAYU, "2026-12") == "2027-01"
    assert store.reads == [(DAYU, "2026-12"), (DAYU, "2027-01")]
