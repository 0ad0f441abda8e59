"""WeChat callback cryptography and the inbound protocol: Tencent's published vectors, key rotation,
appid binding, tamper and replay refusal."""
import base64
import struct

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from chalicelib.wechat import (
    BodyTooLarge, ProtocolError, SignatureError, WeChatRejected, decrypt, encrypt, msg_signature,
    parse_callback, parse_message, seal_reply, url_signature, verify, verify_url)

# Tencent's sample (WXBizMsgCrypt) vector.
TOKEN = "spamtest"
KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
APPID = "wx2c2769f8efd9abc2"
TIMESTAMP = "1409735669"
NONCE = "1320562132"
ENCRYPT = (
    "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFm"
    "OD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8d"
    "KOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5"
    "RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsN"
    "PfUM669WuMyVWQLCzpu9GhglF2PE=")
MSG_SIGNATURE = "5d197aaffba7e9b25a30732f161a50dee96bd5fa"
URL_SIGNATURE = "16120ec1b8dbb870f510d87ce6bc2463eae6ca1a"
PREVIOUS_KEY = "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut"
NOW = int(TIMESTAMP) + 30
MESSAGE = ("<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><FromUserName><![CDATA[oUser]]>"
           "</FromUserName><CreateTime>1409735668</CreateTime><MsgType><![CDATA[text]]></MsgType>"
           "<Content><![CDATA[我想咨询劳动合同]]></Content><MsgId>1234567890123456789</MsgId></xml>")


def _safe_mode_push(message=MESSAGE, *, key=KEY, appid=APPID, timestamp=TIMESTAMP, nonce=NONCE):
    sealed = encrypt(message, key=key, appid=appid)
    body = f"<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><Encrypt><![CDATA[{sealed}]]></Encrypt></xml>"
    query = {"signature": url_signature(TOKEN, timestamp, nonce), "timestamp": timestamp, "nonce": nonce,
             "openid": "oUser", "encrypt_type": "aes",
             "msg_signature": msg_signature(TOKEN, timestamp, nonce, sealed)}
    return query, body.encode()


def _seal_raw(plain, key=KEY):
    """AES-CBC of exactly `plain` with WeChat's key and IV, to forge malformed plaintexts."""
    raw_key = base64.b64decode(key + "=")
    encryptor = Cipher(algorithms.AES(raw_key), modes.CBC(raw_key[:16])).encryptor()
    return base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode()


def _malformed(body=b"hello", *, length=None, pad=lambda n: bytes([n]) * n):
    """WeChat's plaintext layout for `body`, with the length field and padding open to forgery."""
    core = b"r" * 16 + struct.pack(">I", len(body) if length is None else length) + body + APPID.encode()
    return core + pad(32 - len(core) % 32)


def _open(query, body, *, keys=(KEY,), now=NOW):
    return parse_callback(query, body, token=TOKEN, aes_keys=list(keys), appid=APPID, now_ts=now)


def test_signatures_match_tencents_published_vectors():
    # Given Tencent's sample token, timestamp, nonce and Encrypt, and the plain-mode example
    # When we sign them
    # Then the signatures are the published ones
    assert msg_signature(TOKEN, TIMESTAMP, NONCE, ENCRYPT) == MSG_SIGNATURE
    assert url_signature(TOKEN, TIMESTAMP, NONCE) == URL_SIGNATURE
    assert url_signature("AAAAA", "1714037059", "486452656") == "899cf89e464efb63f54ddac96b0a0a235f53aa78"


def test_tencents_sample_ciphertext_decrypts_to_its_text_message():
    # Given Tencent's sample ciphertext
    # When it is decrypted with the sample key and appid
    message = parse_message(decrypt(ENCRYPT, keys=[KEY], appid=APPID))
    # Then it is the published text message
    assert message["MsgType"] == "text"
    assert message["Content"] == "abcdteT"
    assert message["MsgId"] == "6054768590064713728"


def test_encryption_with_a_fixed_prefix_matches_the_published_ciphertext():
    # Given the published random prefix, appid and key
    # When the Chinese sample text is encrypted
    sealed = encrypt("我是中文abcd123", key=KEY, appid="wxb11529c136998cb6", random_prefix=b"aaaabbbbccccdddd")
    # Then the ciphertext is byte for byte the published one
    assert sealed == "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg=="


