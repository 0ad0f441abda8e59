"""Who a round may offer a commission to: the active, bound lawyers of its county (or its city)
practising its category, by stars, without a conflict. Read-only use of the directory reads
(`pools.lawyers_of_counties`, AP-82: home profiles and lawyers serving the county) and of the region
tree (AP-04)."""
from chalicelib.db import commissions as db
from chalicelib.db import pools, queries
from chalicelib.db.models import takes_questions


def region_of(county):
    """AP-03: (city, province) of a county, or (None, None) for a code that is not one."""
    region = queries.region(county)
    if region is None:
        return None, None
    return (region.city, region.province) if region.level == "county" else (None, None)


def counties_of_city(city):
    """AP-04: the counties under a city."""
    return [r.code for r in queries.child_regions(city)]


def candidates(c, spec, *, lawyers_of=pools.lawyers_of_counties, city_counties=counties_of_city,
               conflicted=db.conflicted_lawyers):
    """The lawyers `spec` (a policy Round) may offer `c` to, best first: more stars, then by id."""
    counties = [c.county] if spec.level == "county" else (city_counties(c.city) or [c.county])
    barred = conflicted(c.other_party_key, c.contact_name_key)
    found = [lawyer for lawyer in lawyers_of(counties)
             if c.category in (lawyer.specialties or []) and takes_questions(lawyer)
             and lawyer.openid and lawyer.lawyer_id not in barred]
    return sorted(found, key=lambda lawyer: (-float(lawyer.stars or 0), lawyer.lawyer_id))
