"""The stars formula (docs/consultations.md): ratings, award rate and response speed, smoothed."""
from types import SimpleNamespace

from chalicelib.consultations.stars import after, stars


def stats(**counters):
    base = dict(prior_stars=4.0, answers=0, awards=0, ratings=0, rating_sum=0, response_seconds_sum=0)
    return SimpleNamespace(**dict(base, **counters))


def test_a_lawyer_with_no_history_sits_near_the_middle_whatever_their_seeded_stars():
    # Given a newcomer rated 4.0 before any event
    fresh = stars(stats())
    # Then the formula gives a plausible, not a perfect, value
    assert 3.0 < fresh < 4.5


def test_awards_raise_stars_and_unawarded_answers_lower_them():
    ten_answers = stats(answers=10, response_seconds_sum=10 * 300)
    assert stars(stats(**dict(vars(ten_answers), awards=5))) > stars(ten_answers)
    assert stars(stats(answers=40, response_seconds_sum=40 * 300)) < stars(ten_answers)


def test_fast_answers_score_higher_than_slow_ones():
    fast = stats(answers=10, response_seconds_sum=10 * 120)  # 2 minutes each
    slow = stats(answers=10, response_seconds_sum=10 * 3600)  # an hour each
    assert stars(fast) > stars(slow)


def test_one_bad_rating_moves_a_newcomer_less_than_ten_do():
    one = stars(stats(ratings=1, rating_sum=1))
    ten = stars(stats(ratings=10, rating_sum=10))
    assert stars(stats()) > one > ten


def test_stars_stay_between_one_and_five():
    best = stats(answers=100, awards=100, ratings=100, rating_sum=500, response_seconds_sum=100 * 30)
    worst = stats(answers=100, ratings=100, rating_sum=100, response_seconds_sum=100 * 86400)
    assert stars(best) <= 5.0 and stars(worst) >= 1.0 and stars(best) > 4.5 and stars(worst) < 1.5


def test_updates_are_incremental_additions_to_the_counters():
    # Given counters, When an answer of 4 minutes is added, Then only the counters named change
    assert after(stats(answers=2, response_seconds_sum=600), answers=1, response_seconds_sum=240) == {
        "answers": 3, "response_seconds_sum": 840}
