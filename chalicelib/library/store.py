"""The library as the table holds it (AP-05, AP-06 in docs/data-model.md): laws by category, a law's
articles a page at a time, cases by topic. Every read is a GetItem or one Query (db/library.py)."""
from chalicelib.db import bureau_templates as db_templates, search_generation, topics
from chalicelib.db import library as db
from chalicelib.errors import NotFound

# The order of the national legal system's branches, the way the statute books print them.
CATEGORY_ORDER = ("宪法", "民法商法", "行政法", "社会法", "刑法", "诉讼与非诉讼程序法", "行政法规")
CASE_LIST_ATTRIBUTES = db.CASE_LIST_ATTRIBUTES
# Seeded slugs and topics are short; anything longer names nothing, and must not reach a key
# condition (DynamoDB refuses keys over 1 KB with an error, which would be a 500).
MAX_NAME = 80


def laws():
    """AP-06: every law (its META item; no article is read)."""
    return db.laws()


def laws_and_versions():
    """AP-06, AP-220: every law and its later versions (one query)."""
    return db.laws_and_versions()


def versions(slug):
    """AP-221: a law's later versions."""
    return db.versions(slug)


def save_version(version, articles):
    """AP-222: a new version and its articles; effects.Refused when that day has one already."""
    db.save_version(version, articles)


def _one(read, slug, missing):
    """The item named by `slug`, or `missing` raised (also for a slug too long to name anything)."""
    if len(slug) > MAX_NAME:
        raise missing
    found = read(slug)
    if found is None:
        raise missing
    return found


def law(slug):
    return _one(db.law, slug, NotFound("没有找到这部法律法规，请从法律法规库中选择。", code="unknown_law"))


def articles(slug, after=None, limit=50, prefix="ART#"):
    """AP-05: up to `limit` articles of a law (of one version) in reading order, after the article
    numbered `after`."""
    return db.articles(slug, after, limit, prefix)


def cases(topic=None):
    """AP-06: the cases' titles, by topic (no body is read)."""
    if topic and len(topic) > MAX_NAME:
        return []
    return db.cases(topic)


def case(slug):
    return _one(db.case, slug, NotFound("没有找到这个案例，请从以案释法列表中选择。", code="unknown_case"))


def generation(scope):
    """AP-265: the search generation of `scope` (PLATFORM or a bureau's code)."""
    return search_generation.read(scope)


def all_articles(slug, prefix):
    """AP-05: every article of one version of a law."""
    return db.all_articles(slug, prefix)


def published_topics(bureau):
    """AP-267: a bureau's published 热点普法, scheduled ones too."""
    return topics.published(bureau)


def bureau_templates(bureau):
    """AP-231: a bureau's own templates (descriptions)."""
    return db_templates.of_bureau(bureau)
