"""诉讼指引 and the court-fee calculator (issue 13): `GET /api/fees`, `/h5/fees`; the guides
`GET /api/guides`, `/api/guides/{slug}`, pages `/h5/guides`, `/h5/guides/{slug}`; staff edit where
their county's cases are filed (`/api/staff/venues`, page `/h5/staff/venues`). The rules are
chalicelib/fees.py and chalicelib/guides/."""
from chalice import Blueprint

from chalicelib import fees
from chalicelib.guides import catalog, venues
from chalicelib.web import page_bureau
from chalicelib.web.edge import json_route
from chalicelib.web.pages_common import html, page_route
from chalicelib.wiring import services

bp = Blueprint(__name__)
STR = {"type": "string"}
NSTR = {"type": "string", "nullable": True}
MONEY = {"type": "string", "pattern": r"[0-9]+\.[0-9]{2}", "example": "3300.00"}
FEE = {"type": "object", "required": ["kind", "label", "amount", "fee_min", "fee_max", "brackets", "basis"],
       "properties": {
           "kind": {"type": "string", "enum": list(fees.KINDS)}, "label": STR, "amount": MONEY,
           "procedure": STR, "procedure_label": STR, "halved": {"type": "boolean"},
           "fee": {**MONEY, "nullable": True, "description": "null when the rules give a range"},
           "fee_min": MONEY, "fee_max": MONEY,
           "brackets": {"type": "array", "items": {"type": "object", "properties": {
               "from": MONEY, "to": {**MONEY, "nullable": True}, "rate": NSTR, "part": MONEY,
               "fee": MONEY}}},
           "notes": {"type": "array", "items": STR}, "basis": {"type": "array", "items": STR}}}


def _table():
    container = services()
    container.table()
    return container


@json_route(bp, "/api/fees", response=FEE, tags=("public",), required=("kind",),
            query={"kind": {"type": "string", "enum": list(fees.KINDS), "example": "property"},
                   "amount": {"type": "string", "maxLength": 24, "example": "150000"},
                   "procedure": {"type": "string", "enum": list(fees.PROCEDURES)}},
            summary="诉讼费用计算（《诉讼费用交纳办法》）：案件受理费、申请费，附分段明细和依据")
def fee(call):
    query = call.query
    return fees.calculate(query["kind"], query.get("amount"), query.get("procedure") or "ordinary")


@page_route(bp, "/h5/fees")
def fees_page(caller):
    query = bp.current_request.query_params or {}
    kind = query.get("kind") if query.get("kind") in fees.KINDS else "property"
    return html("fees.html.j2", kinds=fees.KINDS, procedures=fees.PROCEDURES, kind=kind)


CITE = {"type": "object", "properties": {"name": STR, "label": STR, "text": STR, "href": STR}}
VENUE = {"type": "object", "required": ["kind", "name", "address"], "additionalProperties": False,
         "properties": {"kind": {"type": "string", "enum": list(catalog.VENUE_KINDS)},
                        "kind_label": STR,
                        "name": {"type": "string", "maxLength": 80}, "address": {"type": "string", "maxLength": 160},
                        "phone": {"type": "string", "maxLength": 40}, "hours": {"type": "string", "maxLength": 80},
                        "verified": {"type": "boolean", "description": "false: seed data still to verify"}}}
SUMMARY = {"type": "object", "required": ["slug", "title", "summary", "href"],
           "properties": {"slug": STR, "title": STR, "summary": STR, "href": STR}}
GUIDE = {"type": "object", "required": ["slug", "title", "venues", "fee", "evidence", "deadlines"],
         "properties": {**SUMMARY["properties"], "steps": {"type": "array", "items": STR},
                        "venues": {"type": "array", "items": VENUE},
                        "fee": {"type": "object", "properties": {"text": STR, "kind": NSTR, "href": NSTR}},
                        "evidence": {"type": "array", "items": STR},
                        "deadlines": {"type": "array", "items": CITE},
                        "articles": {"type": "array", "items": CITE},
                        "templates": {"type": "array", "items": {"type": "object", "properties": {
                            "title": STR, "href": STR}}}}}
BUREAU_Q = {"bureau": {"type": "string", "pattern": "[0-9]{6}", "example": "360722",
                       "description": "the bureau whose venues are shown (default: the platform's default bureau)"}}
VENUES = {"type": "object", "required": ["venues", "version"], "properties": {
    "venues": {"type": "array", "items": VENUE}, "version": {"type": "integer", "minimum": 0},
    "updated_at": NSTR, "updated_text": NSTR, "updated_by": NSTR}}
SAVE = {"type": "object", "required": ["venues", "version"], "additionalProperties": False,
        "properties": {"venues": {"type": "array", "maxItems": venues.MAX_VENUES, "items": VENUE},
                       "version": {"type": "integer", "minimum": 0, "maximum": 10 ** 9}}}


def _bureau(code=None):
    return code or services().settings.default_bureau


@json_route(bp, "/api/guides", response={"type": "object", "properties": {
    "guides": {"type": "array", "items": SUMMARY}}}, tags=("public",),
    summary="诉讼指引：行政、民事、刑事、婚姻、赡养、劳动合同、交通事故案件")
def guide_list(call):
    return catalog.guide_list()


@json_route(bp, "/api/guides/{slug}", response=GUIDE, tags=("public",), query=BUREAU_Q,
            params={"slug": {"type": "string", "pattern": "[a-z]{1,20}", "example": "labour"}},
            summary="一份诉讼指引：到哪里办（本县法院、仲裁委）、费用、举证须知、期限及法律依据、文书模板")
def guide(call):
    _table()
    code = _bureau(call.query.get("bureau"))
    return catalog.detail(call.params["slug"], venues.current(code)["venues"])


@page_route(bp, "/h5/guides")
def guides_page(caller):
    return html("guides.html.j2", listing=catalog.guide_list())


@page_route(bp, "/h5/guides/{slug}")
def guide_page(caller, slug):
    code = page_bureau.current(services().settings).code
    return html("guide.html.j2", guide=catalog.detail(slug, venues.current(code)["venues"]))


@json_route(bp, "/api/staff/venues", response=VENUES, auth="staff", tags=("staff",),
            summary="本局诉讼指引中的办理机构（法院、仲裁委等）及地址；未保存过时为待核实的初始数据")
def staff_venues(call):
    _table()
    return venues.current(call.caller.bureau)


@json_route(bp, "/api/staff/venues", methods=["PUT"], auth="staff", body=SAVE, response=VENUES,
            tags=("staff",), summary="保存本局的办理机构列表（须带上读取时的 version；他人已修改则 409）")
def save_venues(call):
    return venues.save(call.caller, call.body, _table().clock.now())


@page_route(bp, "/h5/staff/venues", "staff")
def staff_venues_page(caller):
    return html("staff_venues.html.j2", found=venues.current(caller.bureau), kinds=catalog.VENUE_KINDS,
                limits=venues.LIMITS, max_venues=venues.MAX_VENUES)
