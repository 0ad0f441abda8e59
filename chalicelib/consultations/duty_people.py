"""Who staff may put on duty: the lawyers of the bureau's counties — practising there or serving
them from elsewhere — who follow the Official Account (a duty lawyer is told of a question by
WeChat), read from each county's lawyer directory (AP-82: one Query of `LAWYERS#<county>` per
county of the bureau's `regions`, busy lawyers included)."""
from chalicelib.consultations.lawyer_directory import counties_asked
from chalicelib.consultations.stars import shown as shown_stars
from chalicelib.db import pools


def bureau_lawyers(regions, query, ctx, county=None):
    """The lawyers with a WeChat account serving the bureau's counties (or the one of them named)
    whose name or firm contains `query`, more stars first: one directory Query per county, and one
    BatchGetItem for those serving them from elsewhere."""
    counties = counties_asked(regions, county)
    wanted = (query or "").strip()[:20]
    chosen = [p for p in pools.lawyers_of_counties(counties)
              if p.openid and (not wanted or wanted in p.name or wanted in (p.firm or ""))]
    chosen.sort(key=lambda p: (-float(p.stars or 0), p.name, p.lawyer_id))
    return {"counties": counties, "query": wanted, "lawyers": [_shown(p, ctx) for p in chosen]}


def _shown(profile, ctx):
    return {"id": profile.lawyer_id, "name": profile.name, "firm": profile.firm,
            "stars": shown_stars(profile.stars), "years_in_practice": int(profile.years_in_practice or 0),
            "specialties": [{"code": c, "name": ctx.category_name(c)} for c in profile.specialties or []]}
