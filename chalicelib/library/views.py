"""The library as the JSON routes show it: plain dicts built from the table's items and the
templates, with the rules a reader meets (page sizes); its search is library/finder.py."""
from chalicelib.errors import NotFound
from chalicelib.library import citations, doc_templates, store, themes, versions
from chalicelib.library.finder import _number, default_index, forget_live, live_index, search  # noqa: F401

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
