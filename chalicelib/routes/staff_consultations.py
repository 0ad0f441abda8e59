"""Staff routes for consultations: the SLA and payout figures, and the duty roster (值班律师) per
shift with the lawyers of the bureau's counties staff pick from. The payout ledger and settlement are routes/payouts.py."""
from chalice import Blueprint

from chalicelib import scoping
from chalicelib.consultations import duty, duty_people, stats
from chalicelib.consultations.context import context
from chalicelib.web.edge import json_route
from chalicelib.wiring import services

bp = Blueprint(__name__)
TAGS = ("staff",)
DATE = {"type": "string", "format": "date"}  # a real day: checked at the edge (web/validate.py)
SHIFT = {"type": "object", "required": ["lawyer_ids"], "additionalProperties": False,
         "properties": {"lawyer_ids": {"type": "array", "maxItems": 10,
                                       "items": {"type": "string", "minLength": 1, "maxLength": 64}}}}
STATS = {"type": "object", "required": ["consultations", "first_response_10min_rate"]}


def _ctx():
    return context(services())


@json_route(bp, "/api/staff/stats", auth="staff", response=STATS, tags=TAGS,
            query={"from": DATE, "to": DATE},
            summary="咨询统计：数量、10 分钟首答率、首答中位数与 P90、每条解答数、中标率、支出")
def staff_stats(call):
    return stats.staff_stats(call.query.get("from"), call.query.get("to"), _ctx(), call.caller.bureau)


@json_route(bp, "/api/staff/duty", auth="staff", tags=TAGS, query={"date": DATE},
            summary="值班律师排班（某一天的各班次）")
def duty_roster(call):
    ctx = _ctx()
    day = call.query.get("date") or duty.shift_at(ctx.now, ctx.policy.duty_shift_hours)[0]
    return duty.roster(day, ctx, call.caller.bureau)


@json_route(bp, "/api/staff/duty/{day}/{shift}", methods=["PUT"], body=SHIFT, auth="staff",
            params={"day": DATE, "shift": {"type": "integer", "minimum": 0}},
            tags=TAGS, summary="安排某一班次的值班律师（每班最多 2 名）")
def set_duty(call):
    return duty.set_shift(call.params["day"], call.params["shift"], call.body["lawyer_ids"],
                          staff_id=call.caller.staff_id or call.caller.id,
                          bureau=call.caller.bureau, ctx=_ctx(),
                          regions=scoping.regions_of(call.caller, services().settings))


@json_route(bp, "/api/staff/lawyers", auth="staff", tags=TAGS,
            query={"county": {"type": "string", "pattern": "[0-9]{6}"},
                   "q": {"type": "string", "maxLength": 20}},
            summary="本局服务县（区）可安排值班的律师（在本地执业或为本地提供服务、已绑定微信；按姓名或律所筛选）")
def bureau_lawyers(call):
    return duty_people.bureau_lawyers(scoping.regions_of(call.caller, services().settings),
                                      call.query.get("q"), _ctx(), county=call.query.get("county"))
