"""Personal-information routes (docs/privacy.md §4-§5): a citizen's export of what the platform holds
about them and their deletion request; the bureau's staff list and complete the requests and read
an application's access log. Staff routes work in the caller's bureau only: another bureau's
request or application id is answered as a random id is."""
import json

from chalice import Blueprint, Response

from chalicelib import after_commit
from chalicelib.db import followers
from chalicelib.errors import Forbidden
from chalicelib.privacy import access, erase, export, labels, requests
from chalicelib.web.edge import json_route
from chalicelib.web.pages_common import html, page_route
from chalicelib.wiring import services

bp = Blueprint(__name__)

REQUEST_ID = {"type": "string", "pattern": "[0-9a-f]{16}"}
APPLICATION_ID = {"type": "string", "minLength": 1, "maxLength": 40, "pattern": "[A-Za-z0-9-]{1,40}"}
DELETION = {"type": "object", "additionalProperties": False,
            "properties": {"reason": {"type": "string", "maxLength": 500}}}


def _openid(call):
    if not call.caller.openid:
        raise Forbidden("请用本人微信打开此页面办理。", code="forbidden")
    return call.caller.openid


def _bureau(call):
    return call.caller.bureau or services().settings.default_bureau


def request_view(r, staff=False):
    view = {"id": r.request_id, "kind": r.kind, "status": r.status, "reason": r.reason,
            "created_at": r.created_at, "completed_at": r.completed_at, "result": r.result}
    if staff:  # a person staff can recognise, never the openid (which tells them nothing)
        view.update(who=r.label or labels.UNNAMED, completed_by=r.completed_by)
    return view


@json_route(bp, "/api/me/data", auth="citizen", tags=("privacy",),
            query={"download": {"type": "string", "enum": ["0", "1", "true", "false"]}},
            summary="我的个人信息：平台保存的关于本人的全部记录（可下载为 JSON 文件）")
def my_data(call):
    container = services()
    container.table()
    data = export.citizen_data(_openid(call), container.clock.now())
    if call.query.get("download") not in ("1", "true"):
        return data
    return Response(body=json.dumps(data, ensure_ascii=False, indent=2), status_code=200, headers={
        "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store",
        "Content-Disposition": 'attachment; filename="my-data.json"'})


@json_route(bp, "/api/me/deletion-requests", methods=["POST"], body=DELETION, status=201,
            auth="citizen", tags=("privacy",),
            summary="申请删除个人信息（依法须保存的除外）；同一时间只能有一项请求在处理")
def ask_deletion(call):
    container = services()
    container.table()
    made = requests.create(_openid(call), _bureau(call), (call.body.get("reason") or "").strip()
                           or None, container.clock.now())
    return request_view(made)


@json_route(bp, "/api/staff/privacy-requests", auth="staff", tags=("staff", "privacy"),
            query={"status": {"type": "string", "enum": ["open", "done"]}},
            response={"type": "array", "items": {"type": "object"}},
            summary="本局收到的个人信息删除请求（默认：待处理的，最早的在前）")
def staff_requests(call):
    services().table()
    return [request_view(r, staff=True)
            for r in requests.staff_list(call.caller.bureau, call.query.get("status") or "open")]


@json_route(bp, "/api/staff/privacy-requests/{request_id}/complete", methods=["POST"],
            params={"request_id": REQUEST_ID}, auth="staff", tags=("staff", "privacy"),
            summary="办结删除请求：删除或匿名化依法无须保存的信息，并通知本人")
def complete(call):
    container = services()
    container.table()
    done, ids = requests.complete(
        call.params["request_id"], call.caller.bureau, call.caller.staff_id or call.caller.id,
        container.clock.now(), erase.discarder(container), container.settings.public_base_url)
    after_commit.soon("Notification", ids, container)
    return request_view(done, staff=True)


@json_route(bp, "/api/staff/access-log", auth="staff", tags=("staff", "privacy"),
            query={"application_id": APPLICATION_ID}, required=("application_id",),
            response={"type": "array", "items": {"type": "object"}},
            summary="申请的查看记录：哪位工作人员在何时查看或处理了该申请的个人信息")
def access_log(call):
    services().table()
    return access.access_log(call.query["application_id"], call.caller)


@page_route(bp, "/h5/me/privacy", roles="citizen")
def my_privacy(caller):
    # a follower is asked to allow the result's notice (outside the 48-hour window only allowed ones go)
    return html("me_privacy.html.j2", follows=followers.follows(caller.openid))


@page_route(bp, "/h5/staff/privacy", roles="staff")
def staff_privacy(caller):
    return html("staff_privacy.html.j2")
