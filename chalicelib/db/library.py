"""The law library's reads (AP-05, AP-06 in docs/data-model.md): every read is a GetItem or one
Query. chalicelib/library/store.py says what a missing or over-long name means."""
from chalicelib.db import effects, search_generation
from chalicelib.db.base import Item
from chalicelib.db.models import Case, Law, LawArticle, LawVersion

CASE_LIST_ATTRIBUTES = ["PK", "SK", "type", "slug", "title", "topic"]


def laws():
    """AP-06: every law (its META item; no article is read)."""
    return [item for item in Law.gsi1.query("LAWS") if isinstance(item, Law)]


def laws_and_versions():
    """AP-06 and AP-220: every law's META item and its later versions, in the same one query."""
    return [item for item in Item.gsi1.query("LAWS") if isinstance(item, (Law, LawVersion))]


def versions(slug):
    """AP-221: the later versions of a law, oldest first (no article is read)."""
    return [item for item in LawVersion.query(f"LAW#{slug}", LawVersion.SK.startswith("VERSION#"))
            if isinstance(item, LawVersion)]


def save_version(version, articles, chunk=100):
    """AP-222: a new version (LawVersion fields) and its articles (dicts: number, label, chapter,
    text): the articles first (unconditional puts under a prefix only this text uses, so a retry
    rewrites the same items), then the version itself, on the condition that no version of that
    day exists, with the platform's search generation (AP-266): until that write nothing reads the
    articles; after it, it is the one."""
    items = [LawArticle(slug=version["slug"], prefix=version["prefix"], **a) for a in articles]
    for start in range(0, len(items), chunk):
        effects.commit([effects.Put(a, label="article") for a in items[start:start + chunk]])
    effects.commit([effects.create(LawVersion(**version), "version"), search_generation.bump(search_generation.PLATFORM)])


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


def articles(slug, after=None, limit=50, prefix="ART#"):
    """AP-05: up to `limit` articles of a law (of the version whose articles are under `prefix`) in
    reading order, after the article numbered `after`; and whether more follow."""
    if after is not None and after >= 99999:
        return [], False
    condition = (LawArticle.SK.between(f"{prefix}{after + 1:05d}", f"{prefix}99999")
                 if after is not None else LawArticle.SK.startswith(prefix))
    page = LawArticle.query(f"LAW#{slug}", condition, limit=limit + 1)
    found = [item for item in page if isinstance(item, LawArticle)]
    return found[:limit], len(found) > limit


def cases(topic=None):
    """AP-06: the cases' titles, by topic (no body is read)."""
    condition = Case.GSI1SK.startswith(f"{topic}#") if topic else None
    return [item for item in Case.gsi1.query("CASES", condition,
                                               attributes_to_get=CASE_LIST_ATTRIBUTES)
            if isinstance(item, Case)]


def all_articles(slug, prefix):
    """AP-05, page after page: every article of one version of a law (the search index's)."""
    found, after = [], None
    while True:
        page, more = articles(slug, after, 500, prefix)
        found += page
        if not more or not page:
            return found
        after = int(page[-1].number)
