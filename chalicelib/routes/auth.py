"""H5 sign-in: WeChat web OAuth (start, callback), who am I, sign-out, lawyer binding, binding codes
(and the lawyer staff look up before issuing one).

Locally WeChat's authorize page is out of reach. Either take a token from `POST /dev/login`, or let
`GET /auth/wechat/start?next=…&local_openid=<openid>` (local stage only) play WeChat's part: it sends
the browser straight to the callback with the code `local-<openid>`, which the local WeChat stand-in
exchanges for that openid — so state, cookie, code exchange and session run as in production.
"""
import html
import logging
from urllib.parse import urlencode

from chalice import Blueprint, Response

from chalicelib import scoping
from chalicelib.auth import cookies, oauth, roles, sessions, sign_in, signin_account
from chalicelib.clock import iso
from chalicelib.consultations import lawyer_directory
from chalicelib.db import pools
from chalicelib.errors import DomainError, NotFound
from chalicelib.logs import log
from chalicelib.web.edge import json_response, json_route
from chalicelib.web.untrusted import check_request_text
from chalicelib.wiring import services

bp = Blueprint(__name__)

CALLBACK = "/auth/wechat/callback"
STATE_COOKIE_PATH = "/auth/wechat"

SIGNED_IN = {"type": "object", "required": ["token", "role", "expires_in"], "properties": {
    "token": {"type": "string"}, "role": {"type": "string", "enum": ["citizen", "lawyer", "staff"]},
    "expires_in": {"type": "integer"}, "lawyer_id": {"type": "string"}, "staff_id": {"type": "string"},
    "bureau": {"type": "string"}, "account": {"type": "string"}}}
BIND = {"type": "object", "required": ["code"], "additionalProperties": False,
        "properties": {"code": {"type": "string", "minLength": 1, "maxLength": 32,
                                "pattern": roles.TYPED_CODE_PATTERN}}}
ISSUE = {"type": "object", "required": ["lawyer_id"], "additionalProperties": False,
         "properties": {"lawyer_id": {"type": "string", "minLength": 1, "maxLength": 64,
                                      "pattern": "^[A-Za-z0-9_-]+$"}}}
BINDING_CODE = {"type": "object", "required": ["code", "lawyer_id", "expires_at"], "properties": {
    "code": {"type": "string"}, "lawyer_id": {"type": "string"}, "expires_at": {"type": "string"}}}
LAWYER = {"type": "object", "required": ["lawyer_id", "name", "firm", "bound"], "properties": {
    "lawyer_id": {"type": "string"}, "name": {"type": "string"}, "firm": {"type": "string"},
    "county": {"type": "string"}, "bound": {"type": "boolean"}}}
ME = {"type": "object", "required": ["role", "roles"], "properties": {
    "role": {"type": "string"}, "roles": {"type": "array", "items": {"type": "string"}},
    "openid": {"type": "string"}, "lawyer_id": {"type": "string"}, "staff_id": {"type": "string"},
    "bureau": {"type": "string"}, "account": {"type": "string"}}}
OK = {"type": "object", "required": ["ok"], "properties": {"ok": {"type": "boolean"}}}

