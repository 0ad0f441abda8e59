"""The law library for anyone, signed in or not: laws, 以案释法 cases, complaint templates and their
search, as JSON routes and as the H5 pages the WeChat menu opens (/h5/laws, /h5/cases, /h5/templates).
One template, its fields, its DOCX and its form are routes/documents.py."""
from chalice import Blueprint

from chalicelib.errors import Invalid
from chalicelib.library import KINDS, MAX_PAGE, MAX_QUERY
from chalicelib.web.edge import json_route
from chalicelib.web.pages_common import html, page_route
from chalicelib.wiring import services

bp = Blueprint(__name__)


def _views():
    """The library's code loads on the first library request, not in every cold start."""
    from chalicelib.library import views

    return views

STR, INT = {"type": "string"}, {"type": "integer"}
NULL_STR = {"type": "string", "nullable": True}
DAY = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "maxLength": 10}
STATUS = {"type": "string", "enum": ["现行有效", "历史版本", "尚未施行", "已修正"]}
LAW = {"type": "object", "required": ["slug", "title"], "properties": {
    "slug": STR, "title": STR, "category": NULL_STR, "revised_on": NULL_STR, "article_count": INT,
    "source": NULL_STR, "history": NULL_STR, "version": STR, "status": STATUS,
    "effective_on": NULL_STR, "note": NULL_STR, "current": {"type": "boolean"}}}
VERSION = {"type": "object", "required": ["version", "status"], "properties": {
    "version": STR, "revised_on": NULL_STR, "effective_on": NULL_STR, "status": STATUS}}
PIECE = {"type": "object", "required": ["text"], "properties": {
    "text": STR, "href": STR, "title": STR}, "description": "text, or an article it cites (href)"}
ARTICLE = {"type": "object", "required": ["number", "label", "text"], "properties": {
    "number": INT, "label": STR, "chapter": NULL_STR, "text": STR,
    "lines": {"type": "array", "items": {"type": "array", "items": PIECE},
              "description": "the text's paragraphs, with the articles they cite as links"}}}
LAW_LIST = {"type": "object", "required": ["categories"], "properties": {"categories": {
    "type": "array", "items": {"type": "object", "properties": {
        "name": STR, "laws": {"type": "array", "items": LAW}}}}}}
LAW_PAGE = {"type": "object", "required": ["law", "articles", "next"], "properties": {
    "law": LAW, "articles": {"type": "array", "items": ARTICLE},
    "versions": {"type": "array", "items": VERSION},
    "next": {"type": "integer", "nullable": True, "description": "the `after` of the next page"}}}
CASE_REF = {"type": "object", "required": ["slug", "title"], "properties": {"slug": STR, "title": STR}}
CASE_LIST = {"type": "object", "required": ["topics"], "properties": {"topics": {
    "type": "array", "items": {"type": "object", "properties": {
        "name": STR, "cases": {"type": "array", "items": CASE_REF}}}}}}
CASE = {"type": "object", "required": ["slug", "title", "topic", "sections"], "properties": {
    "slug": STR, "title": STR, "topic": STR, "source": NULL_STR, "sections": {
        "type": "array", "items": {"type": "object", "properties": {
            "heading": NULL_STR, "paragraphs": {"type": "array", "items": STR},
            "linked": {"type": "array", "items": {"type": "array", "items": PIECE}}}}},
    "cites": {"type": "array", "items": {"type": "object", "properties": {"href": STR, "title": STR}}}}}
TEMPLATE_REF = {"type": "object", "required": ["slug", "title", "case_type"], "properties": {
    "slug": STR, "title": STR, "case_type": STR}}
COUNTS = {"type": "object", "properties": {kind: INT for kind in KINDS}}
SEARCH = {"type": "object", "required": ["query", "results", "counts", "total"], "properties": {
    "query": STR, "kind": {"type": "string", "nullable": True}, "counts": COUNTS,
    "total": INT, "offset": INT,
    "next": {"type": "integer", "nullable": True, "description": "the `offset` of the next page"},
    "results": {"type": "array", "items": {"type": "object", "properties": {
        "kind": {"type": "string", "enum": list(KINDS)}, "slug": STR, "title": STR,
        "label": NULL_STR, "chapter": NULL_STR, "number": {"type": "integer", "nullable": True},
        "url": STR, "score": {"type": "number"},
        "snippet": {"type": "array", "items": {"type": "object", "properties": {
            "text": STR, "hit": {"type": "boolean"}}}}}}}}}


def route(path, summary, response, query=None, required=()):
    return json_route(bp, path, summary=summary, response=response, query=query, required=required,
                      tags=("library",))


def _table():
    services().table()


def _today():
    """The China date now: the text in force is chosen by the clock, not by a deploy."""
    from chalicelib.workdays import china_date

    return china_date(services().clock.now()).isoformat()


