"""The WeChat Official Account API client: one shared access token, template / subscribe /
customer-service sends, the menu, temporary media downloads.

stdlib urllib only: `requests` would add ~130 ms to every cold start. The token lives in a store the
caller passes in (the table, in production), so every function instance shares one token and only
the holder of the store's lease asks WeChat for a new one. The store's contract:
`get()` → {"token", "expires_at", "lease_until", "forced_at"} or None; `lease(now, until, expected)`
→ True when no unexpired lease is held and the stored token is still `expected` (None: no token);
`save(token, expires_at, forced_at=None)` stores a new token and ends the lease; the optional
`release(until)` ends the caller's lease (the one ending at `until`) after a failed refresh.
"""
import http.client
import json
import logging
import time
from datetime import timedelta
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from chalicelib.logs import log

TOKEN_MARGIN = timedelta(minutes=5)  # refresh this long before expiry (WeChat overlaps old and new 5 min)
REFRESH_LEASE = timedelta(seconds=10)
FORCE_SPACING = timedelta(seconds=30)  # stable_token: a forced refresh at most once per 30 s
INVALID_TOKEN = {40001, 42001}
TRANSIENT = {-1, 45009, 45011}  # system busy, API quota for now, API minute limit
NOT_FOLLOWING = 43004  # the user no longer follows the account

TEMPLATE_SEND = "/cgi-bin/message/template/send"
# An Official Account's 订阅通知 goes through bizsend; /subscribe/send is the Mini Program's API.
SUBSCRIBE_SEND = "/cgi-bin/message/subscribe/bizsend"
CUSTOM_SEND = "/cgi-bin/message/custom/send"
MASS_SEND = "/cgi-bin/message/mass/sendall"  # 群发 to every follower of the account (monthly quota)
MENU_CREATE = "/cgi-bin/menu/create"
STABLE_TOKEN = "/cgi-bin/stable_token"
PRIVATE_TEMPLATES = "/cgi-bin/template/get_all_private_template"  # template messages (GET)
SUBSCRIBE_TEMPLATES = "/wxaapi/newtmpl/gettemplate"  # the account's subscribe notifications (GET)
JSAPI_TICKET = "/cgi-bin/ticket/getticket"  # the JS-SDK's ticket (GET, type=jsapi)
MEDIA_GET = "/cgi-bin/media/get"  # temporary media (chat photos, voice): kept 3 days by WeChat
INVALID_MEDIA_ID = 40007


class ApiError(Exception):
    """WeChat answered with a non-zero errcode. Never carries the access token."""

    def __init__(self, errcode, errmsg=""):
        super().__init__(f"errcode {errcode}: {errmsg}")
        self.errcode, self.errmsg = errcode, errmsg

    @property
    def retryable(self):
        # A token refused even after a renewal is worth another try later; a wrong appid,
        # secret, template id or openid is not.
        return self.errcode in TRANSIENT or self.errcode in INVALID_TOKEN


class ApiUnavailable(ApiError):
    """No usable answer: refused, timed out, HTTP error or garbage. Whether a send that timed out
    reached the user is unknown; the caller retries."""

    def __init__(self, reason):
        super().__init__(None, reason)
        self.args = (f"unreachable: {reason}",)

    def __str__(self):
        return self.args[0]

    @property
    def retryable(self):
        return True


