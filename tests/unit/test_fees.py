"""The fee calculator against worked examples computed by hand from 《诉讼费用交纳办法》 (国务院令第481号)
第十三条至第十六条: each expected figure is written out bracket by bracket in the test."""
from decimal import Decimal

import pytest

from chalicelib import fees
from chalicelib.errors import Invalid


@pytest.mark.parametrize("claim, expected", [
    # 不超过1万元的，每件交纳50元
    ("5000", "50.00"),
    ("10000", "50.00"),
    # 50 + (100000-10000)×2.5% = 50 + 2250
    ("100000", "2300.00"),
    # 50 + 90000×2.5% + 50000×2% = 50 + 2250 + 1000
    ("150000", "3300.00"),
    # 2300 + 100000×2% = 4300; + 300000×1.5% = 8800 (50万)
    ("200000", "4300.00"),
    ("500000", "8800.00"),
    # 8800 + 500000×1% = 13800 (100万)
    ("1000000", "13800.00"),
    # 13800 + 1000000×0.9% = 22800; + 3000000×0.8% = 46800; + 5000000×0.7% = 81800
    ("2000000", "22800.00"),
    ("5000000", "46800.00"),
    ("10000000", "81800.00"),
    # 81800 + 10000000×0.6% = 141800; above 2000万 0.5%: 3000万 → 141800 + 50000 = 191800
    ("20000000", "141800.00"),
    ("30000000", "191800.00"),
    # a claim with fen: 50 + (12345.67-10000)×2.5% = 50 + 58.64175 → 108.64
    ("12345.67", "108.64"),
])
def test_a_property_claim_pays_the_cumulative_brackets(claim, expected):
    # When the acceptance fee of a property claim is computed
    found = fees.calculate("property", claim)
    # Then it is the sum of the brackets, and the breakdown adds up to it
    assert found["fee"] == expected
    assert sum(Decimal(r["fee"]) for r in found["brackets"]).quantize(fees.FEN) == Decimal(expected)
    assert found["basis"] == ["《诉讼费用交纳办法》第十三条第（一）项"]


def test_the_breakdown_of_150000_names_each_bracket_and_its_part():
    rows = fees.calculate("property", "150,000")["brackets"]
    assert [(r["from"], r["to"], r["rate"], r["part"], r["fee"]) for r in rows] == [
        ("0.00", "10000.00", None, "10000.00", "50.00"),
        ("10000.00", "100000.00", "0.025", "90000.00", "2250.00"),
        ("100000.00", "200000.00", "0.02", "50000.00", "1000.00"),
    ]


@pytest.mark.parametrize("procedure, basis", [("summary", "第十六条"), ("settled", "第十五条")])
def test_summary_procedure_and_a_settled_case_halve_the_acceptance_fee_once(procedure, basis):
    # Given a 15万 claim (3300 元) heard in summary procedure or settled by mediation / withdrawn
    found = fees.calculate("property", "150000", procedure)
    # Then the fee is halved, citing the article
    assert found["fee"] == "1650.00" and found["halved"]
    assert found["basis"][-1] == f"《诉讼费用交纳办法》{basis}"


def test_an_application_fee_is_never_halved():
    # 申请执行 of 10万: 50 + 90000×1.5% = 1400, whatever procedure is named
    assert fees.calculate("enforcement", "100000", "summary")["fee"] == "1400.00"
    assert not fees.calculate("enforcement", "100000", "summary")["halved"]


@pytest.mark.parametrize("kind, claim, expected", [
    # 申请执行: 50 + 490000×1.5% + 4500000×1% + 1000000×0.5% = 50 + 7350 + 45000 + 5000
    ("enforcement", "6000000", "57400.00"),
    # at 1000万: 57400 + 4000000×0.5% = 77400; above it 0.1%: + 10000000×0.1% = 87400
    ("enforcement", "20000000", "87400.00"),
    # 申请保全: 不超过1000元 30元; 30 + 99000×1% = 1020; + 100000×0.5% = 1520
    ("preservation", "800", "30.00"),
    ("preservation", "100000", "1020.00"),
    ("preservation", "200000", "1520.00"),
    # capped at 5000: 30 + 990 + (1000000-100000)... 1020 + 0.5% of 900000 = 5520 → 5000
    ("preservation", "1000000", "5000.00"),
    # 支付令: a third of the property fee, 3300 / 3
    ("payment_order", "150000", "1100.00"),
    ("labour", None, "10.00"),
    ("administrative", None, "50.00"),
])
def test_application_and_fixed_fees(kind, claim, expected):
    assert fees.calculate(kind, claim)["fee"] == expected


def test_divorce_is_a_range_plus_half_a_percent_of_property_above_200000():
    # Given a divorce dividing 30万 of property: 50–300 元 + (300000-200000)×0.5% = 500
    found = fees.calculate("divorce", "300000")
    assert (found["fee"], found["fee_min"], found["fee_max"]) == (None, "550.00", "800.00")
    # And without property above 20万 nothing is added
    assert fees.calculate("divorce", "")["fee_min"] == "50.00"
    assert fees.calculate("divorce", "150000")["fee_max"] == "300.00"


def test_personality_rights_add_1_percent_to_100000_and_half_a_percent_above():
    # 100–500 元 + 50000×1% + 50000×0.5% = 500 + 250 for damages of 15万
    found = fees.calculate("personality", "150000")
    assert (found["fee_min"], found["fee_max"]) == ("850.00", "1250.00")


@pytest.mark.parametrize("claim", ["-5", "abc", "1e5", "12.345", "0", "1" * 14, "１００", "<script>"])
def test_a_claim_that_is_not_money_is_refused_with_a_chinese_message(claim):
    with pytest.raises(Invalid) as refused:
        fees.calculate("property", claim)
    assert refused.value.details[0]["field"] == "amount" and "金额" in refused.value.message


def test_unknown_kind_or_procedure_is_refused():
    with pytest.raises(Invalid):
        fees.calculate("lottery", "100")
    with pytest.raises(Invalid):
        fees.calculate("property", "100", "fast")
