"""Local-stage helpers. They exist only when STAGE=local: elsewhere every route here is a 404."""
from chalice import Blueprint

from chalicelib import bureaus
from chalicelib.auth import Caller, permissions, roles, sign_in
from chalicelib.clock import parse_instant
from chalicelib.db import followers
from chalicelib.db.inbound import OtherAccount
from chalicelib.db.keys import LAWYERS_ACCOUNT
from chalicelib.errors import Conflict, Invalid, NotFound
from chalicelib.routes.jobs import run_sweep
from chalicelib.web.edge import json_response, json_route
from chalicelib.wiring import services

bp = Blueprint(__name__)

TICK = {"type": "object", "required": ["time"], "additionalProperties": False,
        "properties": {"time": {"type": "string", "minLength": 10, "maxLength": 40}}}
LOGIN = {"type": "object", "required": ["role", "id"], "additionalProperties": False, "properties": {
    "role": {"type": "string", "enum": ["citizen", "lawyer", "staff"]},
    "id": {"type": "string", "minLength": 1, "maxLength": 64, "pattern": "[A-Za-z0-9_-]+"},
    # A citizen who follows the account, as after WeChat's follow event: notices reach them (and
    # show in the simulator, /dev/wechat). Without it the citizen is one who has not followed.
    "follow": {"type": "boolean"},
    # The bureau a citizen or staff member signs in at (default: the default bureau). Staff are
    # created in it; a lawyer signs in on the lawyers' account and takes no bureau.
    "bureau": {"type": "string", "pattern": "^[0-9]{6}$"},
    # The Official Account the openid belongs to (default: the bureau's; a lawyer's: the one they
    # bound on). A citizen may sign in on `lawyers` to redeem a binding code as a lawyer would.
    "account": {"type": "string", "pattern": "^[0-9]{6}$|^lawyers$"},
    # The roles a staff member acts with in this session, so each role can be tried locally (the
    # account's stored roles are left as they are). Without it: the account's own roles; a staff
    # account created by this sign-in is an admin (every staff route).
    "staff_roles": {"type": "array", "minItems": 1, "maxItems": 4,
                    "items": {"type": "string", "enum": list(permissions.STAFF_ROLES)}}}}
TOKEN = {"type": "object", "required": ["token", "role"], "properties": {
    "token": {"type": "string"}, "role": {"type": "string"}, "expires_in": {"type": "integer"},
    "lawyer_id": {"type": "string"}, "staff_id": {"type": "string"}, "bureau": {"type": "string"},
    "account": {"type": "string"}, "staff_roles": {"type": "array", "items": {"type": "string"}}}}


@json_route(bp, "/dev/tick", methods=["POST"], body=TICK, tags=("dev",), local_only=True,
            summary="（仅本地）以给定时间运行所有定时任务，如同 EventBridge 触发")
def tick(call):
    try:
        now = parse_instant(call.body["time"])
    except ValueError:
        raise Invalid("time 必须是 ISO 8601 时间，例如 2026-11-29T10:00:00Z", code="invalid_time")
    return {"sweep_due": run_sweep(now)}


@json_route(bp, "/dev/login", methods=["POST"], body=LOGIN, response=TOKEN, tags=("dev",),
            local_only=True,
            summary="（仅本地）以市民、律师或工作人员身份登录，返回会话令牌；"
                    "市民可带 follow: true，如同已关注公众号，以便收到通知")
def login(call):
    container = services()
    container.table()
    role, subject = call.body["role"], call.body["id"]
    if call.body.get("follow") and role != "citizen":
        raise Invalid("只有市民身份可以带 follow（关注公众号）", code="follow_not_for_role")
    if call.body.get("staff_roles") and role != "staff":
        raise Invalid("只有工作人员身份可以带 staff_roles（岗位）", code="staff_roles_not_for_role")
    bureau = _bureau(call.body.get("bureau"), role, container.settings)
    account = _account(call.body.get("account"), role, bureau, container)
    if role == "staff":  # an existing account keeps its bureau unless another one is asked for
        identity = roles.local_staff(subject, bureau=call.body.get("bureau"),
                                     default_bureau=container.settings.default_bureau,
                                     staff_roles=call.body.get("staff_roles"))
    elif role == "lawyer":
        lawyer = roles.lawyer_by_openid(subject)
        if lawyer is None:
            raise NotFound("没有绑定此 openid 的律师", code="lawyer_not_found")
        identity = roles.lawyer_identity(lawyer)
        if account:
            identity = Caller("lawyer", subject, openid=subject, lawyer_id=lawyer.lawyer_id,
                              account=account)
    else:
        identity = Caller("citizen", subject, openid=subject, bureau=bureau, account=account)
        if call.body.get("follow"):  # on the account signed in on (an openid is one account's)
            try:
                followers.record_follow(subject, container.clock.now(), account or bureau)
            except OtherAccount:
                raise Conflict("此 openid 已是另一个公众号的用户", code="openid_other_account")
    body, session_cookie = sign_in(identity, settings=container.settings, clock=container.clock)
    response = json_response(body)
    response.headers["Set-Cookie"] = session_cookie  # so a local browser page is signed in too
    return response


def _account(name, role, bureau, container):
    """The account a local sign-in asks for, checked: it must be known (the registry resolves it),
    staff take their bureau's, and a citizen's bureau account must be the bureau they sign in at."""
    if name is None:
        return None
    if role == "staff":
        raise Invalid("工作人员使用所属司法局的公众号，不能指定 account", code="account_not_for_role")
    if role == "citizen" and name != LAWYERS_ACCOUNT and name != bureau:
        raise Invalid("市民的公众号须为其所在司法局的公众号", code="account_bureau_mismatch")
    if container.accounts().resolve(name) is None:
        raise NotFound("没有这个公众号", code="account_not_found")
    return name


def _bureau(code, role, settings):
    """The bureau a local sign-in asks for, checked: it must exist, and lawyers take none."""
    if code is None:
        return None if role == "lawyer" else settings.default_bureau
    if role == "lawyer":
        raise Invalid("律师在律师服务号登录，不属于某个司法局", code="bureau_not_for_role")
    if bureaus.known_bureau(settings, code) is None:
        raise NotFound("没有这个司法局", code="bureau_not_found")
    return code
