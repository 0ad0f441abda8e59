"""The seed datasets: the items each one loads, and the content hash that tells whether a table
already holds them (sources, parameters and the shape of the first items, so a change to the data,
the generator or a model's keys reloads the dataset)."""
import dataclasses
import functools
import hashlib
import itertools
import json
from dataclasses import dataclass
from typing import Callable, Optional

from chalicelib import bureaus
from chalicelib.clock import SystemClock
from chalicelib.db import models, reach
from chalicelib.db.bureaus import Bureau
from chalicelib.db.offices import Office, catalog_offices
from chalicelib.privacy import retention
from chalicelib.reports import monthly
from chalicelib.settings import get_settings
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
    # What a person counts in it: the model counted (None: every item) and its plural noun. A
    # lawyer is one profile and 1-4 dispatch slots; progress says "16,000 lawyers", not items.
    counts: Optional[type] = None
    noun: str = "items"
    label: str = ""  # how progress lines name it (default: its name)
    group: str = ""  # `--only lawyers` names every dataset of the group "lawyers"
    # May finish after the app has started (`make run` does not wait for it): nothing a first
    # question needs. Loaded after every other dataset.
    background: bool = False
    size: Optional[Callable] = None  # () -> how many it counts, for "N of M" progress
    # Seed-owned attributes an insert-only reload still brings up to date on existing items.
    refresh: tuple = ()
    # Invented people (lawyers, staff): loaded only in GENERATED_PEOPLE_STAGES, never into a real
    # bureau's table, where people come from the roster import (chalicelib/roster).
    people: bool = False

    def items(self):
        return self.build()

    @property
    def title(self):
        return self.label or self.name

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


def all_datasets(lawyer_count=lawyers.DEFAULT_COUNT, county=lawyers.XINFENG["county"]):
    """Every dataset, in the order they load: what a first question needs (the lawyers of the
    bureau's county and city included), then — in the background of `make run` — the library, the
    province's lawyers and the national pool."""
    near, city, province, national = lawyer_datasets(lawyer_count, county)
    return [
        Dataset("categories", category_items, ("categories.json",), counts=models.Category,
                noun="categories"),
        Dataset("regions", region_items, ("regions.json", "geography.py"), noun="regions"),
        # Reference data, allowed in every stage; insert-only because onboarding edits the items.
        Dataset("bureaus", functools.partial(bureau_items, county),
                ("bureaus.json", "regions.json", "catalog.json"),
                params=(county,), insert_only=True, counts=Bureau, noun="bureaus"),
        Dataset("catalog", service_type_items, ("catalog.json",), noun="service types"),
        Dataset("staff", staff_items, ("xinfeng.json", "lawyers.py", "bureaus.json"), insert_only=True,
                noun="staff accounts", people=True),
        near, city,
        # The library: 2.5 MB, 4-15 s on DynamoDB Local on disk, and no question waits for it.
        Dataset("laws", law_items, ("laws/manifest.json", "library.py", "laws/revisions/*.md") + tuple(
            f"laws/{entry['file']}" for entry in library.law_manifest()), counts=models.Law,
            noun="laws", label="law library", background=True),
        Dataset("cases", case_items, ("cases/manifest.json", "library.py") + tuple(
            f"cases/{entry['file']}" for entry in library.case_manifest()), noun="cases",
            background=True),
        province, national,
    ]


LAWYER_TIERS = ("county", "city", "province", "national")
LAWYER_SOURCES = ("xinfeng.json", "regions.json", "categories.json", "names.py", "lawyers.py",
                  "geography.py")


