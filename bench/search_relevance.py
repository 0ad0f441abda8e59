"""Search relevance on citizens' words: for each colloquial question of bench/data/search_eval.json,
is an article a lawyer would cite among the first 5 articles the library search returns?

    python -m bench.search_relevance [--misses]

Prints the share per set ('tune' may be looked at while tuning; 'held_out' is the figure that
counts) and per domain; `make test` checks a floor on the held-out set
(tests/unit/test_search_relevance.py), `make bench` prints it. Then the latency of every question
(p50/p95, wall clock and this process's CPU time: on a shared machine the CPU figure is the one
that does not count other people's work), through the whole search call on the index as
published content layers it (chalicelib/library/live.py, with bench/search_live.py's table-less
source: an imported version of 民法典 in force, a bureau's 200 topics and 100 templates).
"""
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

EVAL = Path(__file__).parent / "data" / "search_eval.json"
TOP = 5


def queries(path=EVAL):
    return json.loads(path.read_text(encoding="utf-8"))["queries"]


def found(index, query, top=TOP):
    """The first `top` articles the search returns for `query`, as "slug label"."""
    return [f"{hit.doc.slug} {hit.doc.label}" for hit in index.search(query, limit=top, kinds={"article"})]


def evaluate(index, rows, top=TOP):
    """{set: (hits, total)}, {domain: (hits, total)} and the misses (query, expected, got)."""
    by_set, by_domain, misses = defaultdict(lambda: [0, 0]), defaultdict(lambda: [0, 0]), []
    for row in rows:
        got = found(index, row["query"], top)
        hit = any(article in got for article in row["articles"])
        for tally in (by_set[row["set"]], by_domain[row["domain"]]):
            tally[0] += hit
            tally[1] += 1
        if not hit:
            misses.append((row, got))
    return dict(by_set), dict(by_domain), misses


def main(argv=None):
    from chalicelib.library.views import default_index

    argv = sys.argv[1:] if argv is None else argv
    by_set, by_domain, misses = evaluate(default_index(), queries())
    for name, (hits, total) in sorted(by_domain.items()):
        print(f"  {name:<12} {hits:3d}/{total:<3d} {hits / total:.2f}")
    if "--misses" in argv:
        for row, got in misses:
            print(f"  miss [{row['set']}] {row['query']}: want {row['articles'][:3]} got {got}")
    tune, held = by_set.get("tune", (0, 0)), by_set.get("held_out", (0, 0))
    print(f"search relevance: tune {tune[0]}/{tune[1]}, held_out {held[0]}/{held[1]}")
    print(f"search_top{TOP}_rate={held[0] / held[1]:.3f} queries={held[1]}")
    latency(default_index())


def latency(seed):
    from datetime import datetime, timezone

    from bench.search_live import Source
    from chalicelib.library import views
    from chalicelib.library.live import Live

    now = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)
    layered = Live(Source(seed), lambda day: seed).index("2026-03-02", now, "360722")
    wall, cpu = [], []
    for row in queries():
        started, used = time.perf_counter(), time.process_time()
        views.search(row["query"], index=layered, now=now, per_kind=5)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    for name, times in (("wall", sorted(wall)), ("cpu", sorted(cpu))):
        print(f"search latency ({name}, {len(times)} questions, {len(layered.docs)} documents): "
              f"p50 {times[len(times) // 2]:.1f} ms, p95 {times[int(len(times) * 0.95)]:.1f} ms, max {times[-1]:.1f} ms")


if __name__ == "__main__":
    main()
