"""Citizen routes for service applications: start, fill in, consent, upload, submit, follow.
Anyone else's application answers 404, exactly like one that does not exist."""
from chalice import Blueprint

from chalicelib import scoping

from chalicelib.applications import citizen, lifecycle, runtime, uploads, views
from chalicelib.db.applications import application, application_items, citizen_applications
from chalicelib.errors import NotFound
from chalicelib.privacy import access
from chalicelib.web.edge import json_route
from chalicelib.wiring import services

bp = Blueprint(__name__)

TYPES = ["legal_aid", "notarization", "mediation", "reconsideration"]
FIELDS = {"type": "object"}
CREATE = {"type": "object", "required": ["type"], "additionalProperties": False, "properties": {
    "type": {"type": "string", "enum": TYPES}, "fields": FIELDS,
    "consent": {"type": "boolean"}}}
EDIT = {"type": "object", "required": ["fields"], "additionalProperties": False,
        "properties": {"fields": FIELDS}}
CONSENT = {"type": "object", "required": ["sensitive_data"], "additionalProperties": False,
           "properties": {"sensitive_data": {"type": "boolean", "enum": [True]}}}
UPLOAD = {"type": "object", "required": ["material", "filename", "content_type", "size"],
          "additionalProperties": False, "properties": {
              "material": {"type": "string", "minLength": 1, "maxLength": 64},
              "filename": {"type": "string", "minLength": 1, "maxLength": 255},
              "content_type": {"type": "string", "minLength": 1, "maxLength": 100},
              "size": {"type": "integer", "minimum": 0}}}
EMPTY = {"type": "object", "additionalProperties": False, "properties": {}}
APPLICATION = {"type": "object", "required": ["id", "type", "status"], "properties": {
    "id": {"type": "string"}, "type": {"type": "string"}, "status": {"type": "string"},
    "fields": {"type": "object"}, "required_materials": {"type": "array"},
    "materials": {"type": "array"}, "history": {"type": "array"}}}
GRANT = {"type": "object", "required": ["upload_id", "url", "fields"], "properties": {
    "upload_id": {"type": "string"}, "url": {"type": "string"}, "fields": {"type": "object"},
    "expires_at": {"type": "string"}, "max_bytes": {"type": "integer"}}}


def context(bureau=None):
    """The context of `bureau` (a citizen's or staff member's session bureau; default bureau)."""
    return runtime.context(services(), bureau=bureau)


def _page(ctx, app, problems=None):
    return views.page(ctx, app, application_items(app.application_id), problems=problems)


def _openid(call):
    """The caller's openid, once the application of the call (if any) is theirs at their bureau:
    another bureau's is the 404 of a missing one (design §4)."""
    if "application_id" in call.params:
        _mine(call)
    return call.caller.openid


def _mine(call):
    return scoping.citizen_owned(application(call.params["application_id"]), call.caller,
                                 NotFound("没有找到该申请", code="application_not_found"))


@json_route(bp, "/api/applications", methods=["POST"], body=CREATE, response=APPLICATION,
            status=201, auth="citizen", tags=("applications",), summary="新建办事申请（草稿）")
def create(call):
    ctx = context(call.caller.bureau)
    app, problems = citizen.create(ctx, _openid(call), call.body["type"], call.body.get("fields"),
                                   consent=bool(call.body.get("consent")))
    return _page(ctx, app, problems)


@json_route(bp, "/api/applications", auth="citizen", tags=("applications",),
            response={"type": "array", "items": {"type": "object"}}, summary="我的办事申请（最新的在前）")
def mine(call):
    ctx = context(call.caller.bureau)
    return [views.summary(ctx, app) for app in citizen_applications(_openid(call))
            if scoping.citizens_own(app, call.caller)]


@json_route(bp, "/api/applications/{application_id}", auth=("citizen", "staff"),
            response=APPLICATION, tags=("applications",), summary="申请详情：材料与办理记录")
def show(call):
    ctx = context(call.caller.bureau)
    if call.caller.role == "staff":
        app = lifecycle.staff_application(call.params["application_id"], call.caller)
        access.record_view(ctx, call.caller.staff_id or call.caller.id, app, {"masked": True})
    else:
        app = _mine(call)
    return _page(ctx, app)


@json_route(bp, "/api/applications/{application_id}", methods=["PUT"], body=EDIT,
            response=APPLICATION, auth="citizen", tags=("applications",),
            summary="保存草稿：以提交的字段替换全部字段")
def replace_fields(call):
    ctx = context(call.caller.bureau)
    app, problems = citizen.edit(ctx, call.params["application_id"], _openid(call),
                                 call.body["fields"], replace=True)
    return _page(ctx, app, problems)


@json_route(bp, "/api/applications/{application_id}", methods=["PATCH"], body=EDIT,
            response=APPLICATION, auth="citizen", tags=("applications",),
            summary="保存草稿：只改提交的字段（空值清除该字段）")
def patch_fields(call):
    ctx = context(call.caller.bureau)
    app, problems = citizen.edit(ctx, call.params["application_id"], _openid(call),
                                 call.body["fields"])
    return _page(ctx, app, problems)


@json_route(bp, "/api/applications/{application_id}/consent", methods=["POST"], body=CONSENT,
            response=APPLICATION, auth="citizen", tags=("applications",),
            summary="同意处理敏感个人信息（上传材料前必须同意）")
def consent(call):
    ctx = context(call.caller.bureau)
    return _page(ctx, citizen.consent(ctx, call.params["application_id"], _openid(call)))


@json_route(bp, "/api/applications/{application_id}/uploads", methods=["POST"], body=UPLOAD,
            response=GRANT, status=201, auth="citizen", tags=("applications",),
            summary="申请上传一份材料：返回直传对象存储的预签名表单")
def upload(call):
    container = services()
    return uploads.grant(context(call.caller.bureau), container.s3(), container.settings.upload_bucket,
                         call.params["application_id"], _openid(call), call.body,
                         ttl_seconds=container.settings.upload_grant_ttl)


@json_route(bp, "/api/applications/{application_id}/uploads/{upload_id}/confirm",
            methods=["POST"], body=EMPTY, auth="citizen", tags=("applications",),
            summary="确认上传：核对文件大小与类型后附入申请")
def confirm(call):
    container, ctx = services(), context(call.caller.bureau)
    material = uploads.confirm(ctx, container.s3(), container.settings.upload_bucket,
                               call.params["application_id"], call.params["upload_id"],
                               _openid(call))
    return {"material": {"code": material.code, "upload_id": material.upload_id,
                         "filename": material.filename, "content_type": material.content_type,
                         "size": material.size, "attached_at": material.attached_at}}


@json_route(bp, "/api/applications/{application_id}/submit", methods=["POST"], body=EMPTY,
            response=APPLICATION, auth="citizen", tags=("applications",),
            summary="提交或补正后再次提交；不齐全时列出全部缺项（422）")
def submit(call):
    ctx = context(call.caller.bureau)
    return _page(ctx, citizen.submit(ctx, call.params["application_id"], _openid(call)))


@json_route(bp, "/api/applications/{application_id}/withdraw", methods=["POST"], body=EMPTY,
            response=APPLICATION, auth="citizen", tags=("applications",), summary="撤回申请")
def withdraw(call):
    ctx = context(call.caller.bureau)
    return _page(ctx, citizen.withdraw(ctx, call.params["application_id"], _openid(call)))
