"""Law library search: the in-memory index's build time and size, and query latency.

    python -m bench.library

Prints the time to read the bundled seed files and build the index (what the first search of a
Lambda container pays), the memory the index holds (tracemalloc, measured on a second build so the
timing is not slowed by tracing), and the latency of typical queries (median and p95 of 20 runs).
"""
import statistics
import time
import tracemalloc

from chalicelib.library import corpus
from chalicelib.library.index import SearchIndex

QUERIES = ("拖欠工资", "离婚 财产", "第一千零七十九条", "民法典 第1079条", "劳动合同法 第三十条", "加班费",
           "法律援助", "交通事故 赔偿", "工伤认定", "房屋租赁 押金", "人民调解协议 效力", "网络 诈骗")
RUNS = 20


def main():
    from chalicelib.library.understand import understand

    started = time.perf_counter()
    understand("被公司辞退怎么赔偿")  # the first question of a container loads the segmenter
    print(f"first question read (segmenter loaded) in {(time.perf_counter() - started) * 1000:.0f} ms")
    started = time.perf_counter()
    docs = list(corpus.documents())
    read = time.perf_counter() - started
    started = time.perf_counter()
    index = SearchIndex(docs)
    build = time.perf_counter() - started
    tracemalloc.start()
    traced = SearchIndex(corpus.documents())  # kept alive while measured: text and postings
    held, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del traced
    print(f"library search index: {len(docs)} documents, {len(index.postings)} distinct tokens, "
          f"{sum(len(p) for p in index.postings.values())} postings")
    print(f"  read seed files {read * 1000:.0f} ms, build index {build * 1000:.0f} ms, "
          f"index holds {held / 1e6:.1f} MB (documents' text included)")
    for query in QUERIES:
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            hits = index.search(query)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        top = hits[0].doc if hits else None
        print(f"  {query:<16} p50 {statistics.median(times):5.1f} ms  p95 {times[int(RUNS * 0.95)]:5.1f} ms  "
              f"{len(hits):2d} hits  first: {top.title + ' ' + top.label if top else '—'}")


if __name__ == "__main__":
    main()