def test_a_sealed_message_opens_to_the_same_text_and_pads_to_32_bytes():
    # Given a message sealed with a random prefix
    sealed = encrypt(MESSAGE, key=KEY, appid=APPID)
    # When it is opened
    # Then the text is unchanged and the ciphertext length is a multiple of WeChat's 32-byte padding
    assert decrypt(sealed, keys=[KEY], appid=APPID) == MESSAGE
    assert len(base64.b64decode(sealed)) % 32 == 0
    assert sealed != encrypt(MESSAGE, key=KEY, appid=APPID)  # fresh random prefix each time


def test_every_message_length_is_padded_to_a_multiple_of_32_bytes():
    # Given messages of every length across two 32-byte blocks
    # When each is sealed
    # Then every ciphertext is a whole number of 32-byte blocks (WeChat's padding, not AES's 16)
    for n in range(64):
        assert len(base64.b64decode(encrypt("a" * n, key=KEY, appid=APPID))) % 32 == 0, n


@pytest.mark.parametrize("plain", [
    _malformed(pad=lambda n: bytes(n)),
    _malformed(pad=lambda n: bytes([33]) * n),
    _malformed(pad=lambda n: bytes([n - 1]) + bytes([n]) * (n - 1)),
    _malformed(length=10_000),
    _malformed(b"\xff\xfe!!"),
], ids=["pad-zero", "pad-beyond-32", "pad-inconsistent", "length-overrun", "not-utf8"])
def test_a_well_encrypted_but_malformed_plaintext_is_bad_ciphertext(plain):
    # Given a ciphertext under our key whose plaintext breaks WeChat's layout
    assert len(plain) % 32 == 0
    # When it is opened
    # Then it is refused as bad ciphertext (not an appid mismatch, not an IndexError)
    with pytest.raises(ProtocolError) as refused:
        decrypt(_seal_raw(plain), keys=[KEY], appid=APPID)
    assert refused.value.reason == "bad_ciphertext"


def test_a_message_sealed_with_the_previous_key_still_opens_during_rotation():
    # Given a push sealed with the key the account used before the rotation
    sealed = encrypt(MESSAGE, key=PREVIOUS_KEY, appid=APPID)
    # When we decrypt with [current, previous]
    # Then it opens; with the current key alone it is refused
    assert decrypt(sealed, keys=[KEY, PREVIOUS_KEY], appid=APPID) == MESSAGE
    with pytest.raises(ProtocolError):
        decrypt(sealed, keys=[KEY], appid=APPID)


def test_a_message_sealed_for_another_appid_is_refused():
    # Given a ciphertext that is valid under our key but carries another account's appid
    sealed = encrypt(MESSAGE, key=KEY, appid="wx0000000000other")
    # When we open it
    # Then it is refused as an appid mismatch, even with the previous key also on offer
    with pytest.raises(ProtocolError) as refused:
        decrypt(sealed, keys=[KEY, PREVIOUS_KEY], appid=APPID)
    assert refused.value.reason == "appid_mismatch"


@pytest.mark.parametrize("tamper", [
    lambda raw: raw[:-1] + bytes([raw[-1] ^ 0x01]),  # last block: padding breaks
    lambda raw: raw[:16] + bytes([raw[16] ^ 0x80]) + raw[17:],  # flips the length field via CBC
    lambda raw: raw[:-16],  # truncated
    lambda raw: raw[:-3],  # not a whole AES block
    lambda raw: b"",
])
def test_tampered_ciphertext_is_a_protocol_error_not_a_leaking_exception(tamper):
    # Given a valid ciphertext, altered
    raw = base64.b64decode(encrypt(MESSAGE, key=KEY, appid=APPID))
    altered = base64.b64encode(tamper(raw)).decode()
    # When we open it
    # Then the only exception is our ProtocolError
    with pytest.raises(ProtocolError):
        decrypt(altered, keys=[KEY], appid=APPID)


def test_ciphertext_that_is_not_base64_is_a_protocol_error():
    # Given text that is not base64 at all
    # When we open it
    # Then it is refused as bad ciphertext
    with pytest.raises(ProtocolError) as refused:
        decrypt("not base64 ✗", keys=[KEY], appid=APPID)
    assert refused.value.reason == "bad_ciphertext"


def test_verify_refuses_a_wrong_a_missing_and_a_non_ascii_signature():
    # Given the vector's right signature and three wrong ones
    verify(MSG_SIGNATURE, token=TOKEN, timestamp=TIMESTAMP, nonce=NONCE, encrypt=ENCRYPT)
    # When each wrong one is verified
    # Then each is a SignatureError (never a TypeError from compare_digest)
    for wrong in (URL_SIGNATURE, None, "", "签名" * 20):
        with pytest.raises(SignatureError):
            verify(wrong, token=TOKEN, timestamp=TIMESTAMP, nonce=NONCE, encrypt=ENCRYPT)


