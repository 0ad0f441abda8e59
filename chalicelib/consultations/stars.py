"""A lawyer's stars: the citizens' 1–5 ratings — of an answer (consultations/ratings.py) or of a
completed commission (commissions/rating.py), counted alike — averaged with a prior so that one
rating cannot swing a newcomer, and nothing else. Answering and 中标 never move stars (docs/consultations.md, "Stars";
the pages that show stars say the same in a short 星级说明):

    stars = (sum of ratings + P × 3) / (ratings + 3)

P is the lawyer's stars before their first recorded event here (the seeded or imported stars; a
lawyer who had none starts at 4.0), counted as 3 ratings of that value. Updated incrementally: a
rating adds to the lawyer's counters (LawyerStats) and the stars are recomputed from the counters
alone — never from the lawyer's history. The other counters (answers, awards, response time) feed
statistics and payouts, not stars."""
from types import SimpleNamespace

PRIOR_WEIGHT = 3  # the prior counts as this many ratings
NEUTRAL_PRIOR = 4.0  # a lawyer who had no stars yet starts as a good, not a perfect, lawyer


def stars(stats):
    prior = float(stats.prior_stars or 0) or NEUTRAL_PRIOR
    ratings = float(stats.ratings or 0)
    average = (float(stats.rating_sum or 0) + prior * PRIOR_WEIGHT) / (ratings + PRIOR_WEIGHT)
    return round(min(5.0, max(1.0, average)), 2)


def shown(value):
    """The stars a page shows for a lawyer's stored stars: None (暂无评分) while the lawyer has none —
    0 is how the seeds and imports say "not rated yet", which the formula counts as NEUTRAL_PRIOR, so
    showing ★0.0 would promise a leap on the first rating."""
    return float(value) if value else None


def after(stats, **added):
    """The counter values after adding `added` to them (for `save_stats`)."""
    return {name: (getattr(stats, name) or 0) + value for name, value in added.items()}


def rule():
    """What the pages' 星级说明 shows, from the constants above (so page and formula cannot drift)."""
    example = stars(SimpleNamespace(prior_stars=NEUTRAL_PRIOR, ratings=1, rating_sum=5))
    return {"prior_weight": PRIOR_WEIGHT, "example_prior": f"{NEUTRAL_PRIOR:.1f}",
            "example_after": f"{example:.2f}"}
