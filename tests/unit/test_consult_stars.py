"""The stars formula (docs/consultations.md, "Stars"): a Bayesian average of citizens' ratings whose
prior is the lawyer's stars before any event, counted as 3 ratings. Nothing else moves stars."""
from types import SimpleNamespace

import pytest

from chalicelib.consultations.stars import after, stars


def stats(**counters):
    base = dict(prior_stars=4.0, answers=0, awards=0, ratings=0, rating_sum=0, response_seconds_sum=0)
    return SimpleNamespace(**dict(base, **counters))


def test_a_lawyer_with_no_ratings_keeps_the_stars_they_came_with():
    assert stars(stats()) == 4.0
    assert stars(stats(prior_stars=4.6)) == 4.6


def test_a_lawyer_who_had_no_stars_starts_at_four():
    assert stars(stats(prior_stars=0)) == 4.0


def test_answers_awards_and_speed_never_move_stars():
    # Given a lawyer at 4.0 with no ratings, When they answer, win 中标 and answer fast or slow
    busy = stats(answers=40, awards=30, response_seconds_sum=40 * 60, payout_fen=120000)
    slow = stats(answers=3, awards=0, response_seconds_sum=3 * 86400)
    # Then their stars are what they were
    assert stars(busy) == stars(slow) == 4.0


@pytest.mark.parametrize("prior, ratings, rating_sum, expected", [
    (4.0, 1, 5, 4.25),    # (5 + 12) / 4
    (4.0, 1, 1, 3.25),    # (1 + 12) / 4
    (4.0, 2, 10, 4.4),    # (10 + 12) / 5
    (4.6, 3, 9, 3.8),     # (9 + 13.8) / 6
    (0, 7, 35, 4.7),      # (35 + 12) / 10
])
def test_ratings_move_stars_exactly_as_the_published_formula_says(prior, ratings, rating_sum, expected):
    assert stars(stats(prior_stars=prior, ratings=ratings, rating_sum=rating_sum)) == expected


def test_one_bad_rating_moves_a_newcomer_less_than_ten_do():
    one = stars(stats(ratings=1, rating_sum=1))
    ten = stars(stats(ratings=10, rating_sum=10))
    assert stars(stats()) > one > ten


def test_stars_stay_between_one_and_five():
    assert stars(stats(ratings=1000, rating_sum=5000)) <= 5.0
    assert stars(stats(ratings=1000, rating_sum=1000)) >= 1.0


def test_updates_are_incremental_additions_to_the_counters():
    # Given counters, When an answer of 4 minutes is added, Then only the counters named change
    assert after(stats(answers=2, response_seconds_sum=600), answers=1, response_seconds_sum=240) == {
        "answers": 3, "response_seconds_sum": 840}
