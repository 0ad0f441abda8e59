"""The library search as the routes answer it: the query's rules (its length, what it may hold),
the index to ask (the seeded one, or the one that follows publishing: library/live.py), a page of
results of one kind or all, the counts of each kind and the best few of each for the search page."""
from chalicelib.clock import iso
from chalicelib.errors import Invalid
from chalicelib.library import corpus, store, tokens
from chalicelib.library.index import SearchIndex

from chalicelib.library import KINDS, MAX_QUERY  # noqa: F401 (the rules' home)

_SAID = {"after": "起始位置", "limit": "每页条数", "offset": "起始位置"}  # a person reads words, not parameter names


def _number(text, name, low, high):
    name = _SAID.get(name, name)
    try:
        value = int(text)
    except (TypeError, ValueError):
        raise Invalid(f"{name}应为整数", code="invalid_parameter")
    if not low <= value <= high:
        raise Invalid(f"{name}应在 {low} 到 {high} 之间", code="invalid_parameter")
    return value


_BUILT = {}  # the texts in force it was built from: the index


def default_index(day=None):
    """The seeded corpus's index of this process, built on the first search (~0.6 s; see
    bench/library.py) and again only when a seeded revision comes into force (治安管理处罚法 on
    2026-01-01). What staff publish is layered on it (live_index)."""
    key = corpus.revisions_in_force(day=day)
    if key not in _BUILT:
        _BUILT.clear()
        _BUILT[key] = SearchIndex(corpus.documents(day=day))
    return _BUILT[key]


_LIVE = []


def forget_live():
    """Drop this process's layered index (a test's table is a new one)."""
    _LIVE.clear()


def live_index(day, now, bureau=None):
    """The index that follows publishing (library/live.py): the seeded corpus, the law versions in
    force on `day`, and `bureau`'s published topics and templates as of `now`."""
    if not _LIVE:
        from chalicelib.library.live import Live

        _LIVE.append(Live(store, default_index))
    return _LIVE[0].index(day, now, bureau)


def search(query, kind=None, limit=None, offset=None, *, day=None, index=None, per_kind=None,
           now=None, bureau=None):
    """The documents the query finds, best first: a page of `limit` from `offset` (of one kind when
    `kind` is given), how many of each kind there are, and the `offset` of the next page. With
    `per_kind`, `groups` holds the best few of each kind too (the search page). With `now`, the
    index follows publishing (live_index) and `bureau` adds that bureau's own documents."""
    query = " ".join((query or "").split())
    if not query:
        raise Invalid("请输入要查找的字词", code="query_required")
    if len(query) > MAX_QUERY:
        raise Invalid(f"查找的字词请不超过 {MAX_QUERY} 个字", code="query_too_long")
    if not tokens.runs(tokens.normalize(query)):
        raise Invalid("请输入要查找的汉字、字母或数字", code="query_required")
    if kind not in (None, "", *KINDS):
        raise Invalid("查找范围应为法条、案例、文书模板、诉讼指引或热点普法", code="invalid_parameter")
    limit = 20 if limit in (None, "") else _number(limit, "limit", 1, 50)
    offset = 0 if offset in (None, "") else _number(offset, "offset", 0, 1000)
    if index is None:
        index = live_index(day, now, bureau) if now is not None else default_index(day)
    found = index.ranked(query)
    docs, due = found.index.docs, iso(now) if now is not None else None
    shown = [d for d in found.docs if not docs[d].not_before or (due and docs[d].not_before <= due)]
    held = [d for d in shown if found.matched.get(d, 0) > 0] or shown
    by_kind = {k: [d for d in held if docs[d].kind == k] for k in KINDS}
    chosen = by_kind[kind] if kind else held
    page = chosen[offset:offset + limit]
    answer = {"query": query, "kind": kind or None, "results": [_result(found.hit(d)) for d in page],
              "counts": {k: len(v) for k, v in by_kind.items()}, "total": len(held), "offset": offset,
              "next": offset + limit if offset + limit < len(chosen) else None}
    if per_kind:
        answer["groups"] = [{"kind": k, "count": len(v), "results": [_result(found.hit(d)) for d in v[:per_kind]]}
                            for k, v in by_kind.items() if v]
    return answer


def _result(hit):
    doc = hit.doc
    return {"kind": doc.kind, "slug": doc.slug, "title": doc.title, "label": doc.label or None,
            "chapter": doc.chapter or None, "number": doc.number, "url": doc.url,
            "snippet": hit.snippet, "score": hit.score}
