"""The lawyers' directory and their services (社区律师, 点单; issue 12): the public listing and profile
(`/api/lawyers`, `/h5/lawyers`), a lawyer's own service items (`/api/lawyer/services`,
`/h5/lawyer/services`) and the bureau's catalogue (`/api/staff/services`, `/h5/staff/services`).
Routes translate HTTP to calls of chalicelib/directory."""
import time

from chalice import Blueprint

from chalicelib import bureaus
from chalicelib.consultations.stars import rule as stars_rule
from chalicelib.db import effects, pools
from chalicelib.db.bureaus import county_holder
from chalicelib.directory import catalogue, listing, offerings, portrait
from chalicelib.directory.figures import response_text
from chalicelib.errors import NotFound
from chalicelib.web import page_bureau
from chalicelib.web.edge import json_response, json_route
from chalicelib.web.pages_common import html, page_route
from chalicelib.wiring import services

bp = Blueprint(__name__)
TAGS = ("lawyers",)
CODE = {"type": "string", "pattern": f"^{catalogue.CODE}$"}
LAWYER_ID = {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$", "example": "L360722000001"}
LIST_QUERY = {
    "bureau": {"type": "string", "pattern": "^[0-9]{6}$"},
    "county": {"type": "string", "pattern": "^[0-9]{6}$"},
    "specialty": {"type": "string", "pattern": "^[a-z][a-z0-9_]{0,39}$"},
    "service": CODE,
    "sort": {"type": "string", "enum": list(listing.SORTS)},
    "page": {"type": "integer", "minimum": 1, "maximum": 10_000}}
ENTRY = {"type": "object", "required": ["id", "name", "firm", "stars", "specialties", "services",
                                        "verified", "figures"]}
LISTING = {"type": "array", "items": ENTRY,
           "description": "one page (20); headers X-Total-Count, X-Page, X-Pages say where it stands"}
STAFF_ITEMS = {"type": "object", "required": ["items"], "additionalProperties": False, "properties": {
    "rev": {"type": "integer", "minimum": 0},
    "items": {"type": "array", "minItems": 1, "maxItems": catalogue.MAX_ITEMS, "items": {
        "type": "object", "required": ["name"], "additionalProperties": False, "properties": {
            "code": CODE, "name": {"type": "string", "minLength": 1, "maxLength": 40},
            "cap_yuan": {"type": "integer", "minimum": 1, "maximum": catalogue.MAX_CAP,
                         "description": "最高限价（元）；不限价则不传"},
            "active": {"type": "boolean"}}}}}}
LAWYER_ITEMS = {"type": "object", "required": ["items"], "additionalProperties": False, "properties": {
    "rev": {"type": "integer", "minimum": 0},
    "items": {"type": "array", "maxItems": catalogue.MAX_ITEMS, "items": {
        "type": "object", "required": ["code", "includes"], "additionalProperties": False,
        "properties": {
            "code": CODE, "negotiable": {"type": "boolean", "description": "面议"},
            "min_yuan": {"type": "integer", "minimum": 1, "maximum": offerings.MAX_PRICE},
            "max_yuan": {"type": "integer", "minimum": 1, "maximum": offerings.MAX_PRICE},
            "includes": {"type": "string", "minLength": 1, "maxLength": offerings.MAX_INCLUDES * 2}}}}}}


def _container():
    container = services()
    container.table()
    return container


def _bureau(code):
    """The Bureau a public call names (`?bureau=`), else the default one; 404 for a code that is
    no bureau's."""
    container = _container()
    found = bureaus.cached_bureau(container.settings, code or container.settings.default_bureau,
                                  time.monotonic())
    if found is None:
        raise NotFound("没有这个司法局", code="bureau_not_found")
    return found


@json_route(bp, "/api/lawyers", query=LIST_QUERY, response=LISTING, tags=TAGS,
            summary="社区律师名录：本局已认证、在岗的律师，可按县区、专业、服务项目筛选，按星级、解答数或响应速度排序")
def lawyers(call):
    found = listing.directory(_bureau(call.query.get("bureau")), call.query, _reads())
    response = json_response(found["items"])
    response.headers.update({"X-Total-Count": str(found["total"]), "X-Page": str(found["page"]),
                             "X-Pages": str(found["pages"])})
    return response


@json_route(bp, "/api/lawyers/{lawyer_id}", params={"lawyer_id": LAWYER_ID},
            query={"bureau": LIST_QUERY["bureau"]}, response=ENTRY, tags=TAGS,
            summary="一位律师的公开资料（不含电话等联系方式）")
def lawyer(call):
    return listing.profile(_bureau(call.query.get("bureau")), call.params["lawyer_id"], _reads())


def presigner(container):
    """(key, seconds) -> a GET link of an object in the upload bucket (a portrait)."""
    s3, bucket = container.s3(), container.settings.upload_bucket
    return lambda key, seconds: s3.generate_presigned_url(
        "get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=seconds)


def _reads():
    return listing.Reads(presign=presigner(_container()))


def own_profile(caller):
    container = _container()
    found = pools.profile(caller.lawyer_id) if caller.lawyer_id else None
    if found is None:
        raise NotFound("没有找到您的律师资料", code="lawyer_not_found")
    return found, county_holder(found.county) or container.settings.default_bureau, container


@json_route(bp, "/api/lawyer/services", auth="lawyer", tags=TAGS,
            summary="我发布的服务项目（点单），及可选的本局服务目录")
def my_services(call):
    me, bureau, _ = own_profile(call.caller)
    return offerings.mine(me, bureau)


@json_route(bp, "/api/lawyer/services", methods=["PUT"], auth="lawyer", body=LAWYER_ITEMS, tags=TAGS,
            summary="发布或修改我的服务项目：价格区间（元，不超过本局限价）或面议，及服务内容")
def publish_services(call):
    me, bureau, container = own_profile(call.caller)
    return offerings.publish(me, bureau, call.body, container.clock.now(), commit=effects.commit)


@json_route(bp, "/api/staff/services", auth="staff", tags=("staff",),
            summary="本局的律师服务目录（点单项目及补贴项目限价）")
def staff_catalogue(call):
    _container()
    return catalogue.staff_view(call.caller.bureau)


@json_route(bp, "/api/staff/services", methods=["PUT"], auth="staff", body=STAFF_ITEMS, tags=("staff",),
            summary="保存本局的律师服务目录：改名、设限价、停用或新增项目（项目不能删除）")
def save_catalogue(call):
    container = _container()
    return catalogue.save(call.caller, call.body, container.clock.now(), commit=effects.commit)


def _page_bureau():
    return page_bureau.current(services().settings)


@page_route(bp, "/h5/lawyers")
def directory_page(caller):
    bureau = _page_bureau()
    query = dict(bp.current_request.query_params or {})
    return html("lawyers.html.j2", listing=listing.directory(bureau, query, _reads()),
                options=listing.filters(bureau), response_text=response_text,
                stars_rule=stars_rule())


@page_route(bp, "/h5/lawyers/{lawyer_id}")
def profile_page(caller, lawyer_id):
    return html("lawyer_profile.html.j2", lawyer=listing.profile(_page_bureau(), lawyer_id, _reads()),
                response_text=response_text, stars_rule=stars_rule())


@page_route(bp, "/h5/lawyer/services", roles="lawyer")
def my_services_page(caller):
    me, bureau, container = own_profile(caller)
    return html("lawyer_services.html.j2", mine=offerings.mine(me, bureau), me=me,
                photo_url=portrait.url(me, presigner(container)), photo_types=portrait.TYPES,
                max_includes=offerings.MAX_INCLUDES)


@page_route(bp, "/h5/staff/services", roles="staff")
def staff_catalogue_page(caller):
    return html("staff_services.html.j2", listing=catalogue.staff_view(caller.bureau),
                max_items=catalogue.MAX_ITEMS, max_cap=catalogue.MAX_CAP, max_name=catalogue.MAX_NAME)
