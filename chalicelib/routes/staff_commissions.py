"""Staff figures of commissions (issue 12, "Staff"): per county and month — offered, accepted within
an hour / a day, confirmed, completed, ended without a service and why, the median rating — and
the open commissions nobody has taken; as JSON and as a desk page. The caller's bureau only: every
key read is built from `caller.bureau` (chalicelib/commissions/stats.py)."""
import functools

from chalice import Blueprint

from chalicelib import scoping
from chalicelib.clock import parse_instant
from chalicelib.commissions import stats
from chalicelib.db import commissions as db, queries
from chalicelib.humantime import moment_text
from chalicelib.reports import monthly
from chalicelib.web.edge import json_route
from chalicelib.web.pages_common import html, may, page_route
from chalicelib.wiring import services

bp = Blueprint(__name__)
MONTH = {"type": "string", "pattern": "^[1-9][0-9]{3}-(0[1-9]|1[0-2])$", "example": "2026-03"}
STATS = {"type": "object", "required": ["bureau", "month", "counties", "total", "open"]}


def _county_name(code):
    """AP-03: a county's name (the code when the region is unknown)."""
    found = queries.region(code)
    return found.name if found else code


def commission_stats(caller, month_text):
    container = services()
    container.table()
    now = container.clock.now()
    bureau = caller.bureau or container.settings.default_bureau
    counties = scoping.regions_of(caller, container.settings) or [container.settings.bureau_county]
    return stats.month_stats(bureau, monthly.parse_month(month_text, now), counties, now,
                             read_month=db.bureau_created_between,
                             read_open=lambda b: db.bureau_queue(b, "offered"),
                             county_name=functools.lru_cache(maxsize=None)(_county_name))


@json_route(bp, "/api/staff/commissions/stats", auth="staff", response=STATS, tags=("staff",),
            query={"month": MONTH},
            summary="委托律师统计（本局，按县区、按月）：委托数、1 小时 / 1 天内承接、确认、办结、"
                    "未获服务的原因、评价中位数，以及尚无律师承接的委托")
def stats_data(call):
    return commission_stats(call.caller, call.query.get("month"))


@page_route(bp, "/h5/staff/commissions", roles="staff")
def stats_page(caller):
    data = commission_stats(caller, (bp.current_request.query_params or {}).get("month"))
    names = {c.code: c.name for c in queries.categories()}
    now = services().clock.now()
    months = [monthly.add_months(monthly.month_of(now), -n) for n in range(12)]
    return html("staff_commissions.html.j2", data=data, categories=names, months=months, may=may(caller),
                v_time=lambda instant: moment_text(parse_instant(instant), now))
