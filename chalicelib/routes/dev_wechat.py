"""The local WeChat simulator: `GET /dev/wechat`, a phone-like chat page; `POST /dev/wechat/send`,
which pushes a user's message or event through our real, signed `/wechat` callback; and
`GET /dev/wechat/notifications`, what the WeChat API stand-in received for a user.
Local stage only: elsewhere every route here is a 404.
"""
import secrets

from chalice import Blueprint, Response

from chalicelib import devsim
from chalicelib.auth.cookies import base_path
from chalicelib.errors import Invalid
from chalicelib.render import render
from chalicelib.web.pages_common import SECURITY_HEADERS
from chalicelib.web import static_files
from chalicelib.web.edge import json_route
from chalicelib.wiring import services

bp = Blueprint(__name__)

OPENID = {"type": "string", "minLength": 1, "maxLength": 64, "pattern": "[A-Za-z0-9_-]+"}
SEND = {"type": "object", "required": ["openid", "kind"], "additionalProperties": False, "properties": {
    "openid": OPENID, "kind": {"type": "string", "enum": list(devsim.KINDS)},
    "content": {"type": "string", "maxLength": 2000}, "key": {"type": "string", "maxLength": 128}}}


@bp.route("/dev/wechat", methods=["GET"])
def simulator():
    settings = services().settings
    if not settings.is_local:
        return Response(body="Not Found", status_code=404,
                        headers={"Content-Type": "text/plain; charset=utf-8"})
    base = base_path(settings)
    data = {"menu": devsim.menu(settings.public_base_url), "lawyers": list(devsim.seeded_lawyers()),
            "mode": "safe" if settings.wechat_encoding_aes_key else "plaintext",
            "public_base_url": settings.public_base_url}
    body = render("h5/dev_wechat.html.j2", base=base, data=data,
                  asset=lambda name: static_files.url(name, base))
    return Response(body=body, status_code=200, headers={
        "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", **SECURITY_HEADERS})


@json_route(bp, "/dev/wechat/send", methods=["POST"], body=SEND, tags=("dev",), local_only=True,
            summary="（仅本地）模拟微信用户发消息或触发事件：签名（安全模式下加密）后"
                    "推送到本服务的 /wechat 回调，返回被动回复")
def send(call):
    body, container = call.body, services()
    if body["kind"] == "click" and not body.get("key"):
        raise Invalid("菜单点击需要 key", code="missing_key")
    return devsim.simulate(
        body["kind"], body["openid"], settings=container.settings,
        now_ts=int(container.clock.now().timestamp()), nonce=str(secrets.randbelow(10 ** 10)),
        msg_id=secrets.randbits(63), content=body.get("content", ""), key=body.get("key", ""))


@json_route(bp, "/dev/wechat/notifications", query={"openid": OPENID}, required=("openid",),
            tags=("dev",),
            local_only=True,
            summary="（仅本地）微信接口替身为该用户收到的模板消息、订阅通知和客服消息，最新的在前")
def notifications(call):
    openid, settings = call.query["openid"], services().settings
    accounts = {settings.wechat_appid: settings.default_bureau,
                **{entry.get("appid"): name for name, entry in (settings.local_accounts or {}).items()}}
    return {"openid": openid,
            "records": devsim.notifications(settings.wechat_api_base, openid, accounts=accounts)}
