"""The library search on citizens' own words (bench/data/search_eval.json, issue 13): for each
colloquial question, is an article a lawyer would cite among the first 5? A floor, so a change that
makes the search understand citizens less fails `make test`; `make bench` prints the figure."""
import pytest

from bench.search_relevance import evaluate, queries
from chalicelib.library.views import default_index

# Measured on 2026-12-02 (docs/decisions/search.md): tune 109/126, held-out 31/65 — far below the
# issue's 0.90 goal, which is not reached yet. The floors sit just under today's figures.
TUNE_FLOOR, HELD_OUT_FLOOR = 0.82, 0.43


@pytest.mark.slow
def test_citizens_words_find_the_articles_a_lawyer_would_cite():
    rows = queries()
    # Given 191 colloquial questions over ten areas, 65 of them never looked at while tuning
    assert len(rows) >= 160 and sum(r["set"] == "held_out" for r in rows) >= 60
    # When each is searched
    by_set, _, misses = evaluate(default_index(), rows)
    tune, held = (hits / total for hits, total in (by_set["tune"], by_set["held_out"]))
    print(f"tune {tune:.3f} held_out {held:.3f}; {len(misses)} misses")
    # Then the share with a cited article in the first five stays at least where it is
    assert tune >= TUNE_FLOOR and held >= HELD_OUT_FLOOR
