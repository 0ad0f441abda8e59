"""A bureau's notices and guides (issue 10, AP-77): staff publish and withdraw their own bureau's
(`/api/staff/content`, page `/h5/staff/content`); anyone reads a bureau's published ones
(`/api/bureaus/{code}/content`, pages `/h5/notices`). The rules are chalicelib/bureau_content."""
from chalice import Blueprint

from chalicelib import bureau_content as content
from chalicelib.web import page_bureau
from chalicelib.web.edge import json_route
from chalicelib.web.pages_common import html, page_route
from chalicelib.wiring import services

bp = Blueprint(__name__)
STR = {"type": "string"}
ITEM = {"type": "object", "required": ["slug", "kind", "title", "published", "paragraphs"], "properties": {
    "slug": STR, "kind": {"type": "string", "enum": list(content.KINDS)}, "kind_label": STR,
    "title": STR, "published": {"type": "string", "format": "date"},
    "paragraphs": {"type": "array", "items": STR},
    "status": {"type": "string", "enum": ["published", "withdrawn"]}, "body": STR,
    "created_by": STR, "withdrawn_at": {"type": "string", "nullable": True}}}
LIST = {"type": "object", "required": ["items"], "properties": {
    "items": {"type": "array", "items": ITEM},
    "next": {"type": "string", "nullable": True, "description": "the `before` of the next page"}}}
PUBLISH = {"type": "object", "required": ["kind", "title", "body"], "additionalProperties": False,
           "properties": {"kind": {"type": "string", "enum": list(content.KINDS)},
                          "title": {"type": "string", "maxLength": content.MAX_TITLE * 2},
                          "body": {"type": "string", "maxLength": content.MAX_BODY * 2},
                          "published": {"type": "string", "maxLength": 10}}}
SLUG = {"slug": {"type": "string", "pattern": content.SLUG, "example": "20260302-0123456789ab"}}


def _now():
    container = services()
    container.table()
    return container.clock.now()


@json_route(bp, "/api/staff/content", auth="staff", response=LIST, tags=("staff",),
            summary="本局发布的通知公告与办事指南（含已撤回的）")
def staff_list(call):
    _now()
    return content.staff_list(call.caller)


@json_route(bp, "/api/staff/content", methods=["POST"], auth="staff", body=PUBLISH, response=ITEM,
            status=201, tags=("staff",), summary="发布通知公告或办事指南（标题 ≤ 60 字，正文 ≤ 5000 字）")
def publish(call):
    return content.publish(call.caller, call.body, _now())


@json_route(bp, "/api/staff/content/{slug}", methods=["DELETE"], auth="staff", params=SLUG,
            response=ITEM, tags=("staff",), summary="撤回本局发布的一条内容（再次撤回不变）")
def withdraw(call):
    return content.withdraw(call.caller, call.params["slug"], _now())


@json_route(bp, "/api/bureaus/{code}/content", response=LIST, tags=("public",),
            params={"code": {"type": "string", "pattern": "[0-9]{6}", "example": "360722"}},
            query={"limit": {"type": "integer", "minimum": 1, "maximum": content.MAX_PAGE},
                   "before": {"type": "string", "maxLength": 40}},
            summary="某司法局发布的通知公告与办事指南，新的在前，分页")
def public_list(call):
    _now()
    return content.public_list(call.params["code"], call.query.get("limit"), call.query.get("before"))


def _bureau_code():
    return page_bureau.current(services().settings).code


@page_route(bp, "/h5/notices")
def notices_page(caller):
    before = (bp.current_request.query_params or {}).get("before")
    listing = content.public_list(_bureau_code(), 20, before if before else None)
    return html("notices.html.j2", listing=listing)


@page_route(bp, "/h5/notices/{slug}")
def notice_page(caller, slug):
    return html("notice.html.j2", item=content.public_item(_bureau_code(), slug))


@page_route(bp, "/h5/staff/content", "staff")
def staff_page(caller):
    return html("staff_content.html.j2", listing=content.staff_list(caller), kinds=content.KINDS,
                max_title=content.MAX_TITLE, max_body=content.MAX_BODY)
