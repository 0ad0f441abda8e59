"""Authentication at the edge: who is calling (a signed session), and may they call this route.

`chalicelib.web.edge.json_route(..., auth=...)` calls `authenticate(request, roles)`. A token comes
as `Authorization: Bearer <token>` (JSON clients) or in the HttpOnly session cookie (H5 pages).
"""
from chalicelib.auth import cookies, sessions
from chalicelib.auth.caller import ROLES, Caller
from chalicelib.errors import Forbidden, Unauthorized
from chalicelib.wiring import services

__all__ = ["Caller", "ROLES", "authenticate", "sign_in", "token_from"]


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


def authenticate(request, roles):
    """The Caller behind `request`: 401 without a live session, 403 when its role is not admitted."""
    container = services()
    token = token_from(request)
    if not token:
        raise Unauthorized("请先登录", code="unauthorized")
    container.table()
    caller = sessions.verify(token, settings=container.settings, clock=container.clock)
    if not permits(caller, roles):
        raise Forbidden("没有权限进行此操作", code="forbidden")
    return caller


def sign_in(identity, *, settings, clock):
    """Start a session for `identity`: returns (body for the client, Set-Cookie header for pages)."""
    token, caller, max_age = sessions.issue(identity, settings=settings, clock=clock)
    body = {"token": token, "role": caller.role, "expires_in": max_age}
    body.update({name: getattr(caller, name) for name in ("lawyer_id", "staff_id", "bureau", "account")
                 if getattr(caller, name)})
    return body, cookies.set_cookie(cookies.SESSION, token, settings=settings, max_age=max_age)
