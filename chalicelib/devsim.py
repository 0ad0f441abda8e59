"""The local WeChat simulator (/dev/wechat): WeChat's side of a push (wechat/simulator.py: the XML
for a user's action, signed and in safe mode encrypted as WeChat does), posted to our own callback,
and the passive reply read the way WeChat's servers would. Also reads what the local WeChat API
stand-in received for a user. Local-stage tooling: nothing on a deployed stage calls this.
"""
import functools
import json
import time
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urlencode
from urllib.request import ProxyHandler, Request, build_opener

from chalicelib.errors import DomainError
from chalicelib.paths import runtime_dir
from chalicelib.wechat.simulator import ACCOUNT, Push, message_xml, read_reply, seal_push

__all__ = ["ACCOUNT", "KINDS", "Push", "Unreachable", "menu", "message_xml", "notifications", "post",
           "read_reply", "seal_push", "seeded_lawyers", "simulate", "summary"]

KINDS = ("text", "click", "subscribe", "unsubscribe", "image", "voice")
TIMEOUT = 5.0  # WeChat gives up on a callback after 5 s, and so do we
MENU_PLACEHOLDER = "{PUBLIC_BASE_URL}"
CHANNELS = {"/cgi-bin/message/template/send": "template",
            "/cgi-bin/message/subscribe/bizsend": "subscribe",
            "/cgi-bin/message/subscribe/send": "subscribe",
            "/cgi-bin/message/custom/send": "custom"}
# Our own app and its stand-in are on this machine or behind PUBLIC_BASE_URL: never via a proxy.
_direct = build_opener(ProxyHandler({})).open


class Unreachable(DomainError):
    status, code = 502, "upstream_unreachable"


def post(url, push, *, timeout=TIMEOUT, opener=_direct):
    """POST `push` to the callback at `url`: (HTTP status, body text, milliseconds)."""
    request = Request(f"{url}?{urlencode(push.query)}", data=push.body.encode("utf-8"), method="POST",
                      headers={"Content-Type": "text/xml; charset=utf-8"})
    started = time.perf_counter()
    try:
        with opener(request, timeout=timeout) as response:
            status, raw = response.status, response.read()
    except HTTPError as error:
        status, raw = error.code, error.read()
    except (URLError, OSError) as error:
        raise Unreachable(f"无法连接公众号回调地址 {url}：{getattr(error, 'reason', error)}")
    return status, raw.decode("utf-8", "replace"), round((time.perf_counter() - started) * 1000, 1)


def simulate(kind, openid, *, settings, now_ts, nonce, msg_id, content="", key="", send=post):
    """One user action through the real callback at PUBLIC_BASE_URL/wechat, as WeChat delivers it."""
    xml = message_xml(kind, openid, create_time=now_ts, msg_id=msg_id, content=content, key=key)
    push = seal_push(xml, token=settings.wechat_token, aes_key=settings.wechat_encoding_aes_key,
                     appid=settings.wechat_appid, openid=openid, timestamp=now_ts, nonce=nonce)
    status, body, ms = send(f"{settings.public_base_url}/wechat", push)
    reply = read_reply(status, body, push=push, token=settings.wechat_token,
                       aes_key=settings.wechat_encoding_aes_key, appid=settings.wechat_appid)
    return {"mode": "safe" if push.encrypted else "plaintext", "status": status, "ms": ms,
            "sent": {"query": push.query, "xml": xml, "body": push.body}, "received": body[:8000],
            "reply": reply}


def notifications(api_base, openid, *, accounts=None, timeout=TIMEOUT, opener=_direct):
    """What the WeChat API stand-in received for `openid`, newest first, without access tokens;
    `accounts` ({appid: account}) names the Official Account that sent each."""
    url = f"{api_base}/_records?touser={quote(openid, safe='')}"
    try:
        with opener(Request(url), timeout=timeout) as response:
            records = json.loads(response.read().decode("utf-8"))
    except (URLError, OSError, ValueError) as error:
        raise Unreachable(
            f"无法读取微信接口替身的记录（{api_base}）：{getattr(error, 'reason', error)}")
    return [dict(summary(r), account=(accounts or {}).get(r.get("appid")))
            for r in reversed(records) if r.get("path") in CHANNELS]


def summary(record):
    body, answer = record.get("json") or {}, record.get("answer")
    ok = isinstance(answer, dict) and answer.get("errcode", 0) == 0
    data = {name: (value.get("value") if isinstance(value, dict) else value)
            for name, value in (body.get("data") or {}).items()}
    return {"time": record.get("time"), "channel": CHANNELS[record["path"]],
            "template": body.get("template_id"), "url": body.get("url") or body.get("page"),
            "data": data, "text": (body.get("text") or {}).get("content"), "ok": ok,
            "error": None if ok else (answer.get("errmsg") if isinstance(answer, dict) else str(answer))}


def menu(public_base_url):
    """The custom menu of infra/wechat-menu.json with its links on this stage ([] without it)."""
    path = runtime_dir("infra") / "wechat-menu.json"
    if not path.is_file():
        return []
    text = path.read_text("utf-8").replace(MENU_PLACEHOLDER, public_base_url.rstrip("/"))
    return json.loads(text).get("button", [])


@functools.lru_cache(maxsize=1)
def seeded_lawyers():
    """The hand-named 信丰 lawyers of the seeds (the bureau's county: first in line for dispatch) as
    {name, firm, openid}. Only a checkout has seeds/, so a packaged app offers none."""
    try:
        from seeds.lawyers import XINFENG, generate
    except ImportError:
        return ()
    named = generate(len(XINFENG["lawyers"]))
    return tuple({"name": x["name"], "firm": x["firm"], "openid": x["openid"]} for x in named)