def test_tencents_sample_push_opens_through_the_whole_callback():
    # Given the sample push exactly as WeChat posts it in safe mode
    body = f"<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><Encrypt><![CDATA[{ENCRYPT}]]></Encrypt></xml>"
    query = {"signature": URL_SIGNATURE, "timestamp": TIMESTAMP, "nonce": NONCE, "encrypt_type": "aes",
             "msg_signature": MSG_SIGNATURE}
    # When the callback parses it
    inbound = _open(query, body.encode())
    # Then it yields the decrypted message and asks for an encrypted reply
    assert inbound.message.text == "abcdteT"
    assert inbound.encrypted is True


def test_compatible_mode_trusts_only_the_encrypted_copy_of_the_message():
    # Given a compatible-mode push whose unsigned plaintext fields were rewritten in transit
    query, body = _safe_mode_push()
    body = body.replace(b"<xml>", b"<xml><FromUserName><![CDATA[oForged]]></FromUserName>"
                                  b"<Content><![CDATA[forged]]></Content>")
    # When the callback parses it
    inbound = _open(query, body)
    # Then the message is the one inside the ciphertext
    assert inbound.message.sender == "oUser"
    assert inbound.message.text == "我想咨询劳动合同"


def test_plaintext_push_is_accepted_with_the_url_signature_and_needs_no_encrypted_reply():
    # Given a plaintext-mode push signed in its query
    query = {"signature": URL_SIGNATURE, "timestamp": TIMESTAMP, "nonce": NONCE, "openid": "oUser"}
    # When the callback parses it
    inbound = _open(query, MESSAGE.encode(), keys=())
    # Then the message is returned as is and the reply goes out in plaintext
    assert inbound.message.msg_id == "1234567890123456789"
    assert inbound.encrypted is False


def test_plaintext_push_is_refused_when_the_account_requires_encryption():
    # Given a validly signed plaintext push, to an account that only accepts safe mode
    query = {"signature": URL_SIGNATURE, "timestamp": TIMESTAMP, "nonce": NONCE}
    # When the callback parses it with plaintext disallowed
    # Then it is refused (a captured query must not carry a forged plaintext body)
    with pytest.raises(ProtocolError) as refused:
        parse_callback(query, MESSAGE.encode(), token=TOKEN, aes_keys=[KEY], appid=APPID, now_ts=NOW,
                       allow_plaintext=False)
    assert refused.value.reason == "plaintext_refused"


@pytest.mark.parametrize("field,value", [
    ("msg_signature", URL_SIGNATURE), ("msg_signature", None), ("nonce", "1320562133")])
def test_safe_mode_push_with_a_bad_msg_signature_is_refused(field, value):
    # Given a safe-mode push whose msg_signature no longer matches
    query, body = _safe_mode_push()
    query[field] = value
    # When the callback parses it
    # Then it is a SignatureError, answered 403
    with pytest.raises(SignatureError) as refused:
        _open(query, body)
    assert refused.value.http_status == 403


def test_safe_mode_push_with_a_swapped_encrypt_element_is_refused():
    # Given a signed push whose <Encrypt> was replaced by another valid ciphertext
    query, body = _safe_mode_push()
    other = encrypt(MESSAGE.replace("劳动合同", "借款纠纷"), key=KEY, appid=APPID)
    start, end = body.index(b"<Encrypt><![CDATA[") + 18, body.index(b"]]></Encrypt>")
    # When the callback parses it
    # Then msg_signature (which covers Encrypt) refuses it
    with pytest.raises(SignatureError):
        _open(query, body[:start] + other.encode() + body[end:])


@pytest.mark.parametrize("now", [int(TIMESTAMP) + 301, int(TIMESTAMP) - 301, int(TIMESTAMP) + 86400])
def test_stale_and_future_timestamps_are_refused(now):
    # Given a correctly signed push whose timestamp is more than 300 s from now
    query, body = _safe_mode_push()
    # When the callback parses it at that now
    # Then it is refused as stale
    with pytest.raises(SignatureError) as refused:
        _open(query, body, now=now)
    assert refused.value.reason == "stale_timestamp"


