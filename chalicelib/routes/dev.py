"""Local-stage helpers. They exist only when STAGE=local: elsewhere every route here is a 404."""
from chalice import Blueprint

from chalicelib.clock import parse_instant
from chalicelib.errors import Invalid, NotFound
from chalicelib.routes.jobs import run_sweep
from chalicelib.web.edge import json_route
from chalicelib.wiring import services

bp = Blueprint(__name__)

TICK = {"type": "object", "required": ["time"], "additionalProperties": False,
        "properties": {"time": {"type": "string", "minLength": 10, "maxLength": 40}}}


def _local_only():
    if not services().settings.is_local:
        raise NotFound("Not Found", code="not_found")


@json_route(bp, "/dev/tick", methods=["POST"], body=TICK, tags=("dev",),
            summary="（仅本地）以给定时间运行所有定时任务，如同 EventBridge 触发")
def tick(call):
    _local_only()
    try:
        now = parse_instant(call.body["time"])
    except ValueError:
        raise Invalid("time 必须是 ISO 8601 时间，例如 2026-11-29T10:00:00Z", code="invalid_time")
    return {"sweep_due": run_sweep(now)}
