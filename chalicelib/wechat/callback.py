"""The inbound callback protocol end to end: URL verification, then a pushed message in plaintext,
compatible or safe mode checked and opened; and the sealing of an encrypted reply.

WeChat's signatures carry no freshness, so a timestamp window (now is an argument) bounds replays;
the inbox deduplicates within it.
"""
import re
from dataclasses import dataclass

from . import crypto
from .errors import BodyTooLarge, ProtocolError, SignatureError
from .xmlmsg import MAX_BODY_BYTES, envelope, parse_message

MAX_SKEW_SECONDS = 300
# Official Accounts send a numeric echostr; anything with markup is refused so a replayed signed query
# cannot make us reflect a page.
_ECHOSTR = re.compile(r"[A-Za-z0-9+/=._-]{1,256}")


@dataclass(frozen=True)
class Inbound:
    """A verified message: its fields, and whether the reply must be sealed with `seal_reply`."""

    message: dict
    encrypted: bool
    timestamp: str
    nonce: str


def _fresh_timestamp(query, now_ts, max_skew):
    timestamp = (query.get("timestamp") or "").strip()
    if not timestamp.isdigit() or len(timestamp) > 12:
        raise SignatureError("bad_timestamp")
    if abs(int(timestamp) - int(now_ts)) > max_skew:
        raise SignatureError("stale_timestamp")
    return timestamp


def verify_url(query, token, *, now_ts=None, max_skew=MAX_SKEW_SECONDS):
    """The `echostr` to answer WeChat's GET verification with (as text/plain), or SignatureError."""
    query = query or {}
    timestamp = query.get("timestamp") or ""
    if now_ts is not None:
        timestamp = _fresh_timestamp(query, now_ts, max_skew)
    crypto.verify(query.get("signature"), token=token, timestamp=timestamp, nonce=query.get("nonce") or "")
    echostr = query.get("echostr") or ""
    if not _ECHOSTR.fullmatch(echostr):
        raise ProtocolError("bad_echostr")
    return echostr


def parse_callback(query, body, *, token, aes_keys, appid, now_ts, max_skew=MAX_SKEW_SECONDS,
                   max_bytes=MAX_BODY_BYTES, allow_plaintext=True):
    """Check and open one POST from WeChat; raise a WeChatRejected subclass for anything not genuine.

    `aes_keys` is [current, previous] EncodingAESKeys (empty entries ignored). In compatible mode the
    plaintext fields beside `<Encrypt>` are unsigned, so only the decrypted message is returned.
    `allow_plaintext=False` refuses unencrypted pushes: in plaintext mode the signature covers only the
    query, so once an account is in safe mode, accepting plaintext would let a captured query carry a
    forged body.
    """
    query = query or {}
    if len(body or b"") > max_bytes:
        raise BodyTooLarge("body_too_large")
    timestamp = _fresh_timestamp(query, now_ts, max_skew)
    nonce = query.get("nonce") or ""
    encrypt_type = (query.get("encrypt_type") or "raw").lower()
    if encrypt_type == "raw":
        if not allow_plaintext:
            raise ProtocolError("plaintext_refused")
        crypto.verify(query.get("signature"), token=token, timestamp=timestamp, nonce=nonce)
        return Inbound(parse_message(body, max_bytes=max_bytes), False, timestamp, nonce)
    if encrypt_type != "aes":
        raise ProtocolError("bad_encrypt_type")
    outer = parse_message(body, max_bytes=max_bytes)
    if not outer.get("Encrypt"):
        raise ProtocolError("missing_encrypt")
    crypto.verify(query.get("msg_signature"), token=token, timestamp=timestamp, nonce=nonce,
                  encrypt=outer["Encrypt"])
    inner = crypto.decrypt(outer["Encrypt"], keys=aes_keys, appid=appid)
    return Inbound(parse_message(inner, max_bytes=max_bytes), True, timestamp, nonce)


def seal_reply(xml_text, *, token, key, appid, timestamp, nonce, random_prefix=None):
    """The encrypted envelope for a passive reply in compatible/safe mode, signed like msg_signature."""
    sealed = crypto.encrypt(xml_text, key=key, appid=appid, random_prefix=random_prefix)
    signature = crypto.msg_signature(token, str(timestamp), nonce, sealed)
    return envelope(encrypt=sealed, signature=signature, timestamp=timestamp, nonce=nonce)
