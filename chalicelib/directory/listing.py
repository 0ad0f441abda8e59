"""The public directory of lawyers (社区律师, issue 12): a bureau's verified, active lawyers — bound
to WeChat and following, as every path to a lawyer needs — filtered by county, specialty and
service, ranked by stars, answers or response time, 20 a page; and one lawyer's profile.

What a lawyer's entry shows is built from an allow-list of fields (`entries.entry`): never a phone number
or an openid. A lawyer who is not listed, or serves none of the bureau's counties,
is the same 404 as an id nobody has."""
from dataclasses import dataclass
from typing import Callable

from chalicelib.db import directory as db, pools, queries
from chalicelib.db.models import takes_questions
from chalicelib.db.reach import covers
from chalicelib.directory import catalogue
from chalicelib.directory import entries
from chalicelib.errors import Invalid, NotFound

PAGE_SIZE = 20
SORTS = {"stars": "星级", "answers": "解答数", "response": "响应速度"}


@dataclass
class Reads:
    """Where the directory reads from (tests pass their own)."""
    profiles: Callable = db.county_profiles  # AP-213
    profile: Callable = pools.profile  # AP-10
    extras: Callable = db.extras  # AP-214
    catalogue: Callable = db.catalogue  # AP-210
    categories: Callable = queries.categories  # AP-01
    region: Callable = queries.region  # AP-03
    presign: Callable = None  # (key, seconds) -> a GET link of a portrait; None: no portraits shown


def listed(lawyer):
    """Verified and active (status absent or `active`: not waiting for verification, paused or
    suspended), following their account, and bound: a citizen can reach them."""
    return lawyer is not None and takes_questions(lawyer) and bool(lawyer.openid)


def by_stars(lawyer):
    """More stars first (the profile's own: 0 = not rated yet), then the id."""
    return -float(lawyer.stars or 0), lawyer.lawyer_id


def rank(kind):
    """The sort key of (lawyer, figures) for `kind`; ties go as `by_stars`."""
    keys = {"stars": lambda lawyer, f: by_stars(lawyer),
            "answers": lambda lawyer, f: (-f["answers"], *by_stars(lawyer)),
            "response": lambda lawyer, f: (f["median_response_seconds"] is None,
                                           f["median_response_seconds"] or 0, *by_stars(lawyer))}
    return keys[kind]


def _options(bureau, reads):
    names = {c.code: c.name for c in reads.categories()}
    return names, catalogue.active_items(bureau.code, reads.catalogue)


def _checked(bureau, query, names, services):
    county, specialty = query.get("county") or None, query.get("specialty") or None
    service, sort = query.get("service") or None, query.get("sort") or "stars"
    if county and county not in bureau.regions:
        raise Invalid("本局不服务这个县区，请从列表中选择", code="county_not_served",
                      details={"field": "county"})
    if specialty and specialty not in names:
        raise Invalid("没有这个专业领域，请从列表中选择", code="unknown_specialty",
                      details={"field": "specialty"})
    if service and service not in {s["code"] for s in services}:
        raise Invalid("本局目录中没有这项服务，请从列表中选择", code="unknown_service",
                      details={"field": "service"})
    if sort not in SORTS:
        raise Invalid("排序方式只能是星级、解答数或响应速度", code="invalid_sort", details={"field": "sort"})
    return county, specialty, service, sort, _page(query.get("page"))


def _page(value):
    text = str(value if value not in (None, "") else 1)
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= 10_000:
        raise Invalid("页码须为正整数", code="invalid_page", details={"field": "page"})
    return int(text)


def directory(bureau, query, reads=None):
    """One page of the bureau's directory: {items, total, page, pages, page_size, sort, county,
    specialty, service}. Reads the counties' profiles once (AP-213); then one batch get of
    counters and items (AP-214): of the page's lawyers alone by stars, of every matching lawyer
    when a service filters or figures rank them."""
    reads = reads or Reads()
    names, services = _options(bureau, reads)
    county, specialty, service, sort, asked = _checked(bureau, query, names, services)
    found = sorted((p for p in reads.profiles([county] if county else list(bureau.regions))
                    if listed(p) and (not specialty or specialty in (p.specialties or []))),
                   key=by_stars)
    if service or sort != "stars":
        rows = entries.rows(found, names, reads)
        if service:
            rows = [r for r in rows if any(s["code"] == service for s in r["services"])]
        by_id, key = {p.lawyer_id: p for p in found}, rank(sort)
        rows.sort(key=lambda r: key(by_id[r["id"]], r["figures"]))
        total = len(rows)
    else:
        rows, total = found, len(found)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(asked, pages)
    shown = rows[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]
    return {"items": shown if rows is not found else entries.rows(shown, names, reads),
            "total": total, "page": page, "pages": pages, "page_size": PAGE_SIZE, "sort": sort,
            "county": county, "specialty": specialty, "service": service}


def filters(bureau, reads=None):
    """What the directory page offers: the bureau's counties, the specialties, its services."""
    reads = reads or Reads()
    names, services = _options(bureau, reads)
    counties = [(code, getattr(reads.region(code), "name", code)) for code in bureau.regions]
    return {"counties": counties, "specialties": list(names.items()),
            "services": [(s["code"], s["name"]) for s in services], "sorts": list(SORTS.items())}


def missing():
    return NotFound("没有找到这位律师", code="lawyer_not_found")


def profile(bureau, lawyer_id, reads=None):
    """A listed lawyer serving one of the bureau's counties, as `entry` shows them, with the
    counties they serve there; anyone else 404."""
    reads = reads or Reads()
    found = reads.profile(lawyer_id) if lawyer_id else None
    if not listed(found) or not any(covers(found, c) for c in bureau.regions):
        raise missing()
    return entries.rows([found], {c.code: c.name for c in reads.categories()}, reads)[0]
