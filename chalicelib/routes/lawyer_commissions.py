"""The lawyer's side of commissions (委托律师, issue 12): the page of offers and of the commissions
they hold (`/h5/lawyer/commissions`, where the notices link), the list of what they hold, and the
steps after the citizen confirmed — start the work, report it done (chalicelib/commissions/
lifecycle.py). Accepting an offer is `POST /api/commissions/{id}/accept` (routes/commissions.py)."""
from chalice import Blueprint

from chalicelib.commissions import lifecycle, views
from chalicelib.commissions.env import from_services
from chalicelib.commissions.flow import MISSING
from chalicelib.db import commissions as db, pools, queries
from chalicelib.web.edge import json_route
from chalicelib.web.pages_common import html, page_route
from chalicelib.wiring import services

bp = Blueprint(__name__)
TAGS = ("commissions",)
ID = {"type": "string", "minLength": 1, "maxLength": 64}
HELD = {"type": "object", "required": ["id", "status", "status_label", "quote"]}
LIST = {"type": "array", "items": HELD}


@json_route(bp, "/api/lawyer/commissions/mine", auth="lawyer", response=LIST, tags=TAGS,
            summary="我承接的委托（最新的在前）：待市民确认、已确认（可见市民同意提供的联系方式）、服务中、已完成")
def mine(call):
    services().table()
    return [views.lawyer_entry(c) for c in db.lawyer_commissions(call.caller.lawyer_id)]


def _lawyer_step(step):
    def run(call):
        env = from_services(services())
        lawyer = pools.profile(call.caller.lawyer_id)
        if lawyer is None:
            raise MISSING
        return views.lawyer_entry(step(call.params["commission_id"], lawyer, env))
    return run


for _step, _summary in ((lifecycle.start, "开始办理已确认的委托（仅承接律师；重复提交不重复通知）"),
                        (lifecycle.complete, "委托办结（仅承接律师；市民随后可评价）")):
    json_route(bp, f"/api/commissions/{{commission_id}}/{_step.__name__}", methods=["POST"],
               auth="lawyer", params={"commission_id": ID}, response=HELD, tags=TAGS,
               summary=_summary)(_lawyer_step(_step))


def _names(lawyer):
    """What the page shows for codes: category names (AP-01) and the names of the counties of the
    lawyer's city (AP-04), where the rounds offer them commissions."""
    categories = {c.code: c.name for c in queries.categories()}
    city = getattr(lawyer, "city", None) if lawyer else None
    counties = {r.code: r.name for r in queries.child_regions(city)} if city else {}
    return {"categories": categories, "counties": counties}


@page_route(bp, "/h5/lawyer/commissions", roles="lawyer")
def commissions_page(caller):
    services().table()
    lawyer = pools.profile(caller.lawyer_id) if caller.lawyer_id else None
    return html("lawyer_commissions.html.j2", names=_names(lawyer),
                name=lawyer.name if lawyer else None)
