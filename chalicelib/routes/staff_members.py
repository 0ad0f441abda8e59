"""Staff management (issue 11, docs/staff-roles.md): admins invite staff with one-time codes, list
the bureau's staff and set their roles; a person redeems an invite from WeChat. The rules are
chalicelib/staffing; who may call what is chalicelib/auth/permissions.py."""
from chalice import Blueprint

from chalicelib.auth import permissions, roles, sessions
from chalicelib.clock import iso
from chalicelib.routes.auth import SIGNED_IN, signed_in
from chalicelib.staffing import invites, members
from chalicelib.web.edge import json_route
from chalicelib.web.pages_common import html, page_route
from chalicelib.wiring import services

bp = Blueprint(__name__)
TAGS = ("staff",)
ROLES = {"type": "array", "minItems": 1, "maxItems": len(permissions.STAFF_ROLES),
         "items": {"type": "string", "enum": list(permissions.STAFF_ROLES)}}
MEMBER = {"type": "object", "required": ["staff_id", "name", "roles", "legacy", "bound"], "properties": {
    "staff_id": {"type": "string"}, "name": {"type": "string"}, "roles": {"type": "array"},
    "legacy": {"type": "boolean"}, "bound": {"type": "boolean"}, "on_duty": {"type": "boolean"},
    "created_at": {"type": "string"}}}
INVITE = {"type": "object", "required": ["name", "roles"], "additionalProperties": False,
          "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 20,
                                  "pattern": r"[^\s<>&\"'`]+(?: [^\s<>&\"'`]+)*"},
                         "roles": ROLES}}
INVITED = {"type": "object", "required": ["code", "name", "roles", "expires_at", "join_url"],
           "properties": {"code": {"type": "string"}, "name": {"type": "string"},
                          "roles": {"type": "array"}, "expires_at": {"type": "string"},
                          "join_url": {"type": "string"}}}
SET_ROLES = {"type": "object", "required": ["roles"], "additionalProperties": False,
             "properties": {"roles": ROLES}}
STAFF_ID = {"staff_id": {"type": "string", "pattern": "[A-Za-z0-9_-]{1,64}"}}
JOIN = {"type": "object", "required": ["code"], "additionalProperties": False,
        "properties": {"code": {"type": "string", "minLength": 1, "maxLength": 32,
                                "pattern": roles.TYPED_CODE_PATTERN}}}
JOIN_PAGE = invites.JOIN_PAGE


def _ready():
    container = services()
    container.table()
    return container


@json_route(bp, "/api/staff/members", auth="staff", tags=TAGS,
            response={"type": "object", "required": ["members"],
                      "properties": {"members": {"type": "array", "items": MEMBER}}},
            summary="本局工作人员及其岗位（仅管理员）")
def list_members(call):
    _ready()
    return {"members": members.members(call.caller.bureau)}


@json_route(bp, "/api/staff/members/{staff_id}/roles", methods=["PUT"], auth="staff", body=SET_ROLES,
            params=STAFF_ID, response=MEMBER, tags=TAGS,
            summary="设置本局一位工作人员的岗位（仅管理员；不能取消最后一位管理员；记入审计）")
def set_roles(call):
    container = _ready()
    return members.change_roles(call.caller, call.params["staff_id"], call.body["roles"],
                                now=container.clock.now())


@json_route(bp, "/api/staff/invites", methods=["POST"], auth="staff", body=INVITE, response=INVITED,
            status=201, tags=TAGS,
            summary="邀请一位工作人员：生成一次性邀请码（3 天内有效，只显示这一次）")
def invite(call):
    container = _ready()
    code, item = invites.issue(call.caller.bureau, call.body["name"], call.body["roles"],
                               issued_by=call.caller.staff_id or call.caller.id,
                               now=container.clock.now())
    return {"code": code, "name": item.name, "roles": list(item.roles),
            "expires_at": iso(item.expires_at),
            "join_url": f"{container.settings.public_base_url}{JOIN_PAGE}?bureau={item.bureau}"}


@json_route(bp, "/api/auth/join-staff", methods=["POST"], auth="citizen", body=JOIN,
            response=SIGNED_IN, tags=("auth",),
            summary="使用本局管理员发放的一次性邀请码，将本微信号加入为本局工作人员")
def join_staff(call):
    container = _ready()
    identity = invites.redeem(call.caller.openid, call.body["code"], account=call.caller.account,
                              now=container.clock.now())
    sessions.revoke(call.caller.session_id)  # the citizen session gives way to the staff one
    return signed_in(identity)


@page_route(bp, "/h5/staff/members", roles="staff")
def members_page(caller):
    return html("staff_members.html.j2", labels=permissions.LABELS, roles=permissions.STAFF_ROLES)


@page_route(bp, JOIN_PAGE, roles="citizen")
def join_page(caller):
    return html("staff_join.html.j2")
