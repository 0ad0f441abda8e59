"""Short-lived signed sessions: a token the caller holds, and a Session item that says it is live.

A token is `<payload>.<signature>`, both base64url: the payload is compact JSON (session id, role,
subject, expiry, the bureau a citizen or staff member acts in, the Official Account the openid
belongs to, and a staff member's roles) and the signature is HMAC-SHA256
over the payload text with SESSION_SECRET. The signature and expiry are checked without I/O; then one consistent read of the Session item, so that
sign-out, a role change and unsubscribe take effect at once rather than when the token expires.
"""
import base64
import binascii
import hashlib
import hmac
import json
import re
import secrets
from datetime import timedelta

from chalicelib.auth.caller import ROLES, Caller
from chalicelib.clock import iso
from chalicelib.db import identity as db
from chalicelib.errors import Unauthorized
from chalicelib.settings import LOCAL_DEFAULTS

_TOKEN = re.compile(r"[A-Za-z0-9_-]{8,900}\.[A-Za-z0-9_-]{43}")
_DOMAIN = b"zst-session-v1."  # a key used for anything else cannot produce a session signature
MIN_SECRET = 32


def _b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def signing_key(settings):
    """The HMAC key. Outside the local stage a short or default secret is a deployment error: fail
    closed rather than sign sessions anyone who read this repository could forge."""
    secret = settings.session_secret or ""
    if not settings.is_local and (len(secret) < MIN_SECRET or secret == LOCAL_DEFAULTS["SESSION_SECRET"]):
        raise RuntimeError(f"SESSION_SECRET must be at least {MIN_SECRET} random characters")
    return secret.encode("utf-8")


def _signature(key, payload_text):
    return _b64(hmac.new(key, _DOMAIN + payload_text.encode("ascii"), hashlib.sha256).digest())


def sign(claims, key):
    payload = _b64(json.dumps(claims, separators=(",", ":"), sort_keys=True).encode("utf-8"))
    return f"{payload}.{_signature(key, payload)}"


def read(token, key, now):
    """The claims of a token signed with `key` and unexpired at `now`; Unauthorized otherwise."""
    invalid = Unauthorized("登录凭证无效，请重新登录", code="invalid_token")
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        raise invalid
    payload, signature = token.split(".")
    # Compare the signature's text, not its decoded bytes: base64 decoders forgive stray characters.
    if not hmac.compare_digest(signature, _signature(key, payload)):
        raise invalid
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (binascii.Error, ValueError):
        raise invalid
    if not (isinstance(claims, dict) and isinstance(claims.get("exp"), int)
            and isinstance(claims.get("sid"), str) and claims.get("r") in ROLES
            and isinstance(claims.get("sub"), str)
            and isinstance(claims.get("b", ""), str) and isinstance(claims.get("a", ""), str)
            and isinstance(claims.get("sr", []), list)):
        raise invalid
    if claims["exp"] <= int(now.timestamp()):
        raise Unauthorized("登录已过期，请重新登录", code="session_expired")
    return claims


def bureau_for(role, bureau, settings):
    """The bureau a session acts in: a lawyer's is none (they serve every bureau of their counties);
    a citizen's or staff member's defaults to the default bureau (sessions from before issue 10)."""
    return None if role == "lawyer" else (bureau or settings.default_bureau)


def account_for(role, account, bureau, settings):
    """The Official Account a session's openid belongs to: the one it names; otherwise its bureau's
    (a citizen or staff member) or the default bureau's (a lawyer bound before the lawyers' account,
    and sessions from before it was recorded)."""
    return account or (None if role == "lawyer" else bureau) or settings.default_bureau


def issue(identity, *, settings, clock):
    """Start a session for `identity` (a Caller without session); returns (token, Caller, max_age)."""
    now = clock.now()
    ttl = settings.session_ttl
    expires = now + timedelta(seconds=ttl)
    sid = secrets.token_hex(16)
    bureau = bureau_for(identity.role, identity.bureau, settings)
    account = account_for(identity.role, identity.account, bureau, settings)
    staff_roles = sorted(identity.staff_roles or ()) if identity.role == "staff" else []
    db.new_session(sid=sid, role=identity.role, subject=identity.id, openid=identity.openid,
                   lawyer_id=identity.lawyer_id, staff_id=identity.staff_id, bureau=bureau,
                   account=account, staff_roles=staff_roles or None, created_at=iso(now),
                   expires_at=expires)
    claims = {"sid": sid, "r": identity.role, "sub": identity.id, "exp": int(expires.timestamp()),
              "a": account}
    if bureau:
        claims["b"] = bureau
    if staff_roles:
        claims["sr"] = staff_roles
    caller = Caller(identity.role, identity.id, identity.openid, identity.lawyer_id,
                    identity.staff_id, sid, bureau, account, tuple(staff_roles))
    return sign(claims, signing_key(settings)), caller, ttl


def verify(token, *, settings, clock):
    """The Caller a token speaks for, if its signature holds, it has not expired and its session
    has not been ended."""
    now = clock.now()
    claims = read(token, signing_key(settings), now)
    session = db.session(claims["sid"])
    if session is None:
        raise Unauthorized("登录已失效，请重新登录", code="session_revoked")
    if session.expires_at is None or session.expires_at <= now:
        raise Unauthorized("登录已过期，请重新登录", code="session_expired")
    if (session.role != claims["r"] or session.subject != claims["sub"]
            or session.bureau != claims.get("b") or session.account != claims.get("a")
            or list(session.staff_roles or []) != claims.get("sr", [])):
        raise Unauthorized("登录凭证无效，请重新登录", code="invalid_token")
    bureau = bureau_for(session.role, session.bureau, settings)
    return Caller(session.role, session.subject, session.openid, session.lawyer_id,
                  session.staff_id, session.sid, bureau,
                  account_for(session.role, session.account, bureau, settings),
                  tuple(session.staff_roles or ()))


def revoke(session_id):
    """End one session (sign-out). Ending one that is already gone is not an error."""
    db.end_session(session_id)


def revoke_all_for_staff(staff_id, openid=None):
    """End every session of a staff member (a change of roles takes effect at once): those listed
    under their openid, and those under their staff id (an account without an openid)."""
    return db.end_sessions_of_staff(staff_id, openid)


def revoke_all_for_openid(openid):
    """End every session of a WeChat user, whatever role it carries (unsubscribe, rebinding)."""
    return db.end_sessions_of_openid(openid)
