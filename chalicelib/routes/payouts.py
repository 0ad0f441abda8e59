"""Payouts per bureau: the staff ledger of a month (JSON and CSV), the monthly settlement with
maker-checker and its corrections, and a lawyer's own earnings by month and bureau (issue 10,
docs/decisions/many-bureaus.md §7). Staff read and write only their own bureau's months: every key is
built from `caller.bureau`, so another bureau's line is as missing as one never written."""
from chalice import Blueprint, Response

from chalicelib.bureaus import known_bureau
from chalicelib.consultations import ledger, settlement
from chalicelib.web.edge import json_route
from chalicelib.web.pages_common import html, page_route
from chalicelib.wiring import services

bp = Blueprint(__name__)
TAGS = ("staff",)
MONTH = {"type": "string", "pattern": "^[1-9][0-9]{3}-(0[1-9]|1[0-2])$"}
LEDGER = {"type": "object", "required": ["month", "lines", "total_fen"]}
APPROVAL = {"type": "object", "required": ["digest"], "additionalProperties": False,
            "properties": {"digest": {"type": "string", "pattern": "^[0-9a-f]{64}$"}}}
CORRECTION = {"type": "object", "required": ["month", "consultation_id", "amount_fen", "reason"],
              "additionalProperties": False, "properties": {
                  "month": MONTH,
                  "consultation_id": {"type": "string", "minLength": 1, "maxLength": 64},
                  "amount_fen": {"type": "integer", "minimum": -10_000_000, "maximum": 10_000_000},
                  "reason": {"type": "string", "minLength": 2, "maxLength": 200}}}


def _now():
    services().table()
    return services().clock.now()


def _bureau(call):
    return call.caller.bureau or services().settings.default_bureau


def _staff(call):
    return call.caller.staff_id or call.caller.id


@json_route(bp, "/api/staff/payouts", auth="staff", response=LEDGER, tags=TAGS,
            query={"month": MONTH}, summary="本局月度中标支付明细、更正与合计（含结算状态）")
def payouts(call):
    return ledger.statement(_bureau(call), call.query.get("month"), _now())


@json_route(bp, "/api/staff/payouts.csv", auth="staff", tags=TAGS, query={"month": MONTH},
            summary="本局月度中标支付明细（CSV，UTF-8 带 BOM，Excel 可直接打开）")
def payouts_csv(call):
    found = ledger.statement(_bureau(call), call.query.get("month"), _now())
    return Response(body=ledger.payout_csv(found), status_code=200, headers={
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="payouts-{found["month"]}.csv"'})


@json_route(bp, "/api/staff/settlements", auth="staff", tags=TAGS,
            summary="本局近 12 个月的结算状态（未结算、待审核、已审核锁定）")
def settlements(call):
    return ledger.months(_bureau(call), _now())


@json_route(bp, "/api/staff/settlements/{month}/prepare", methods=["POST"], auth="staff",
            params={"month": MONTH}, tags=TAGS, status=201,
            summary="制作月度结算单（该月按北京时间结束后；每月一次）")
def prepare(call):
    now = _now()
    settlement.prepare(_bureau(call), call.params["month"], _staff(call), now)
    return ledger.statement(_bureau(call), call.params["month"], now)


@json_route(bp, "/api/staff/settlements/{month}/approve", methods=["POST"], auth="staff",
            params={"month": MONTH}, body=APPROVAL, tags=TAGS,
            summary="审核通过月度结算单（须由制单人以外的工作人员；通过后该月锁定）")
def approve(call):
    now = _now()
    settlement.approve(_bureau(call), call.params["month"], _staff(call), call.body["digest"], now)
    return ledger.statement(_bureau(call), call.params["month"], now)


@json_route(bp, "/api/staff/settlements/corrections", methods=["POST"], auth="staff",
            body=CORRECTION, tags=TAGS, status=201,
            summary="更正一笔已结算的支付：在当前未结算月份新增更正行，原记录不修改")
def correct(call):
    body, now = call.body, _now()
    made = settlement.correct(_bureau(call), body["month"], body["consultation_id"],
                              body["amount_fen"], body["reason"], _staff(call), now)
    return ledger.statement(_bureau(call), made.month, now)


@json_route(bp, "/api/lawyer/earnings", auth="lawyer", tags=("lawyer",),
            summary="我的中标补贴：近 12 个月按月份和司法局汇总")
def earnings(call):
    settings, names = services().settings, {}

    def name(code):
        if code not in names:
            found = known_bureau(settings, code)
            names[code] = (found.short_name or found.name) if found else code
        return names[code]
    return ledger.earnings(call.caller.lawyer_id, _now(), name)


@page_route(bp, "/h5/staff/settlement", roles="staff")
def settlement_page(caller):
    return html("staff_settlement.html.j2")


@page_route(bp, "/h5/lawyer/earnings", roles="lawyer")
def earnings_page(caller):
    return html("lawyer_earnings.html.j2")
