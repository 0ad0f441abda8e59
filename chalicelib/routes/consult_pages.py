"""H5 pages of consultations: the citizen's question form, the consultation page (answers, 追问, 中标,
rating) and their list; the lawyer's workbench and binding page; staff figures and the payout
ledger, the duty roster (值班律师排班), and the staff view of one consultation (where an
unanswered-question alert links).

Shells only: `static/js/consult*.js`, `lawyer.js`, `lawyer_bind.js`, `staff_stats.js` and
`staff_duty.js` do the work through the JSON routes (consultations.py, staff_consultations.py,
auth.py's bind-lawyer).
"""
from chalice import Blueprint

from chalicelib.consultations.context import home_county
from chalicelib.consultations.stars import rule as stars_rule, shown as shown_stars
from chalicelib.db import followers, pools, queries
from chalicelib.web.pages_common import html, may, page_route
from chalicelib.wiring import services

bp = Blueprint(__name__)


def _county_choices(county):
    """[(code, name)] of the counties the form offers: the bureau's county first, then the others
    of its city (one get and one query of the region-children index; [] for an unknown code)."""
    services().table()
    home = queries.region(county)
    if home is None:
        return []
    siblings = [r for r in queries.child_regions(home.parent) if r.code != home.code] if home.parent else []
    return [(home.code, home.name)] + [(r.code, r.name) for r in siblings]


@page_route(bp, "/h5/consult", roles="citizen")
def consult_form(caller):
    county = home_county(services().settings, caller.bureau)  # the bureau the citizen asks at
    return html("consult.html.j2", counties=_county_choices(county), bureau_county=county)


@page_route(bp, "/h5/consultations/{consultation_id}", roles="citizen")
def consultation_page(caller, consultation_id):
    # Notices reach only a follower: anyone else is asked to follow, never promised a notice.
    return html("consultation.html.j2", consultation_id=consultation_id, staff=False,
                stars_rule=stars_rule(), follows=followers.follows(caller.openid))


@page_route(bp, "/h5/mine", roles="citizen")
def my_items(caller):
    return html("consult_mine.html.j2")


@page_route(bp, "/h5/lawyer", roles="lawyer")
def lawyer_workbench(caller):
    services().table()
    lawyer = pools.profile(caller.lawyer_id) if caller.lawyer_id else None
    shown = {"name": lawyer.name, "firm": lawyer.firm,
             "stars": shown_stars(lawyer.stars)} if lawyer else None
    return html("lawyer.html.j2", lawyer=shown, stars_rule=stars_rule())


@page_route(bp, "/h5/lawyer/bind", roles="citizen")
def lawyer_bind(caller):
    # A lawyer binds from the citizen session WeChat gave them; the bind swaps it for a lawyer one.
    return html("lawyer_bind.html.j2")


@page_route(bp, "/h5/staff/stats", roles="staff")
def staff_stats(caller):
    # The payout ledger below the figures is finance's (a reviewer sees the figures alone).
    return html("staff_stats.html.j2", may=may(caller))


@page_route(bp, "/h5/staff/duty", roles="staff")
def staff_duty(caller):
    # The roster shows each lawyer's stars, so it carries the 星级说明 as every page with stars does.
    return html("staff_duty.html.j2", stars_rule=stars_rule())


@page_route(bp, "/h5/staff/consultations/{consultation_id}", roles="staff")
def staff_consultation(caller, consultation_id):
    return html("consultation.html.j2", consultation_id=consultation_id, staff=True,
                stars_rule=stars_rule(), follows=True)
