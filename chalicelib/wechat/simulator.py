"""WeChat's side of a push, for the local simulator (/dev/wechat) and tests: the XML WeChat sends
for a user's action, signed — and in safe mode encrypted — as WeChat does, and a passive reply read
and checked the way WeChat's servers read it. Lives here so that no module outside wechat/ spells
WeChat's field names.
"""
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass

from . import crypto
from .errors import WeChatRejected
from .xmlmsg import cdata, parse_message

ACCOUNT = "gh_zhangshangtong"  # the account's original id: WeChat puts it in ToUserName


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


def _broken(problem):
    return {"type": "broken", "reason": problem}
