"""The law library's reads (AP-05, AP-06 in docs/data-model.md): every read is a GetItem or one
Query. chalicelib/library/store.py says what a missing or over-long name means."""
from chalicelib.db.models import Case, Law, LawArticle

CASE_LIST_ATTRIBUTES = ["PK", "SK", "type", "slug", "title", "topic"]


def laws():
    """AP-06: every law (its META item; no article is read)."""
    return [item for item in Law.gsi1.query("LAWS") if isinstance(item, Law)]


def _get(model, pk, sk):
    try:
        return model.get(pk, sk)
    except model.DoesNotExist:
        return None


def law(slug):
    """The law `slug` (its META item), or None."""
    return _get(Law, f"LAW#{slug}", "META")


def case(slug):
    """The case `slug`, or None."""
    return _get(Case, f"CASE#{slug}", "CASE")


def articles(slug, after=None, limit=50):
    """AP-05: up to `limit` articles of a law in reading order, after the article numbered `after`;
    and whether more follow."""
    condition = (LawArticle.SK > f"ART#{after:05d}" if after is not None
                 else LawArticle.SK.startswith("ART#"))
    page = LawArticle.query(f"LAW#{slug}", condition, limit=limit + 1)
    found = [item for item in page if isinstance(item, LawArticle)]
    return found[:limit], len(found) > limit


def cases(topic=None):
    """AP-06: the cases' titles, by topic (no body is read)."""
    condition = Case.GSI1SK.startswith(f"{topic}#") if topic else None
    return [item for item in Case.gsi1.query("CASES", condition,
                                               attributes_to_get=CASE_LIST_ATTRIBUTES)
            if isinstance(item, Case)]
