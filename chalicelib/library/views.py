"""The library as the JSON routes show it: plain dicts built from the table's items, the templates
and the search index, with the rules a reader meets (page sizes, the query's length)."""
from chalicelib.clock import iso
from chalicelib.errors import Invalid, NotFound
from chalicelib.library import citations, corpus, doc_templates, store, themes, tokens, versions
from chalicelib.library.index import SearchIndex

from chalicelib.library import DEFAULT_PAGE, KINDS, MAX_PAGE, MAX_QUERY  # noqa: F401 (the rules' home)


def law_list(day, find=store.laws_and_versions):
    """{"categories": [{"name", "laws": [...]}]} in the statute books' order of branches, each law
    with the revision date and status of its text in force on `day` (versions.summary)."""
    metas, later = [], {}
    for item in find():
        if type(item).__name__ == "LawVersion":
            later.setdefault(item.slug, []).append(item)
        else:
            metas.append(item)
    grouped = {}
    for law in metas:
        grouped.setdefault(law.category or "其他", []).append(
            {"slug": law.slug, "title": law.title, **versions.summary(law, later.get(law.slug, ()), day)})
    order = {name: i for i, name in enumerate(store.CATEGORY_ORDER)}
    names = sorted(grouped, key=lambda name: (order.get(name, len(order)), name))
    return {"categories": [{"name": name, "laws": grouped[name]} for name in names]}


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


def law_page(slug, after=None, limit=None, *, day, version=None, find_law=store.law,
             find_versions=store.versions, find_articles=store.articles):
    """A law (the version in force on `day`, or the one `version` names) and a page of its
    articles; `next` is the `after` that reads the following page; `versions` lists every text."""
    law = find_law(slug)
    after = None if after in (None, "") else _number(after, "after", 0, 99999)
    limit = DEFAULT_PAGE if limit in (None, "") else _number(limit, "limit", 1, MAX_PAGE)
    texts = versions.of_law(law, find_versions(slug) if len(slug) <= store.MAX_NAME else ())
    shown = versions.pick(texts, day, version if version not in (None, "") else None)
    if shown is None:
        raise NotFound("没有这个版本，请从该法的版本列表中选择。", code="unknown_version")
    items, more = find_articles(slug, after, limit, shown.prefix)
    # The citations resolver reads the seeded texts: it links inside the text in force they hold
    linked = shown == versions.current(texts, day) and (shown.prefix == "ART#" or "#seed#" in shown.prefix)
    return {"law": {"slug": law.slug, "title": shown.title, "category": law.category,
                    "revised_on": shown.revised_on or None, "article_count": shown.article_count,
                    "source": shown.source, "history": shown.history or None,
                    "version": shown.id, "effective_on": shown.effective_on or None,
                    "status": versions.status(shown, texts, day), "current": shown == versions.current(texts, day)},
            "versions": [{"version": v.id, "revised_on": v.revised_on or None,
                          "effective_on": v.effective_on or None,
                          "status": versions.status(v, texts, day)} for v in texts],
            "articles": [{"number": int(a.number), "label": a.label, "chapter": a.chapter,
                          "text": a.text, "lines": _lines(a.text, slug if linked else None, day)}
                         for a in items],
            "next": int(items[-1].number) if more and items else None}


def _lines(text, here, day):
    """An article's paragraphs, each as text and links to the articles it cites (本法第X条 …)."""
    pieces = citations.segments(text, here=here, day=day) if here else [{"text": text}]
    lines = [[]]
    for piece in pieces:
        if "href" in piece:
            lines[-1].append(piece)
            continue
        first, *rest = piece["text"].split("\n")
        lines[-1].append({"text": first})
        lines.extend([{"text": part}] for part in rest)
    return [[p for p in line if p["text"]] for line in lines]


def case_list(topic=None, find_cases=store.cases):
    """The cases by the column's topics (themes.py); `topic` keeps one topic (or one collection)."""
    cases = [{"slug": c.slug, "title": c.title, "topic": c.topic} for c in find_cases(None)]
    groups = themes.grouped(cases)
    if topic:
        groups = [g for g in groups if g["name"] == topic] or [
            {"name": topic, "cases": [c for c in cases if c["topic"] == topic]}]
    return {"topics": [{"name": g["name"], "cases": [{"slug": c["slug"], "title": c["title"]}
                                                     for c in g["cases"]]} for g in groups
                       if g["cases"] or not topic]}


def case_detail(slug, find_case=store.case, day=None):
    """A case with its body as sections (基本案情, 裁判结果, …) of paragraphs, each paragraph as text
    and links to the articles it cites; `cites` lists those articles once each."""
    case = find_case(slug)
    sections = [{"heading": None, "paragraphs": []}]
    for line in (line.strip() for line in case.body.splitlines()):
        if not line or line.startswith("<!--"):
            continue
        if line.startswith("#"):
            sections.append({"heading": line.lstrip("# "), "paragraphs": []})
        else:
            sections[-1]["paragraphs"].append(line)
    sections = [s for s in sections if s["heading"] or s["paragraphs"]]
    for section in sections:
        section["linked"] = [citations.segments(p, day=day) for p in section["paragraphs"]]
    return {"slug": case.slug, "title": case.title, "topic": themes.topic_of(case.title, case.topic),
            "source": case.source, "sections": sections, "cites": citations.cited(case.body, day=day)}


def template_list():
    from chalicelib.documents.catalog import platform_list  # the platform's own forms (issue 13)

    return platform_list() + [{"slug": t["slug"], "title": t["title"], "case_type": t["case_type"]}
                              for t in doc_templates.all_templates()]


def template_detail(slug):
    return dict(doc_templates.template(slug))


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
