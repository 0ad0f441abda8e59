"""A bureau's own document templates (issue 13): staff upload and remove their bureau's
(`/api/staff/templates`, page `/h5/staff/templates`); anyone lists a bureau's by category with a
search and fills one in (`/api/bureaus/{code}/templates…`, pages `/h5/bureau-templates`). The
rules are chalicelib/documents/bureau.py."""
from chalice import Blueprint, Response

from chalicelib.web import page_bureau
from chalicelib.web.edge import json_route
from chalicelib.web.pages_common import html, page_route
from chalicelib.wiring import services
from chalicelib.workdays import china_date
from chalicelib.routes.documents import DOCX, FIELD, VALUES, attachment

bp = Blueprint(__name__)
STR = {"type": "string"}
ID = {"template_id": {"type": "string", "pattern": "^[0-9]{8}-[0-9a-f]{12}$", "example": "20261202-0123456789ab"}}
CODE = {"code": {"type": "string", "pattern": "^[0-9]{6}$", "example": "360722"}}
ENTRY = {"type": "object", "required": ["id", "title", "category"], "properties": {
    "id": STR, "title": STR, "category": STR, "fields": {"type": "array", "items": FIELD},
    "size": {"type": "integer"}, "created_at": STR}}
STAFF_LIST = {"type": "object", "required": ["templates"], "properties": {
    "templates": {"type": "array", "items": ENTRY}}}
CATALOGUE = {"type": "object", "required": ["categories", "templates"], "properties": {
    "categories": {"type": "array", "items": {"type": "object", "properties": {
        "name": STR, "count": {"type": "integer"}}}},
    "templates": {"type": "array", "items": ENTRY}}}
UPLOAD = {"type": "object", "required": ["title", "category", "fields", "docx"], "additionalProperties": False,
          "properties": {"title": {"type": "string", "maxLength": 120}, "category": STR,
                         "fields": {"type": "array", "maxItems": 100, "items": {"type": "object"}},
                         "docx": {"type": "string", "maxLength": 250_000,
                                  "description": "the .docx, base64 (≤ 180 KB), with {{name}} placeholders"}}}
QUERY = {"category": STR, "q": {"type": "string", "maxLength": 40}}


def _rules():
    from chalicelib.documents import bureau

    return bureau


def _now():
    container = services()
    container.table()
    return container.clock.now()


@json_route(bp, "/api/staff/templates", auth="staff", response=STAFF_LIST, tags=("staff",),
            summary="本局上传的文书模板")
def staff_list(call):
    _now()
    return _rules().staff_list(call.caller)


@json_route(bp, "/api/staff/templates", methods=["POST"], auth="staff", body=UPLOAD, response=ENTRY,
            status=201, tags=("staff",), summary="上传本局的文书模板（.docx，含 {{字段名}} 占位符，附字段清单）")
def upload(call):
    return _rules().upload(call.caller, call.body, _now())


@json_route(bp, "/api/staff/templates/{template_id}", methods=["DELETE"], auth="staff", params=ID,
            tags=("staff",), summary="删除本局的一份文书模板")
def remove(call):
    _now()
    return _rules().remove(call.caller, call.params["template_id"])


@json_route(bp, "/api/bureaus/{code}/templates", response=CATALOGUE, tags=("public",), params=CODE,
            query=QUERY, summary="某司法局的文书模板：各分类的数量，按分类和关键词查找")
def catalogue(call):
    _now()
    return _rules().catalogue(call.params["code"], call.query.get("category"), call.query.get("q"))


@json_route(bp, "/api/bureaus/{code}/templates/{template_id}/document", methods=["POST"], body=VALUES,
            params={**CODE, **ID}, tags=("public",),
            summary="按填写的要素生成某司法局模板的 Word 文书（请求须带 Accept 为 DOCX 或 */*）")
def document(call):
    now = _now()
    title, content = _rules().document(call.params["code"], call.params["template_id"],
                                       call.body.get("values", {}), china_date(now))
    return Response(body=content, status_code=200, headers={
        "Content-Type": DOCX, "Cache-Control": "no-store",
        "Content-Disposition": attachment(f"{title}.docx", f"{call.params['template_id']}.docx")})


def _bureau_code():
    return page_bureau.current(services().settings).code


@page_route(bp, "/h5/bureau-templates")
def catalogue_page(caller):
    query = bp.current_request.query_params or {}
    category = query.get("category") if query.get("category") in _rules().CATEGORIES else None
    words = " ".join((query.get("q") or "").split())[:40]
    return html("bureau_templates.html.j2", listing=_rules().catalogue(_bureau_code(), category, words),
                category=category, query=words)


@page_route(bp, "/h5/bureau-templates/{template_id}")
def template_page(caller, template_id):
    code = _bureau_code()
    found = _rules().spec(code, template_id)
    from chalicelib.documents.values import limit

    fields = [{**f, "max_length": limit(f)} for f in found["fields"]]
    doc = {**found, "fields": fields, "text": None,
           "document_url": f"/api/bureaus/{code}/templates/{template_id}/document"}
    return html("template.html.j2", doc=doc, groups=[{"heading": "填写内容", "fields": fields}])


@page_route(bp, "/h5/staff/templates", "staff")
def staff_page(caller):
    return html("staff_templates.html.j2", listing=_rules().staff_list(caller),
                categories=_rules().CATEGORIES, kinds=("text", "textarea", "date", "money", "select", "phone",
                                                       "id_number", "number"))