def test_timestamps_exactly_at_the_300_second_window_are_accepted():
    # Given a push signed 300 s before and 300 s after now
    query, body = _safe_mode_push()
    # When parsed at both edges of the window
    # Then both are accepted
    assert _open(query, body, now=int(TIMESTAMP) + 300).encrypted
    assert _open(query, body, now=int(TIMESTAMP) - 300).encrypted


@pytest.mark.parametrize("timestamp", [None, "", "abc", "-5", "1e9", "9" * 40])
def test_a_missing_or_non_numeric_timestamp_is_refused(timestamp):
    # Given a push whose timestamp is absent or not a number of seconds
    query, body = _safe_mode_push()
    query["timestamp"] = timestamp
    # When the callback parses it
    # Then it is refused before anything else is looked at
    with pytest.raises(SignatureError) as refused:
        _open(query, body)
    assert refused.value.reason == "bad_timestamp"


def test_a_push_sealed_for_another_appid_is_refused_through_the_callback():
    # Given a correctly signed push whose ciphertext carries another appid
    query, body = _safe_mode_push(appid="wx0000000000other")
    # When the callback parses it
    # Then it is a ProtocolError (400)
    with pytest.raises(ProtocolError) as refused:
        _open(query, body)
    assert (refused.value.reason, refused.value.http_status) == ("appid_mismatch", 400)


def test_a_push_sealed_with_the_previous_key_opens_through_the_callback():
    # Given a push sealed with the previous EncodingAESKey
    query, body = _safe_mode_push(key=PREVIOUS_KEY)
    # When the callback has [current, previous]
    # Then it opens
    assert _open(query, body, keys=(KEY, PREVIOUS_KEY)).message.msg_id == "1234567890123456789"


def test_encrypted_push_to_an_account_without_a_key_or_with_an_unknown_mode_is_refused():
    # Given a safe-mode push, and the same push naming an unknown encryption type
    query, body = _safe_mode_push()
    # When the account has no key, or the mode is unknown
    # Then each is a ProtocolError
    with pytest.raises(ProtocolError):
        _open(query, body, keys=("",))
    with pytest.raises(ProtocolError):
        _open(dict(query, encrypt_type="rsa"), body)


def test_an_oversize_body_is_refused_before_anything_is_parsed():
    # Given a 1 MB body
    query, _ = _safe_mode_push()
    # When the callback receives it
    # Then it is refused with 413
    with pytest.raises(BodyTooLarge) as refused:
        _open(query, b"<xml>" + b"a" * (1024 * 1024) + b"</xml>")
    assert refused.value.http_status == 413


def test_a_sealed_reply_opens_with_our_key_and_carries_a_valid_signature():
    # Given a passive reply sealed for the request's timestamp and nonce
    reply = "<xml><Content><![CDATA[您好]]></Content></xml>"
    sealed = seal_reply(reply, token=TOKEN, key=KEY, appid=APPID, timestamp=TIMESTAMP, nonce=NONCE)
    # When WeChat reads the envelope
    fields = parse_message(sealed)
    # Then the signature verifies, the timestamp and nonce are echoed, and it decrypts to the reply
    verify(fields["MsgSignature"], token=TOKEN, timestamp=fields["TimeStamp"], nonce=fields["Nonce"],
           encrypt=fields["Encrypt"])
    assert (fields["TimeStamp"], fields["Nonce"]) == (TIMESTAMP, NONCE)
    assert decrypt(fields["Encrypt"], keys=[KEY], appid=APPID) == reply


def test_url_verification_echoes_echostr_only_when_signed():
    # Given WeChat's GET verification query
    query = {"signature": URL_SIGNATURE, "timestamp": TIMESTAMP, "nonce": NONCE, "echostr": "5838479218127813673"}
    # When it is verified, and again with a wrong signature, and with markup in echostr
    # Then the right one echoes echostr and the others are refused
    assert verify_url(query, TOKEN) == "5838479218127813673"
    assert verify_url(query, TOKEN, now_ts=NOW) == "5838479218127813673"
    with pytest.raises(SignatureError):
        verify_url(dict(query, signature=MSG_SIGNATURE), TOKEN)
    with pytest.raises(SignatureError):
        verify_url(query, TOKEN, now_ts=NOW + 3600)
    with pytest.raises(ProtocolError):
        verify_url(dict(query, echostr="<script>alert(1)</script>"), TOKEN)
    with pytest.raises(WeChatRejected):
        verify_url(None, TOKEN)
