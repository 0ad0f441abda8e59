"""Staff figures from consultations, and the payout CSV the bureau opens in Excel."""
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest

from chalicelib.consultations.context import Ctx
from chalicelib.consultations.ledger import payout_csv
from chalicelib.consultations.stats import day_range, percentile, summarize
from chalicelib.errors import Invalid

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)


def consultation(created="2026-03-02T10:00:00Z", first=None, answers=0, status="answering",
                 awarded=None, payout=None, dispatched=5, by=None):
    return SimpleNamespace(created_at=created, first_response_seconds=first, answer_count=answers,
                           status=status, awarded_answer_id=awarded, payout_fen=payout,
                           dispatched=dispatched, awarded_by=by)


def test_the_sla_rate_counts_first_answers_within_10_minutes_among_decided_consultations():
    # Given three answered in 2, 8 and 15 minutes, one unanswered for two hours, one opened a minute
    # ago (undecided) and one refused over the daily limit
    found = [consultation(first=120, answers=3), consultation(first=480, answers=5, status="awarded",
                                                              awarded="a", payout=4000),
             consultation(first=900, answers=1), consultation(),
             consultation(created="2026-03-02T11:59:00Z"), consultation(status="refused")]
    # When summarized at noon
    figures = summarize(found, NOW, 600)
    # Then 2 of the 4 decided ones made it, and the other figures follow
    assert figures["first_response_10min_rate"] == 0.5
    assert figures["consultations"] == 5 and figures["refused_over_daily_limit"] == 1
    assert figures["first_response_median_seconds"] == 480
    assert figures["first_response_p90_seconds"] == 900
    assert figures["award_rate"] == round(1 / 3, 4) and figures["payouts_fen"] == 4000
    assert figures["answers_per_consultation"] == 1.8
    assert figures["notifications_per_consultation"] == 5.0


def test_no_consultations_give_empty_figures_not_errors():
    figures = summarize([], NOW, 600)
    assert figures["consultations"] == 0 and figures["first_response_10min_rate"] is None


def test_percentile_is_the_nearest_rank():
    assert percentile(list(range(1, 11)), 0.9) == 9 and percentile([7], 0.9) == 7


def test_a_range_defaults_to_the_last_30_china_days_and_refuses_nonsense():
    ctx = Ctx(now=NOW)
    days = day_range(None, None, ctx)
    assert len(days) == 30 and days[-1].isoformat() == "2026-03-02"
    with pytest.raises(Invalid):
        day_range("2026-03-05", "2026-03-01", ctx)
    with pytest.raises(Invalid):
        day_range("2024-01-01", "2026-03-01", ctx)
    with pytest.raises(Invalid):
        day_range("yesterday", None, ctx)


def test_the_payout_csv_opens_in_excel_with_its_chinese_and_a_total():
    # Given a month with two lines, one lawyer's name looking like a formula
    ledger = {"month": "2026-03", "count": 2, "total_fen": 7500, "lines": [
        {"month": "2026-03", "awarded_at": "2026-03-02T05:00:00Z", "consultation_id": "ZX1",
         "category": "labor", "category_name": "劳动争议", "lawyer_name": "王律师", "licence_no": "1360",
         "firm": "信丰律师事务所", "amount_fen": 4000, "awarded_by": "citizen"},
        {"month": "2026-03", "awarded_at": "2026-03-31T17:00:00Z", "consultation_id": "ZX2",
         "category": "contract", "category_name": "合同纠纷", "lawyer_name": "=cmd()", "licence_no": None,
         "firm": None, "amount_fen": 3500, "awarded_by": "policy"}]}
    # When exported
    text = payout_csv(ledger)
    # Then it starts with a BOM, shows Beijing times and yuan, defuses the formula, and totals
    lines = text.lstrip("\ufeff").split("\r\n")
    assert text.startswith("\ufeff") and lines[0].startswith("月份,中标时间")
    assert lines[1] == "2026-03,2026-03-02 13:00,ZX1,劳动争议,王律师,1360,信丰律师事务所,40.00,市民选择"
    assert lines[2].startswith("2026-03,2026-04-01 01:00,ZX2,合同纠纷,'=cmd(),") and lines[2].endswith("35.00,到期自动")
    assert lines[3] == "合计,,2 笔,,,,,75.00,"
