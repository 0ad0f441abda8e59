"""H5 pages (citizen home, services, application form and status page, staff console) and /static/.

A page is an HTML shell rendered from the service catalog; everything a person does goes through the
JSON routes, called by `static/js/*.js` with the session cookie. The page machinery (headers,
rendering, sign-in, error pages) is chalicelib/web/pages_common.py, shared with consult_pages.py.
"""
from urllib.parse import unquote

from chalice import Blueprint, Response

from chalicelib import catalog
from chalicelib.applications import offices
from chalicelib.auth import permissions
from chalicelib.db import followers, queries
from chalicelib.errors import NotFound
from chalicelib.web import page_bureau, static_files
from chalicelib.web.pages_common import html, may, page_route
from chalicelib.wiring import services

bp = Blueprint(__name__)

QUEUE_TABS = (("submitted", "待审查"), ("resubmitted", "已补充"), ("supplement_requested", "待补充"),
              ("accepted", "已受理"), ("scheduled", "已预约"), ("completed", "已办结"),
              ("rejected", "不予受理"), ("withdrawn", "已撤回"))


def page(path, roles=None):
    return page_route(bp, path, roles)


def _types(bureau=None):
    """The catalog, with `bureau`'s offices (a signed-in caller's bureau; else the page's)."""
    container = services()
    container.table()
    bureau = bureau or page_bureau.current(container.settings).code
    return catalog.list_application_types(
        queries.service_types, lambda types: offices.offices_of(bureau, types))


@page("/h5")
def home(caller):
    return html("home.html.j2", types=_types())


@page("/h5/services")
def service_list(caller):
    return html("services.html.j2", types=_types())


def _service(service_type):
    spec = next((t for t in _types() if t["type"] == service_type), None)
    if spec is None:
        raise NotFound("没有这项办事服务，请从服务列表中选择。", code="unknown_service_type")
    return spec


@page("/h5/services/{service_type}")
def service_detail(caller, service_type):
    """One service and what it needs (the WeChat menu and cards link here), with its apply button."""
    return html("services.html.j2", types=[_service(service_type)])


@page("/h5/apply/{service_type}", roles="citizen")
def apply(caller, service_type):
    return html("apply.html.j2", service=_service(service_type))


@page("/h5/applications/{application_id}", roles="citizen")
def application(caller, application_id):
    # Notices reach only a follower: anyone else is asked to follow, never promised a notice.
    return html("application.html.j2", application_id=application_id, types=_types(caller.bureau),
                follows=followers.follows(caller.openid))


@page("/h5/staff", roles="staff")
def staff_console(caller):
    """The staff home: the links and the review queue the caller's roles open (auth/permissions.py)."""
    return html("staff.html.j2", tabs=QUEUE_TABS, may=may(caller),
                role_names="、".join(permissions.LABELS[r] for r in permissions.STAFF_ROLES
                                     if r in permissions.effective(caller.staff_roles)))


@page("/h5/staff/applications/{application_id}", roles="staff")
def staff_application(caller, application_id):
    return html("staff_application.html.j2", application_id=application_id,
                types=_types(caller.bureau))


@page("/h5/staff/ops", roles="staff")
def staff_ops(caller):
    """Lawyer binding codes and parked notifications; the bind link is what the clerk sends a lawyer."""
    return html("staff_ops.html.j2", bind_url=services().settings.public_base_url + "/h5/lawyer/bind")


def _static(name):
    request = bp.current_request
    asset = static_files.load(unquote(name))
    if asset is None:
        return Response(body="Not Found", status_code=404, headers={
            "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"})
    headers = {"Content-Type": asset.content_type, "ETag": asset.etag,
               "Cache-Control": static_files.cache_control(asset, (request.query_params or {}).get("v")),
               "X-Content-Type-Options": "nosniff"}
    if (request.headers or {}).get("if-none-match") == asset.etag:
        return Response(body="", status_code=304, headers=headers)
    return Response(body=asset.body, status_code=200, headers=headers)


@bp.route("/static/{name}", methods=["GET"])
def static_file(name):
    return _static(name)


@bp.route("/static/{folder}/{name}", methods=["GET"])
def static_nested_file(folder, name):
    return _static(f"{folder}/{name}")
