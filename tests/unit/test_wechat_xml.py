"""WeChat message XML: hostile documents refused fast, the flat message shape, and replies whose
CDATA cannot be broken out of."""
import time
from xml.etree import ElementTree  # reads our own replies back; never inbound XML

import pytest

from chalicelib.wechat import (
    MAX_BODY_BYTES, BodyTooLarge, ProtocolError, cdata, envelope, news_reply, parse_callback,
    parse_message, text_reply, url_signature)

BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY lol "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
               for i in range(1, 10))
    + b"]><xml><Content>&lol9;</Content></xml>")
XXE = (b'<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
       b"<xml><ToUserName>gh</ToUserName><Content>&xxe;</Content></xml>")
PARAMETER_XXE = (b'<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]>'
                 b"<xml><Content>x</Content></xml>")
TEXT = ("<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>\n"
        "<FromUserName><![CDATA[oUser]]></FromUserName><CreateTime>1714037059</CreateTime>\n"
        "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[ 老板拖欠工资怎么办？<b>&amp; ]]></Content>\n"
        "<MsgId>6054768590064713728</MsgId></xml>").encode()


def _refusal_ms(document, **kwargs):
    started = time.perf_counter()
    with pytest.raises(ProtocolError) as refused:
        parse_message(document, **kwargs)
    return (time.perf_counter() - started) * 1000, refused.value


def test_a_text_message_parses_into_a_flat_dict_with_text_kept_verbatim():
    # Given a plaintext text message
    # When it is parsed
    message = parse_message(TEXT)
    # Then each child of <xml> maps to its text, CDATA content untouched
    assert message == {"ToUserName": "gh_10f6c3c3ac5a", "FromUserName": "oUser", "CreateTime": "1714037059",
                       "MsgType": "text", "Content": " 老板拖欠工资怎么办？<b>&amp; ",
                       "MsgId": "6054768590064713728"}


def test_nested_event_fields_are_dropped_and_character_references_resolved():
    # Given an event with a nested element and escaped text
    document = (b"<xml><Event>scancode_push</Event><EventKey>a&amp;b&#20013;</EventKey>"
                b"<ScanCodeInfo><ScanType>qrcode</ScanType></ScanCodeInfo></xml>")
    # When it is parsed
    # Then the nested element contributes no text and references resolve
    assert parse_message(document) == {"Event": "scancode_push", "EventKey": "a&b中", "ScanCodeInfo": ""}


@pytest.mark.parametrize("name,document", [
    ("billion laughs", BILLION_LAUGHS), ("external entity", XXE), ("parameter entity", PARAMETER_XXE),
    ("billion laughs in UTF-16", BILLION_LAUGHS.replace(b"<?xml version=\"1.0\"?>", b"")
     .decode().encode("utf-16")),
    ("bare doctype", b"<!DOCTYPE xml><xml><A>1</A></xml>"),
])
def test_hostile_xml_is_refused_within_50_ms(name, document):
    # Given a document declaring a DTD (entity bomb, external entity, or a bare DOCTYPE)
    # When it is parsed
    elapsed_ms, refusal = _refusal_ms(document)
    # Then it is refused as hostile, quickly, before anything is expanded or fetched
    assert refusal.reason == "hostile_xml", name
    assert elapsed_ms < 50, f"{name} took {elapsed_ms:.1f} ms"


def test_a_citizen_may_type_doctype_inside_a_question():
    # Given a question whose CDATA text happens to contain markup-like words
    document = "<xml><Content><![CDATA[<!DOCTYPE html> 与 <!ENTITY> 是什么？]]></Content></xml>".encode()
    # When it is parsed
    # Then it is an ordinary message, not a hostile document
    assert parse_message(document)["Content"] == "<!DOCTYPE html> 与 <!ENTITY> 是什么？"


@pytest.mark.parametrize("document", [
    b"", b"not xml", b"<xml><A>1</A>", b"<root><A>1</A></root>", b"<xml><A>1</A><A>2</A></xml>",
    b"<xml><A>&undefined;</A></xml>", b"<xml><A>1</A></xml><?pi x?>", b"\xff\xfe\x00garbage",
])
def test_malformed_or_ambiguous_documents_are_protocol_errors(document):
    # Given a document that is not a single well-formed <xml> with unique fields
    # When it is parsed
    # Then the only exception is a ProtocolError
    with pytest.raises(ProtocolError):
        parse_message(document)


