"""The monthly figures' arithmetic: a first-response histogram in 30-second buckets up to 30 minutes,
median and p90 read from it, the 10-minute share, and tallies that add up across days and bureaus."""
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from chalicelib.reports import figures, histogram as hist, monthly

NOW = datetime(2026, 3, 31, 12, 0, tzinfo=timezone.utc)


def consultation(first=None, status="answering", age_minutes=60, answers=None, awarded=False,
                 rating=None, payout=0, category="labour"):
    created = NOW - timedelta(minutes=age_minutes)
    return SimpleNamespace(status=status, first_response_seconds=first, created_at=created.isoformat(),
                           answer_count=answers if answers is not None else (1 if first is not None else 0),
                           awarded_answer_id="a1" if awarded else None, payout_fen=payout,
                           rating=rating, category=category)


def test_buckets_hold_up_to_their_upper_edge_so_600_seconds_keeps_the_promise():
    assert [hist.bucket_of(s) for s in (0, 1, 30, 31, 599, 600, 601, 1800, 1801, 99999)] == \
        [0, 0, 0, 1, 19, 19, 20, 59, 60, 60]
    counts = hist.histogram([600, 601])
    assert hist.within(counts, 600) == 1
    assert len(counts) == hist.BUCKETS == 61


def test_median_and_p90_are_the_upper_edges_of_the_buckets_holding_their_ranks():
    # Given ten answers: nine within the first minute and one after 25 minutes
    counts = hist.histogram([10] * 5 + [45] * 4 + [1500])
    # Then half were answered within 30 s and nine in ten within 60 s
    assert hist.quantile(counts, 0.5) == 30
    assert hist.quantile(counts, 0.9) == 60
    assert hist.quantile(counts, 1.0) == 1500
    assert hist.quantile(hist.empty(), 0.5) is None


def test_a_quantile_in_the_open_bucket_says_later_than_30_minutes():
    assert hist.quantile(hist.histogram([40, 4000, 5000]), 0.9) == ">1800"


def test_bureaus_histograms_add_up_and_their_quantiles_come_from_the_sum():
    a, b = hist.histogram([20, 20, 20]), hist.histogram([700, 700, 700, 700])
    total = hist.add(a, b)
    assert sum(total) == 7
    assert hist.quantile(total, 0.5) == 720  # the 4th of 7 is one of B's
    with pytest.raises(ValueError):
        hist.add(a, [1, 2])


def test_the_10_minute_share_counts_only_decided_questions_and_refusals_apart():
    # Given answered-in-time, answered-late, unanswered-for-an-hour, just-asked and refused questions
    found = [consultation(first=120, awarded=True, payout=5000, rating=5),
             consultation(first=900, rating=3), consultation(first=None, age_minutes=60),
             consultation(first=None, age_minutes=2), consultation(status="refused")]
    # When they are tallied
    one = figures.tally(found, NOW, 600)
    # Then the just-asked one is not decided yet: 1 of 3 decided kept the promise
    assert (one["questions"], one["refused"], one["decided"], one["within_sla"]) == (4, 1, 3, 1)
    shown = figures.derive(one)
    assert shown["within_10min_share"] == round(1 / 3, 4)
    assert shown["first_response_median_seconds"] == 120 and shown["first_response_p90_seconds"] == 900
    assert shown["award_rate"] == 0.5 and shown["satisfaction"] == 4.0 and shown["payouts_fen"] == 5000


def test_tallies_of_days_add_up_to_the_tally_of_the_month():
    day1 = [consultation(first=50), consultation(first=650)]
    day2 = [consultation(first=300, rating=4)]
    assert figures.add(figures.tally(day1, NOW, 600), figures.tally(day2, NOW, 600)) == \
        figures.tally(day1 + day2, NOW, 600)


def test_months_their_days_and_when_their_report_is_due_in_china_time():
    assert monthly.add_months("2026-12", 1) == "2027-01" and monthly.add_months("2026-01", -1) == "2025-12"
    assert len(monthly.days_of("2028-02")) == 29
    # March ends at midnight China time, 16:00 UTC on 31 March; the report is due 30 minutes later
    assert monthly.due_at("2026-03") == datetime(2026, 3, 31, 16, 30, tzinfo=timezone.utc)
    assert monthly.month_of(datetime(2026, 3, 31, 16, 5, tzinfo=timezone.utc)) == "2026-04"
