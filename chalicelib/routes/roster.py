"""The lawyer roster import (issue 11): `POST /api/staff/lawyers/import` takes the file itself as
the body (CSV or XLSX), `?dry_run=1` to see what it would do; `/h5/staff/lawyers/import` is the
page that sends it. The rules are chalicelib/roster."""
from chalice import Blueprint

from chalicelib import roster
from chalicelib.web.edge import json_route
from chalicelib.web.pages_common import html, page_route
from chalicelib.wiring import services

bp = Blueprint(__name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What a browser or a script labels a roster with. The binary ones are in app.api.binary_types, so
# API Gateway hands over the file's bytes (a GBK CSV sent as text/csv would arrive mangled: the
# page sends every file as application/octet-stream).
UPLOAD_TYPES = ("application/octet-stream", XLSX, "application/vnd.ms-excel", "text/csv")
BINARY_TYPES = (XLSX, "application/vnd.ms-excel")  # application/octet-stream is Chalice's default
ENTRY = {"type": "object", "required": ["line", "message"],
         "properties": {"line": {"type": "integer"}, "message": {"type": "string"}}}
LINE = {"type": "object", "required": ["line", "licence_no", "name", "outcome", "changes"],
        "properties": {"line": {"type": "integer"}, "licence_no": {"type": "string"},
                       "name": {"type": "string"},
                       "outcome": {"type": "string", "enum": ["created", "updated", "unchanged"]},
                       "changes": {"type": "array", "items": {"type": "string"}}}}
REPORT = {"type": "object", "required": ["created", "updated", "unchanged", "errors"],
          "properties": {"dry_run": {"type": "boolean"}, "created": {"type": "integer"},
                         "updated": {"type": "integer"}, "unchanged": {"type": "integer"},
                         "errors": {"type": "array", "items": ENTRY},
                         "lines": {"type": "array", "items": LINE}}}


@json_route(bp, "/api/staff/lawyers/import", methods=["POST"], auth="staff", upload=UPLOAD_TYPES,
            query={"dry_run": {"type": "string", "enum": ["0", "1", "true", "false"]}},
            response=REPORT, tags=("staff",),
            summary="导入律师名册（CSV 或 XLSX；dry_run=1 只预览不写入；按执业证号幂等）")
def import_lawyers(call):
    container = services()
    container.table()
    return roster.import_for(call.caller, call.body, settings=container.settings,
                             now=container.clock.now(),
                             dry_run=call.query.get("dry_run") in ("1", "true"))


STATUS = {"type": "object", "required": ["status"], "additionalProperties": False,
          "properties": {"status": {"type": "string", "enum": ["active", "paused", "suspended"]},
                         "until": {"type": "string", "format": "date"},
                         "reason": {"type": "string", "maxLength": 200}}}


@json_route(bp, "/api/staff/lawyers/{lawyer_id}/status", methods=["PUT"], auth="staff", body=STATUS,
            params={"lawyer_id": {"type": "string", "pattern": "L[0-9]{17}|[A-Za-z0-9_-]{1,40}"}},
            tags=("staff",), summary="律师接单状态：正常、暂停（至恢复日期）、停止派单（须写明原因）")
def lawyer_status(call):
    container = services()
    container.table()
    return roster.status_for(call.caller, call.params["lawyer_id"], call.body,
                             settings=container.settings, now=container.clock.now())


ASSESSMENT = {"type": "object", "required": ["due"], "additionalProperties": False,
              "properties": {"due": {"type": "string", "format": "date"}}}
PROFILE = {"type": "object", "minProperties": 1, "additionalProperties": False, "properties": {
    "firm": {"type": "string", "minLength": 1, "maxLength": 60},
    "licence_no": {"type": "string", "minLength": 1, "maxLength": 40}}}


@json_route(bp, "/api/staff/lawyers/{lawyer_id}/assessment", methods=["PUT"], auth="staff",
            params={"lawyer_id": {"type": "string", "pattern": "L[0-9]{17}|[A-Za-z0-9_-]{1,40}"}},
            body=ASSESSMENT, tags=("staff",),
            summary="设定律师年度考核截止日期（提前 30 天、7 天提醒；逾期未更新则停止派单）")
def lawyer_assessment(call):
    container = services()
    container.table()
    return roster.assessment_for(call.caller, call.params["lawyer_id"], call.body["due"],
                                 settings=container.settings, now=container.clock.now())


@json_route(bp, "/api/lawyer/profile", methods=["PUT"], auth="lawyer", body=PROFILE, tags=("lawyers",),
            summary="律师修改律所或执业证号（修改后暂停派单，待司法局重新核验）")
def change_profile(call):
    from chalicelib.roster import lifecycle

    container = services()
    container.table()
    return lifecycle.change_profile(call.caller.lawyer_id, call.body, now=container.clock.now())


@page_route(bp, "/h5/staff/lawyers/import", "staff")
def import_page(caller):
    return html("staff_roster.html.j2")
