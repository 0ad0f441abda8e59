"""The staff role matrix (issue 11, docs/staff-roles.md): every staff route of /openapi.json and
every /h5/staff page, called by a staff member holding each role alone, answers exactly as the one
table (chalicelib/auth/permissions.py) says — allowed (anything but 403) or 403 in the contract's
error shape (JSON) or the 无权限 page (H5). A staff route missing from the table fails here, so the
next staff route cannot ship without deciding who may use it.

One app client and one table for the whole matrix: requests carry a dummy id for each path
parameter and an empty body, because the role is checked before parameters and body (edge.py), so
an allowed call answers 400/404/200 and a refused one 403."""
import json
import re

from chalice.test import Client

from chalicelib.auth import Caller, permissions, sign_in
from chalicelib.web import edge
from tests.functional.test_isolation_routes_complete import staff_routes

A = "360722"


def _concrete(path):
    return re.sub(r"{\w+}", "x1", path)


def _token(services, role):
    body, _ = sign_in(Caller("staff", f"matrix-{role}", staff_id=f"matrix-{role}", bureau=A,
                             staff_roles=(role,)), settings=services.settings, clock=services.clock)
    return body["token"]


def _content_type(method, path):
    """JSON, or the first file type of an upload route (a roster import takes the file itself)."""
    spec = next((s for s in edge.ROUTES if (s.method.upper(), s.path) == (method, path)), None)
    return spec.upload[0] if spec is not None and spec.upload else "application/json"


def _call(client, token, method, path):
    kind = _content_type(method, path)
    headers = {"authorization": f"Bearer {token}", "content-type": kind}
    kwargs = {}
    if method in ("POST", "PUT", "PATCH"):
        kwargs["body"] = b"" if kind != "application/json" else json.dumps({})
    return getattr(client.http, method.lower())(_concrete(path), headers=headers, **kwargs)


def test_every_staff_route_and_page_is_in_the_permissions_table():
    # Given every staff route the app declares, and the table's rows
    routes, rows = staff_routes(), set(permissions.TABLE)
    # Then each route has a row, and no row names a route that is gone
    assert not routes - rows, f"staff routes missing from chalicelib/auth/permissions.py: {sorted(routes - rows)}"
    assert not rows - routes, f"rows for routes that do not exist: {sorted(rows - routes)}"


def test_each_role_is_allowed_or_refused_on_each_staff_route_as_the_table_says(moto_table):
    # Given a staff member of bureau A for each role alone
    from app import app

    tokens = {role: _token(moto_table, role) for role in permissions.STAFF_ROLES}
    wrong = []
    with Client(app) as client:
        for method, path in sorted(staff_routes()):
            for role, token in tokens.items():
                # When they call the route
                response = _call(client, token, method, path)
                allowed = role in permissions.allowed_roles(method, path)
                # Then it is allowed (anything but 403) or refused with 403, as the table says
                if allowed and response.status_code == 403:
                    wrong.append((role, method, path, "refused", response.body[:120]))
                elif not allowed and not _refused(path, response):
                    wrong.append((role, method, path, "not refused", response.status_code))
    assert not wrong, "\n".join(map(str, wrong))


def _refused(path, response):
    """403 in the contract's shape (JSON), or the readable 无权限 page (H5)."""
    if response.status_code != 403:
        return False
    if path.startswith("/h5/"):
        page = response.body.decode("utf-8")
        return "无权限" in page and "您的岗位没有此项权限" in page
    error = json.loads(response.body)["error"]
    return error["code"] == "staff_role_forbidden" and "岗位" in error["message"]


def test_admin_opens_every_staff_route_and_every_role_opens_the_staff_home():
    # Given the table
    for method, path in staff_routes():
        # Then admin may use every staff route
        assert permissions.ADMIN in permissions.allowed_roles(method, path)
    # And every role lands on the staff home
    assert set(permissions.allowed_roles("GET", "/h5/staff")) == set(permissions.STAFF_ROLES)


def test_staff_management_is_for_admins_alone():
    for route in (("GET", "/api/staff/members"), ("PUT", "/api/staff/members/{staff_id}/roles"),
                  ("POST", "/api/staff/invites"), ("GET", "/h5/staff/members")):
        assert permissions.allowed_roles(*route) == {permissions.ADMIN}
