"""`GET /wechat` and `POST /wechat` end to end on moto: verification, the three modes, Tencent's vector
through the route, redeliveries (also concurrent), hostile requests refused with zero writes, follow
and unfollow, media, the DynamoDB call budget, and never a 500."""
import threading
from urllib.parse import urlencode

import pytest
from chalice import Chalice
from chalice.config import Config
from chalice.local import LocalGateway
from chalice.test import Client, HTTPResponse

from chalicelib.clock import FixedClock, parse_instant
from chalicelib.db.consultations import Consultation
from chalicelib.db.identity import Session
from chalicelib.db.models import Category, Citizen
from chalicelib.wechat import decrypt, encrypt, msg_signature, parse_message, url_signature
from chalicelib.wiring import Services, use

# Tencent's sample (WXBizMsgCrypt) vector.
TOKEN, KEY, APPID = "spamtest", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "wx2c2769f8efd9abc2"
TIMESTAMP, NONCE = "1409735669", "1320562132"
ENCRYPT = (
    "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFm"
    "OD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8d"
    "KOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5"
    "RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsN"
    "PfUM669WuMyVWQLCzpu9GhglF2PE=")
MSG_SIGNATURE, URL_SIGNATURE = "5d197aaffba7e9b25a30732f161a50dee96bd5fa", "16120ec1b8dbb870f510d87ce6bc2463eae6ca1a"
PREVIOUS_KEY = "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut"

NOW = parse_instant("2026-03-02T02:00:00Z")  # the moto_table fixture's clock
NOW_TS = str(int(NOW.timestamp()))
OPENID, ACCOUNT = "oCitizen0000000000000000001", "gh_bureau0001"
QUESTION = "老板拖欠我三个月工资一共九千元，我该怎么要回来？"
WRITES = {"PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem"}
BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(b'<!ENTITY a%d "%s">' % (i, (b"&a%d;" % (i - 1) if i > 1 else b"&a;") * 10)
               for i in range(1, 10))
    + b"]><xml><ToUserName>gh</ToUserName><FromUserName>o</FromUserName><MsgType>text</MsgType>"
      b"<Content>&a9;</Content><MsgId>1</MsgId></xml>")
XXE = (b'<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
       b"<xml><ToUserName>gh</ToUserName><FromUserName>o</FromUserName><MsgType>text</MsgType>"
       b"<Content>&x;</Content><MsgId>2</MsgId></xml>")


# -- the app, the table, the counters ---------------------------------------------------------------
@pytest.fixture(scope="session")
def wechat_app():
    from app import app as main_app

    if "/wechat" in main_app.routes:
        return main_app
    # Until app.py registers the blueprint, a test app carries it. Once per process: Chalice consumes
    # a blueprint's route options when it registers them, so a blueprint registers only once.
    from chalicelib.routes import wechat

    test_app = Chalice(app_name="zhangshangtong-wechat-test")
    test_app.register_blueprint(wechat.bp)
    return test_app


@pytest.fixture
def app(moto_table, wechat_app):
    return wechat_app


@pytest.fixture
def webhook(app):
    with Client(app) as client:
        yield client


@pytest.fixture
def install(env, moto_table):
    """Set WeChat variables and a clock, as a deployment would: a fresh composition root."""
    def _install(clock=None, **variables):
        env(**variables)
        services = use(Services(clock=clock or moto_table.clock))
        services.table()
        return services
    return _install


@pytest.fixture
def plaintext(install):
    return install(WECHAT_TOKEN="plain-token", WECHAT_APPID=APPID, WECHAT_ENCODING_AES_KEY="",
                   PUBLIC_BASE_URL="https://zst.example.cn")


@pytest.fixture
def safe(install):
    return install(WECHAT_TOKEN=TOKEN, WECHAT_APPID=APPID, WECHAT_ENCODING_AES_KEY=KEY,
                   PUBLIC_BASE_URL="https://zst.example.cn")


@pytest.fixture
def categories(moto_table):
    Category(code="labor", name="劳动争议", order=10, keywords=["工资", "拖欠工资", "辞退"]).save()
    Category(code="other", name="其他", order=99, keywords=[]).save()