class WeChatAPI:
    def __init__(self, base, appid, secret, *, store, clock, timeout=3.0, sleep=time.sleep,
                 waits=10, wait_step=0.2, relay=None):
        self.base, self.appid, self.secret = base.rstrip("/"), appid, secret
        # The bureau's token relay (中控服务器, docs/egress.md): when set, new tokens come from it,
        # never from WeChat, whose token endpoint answers only whitelisted IPs.
        self.relay = relay
        self.store, self.clock, self.timeout = store, clock, timeout
        self._sleep, self._waits, self._wait_step = sleep, waits, wait_step
        self._cached = None  # this instance's copy of the stored token

    # -- sends ----------------------------------------------------------------------------------
    def send_template(self, openid, template_id, data, url=None):
        body = {"touser": openid, "template_id": template_id, "data": _fields(data)}
        if url:
            body["url"] = url
        return self._call(TEMPLATE_SEND, body)

    def send_subscribe(self, openid, template_id, data, page=None):
        """A subscribe notification (订阅通知); `page` is the web page it opens."""
        body = {"touser": openid, "template_id": template_id, "data": _fields(data)}
        if page:
            body["page"] = page
        return self._call(SUBSCRIBE_SEND, body)

    def send_custom(self, openid, msgtype, content):
        return self._call(CUSTOM_SEND, {"touser": openid, "msgtype": msgtype, msgtype: content})

    def send_text(self, openid, text):
        return self.send_custom(openid, "text", {"content": text})

    def mass_send_text(self, text):
        """A text mass-sent (群发) to every follower of this account; it spends the account's quota."""
        return self._call(MASS_SEND, {"filter": {"is_to_all": True}, "text": {"content": text},
                                      "msgtype": "text"})

    def menu_create(self, menu):
        return self._call(MENU_CREATE, menu)

    def private_templates(self):
        """The account's template-message templates: [{template_id, title, content, example…}]."""
        return self._call_get(PRIVATE_TEMPLATES).get("template_list") or []

    def subscribe_templates(self):
        """The account's subscribe-notification templates: [{priTmplId, title, content, type…}]."""
        return self._call_get(SUBSCRIBE_TEMPLATES).get("data") or []

    def jsapi_ticket(self):
        """{"ticket", "expires_in"}: what signs the JS-SDK configuration of a page (7200 s)."""
        return self._call_get(JSAPI_TICKET, type="jsapi")

    def media_get(self, media_id, max_bytes):
        """The bytes of a temporary media file. A body longer than `max_bytes` is cut at
        `max_bytes + 1` bytes, so the caller can refuse it without holding all of it."""
        token = self.access_token()
        try:
            return self._download(MEDIA_GET, {"media_id": media_id}, token, max_bytes)
        except ApiError as exc:
            if exc.errcode not in INVALID_TOKEN:
                raise
        return self._download(MEDIA_GET, {"media_id": media_id}, self._replace(token), max_bytes)

    # -- the token ------------------------------------------------------------------------------
    def access_token(self):
        now = self.clock.now()
        if _fresh(self._cached, now):
            return self._cached["token"]
        stored = self.store.get()
        if _fresh(stored, now):
            self._cached = stored
            return stored["token"]
        return self._renew(stored, force=False)

    def _call(self, path, body):
        token = self.access_token()
        try:
            return self._post(path, body, {"access_token": token})
        except ApiError as exc:
            if exc.errcode not in INVALID_TOKEN:
                raise
        return self._post(path, body, {"access_token": self._replace(token)})

    def _call_get(self, path, **query):
        token = self.access_token()
        try:
            return self._get(path, dict(query, access_token=token))
        except ApiError as exc:
            if exc.errcode not in INVALID_TOKEN:
                raise
        return self._get(path, dict(query, access_token=self._replace(token)))

    def _replace(self, rejected):
        """WeChat refused `rejected`: use a newer stored token, or renew once (forced if allowed)."""
        self._cached = None
        now, stored = self.clock.now(), self.store.get()
        if _valid(stored, now) and stored["token"] != rejected:
            return stored["token"]
        forced_at = (stored or {}).get("forced_at")
        force = not forced_at or now - forced_at >= FORCE_SPACING
        return self._renew(stored, force=force, rejected=rejected)

    def _renew(self, stored, *, force, rejected=None):
        now = self.clock.now()
        # The lease is taken only while the store still holds the token we found wanting, so a
        # caller that read the store just before someone else's renewal does not renew again.
        until = now + REFRESH_LEASE
        if self.store.lease(now, until, (stored or {}).get("token")):
            try:
                answer = self._new_token(force)
                if not answer.get("access_token"):
                    raise ApiUnavailable("stable_token answered without a token")
            except ApiError as exc:
                # The alarm on refresh failures counts this line (infra/alarms.py); 40164 means the
                # caller's IP is not on the account's whitelist (docs/egress.md).
                log("wechat_token_refresh_failed", logging.ERROR, appid=self.appid,
                    errcode=exc.errcode, reason=str(exc)[:200], relay=bool(self.relay))
                release = getattr(self.store, "release", None)  # optional: a lease also just expires
                if release:
                    release(until)  # the next caller may try at once
                raise
            token = {"token": answer["access_token"],
                     "expires_at": now + timedelta(seconds=int(answer.get("expires_in", 7200)))}
            self.store.save(token["token"], token["expires_at"], forced_at=now if force else None)
            self._cached = token
            return token["token"]
        # Someone else renewed or is renewing: take theirs, or a token still valid meanwhile.
        for attempt in range(self._waits + 1):
            if attempt:
                self._sleep(self._wait_step)
            current = self.store.get()
            if _valid(current, self.clock.now()) and current["token"] != rejected:
                if _fresh(current, self.clock.now()):
                    self._cached = current
                return current["token"]
        raise ApiUnavailable("access token is being refreshed elsewhere")

    def _new_token(self, force):
        if self.relay is not None:
            return self.relay.token(self.appid, force)
        return self._post(STABLE_TOKEN, {"grant_type": "client_credential", "appid": self.appid,
                                         "secret": self.secret, "force_refresh": force})

    # -- HTTP -----------------------------------------------------------------------------------
    def _download(self, path, query, token, max_bytes):
        url = self.base + path + "?" + urlencode(dict(query, access_token=token))
        try:
            with urlopen(Request(url, method="GET"), timeout=self.timeout) as response:
                kind = response.headers.get("Content-Type") or ""
                raw = response.read(max_bytes + 1)
        except HTTPError as exc:
            raise ApiUnavailable(f"HTTP {exc.code}") from None
        except (URLError, OSError, http.client.HTTPException) as exc:
            reason = getattr(exc, "reason", exc)
            raise ApiUnavailable(reason if isinstance(reason, str) else type(reason).__name__) from None
        # WeChat answers a refusal (40007 invalid media_id, 40001 …) with a JSON body and HTTP 200,
        # labelled text/plain or application/json; a file comes with its own type.
        if "json" in kind or "text/plain" in kind or raw[:1] == b"{":
            try:
                answer = json.loads(raw)
            except ValueError:
                raise ApiUnavailable("media answer is neither a file nor JSON") from None
            if isinstance(answer, dict) and answer.get("errcode"):
                raise ApiError(answer["errcode"], answer.get("errmsg", ""))
            raise ApiUnavailable("media answer is JSON without an error code")
        return raw

    def _get(self, path, query):
        return json_answer(Request(self.base + path + "?" + urlencode(query), method="GET"),
                           self.timeout)

    def _post(self, path, body, query=None):
        url = self.base + path + ("?" + urlencode(query) if query else "")
        # errors="replace": a lone surrogate stored in a question must not make every notice quoting
        # it fail until it is parked; WeChat shows "?" in its place.
        request = Request(url, data=json.dumps(body, ensure_ascii=False).encode("utf-8", errors="replace"),
                          method="POST", headers={"Content-Type": "application/json; charset=utf-8"})
        return json_answer(request, self.timeout)


