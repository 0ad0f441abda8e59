"""The isolation matrix covers every staff route (docs/decisions/many-bureaus.md §6 item 1, build
step 9): every route the OpenAPI document opens to staff and every `/h5/staff…` page must be in the
`COVERED` set of some `tests/functional/test_bureau_isolation*.py` module, so the next staff route
cannot skip isolation. Nothing is exempt except `PENDING` below, which only shrinks."""
import importlib
import pkgutil

import tests.functional as functional

# Areas other engineers are scoping right now (issue 10, steps 8 and 10; the payouts' and the
# dashboards' rows are in test_bureau_isolation_payouts.py and test_bureau_isolation_reports.py).
# Each entry leaves this set in the merge that brings its isolation rows; at the end of issue 10
# the set is empty.
PENDING = {
    # lawyers (step 10): binding codes and the lawyer directory follow `serves` (a lawyer who serves
    # none of the bureau's regions is a 404); lawyers are platform-wide until then
    ("POST", "/api/staff/binding-codes"),
    ("GET", "/api/staff/lawyer-search"),
    ("GET", "/api/staff/lawyers/{lawyer_id}"),
}


def staff_routes():
    """(METHOD, path) of every JSON route open to staff and every staff page."""
    from app import app
    from chalicelib.web.openapi import document

    found = {(method.upper(), path) for path, operations in document()["paths"].items()
             for method, operation in operations.items() if "staff" in operation.get("x-roles", [])}
    found |= {(method.upper(), path) for path, methods in app.routes.items()
              if path == "/h5/staff" or path.startswith("/h5/staff/") for method in methods}
    return found


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
