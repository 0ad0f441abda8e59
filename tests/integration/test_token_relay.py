"""The bureau's token relay (中控服务器): with WECHAT_TOKEN_RELAY_URL set, the platform never asks
WeChat for a token itself (WeChat would refuse Lambda's IP, 40164); it asks the relay, keeps the
token in its store like any other, and asks the relay for a forced refresh when WeChat rejects it."""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import pytest

from chalicelib.clock import FixedClock, parse_instant
from chalicelib.settings import Settings
from chalicelib.wechat.api import ApiError, WeChatAPI
from chalicelib.wechat.relay import TokenRelay, relay_for
from tests.integration.test_wechat_api import MemoryTokenStore
from tests.outbox_fixtures import wechat  # noqa: F401 (fixture)
from tests.unit.test_sweep_run import logged  # noqa: F401 (fixture)

NOW = parse_instant("2026-03-02T02:00:00Z")
KEY = "relay-key-0123456789"


class RelayStandIn:
    """A 中控服务器 on 127.0.0.1: checks the bearer key, and hands out the WeChat stand-in's token
    (a forced refresh revokes the old one first, as WeChat's force_refresh does)."""

    def __init__(self, wechat):
        self.wechat, self.calls = wechat, []
        relay = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                query = dict(parse_qsl(urlsplit(self.path).query))
                relay.calls.append((query, self.headers.get("Authorization")))
                if self.headers.get("Authorization") != f"Bearer {KEY}":
                    body = {"errcode": 401, "errmsg": "unknown caller"}
                else:
                    if query.get("force_refresh") == "1":
                        wechat.revoke_tokens()
                    with wechat.lock:
                        if wechat.current not in wechat.tokens:
                            wechat.current = f"relayed-{next(wechat.ids)}"
                            wechat.tokens.add(wechat.current)
                        body = {"access_token": wechat.current, "expires_in": 7200}
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/token"


@pytest.fixture
def relay(wechat):
    standin = RelayStandIn(wechat)
    yield standin
    if standin.server.socket.fileno() != -1:  # not already taken down by the test
        standin.server.shutdown()
        standin.server.server_close()


def test_tokens_come_from_the_relay_and_never_from_wechat(wechat, relay):
    # Given a client whose settings name the bureau's relay
    api = WeChatAPI(wechat.base, "wxAPPID", "secret", store=MemoryTokenStore(),
                    clock=FixedClock(NOW), relay=TokenRelay(relay.url, KEY))
    # When it sends twice
    api.send_template("o-lawyer", "tpl", {"first": "x"})
    api.send_template("o-lawyer", "tpl", {"first": "y"})
    # Then both reached WeChat, the relay was asked once (for the appid), WeChat's token API never
    assert len(wechat.delivered()) == 2
    assert [query for query, _ in relay.calls] == [{"appid": "wxAPPID"}]
    assert wechat.token_calls() == []


def test_a_token_wechat_rejects_is_refreshed_by_the_relay_with_force(wechat, relay):
    # Given a client holding a relayed token that WeChat has since revoked
    api = WeChatAPI(wechat.base, "wxAPPID", "secret", store=MemoryTokenStore(),
                    clock=FixedClock(NOW), relay=TokenRelay(relay.url, KEY))
    api.send_template("o-lawyer", "tpl", {})
    wechat.revoke_tokens()
    # When it sends again
    api.send_template("o-lawyer", "tpl", {})
    # Then the relay was asked for a forced refresh and the send went through
    assert relay.calls[-1][0] == {"appid": "wxAPPID", "force_refresh": "1"}
    assert len(wechat.delivered()) == 2


def test_a_relay_refusal_fails_the_send_and_is_logged_for_the_alarm(wechat, relay, logged):
    # Given a client with the wrong relay key
    api = WeChatAPI(wechat.base, "wxAPPID", "secret", store=MemoryTokenStore(),
                    clock=FixedClock(NOW), relay=TokenRelay(relay.url, "wrong"))
    # When it sends
    with pytest.raises(ApiError) as refused:
        api.send_template("o-lawyer", "tpl", {})
    # Then nothing was sent, and the refresh failure is logged with its errcode, never a secret
    assert refused.value.errcode == 401 and wechat.delivered() == []
    failures = [line for line in logged if line.get("event") == "wechat_token_refresh_failed"]
    assert len(failures) == 1 and failures[0]["errcode"] == 401 and failures[0]["relay"] is True
    assert "wrong" not in json.dumps(logged) and "secret" not in json.dumps(logged)


def test_the_relay_is_used_only_when_its_url_is_set():
    assert relay_for(Settings(wechat_token_relay_url="")) is None
    chosen = relay_for(Settings(wechat_token_relay_url="https://zk.example.gov.cn/token",
                                wechat_token_relay_key=KEY))
    assert (chosen.url, chosen.key) == ("https://zk.example.gov.cn/token", KEY)


def test_a_relay_that_is_down_is_named_in_the_failure(wechat, relay):
    # Given a relay that stopped answering
    url = relay.url
    relay.server.shutdown()
    relay.server.server_close()
    api = WeChatAPI(wechat.base, "wxAPPID", "secret", store=MemoryTokenStore(),
                    clock=FixedClock(NOW), relay=TokenRelay(url, KEY, timeout=1))
    # When a send needs a token, Then it fails as unreachable, naming the relay
    with pytest.raises(ApiError) as failed:
        api.send_template("o-lawyer", "tpl", {})
    assert failed.value.retryable and str(failed.value).startswith("unreachable: token relay: ")
    assert wechat.token_calls() == [] and wechat.delivered() == []
