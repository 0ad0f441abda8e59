"""Finding a lawyer by what a clerk has at hand — a name, part of the firm's name, or a fragment of
the practising-licence number (the lawyer id is "L" + the 17-digit licence number) — among the
lawyers who serve the bureau's counties, practising there or serving them from elsewhere (AP-82: one
Query of each county's directory partition, no Scan). A whole lawyer id is looked up directly, and
found only if that lawyer serves one of the bureau's counties. A roster import stores a mobile
(staff only), which this search does not match."""
import re

from chalicelib.db import pools
from chalicelib.db.reach import covers
from chalicelib.errors import Invalid

LIMIT = 20  # a clerk reads a short list; a longer one means "type more"
_LAWYER_ID = re.compile(r"[Ll]\d{17}")
_COUNTY = re.compile(r"[0-9]{6}")


def counties_asked(regions, county=None):
    """The counties a staff list reads: the bureau's `regions`, or the one of them staff named.
    A malformed county, or one the bureau does not serve, is refused."""
    if county is None:
        return list(regions)
    if not _COUNTY.fullmatch(county):
        raise Invalid("县（区）代码应为 6 位数字", code="invalid_county")
    if county not in regions:
        raise Invalid("只能查看本局服务县（区）的律师", code="county_not_served")
    return [county]


def search(regions, query, county=None):
    """{"counties", "query", "lawyers": [...], "more": bool}: the lawyers serving the bureau's
    counties (or the one named) whose name, firm or licence number contains `query`, names
    starting with it first."""
    counties = counties_asked(regions, county)
    wanted = (query or "").strip()
    if not wanted:
        raise Invalid("请输入律师姓名、律所或执业证号", code="query_required")
    if len(wanted) > 20:
        raise Invalid("查找内容最多 20 个字", code="query_too_long")
    if _LAWYER_ID.fullmatch(wanted):
        found = pools.profile("L" + wanted[1:])
        serving = found is not None and any(covers(found, c) for c in counties)
        return _result(counties, wanted, [found] if serving else [])
    needle = wanted.upper().lstrip("L") if re.fullmatch(r"[Ll]?\d+", wanted) else wanted
    matched = [p for p in pools.lawyers_of_counties(counties)
               if needle in p.name or needle in (p.firm or "") or needle in (p.licence_no or "")]
    matched.sort(key=lambda p: (not p.name.startswith(needle), p.name, p.lawyer_id))
    return _result(counties, wanted, matched)


def _result(counties, query, lawyers):
    return {"counties": counties, "query": query, "more": len(lawyers) > LIMIT,
            "lawyers": [shown(p) for p in lawyers[:LIMIT]]}


def shown(profile):
    # `bound` only: staff confirm who they issue a code for; the openid is not theirs to see.
    return {"lawyer_id": profile.lawyer_id, "name": profile.name, "firm": profile.firm,
            "county": profile.county, "licence_no": profile.licence_no,
            "bound": bool(profile.openid)}
