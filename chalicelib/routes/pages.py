"""H5 pages (citizen home, services, application form and status page, staff console) and /static/.

A page is an HTML shell rendered from the service catalog; everything a person does goes through the
JSON routes, called by `static/js/*.js` with the session cookie. Pages that need a signed-in caller
send a stranger to WeChat sign-in (on the local stage: a local sign-in form) and come back.
"""
import functools
import logging
from urllib.parse import quote, unquote, urlencode

from chalice import Blueprint, Response

from chalicelib import catalog
from chalicelib.auth import authenticate
from chalicelib.auth.cookies import base_path
from chalicelib.db import queries
from chalicelib.errors import DomainError, Forbidden, NotFound, Unauthorized
from chalicelib.logs import log
from chalicelib.render import render
from chalicelib.web import static_files
from chalicelib.wiring import services

bp = Blueprint(__name__)

# Scripts and styles only from this app; uploads go to the bucket (another origin) and staff open
# materials through presigned links, so connections and images may leave it.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: https: http:; "
        "connect-src 'self' https: http:; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'self'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # presigned URLs never leak through a Referer
}
QUEUE_TABS = (("submitted", "待审查"), ("resubmitted", "已补充"), ("supplement_requested", "待补充"),
              ("accepted", "已受理"), ("scheduled", "已预约"), ("completed", "已办结"),
              ("rejected", "不予受理"), ("withdrawn", "已撤回"))


def _html(template, status=200, **context):
    settings = services().settings
    base = base_path(settings)
    body = render(f"h5/{template}", base=base, is_local=settings.is_local,
                  asset=lambda name: static_files.url(name, base), **context)
    return Response(body=body, status_code=status, headers={
        "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", **SECURITY_HEADERS})


def _message(status, title, message):
    return _html("message.html.j2", status, title=title, message=message)


def _sign_in(roles, here):
    settings = services().settings
    if not settings.is_local:
        location = f"{base_path(settings)}/auth/wechat/start?next={quote(here, safe='')}"
        return Response(body="", status_code=302, headers={"Location": location,
                                                           "Cache-Control": "no-store"})
    role = "staff" if roles == "staff" else "citizen"
    return _html("signin.html.j2", 401, title="请先登录", role=role, next_path=here)


def page(path, roles=None):
    """Register a GET page. With `roles`, only a signed-in caller of those roles sees it."""
    def decorate(handler):
        @functools.wraps(handler)
        def view(**params):
            request = bp.current_request
            params = {name: unquote(value) for name, value in params.items()}
            query = request.query_params or {}
            here = path.format(**{k: quote(v, safe="") for k, v in params.items()})
            here += f"?{urlencode(query)}" if query else ""
            try:
                caller = authenticate(request, roles) if roles else None
                return handler(caller, **params)
            except Unauthorized:
                return _sign_in(roles, here)
            except Forbidden:
                return _message(403, "没有权限", "此页面仅供司法局工作人员使用。" if roles == "staff"
                                else "请用本人微信打开此页面办理。")
            except NotFound as exc:
                return _message(404, "没有找到", exc.message)
            except DomainError as exc:
                return _message(exc.status, "无法打开页面", exc.message)
            except Exception:  # a bug: say so politely, leak nothing
                log("page_error", logging.ERROR, exc_info=True, route=path)
                return _message(500, "服务暂时不可用", "请稍后再试。")

        bp.route(path, methods=["GET"])(view)
        return view
    return decorate


def _types():
    services().table()
    return catalog.list_application_types(queries.service_types)


@page("/h5")
def home(caller):
    return _html("home.html.j2", types=_types())


@page("/h5/services")
def service_list(caller):
    return _html("services.html.j2", types=_types())


@page("/h5/apply/{service_type}", roles="citizen")
def apply(caller, service_type):
    spec = next((t for t in _types() if t["type"] == service_type), None)
    if spec is None:
        raise NotFound("没有这项办事服务，请从服务列表中选择。", code="unknown_service_type")
    return _html("apply.html.j2", service=spec)


@page("/h5/applications/{application_id}", roles="citizen")
def application(caller, application_id):
    return _html("application.html.j2", application_id=application_id, types=_types())


@page("/h5/staff", roles="staff")
def staff_console(caller):
    return _html("staff.html.j2", tabs=QUEUE_TABS)


@page("/h5/staff/applications/{application_id}", roles="staff")
def staff_application(caller, application_id):
    return _html("staff_application.html.j2", application_id=application_id, types=_types())


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
