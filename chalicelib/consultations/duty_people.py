"""Who staff may put on duty: a county's lawyers — practising there or serving it from elsewhere —
who follow the Official Account (a duty lawyer is told of a question by WeChat), read from the
county's lawyer directory (AP-82: one Query of `LAWYERS#<county>`, busy lawyers included)."""
import re

from chalicelib.consultations.stars import shown as shown_stars
from chalicelib.db import pools
from chalicelib.errors import Invalid


def county_lawyers(county, query, ctx):
    """The county's lawyers with a WeChat account whose name or firm contains `query`, more stars
    first: one directory Query, and one BatchGetItem for those serving the county from elsewhere."""
    if not re.fullmatch(r"[0-9]{6}", county or ""):
        raise Invalid("县（区）代码应为 6 位数字", code="invalid_county")
    wanted = (query or "").strip()[:20]
    chosen = [p for p in pools.lawyers_of_county(county)
              if p.openid and (not wanted or wanted in p.name or wanted in (p.firm or ""))]
    chosen.sort(key=lambda p: (-float(p.stars or 0), p.name, p.lawyer_id))
    return {"county": county, "query": wanted, "lawyers": [_shown(p, ctx) for p in chosen]}


def _shown(profile, ctx):
    return {"id": profile.lawyer_id, "name": profile.name, "firm": profile.firm,
            "stars": shown_stars(profile.stars), "years_in_practice": int(profile.years_in_practice or 0),
            "specialties": [{"code": c, "name": ctx.category_name(c)} for c in profile.specialties or []]}
