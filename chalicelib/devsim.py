"""The local WeChat simulator's protocol side (/dev/wechat): build the XML WeChat pushes for a user's
action, sign it — and in safe mode encrypt it — exactly as WeChat does, post it to our own callback,
and read the passive reply the way WeChat's servers would. Also reads what the local WeChat API
stand-in received for a user. Local-stage tooling: nothing on a deployed stage calls this.
"""
import functools
import json
import time
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urlencode
from urllib.request import ProxyHandler, Request, build_opener

from chalicelib.errors import DomainError
from chalicelib.paths import runtime_dir
from chalicelib.wechat import WeChatRejected, cdata, crypto, parse_message

ACCOUNT = "gh_zhangshangtong"  # the account's original id: WeChat puts it in ToUserName
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


@dataclass(frozen=True)
class Push:
    """One POST as WeChat sends it: the signed query string and the body."""
    query: dict
    body: str
    encrypted: bool


def message_xml(kind, openid, *, create_time, msg_id, content="", key="", account=ACCOUNT):
    """The plaintext XML WeChat pushes when `openid` sends a message or triggers an event."""
    head = (f"<ToUserName>{cdata(account)}</ToUserName><FromUserName>{cdata(openid)}</FromUserName>"
            f"<CreateTime>{int(create_time)}</CreateTime>")
    if kind == "text":
        body = f"<MsgType>{cdata('text')}</MsgType><Content>{cdata(content)}</Content>"
    elif kind == "image":
        pic = content or f"http://mmbiz.qpic.cn/local/{msg_id}.jpg"
        body = (f"<MsgType>{cdata('image')}</MsgType><PicUrl>{cdata(pic)}</PicUrl>"
                f"<MediaId>{cdata(f'local-media-{msg_id}')}</MediaId>")
    elif kind == "voice":  # with 接收语音识别结果 on, WeChat adds the text it heard (`content` here)
        body = (f"<MsgType>{cdata('voice')}</MsgType><MediaId>{cdata(f'local-voice-{msg_id}')}</MediaId>"
                f"<Format>{cdata('amr')}</Format><Recognition>{cdata(content)}</Recognition>")
    elif kind == "click":
        body = (f"<MsgType>{cdata('event')}</MsgType><Event>{cdata('CLICK')}</Event>"
                f"<EventKey>{cdata(key)}</EventKey>")
    elif kind == "subscribe":  # a follow through a QR code carries the scene as qrscene_<scene>
        scene = f"<EventKey>{cdata('qrscene_' + key)}</EventKey>" if key else ""
        body = f"<MsgType>{cdata('event')}</MsgType><Event>{cdata('subscribe')}</Event>{scene}"
    elif kind == "unsubscribe":
        body = f"<MsgType>{cdata('event')}</MsgType><Event>{cdata('unsubscribe')}</Event>"
    else:
        raise ValueError(f"unknown kind {kind!r}")
    msg_id_field = f"<MsgId>{int(msg_id)}</MsgId>" if kind in ("text", "image", "voice") else ""
    return f"<xml>{head}{body}{msg_id_field}</xml>"


def seal_push(xml, *, token, aes_key, appid, openid, timestamp, nonce, random_prefix=None):
    """Sign `xml` as WeChat does; with an EncodingAESKey, encrypt it too (safe mode)."""
    timestamp = str(timestamp)
    query = {"signature": crypto.url_signature(token, timestamp, nonce), "timestamp": timestamp,
             "nonce": nonce, "openid": openid}
    if not aes_key:
        return Push(query, xml, False)
    sealed = crypto.encrypt(xml, key=aes_key, appid=appid, random_prefix=random_prefix)
    query.update(encrypt_type="aes", msg_signature=crypto.msg_signature(token, timestamp, nonce, sealed))
    body = f"<xml><ToUserName>{cdata(ACCOUNT)}</ToUserName><Encrypt>{cdata(sealed)}</Encrypt></xml>"
    return Push(query, body, True)


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


def read_reply(status, body, *, push, token, aes_key, appid):
    """The passive reply as the chat shows it, checked the way WeChat checks it."""
    if status != 200:
        return {"type": "refused", "status": status, "reason": body[:200]}
    if body.strip() in ("", "success"):
        return {"type": "none"}  # WeChat shows nothing and stops retrying
    try:
        fields = parse_message(body)
        if "Encrypt" in fields:
            if not push.encrypted:
                return _broken("明文推送收到了加密回复")
            crypto.verify(fields.get("MsgSignature"), token=token,
                          timestamp=fields.get("TimeStamp", ""), nonce=fields.get("Nonce", ""),
                          encrypt=fields["Encrypt"])
            body = crypto.decrypt(fields["Encrypt"], keys=[aes_key], appid=appid)
            fields = parse_message(body)
        elif push.encrypted:
            return _broken("安全模式下收到了未加密的回复")
    except WeChatRejected as rejected:
        return _broken(f"回复无法通过校验：{rejected.reason}")
    kind = fields.get("MsgType", "")
    if kind == "text":
        return {"type": "text", "content": fields.get("Content", ""), "xml": body}
    if kind == "news":  # parse_message has refused any DOCTYPE or entity, so ElementTree is safe here
        items = ElementTree.fromstring(body.encode("utf-8")).iter("item")
        return {"type": "news", "xml": body, "articles": [
            {"title": i.findtext("Title", ""), "description": i.findtext("Description", ""),
             "pic_url": i.findtext("PicUrl", ""), "url": i.findtext("Url", "")} for i in items]}
    return {"type": kind or "unknown", "xml": body}


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


def _broken(problem):
    return {"type": "broken", "reason": problem}


def notifications(api_base, openid, *, timeout=TIMEOUT, opener=_direct):
    """What the WeChat API stand-in received for `openid`, newest first, without access tokens."""
    url = f"{api_base}/_records?touser={quote(openid, safe='')}"
    try:
        with opener(Request(url), timeout=timeout) as response:
            records = json.loads(response.read().decode("utf-8"))
    except (URLError, OSError, ValueError) as error:
        raise Unreachable(
            f"无法读取微信接口替身的记录（{api_base}）：{getattr(error, 'reason', error)}")
    return [summary(r) for r in reversed(records) if r.get("path") in CHANNELS]


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
