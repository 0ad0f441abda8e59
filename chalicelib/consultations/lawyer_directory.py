"""Finding a lawyer by what a clerk has at hand — a name, part of the firm's name, or a fragment of
the practising-licence number (the lawyer id is "L" + the 17-digit licence number) — among the
lawyers of a county, practising there or serving it (AP-82: one Query of the county's directory
partition, no Scan). A whole lawyer id is looked up directly, whatever the county. The data holds
no phone numbers, so there is no search by phone."""
import re

from chalicelib.db import pools
from chalicelib.errors import Invalid

LIMIT = 20  # a clerk reads a short list; a longer one means "type more"
_LAWYER_ID = re.compile(r"[Ll]\d{17}")


def search(county, query):
    """{"county", "query", "lawyers": [...], "more": bool}: the county's lawyers whose name, firm
    or licence number contains `query`, names starting with it first."""
    if not re.fullmatch(r"[0-9]{6}", county or ""):
        raise Invalid("县（区）代码应为 6 位数字", code="invalid_county")
    wanted = (query or "").strip()
    if not wanted:
        raise Invalid("请输入律师姓名、律所或执业证号", code="query_required")
    if len(wanted) > 20:
        raise Invalid("查找内容最多 20 个字", code="query_too_long")
    if _LAWYER_ID.fullmatch(wanted):
        found = pools.profile("L" + wanted[1:])
        return _result(county, wanted, [found] if found else [])
    needle = wanted.upper().lstrip("L") if re.fullmatch(r"[Ll]?\d+", wanted) else wanted
    matched = [p for p in pools.lawyers_of_county(county)
               if needle in p.name or needle in (p.firm or "") or needle in (p.licence_no or "")]
    matched.sort(key=lambda p: (not p.name.startswith(needle), p.name, p.lawyer_id))
    return _result(county, wanted, matched)


def _result(county, query, lawyers):
    return {"county": county, "query": query, "more": len(lawyers) > LIMIT,
            "lawyers": [_shown(p) for p in lawyers[:LIMIT]]}


def _shown(profile):
    # `bound` only: staff confirm who they issue a code for; the openid is not theirs to see.
    return {"lawyer_id": profile.lawyer_id, "name": profile.name, "firm": profile.firm,
            "county": profile.county, "licence_no": profile.licence_no,
            "bound": bool(profile.openid)}
