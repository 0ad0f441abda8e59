"""诉讼指引 (issue 13): seven national guides (seeds/guides.json) shown with the bureau's own venues.

A guide names the kinds of venue its cases go to (`court`, `arbitration`, `registry`, `traffic`,
`police`); the bureau's list (chalicelib/guides/venues.py) fills them in. Every article a guide
cites links to the law library (`/h5/laws/<slug>#art-<n>`), every template to `/h5/templates/<slug>`,
and its fee to the calculator (`/h5/fees?kind=`).
"""
import functools
import json

from chalicelib.errors import NotFound
from chalicelib.paths import runtime_dir

VENUE_KINDS = {"court": "人民法院", "arbitration": "劳动人事争议仲裁委员会", "registry": "婚姻登记机关",
               "traffic": "交通事故处理", "police": "公安机关"}


@functools.lru_cache(maxsize=1)
def guides():
    with open(runtime_dir("seeds") / "guides.json", encoding="utf-8") as f:
        return tuple(json.load(f)["guides"])


def _cite(ref):
    return {"name": ref["name"], "label": ref["label"], "text": ref.get("text") or ref.get("title", ""),
            "href": f"/h5/laws/{ref['law']}#art-{ref['number']}"}


def summary(guide):
    return {"slug": guide["slug"], "title": guide["title"], "summary": guide["summary"],
            "href": f"/h5/guides/{guide['slug']}"}


def guide_list():
    return {"guides": [summary(g) for g in guides()]}


def detail(slug, venues):
    """A guide with `venues` (the bureau's list) of the kinds it names, in its order."""
    guide = next((g for g in guides() if g["slug"] == slug), None)
    if guide is None:
        raise NotFound("没有这份诉讼指引", code="guide_not_found")
    where = [dict(v, kind_label=VENUE_KINDS[v["kind"]]) for kind in guide["venues"]
             for v in venues if v["kind"] == kind]
    fee = guide["fee"]
    return {**summary(guide), "steps": list(guide["steps"]), "venues": where,
            "fee": {"text": fee["text"], "kind": fee["kind"],
                    "href": f"/h5/fees?kind={fee['kind']}" if fee["kind"] else None},
            "evidence": list(guide["evidence"]),
            "deadlines": [_cite(d) for d in guide["deadlines"]],
            "articles": [_cite(a) for a in guide["articles"]],
            "templates": [{"title": t["title"], "href": f"/h5/templates/{t['slug']}"}
                          for t in guide["templates"]]}
