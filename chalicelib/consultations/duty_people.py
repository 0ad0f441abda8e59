"""Who staff may put on duty: a county's lawyers who follow the Official Account (a duty lawyer is
told of a question by WeChat), read from the county dispatch pools (AP-12b in docs/data-model.md).
There is no index of lawyers by county; the pools are one, per category, and skip lawyers at their
open-question limit — a busy lawyer is missing from the picker until a question of theirs closes."""
import re

from chalicelib.consultations.stars import shown as shown_stars
from chalicelib.db import pools
from chalicelib.errors import Invalid

PAGE = 100  # slots read per Query page


def _pool_ids(county, category):
    ids, start_after = [], None
    while True:
        slots, start_after = pools.lawyers_for_dispatch("county", county, category, PAGE, start_after)
        ids.extend(slot.lawyer_id for slot in slots)
        if not start_after:
            return ids


def county_lawyers(county, query, ctx):
    """The county's lawyers with a WeChat account whose name or firm contains `query`, more stars
    first: one Query per category (~18) and one BatchGetItem per 100 lawyers — fine for a staff
    page, too many for a hot path."""
    if not re.fullmatch(r"[0-9]{6}", county or ""):
        raise Invalid("县（区）代码应为 6 位数字", code="invalid_county")
    ids = list(dict.fromkeys(i for code in sorted(ctx.categories) for i in _pool_ids(county, code)))
    found = pools.profiles(ids).values()
    wanted = (query or "").strip()[:20]
    chosen = [p for p in found if p.openid and p.county == county
              and (not wanted or wanted in p.name or wanted in (p.firm or ""))]
    chosen.sort(key=lambda p: (-float(p.stars or 0), p.name, p.lawyer_id))
    return {"county": county, "query": wanted, "lawyers": [_shown(p, ctx) for p in chosen]}


def _shown(profile, ctx):
    return {"id": profile.lawyer_id, "name": profile.name, "firm": profile.firm,
            "stars": shown_stars(profile.stars), "years_in_practice": int(profile.years_in_practice or 0),
            "specialties": [{"code": c, "name": ctx.category_name(c)} for c in profile.specialties or []]}
