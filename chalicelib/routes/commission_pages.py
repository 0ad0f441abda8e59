"""H5 pages of the citizen's commissions (委托律师, issue 12): the form (from a consultation, or
directed to a lawyer from their profile), the status page the commission notices link to, and its
read-only staff view. The pages read through chalicelib/commissions/pages.py; confirm, decline,
cancel, push and the rating go through the JSON routes from `static/js/commission*.js`."""
from urllib.parse import quote

from chalice import Blueprint, Response

from chalicelib.auth.cookies import base_path
from chalicelib.commissions import pages, services as services_offered
from chalicelib.consultations.context import home_county
from chalicelib.consultations.stars import rule as stars_rule
from chalicelib.db import consultations as consultations_db, directory as directory_db, followers, pools, queries
from chalicelib.routes.consult_pages import _county_choices
from chalicelib.web.pages_common import html, page_route
from chalicelib.wiring import services


def _category_names():
    return {c.code: c.name for c in queries.categories()}


bp = Blueprint(__name__)


@page_route(bp, "/h5/commissions/new", roles="citizen")
def commission_form(caller):
    query = bp.current_request.query_params or {}
    model = pages.form(caller.openid, consultation_id=query.get("consultation"),
                       lawyer_id=query.get("lawyer"), consultation_of=consultations_db.consultation,
                       lawyer_of=pools.profile, category_names=_category_names(),
                       services_at=lambda bureau: services_offered.offered(
                           bureau or caller.bureau or services().settings.default_bureau,
                           directory_db.catalogue))
    county = model["county"] or home_county(services().settings, caller.bureau)
    return html("commission_new.html.j2", form=model, counties=_county_choices(county),
                bureau_county=county, stars_rule=stars_rule())


@page_route(bp, "/h5/commissions/{commission_id}", roles=("citizen", "lawyer"))
def commission_page(caller, commission_id):
    if caller.role == "lawyer":  # a lawyer it was offered to acts on the lawyers' page of it
        location = (f"{base_path(services().settings)}/h5/lawyer/commissions"
                    f"?commission={quote(commission_id, safe='')}")
        return Response(body="", status_code=302, headers={"Location": location,
                                                           "Cache-Control": "no-store"})
    # a follower is asked to allow the next step's notice (outside 48 hours only allowed ones go)
    return html("commission.html.j2", stars_rule=stars_rule(), follows=followers.follows(caller.openid),
                **pages.status(commission_id, caller, pools.profile, _category_names()))


@page_route(bp, "/h5/staff/commissions/{commission_id}", roles="staff")
def staff_commission(caller, commission_id):
    # The same page, read-only: the matter, its steps, the lawyer and the quote — never the contact
    return html("commission.html.j2", stars_rule=stars_rule(),
                **pages.status(commission_id, caller, pools.profile, _category_names()))
