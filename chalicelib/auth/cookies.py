"""The two cookies of H5 sign-in: the session (pages) and the OAuth state binding (one round trip).

HttpOnly so page scripts cannot read a token, SameSite=Lax so a cross-site POST carries neither (the
OAuth callback is a top-level GET from WeChat, which Lax still admits), Secure except on a local stage
served over plain http.
"""
from urllib.parse import urlsplit

SESSION = "zst_session"
OAUTH_STATE = "zst_oauth"


def base_path(settings):
    """The path prefix the app is served under (an API Gateway stage such as /api), or ""."""
    return urlsplit(settings.public_base_url).path.rstrip("/")


def _secure(settings):
    return not (settings.is_local and settings.public_base_url.startswith("http://"))


def set_cookie(name, value, *, settings, max_age, path="/"):
    full_path = base_path(settings) + path
    attributes = [f"{name}={value}", f"Path={full_path.rstrip('/') or '/'}",
                  f"Max-Age={int(max_age)}", "HttpOnly", "SameSite=Lax"]
    if _secure(settings):
        attributes.append("Secure")
    return "; ".join(attributes)


def clear_cookie(name, *, settings, path="/"):
    return set_cookie(name, "", settings=settings, max_age=0, path=path)


def read_cookie(headers, name):
    """The value of cookie `name` from a request's headers, or None. Hand-parsed: SimpleCookie stops
    at the first malformed pair, which would let one odd cookie hide the session."""
    header = (headers or {}).get("cookie") or ""
    for pair in header.split(";"):
        key, sep, value = pair.strip().partition("=")
        if sep and key == name and value:
            return value.strip().strip('"')
    return None
