"""Templates that become documents (issue 13): a template's fields, the filled DOCX, what a citizen's
consultation or application pre-fills, and the guided H5 form that ends in the download. The rules
are chalicelib/documents; the template list and search stay with the library (routes/library.py)."""
from urllib.parse import quote

from chalice import Blueprint, Response

from chalicelib.web.edge import json_route
from chalicelib.web.pages_common import html, page_route
from chalicelib.wiring import services

bp = Blueprint(__name__)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BINARY_TYPES = (DOCX,)
STR, BOOL = {"type": "string"}, {"type": "boolean"}
FIELD = {"type": "object", "required": ["name", "label", "kind", "required"], "properties": {
    "name": STR, "label": STR, "required": BOOL, "hint": STR, "max_length": {"type": "integer"},
    "kind": {"type": "string", "enum": ["text", "textarea", "phone", "id_number", "date", "number",
                                        "select", "money"]},
    "options": {"type": "array", "items": STR}}}
TEMPLATE = {"type": "object", "required": ["slug", "title", "case_type", "text", "fields"], "properties": {
    "slug": STR, "title": STR, "case_type": STR, "text": STR, "category": STR,
    "summary": {"type": "string", "nullable": True}, "fields": {"type": "array", "items": FIELD}}}
VALUES = {"type": "object", "properties": {"values": {
    "type": "object", "description": "名称 → 填写内容（金额为元，日期为 YYYY-MM-DD）"}}}
ID = {"type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[A-Za-z0-9_-]+$"}
PREFILL = {"type": "object", "required": ["values"], "properties": {
    "values": {"type": "object"}, "source": {"type": "object", "nullable": True, "properties": {
        "kind": {"type": "string", "enum": ["consultation", "application"]}, "id": STR}}}}


def _documents():
    """The documents' code (python-docx among it) loads on the first template request only."""
    from chalicelib.documents import views

    return views


def route(path, summary, response=None, **options):
    return json_route(bp, path, summary=summary, response=response, tags=("library",), **options)


def attachment(name, fallback):
    # RFC 6266/5987: the Chinese file name in filename*, an ASCII fallback for old clients.
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"


@route("/api/templates/{slug}", "一份文书模板：全文和需要填写的要素", TEMPLATE)
def template(call):
    return _documents().detail(call.params["slug"])


@route("/api/templates/{slug}/document",
       "按填写的要素生成 Word 文书（DOCX；请求须带 Accept: application/vnd.openxmlformats-officedocument."
       "wordprocessingml.document 或 */*）", methods=("POST",),
       body=VALUES)
def document(call):
    container = services()
    title, content = _documents().document(call.params["slug"], call.body.get("values", {}),
                                           container.clock)
    return Response(body=content, status_code=200, headers={
        "Content-Type": DOCX, "Cache-Control": "no-store",
        "Content-Disposition": attachment(f"{title}.docx", f"{call.params['slug']}.docx")})


@route("/api/templates/{slug}/prefill", "用本人的咨询或申请预先填写文书要素", PREFILL,
       query={"consultation": ID, "application": ID}, auth="citizen")
def prefill(call):
    services().table()
    return _documents().prefill(call.params["slug"], call.caller, call.query.get("consultation"),
                                call.query.get("application"))


@page_route(bp, "/h5/templates/{slug}")
def template_page(caller, slug):
    found = _documents().detail(slug)
    return html("template.html.j2", doc=found, groups=_documents().form_groups(slug))


@page_route(bp, "/h5/templates/{slug}/download")
def template_download(caller, slug):
    found = _documents().detail(slug)
    return Response(body=found["text"].replace("\n", "\r\n"), status_code=200, headers={
        "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=3600",
        "Content-Disposition": attachment(f"{found['title']}.txt", f"{slug}.txt")})
