"""Staff routes for notifications that could not be delivered (parked after their last attempt)."""
from chalice import Blueprint

from chalicelib import delivery_triggers
from chalicelib.web.edge import json_route
from chalicelib.wiring import services

bp = Blueprint(__name__)

PARKED = {"type": "array", "items": {"type": "object", "required": [
    "notification_id", "audience", "channel", "attempts", "last_error", "failed_at"], "properties": {
        "notification_id": {"type": "string"}, "audience": {"type": "string"},
        "to_openid": {"type": "string"}, "channel": {"type": "string"},
        "template_key": {"type": "string"}, "attempts": {"type": "integer"},
        "last_error": {"type": "string"}, "reason": {"type": "string"},
        "created_at": {"type": "string"},
        "failed_at": {"type": "string"}}}}
REQUEUED = {"type": "object", "properties": {"notification_id": {"type": "string"},
                                              "status": {"type": "string"}}}


@json_route(bp, "/api/staff/notifications/failed", auth="staff", response=PARKED, tags=("staff",),
            query={"limit": {"type": "integer", "minimum": 1, "maximum": 200}},
            summary="发送失败、已停止重试的通知（最近的在前）")
def failed(call):
    services().table()
    return delivery_triggers.parked(call.caller.bureau, call.query.get("limit", 50))


@json_route(bp, "/api/staff/notifications/{notification_id}/retry", methods=["POST"], auth="staff",
            response=REQUEUED, tags=("staff",), summary="重新发送一条发送失败的通知")
def retry(call):
    return delivery_triggers.requeue(call.params["notification_id"], services(), call.caller)
