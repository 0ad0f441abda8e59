"""Staff routes for service applications: the review queue, the application page (unmasked and
audited), decisions, the office calendar, offices and appointment slots. Every route works in
the staff member's own bureau: lists are keyed by `caller.bureau`, and another bureau's application
id or office code is answered exactly as one that does not exist (design §2, §6)."""
from chalice import Blueprint

from chalicelib.applications import decisions, lifecycle, offices, slots, views, workcal
from chalicelib.db.applications import application_items, review_queue
from chalicelib.privacy import access
from chalicelib.routes.applications import context as bureau_context
from chalicelib.web.edge import json_route
from chalicelib.wiring import services

bp = Blueprint(__name__)

QUEUE_STATUSES = ["submitted", "resubmitted", "supplement_requested", "accepted", "scheduled",
                  "completed", "rejected", "withdrawn"]
DATE = {"type": "string", "format": "date"}  # a real day: checked at the edge (web/validate.py)
OFFICE = {"type": "string", "pattern": "[a-z0-9][a-z0-9_-]{0,39}"}  # as slots._OFFICE
TIME = {"type": "string", "pattern": "([01][0-9]|2[0-3]):[0-5][0-9]"}  # hh:mm, China time
ITEM = {"type": "object", "additionalProperties": False, "properties": {
    "material": {"type": "string", "maxLength": 64}, "field": {"type": "string", "maxLength": 64},
    "reason": {"type": "string", "maxLength": 200}}}
DECISION = {"type": "object", "required": ["action"], "additionalProperties": False, "properties": {
    "action": {"type": "string", "enum": ["accept", "request_supplement", "schedule", "reject",
                                          "complete"]},
    "message": {"type": "string", "maxLength": 1000},
    "reason": {"type": "string", "maxLength": 1000},
    "items": {"type": "array", "maxItems": 50, "items": ITEM},
    "due": DATE,
    "slot": {"type": "object", "required": ["office", "date", "time"], "additionalProperties": False,
             "properties": {"office": OFFICE, "date": DATE, "time": TIME}}}}
CALENDAR_DAY = {"type": "object", "required": ["date", "kind"], "additionalProperties": False,
                "properties": {"date": DATE,
                               "kind": {"type": "string", "enum": list(workcal.KINDS)},
                               "name": {"type": "string", "maxLength": 40}}}
OPEN_SLOTS = {"type": "object", "required": ["office", "date", "times"],
              "additionalProperties": False, "properties": {
                  "office": OFFICE, "date": DATE,
                  "times": {"type": "array", "minItems": 1, "maxItems": 48, "items": TIME},
                  "address": {"type": "string", "maxLength": 200}}}


def _staff(call):
    return call.caller.staff_id or call.caller.id


def context(call):
    """The staff member's own bureau's context: its calendar, its offices, its staff."""
    return bureau_context(call.caller.bureau)


@json_route(bp, "/api/staff/applications", auth="staff", tags=("staff",),
            query={"status": {"type": "string", "enum": QUEUE_STATUSES}},
            response={"type": "array", "items": {"type": "object"}},
            summary="审查队列：某一状态的申请，期限最近的在前")
def queue(call):
    status = call.query.get("status") or "submitted"
    ctx = context(call)
    return [views.queue_entry(ctx, app) for app in review_queue(ctx.bureau, status)]


@json_route(bp, "/api/staff/applications/{application_id}", auth="staff", tags=("staff",),
            summary="申请办理页：完整信息（含身份证号）与材料临时链接；每次查看均记入审计")
def show(call):
    ctx, container = context(call), services()
    app = lifecycle.staff_application(call.params["application_id"], call.caller)
    # Written before anything is shown: no audit entry, no personal data.
    access.record_view(ctx, _staff(call), app, {"masked": False, "materials": True})
    s3, bucket = container.s3(), container.settings.upload_bucket

    def presign(key, seconds):
        return s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": key},
                                         ExpiresIn=seconds)

    return views.staff_page(ctx, app, application_items(app.application_id), presign)


@json_route(bp, "/api/staff/applications/{application_id}/decision", methods=["POST"],
            body=DECISION, auth="staff", tags=("staff",),
            summary="作出决定：受理、一次性告知补正、预约、不予受理（须说明理由）、办结")
def decide(call):
    ctx = context(call)
    app = decisions.decide(ctx, call.params["application_id"], _staff(call), call.body,
                           find=lambda found: lifecycle.staff_application(found, call.caller, ctx.store))
    return views.page(ctx, app, application_items(app.application_id))


@json_route(bp, "/api/staff/calendar", auth="staff", tags=("staff",),
            query={"year": {"type": "integer", "minimum": 2000, "maximum": 2100}},
            summary="工作日历：某年的节假日、调休与工作人员的修改")
def calendar(call):
    ctx = context(call)
    return workcal.year_view(ctx.bureau, call.query.get("year") or ctx.today.year)


@json_route(bp, "/api/staff/calendar", methods=["POST"], body=CALENDAR_DAY, auth="staff",
            tags=("staff",), summary="修改工作日历：标记节假日或工作日（default 恢复为通知所定）")
def set_calendar_day(call):
    ctx = context(call)
    workcal.set_day(ctx, _staff(call), call.body["date"], call.body["kind"], call.body.get("name"))
    return workcal.year_view(ctx.bureau, int(call.body["date"][:4]))


@json_route(bp, "/api/staff/appointment-slots", auth="staff", tags=("staff",),
            query={"office": OFFICE, "from": DATE, "to": DATE}, required=("office",),
            response={"type": "array", "items": {"type": "object"}},
            summary="预约时段（一个办理地点，一个月以内）")
def list_slots(call):
    ctx = context(call)
    first = call.query.get("from") or ctx.today.isoformat()
    return slots.list_slots(ctx, call.query["office"], first, call.query.get("to") or first)


@json_route(bp, "/api/staff/appointment-slots", methods=["POST"], body=OPEN_SLOTS, auth="staff",
            status=201, response={"type": "array", "items": {"type": "object"}}, tags=("staff",),
            summary="开放预约时段（仅限工作日）")
def open_slots(call):
    ctx = context(call)
    body = call.body
    return slots.open_slots(ctx, _staff(call), body["office"], body["date"], body["times"],
                            body.get("address"))


@json_route(bp, "/api/staff/offices", auth="staff", tags=("staff",),
            response={"type": "array", "items": {"type": "object"}},
            summary="本局的办理地点：名称、地址与受理的服务")
def list_offices(call):
    return [offices.view(o) for o in context(call).offices]
