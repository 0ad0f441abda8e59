"""What the search reads: the seed files the table was loaded from, bundled with the code
(chalicelib/paths.py), parsed by the same parser the seed loader uses so an article's number here
is its number in the table."""
import importlib
import importlib.util
import re
import sys
from dataclasses import dataclass

from chalicelib.library import doc_templates
from chalicelib.paths import runtime_dir

_MARKUP = re.compile(r"<!--.*?-->|^#+\s*", re.MULTILINE)


@dataclass(frozen=True)
class Doc:
    kind: str  # article, case, template, guide, topic
    slug: str  # the law's, the case's or the template's
    title: str  # the law's title, the case's or the template's
    text: str  # what a snippet is cut from
    label: str = ""  # 第X条 for an article
    chapter: str = ""
    number: int = None  # an article's reading order: its #art-N anchor
    href: str = ""  # where it opens, when not where its kind and slug say (a bureau's own)
    not_before: str = ""  # an ISO instant before which it is not found (a topic scheduled for later)

    @property
    def url(self):
        if self.href:
            return self.href
        if self.kind == "article":
            return f"/h5/laws/{self.slug}#art-{self.number}"
        return f"/h5/{self.kind}s/{self.slug}"

    @property
    def head(self):
        """Words that name the document rather than say what it rules: matched with more weight."""
        return " ".join(filter(None, (self.title, self.label, self.chapter)))


def seed_library():
    """seeds.library from a checkout, or from the copy the build bundles under chalicelib/_bundled/."""
    try:
        return importlib.import_module("seeds.library")
    except ModuleNotFoundError:
        folder = runtime_dir("seeds")
        spec = importlib.util.spec_from_file_location(
            "seeds", folder / "__init__.py", submodule_search_locations=[str(folder)])
        package = importlib.util.module_from_spec(spec)
        sys.modules["seeds"] = package
        spec.loader.exec_module(package)
        return importlib.import_module("seeds.library")


def plain(markdown):
    """A case's Markdown as the words a reader sees: no heading marks, no comments."""
    return _MARKUP.sub("", markdown).strip()


def in_force(entry, day=None):
    """The manifest entry of the text of a law in force on `day` (YYYY-MM-DD; None: the latest the
    seeds hold): the law's own, or the latest of its `revisions` already in force."""
    later = [r for r in entry.get("revisions", ()) if day is None or r["effective_on"] <= day]
    return max(later, key=lambda r: r["effective_on"]) if later else entry


def revisions_in_force(library=None, day=None):
    """The revision files in force on `day`: the key under which a built index stays right."""
    library = library or seed_library()
    return tuple(in_force(e, day)["file"] for e in library.law_manifest() if e.get("revisions"))


def documents(library=None, templates=None, day=None):
    """Every seeded searchable document: each law's articles (of its text in force on `day`) in
    reading order, then cases, the complaint templates, the platform's forms and the 诉讼指引. What
    staff publish is in the table: library/live.py adds it."""
    library = library or seed_library()
    for entry in library.law_manifest():
        law = library.read_law(in_force(entry, day))
        for article in law["articles"]:
            yield Doc("article", entry["slug"], law["title"], article["text"], article["label"],
                      article["chapter"] or "", article["number"])
    for entry in library.case_manifest():
        yield Doc("case", entry["slug"], entry["title"], plain(library.read_case(entry)))
    for template in templates if templates is not None else doc_templates.all_templates():
        yield Doc("template", template["slug"], template["title"], template["text"])
    if templates is None:
        yield from platform_forms()
        yield from guides()


def platform_forms():
    """The platform's own forms (seeds/documents/): their blank text, under the template kind."""
    from chalicelib.documents import catalog

    for spec in catalog.documents().values():
        if spec.get("category") != "民事起诉状":
            yield Doc("template", spec["slug"], spec["title"], catalog.blank_text(spec), chapter=spec["category"])


def guides():
    """The 诉讼指引 (seeds/guides.json): summary, steps, evidence and deadlines as one text."""
    from chalicelib.guides import catalog

    for guide in catalog.guides():
        parts = [guide["summary"], *guide["steps"], guide["fee"]["text"], *guide["evidence"],
                 *(d["text"] for d in guide["deadlines"]), *(a.get("title", "") for a in guide["articles"])]
        yield Doc("guide", guide["slug"], guide["title"] + "诉讼指引", "\n".join(filter(None, parts)))
