"""Lawyers' self-registration (issue 11): the lawyer's page `/h5/lawyer/join` and its routes
(`GET|POST /api/lawyer/join`, the licence photo's grant), and the staff's list and decisions beside
the roster (`/api/staff/lawyers/join-requests…`). Rules: chalicelib/roster/join*.py."""
import secrets

from chalice import Blueprint

from chalicelib import after_commit, roster
from chalicelib.db import queries
from chalicelib.roster import join, join_review
from chalicelib.web.edge import json_route
from chalicelib.web.pages_common import html, page_route
from chalicelib.wiring import services

bp = Blueprint(__name__)

CODE = {"type": "string", "pattern": "^[0-9]{6}$"}
JOIN = {"type": "object", "required": ["name", "licence_no", "firm", "counties", "specialties", "photo",
                                       "consent"], "additionalProperties": False, "properties": {
    "name": {"type": "string", "minLength": 1, "maxLength": 30},
    "licence_no": {"type": "string", "minLength": 1, "maxLength": 40},
    "firm": {"type": "string", "minLength": 1, "maxLength": 60},
    "counties": {"type": "array", "minItems": 1, "maxItems": 9, "items": CODE},
    "specialties": {"type": "array", "minItems": 1, "maxItems": 20,
                    "items": {"type": "string", "minLength": 1, "maxLength": 40}},
    "photo": {"type": "string", "minLength": 1, "maxLength": 64},
    "consent": {"type": "boolean"}}}
PHOTO = {"type": "object", "required": ["filename", "content_type", "size", "consent"],
         "additionalProperties": False, "properties": {
             "filename": {"type": "string", "minLength": 1, "maxLength": 255},
             "content_type": {"type": "string", "minLength": 1, "maxLength": 100},
             "size": {"type": "integer", "minimum": 0}, "consent": {"type": "boolean"}}}
GRANT = {"type": "object", "required": ["upload_id", "url", "fields"]}
MINE = {"type": "object", "required": ["status"], "properties": {
    "status": {"type": "string", "enum": ["none", "pending", "approved", "refused"]}}}
REQUEST_ID = {"request_id": {"type": "string", "pattern": "^[0-9a-f]{16}$"}}
REFUSE = {"type": "object", "required": ["reason"], "additionalProperties": False,
          "properties": {"reason": {"type": "string", "minLength": 1, "maxLength": 200}}}


def _container():
    container = services()
    container.table()
    return container


def _presign(key, seconds):
    container = services()
    return container.s3().generate_presigned_url(
        "get_object", Params={"Bucket": container.settings.upload_bucket, "Key": key}, ExpiresIn=seconds)


def _staff(call):
    container = _container()
    roster.may_import_roster(call.caller)
    return container, dict(staff_id=call.caller.staff_id or call.caller.id,
                           regions=roster.regions_for(call.caller, container.settings),
                           now=container.clock.now(),
                           on_commit=lambda ids: after_commit.soon("Notification", ids, container))


# -- the lawyer ------------------------------------------------------------------------------------
@json_route(bp, "/api/lawyer/join", auth="citizen", response=MINE, tags=("lawyers",),
            summary="我的律师登记（状态、未通过的原因）及是否已关注律师服务号")
def my_join(call):
    _container()
    return join.own(call.caller)


@json_route(bp, "/api/lawyer/join/photo", methods=["POST"], auth="citizen", body=PHOTO, response=GRANT,
            status=201, tags=("lawyers",),
            summary="律师登记：上传执业证照片（须先同意个人信息处理规则；JPEG/PNG/HEIC，≤ 10 MB）")
def join_photo(call):
    container = _container()
    return join.photo_grant(call.caller, call.body, s3=container.s3(),
                            bucket=container.settings.upload_bucket, now=container.clock.now(),
                            new_id=lambda: secrets.token_hex(8),
                            ttl_seconds=container.settings.upload_grant_ttl)


@json_route(bp, "/api/lawyer/join", methods=["POST"], auth="citizen", body=JOIN, response=MINE,
            status=201, tags=("lawyers",),
            summary="律师登记：姓名、执业证号、律所、服务县区、专长和执业证照片，等待司法局审核（每人一份待审核）")
def submit_join(call):
    container = _container()
    return join.submit(call.caller, call.body, s3=container.s3(),
                       bucket=container.settings.upload_bucket, now=container.clock.now())


@page_route(bp, "/h5/lawyer/join", roles="citizen")
def join_page(caller):
    settings = _container().settings
    # a lawyers' page speaks for the platform, not for one bureau (as the workbench's footer does)
    return html("lawyer_join.html.j2", bureau=None, counties=join.county_choices(settings),
                categories=[(c.code, c.name) for c in queries.categories()])


# -- staff -----------------------------------------------------------------------------------------
@json_route(bp, "/api/staff/lawyers/join-requests", auth="staff", tags=("staff",),
            response={"type": "array", "items": {"type": "object"}},
            summary="本局服务县（区）待审核的律师登记，附名册中同一执业证号的律师及执业证照片（5 分钟有效的链接）")
def join_requests(call):
    container, scope = _staff(call)
    return join_review.pending(scope["regions"], _presign)


@json_route(bp, "/api/staff/lawyers/join-requests/{request_id}/approve", methods=["POST"], auth="staff",
            params=REQUEST_ID, tags=("staff",),
            summary="通过律师登记：绑定名册中同一执业证号的律师（没有则新建），并通知律师")
def approve_join(call):
    container, scope = _staff(call)
    return join_review.approve(call.params["request_id"], base_url=container.settings.public_base_url,
                               **scope)


@json_route(bp, "/api/staff/lawyers/join-requests/{request_id}/refuse", methods=["POST"], auth="staff",
            params=REQUEST_ID, body=REFUSE, tags=("staff",), summary="不通过律师登记（须写明原因），并通知律师")
def refuse_join(call):
    container, scope = _staff(call)
    return join_review.refuse(call.params["request_id"], call.body["reason"],
                              base_url=container.settings.public_base_url, **scope)
