"""A lawyer's stars, from three signals, each smoothed toward a prior so that one event cannot swing
a newcomer (docs/consultations.md, "Stars"):

    R = (sum of ratings + P·3) / (ratings + 3)        citizens' 1–5 ratings; P = stars before any event
    A = (awards + 1) / (answers + 4)                   award rate; the prior is one award in four answers
    T = (response minutes + 10·3) / (answers + 3)      mean minutes from notification to answer
    stars = 1 + 4 × (0.60·(R − 1)/4 + 0.25·min(1, 2A) + 0.15·10/(10 + T))

Updated incrementally: each answer, award and rating adds to the lawyer's counters (LawyerStats)
and the stars are recomputed from the counters alone — never from the lawyer's history."""

PRIOR_WEIGHT = 3
NEUTRAL_PRIOR = 4.0  # a lawyer who had no stars yet starts as a good, not a perfect, lawyer
TARGET_MINUTES = 10.0


def stars(stats):
    prior = float(stats.prior_stars or 0) or NEUTRAL_PRIOR
    ratings = float(stats.ratings or 0)
    answers = float(stats.answers or 0)
    rating = (float(stats.rating_sum or 0) + prior * PRIOR_WEIGHT) / (ratings + PRIOR_WEIGHT)
    award_rate = (float(stats.awards or 0) + 1) / (answers + 4)
    minutes = (float(stats.response_seconds_sum or 0) / 60 + TARGET_MINUTES * PRIOR_WEIGHT) / \
        (answers + PRIOR_WEIGHT)
    score = 0.60 * (rating - 1) / 4 + 0.25 * min(1.0, 2 * award_rate) + \
        0.15 * TARGET_MINUTES / (TARGET_MINUTES + minutes)
    return round(min(5.0, max(1.0, 1 + 4 * score)), 2)


def after(stats, **added):
    """The counter values after adding `added` to them (for `save_stats`)."""
    return {name: (getattr(stats, name) or 0) + value for name, value in added.items()}
