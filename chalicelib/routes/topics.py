"""热点普法 (issue 13): staff write, preview, publish (now or scheduled), unpublish, pin and push
their bureau's articles (`/api/staff/topics…`, pages `/h5/staff/topics`, `/h5/staff/topics/{id}`);
anyone reads a bureau's published ones (`/api/bureaus/{code}/topics…`, pages `/h5/topics…`).
The rules are chalicelib/guides/topics.py, topic_views.py and push.py."""
from chalice import Blueprint

from chalicelib import after_commit
from chalicelib.guides import plan, push, topic_views as views, topics
from chalicelib.web import page_bureau
from chalicelib.web.edge import json_route
from chalicelib.web.pages_common import html, page_route
from chalicelib.wiring import services

bp = Blueprint(__name__)
STR = {"type": "string"}
NSTR = {"type": "string", "nullable": True}
ID = {"topic_id": {"type": "string", "pattern": views.TOPIC_ID, "example": "20261202-0123456789ab"}}
CODE = {"code": {"type": "string", "pattern": "[0-9]{6}", "example": "360722"}}
LAW = {"type": "object", "required": ["law"], "additionalProperties": False, "properties": {
    "law": {"type": "string", "maxLength": 60}, "article": {"type": "integer", "minimum": 1, "maximum": 9999}}}
CITED = {"type": "object", "properties": {"law": STR, "article": {"type": "integer"}, "text": STR, "href": STR}}
TOPIC = {"type": "object", "required": ["topic_id", "title", "pinned"], "properties": {
    "topic_id": STR, "title": STR, "pinned": {"type": "boolean"}, "publish_at": NSTR, "publish_text": NSTR, "summary": STR,
    "laws": {"type": "array", "items": CITED},
    "plan_day": {"type": "object", "nullable": True, "properties": {
        "day": STR, "name": STR, "label": STR, "in_days": {"type": "integer"}}},
    "state": {"type": "string", "enum": list(views.STATES)}, "state_label": STR, "body": STR,
    "version": {"type": "integer"}, "html": STR, "created_at": STR, "pushed_at": NSTR,
    "history": {"type": "array", "items": {"type": "object", "properties": {
        "at": STR, "at_text": STR, "by": STR, "action": STR, "label": STR, "note": STR}}}}}
PUBLIC_LIST = {"type": "object", "required": ["pinned", "items"], "properties": {
    "pinned": {"type": "array", "items": TOPIC}, "items": {"type": "array", "items": TOPIC},
    "next": {"type": "string", "nullable": True, "description": "the `before` of the next page"}}}
FIELDS = {"title": {"type": "string", "maxLength": topics.MAX_TITLE * 2},
          "body": {"type": "string", "maxLength": topics.MAX_BODY * 2},
          "laws": {"type": "array", "maxItems": topics.MAX_LAWS, "items": LAW},
          "plan_day": {"type": "string", "pattern": "[0-9]{2}-[0-9]{2}", "nullable": True}}
WRITE = {"type": "object", "required": ["title", "body"], "additionalProperties": False, "properties": FIELDS}
VERSION = {"version": {"type": "integer", "minimum": 1}}
EDIT = {"type": "object", "required": ["title", "body", "version"], "additionalProperties": False,
        "properties": {**FIELDS, **VERSION}}
PUBLISH = {"type": "object", "required": ["version"], "additionalProperties": False, "properties": {
    **VERSION, "at": {"type": "string", "maxLength": 16, "description": "China time YYYY-MM-DDTHH:MM; absent: now"}}}
ONLY_VERSION = {"type": "object", "required": ["version"], "additionalProperties": False, "properties": VERSION}
PIN = {"type": "object", "required": ["version", "pinned"], "additionalProperties": False,
       "properties": {**VERSION, "pinned": {"type": "boolean"}}}
PUSHED = {"type": "object", "properties": {"month": STR, "used": {"type": "integer"}, "quota": {"type": "integer"},
                                           "left": {"type": "integer"}, "pushed_at": STR, "notification_id": STR}}


def _now():
    container = services()
    container.table()
    return container.clock.now()


def staff(path, summary, methods=("GET",), response=TOPIC, **kwargs):
    return json_route(bp, path, methods=list(methods), auth="staff", response=response, tags=("staff",),
                      summary=summary, **kwargs)


