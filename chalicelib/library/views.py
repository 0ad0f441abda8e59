"""The library as the JSON routes show it: plain dicts built from the table's items, the templates
and the search index, with the rules a reader meets (page sizes, the query's length)."""
import functools

from chalicelib.errors import Invalid
from chalicelib.library import corpus, doc_templates, store, tokens
from chalicelib.library.index import SearchIndex

from chalicelib.library import DEFAULT_PAGE, KINDS, MAX_PAGE, MAX_QUERY  # noqa: F401 (the rules' home)


def law_list(find_laws=store.laws):
    """{"categories": [{"name", "laws": [...]}]} in the statute books' order of branches."""
    grouped = {}
    for law in find_laws():
        grouped.setdefault(law.category or "其他", []).append(
            {"slug": law.slug, "title": law.title, "revised_on": law.revised_on,
             "article_count": int(law.article_count or 0)})
    order = {name: i for i, name in enumerate(store.CATEGORY_ORDER)}
    names = sorted(grouped, key=lambda name: (order.get(name, len(order)), name))
    return {"categories": [{"name": name, "laws": grouped[name]} for name in names]}


_SAID = {"after": "起始位置", "limit": "每页条数"}  # a person reads words, not parameter names


def _number(text, name, low, high):
    name = _SAID.get(name, name)
    try:
        value = int(text)
    except (TypeError, ValueError):
        raise Invalid(f"{name}应为整数", code="invalid_parameter")
    if not low <= value <= high:
        raise Invalid(f"{name}应在 {low} 到 {high} 之间", code="invalid_parameter")
    return value


def law_page(slug, after=None, limit=None, *, find_law=store.law, find_articles=store.articles):
    """A law and a page of its articles; `next` is the `after` that reads the following page."""
    law = find_law(slug)
    after = None if after in (None, "") else _number(after, "after", 0, 99999)
    limit = DEFAULT_PAGE if limit in (None, "") else _number(limit, "limit", 1, MAX_PAGE)
    items, more = find_articles(slug, after, limit)
    return {"law": {"slug": law.slug, "title": law.title, "category": law.category,
                    "revised_on": law.revised_on, "article_count": int(law.article_count or 0),
                    "source": law.source, "history": law.history},
            "articles": [{"number": int(a.number), "label": a.label, "chapter": a.chapter,
                          "text": a.text} for a in items],
            "next": int(items[-1].number) if more and items else None}


def case_list(topic=None, find_cases=store.cases):
    grouped = {}
    for case in find_cases(topic or None):
        grouped.setdefault(case.topic, []).append({"slug": case.slug, "title": case.title})
    return {"topics": [{"name": name, "cases": cases} for name, cases in grouped.items()]}


def case_detail(slug, find_case=store.case):
    """A case with its body as sections (基本案情, 裁判结果, …) of paragraphs."""
    case = find_case(slug)
    sections = [{"heading": None, "paragraphs": []}]
    for line in (line.strip() for line in case.body.splitlines()):
        if not line or line.startswith("<!--"):
            continue
        if line.startswith("#"):
            sections.append({"heading": line.lstrip("# "), "paragraphs": []})
        else:
            sections[-1]["paragraphs"].append(line)
    return {"slug": case.slug, "title": case.title, "topic": case.topic, "source": case.source,
            "sections": [s for s in sections if s["heading"] or s["paragraphs"]]}


def template_list():
    from chalicelib.documents.catalog import platform_list  # the platform's own forms (issue 13)

    return platform_list() + [{"slug": t["slug"], "title": t["title"], "case_type": t["case_type"]}
                              for t in doc_templates.all_templates()]


def template_detail(slug):
    return dict(doc_templates.template(slug))


@functools.lru_cache(maxsize=1)
def default_index():
    """The index of this process, built on the first search (~0.6 s; see bench/library.py)."""
    return SearchIndex(corpus.documents())


def search(query, kind=None, limit=None, *, index=None):
    query = " ".join((query or "").split())
    if not query:
        raise Invalid("请输入要查找的字词", code="query_required")
    if len(query) > MAX_QUERY:
        raise Invalid(f"查找的字词请不超过 {MAX_QUERY} 个字", code="query_too_long")
    if not tokens.runs(tokens.normalize(query)):
        raise Invalid("请输入要查找的汉字、字母或数字", code="query_required")
    if kind not in (None, "", *KINDS):
        raise Invalid("查找范围应为法条、案例或文书模板", code="invalid_parameter")
    limit = 20 if limit in (None, "") else _number(limit, "limit", 1, 50)
    hits = (index or default_index()).search(query, limit=limit, kinds={kind} if kind else None)
    return {"query": query, "results": [_result(hit) for hit in hits]}


def _result(hit):
    doc = hit.doc
    return {"kind": doc.kind, "slug": doc.slug, "title": doc.title, "label": doc.label or None,
            "chapter": doc.chapter or None, "number": doc.number, "url": doc.url,
            "snippet": hit.snippet, "score": hit.score}
