"""The bureau's token relay (中控服务器): the one server allowed to ask WeChat for access tokens
(its IP is on the account's whitelist), which hands them to the platform. docs/egress.md explains
why; `WECHAT_TOKEN_RELAY_URL` turns it on (empty: the platform asks WeChat itself).

The protocol, kept to what any relay can offer:

    GET <relay url>?appid=<appid>[&force_refresh=1]
    Authorization: Bearer <WECHAT_TOKEN_RELAY_KEY>
    → 200 {"access_token": "...", "expires_in": 7200}      (WeChat's own answer shape)
    → {"errcode": n, "errmsg": "..."} when the relay or WeChat refused

`force_refresh=1` is asked only after WeChat refused the token the relay gave (40001/42001), at most
once per 30 s (api.FORCE_SPACING). The platform still keeps the token in its table and refreshes it
5 minutes before expiry, so the relay is asked about once every 115 minutes per account.
"""
import http.client
import json
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from chalicelib.wechat.api import ApiError, ApiUnavailable


class TokenRelay:
    def __init__(self, url, key="", timeout=3.0):
        self.url, self.key, self.timeout = url, key, timeout

    def token(self, appid, force=False):
        query = {"appid": appid, **({"force_refresh": "1"} if force else {})}
        headers = {"Accept": "application/json"}
        if self.key:
            headers["Authorization"] = f"Bearer {self.key}"
        separator = "&" if "?" in self.url else "?"
        request = Request(self.url + separator + urlencode(query), headers=headers, method="GET")
        try:
            with urlopen(request, timeout=self.timeout) as response:
                raw = response.read(64 * 1024)
        except HTTPError as exc:
            raise ApiUnavailable(f"token relay HTTP {exc.code}") from None
        except (URLError, OSError, http.client.HTTPException) as exc:
            reason = getattr(exc, "reason", exc)
            raise ApiUnavailable("token relay " + (reason if isinstance(reason, str)
                                                   else type(reason).__name__)) from None
        try:
            answer = json.loads(raw)
        except ValueError:
            raise ApiUnavailable("token relay answer is not JSON") from None
        if not isinstance(answer, dict):
            raise ApiUnavailable("token relay answer is not a JSON object")
        if answer.get("errcode"):
            raise ApiError(answer["errcode"], answer.get("errmsg", ""))
        return answer


def relay_for(settings):
    """The relay the settings name, or None (ask WeChat directly)."""
    url = getattr(settings, "wechat_token_relay_url", "")
    return TokenRelay(url, settings.wechat_token_relay_key) if url else None
