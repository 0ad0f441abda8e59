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
from urllib.parse import urlencode
from urllib.request import Request

from chalicelib.wechat.api import ApiUnavailable, json_answer


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
            return json_answer(request, self.timeout, "token relay answer", max_bytes=64 * 1024)
        except ApiUnavailable as exc:  # say where it failed: the relay, not WeChat
            raise ApiUnavailable(f"token relay: {exc.args[0].removeprefix('unreachable: ')}") from None


def relay_for(settings):
    """The relay the settings name, or None (ask WeChat directly)."""
    url = getattr(settings, "wechat_token_relay_url", "")
    return TokenRelay(url, settings.wechat_token_relay_key) if url else None
