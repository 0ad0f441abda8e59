"""The layered search index (chalicelib/library/live.py) without a table: a generation is read at
most once a minute a scope; a layer is rebuilt only when its generation or the texts in force move;
a law version replaces its seeded text from its effective date."""
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

from chalicelib.library.corpus import Doc
from chalicelib.library.index import SearchIndex
from chalicelib.library.live import Live

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)
SEED = SearchIndex([Doc("article", "mediation", "人民调解法", "人民调解委员会调解民间纠纷", "第一条", number=1),
                    Doc("article", "other", "某法", "民间借贷纠纷的处理", "第一条", number=1)])


class Source:
    def __init__(self):
        self.generations, self.reads, self.topics, self.versions = {}, [], [], []

    def generation(self, scope):
        self.reads.append(scope)
        return self.generations.get(scope, 0)

    def laws_and_versions(self):
        law = type("Law", (SimpleNamespace,), {})(
            slug="mediation", title="人民调解法", revised_on="2010-08-28", effective_on="2011-01-01",
            history="", article_count=1, source=None, superseded_on=None)
        return [law] + list(self.versions)

    def all_articles(self, slug, prefix):
        return [SimpleNamespace(text="坚持和发展枫桥经验，人民调解委员会调解民间纠纷", label="第一条",
                                chapter="", number=1)]

    def published_topics(self, bureau):
        return [t for t in self.topics if t.bureau == bureau]

    def bureau_templates(self, bureau):
        return []


def _version(effective_on):
    version = type("LawVersion", (SimpleNamespace,), {})(
        slug="mediation", prefix=f"VER#{effective_on}#ART#", effective_on=effective_on, title="人民调解法",
        revised_on=effective_on, history="", article_count=1, source=None)
    return version


def _topic(bureau, title):
    return SimpleNamespace(bureau=bureau, topic_id=f"20260302-{bureau}", title=title, body=title,
                           publish_at="2026-03-02T02:00:00Z")


def test_a_generation_is_read_at_most_once_a_minute_a_scope():
    # Given a container's layered index
    source = Source()
    live = Live(source, lambda day: SEED)
    # When a bureau searches 100 times over 50 seconds
    for second in range(0, 50, 1):
        live.index("2026-03-02", NOW + timedelta(seconds=second), "360722")
        live.index("2026-03-02", NOW + timedelta(seconds=second), "360722")
    # Then each scope was read once; a minute on, once more
    assert sorted(source.reads) == ["360722", "PLATFORM"]
    live.index("2026-03-02", NOW + timedelta(seconds=60), "360722")
    assert sorted(source.reads) == ["360722", "360722", "PLATFORM", "PLATFORM"]


def test_a_bureau_layer_follows_its_generation_and_holds_only_its_own_topics():
    source = Source()
    live = Live(source, lambda day: SEED)
    assert [d.kind for d in live.index("2026-03-02", NOW, "360722").docs] == ["article", "article"]
    # Given a topic of each bureau published, and A's generation moved on
    source.topics = [_topic("360722", "宪法日说宪法"), _topic("360723", "大余县普法")]
    source.generations["360722"] = 1
    # Then within the minute A's layer is the one it had; a minute on, it holds A's topic only
    assert len(live.index("2026-03-02", NOW + timedelta(seconds=30), "360722").docs) == 2
    titles = [d.title for d in live.index("2026-03-02", NOW + timedelta(seconds=60), "360722").docs]
    assert titles[2:] == ["宪法日说宪法"]


def test_an_imported_version_replaces_the_seeded_text_from_its_effective_date():
    source = Source()
    source.versions = [_version("2026-03-10")]
    live = Live(source, lambda day: SEED)
    # Before its day, the seeded text is found and the new words are not
    before = live.index("2026-03-09", NOW)
    assert [before.docs[d].text for d in before.ranked("枫桥经验").docs if before.docs[d].slug == "mediation"] == []
    # From its day, with nothing read again (the generation is fresh), the new text is found instead
    after = live.index("2026-03-10", NOW + timedelta(seconds=10))
    found = [after.docs[d] for d in after.ranked("人民调解委员会").docs if after.docs[d].slug == "mediation"]
    assert [d.text for d in found] == ["坚持和发展枫桥经验，人民调解委员会调解民间纠纷"]
    assert source.reads == ["PLATFORM"]
