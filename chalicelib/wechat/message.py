"""A pushed message as the rest of the code sees it: typed, with WeChat's field names left in here.

`read_message` is the only place that knows `FromUserName`, `MsgType`, `EventKey` and their kin;
the inbox, the routes and the dedupe record read a `Message`.
"""
from dataclasses import dataclass
from typing import Optional

SCENE_PREFIX = "qrscene_"  # a follow through a parametric QR code carries EventKey qrscene_<scene>


@dataclass(frozen=True)
class Media:
    """What WeChat hands over for a photo or a recording (fetchable for 3 days by media_id)."""
    media_id: Optional[str] = None
    pic_url: Optional[str] = None
    format: Optional[str] = None


@dataclass(frozen=True)
class Message:
    """One message or event pushed by WeChat.

    `kind` is the lower-cased message type (text, image, voice, event, …); `event` the lower-cased
    event (subscribe, unsubscribe, click, scan, …) or "" for messages; `account` the original id
    (gh_…) of the account it was sent to; `sender` the user's openid on that account; `text` what
    was typed, or for a voice message what WeChat heard (its speech recognition); `scene` the QR
    scene of a follow; `event_key` the menu key of a click; `dedupe_key` names this delivery's
    message or event so that WeChat's retries are handled once.
    """
    kind: str
    account: str = ""
    sender: str = ""
    text: str = ""
    media: Optional[Media] = None
    msg_id: Optional[str] = None
    event: str = ""
    event_key: Optional[str] = None
    scene: Optional[str] = None
    create_time: str = ""
    dedupe_key: str = ""
    wire_type: Optional[str] = None  # WeChat's own spelling of the type and event, for logs only
    wire_event: Optional[str] = None

    def log_fields(self):
        """What the logs say about this message (WeChat's spelling, as before the type existed)."""
        return {"msg_type": self.wire_type, "wechat_event": self.wire_event}


def _dedupe_key(fields):
    # MsgId for messages; FromUserName#CreateTime#Event for events, which carry no MsgId.
    if fields.get("MsgType") != "event" and fields.get("MsgId"):
        return fields["MsgId"]
    kind = fields.get("Event") or fields.get("MsgType") or ""
    return f"{fields.get('FromUserName', '')}#{fields.get('CreateTime', '')}#{kind}"


def read_message(fields):
    """The typed `Message` of a flat {tag: text} WeChat document (see xmlmsg.parse_message)."""
    kind = (fields.get("MsgType") or "").lower()
    event = (fields.get("Event") or "").lower() if kind == "event" else ""
    key = fields.get("EventKey") if kind == "event" else None
    scene = None
    if event == "subscribe":
        key_text = key or ""
        scene = key_text[len(SCENE_PREFIX):] if key_text.startswith(SCENE_PREFIX) else None
        scene = scene or None
    if kind == "voice":
        text = fields.get("Recognition") or ""
    else:
        text = fields.get("Content") or ""
    media = None
    if kind in ("image", "voice", "video", "shortvideo"):
        media = Media(media_id=fields.get("MediaId"), pic_url=fields.get("PicUrl"),
                      format=fields.get("Format"))
    return Message(kind=kind, account=fields.get("ToUserName", ""), sender=fields.get("FromUserName", ""),
                   text=text, media=media, msg_id=fields.get("MsgId"), event=event, event_key=key,
                   scene=scene, create_time=fields.get("CreateTime", ""), dedupe_key=_dedupe_key(fields),
                   wire_type=fields.get("MsgType"), wire_event=fields.get("Event"))
