"""The inbound callback protocol end to end: URL verification, then a pushed message in plaintext,
compatible or safe mode checked and opened; and the sealing of an encrypted reply.

WeChat's signatures carry no freshness, so a timestamp window (now is an argument) bounds replays;
the inbox deduplicates within it.
"""
import hmac
import re
from dataclasses import dataclass

from . import crypto
from .errors import BodyTooLarge, ProtocolError, SignatureError
from .message import Message, read_message
from .xmlmsg import MAX_BODY_BYTES, envelope, parse_message

MAX_SKEW_SECONDS = 300
CURRENT, PREVIOUS = "current", "previous"  # which EncodingAESKey opened a push (None: plaintext)
# Official Accounts send a numeric echostr; anything with markup is refused so a replayed signed query
# cannot make us reflect a page.
_ECHOSTR = re.compile(r"[A-Za-z0-9+/=._-]{1,256}")


@dataclass(frozen=True)
class Inbound:
    """A verified push: the account (appid) it came to, the key that opened it (`CURRENT`,
    `PREVIOUS`, or None in plaintext mode), the typed message, and what its reply is sealed with."""

    account: str
    opened_with: object
    message: Message
    timestamp: str
    nonce: str

    @property
    def encrypted(self):
        """Whether the reply must be sealed (see `answer`)."""
        return self.opened_with is not None


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
                   max_bytes=MAX_BODY_BYTES, allow_plaintext=True, original_id=""):
    """Check and open one POST from WeChat; raise a WeChatRejected subclass for anything not genuine.

    `aes_keys` is [current, previous] EncodingAESKeys (empty entries ignored). In compatible mode the
    plaintext fields beside `<Encrypt>` are unsigned, so only the decrypted message is returned.
    `allow_plaintext=False` refuses unencrypted pushes: in plaintext mode the signature covers only the
    query, so once an account is in safe mode, accepting plaintext would let a captured query carry a
    forged body. `original_id` (gh_…), when given, must be the opened message's ToUserName: a push
    meant for another account is refused even if that account shares this one's token and key.
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
        message = _addressed(read_message(parse_message(body, max_bytes=max_bytes)), original_id)
        return Inbound(appid, None, message, timestamp, nonce)
    if encrypt_type != "aes":
        raise ProtocolError("bad_encrypt_type")
    outer = parse_message(body, max_bytes=max_bytes)
    if not outer.get("Encrypt"):
        raise ProtocolError("missing_encrypt")
    crypto.verify(query.get("msg_signature"), token=token, timestamp=timestamp, nonce=nonce,
                  encrypt=outer["Encrypt"])
    keys = list(aes_keys)
    inner, index = crypto.open_sealed(outer["Encrypt"], keys=keys, appid=appid)
    # Decrypted once: the reply is sealed with the key that opened it, since during a key rotation
    # WeChat may still encrypt with the previous key and reads our reply with the key it used.
    opened_with = CURRENT if index == 0 else PREVIOUS
    message = _addressed(read_message(parse_message(inner, max_bytes=max_bytes)), original_id)
    return Inbound(appid, opened_with, message, timestamp, nonce)


def _addressed(message, original_id):
    if original_id and not hmac.compare_digest(message.account.encode("utf-8"),
                                               original_id.encode("utf-8")):
        raise ProtocolError("wrong_account")
    return message


def answer(inbound, reply_xml, *, token, aes_keys, now_ts):
    """The body of the passive reply to `inbound`: the plaintext XML as it is in plaintext mode,
    else sealed with the key that opened the push, stamped `now_ts`, with the push's nonce."""
    if not inbound.encrypted:
        return reply_xml
    current, previous = (list(aes_keys) + [None, None])[:2]
    key = current if inbound.opened_with == CURRENT else previous
    return seal_reply(reply_xml, token=token, key=key, appid=inbound.account, timestamp=int(now_ts),
                      nonce=inbound.nonce)


def seal_reply(xml_text, *, token, key, appid, timestamp, nonce, random_prefix=None):
    """The encrypted envelope for a passive reply in compatible/safe mode, signed like msg_signature."""
    sealed = crypto.encrypt(xml_text, key=key, appid=appid, random_prefix=random_prefix)
    signature = crypto.msg_signature(token, str(timestamp), nonce, sealed)
    return envelope(encrypt=sealed, signature=signature, timestamp=timestamp, nonce=nonce)
