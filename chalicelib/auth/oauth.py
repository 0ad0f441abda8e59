"""WeChat web OAuth (`snsapi_base`): the state that ties a callback to the browser that started it,
the `next` page a person returns to, and the exchange of a code for an openid.

A state is single use (a conditional delete consumes it), lives 10 minutes, and is bound to the
browser by the hash of a nonce held in an HttpOnly cookie: a callback URL that leaks, or one an
attacker plants to sign a victim into the attacker's account, is refused.
"""
import hashlib
import hmac
import logging
import re
import secrets
import string
import urllib.request
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from chalicelib.clock import iso
from chalicelib.db import identity as db
from chalicelib.errors import DomainError, Unauthorized
from chalicelib.logs import log
from chalicelib.wechat import oauth as wechat_oauth
from chalicelib.wechat.oauth import authorize_url

STATE_ALPHABET = string.ascii_letters + string.digits  # WeChat accepts [a-zA-Z0-9] only
STATE_LENGTH = 32
STATE_TTL = timedelta(minutes=10)
DEFAULT_NEXT = "/h5/"
_STATE = re.compile(rf"[A-Za-z0-9]{{{STATE_LENGTH}}}")


class WeChatUnavailable(DomainError):
    status, code = 502, "wechat_unavailable"


@dataclass(frozen=True)
class SignInStart:
    state: str
    nonce: str  # goes into the browser's cookie; only its hash is stored
    authorize_url: str


def safe_next(value):
    """`value` if it is a path on this site, else the H5 home. Refuses `//host`, `/\\host`, schemes,
    and any control or non-ASCII character (browsers drop tabs and newlines, turning `/\\t/x` into
    `//x`)."""
    if not isinstance(value, str) or not 1 <= len(value) <= 1024:
        return DEFAULT_NEXT
    if not value.startswith("/") or value.startswith("//") or "\\" in value:
        return DEFAULT_NEXT
    if any(not 33 <= ord(ch) <= 126 for ch in value):
        return DEFAULT_NEXT
    parts = urlsplit(value)
    return DEFAULT_NEXT if parts.scheme or parts.netloc else value


def _hash(nonce):
    return hashlib.sha256(nonce.encode("utf-8")).hexdigest()


def new_state():
    return "".join(secrets.choice(STATE_ALPHABET) for _ in range(STATE_LENGTH))


def begin(next_path, *, appid, redirect_uri, clock, account=None):
    """Record a fresh state for this browser (and the Official Account `appid` is) and say where to
    send it."""
    now = clock.now()
    state, nonce = new_state(), secrets.token_urlsafe(32)
    db.new_oauth_state(state=state, nonce_hash=_hash(nonce), next_path=safe_next(next_path),
                       account=account, created_at=iso(now), expires_at=now + STATE_TTL)
    return SignInStart(state, nonce, authorize_url(appid, redirect_uri, state))


def consume_state(state, nonce, *, clock):
    """Use up `state` if this browser (its cookie `nonce`) started it; returns the `next` path."""
    return consume(state, nonce, clock=clock).next_path


def consume(state, nonce, *, clock):
    """Use up `state` if this browser (its cookie `nonce`) started it; returns the OAuthState (its
    `next_path`, and the `account` whose appid WeChat was asked with)."""
    refused = Unauthorized("登录请求无效或已过期，请重新进入", code="invalid_state")
    if not isinstance(state, str) or not _STATE.fullmatch(state):
        raise refused
    if not nonce:
        raise Unauthorized("登录请求无效，请在同一浏览器中重新进入", code="state_cookie_missing")
    record = db.oauth_state(state)
    if record is None:
        raise refused
    if record.expires_at is None or record.expires_at <= clock.now():
        raise refused
    if not hmac.compare_digest(record.nonce_hash, _hash(nonce)):
        raise Unauthorized("登录请求无效，请在同一浏览器中重新进入", code="state_mismatch")
    # two callbacks racing with one state: the delete's condition lets exactly one through
    if not db.use_oauth_state(record):
        raise refused
    return record


def exchange_code(code, *, api_base, appid, secret, timeout=wechat_oauth.EXCHANGE_TIMEOUT,
                  urlopen=urllib.request.urlopen):
    """The openid WeChat gives for an OAuth `code` (wechat/oauth.py). An errcode is a refusal (401);
    a WeChat that is down, slow or answers garbage is WeChatUnavailable (502). Never logs the code or
    the secret."""
    try:
        return wechat_oauth.exchange_code(code, api_base=api_base, appid=appid, secret=secret,
                                          timeout=timeout, urlopen=urlopen)
    except wechat_oauth.OAuthUnavailable as exc:
        if exc.error != "not_an_object":
            log("wechat_oauth_unavailable", logging.WARNING, error=exc.error)
        raise WeChatUnavailable("微信服务暂时不可用，请稍后再试")
    except wechat_oauth.OAuthRefused as exc:
        if exc.reason == "bad_code":
            raise Unauthorized("微信授权码无效，请重新进入", code="invalid_code")
        if exc.reason == "errcode":
            log("wechat_oauth_refused", logging.WARNING, errcode=exc.errcode)
        raise Unauthorized("微信授权失败，请重新进入", code="oauth_refused")
