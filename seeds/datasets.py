"""The seed datasets: the items each one loads, and the content hash that tells whether a table
already holds them (sources, parameters and the shape of the first items, so a change to the data,
the generator or a model's keys reloads the dataset)."""
import hashlib
import itertools
import json
from dataclasses import dataclass
from typing import Callable

from chalicelib.db import models
from seeds import DATA_DIR, geography, lawyers, library, read_json

FORMAT = 1  # bump to reload every dataset
# What a reader is told the texts come from: the publisher, never the repository they were copied
# through (that is provenance for maintainers: seeds/laws/PROVENANCE.md, seeds/cases/PROVENANCE.md).
LIBRARY_SOURCE = "国家法律法规数据库"


@dataclass(frozen=True)
class Dataset:
    name: str
    build: Callable  # () -> iterator of model instances
    sources: tuple  # paths (or globs) under seeds/ whose bytes the hash covers
    params: tuple = ()
    # Runtime state lives on these items: add the missing ones, never overwrite.
    insert_only: bool = False

    def items(self):
        return self.build()

    def fingerprint(self):
        digest = hashlib.sha256(f"{FORMAT}|{self.name}|{self.params}".encode())
        for path in _files(self.sources + ("datasets.py",)):
            digest.update(path.relative_to(DATA_DIR).as_posix().encode())
            digest.update(path.read_bytes())
        for item in itertools.islice(self.items(), 5):
            digest.update(json.dumps(item.serialize(), sort_keys=True).encode())
        return digest.hexdigest()


def _files(patterns):
    """The files named by paths or globs under seeds/, sorted; a named file must exist."""
    found = set()
    for pattern in patterns:
        if any(char in pattern for char in "*?["):
            found.update(DATA_DIR.glob(pattern))
        else:
            found.add((DATA_DIR / pattern).resolve(strict=True))
    return sorted(found)


def all_datasets(lawyer_count=lawyers.DEFAULT_COUNT):
    return [
        Dataset("categories", category_items, ("categories.json",)),
        Dataset("regions", region_items, ("regions.json", "geography.py")),
        Dataset("catalog", service_type_items, ("catalog.json",)),
        Dataset("staff", staff_items, ("xinfeng.json", "lawyers.py"), insert_only=True),
        Dataset("lawyers", lambda: lawyer_items(lawyer_count),
                ("xinfeng.json", "regions.json", "categories.json", "names.py", "lawyers.py",
                 "geography.py"), params=(lawyer_count,), insert_only=True),
        Dataset("laws", law_items, ("laws/manifest.json", "library.py") + tuple(
            f"laws/{entry['file']}" for entry in library.law_manifest())),
        Dataset("cases", case_items, ("cases/manifest.json", "library.py") + tuple(
            f"cases/{entry['file']}" for entry in library.case_manifest())),
    ]


def category_items():
    for entry in read_json("categories.json")["categories"]:
        yield models.Category(code=entry["code"], name=entry["name"], keywords=entry["keywords"],
                              payout_fen=entry["payout_fen"], order=entry["order"])


def region_items():
    for region in geography.flatten(geography.read_provinces()):
        yield models.Region(**region)


def service_type_items():
    for entry in read_json("catalog.json")["types"]:
        yield models.ServiceType(
            service_type=entry["type"], name=entry["name"], description=entry["description"],
            fields=entry["fields"], materials=entry["materials"], deadlines=entry["deadlines"],
            offices=entry.get("offices", []), order=entry["order"])


def staff_items():
    for entry in lawyers.XINFENG["staff"]:
        yield models.StaffAccount(openid=lawyers.openid_for("staff", entry["staff_id"]), **entry)


def lawyer_items(count):
    """Each lawyer's profile, then one dispatch slot per specialty."""
    for lawyer in lawyers.generate(count):
        yield models.Lawyer(**lawyer)
        for category in lawyer["specialties"]:
            yield models.LawyerSlot(
                lawyer_id=lawyer["lawyer_id"], category=category, county=lawyer["county"],
                city=lawyer["city"], province=lawyer["province"], stars=lawyer["stars"])


def law_items():
    for entry in library.law_manifest():
        law = library.read_law(entry)
        history = law["history"] + (f"\n注：{entry['notice']}" if entry.get("notice") else "")
        yield models.Law(slug=entry["slug"], title=law["title"], category=entry["category"],
                         revised_on=entry["latest_history_date"], article_count=entry["articles"],
                         source=LIBRARY_SOURCE, history=history)
        for article in law["articles"]:
            yield models.LawArticle(slug=entry["slug"], number=article["number"],
                                    label=article["label"], chapter=article["chapter"],
                                    text=article["text"])


def case_items():
    for entry in library.case_manifest():
        yield models.Case(slug=entry["slug"], title=entry["title"], topic=entry["topic"],
                          body=library.read_case(entry), source=library.case_source(entry))
