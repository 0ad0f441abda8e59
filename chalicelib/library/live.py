"""How the search index follows publishing (issue 13; docs/decisions/search-follows-publishing.md).

Three layers, each built on the one before and shared by reference (library/index.py `base`):
1. the seeded corpus (library/corpus.py), built once per container and again only when a seeded
   revision comes into force;
2. the platform's imported law versions in force on the day: their articles, the seeded text they
   replace hidden. Its key is the set of versions in force (read from the clock, so a version
   becomes searchable on its effective date with nothing written) and the PLATFORM generation;
3. one bureau's published 热点普法 and its own templates, keyed by the bureau's generation; a topic
   scheduled for later is held with its time and not found before it (views.search asks `now`).
A generation (db/search_generation.py) is read at most once a `FRESH` window per scope and
container, so what is published is found within a minute, at one GetItem a minute a scope."""
from collections import OrderedDict
from datetime import timedelta

from chalicelib.library import versions
from chalicelib.library.corpus import Doc
from chalicelib.library.index import SearchIndex

FRESH = timedelta(seconds=55)  # a generation read is trusted this long: found within a minute
BUREAUS_KEPT = 16  # bureau layers a container keeps (least recently searched dropped first)


class Live:
    """The layered index of one container. `source`: the table's reads (library/store.py)."""

    def __init__(self, source, seeded):
        self.source, self.seeded = source, seeded  # seeded(day): the seed layer
        self.marks, self.platform, self.bureaus, self.builds = {}, {}, OrderedDict(), 0

    def generation(self, scope, now):
        """The scope's generation, read again once the last read is FRESH no more."""
        held = self.marks.get(scope)
        if held is None or now - held[1] >= FRESH or now < held[1]:
            held = self.marks[scope] = (self.source.generation(scope), now)
        return held[0]

    def index(self, day, now, bureau=None):
        """The index to search on `day` at `now`: the platform's, with `bureau`'s layer when given."""
        platform = self._platform(day, now)
        if not bureau:
            return platform
        key = (self.platform["build"], self.generation(bureau, now))
        held = self.bureaus.get(bureau)
        if held is None or held[0] != key:
            held = (key, SearchIndex(bureau_docs(self.source, bureau), base=platform))
            self.bureaus[bureau] = held
            while len(self.bureaus) > BUREAUS_KEPT:
                self.bureaus.popitem(last=False)
        self.bureaus.move_to_end(bureau)
        return held[1]

    def _platform(self, day, now):
        generation, base = self.generation("PLATFORM", now), self.seeded(day)
        if self.platform.get("generation") != generation:
            self.platform = {"generation": generation, "laws": self.source.laws_and_versions()}
        in_force = imported_in_force(self.platform["laws"], day)
        key = (id(base), tuple((v.slug, v.prefix) for v in in_force))
        if self.platform.get("key") != key:
            docs = [Doc("article", v.slug, v.title, a.text, a.label, a.chapter or "", int(a.number))
                    for v in in_force for a in self.source.all_articles(v.slug, v.prefix)]
            replaced = {v.slug for v in in_force}
            hidden = [n for n, d in enumerate(base.docs) if d.kind == "article" and d.slug in replaced]
            self.builds += 1
            self.platform.update(key=key, build=self.builds, index=SearchIndex(docs, base=base, hidden=hidden))
        return self.platform["index"]


def imported_in_force(items, day):
    """The LawVersion items staff imported that are the text in force on `day` (seeded revisions,
    prefix `…#seed#…`, are in the seed layer already)."""
    laws, later = {}, {}
    for item in items:
        if type(item).__name__ == "LawVersion":
            later.setdefault(item.slug, []).append(item)
        else:
            laws[item.slug] = item
    found = []
    for slug, items_of_law in later.items():
        if slug not in laws:
            continue
        now = versions.current(versions.of_law(laws[slug], items_of_law), day)
        chosen = next((v for v in items_of_law if v.prefix == now.prefix), None)
        if chosen is not None and "#seed#" not in chosen.prefix:
            found.append(chosen)
    return found


def bureau_docs(source, bureau):
    """A bureau's published topics (with their time) and its own templates, as documents."""
    from chalicelib.guides.markdown import plain

    for topic in source.published_topics(bureau):
        yield Doc("topic", topic.topic_id, topic.title, plain(topic.body, limit=100_000),
                  href=f"/h5/topics/{topic.topic_id}?bureau={bureau}", not_before=topic.publish_at or "")
    for template in source.bureau_templates(bureau):
        fields = "\n".join(f"{f['label']} {f.get('hint', '')}".strip() for f in template.fields or ())
        yield Doc("template", template.template_id, template.title, fields, chapter=template.category,
                  href=f"/h5/bureau-templates/{template.template_id}?bureau={bureau}")