@pytest.fixture
def dynamodb_calls(monkeypatch):
    """Every DynamoDB API call the webhook's own thread makes from here on, by operation name
    (botocore's one entry point). Work started after the reply's commit (a chat question's tier-1
    dispatch, on a worker thread) is not the reply path's and is not counted."""
    import threading

    from botocore.client import BaseClient

    calls, original, request_thread = [], BaseClient._make_api_call, threading.get_ident()

    def counting(client, operation, params):
        if (client.meta.service_model.service_name == "dynamodb"
                and threading.get_ident() == request_thread):
            calls.append(operation)
        return original(client, operation, params)
    monkeypatch.setattr(BaseClient, "_make_api_call", counting)
    yield calls
    from chalicelib.after_commit import wait_idle
    wait_idle()


def _items():
    """Every item in the moto table, read from moto's backend (no Query or Scan through the API)."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends

    table = dynamodb_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].get_table("zst-test")
    return [{k: v.value for k, v in item.attrs.items()} for item in table.all_items()]


def _of_type(kind):
    return [item for item in _items() if item.get("type") == kind]


# -- requests as WeChat sends them ----------------------------------------------------------------
def _message(content=QUESTION, msg_id="6054768590064713728", msg_type="text", **fields):
    parts = {"ToUserName": ACCOUNT, "FromUserName": OPENID, "CreateTime": NOW_TS, "MsgType": msg_type}
    if msg_type == "text":
        parts["Content"] = content
    if msg_id:
        parts["MsgId"] = msg_id
    parts.update(fields)
    return "<xml>" + "".join(f"<{k}><![CDATA[{v}]]></{k}>" for k, v in parts.items()) + "</xml>"


def _event(event, key="", create_time=NOW_TS):
    return _message(msg_type="event", msg_id=None, Event=event, EventKey=key, CreateTime=create_time)


def _plain(xml, *, token="plain-token", timestamp=NOW_TS, nonce="7319"):
    query = {"signature": url_signature(token, timestamp, nonce), "timestamp": timestamp,
             "nonce": nonce, "openid": OPENID}
    return "/wechat?" + urlencode(query), xml.encode("utf-8") if isinstance(xml, str) else xml


def _sealed(xml, *, key=KEY, appid=APPID, token=TOKEN, timestamp=NOW_TS, nonce="7319",
            compatible_fields=""):
    sealed = encrypt(xml, key=key, appid=appid)
    body = (f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>{compatible_fields}"
            f"<Encrypt><![CDATA[{sealed}]]></Encrypt></xml>")
    query = {"signature": url_signature(token, timestamp, nonce), "timestamp": timestamp,
             "nonce": nonce, "openid": OPENID, "encrypt_type": "aes",
             "msg_signature": msg_signature(token, timestamp, nonce, sealed)}
    return "/wechat?" + urlencode(query), body.encode("utf-8")


def _post(webhook, path_and_body, content_type="text/xml"):
    """One push, answered; work started after the reply's commit is let finish before the next
    push (moto is not safe under concurrent transactions; WeChat's retries are seconds apart)."""
    from chalicelib.after_commit import wait_idle

    path, body = path_and_body
    headers = {"Content-Type": content_type} if content_type else {}
    response = webhook.http.post(path, body=body, headers=headers)
    wait_idle()
    return response


def _opened(response, key=KEY, appid=APPID, token=TOKEN):
    """The plaintext reply inside an encrypted answer, after checking its signature."""
    envelope = parse_message(response.body)
    assert envelope["MsgSignature"] == msg_signature(token, envelope["TimeStamp"], envelope["Nonce"],
                                                     envelope["Encrypt"])
    return parse_message(decrypt(envelope["Encrypt"], keys=[key], appid=appid))


# -- URL verification ---------------------------------------------------------------------------
def test_url_verification_echoes_echostr_for_tencents_signature_even_without_content_type(webhook, install):
    # Given the sample token and a clock at the sample's timestamp
    install(clock=FixedClock(parse_instant("2014-09-03T09:14:29Z")), WECHAT_TOKEN=TOKEN)
    query = urlencode({"signature": URL_SIGNATURE, "timestamp": TIMESTAMP, "nonce": NONCE,
                       "echostr": "5837397520665436492"})
    # When WeChat verifies the URL with a bare GET (no Content-Type), or with one
    bare = webhook.http.get(f"/wechat?{query}")
    typed = webhook.http.get(f"/wechat?{query}", headers={"Content-Type": "text/xml"})
    # Then both echo echostr as plain text: no 415
    for response in (bare, typed):
        assert response.status_code == 200 and response.body == b"5837397520665436492"
        assert response.headers["Content-Type"].startswith("text/plain")


@pytest.mark.parametrize("change", [{"signature": "0" * 40}, {"timestamp": "1409735000"}, {"signature": ""}])
def test_url_verification_with_a_wrong_or_stale_signature_is_403(webhook, install, change):
    install(clock=FixedClock(parse_instant("2014-09-03T09:14:29Z")), WECHAT_TOKEN=TOKEN)
    query = {"signature": URL_SIGNATURE, "timestamp": TIMESTAMP, "nonce": NONCE, "echostr": "1"}
    response = webhook.http.get("/wechat?" + urlencode({**query, **change}))
    assert response.status_code == 403 and b"1" != response.body


# -- messages in each mode -----------------------------------------------------------------------
def test_a_plaintext_question_becomes_one_consultation_and_the_reply_gives_its_number(
        webhook, plaintext, categories):
    # When a citizen's question arrives in plaintext mode
    response = _post(webhook, _plain(_message()))
    # Then the reply is an XML text message with the consultation's number and link
    assert response.status_code == 200
    reply = parse_message(response.body)
    (consultation,) = _of_type("Consultation")
    assert consultation["id"] in reply["Content"] and "劳动争议" in reply["Content"]
    assert f"https://zst.example.cn/h5/consultations/{consultation['id']}" in reply["Content"]
    # (written as `dispatching`; started right after the reply, so by now it is being answered)
    assert (consultation["openid"], consultation["category"], consultation["source"],
            consultation["status"]) == (OPENID, "labor", "chat", "answering")
    # and the citizen's customer-service window is open from now, with its counter reset
    citizen = Citizen.get(f"CITIZEN#{OPENID}", "PROFILE")
    assert (citizen.last_inbound_at, citizen.cs_sent_since_inbound, citizen.subscribed) == (
        "2026-03-02T02:00:00Z", 0, True)
    assert citizen.consents == {}


@pytest.mark.parametrize("content_type", ["text/xml", "application/xml", "text/xml; charset=utf-8",
                                          None, "text/html", "application/json"])
def test_posts_with_any_content_type_are_handled(webhook, plaintext, content_type):
    response = _post(webhook, _plain(_message("帮助")), content_type=content_type)
    assert response.status_code == 200 and "掌上通使用说明" in parse_message(response.body)["Content"]


def test_tencents_sample_push_is_opened_through_the_route_and_answered_sealed(webhook, install):
    # Given the sample token, key and appid, and a clock at the sample's timestamp
    install(clock=FixedClock(parse_instant("2014-09-03T09:14:29Z")), WECHAT_TOKEN=TOKEN,
            WECHAT_ENCODING_AES_KEY=KEY, WECHAT_APPID=APPID)
    body = f"<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><Encrypt><![CDATA[{ENCRYPT}]]></Encrypt></xml>"
    query = urlencode({"signature": URL_SIGNATURE, "timestamp": TIMESTAMP, "nonce": NONCE,
                       "encrypt_type": "aes", "msg_signature": MSG_SIGNATURE})
    # When WeChat pushes it
    response = webhook.http.post(f"/wechat?{query}", body=body.encode(), headers={"Content-Type": "text/xml"})
    # Then the answer is an envelope signed like msg_signature, holding a text reply to the sender
    assert response.status_code == 200
    reply = _opened(response)
    assert (reply["ToUserName"], reply["FromUserName"]) == ("oyORnuP8q7ou2gfYjqLzSIWZf0rs", "gh_10f6c3c3ac5a")
    assert "10个字以上" in reply["Content"]  # "abcdteT" is too short to be a question
    # and the message is recorded under the default bureau's account and its MsgId
    assert [d["PK"] for d in _of_type("Dedupe")] == ["DEDUPE#360722#6054768590064713728"]


def test_a_safe_mode_question_is_answered_sealed(webhook, safe, categories):
    response = _post(webhook, _sealed(_message()))
    reply = _opened(response)
    (consultation,) = _of_type("Consultation")
    assert consultation["id"] in reply["Content"]


def test_compatible_mode_reads_the_encrypted_copy_not_the_unsigned_plaintext(webhook, safe, categories):
    # Given a compatible-mode push whose plaintext fields were tampered with (they are not signed)
    forged = "<FromUserName><![CDATA[oSomeoneElse]]></FromUserName><MsgType><![CDATA[text]]></MsgType>"
    response = _post(webhook, _sealed(_message(), compatible_fields=forged))
    # Then the consultation belongs to the sender sealed inside
    assert _opened(response)["ToUserName"] == OPENID
    assert _of_type("Consultation")[0]["openid"] == OPENID


def test_during_a_key_rotation_a_push_sealed_with_the_previous_key_is_answered_with_that_key(
        webhook, install, categories):
    # Given the new key deployed with the old one kept as previous
    install(WECHAT_TOKEN=TOKEN, WECHAT_APPID=APPID, WECHAT_ENCODING_AES_KEY=KEY,
            WECHAT_PREVIOUS_ENCODING_AES_KEY=PREVIOUS_KEY)
    # When WeChat still seals with the old key
    response = _post(webhook, _sealed(_message(), key=PREVIOUS_KEY))
    # Then the message is handled and the reply is sealed with the key WeChat used
    assert "咨询编号" in _opened(response, key=PREVIOUS_KEY)["Content"]
    # and a push sealed with the new key is answered with the new key
    again = _post(webhook, _sealed(_message(msg_id="6054768590064713729")))
    assert "咨询编号" in _opened(again, key=KEY)["Content"]


# -- redeliveries -----------------------------------------------------------------------------------
def test_one_message_delivered_four_times_makes_one_consultation_and_one_reply(
        webhook, plaintext, categories, moto_table):
    # When WeChat delivers the same question four times, seconds apart
    replies = []
    for _ in range(4):
        replies.append(_post(webhook, _plain(_message())).body)
        moto_table.clock.advance(parse_instant("2026-01-01T00:00:05Z") - parse_instant("2026-01-01T00:00:00Z"))
    # Then there is one consultation, one record, and four identical replies
    assert len(_of_type("Consultation")) == 1 and len(_of_type("Dedupe")) == 1
    assert len(set(replies)) == 1 and b"ZX2026" in replies[0]


def test_in_safe_mode_every_redelivery_gets_the_same_reply_sealed_afresh(webhook, safe, categories):
    answers = [_post(webhook, _sealed(_message(), nonce=f"n{i}")) for i in range(4)]
    assert len({_opened(a)["Content"] for a in answers}) == 1
    assert len({parse_message(a.body)["Encrypt"] for a in answers}) == 4
    assert len(_of_type("Consultation")) == 1


@pytest.fixture
def atomic_moto(moto_table):
    """moto's backend calls are serialised for every test (tests/conftest.py), as DynamoDB's own
    transactions are atomic; this names that reliance where a test races requests."""
    return moto_table


def test_four_concurrent_deliveries_make_one_consultation_and_the_same_reply(
        app, plaintext, categories, atomic_moto):
    # Given four WeChat connections carrying the same message at the same moment
    gateway = LocalGateway(app, Config(chalice_stage="local"))
    path, body = _plain(_message())
    start, answers = threading.Barrier(4), []

    def deliver():
        start.wait()
        answers.append(HTTPResponse.create_from_dict(gateway.handle_request(
            method="POST", path=path, headers={"content-type": "text/xml"}, body=body)))
    threads = [threading.Thread(target=deliver) for _ in range(4)]
    # When they are handled concurrently
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    # Then one consultation exists and all four answers are its reply
    (consultation,) = _of_type("Consultation")
    assert [a.status_code for a in answers] == [200] * 4
    assert len({a.body for a in answers}) == 1 and consultation["id"].encode() in answers[0].body


# -- hostile requests ----------------------------------------------------------------------------
def _bare(xml):
    """The message with its Content outside CDATA, so character references in it are read as such."""
    start, end = xml.index("<Content><![CDATA[") + 9, xml.index("]]></Content>")
    return xml[:start] + xml[start + 9:end] + xml[end + 3:]


def _hostile_requests():
    stale = str(int(NOW_TS) - 301)
    yield "forged signature", _plain(_message(), token="not-our-token"), 403
    yield "stale timestamp", _plain(_message(), timestamp=stale), 403
    yield "future timestamp", _plain(_message(), timestamp=str(int(NOW_TS) + 301)), 403
    yield "1 MB body", _plain("<xml><Content>" + "法" * 350_000 + "</Content></xml>"), 413
    yield "entity bomb", _plain(BILLION_LAUGHS), 400
    yield "external entity", _plain(XXE), 400
    yield "not XML", _plain(b"\x00\xff garbage"), 400
    # Text no reply could carry: a surrogate as a character reference or as bytes, control characters
    yield "surrogate reference", _plain(_bare(_message("工资&#xD800;拖欠"))), 400
    yield "surrogate bytes", _plain(_message("工资").encode().replace("工资".encode(), b"\xed\xa0\x80")), 400
    yield "control reference", _plain(_bare(_message("工资&#1;拖欠"))), 400
    yield "raw control", _plain(_message("工资\x01拖欠")), 400


def _hostile_sealed():
    yield "wrong appid", _sealed(_message(), appid="wxattacker0000001"), 400
    yield "forged msg_signature", _sealed(_message(), token="not-our-token"), 403
    yield "stale sealed", _sealed(_message(), timestamp=str(int(NOW_TS) - 3600)), 403
    yield "unknown key", _sealed(_message(), key=PREVIOUS_KEY), 400
    yield "plaintext push in safe mode", _plain(_message(), token=TOKEN), 400
    yield "1 MB sealed", _sealed(_message("法" * 400_000)), 413
    yield "sealed surrogate reference", _sealed(_bare(_message("工资&#xD800;拖欠"))), 400
    yield "sealed raw control", _sealed(_message("工资\x01拖欠")), 400


def _refused_without_writes(webhook, requests, dynamodb_calls):
    for name, request_, status in requests:
        before, calls = _items(), len(dynamodb_calls)
        response = _post(webhook, request_)
        assert response.status_code == status, name
        assert len(response.body) < 64 and b"<" not in response.body, name  # a short reason, no echo
        assert not WRITES & set(dynamodb_calls[calls:]) and _items() == before, name


def test_hostile_plaintext_requests_are_refused_with_a_4xx_and_write_nothing(
        webhook, plaintext, categories, dynamodb_calls):
    # Given forged, stale, oversized and hostile-XML pushes in plaintext mode
    # When each is posted, Then each gets its 4xx, and nothing is written
    _refused_without_writes(webhook, _hostile_requests(), dynamodb_calls)


def test_hostile_safe_mode_requests_are_refused_with_a_4xx_and_write_nothing(
        webhook, safe, categories, dynamodb_calls):
    # Given forged, stale, wrongly addressed, unreadable and oversized pushes in safe mode
    # When each is posted, Then each gets its 4xx, and nothing is written
    _refused_without_writes(webhook, _hostile_sealed(), dynamodb_calls)


# -- follow, unfollow, media --------------------------------------------------------------------
def test_following_from_a_qr_code_creates_the_profile_and_welcomes(webhook, plaintext):
    response = _post(webhook, _plain(_event("subscribe", "qrscene_township-3")))
    reply = parse_message(response.body)
    assert "欢迎关注" in reply["Content"] and 'href="https://zst.example.cn/h5/"' in reply["Content"]
    citizen = Citizen.get(f"CITIZEN#{OPENID}", "PROFILE")
    assert (citizen.subscribed, citizen.scene, citizen.subscribed_at) == (True, "township-3", "2026-03-02T02:00:00Z")


def test_unfollowing_removes_the_profile_and_sessions_but_keeps_the_consultations(
        webhook, plaintext, categories):
    # Given a follower with a consultation and a signed-in H5 session
    _post(webhook, _plain(_event("subscribe")))
    _post(webhook, _plain(_message()))
    Session(sid="s1", role="citizen", subject=OPENID, openid=OPENID, created_at="2026-03-02T01:00:00Z").save()
    # When they unfollow
    response = _post(webhook, _plain(_event("unsubscribe", create_time=str(int(NOW_TS) + 60))))
    # Then WeChat hears success, the profile and the session are gone, the consultation stays
    assert response.status_code == 200 and response.body == b"success"
    assert _of_type("Citizen") == [] and _of_type("Session") == []
    assert len(_of_type("Consultation")) == 1


def test_a_photo_is_attached_to_the_open_consultation(webhook, plaintext, categories):
    _post(webhook, _plain(_message()))
    response = _post(webhook, _plain(_message(msg_type="image", msg_id="7001", PicUrl="http://mmbiz.qpic.cn/p",
                                              MediaId="media-7001")))
    (consultation,) = Consultation.query(f"CONS#{_of_type('Consultation')[0]['id']}")
    assert [(a.kind, a.media_id, a.pic_url) for a in consultation.attachments] == [
        ("image", "media-7001", "http://mmbiz.qpic.cn/p")]
    assert consultation.id in parse_message(response.body)["Content"]


def test_a_menu_click_gets_a_card(webhook, plaintext):
    response = _post(webhook, _plain(_event("CLICK", "LEGAL_AID")))
    assert b"<MsgType><![CDATA[news]]></MsgType>" in response.body
    assert b"https://zst.example.cn/h5/services/legal_aid" in response.body


# -- budget and failures -----------------------------------------------------------------------------
def test_a_question_costs_one_dynamodb_call_once_the_account_and_categories_are_cached(
        webhook, plaintext, categories, dynamodb_calls):
    # When two questions arrive, the first with the account and category caches cold
    _post(webhook, _plain(_message()))
    first = list(dynamodb_calls)
    _post(webhook, _plain(_message("公司把我辞退了也不给经济补偿怎么办才好", msg_id="6054768590064713730")))
    second = dynamodb_calls[len(first):]
    # Then the account (Bureau and Account items) cost one batch read, the categories one query,
    # and the consultation, the dedupe record and the citizen went in one transaction each time
    assert first == ["BatchGetItem", "Query", "TransactWriteItems"]
    assert second == ["TransactWriteItems"]
    assert len(_of_type("Consultation")) == 2


def test_a_redelivery_costs_two_calls_and_writes_nothing(webhook, plaintext, categories, dynamodb_calls):
    from chalicelib.after_commit import wait_idle

    _post(webhook, _plain(_message()))
    wait_idle()  # the question's tier-1 dispatch, started after the first reply, has finished
    before, count = _items(), len(dynamodb_calls)
    _post(webhook, _plain(_message()))
    assert dynamodb_calls[count:] == ["TransactWriteItems", "GetItem"] and _items() == before


def test_when_the_table_is_unreachable_the_citizen_is_asked_to_resend_not_shown_an_error(
        webhook, plaintext, moto_table):
    # Given the table is gone (an outage, a misconfiguration)
    moto_table.dynamodb().delete_table(TableName=moto_table.settings.table_name)
    # When a question arrives
    response = _post(webhook, _plain(_message()))
    # Then WeChat gets a 200 with a polite text reply, never a 500
    assert response.status_code == 200
    assert "重新发送" in parse_message(response.body)["Content"]


def test_a_chat_question_reaches_county_lawyers_right_after_the_reply(
        webhook, plaintext, categories, dynamodb_calls):
    from chalicelib.db.consultations import Consultation
    from chalicelib.db.models import Lawyer, LawyerSlot
    from chalicelib.after_commit import wait_idle

    # Given a 信丰 labour lawyer in the pool
    Lawyer(lawyer_id="L1", name="王律师", licence_no="13607201010100001", firm="信丰律师事务所",
           county="360722", city="360700", province="360000", specialties=["labor"], stars=4.5,
           openid="oLawyer1").save()
    LawyerSlot(lawyer_id="L1", category="labor", county="360722", city="360700",
               province="360000", stars=4.5).save()
    # When a citizen asks in chat and the reply has gone
    _post(webhook, _plain(_message()))
    wait_idle()
    # Then the consultation has started without waiting for the minute's sweep
    (consultation,) = _of_type("Consultation")
    assert Consultation.get(consultation["PK"], "META").status != "dispatching"


# -- the daily limit ---------------------------------------------------------------------------------
def test_a_chat_question_over_the_daily_limit_is_told_the_truth_in_the_reply_and_opens_nothing(
        webhook, plaintext, categories):
    # Given a citizen who has asked five questions in chat today (the daily limit)
    for n in range(5):
        reply = parse_message(_post(webhook, _plain(_message(msg_id=f"60547685900647137{n:02d}"))).body)
        assert "已受理" in reply["Content"]
    # When a sixth question arrives, and WeChat delivers it again
    sixth = _message("公司把我辞退了也不给经济补偿怎么办才好", msg_id="6054768590064713799")
    first, again = _post(webhook, _plain(sixth)), _post(webhook, _plain(sixth))
    # Then the reply says it was not accepted and why, with no number to wait on, both times
    content = parse_message(first.body)["Content"]
    assert "每日上限" in content and "12348" in content
    assert "已受理" not in content and "ZX2026" not in content
    assert again.body == first.body
    # and no sixth consultation exists, the five are being answered (counted once, not again when
    # started), and no later refusal message comes
    assert [c["status"] for c in _of_type("Consultation")] == ["answering"] * 5
    assert not [n for n in _of_type("Notification") if "refused" in n.get("idempotency_key", "")]
