"""WeChat Official Account protocol: signatures, the AES envelope, safe XML, the callback as a whole.

Knows WeChat and nothing of the legal domain; the API client lives beside it, not in here.
"""
from .callback import (
    CURRENT, MAX_SKEW_SECONDS, PREVIOUS, Inbound, answer, parse_callback, seal_reply, verify_url)
from .crypto import decrypt, encrypt, msg_signature, url_signature, verify
from .errors import BodyTooLarge, ProtocolError, SignatureError, WeChatRejected
from .message import Media, Message, read_message
from .xmlmsg import MAX_BODY_BYTES, cdata, envelope, news_reply, parse_message, text_reply, xml_text

__all__ = [
    "CURRENT", "MAX_BODY_BYTES", "MAX_SKEW_SECONDS", "PREVIOUS", "BodyTooLarge", "Inbound", "Media",
    "Message", "ProtocolError", "SignatureError", "WeChatRejected", "answer", "cdata", "decrypt",
    "encrypt", "envelope", "msg_signature", "news_reply", "parse_callback", "parse_message",
    "read_message", "seal_reply", "text_reply", "url_signature", "verify", "verify_url", "xml_text",
]