ERROR_PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>登录未成功</title></head>
<body><h3>登录未成功</h3><p>{message}</p><p><a href="{retry}">重新登录</a></p></body></html>"""


def _redirect(location, set_cookies):
    return Response(body="", status_code=302, headers={
        "Location": location, "Cache-Control": "no-store", "Set-Cookie": set_cookies})


def _error_page(exc, settings):
    body = ERROR_PAGE.format(message=html.escape(exc.message),
                             retry=html.escape(settings.public_base_url + "/auth/wechat/start"))
    return Response(body=body, status_code=exc.status, headers={
        "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store",
        "Set-Cookie": cookies.clear_cookie(cookies.OAUTH_STATE, settings=settings,
                                           path=STATE_COOKIE_PATH)})


@bp.route("/auth/wechat/start", methods=["GET"])
def wechat_start():
    query = bp.current_request.query_params or {}
    container = services()
    settings = container.settings
    try:
        check_request_text({}, query)
    except DomainError as exc:
        return _error_page(exc, settings)
    container.table()
    callback = settings.public_base_url + CALLBACK
    account = signin_account.choose(query, container.accounts().resolve, settings.default_bureau)
    if account is None:  # not even the default bureau's account is configured
        return _error_page(oauth.WeChatUnavailable("公众号尚未配置，暂时无法登录"), settings)
    start = oauth.begin(query.get("next"), appid=account.appid, redirect_uri=callback,
                        clock=container.clock, account=account.name)
    location = start.authorize_url
    if settings.is_local and query.get("local_openid"):
        location = f"{callback}?{urlencode({'code': 'local-' + query['local_openid'], 'state': start.state})}"
    return _redirect(location, cookies.set_cookie(
        cookies.OAUTH_STATE, start.nonce, settings=settings, path=STATE_COOKIE_PATH,
        max_age=oauth.STATE_TTL.total_seconds()))


@bp.route(CALLBACK, methods=["GET"])
def wechat_callback():
    request = bp.current_request
    query = request.query_params or {}
    container = services()
    settings = container.settings
    try:
        check_request_text({}, query)
        container.table()
        started = oauth.consume(
            query.get("state"), cookies.read_cookie(request.headers, cookies.OAUTH_STATE),
            clock=container.clock)
        name = started.account or settings.default_bureau
        account = container.accounts().resolve(name)
        if account is None:
            raise oauth.WeChatUnavailable("公众号尚未配置，暂时无法登录")
        openid = oauth.exchange_code(query.get("code"), api_base=settings.wechat_api_base,
                                     appid=account.appid, secret=account.appsecret)
        _, session_cookie = sign_in(roles.identify(openid, name), settings=settings,
                                    clock=container.clock)
        next_path = started.next_path
    except DomainError as exc:
        log("sign_in_refused", logging.WARNING, code=exc.code)
        return _error_page(exc, settings)
    return _redirect(settings.public_base_url + next_path, [
        session_cookie,
        cookies.clear_cookie(cookies.OAUTH_STATE, settings=settings, path=STATE_COOKIE_PATH)])


def signed_in(identity, status=200):
    container = services()
    body, session_cookie = sign_in(identity, settings=container.settings, clock=container.clock)
    response = json_response(body, status)
    response.headers["Set-Cookie"] = session_cookie
    return response


@json_route(bp, "/api/auth/me", auth="any", response=ME, tags=("auth",),
            summary="当前登录身份与可用角色")
def me(call):
    caller = call.caller
    body = {"role": caller.role, "roles": list(caller.roles)}
    body.update({name: getattr(caller, name) for name in ("openid", "lawyer_id", "staff_id", "bureau",
                                                       "account")
                 if getattr(caller, name)})
    return body


@json_route(bp, "/api/auth/logout", methods=["POST"], auth="any", response=OK, tags=("auth",),
            summary="退出登录（结束当前会话）")
def logout(call):
    sessions.revoke(call.caller.session_id)
    response = json_response({"ok": True})
    response.headers["Set-Cookie"] = cookies.clear_cookie(cookies.SESSION,
                                                          settings=services().settings)
    return response


@json_route(bp, "/api/auth/bind-lawyer", methods=["POST"], auth="citizen", body=BIND,
            response=SIGNED_IN, tags=("auth",),
            summary="律师使用司法局工作人员发放的一次性绑定码绑定本微信号")
def bind_lawyer(call):
    identity = roles.bind_lawyer(call.caller.openid, call.body["code"], clock=services().clock,
                                 account=call.caller.account)
    sessions.revoke(call.caller.session_id)  # the citizen session gives way to the lawyer one
    return signed_in(identity)


@json_route(bp, "/api/staff/binding-codes", methods=["POST"], auth="staff", body=ISSUE,
            response=BINDING_CODE, status=201, tags=("staff",),
            summary="为本局服务县（区）的律师生成一次性微信绑定码（7 天内有效）")
def binding_code(call):
    item = roles.issue_binding_code(call.body["lawyer_id"], staff=call.caller, clock=services().clock,
                                    regions=scoping.regions_of(call.caller, services().settings))
    return {"code": item.code, "lawyer_id": item.lawyer_id, "expires_at": iso(item.expires_at)}


@json_route(bp, "/api/staff/lawyer-search", auth="staff", tags=("staff",),
            query={"q": {"type": "string", "minLength": 1, "maxLength": 20},
                   "county": {"type": "string", "pattern": "[0-9]{6}"}},
            response={"type": "object", "required": ["counties", "query", "lawyers", "more"],
                      "properties": {"counties": {"type": "array", "items": {"type": "string"}},
                                     "lawyers": {"type": "array", "items": LAWYER}}},
            summary="按姓名、律所或执业证号片段查找为本局服务县（区）服务的律师（发放绑定码前）")
def lawyer_search(call):
    services().table()
    return lawyer_directory.search(scoping.regions_of(call.caller, services().settings),
                                   call.query.get("q"), county=call.query.get("county"))


@json_route(bp, "/api/staff/lawyers/{lawyer_id}", auth="staff", response=LAWYER, tags=("staff",),
            summary="按律师编号查看为本局服务县（区）服务的律师（发放绑定码前核对姓名、律所及是否已绑定微信）")
def lawyer_for_binding(call):
    services().table()
    lawyer = scoping.serving(pools.profile(call.params["lawyer_id"]),
                             scoping.regions_of(call.caller, services().settings),
                             NotFound("没有这位律师", code="lawyer_not_found"))
    # `bound` only: staff confirm who they issue a code for; the openid is not theirs to see.
    return {"lawyer_id": lawyer.lawyer_id, "name": lawyer.name, "firm": lawyer.firm,
            "county": lawyer.county, "bound": bool(lawyer.openid)}
