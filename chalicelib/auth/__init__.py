"""Authentication at the edge: who is calling (a signed session), and may they call this route.

`chalicelib.web.edge.json_route(..., auth=...)` and `pages_common.page_route` call
`authenticate(request, roles, route)`. A token comes as `Authorization: Bearer <token>` (JSON
clients) or in the HttpOnly session cookie (H5 pages). A staff caller on a staff route must also hold
one of the staff roles the one table (chalicelib/auth/permissions.py) gives that route.
"""
from chalicelib.auth import cookies, permissions, sessions
from chalicelib.auth.caller import ROLES, Caller
from chalicelib.errors import Forbidden, Unauthorized
from chalicelib.wiring import services

__all__ = ["Caller", "ROLES", "RoleForbidden", "authenticate", "check_staff_role", "permissions", "sign_in",
           "token_from"]


def token_from(request):
    """The session token a request carries: a Bearer header wins over the cookie."""
    headers = request.headers or {}
    scheme, _, value = (headers.get("authorization") or "").strip().partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return cookies.read_cookie(headers, cookies.SESSION)


def permits(caller, roles):
    """Whether `caller` may use a route open to `roles` ("any", one role, or several)."""
    if roles == "any":
        return True
    wanted = (roles,) if isinstance(roles, str) else tuple(roles)
    return any(caller.acts_as(role) for role in wanted)


class RoleForbidden(Forbidden):
    """A staff member whose roles do not open this staff route."""
    code = "staff_role_forbidden"


def check_staff_role(caller, roles, route):
    """403 when `caller` reaches `route` (METHOD, path) as staff without a role that opens it."""
    admits_staff = "staff" in ((roles,) if isinstance(roles, str) else tuple(roles))
    if route is None or caller.role != "staff" or not admits_staff:
        return
    method, path = route
    if not permissions.permits(method, path, caller.staff_roles):
        raise RoleForbidden(f"您的岗位没有此项权限（需要：{permissions.needed_text(method, path)}），"
                            "如需开通请联系本局管理员")


def authenticate(request, roles, route=None):
    """The Caller behind `request`: 401 without a live session, 403 when its role is not admitted
    (or, on a staff `route` (METHOD, path), when none of its staff roles opens it)."""
    container = services()
    token = token_from(request)
    if not token:
        raise Unauthorized("请先登录", code="unauthorized")
    container.table()
    caller = sessions.verify(token, settings=container.settings, clock=container.clock)
    if not permits(caller, roles):
        raise Forbidden("没有权限进行此操作", code="forbidden")
    check_staff_role(caller, roles, route)
    return caller


def sign_in(identity, *, settings, clock):
    """Start a session for `identity`: returns (body for the client, Set-Cookie header for pages)."""
    token, caller, max_age = sessions.issue(identity, settings=settings, clock=clock)
    body = {"token": token, "role": caller.role, "expires_in": max_age}
    body.update({name: getattr(caller, name) for name in ("lawyer_id", "staff_id", "bureau", "account")
                 if getattr(caller, name)})
    if caller.staff_roles:
        body["staff_roles"] = list(caller.staff_roles)
    return body, cookies.set_cookie(cookies.SESSION, token, settings=settings, max_age=max_age)
