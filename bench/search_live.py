"""What following publishing costs the search (docs/decisions/search-follows-publishing.md):

    python -m bench.search_live

Builds the layers of chalicelib/library/live.py from a source without a table (the table's reads
are one GetItem a minute a scope, and one or two queries a rebuild): the whole seeded corpus, the
platform layer with an imported 民法典-sized version in force, a bureau layer of 200 topics and 100
templates; then the per-request price of the generation check (the remembered value) and the
latency of the evaluation questions (bench/data/search_eval.json) through views.search on the
layered index, beside the seed index alone.
"""
import statistics
import time
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

from bench.search_relevance import queries

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)
DAY = "2026-03-02"


class Source:
    """The table's reads, from the seeded texts: civil-code imported again as a later version."""

    def __init__(self, seed):
        self.articles = [SimpleNamespace(text=d.text, label=d.label, chapter=d.chapter, number=d.number)
                         for d in seed.docs if d.kind == "article" and d.slug == "civil-code"]
        self.reads = 0

    def generation(self, scope):
        self.reads += 1
        return 1

    def laws_and_versions(self):
        law = type("Law", (SimpleNamespace,), {})(
            slug="civil-code", title="中华人民共和国民法典", revised_on="2020-05-28", effective_on="2021-01-01",
            history="", article_count=len(self.articles), source=None, superseded_on=None)
        later = type("LawVersion", (SimpleNamespace,), {})(
            slug="civil-code", prefix="VER#2026-03-01#ART#", effective_on="2026-03-01", title=law.title,
            revised_on="2026-01-01", history="", article_count=len(self.articles), source=None)
        return [law, later]

    def all_articles(self, slug, prefix):
        return self.articles

    def published_topics(self, bureau):
        return [SimpleNamespace(topic_id=f"20260301-{i:012x}", title=f"普法第{i}期：欠薪怎么办",
                                body="被拖欠工资，可以向劳动监察大队投诉，也可以申请劳动仲裁。" * 8,
                                publish_at="2026-03-01T00:00:00Z") for i in range(200)]

    def bureau_templates(self, bureau):
        return [SimpleNamespace(template_id=f"20260301-{i:012x}", title=f"借款合同（第{i}版）", category="民间借贷",
                                fields=[{"label": "出借人"}, {"label": "借款金额", "hint": "大写"}]) for i in range(100)]


def _ms(spent):
    return f"{spent[0] * 1000:.0f} ms ({spent[1] * 1000:.0f} ms CPU)"


def _timed(build):
    started, used = time.perf_counter(), time.process_time()
    built = build()
    return built, (time.perf_counter() - started, time.process_time() - used)


def main():
    from chalicelib.library import corpus, views
    from chalicelib.library.index import SearchIndex
    from chalicelib.library.live import Live
    from chalicelib.library.understand import understand

    understand("被公司辞退怎么赔偿")  # the segmenter's load is the cold start's, not a rebuild's
    seed, whole = _timed(lambda: SearchIndex(corpus.documents(day=DAY)))
    source = Source(seed)
    live = Live(source, lambda day: seed)
    platform, layer = _timed(lambda: live.index(DAY, NOW))
    bureau, own = _timed(lambda: live.index(DAY, NOW, "360722"))
    print(f"whole seeded corpus rebuilt: {len(seed.docs)} documents in {_ms(whole)}")
    print(f"platform layer (an imported version of {len(source.articles)} articles in force): {_ms(layer)}")
    print(f"bureau layer (200 topics, 100 templates): {_ms(own)}; {len(bureau.docs)} documents searched")
    runs, used = 100_000, time.process_time()
    for i in range(runs):
        live.index(DAY, NOW + timedelta(microseconds=i), "360722")
    print(f"per request, generations remembered (no read): {(time.process_time() - used) / runs * 1e6:.1f} µs CPU;"
          f" generation reads in {runs} requests: {source.reads}")
    for name, index in (("seed index alone", seed), ("layered, a bureau's", bureau)):
        times = []
        for row in queries():
            used = time.process_time()
            views.search(row["query"], index=index, now=NOW, per_kind=5)
            times.append((time.process_time() - used) * 1000)
        times.sort()
        print(f"  {name:<20} {len(times)} questions, CPU: p50 {statistics.median(times):.1f} ms, "
              f"p95 {times[int(len(times) * 0.95)]:.1f} ms, max {times[-1]:.1f} ms")
    assert platform is not bureau


if __name__ == "__main__":
    main()
