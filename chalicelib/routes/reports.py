"""What each bureau and the province see (issue 10, design §7): the staff dashboard of the caller's
own bureau (JSON and a page of server-drawn charts), and the public monthly service page of a bureau
and of a region (a city's or the province's bureaus), which need no sign-in and show no case."""
from chalice import Blueprint

from chalicelib import bureaus
from chalicelib.db import queries
from chalicelib.reports import dashboard, monthly, public, views
from chalicelib.web.edge import json_route
from chalicelib.web.pages_common import html, page_route
from chalicelib.wiring import services

bp = Blueprint(__name__)
MONTH = {"type": "string", "pattern": "[1-9][0-9]{3}-(0[1-9]|1[0-2])"}
CODE = {"type": "string", "pattern": "[0-9]{6}", "example": "360722"}
PREFIX = {"type": "string", "pattern": "[0-9]{2,6}", "example": "3607"}
DASHBOARD = {"type": "object", "required": ["bureau", "month", "summary", "by_day", "by_hour",
                                            "by_category", "trend", "payouts", "applications"]}
SERVICE = {"type": "object", "required": ["bureau", "month", "questions", "within_10min_share"]}
REGION = {"type": "object", "required": ["prefix", "month", "bureaus", "total"]}


def _sla():
    return services().settings.consultation.sla_minutes * 60


def _bureau(code):
    container = services()
    container.table()
    return bureaus.known_bureau(container.settings, code)


def _calendar(now):
    from chalicelib.applications import workcal
    return workcal.load(now)


def staff_dashboard(caller, month_text):
    """The dashboard of the caller's bureau; a city or province bureau also gets its region's
    figures of the last ended month (aggregates only)."""
    container = services()
    container.table()
    now = container.clock.now()
    month = monthly.parse_month(month_text, now)
    names = {c.code: c.name for c in queries.categories()}
    body = dashboard.dashboard(caller.bureau, month, now, _sla(), dashboard.Reads(category_names=names),
                               calendar=_calendar(now))
    mine = _bureau(caller.bureau)
    body["bureau_name"] = mine.name if mine else caller.bureau
    if mine is not None and mine.level in ("city", "province"):
        body["region"] = public.region(public.region_prefix(mine), None, now)
    return body


@json_route(bp, "/api/staff/dashboard", auth="staff", response=DASHBOARD, tags=("staff",),
            query={"month": MONTH}, summary="本局看板：首答时间（按日、按时段）、10 分钟首答率、各类别咨询量与中标率、"
                                            "月度补贴支出、办事申请与临近期限")
def staff_dashboard_data(call):
    return staff_dashboard(call.caller, call.query.get("month"))


@page_route(bp, "/h5/staff/dashboard", roles="staff")
def staff_dashboard_page(caller):
    data = staff_dashboard(caller, (bp.current_request.query_params or {}).get("month"))
    return html("staff_dashboard.html.j2", data=data, charts=views.charts(data), v=views,
                months=[monthly.add_months(monthly.month_of(services().clock.now()), -n) for n in range(12)])


def bureau_service(code, month_text, bureau=None):
    now = services().clock.now()
    month = monthly.parse_month(month_text, now)
    return public.service(bureau or _bureau(code), month, now, _sla())


def region_service(prefix, month_text):
    container = services()
    container.table()
    now = container.clock.now()
    return public.region(prefix, monthly.parse_month(month_text, now) if month_text else None, now)


@json_route(bp, "/api/bureaus/{code}/service", params={"code": CODE}, query={"month": MONTH},
            response=SERVICE, tags=("public",),
            summary="司法局月度服务公示：咨询量、首答时间中位数与 P90、10 分钟内首答比例、满意度")
def bureau_service_data(call):
    return bureau_service(call.params["code"], call.query.get("month"))


@json_route(bp, "/api/regions/{prefix}/service", params={"prefix": PREFIX}, query={"month": MONTH},
            response=REGION, tags=("public",),
            summary="地区（市、省）各司法局的月度服务公示与合计（已结束的月份）")
def region_service_data(call):
    return region_service(call.params["prefix"], call.query.get("month"))


def _month_query():
    return (bp.current_request.query_params or {}).get("month")


@page_route(bp, "/h5/bureaus/{code}/service")
def bureau_service_page(caller, code):
    bureau = _bureau(code)  # the page speaks for this bureau: its name in the title and footer
    data = bureau_service(code, _month_query(), bureau)
    return html("bureau_service.html.j2", data=data, v=views, bureau=bureau,
                months=[monthly.add_months(monthly.month_of(services().clock.now()), -n) for n in range(6)])


@page_route(bp, "/h5/regions/{prefix}/service")
def region_service_page(caller, prefix):
    data = region_service(prefix, _month_query())
    return html("region_service.html.j2", data=data, v=views, bureau=None)  # for no single bureau

