"""Which bureau a page speaks for: its name and footer on every H5 page (issue 10, "its name and
look on the H5 pages").

In order: the signed-in caller's bureau; the page's `?bureau=` (the bureau's menu links carry it);
the bureau claim of the session cookie (its signature checked, no table read: a page only shows a
name from it); the default bureau. The choice is made once per request and read by `html()`.
"""
import contextvars
import re
import time

from chalicelib import bureaus
from chalicelib.auth import cookies, sessions

_CODE = re.compile(r"[0-9]{6}")
_current = contextvars.ContextVar("page_bureau", default=None)
PLATFORM = object()  # a lawyer's page: the lawyer serves every bureau of their counties, so none


def _from_cookie(headers, settings, clock):
    token = cookies.read_cookie(headers, cookies.SESSION)
    if not token:
        return None
    try:
        return sessions.read(token, sessions.signing_key(settings), clock.now()).get("b")
    except Exception:  # an unreadable or expired token names no bureau; the page still opens
        return None


def choose(request, caller, settings, clock):
    """The Bureau the page of `request` speaks for, remembered for this request; None on a signed-in
    lawyer's page, which speaks for the platform."""
    if getattr(caller, "role", None) == "lawyer":
        _current.set(PLATFORM)
        return None
    candidates = [getattr(caller, "bureau", None), (request.query_params or {}).get("bureau"),
                  _from_cookie(request.headers, settings, clock)]
    chosen = None
    for code in candidates:
        if isinstance(code, str) and _CODE.fullmatch(code):
            chosen = bureaus.cached_bureau(settings, code, time.monotonic())
            if chosen is not None and chosen.status != "suspended":
                break
            chosen = None
    chosen = chosen or bureaus.cached_bureau(settings, settings.default_bureau, time.monotonic())
    _current.set(chosen)
    return chosen


def named(request):
    """The bureau code a page's address names (`?bureau=`), when it is one's shape; else None."""
    code = (request.query_params or {}).get("bureau")
    return code if isinstance(code, str) and _CODE.fullmatch(code) else None


def citizen_elsewhere(request, caller, roles, path, settings):
    """Whether a citizen page that names a bureau (`?bureau=`) is opened with a session of another
    account (design §4: a bureau's page accepts a citizen session only from that bureau's account);
    such a caller is sent to the sign-in of the bureau the page names. Lawyers' pages (the lawyers'
    account) are not asked, nor callers using a page in a role of their own other than citizen."""
    wanted = (roles,) if isinstance(roles, str) else tuple(roles or ())
    code = named(request)
    if (caller is None or code is None or "citizen" not in wanted or path.startswith("/h5/lawyer")
            or (caller.role != "citizen" and caller.role in wanted)):
        return False
    if caller.account == code:
        return False
    # Only a live bureau's sign-in can run (its account answers); any other keeps the page as it is
    named_bureau = bureaus.cached_bureau(settings, code, time.monotonic())
    return named_bureau is not None and named_bureau.status == "live"


def current(settings):
    """The bureau chosen for this request (None for the platform's lawyer pages); the default bureau
    outside a page request."""
    chosen = _current.get()
    return None if chosen is PLATFORM else chosen or bureaus.synthesise(settings)


def reset():
    _current.set(None)
