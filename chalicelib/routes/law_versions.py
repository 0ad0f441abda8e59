"""Staff import a later text of a law (issue 13): `POST /api/staff/laws/{slug}/versions` with
{"text": Markdown, "effective_on": "YYYY-MM-DD"}, `?dry_run=1` to check it without writing. The
rules (who may, what the text must hold) are chalicelib/library/law_import.py; /h5/staff/laws is the
page that sends it."""
from chalice import Blueprint

from chalicelib.web.edge import json_route
from chalicelib.web.pages_common import html, page_route
from chalicelib.wiring import services

bp = Blueprint(__name__)
DAY = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "maxLength": 10}
BODY = {"type": "object", "required": ["text", "effective_on"], "additionalProperties": False,
        "properties": {"text": {"type": "string", "minLength": 1, "maxLength": 800_000},
                       "effective_on": DAY}}
REPORT = {"type": "object", "required": ["slug", "version", "article_count", "status"],
          "properties": {"dry_run": {"type": "boolean"}, "slug": {"type": "string"},
                         "version": {"type": "string"}, "effective_on": {"type": "string"},
                         "revised_on": {"type": "string"}, "article_count": {"type": "integer"},
                         "status": {"type": "string", "enum": ["现行有效", "尚未施行"]}}}


@json_route(bp, "/api/staff/laws/{slug}/versions", methods=["POST"], auth="staff", body=BODY,
            query={"dry_run": {"type": "string", "enum": ["0", "1", "true", "false"]}},
            response=REPORT, status=201, tags=("staff", "library"),
            summary="导入法律法规的新版本（与法律法规库相同的 Markdown 格式；施行之日起成为现行版本；"
                    "dry_run=1 只检查不写入；仅平台管理员）")
def import_version(call):
    from chalicelib.library import law_import

    container = services()
    container.table()
    return law_import.import_version(call.caller, call.params["slug"], call.body,
                                     settings=container.settings, now=container.clock.now(),
                                     dry_run=call.query.get("dry_run") in ("1", "true"))


@page_route(bp, "/h5/staff/laws", "staff")
def laws_page(caller):
    """The laws with the text in force and its status; platform admins import a later text here."""
    from chalicelib.library import law_import, views
    from chalicelib.workdays import china_date

    container = services()
    container.table()
    today = china_date(container.clock.now()).isoformat()
    return html("staff_laws.html.j2", library=views.law_list(today), today=today,
                platform=law_import.may_import(caller, container.settings))