@staff("/api/staff/topics", "本局的热点普法文章（草稿、定时、已发布、已撤回）",
       response={"type": "object", "properties": {"items": {"type": "array", "items": TOPIC}}})
def staff_list(call):
    return views.staff_list(call.caller, _now())


@staff("/api/staff/topics", "新建一篇热点普法草稿（Markdown 正文）", ("POST",), body=WRITE, status=201)
def create(call):
    return topics.create(call.caller, call.body, _now())


@staff("/api/staff/topics/preview", "预览 Markdown 正文（安全渲染，不保存）", ("POST",),
       body={"type": "object", "required": ["body"], "additionalProperties": False,
             "properties": {"body": FIELDS["body"]}},
       response={"type": "object", "properties": {"html": STR}})
def preview(call):
    return topics.preview(call.body)


@staff("/api/staff/topics/{topic_id}", "一篇文章及其操作记录", params=ID)
def staff_item(call):
    return views.staff_item(call.caller, call.params["topic_id"], _now())


@staff("/api/staff/topics/{topic_id}", "修改文章（须带上读取时的 version）", ("PUT",), params=ID, body=EDIT)
def edit(call):
    return topics.edit(call.caller, call.params["topic_id"], call.body, _now())


@staff("/api/staff/topics/{topic_id}/publish", "立即发布，或给出 at（北京时间）定时发布", ("POST",),
       params=ID, body=PUBLISH)
def publish(call):
    return topics.publish(call.caller, call.params["topic_id"], call.body, _now())


@staff("/api/staff/topics/{topic_id}/unpublish", "撤回已发布或定时发布的文章", ("POST",), params=ID,
       body=ONLY_VERSION)
def unpublish(call):
    return topics.unpublish(call.caller, call.params["topic_id"], call.body, _now())


@staff("/api/staff/topics/{topic_id}/pin", "置顶或取消置顶（最多置顶 3 篇）", ("POST",), params=ID, body=PIN)
def pin(call):
    return topics.pin(call.caller, call.params["topic_id"], call.body, _now())


@staff("/api/staff/topics/{topic_id}/push", "把已发布的文章群发给公众号关注者（每篇一次，受每月群发次数限制）",
       ("POST",), params=ID, response=PUSHED, status=201)
def push_topic(call):
    container = services()
    now = _now()
    return push.push(call.caller, call.params["topic_id"], now, container.settings.mass_sends_per_month,
                     container.settings.public_base_url,
                     on_commit=lambda ids: after_commit.soon("Notification", ids, container))


@json_route(bp, "/api/bureaus/{code}/topics", response=PUBLIC_LIST, tags=("public",), params=CODE,
            query={"before": {"type": "string", "maxLength": 60}}, summary="某司法局的热点普法，置顶在前，新的在前，分页")
def public_list(call):
    return views.public_list(call.params["code"], _now(), call.query.get("before"))


@json_route(bp, "/api/bureaus/{code}/topics/{topic_id}", response=TOPIC, tags=("public",),
            params={**CODE, **ID}, summary="一篇已发布的热点普法（正文为安全渲染的 HTML）")
def public_item(call):
    return views.public_item(call.params["code"], call.params["topic_id"], _now())


def _code():
    return page_bureau.current(services().settings).code


@page_route(bp, "/h5/topics")
def topics_page(caller):
    before = (bp.current_request.query_params or {}).get("before")
    return html("topics.html.j2", listing=views.public_list(_code(), _now(), before or None))


@page_route(bp, "/h5/topics/{topic_id}")
def topic_page(caller, topic_id):
    return html("topic.html.j2", topic=views.public_item(_code(), topic_id, _now()))


@page_route(bp, "/h5/staff/topics", "staff")
def staff_topics_page(caller):
    now = _now()
    return html("staff_topics.html.j2", listing=views.staff_list(caller, now), days=plan.days(),
                pushes=push.status(caller, now, services().settings.mass_sends_per_month),
                max_title=topics.MAX_TITLE)


@page_route(bp, "/h5/staff/topics/{topic_id}", "staff")
def staff_topic_page(caller, topic_id):
    now = _now()
    return html("staff_topic.html.j2", topic=views.staff_item(caller, topic_id, now), days=plan.days(),
                laws=plan.laws(), pushes=push.status(caller, now, services().settings.mass_sends_per_month),
                max_title=topics.MAX_TITLE, max_body=topics.MAX_BODY)
