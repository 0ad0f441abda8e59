"""The isolation matrix covers every staff route (docs/decisions/many-bureaus.md §6 item 1, build
step 9): every route the OpenAPI document opens to staff and every `/h5/staff…` page must be in the
`COVERED` set of some `tests/functional/test_bureau_isolation*.py` module, so the next staff route
cannot skip isolation. Nothing is exempt except `PENDING` below, which only shrinks."""
import importlib
import pkgutil

import tests.functional as functional
from chalicelib.web.pages_common import PAGE_ROLES

# Staff routes whose isolation rows have not landed yet. Empty since the lawyers' rows came
# (test_bureau_isolation_lawyers.py): every area's rows are in its own test_bureau_isolation_*.py
# (consultations, applications, payouts, reports, lawyers). A new staff route brings its rows.
PENDING = set()

# Routes neither in the OpenAPI document nor registered as pages: none can serve staff (callbacks
# checked by their account's signature, sign-in, static files, health, the local simulator, and the
# gateway's catch-all "unknown path" answers). A new bare route must be added here on purpose.
NOT_DOCUMENTED = {"/auth/wechat/callback", "/auth/wechat/start", "/dev/wechat", "/health",
                  "/health/sweep", "/openapi.json", "/static/{folder}/{name}", "/static/{name}",
                  "/wechat", "/wechat/{bureau}"}


def staff_routes():
    """(METHOD, path) of every JSON route open to staff and every staff page."""
    from app import app
    from chalicelib.web.openapi import document

    found = {(method.upper(), path) for path, operations in document()["paths"].items()
             for method, operation in operations.items() if "staff" in operation.get("x-roles", [])}
    found |= {(method.upper(), path) for path, methods in app.routes.items()
              if path == "/h5/staff" or path.startswith("/h5/staff/") for method in methods}
    found |= {("GET", path) for path, roles in PAGE_ROLES.items() if "staff" in _roles(roles)}
    return found


def _roles(roles):
    return (roles,) if isinstance(roles, str) else tuple(roles or ())


def covered():
    union = set()
    for module in pkgutil.iter_modules(functional.__path__):
        if module.name.startswith("test_bureau_isolation"):
            union |= getattr(importlib.import_module(f"tests.functional.{module.name}"), "COVERED")
    return union


def test_every_staff_route_has_its_isolation_rows():
    routes = staff_routes()
    # The document is read for real: the staff routes of every area are there
    assert ("GET", "/api/staff/stats") in routes and ("GET", "/h5/staff/duty") in routes
    missing = routes - covered() - PENDING
    assert not missing, f"staff routes without isolation rows (add them to a COVERED set): {sorted(missing)}"


def test_pending_names_only_routes_that_exist_and_are_not_yet_covered():
    # A route leaves PENDING when its rows land (or when the route goes): the set only shrinks
    assert PENDING <= staff_routes()
    assert not PENDING & covered(), sorted(PENDING & covered())


def test_every_route_is_documented_a_page_or_named_as_serving_no_staff():
    """A staff route added with a bare `bp.route` (outside json_route and page_route) would escape
    the matrix above: every route the app registers must be in the OpenAPI document or a page."""
    from app import app
    from chalicelib.web.openapi import document

    paths = document()["paths"]
    stray = sorted((method, path) for path, methods in app.routes.items() for method in methods
                   if method.lower() not in paths.get(path, {}) and path not in PAGE_ROLES
                   and path not in NOT_DOCUMENTED and not path.startswith("/{zst_p"))
    assert not stray, f"routes outside the OpenAPI document and the pages: {stray}"
    # And every page registers its roles, so a staff page outside /h5/staff is counted too
    assert PAGE_ROLES["/h5/staff/dashboard"] == "staff" and "/h5/consult" in PAGE_ROLES
