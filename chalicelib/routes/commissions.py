"""Commission routes (委托律师, issue 12): citizens open, confirm, decline, cancel and push; lawyers list
their open offers and accept; its citizen, a lawyer it was offered to and staff of its bureau read one.
Routes translate HTTP to calls of chalicelib/commissions; anyone else gets the 404 of a random id."""
import logging

from chalice import Blueprint

from chalicelib.commissions import create as creating, flow, picks, rating, rounds, views
from chalicelib.commissions.env import DECLINE_REASONS, from_services
from chalicelib.db import commissions as db, directory as directory_db, pools
from chalicelib.db import consultations as consultations_db
from chalicelib.db.queries import categories
from chalicelib.logs import log
from chalicelib.web.edge import json_route
from chalicelib.wiring import services

bp = Blueprint(__name__)
TAGS = ("commissions",)
ID = {"type": "string", "minLength": 1, "maxLength": 64}
TEXT = {"type": "string", "minLength": 1, "maxLength": 100}
OPEN = {"type": "object", "required": ["service", "other_party"], "additionalProperties": False,
        "properties": {
            "consultation_id": ID, "lawyer_id": ID, "service": {"type": "string", "minLength": 1, "maxLength": 20},
            "summary": {"type": "string", "minLength": 1, "maxLength": 2000},
            "other_party": TEXT, "county": {"type": "string", "pattern": "^[0-9]{6}$"},
            "category": {"type": "string", "minLength": 1, "maxLength": 40},
            "budget": {"type": "string", "maxLength": 40},
            "contact": {"type": "object", "required": ["name", "phone"], "additionalProperties": False,
                        "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 40},
                                       "phone": {"type": "string", "minLength": 1, "maxLength": 20}}}}}
ACCEPT = {"type": "object", "required": ["quote", "no_conflict"], "additionalProperties": False,
          "properties": {
              "quote": {"type": "object", "required": ["fee", "scope", "days"],
                        "additionalProperties": False, "properties": {
                            "fee": {"type": "string", "minLength": 1, "maxLength": 40},
                            "scope": {"type": "string", "minLength": 1, "maxLength": 500},
                            "days": {"type": "integer", "minimum": 1, "maximum": 365}}},
              "no_conflict": {"type": "boolean", "enum": [True]}}}
RATING = {"type": "object", "required": ["stars"], "additionalProperties": False, "properties": {
    "stars": {"type": "integer", "minimum": 1, "maximum": 5},
    "comment": {"type": "string", "maxLength": 500}}}
RATED = {"type": "object", "required": ["commission_id", "stars"]}
CREATED = {"type": "object", "required": ["id", "status"]}
LIST = {"type": "array", "items": {"type": "object"}}


def _env():
    return from_services(services())


def _lawyer_of(lawyer_id):
    return pools.profile(lawyer_id)


def _category_known(code):
    return any(c.code == code for c in categories())


def after(commission_id, env):
    """Whatever the change made due (a round, closing the other offers) now; the sweep does it
    within a minute if this fails."""
    try:
        rounds.advance(commission_id, env, picks.candidates)
    except Exception:
        log("commission_advance_deferred", logging.WARNING, exc_info=True, commission=commission_id)


@json_route(bp, "/api/commissions", methods=["POST"], body=OPEN, response=CREATED, status=201,
            auth="citizen", tags=TAGS,
            summary="委托律师：由咨询转来，或指定一位律师；同意后仅向确认的律师提供姓名与电话")
def open_commission(call):
    env = _env()
    c = creating.create(call.caller.openid, call.caller.bureau, call.body, env,
                        consultation_of=lambda i: consultations_db.consultation(i),
                        lawyer_of=_lawyer_of, region_of=picks.region_of,
                        category_known=_category_known, read_catalogue=directory_db.catalogue)
    if c.status == "offered" and not c.directed_lawyer_id:
        after(c.id, env)
    return {"id": c.id, "status": db.commission(c.id).status}