def json_answer(request, timeout, what="answer", max_bytes=None):
    """The JSON object a WeChat-style endpoint answers `request` with: ApiUnavailable when there is
    no usable answer, ApiError when it carries a non-zero errcode."""
    try:
        with urlopen(request, timeout=timeout) as response:
            raw = response.read() if max_bytes is None else response.read(max_bytes)
    except HTTPError as exc:
        raise ApiUnavailable(f"HTTP {exc.code}") from None
    except (URLError, OSError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", exc)
        raise ApiUnavailable(reason if isinstance(reason, str) else type(reason).__name__) from None
    try:
        answer = json.loads(raw)
    except ValueError:
        raise ApiUnavailable(f"{what} is not JSON") from None
    if not isinstance(answer, dict):
        raise ApiUnavailable(f"{what} is not a JSON object")
    if answer.get("errcode"):
        raise ApiError(answer["errcode"], answer.get("errmsg", ""))
    return answer


def _fields(data):
    """Template data as WeChat wants it: {"key": {"value": "..."}}; plain values are wrapped."""
    return {k: v if isinstance(v, dict) else {"value": str(v)} for k, v in (data or {}).items()}


def _valid(stored, now):
    return bool(stored and stored.get("token") and stored.get("expires_at")
                and stored["expires_at"] > now)


def _fresh(stored, now):
    return _valid(stored, now) and stored["expires_at"] - TOKEN_MARGIN > now
