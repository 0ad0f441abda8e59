"""A citizen's authorisation of subscribe notifications (issue 11): what the pages offer, and the
answer to WeChat's open tag, recorded per template (chalicelib/citizen_subscriptions.py)."""
from chalice import Blueprint

from chalicelib import citizen_subscriptions
from chalicelib.db import subscriptions
from chalicelib.web.edge import json_route
from chalicelib.wiring import services

bp = Blueprint(__name__)

TEMPLATE_ID = {"type": "string", "minLength": 1, "maxLength": 128, "pattern": "^[A-Za-z0-9_-]+$"}
ANSWER = {"type": "object", "required": ["request_id"], "additionalProperties": False, "properties": {
    "request_id": {"type": "string", "pattern": "^[A-Za-z0-9_-]{8,64}$"},
    "accepted": {"type": "array", "maxItems": 10, "items": TEMPLATE_ID},
    "rejected": {"type": "array", "maxItems": 10, "items": TEMPLATE_ID}}}
MINE = {"type": "object", "required": ["offer", "subscriptions"], "properties": {
    "offer": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    "subscriptions": {"type": "array", "items": {"type": "object", "required": ["template", "remaining"],
                                                 "properties": {"template": {"type": "string"},
                                                                "remaining": {"type": "integer"}}}},
    "recorded": {"type": "boolean"}}}


def _account_templates(caller):
    """(templates of the caller's account, whether keys stand in for ids: the local stage)."""
    container = services()
    container.table()
    config = container.accounts().resolve(caller.account or container.settings.default_bureau)
    return (config.templates if config else {}), container.settings.is_local


@json_route(bp, "/api/me/subscriptions", auth="citizen", response=MINE, tags=("citizen",),
            summary="本人可订阅的通知模板及每个模板尚余的一次性订阅次数")
def mine(call):
    templates, local = _account_templates(call.caller)
    return citizen_subscriptions.mine(call.caller.openid, templates, local,
                                      remaining=subscriptions.remaining)


@json_route(bp, "/api/me/subscriptions", methods=["POST"], auth="citizen", body=ANSWER, response=MINE,
            tags=("citizen",), summary="记录本人对订阅通知的授权结果（每次同意可接收一条该模板的通知）")
def record(call):
    templates, local = _account_templates(call.caller)
    return citizen_subscriptions.record(call.caller, call.body, templates, local, store=subscriptions,
                                        now=services().clock.now())


JSSDK = {"type": "object", "required": ["appId", "timestamp", "nonceStr", "signature", "openTagList"],
         "properties": {"appId": {"type": "string"}, "timestamp": {"type": "integer"},
                        "nonceStr": {"type": "string"}, "signature": {"type": "string"},
                        "openTagList": {"type": "array", "items": {"type": "string"}}}}


@json_route(bp, "/api/wechat/jssdk-config", auth="citizen", response=JSSDK, tags=("citizen",),
            query={"url": {"type": "string", "minLength": 1, "maxLength": 1000}}, required=("url",),
            summary="本页的微信 JS-SDK 配置（签名），用于显示订阅通知开放标签")
def jssdk_config(call):
    return citizen_subscriptions.page_config(call.query["url"], call.caller, services())