def lawyer_datasets(count, county):
    """The pool in the tiers dispatch reaches it by, nearest first, one dataset (and marker) each.
    A question from `county` goes to its own and its city's lawyers at once, to the province's
    minutes later (settings.DEFAULT_TIERS), to the national pool after that: the province's and the
    national pool (nine lawyers in ten) may load in the background, in that order."""
    names = {r["code"]: r["name"] for r in geography.flatten(geography.read_provinces())}
    city, province = _tier_codes(county)
    labels = {"county": f"lawyers of {names.get(county, county)}",
              "city": f"lawyers of the rest of {names.get(city, city)}",
              "province": f"lawyers of the rest of {names.get(province, province)}",
              "national": "national pool"}
    return [Dataset(f"lawyers-{tier}", functools.partial(_tier_items, count, county, tier),
                    LAWYER_SOURCES, params=(count, county), insert_only=True,
                    counts=models.Lawyer, noun="lawyers", label=labels[tier], group="lawyers",
                    refresh=("serves",), people=True,
                    background=tier in ("province", "national"),
                    size=functools.partial(_tier_size, count, county, tier))
            for tier in LAWYER_TIERS]


def _tier_codes(county):
    return county[:4] + "00", county[:2] + "0000"


@functools.lru_cache(maxsize=2)
def lawyer_tiers(count, county):
    """{tier: [lawyer, ...]}: the first `count` lawyers of the pool by their distance from
    `county` (its own, the rest of its city, the rest of its province, everyone else), each tier
    in pool order. Shared: do not change the lists."""
    city, province = _tier_codes(county)
    tiers = {tier: [] for tier in LAWYER_TIERS}
    for lawyer in lawyers.generate(count):
        tier = ("county" if lawyer["county"] == county else "city" if lawyer["city"] == city
                else "province" if lawyer["province"] == province else "national")
        tiers[tier].append(lawyer)
    return tiers


def _tier_size(count, county, tier):
    return len(lawyer_tiers(count, county)[tier])


def _tier_items(count, county, tier):
    return _lawyer_items(lawyer_tiers(count, county)[tier])


def category_items():
    for entry in read_json("categories.json")["categories"]:
        yield models.Category(code=entry["code"], name=entry["name"], keywords=entry["keywords"],
                              payout_fen=entry["payout_fen"], order=entry["order"])


def region_items():
    for region in geography.flatten(geography.read_provinces()):
        yield models.Region(**region)


GENERATED_PEOPLE_STAGES = ("local", "dev")


def generated_people_allowed(stage):
    """Whether invented people (the lawyer pool, staff accounts) may be loaded in `stage`."""
    return stage in GENERATED_PEOPLE_STAGES


def _listed_bureaus():
    return {entry["code"]: entry for entry in read_json("bureaus.json")["bureaus"]}


def office_items(code):
    """`code`'s offices as bureaus.json lists them; a bureau without a list gets the offices
    catalog.json names (the default bureau's, from before issue 10)."""
    listed = _listed_bureaus().get(code, {}).get("offices")
    if listed is None:
        return catalog_offices(code, service_type_items())
    return [Office(bureau=code, office=o["code"], name=o["name"], address=o.get("address") or "",
                   services=o.get("services", [])) for o in listed]


def bureau_items(code):
    """The default bureau (its Bureau, Account, county claim and offices): as bureaus.json names
    it, else the county bureau of the division `code` names in regions.json (信丰县 -> 信丰县司法局,
    信丰). In the local and dev stages, then every other bureau listed, live on a stand-in account,
    with its offices."""
    settings = get_settings()
    known = _listed_bureaus()
    if code in known:
        bureau = Bureau(**_bureau_fields(known[code]), account=code, status="live")
    else:
        division = {r["code"]: r["name"] for r in geography.flatten(geography.read_provinces())}[code]
        short = division[:-1] if len(division) > 2 and division[-1] in "县区市旗" else division
        bureau = bureaus.synthesise(dataclasses.replace(
            settings, default_bureau=code, default_bureau_name=f"{division}司法局",
            default_bureau_short_name=short))
    yield from bureaus.default_items(settings, bureau)
    yield from office_items(code)
    # Each bureau's monthly report job, from the month the seeds are loaded in (insert-only: a
    # reload keeps a job where the sweep has moved it).
    now = SystemClock().now()
    yield monthly.new_job(bureau.code, now)
    yield retention.new_job(bureau.code, now)  # docs/privacy.md: content anonymised on time
    if settings.stage not in GENERATED_PEOPLE_STAGES:
        return
    for other, entry in known.items():
        if other != code:
            yield from bureaus.local_items(Bureau(**_bureau_fields(entry), account=other, status="live"))
            yield from office_items(other)
            yield monthly.new_job(other, now)
            yield retention.new_job(other, now)