@json_route(bp, "/api/commissions/{commission_id}", auth=("citizen", "lawyer", "staff"),
            params={"commission_id": ID}, tags=TAGS,
            summary="委托详情（委托市民、收到推送的律师、本局工作人员可见）")
def show(call):
    _env()
    return views.view(call.params["commission_id"], call.caller, _lawyer_of)


def _citizen_step(step, body=None):
    def run(call):
        env = _env()
        c = step(call.params["commission_id"], call.caller.openid, env,
                 **({"reason": call.body.get("reason")} if body else {}))
        after(c.id, env)
        return views.view(c.id, call.caller, _lawyer_of)
    return run


DECLINE = {"type": "object", "additionalProperties": False, "properties": {
    "reason": {"type": "string", "enum": list(DECLINE_REASONS)}}}
for _step, _body, _summary in (
        (flow.confirm, None, "确认承接律师（确认后该律师可看到您同意提供的联系方式）"),
        (flow.decline, DECLINE, "拒绝律师的报价（委托转入下一轮推送）；可选原因：price 价格太高、"
                                "scope 服务范围不合适、compare 想再比较、other 其他"),
        (flow.cancel, None, "撤回委托（确认之前随时可撤回）"),
        (flow.push, None, "指定律师未接受时，改由平台推送给本县律师")):
    json_route(bp, f"/api/commissions/{{commission_id}}/{_step.__name__}", methods=["POST"],
               auth="citizen", params={"commission_id": ID}, tags=TAGS, body=_body,
               summary=_summary)(_citizen_step(_step, _body))


@json_route(bp, "/api/lawyer/commissions", auth="lawyer", response=LIST, tags=TAGS,
            summary="推送给我、尚可承接的委托")
def my_offers(call):
    _env()
    return [views.offer_entry(o, c) for o, c in db.open_offers_of(call.caller.lawyer_id)]


@json_route(bp, "/api/commissions/{commission_id}/accept", methods=["POST"], body=ACCEPT,
            auth="lawyer", params={"commission_id": ID}, tags=TAGS,
            summary="承接委托并报价（先到先得；须声明无利益冲突）")
def accept(call):
    env = _env()
    lawyer = _lawyer_of(call.caller.lawyer_id)
    if lawyer is None:
        raise flow.MISSING
    c = flow.accept(call.params["commission_id"], lawyer, call.body["quote"], env)
    after(c.id, env)
    return views.view(c.id, call.caller, _lawyer_of)


@json_route(bp, "/api/commissions/{commission_id}/rating", methods=["POST"], body=RATING,
            response=RATED, status=201, auth="citizen", params={"commission_id": ID}, tags=TAGS,
            summary="评价为您服务的律师（委托完成后，1–5 星，只能一次；计入律师星级）")
def rate(call):
    return rating.rate(call.params["commission_id"], call.caller.openid, call.body["stars"],
                       call.body.get("comment"), _env())


@json_route(bp, "/api/commissions", auth="citizen", response=LIST, tags=TAGS,
            summary="我的委托（最新的在前）")
def my_commissions(call):
    _env()
    return [{"id": c.id, "status": c.status, "status_label": views.STATUS_LABELS.get(c.status),
             "service": c.service, "created_at": c.created_at}
            for c in db.citizen_commissions(call.caller.openid)]


STATUS = {"type": "string", "enum": ["offered", "accepted", "confirmed", "lapsed", "expired",
                                     "cancelled"]}


@json_route(bp, "/api/staff/commissions", auth="staff", response=LIST, tags=("staff",),
            query={"status": STATUS}, summary="本局的委托（按状态；默认尚无律师承接的）")
def staff_commissions(call):
    _env()
    bureau = call.caller.bureau or services().settings.default_bureau
    return [views.staff_entry(c)
            for c in db.bureau_queue(bureau, call.query.get("status") or "offered")]
