"""The local WeChat simulator (/dev/wechat): what it pushes is signed — and in safe mode encrypted —
exactly as WeChat does, checked here by a tiny HTTP callback built on chalicelib.wechat.crypto alone;
the passive reply comes back read and checked as WeChat would; the stand-in's records for a user are
shown; and on any stage but local, every route of it is a 404."""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import pytest
from chalice.test import Client

from chalicelib.routes import dev_wechat
from chalicelib.wechat import crypto, news_reply, parse_message, seal_reply, text_reply
from chalicelib.wiring import Services, use

TOKEN = "sim-token"
APPID = "wx00000000000sim01"
KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
QUESTION = "公司拖欠我三个月工资不发，我该怎么维权？"


class Callback:
    """A stand-in for our /wechat that trusts nothing: it checks every push with crypto alone and
    answers with what the test chose (a text reply by default, sealed when the push was)."""

    def __init__(self):
        self.pushes, self.answer = [], None
        handler = type("Handler", (_Handler,), {"callback": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def receive(self, path, query, body):
        """(status, reply) for one push; records what it could verify."""
        if path != "/wechat":
            return 404, "no such path"
        try:
            crypto.verify(query.get("signature"), token=TOKEN, timestamp=query["timestamp"],
                          nonce=query["nonce"])
            xml = body
            if query.get("encrypt_type") == "aes":
                sealed = parse_message(body)["Encrypt"]
                crypto.verify(query.get("msg_signature"), token=TOKEN, timestamp=query["timestamp"],
                              nonce=query["nonce"], encrypt=sealed)
                xml = crypto.decrypt(sealed, keys=[KEY], appid=APPID)
        except Exception as refused:  # what our callback does too: a 4xx, never a reply
            return 403, getattr(refused, "reason", "bad_push")
        message = parse_message(xml)
        self.pushes.append({"query": query, "body": body, "message": message})
        reply = self.answer(message) if self.answer else text_reply(
            to_user=message["FromUserName"], from_user=message["ToUserName"],
            create_time=int(query["timestamp"]), content='收到。<a href="http://h5.test/h5/">首页</a>')
        if query.get("encrypt_type") == "aes" and "<Encrypt>" not in reply:
            reply = seal_reply(reply, token=TOKEN, key=KEY, appid=APPID, timestamp=query["timestamp"],
                               nonce=query["nonce"])
        return 200, reply


class _Handler(BaseHTTPRequestHandler):
    callback = None

    def do_POST(self):
        parts = urlsplit(self.path)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8")
        status, reply = self.callback.receive(parts.path, dict(parse_qsl(parts.query)), body)
        data = reply.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *_args):
        pass


@pytest.fixture
def callback(request, env):
    """The callback, in plaintext mode unless a test asks for "safe" (indirect parametrization)."""
    server = Callback()
    safe = getattr(request, "param", "plaintext") == "safe"
    env(PUBLIC_BASE_URL=server.url, WECHAT_TOKEN=TOKEN, WECHAT_APPID=APPID,
        WECHAT_ENCODING_AES_KEY=KEY if safe else "")
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture
def site(callback, moto_table):
    import app as main

    if "/dev/wechat" not in main.app.routes:  # until app.py registers the blueprint itself
        main.app.register_blueprint(dev_wechat.bp)
    with Client(main.app) as client:
        yield client


def _rewire(env, clock, **values):
    """Change the environment and the services with it. Settings are read now: chalice's test
    client sets its own stage's STAGE while it serves a request."""
    env(**values)
    use(Services(clock=clock)).settings


def _send(site, **body):
    response = site.http.post("/dev/wechat/send", body=json.dumps(body),
                              headers={"Content-Type": "application/json"})
    return response.status_code, json.loads(response.body)


def _timestamp(clock):
    return str(int(clock.now().timestamp()))


def test_a_text_message_is_pushed_signed_as_wechat_signs_it_and_the_reply_comes_back(
        site, callback, clock):
    # When the simulated citizen sends a question
    status, result = _send(site, openid="o-sim-1", kind="text", content=QUESTION)
    # Then the callback got one push whose URL signature verifies, stamped with the clock's time
    assert status == 200 and len(callback.pushes) == 1
    push = callback.pushes[0]
    assert push["query"]["timestamp"] == _timestamp(clock) and push["query"]["openid"] == "o-sim-1"
    assert "encrypt_type" not in push["query"] and "msg_signature" not in push["query"]
    # And the message is WeChat's text message, with a numeric MsgId for deduplication
    message = push["message"]
    assert message["MsgType"] == "text" and message["Content"] == QUESTION
    assert message["FromUserName"] == "o-sim-1" and message["MsgId"].isdigit()
    assert message["CreateTime"] == _timestamp(clock)
    # And the passive reply comes back as chat text, links and all
    assert result["mode"] == "plaintext" and result["status"] == 200
    assert result["reply"]["type"] == "text"
    assert result["reply"]["content"] == '收到。<a href="http://h5.test/h5/">首页</a>'


@pytest.mark.parametrize("callback", ["safe"], indirect=True)
def test_in_safe_mode_the_push_is_encrypted_with_msg_signature_and_the_sealed_reply_is_opened(
        site, callback):
    # Given a callback that answers with a news card
    card = {"title": "申请法律援助", "description": "在线申请",
            "url": "http://h5.test/h5/services/legal_aid"}
    callback.answer = lambda m: news_reply(to_user=m["FromUserName"], from_user=m["ToUserName"],
                                           create_time=1, articles=[card])
    # When the simulated citizen clicks a menu item
    status, result = _send(site, openid="o-sim-2", kind="click", key="LEGAL_AID")
    # Then the push carried msg_signature over the ciphertext, and no plaintext in its body
    assert status == 200 and len(callback.pushes) == 1
    push = callback.pushes[0]
    assert push["query"]["encrypt_type"] == "aes" and "LEGAL_AID" not in push["body"]
    assert push["message"]["Event"] == "CLICK" and push["message"]["EventKey"] == "LEGAL_AID"
    # And the sealed reply was verified, decrypted and read as a news card
    assert result["mode"] == "safe"
    assert result["reply"]["type"] == "news"
    assert result["reply"]["articles"] == [dict(card, pic_url="")]


@pytest.mark.parametrize("callback", ["safe"], indirect=True)
def test_a_sealed_reply_whose_signature_does_not_verify_is_reported_not_shown(site, callback):
    # Given a callback whose encrypted reply carries a wrong MsgSignature
    callback.answer = lambda m: seal_reply(
        text_reply(to_user=m["FromUserName"], from_user=m["ToUserName"], create_time=1, content="伪造"),
        token="another-token", key=KEY, appid=APPID, timestamp=1, nonce="1")
    # When a message is sent
    status, result = _send(site, openid="o-sim-3", kind="text", content="你好")
    # Then WeChat would drop that reply, and the simulator says why instead of showing it
    assert status == 200
    assert result["reply"] == {"type": "broken", "reason": "回复无法通过校验：bad_signature"}


@pytest.mark.parametrize("kind, key, fields", [
    ("subscribe", "", {"MsgType": "event", "Event": "subscribe"}),
    ("subscribe", "poster-7", {"MsgType": "event", "Event": "subscribe", "EventKey": "qrscene_poster-7"}),
    ("unsubscribe", "", {"MsgType": "event", "Event": "unsubscribe"}),
    ("image", "", {"MsgType": "image"}),
])
def test_follow_unfollow_and_photos_are_pushed_with_wechats_fields(site, callback, kind, key, fields):
    # When the simulated user follows, unfollows or sends a photo
    status, result = _send(site, openid="o-sim-4", kind=kind, key=key)
    # Then the callback receives exactly WeChat's fields for it
    message = callback.pushes[0]["message"]
    assert status == 200 and {k: message.get(k) for k in fields} == fields
    if kind == "image":  # a photo is a message: it carries a MsgId, a PicUrl and a MediaId
        assert message["MsgId"].isdigit() and message["PicUrl"].startswith("http") and message["MediaId"]
    else:  # events carry none: WeChat dedupes them by sender and CreateTime
        assert "MsgId" not in message
    assert result["reply"]["type"] == "text"


def test_the_callbacks_refusal_is_shown_with_its_reason(site, callback, env, clock):
    # Given the app configured with a token the callback does not share
    _rewire(env, clock, WECHAT_TOKEN="not-the-callbacks-token")
    # When a message is sent
    status, result = _send(site, openid="o-sim-5", kind="text", content="你好")
    # Then the refusal is shown, as the callback said it
    assert status == 200 and callback.pushes == []
    assert result["reply"] == {"type": "refused", "status": 403, "reason": "bad_signature"}


def test_a_menu_click_needs_its_key_and_bad_input_is_refused(site, callback):
    for body in ({"openid": "o-sim-6", "kind": "click"}, {"openid": "o/sim", "kind": "text"},
                 {"openid": "o-sim-6", "kind": "video"}):
        status, result = _send(site, **body)
        assert status == 400 and result["error"]["code"] in ("missing_key", "validation_failed")
    assert callback.pushes == []


def test_an_unreachable_callback_is_a_502_not_a_500(site, env, clock):
    # Given PUBLIC_BASE_URL pointing where nothing listens
    _rewire(env, clock, PUBLIC_BASE_URL="http://127.0.0.1:9")
    status, result = _send(site, openid="o-sim-7", kind="text", content="你好")
    assert status == 502 and result["error"]["code"] == "upstream_unreachable"


def test_notifications_show_what_the_stand_in_received_for_that_user_only(site, env, clock):
    # Given the WeChat API stand-in, which received a template message for one lawyer and a
    # customer-service message for someone else
    from local.wechat_stub import serve

    server, standin = serve(0, appid=APPID)
    try:
        _, answer = standin.handle("POST", "/cgi-bin/stable_token", {}, {"appid": APPID})
        token = {"access_token": answer["access_token"]}
        standin.handle("POST", "/cgi-bin/message/template/send", token, {
            "touser": "o-lawyer-1", "template_id": "consultation_dispatched",
            "url": "http://h5.test/h5/lawyer",
            "data": {"consultation": {"value": "ZX20260302-ABCDEF"},
                     "note": {"value": "新咨询：公司拖欠工资"}}})
        standin.handle("POST", "/cgi-bin/message/custom/send", token, {
            "touser": "o-citizen-9", "msgtype": "text", "text": {"content": "别人的消息"}})
        _rewire(env, clock, WECHAT_API_BASE=f"http://127.0.0.1:{server.server_address[1]}")
        # When the simulator asks for the lawyer's notifications
        response = site.http.get("/dev/wechat/notifications?openid=o-lawyer-1")
    finally:
        server.shutdown()
        server.server_close()
    # Then it sees that one template message, its fields and link, and no access token
    assert response.status_code == 200
    body = json.loads(response.body)
    assert body["openid"] == "o-lawyer-1" and len(body["records"]) == 1
    note = body["records"][0]
    assert note["channel"] == "template" and note["template"] == "consultation_dispatched" and note["ok"]
    assert note["data"] == {"consultation": "ZX20260302-ABCDEF", "note": "新咨询：公司拖欠工资"}
    assert note["url"] == "http://h5.test/h5/lawyer"
    assert note["account"] == "360722"  # sent by the default bureau's account (APPID)
    assert "access_token" not in response.body.decode("utf-8")


def test_notifications_from_a_stand_in_that_is_down_are_a_502(site, env, clock):
    _rewire(env, clock, WECHAT_API_BASE="http://127.0.0.1:9")
    response = site.http.get("/dev/wechat/notifications?openid=o-sim-8")
    assert response.status_code == 502
    assert json.loads(response.body)["error"]["code"] == "upstream_unreachable"


def test_the_page_is_a_phone_chat_with_the_published_menu_and_the_seeded_lawyers(site):
    # When the simulator page is opened
    response = site.http.get("/dev/wechat")
    page, headers = response.body.decode("utf-8"), {k.lower(): v for k, v in response.headers.items()}
    # Then it is an HTML page under the H5 CSP, loading scripts only from this app
    assert response.status_code == 200 and headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in headers["content-security-policy"]
    scripts = [chunk.split(">", 1)[0] for chunk in page.split("<script")[1:]]
    assert all('src="/static/js/' in s or 'type="application/json"' in s for s in scripts)
    assert "/static/css/dev_wechat.css?v=" in page and "/static/js/dev_wechat.js?v=" in page
    # And it offers every CLICK key of infra/wechat-menu.json, and the seeded 信丰 lawyers
    for key in ("ASK", "LEGAL_AID", "NOTARIZATION", "MEDIATION", "RECONSIDERATION", "MY_PROGRESS"):
        assert f'data-key="{key}"' in page
    data = json.loads(page.split('id="zst-page-data">', 1)[1].split("</script>", 1)[0])
    assert data["mode"] == "plaintext" and data["lawyers"][0]["name"] == "刘建华"
    assert data["lawyers"][0]["openid"].startswith("o") and len(data["lawyers"][0]["openid"]) == 28


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_every_simulator_route_is_404_outside_the_local_stage(site, callback, env, clock, stage):
    # Given a deployed stage
    _rewire(env, clock, STAGE=stage, SESSION_SECRET="p" * 40)
    # When the page, a send and the notifications are asked for
    page = site.http.get("/dev/wechat")
    status, result = _send(site, openid="o-sim-9", kind="text", content=QUESTION)
    notices = site.http.get("/dev/wechat/notifications?openid=o-sim-9")
    # Then each is a 404 as if it did not exist, and nothing was pushed to the callback
    assert page.status_code == 404 and status == 404 and notices.status_code == 404
    assert result["error"]["code"] == "not_found"
    assert callback.pushes == []
