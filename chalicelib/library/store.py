"""The library as the table holds it (AP-05, AP-06 in docs/data-model.md): laws by category, a law's
articles a page at a time, cases by topic. Every read is a GetItem or one Query."""
from chalicelib.db.models import Case, Law, LawArticle
from chalicelib.errors import NotFound

# The order of the national legal system's branches, the way the statute books print them.
CATEGORY_ORDER = ("宪法", "民法商法", "行政法", "社会法", "刑法", "诉讼与非诉讼程序法", "行政法规")
CASE_LIST_ATTRIBUTES = ["PK", "SK", "type", "slug", "title", "topic"]
# Seeded slugs and topics are short; anything longer names nothing, and must not reach a key
# condition (DynamoDB refuses keys over 1 KB with an error, which would be a 500).
MAX_NAME = 80


def laws():
    """AP-06: every law (its META item; no article is read)."""
    return [item for item in Law.gsi1.query("LAWS") if isinstance(item, Law)]


def _one(model, slug, pk, sk, missing):
    """The item named by `slug`, or `missing` raised (also for a slug too long to name anything)."""
    if len(slug) > MAX_NAME:
        raise missing
    try:
        return model.get(pk, sk)
    except model.DoesNotExist:
        raise missing


def law(slug):
    return _one(Law, slug, f"LAW#{slug}", "META",
                NotFound("没有找到这部法律法规，请从法律法规库中选择。", code="unknown_law"))


def articles(slug, after=None, limit=50):
    """AP-05: up to `limit` articles of a law in reading order, after the article numbered `after`."""
    condition = (LawArticle.SK > f"ART#{after:05d}" if after is not None
                 else LawArticle.SK.startswith("ART#"))
    page = LawArticle.query(f"LAW#{slug}", condition, limit=limit + 1)
    found = [item for item in page if isinstance(item, LawArticle)]
    return found[:limit], len(found) > limit


def cases(topic=None):
    """AP-06: the cases' titles, by topic (no body is read)."""
    if topic and len(topic) > MAX_NAME:
        return []
    condition = Case.GSI1SK.startswith(f"{topic}#") if topic else None
    return [item for item in Case.gsi1.query("CASES", condition,
                                               attributes_to_get=CASE_LIST_ATTRIBUTES)
            if isinstance(item, Case)]


def case(slug):
    return _one(Case, slug, f"CASE#{slug}", "CASE",
                NotFound("没有找到这个案例，请从以案释法列表中选择。", code="unknown_case"))