def _bureau_fields(entry):
    return {name: value for name, value in entry.items() if name not in ("local_staff", "offices")}


def service_type_items():
    for entry in read_json("catalog.json")["types"]:
        yield models.ServiceType(
            service_type=entry["type"], name=entry["name"], description=entry["description"],
            fields=entry["fields"], materials=entry["materials"], deadlines=entry["deadlines"],
            offices=entry.get("offices", []), order=entry["order"])


def staff_items():
    """Local and dev stages only (invented people): 信丰's staff in the default bureau and the staff
    of the other bureaus listed in bureaus.json. Any other stage gets none: a real bureau's first
    admin is created by the operator."""
    settings = get_settings()
    if not generated_people_allowed(settings.stage):
        return
    for entry in lawyers.XINFENG["staff"]:
        yield models.StaffAccount(openid=lawyers.openid_for("staff", entry["staff_id"]),
                                  bureau=settings.default_bureau, **entry)
    for code, bureau in _listed_bureaus().items():
        for entry in bureau.get("local_staff", []) if code != settings.default_bureau else []:
            yield models.StaffAccount(openid=lawyers.openid_for("staff", entry["staff_id"]),
                                      bureau=code, **entry)


def lawyer_items(count):
    """Each lawyer's profile, then one dispatch slot per specialty."""
    return _lawyer_items(lawyers.generate(count))


class GeneratedPeopleRefused(RuntimeError):
    """Invented lawyers asked for outside GENERATED_PEOPLE_STAGES."""


def _lawyer_items(pool):
    stage = get_settings().stage
    if not generated_people_allowed(stage):  # a second guard behind the loader's (seeds/load.py)
        raise GeneratedPeopleRefused(f"generated lawyers are for the local and dev stages, not {stage!r}")
    for lawyer in pool:
        # A generated lawyer with WeChat bound follows the account their notices come from, as
        # WeChat's follow event would record (issue 11: a non-follower is never dispatched).
        profile = models.Lawyer(**lawyer, follows=True if lawyer.get("openid") else None)
        yield profile
        for category in lawyer["specialties"]:
            yield models.LawyerSlot(
                lawyer_id=lawyer["lawyer_id"], category=category, county=lawyer["county"],
                city=lawyer["city"], province=lawyer["province"], stars=lawyer["stars"])
        yield from reach.reach_items(profile)  # the counties they serve besides their home


def law_items():
    for entry in library.law_manifest():
        law = library.read_law(entry)
        history = law["history"] + (f"\n注：{entry['notice']}" if entry.get("notice") else "")
        yield models.Law(slug=entry["slug"], title=law["title"], category=entry["category"],
                         revised_on=entry["latest_history_date"], article_count=entry["articles"],
                         source=LIBRARY_SOURCE, history=history,
                         superseded_on=entry.get("superseded_on"))
        yield from _articles(entry["slug"], law["articles"])
        for revision in entry.get("revisions", ()):
            yield from _revision_items(entry, revision)


def _articles(slug, articles, prefix=None):
    for article in articles:
        yield models.LawArticle(slug=slug, number=article["number"], label=article["label"],
                                chapter=article["chapter"], text=article["text"], prefix=prefix)


def _revision_items(entry, revision):
    """A later text the seeds hold (治安管理处罚法 2025): a LawVersion and its articles."""
    law = library.read_law({"file": revision["file"]})
    prefix = f"VER#{revision['effective_on']}#seed#ART#"
    yield models.LawVersion(slug=entry["slug"], category=entry["category"],
                            effective_on=revision["effective_on"], revised_on=revision["revised_on"],
                            title=law["title"], history=law["history"],
                            article_count=len(law["articles"]), prefix=prefix, source=LIBRARY_SOURCE)
    yield from _articles(entry["slug"], law["articles"], prefix)


def case_items():
    for entry in library.case_manifest():
        yield models.Case(slug=entry["slug"], title=entry["title"], topic=entry["topic"],
                          body=library.read_case(entry), source=library.case_source(entry))
