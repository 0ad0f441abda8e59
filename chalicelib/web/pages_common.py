"""What every blueprint of H5 pages shares: the security headers, rendering a page shell, the polite
error page, and `page_route(bp, path, roles)` — a GET page that sends a stranger to sign-in (WeChat;
on the local stage a local form) and brings them back to the page they asked for.

A page is a shell: everything a person does goes through the JSON routes, from `static/js/`.
"""
import functools
import logging
from urllib.parse import quote, unquote, urlencode

from chalice import Response

from chalicelib.auth import RoleForbidden, authenticate, permissions
from chalicelib.auth.cookies import base_path
from chalicelib.errors import DomainError, Forbidden, NotFound, Unauthorized
from chalicelib.logs import log
from chalicelib.render import render
from chalicelib.web import page_bureau, static_files
from chalicelib.web.untrusted import check_request_text
from chalicelib.wiring import services

# Scripts and styles only from this app, and WeChat's JS-SDK from WeChat's own host (its open tags
# need it: static/js/subscribe.js); uploads go to the bucket (another origin) and staff open
# materials through presigned links, so connections and images may leave it.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self' https://res.wx.qq.com; style-src 'self'; "
        "img-src 'self' data: blob: https: http:; "
        "connect-src 'self' https: http:; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'self'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # presigned URLs never leak through a Referer
}
FORBIDDEN = {
    "staff": "此页面仅供司法局工作人员使用。",
    "lawyer": "此页面仅供已绑定微信的执业律师使用。请使用司法局发放的绑定码完成绑定后再打开。",
}
# Where a refused caller can go next: (path under the base, button text).
NEXT_STEP = {"lawyer": ("/h5/lawyer/bind", "输入绑定码")}
# The local sign-in form for each audience (the local stage has no WeChat to ask).
LOCAL_SIGN_IN = {"staff": ("signin.html.j2", "staff"), "lawyer": ("lawyer_signin.html.j2", "lawyer")}


def html(template, status=200, **context):
    settings = services().settings
    base = base_path(settings)
    context.setdefault("bureau", page_bureau.current(settings))
    body = render(f"h5/{template}", base=base, is_local=settings.is_local,
                  asset=lambda name: static_files.url(name, base), **context)
    return Response(body=body, status_code=status, headers={
        "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", **SECURITY_HEADERS})


def may(caller):
    """`may(path)`: whether `caller`'s staff roles open GET `path` (a page shows only those links
    and parts; the edge refuses the rest anyway)."""
    return lambda path: permissions.permits("GET", path, caller.staff_roles)


def message(status, title, text, next_step=None):
    return html("message.html.j2", status, title=title, message=text, next_step=next_step)


def sign_in(roles, here, request=None):
    settings = services().settings
    if not settings.is_local:
        location = f"{base_path(settings)}/auth/wechat/start?next={quote(here, safe='')}"
        return Response(body="", status_code=302, headers={"Location": location,
                                                           "Cache-Control": "no-store"})
    template, role = LOCAL_SIGN_IN.get(roles, ("signin.html.j2", "citizen"))
    # A citizen signs in at the bureau the page names (its account), as WeChat's sign-in would.
    bureau = page_bureau.named(request) if request is not None and role == "citizen" else None
    return html(template, 401, title="请先登录", role=role, next_path=here, sign_in_bureau=bureau,
                lawyers=_local_lawyers(settings) if role == "lawyer" else [],
                staff_roles=permissions.LABELS)


def _local_lawyers(settings):
    """[{name, firm, openid}] of the bureau county's lawyers, for the local lawyer sign-in."""
    from chalicelib.auth.roles import county_lawyers
    from chalicelib.db import queries

    services().table()
    codes = [c.code for c in queries.categories()]
    return [{"name": x.name, "firm": x.firm, "openid": x.openid}
            for x in county_lawyers(settings.bureau_county, codes)]


# path → roles of every page registered (the isolation matrix's completeness test reads it).
PAGE_ROLES = {}


def page_route(bp, path, roles=None):
    """Register a GET page on `bp`. With `roles`, only a signed-in caller of those roles sees it;
    the handler gets the Caller (or None) and the unquoted path parameters."""
    def decorate(handler):
        @functools.wraps(handler)
        def view(**params):
            request = bp.current_request
            page_bureau.reset()
            params = {name: unquote(value) for name, value in params.items()}
            query = request.query_params or {}
            try:
                check_request_text(params, query)  # before `here`: quote() cannot encode a surrogate
                here = path.format(**{k: quote(v, safe="") for k, v in params.items()})
                here += f"?{urlencode(query)}" if query else ""
                container = services()
                container.table()
                page_bureau.choose(request, None, container.settings, container.clock)
                caller = authenticate(request, roles, ("GET", path)) if roles else None
                if page_bureau.citizen_elsewhere(request, caller, roles, path, container.settings):
                    raise Unauthorized("请在该司法局的公众号登录", code="other_account")
                if caller is not None:
                    page_bureau.choose(request, caller, container.settings, container.clock)
                return handler(caller, **params)
            except Unauthorized:
                return sign_in(roles, here, request)
            except RoleForbidden as exc:  # staff, but not in a role this page is for
                return message(403, "无权限", exc.message, ("/h5/staff", "返回工作台"))
            except Forbidden:
                return message(403, "没有权限", FORBIDDEN.get(roles, "请用本人微信打开此页面办理。"),
                               NEXT_STEP.get(roles))
            except NotFound as exc:
                return message(404, "没有找到", exc.message)
            except DomainError as exc:
                return message(exc.status, "无法打开页面", exc.message)
            except Exception:  # a bug: say so politely, leak nothing
                log("page_error", logging.ERROR, exc_info=True, route=path)
                return message(500, "服务暂时不可用", "请稍后再试。")

        bp.route(path, methods=["GET"])(view)
        PAGE_ROLES[path] = roles
        return view
    return decorate