@route("/api/laws", "法律法规库：按类别列出法律法规", LAW_LIST)
def laws(call):
    _table()
    return _views().law_list(_today())


@route("/api/laws/{slug}", "一部法律法规及其条文（按顺序分页；version=某一版本，默认现行版本）", LAW_PAGE,
       query={"after": {"type": "integer", "minimum": 0}, "limit": {"type": "integer", "minimum": 1,
                                                                     "maximum": MAX_PAGE},
              "version": DAY})
def law(call):
    _table()
    return _views().law_page(call.params["slug"], call.query.get("after"), call.query.get("limit"),
                             day=_today(), version=call.query.get("version"))


@route("/api/cases", "以案释法：按主题列出案例", CASE_LIST, query={"topic": STR})
def cases(call):
    _table()
    return _views().case_list(call.query.get("topic"))


@route("/api/cases/{slug}", "以案释法：一个案例", CASE)
def case(call):
    _table()
    return _views().case_detail(call.params["slug"], day=_today())


@route("/api/templates", "文书模板（民事起诉状示范文本）", {"type": "array", "items": TEMPLATE_REF})
def templates(call):
    return _views().template_list()


def _now():
    return services().clock.now()


def _bureau(code):
    """The bureau whose own topics and templates a search adds: a known one only (a made-up code
    adds nothing, and builds nothing)."""
    import time

    from chalicelib.bureaus import cached_bureau

    settings = services().settings
    return code if code and cached_bureau(settings, code, time.monotonic()) is not None else None


@route("/api/library/search", "在法律条文、案例、文书模板、诉讼指引和某司法局已发布的热点普法中按关键词查找",
       SEARCH, query={
    # At least one letter, digit or Chinese character: what the index can look up (tokens.runs).
    "q": {"type": "string", "minLength": 1, "maxLength": MAX_QUERY,
          "pattern": "[\\s\\S]*[0-9A-Za-z\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff][\\s\\S]*"},
    "kind": {"type": "string", "enum": list(KINDS)},
    "limit": {"type": "integer", "minimum": 1, "maximum": 50},
    "offset": {"type": "integer", "minimum": 0, "maximum": 1000},
    "bureau": {"type": "string", "pattern": "^[0-9]{6}$", "maxLength": 6,
               "description": "该司法局自己的热点普法和文书模板也在查找范围内"}}, required=("q",))
def search(call):
    _table()
    return _views().search(call.query.get("q"), call.query.get("kind"), call.query.get("limit"),
                           call.query.get("offset"), day=_today(), now=_now(),
                           bureau=_bureau(call.query.get("bureau")))


def _page_bureau():
    from chalicelib.web import page_bureau

    chosen = page_bureau.current(services().settings)
    return chosen.code if chosen else None


def _query():
    return " ".join(((bp.current_request.query_params or {}).get("q") or "").split())


@page_route(bp, "/h5/laws")
def law_index(caller):
    """The laws by category or, with ?q=, the search results (rendered here: no script needed)."""
    query = _query()
    if not query:
        _table()
        return html("laws.html.j2", library=_views().law_list(_today()), query="")
    asked = bp.current_request.query_params or {}
    kind = asked.get("kind") if asked.get("kind") in KINDS else None
    try:
        _table()
        found = _views().search(query, kind, None, asked.get("offset"), day=_today(),
                                per_kind=None if kind else 5, now=_now(), bureau=_page_bureau())
        return html("laws.html.j2", query=query[:MAX_QUERY], found=found, results=found["results"])
    except Invalid as refused:
        return html("laws.html.j2", query=query[:MAX_QUERY], results=[], error=refused.message)


@page_route(bp, "/h5/laws/{slug}")
def law_page(caller, slug):
    _table()
    asked = (bp.current_request.query_params or {}).get("version")
    return html("law.html.j2", page=_views().law_page(slug, day=_today(), version=asked))


@page_route(bp, "/h5/cases")
def case_index(caller):
    _table()
    return html("cases.html.j2", library=_views().case_list())


@page_route(bp, "/h5/cases/{slug}")
def case_page(caller, slug):
    _table()
    return html("case.html.j2", case=_views().case_detail(slug, day=_today()))


@page_route(bp, "/h5/templates")
def template_index(caller):
    """The templates or, with ?q=, the templates the library search finds (rendered here)."""
    query = _query()
    if not query:
        return html("templates.html.j2", templates=_views().template_list(), query="")
    try:
        _table()
        return html("templates.html.j2", query=query[:MAX_QUERY], results=_views().search(
            query, "template", day=_today(), now=_now(), bureau=_page_bureau())["results"])
    except Invalid as refused:
        return html("templates.html.j2", query=query[:MAX_QUERY], results=[], error=refused.message)
