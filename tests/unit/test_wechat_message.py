"""A push as the rest of the code sees it: `read_message` turns WeChat's flat fields into a typed,
frozen `Message`, and the callback says which AES key opened a push so the reply is sealed with it."""
import dataclasses

import pytest

from chalicelib.wechat import (
    CURRENT, PREVIOUS, Media, answer, decrypt, encrypt, msg_signature, parse_callback, parse_message,
    read_message, url_signature)

HEAD = {"ToUserName": "gh_account", "FromUserName": "oCitizen", "CreateTime": "1772416800"}
TOKEN, APPID = "tok", "wx2c2769f8efd9abc2"
KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
PREVIOUS_KEY = "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut"
TIMESTAMP, NONCE = "1772416800", "n0nce"


def test_a_text_message_reads_as_text_from_its_sender_to_its_account():
    # Given a typed question
    message = read_message({**HEAD, "MsgType": "text", "Content": "工资被拖欠怎么办", "MsgId": "605"})
    # Then it is a text from the citizen to the account, named by its MsgId
    assert (message.kind, message.sender, message.account) == ("text", "oCitizen", "gh_account")
    assert (message.text, message.msg_id, message.dedupe_key) == ("工资被拖欠怎么办", "605", "605")
    assert (message.media, message.event, message.scene) == (None, "", None)


def test_an_image_carries_its_media_and_picture_url():
    message = read_message({**HEAD, "MsgType": "image", "PicUrl": "http://mmbiz.qpic.cn/x.jpg",
                            "MediaId": "m-1", "MsgId": "606"})
    assert message.kind == "image"
    assert message.media == Media(media_id="m-1", pic_url="http://mmbiz.qpic.cn/x.jpg", format=None)
    assert (message.msg_id, message.text) == ("606", "")


def test_a_voice_message_carries_what_wechat_heard_as_its_text():
    # Given a recording with WeChat's speech recognition on
    message = read_message({**HEAD, "MsgType": "voice", "MediaId": "v-1", "Format": "amr",
                            "Recognition": "我想咨询离婚", "MsgId": "607"})
    # Then the heard words are the text, and the recording is its media
    assert (message.kind, message.text) == ("voice", "我想咨询离婚")
    assert message.media == Media(media_id="v-1", pic_url=None, format="amr")


def test_a_voice_message_without_recognition_has_no_text():
    message = read_message({**HEAD, "MsgType": "voice", "MediaId": "v-2", "Format": "amr", "MsgId": "8"})
    assert (message.kind, message.text, message.media.media_id) == ("voice", "", "v-2")


def test_a_follow_through_a_qr_code_carries_its_scene_and_is_named_by_sender_time_and_event():
    # Given a subscribe event from a parametric QR code
    message = read_message({**HEAD, "MsgType": "event", "Event": "subscribe",
                            "EventKey": "qrscene_township-office-3"})
    # Then it is a subscribe with the scene, and (carrying no MsgId) deduped on sender, time, event
    assert (message.kind, message.event, message.scene) == ("event", "subscribe", "township-office-3")
    assert message.dedupe_key == "oCitizen#1772416800#subscribe"


@pytest.mark.parametrize("key", [None, "", "qrscene_", "something-else"])
def test_a_follow_without_a_qr_scene_has_none(key):
    fields = {**HEAD, "MsgType": "event", "Event": "subscribe"}
    if key is not None:
        fields["EventKey"] = key
    assert read_message(fields).scene is None


def test_an_unfollow_is_an_unsubscribe_event():
    message = read_message({**HEAD, "MsgType": "event", "Event": "unsubscribe"})
    assert (message.kind, message.event, message.sender, message.scene) == (
        "event", "unsubscribe", "oCitizen", None)


def test_a_menu_click_carries_its_key_and_a_lower_cased_event():
    message = read_message({**HEAD, "MsgType": "event", "Event": "CLICK", "EventKey": "legal_aid"})
    assert (message.event, message.event_key, message.scene) == ("click", "legal_aid", None)
    assert message.dedupe_key == "oCitizen#1772416800#CLICK"
    assert message.log_fields() == {"msg_type": "event", "wechat_event": "CLICK"}