def test_a_1_mb_body_is_refused_before_parsing_and_the_limit_is_configurable():
    # Given a 1 MB body, and a small message against a lowered limit
    huge = b"<xml><Content>" + b"a" * (1024 * 1024) + b"</Content></xml>"
    # When each is parsed
    started = time.perf_counter()
    with pytest.raises(BodyTooLarge) as refused:
        parse_message(huge)
    elapsed_ms = (time.perf_counter() - started) * 1000
    # Then both are refused as too large (413), the huge one without being read
    assert refused.value.http_status == 413 and elapsed_ms < 5
    assert MAX_BODY_BYTES == 64 * 1024
    parse_message(b"<xml><A>1</A></xml>", max_bytes=19)
    with pytest.raises(BodyTooLarge):
        parse_message(b"<xml><A>1</A></xml>", max_bytes=18)


def test_hostile_xml_is_refused_through_the_plaintext_callback():
    # Given a validly signed plaintext push whose body is an XXE document
    query = {"signature": url_signature("tok", "1714037059", "1"), "timestamp": "1714037059", "nonce": "1"}
    # When the callback parses it
    # Then it is refused as hostile
    with pytest.raises(ProtocolError) as refused:
        parse_callback(query, XXE, token="tok", aes_keys=[], appid="wx", now_ts=1714037059)
    assert refused.value.reason == "hostile_xml"


def test_cdata_injection_in_reply_content_stays_inside_the_text():
    # Given reply content that tries to close the CDATA section and inject a field
    content = "答复]]></Content><MsgType>news</MsgType><Content><![CDATA[x"
    # When a text reply is built and read back
    reply = text_reply(to_user="oUser", from_user="gh_1", create_time=1714037059, content=content)
    fields = parse_message(reply)
    # Then the whole payload is still the Content text and nothing else was added
    assert fields["Content"] == content
    assert fields["MsgType"] == "text"
    assert sorted(fields) == ["Content", "CreateTime", "FromUserName", "MsgType", "ToUserName"]


def test_characters_xml_forbids_are_dropped_from_replies():
    # Given content with control characters WeChat would reject
    # When it is wrapped
    # Then they are gone and the rest survives
    assert cdata("a\x00b\x08c\td\ufffe") == "<![CDATA[abc\td]]>"
    assert parse_message(f"<xml><A>{cdata('x]]>y]]>')}</A></xml>")["A"] == "x]]>y]]>"


def test_a_news_reply_carries_each_article_card():
    # Given two article cards, one with hostile text
    articles = [{"title": "法律援助]]><x>", "description": "申请条件", "pic_url": "https://e.x/p.png",
                 "url": "https://e.x/h5/aid?a=1&b=2"},
                {"title": "公证预约", "url": "https://e.x/h5/notary"}]
    # When a news reply is built
    reply = news_reply(to_user="oUser", from_user="gh_1", create_time=1, articles=articles)
    # Then it declares the count, keeps each field verbatim, and parses as one document
    assert parse_message(reply)["ArticleCount"] == "2"
    cards = [{field.tag: field.text or "" for field in item} for item in ElementTree.fromstring(reply).iter("item")]
    assert cards == [
        {"Title": "法律援助]]><x>", "Description": "申请条件", "PicUrl": "https://e.x/p.png",
         "Url": "https://e.x/h5/aid?a=1&b=2"},
        {"Title": "公证预约", "Description": "", "PicUrl": "", "Url": "https://e.x/h5/notary"}]
    with pytest.raises(ValueError):
        news_reply(to_user="oUser", from_user="gh_1", create_time=1, articles=[])


def test_the_encrypted_envelope_has_exactly_wechats_four_fields():
    # Given a ciphertext, signature, timestamp and nonce
    # When the envelope is built
    document = envelope(encrypt="abc+/=", signature="f" * 40, timestamp="1409735669", nonce="1320562132")
    # Then WeChat's four fields are present with those values
    assert parse_message(document) == {"Encrypt": "abc+/=", "MsgSignature": "f" * 40,
                                       "TimeStamp": "1409735669", "Nonce": "1320562132"}
