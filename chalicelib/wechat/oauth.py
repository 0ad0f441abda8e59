"""WeChat web OAuth (`snsapi_base`) on the wire: the authorize URL and the exchange of a code for an
openid. Says what WeChat answered (an openid, a refusal, or nothing usable); what a person is then
told, and whether they are signed in, is decided outside (auth/oauth.py)."""
import json
import re
import urllib.error
import urllib.request
from urllib.parse import quote, urlencode

AUTHORIZE_URL = "https://open.weixin.qq.com/connect/oauth2/authorize"
EXCHANGE_TIMEOUT = 3  # seconds; WeChat codes expire after 5 minutes anyway
_CODE = re.compile(r"[A-Za-z0-9_-]{1,128}")
_OPENID = re.compile(r"[A-Za-z0-9_-]{1,64}")


class OAuthRefused(Exception):
    """No openid for this code: `reason` is bad_code, errcode or bad_openid; `errcode` WeChat's."""

    def __init__(self, reason, errcode=None):
        super().__init__(reason)
        self.reason, self.errcode = reason, errcode


class OAuthUnavailable(Exception):
    """WeChat was down, slow, or answered something that is not its JSON; `error` names what."""

    def __init__(self, error):
        super().__init__(error)
        self.error = error


def authorize_url(appid, redirect_uri, state):
    # WeChat checks the parameter order and requires the #wechat_redirect fragment.
    return (f"{AUTHORIZE_URL}?appid={quote(appid, safe='')}&redirect_uri={quote(redirect_uri, safe='')}"
            f"&response_type=code&scope=snsapi_base&state={state}#wechat_redirect")


def exchange_code(code, *, api_base, appid, secret, timeout=EXCHANGE_TIMEOUT,
                  urlopen=urllib.request.urlopen):
    """The openid WeChat gives for an OAuth `code`, or OAuthRefused / OAuthUnavailable. Never puts
    the code or the secret in an exception."""
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        raise OAuthRefused("bad_code")
    query = urlencode({"appid": appid, "secret": secret, "code": code,
                       "grant_type": "authorization_code"})
    try:
        with urlopen(f"{api_base}/sns/oauth2/access_token?{query}", timeout=timeout) as response:
            body = json.loads(response.read(65536))
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise OAuthUnavailable(type(exc).__name__) from None
    if not isinstance(body, dict):
        raise OAuthUnavailable("not_an_object")
    if body.get("errcode"):
        raise OAuthRefused("errcode", body.get("errcode"))
    openid = body.get("openid")
    if not isinstance(openid, str) or not _OPENID.fullmatch(openid):
        raise OAuthRefused("bad_openid")
    return openid