def test_an_unknown_kind_is_kept_as_its_lower_cased_type_with_nothing_else_guessed():
    message = read_message({**HEAD, "MsgType": "Location", "Location_X": "25.3", "MsgId": "9"})
    assert (message.kind, message.text, message.media, message.event) == ("location", "", None, "")
    assert message.dedupe_key == "9"


def test_an_empty_document_is_a_message_of_no_kind_from_nobody():
    message = read_message({})
    assert (message.kind, message.sender, message.account, message.dedupe_key) == ("", "", "", "##")


def test_a_message_cannot_be_changed_once_read():
    message = read_message({**HEAD, "MsgType": "text", "Content": "x", "MsgId": "1"})
    with pytest.raises(dataclasses.FrozenInstanceError):
        message.sender = "oSomeoneElse"


def _push(key):
    xml = ("<xml><ToUserName><![CDATA[gh_account]]></ToUserName><FromUserName><![CDATA[oCitizen]]>"
           "</FromUserName><CreateTime>1772416800</CreateTime><MsgType><![CDATA[text]]></MsgType>"
           "<Content><![CDATA[你好]]></Content><MsgId>77</MsgId></xml>")
    sealed = encrypt(xml, key=key, appid=APPID)
    query = {"signature": url_signature(TOKEN, TIMESTAMP, NONCE), "timestamp": TIMESTAMP, "nonce": NONCE,
             "encrypt_type": "aes", "msg_signature": msg_signature(TOKEN, TIMESTAMP, NONCE, sealed)}
    return query, f"<xml><Encrypt><![CDATA[{sealed}]]></Encrypt></xml>".encode()


@pytest.mark.parametrize("key, opened_with", [(KEY, CURRENT), (PREVIOUS_KEY, PREVIOUS)])
def test_the_callback_says_which_key_opened_a_push_and_the_reply_is_sealed_with_that_key(key, opened_with):
    # Given a push sealed with the current or, during a rotation, the previous key
    query, body = _push(key)
    # When the callback opens it with [current, previous]
    inbound = parse_callback(query, body, token=TOKEN, aes_keys=[KEY, PREVIOUS_KEY], appid=APPID,
                             now_ts=int(TIMESTAMP))
    # Then it names that key, the account, and the typed message
    assert (inbound.opened_with, inbound.account, inbound.message.text) == (opened_with, APPID, "你好")
    # And the reply opens with that key alone
    sealed = parse_message(answer(inbound, "<xml>reply</xml>", token=TOKEN, aes_keys=[KEY, PREVIOUS_KEY],
                                  now_ts=int(TIMESTAMP)))
    assert decrypt(sealed["Encrypt"], keys=[key], appid=APPID) == "<xml>reply</xml>"
    assert sealed["MsgSignature"] == msg_signature(TOKEN, TIMESTAMP, NONCE, sealed["Encrypt"])


def test_a_plaintext_push_is_opened_by_no_key_and_answered_in_plaintext():
    xml = (f"<xml><ToUserName>gh_account</ToUserName><FromUserName>oCitizen</FromUserName>"
           f"<CreateTime>{TIMESTAMP}</CreateTime><MsgType>text</MsgType><Content>hi</Content></xml>")
    query = {"signature": url_signature(TOKEN, TIMESTAMP, NONCE), "timestamp": TIMESTAMP, "nonce": NONCE}
    inbound = parse_callback(query, xml.encode(), token=TOKEN, aes_keys=[], appid=APPID,
                             now_ts=int(TIMESTAMP))
    assert (inbound.opened_with, inbound.encrypted, inbound.message.sender) == (None, False, "oCitizen")
    assert answer(inbound, "<xml>r</xml>", token=TOKEN, aes_keys=[], now_ts=int(TIMESTAMP)) == "<xml>r</xml>"
