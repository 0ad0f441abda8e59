"""The JS-SDK configuration that lets WeChat render the subscribe open tag: WeChat's own example
signature, the ticket kept until five minutes before it expires."""
from datetime import timedelta

from chalicelib.clock import parse_instant
from chalicelib.wechat import jssdk

NOW = parse_instant("2026-12-02T00:00:00Z")


def test_the_signature_is_wechats_own_example():
    # WeChat's documentation (JS-SDK, 附录1) signs this ticket, nonce, time and URL so
    assert jssdk.signature(
        "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg",
        "Wm3WZYTPz0wzccnW", 1414587457, "http://mp.weixin.qq.com?params=value#top",
    ) == "0f9de62fce790f9a083d5c99e95740ceb90c27ed"


class Store:
    def __init__(self, stored=None):
        self.stored, self.saved = stored, []

    def get(self):
        return self.stored

    def save(self, ticket, expires_at):
        self.saved.append((ticket, expires_at))
        self.stored = {"ticket": ticket, "expires_at": expires_at}


class Client:
    def __init__(self):
        self.calls = 0

    def jsapi_ticket(self):
        self.calls += 1
        return {"ticket": f"t{self.calls}", "expires_in": 7200}


def test_the_ticket_is_fetched_once_and_again_only_near_its_expiry():
    store, client = Store(), Client()
    assert jssdk.ticket(store, client, NOW) == "t1"
    assert jssdk.ticket(store, client, NOW + timedelta(minutes=114)) == "t1"
    assert jssdk.ticket(store, client, NOW + timedelta(minutes=116)) == "t2"
    assert client.calls == 2 and store.saved[0] == ("t1", NOW + timedelta(seconds=7200))


def test_the_config_names_the_open_tag_and_signs_the_page_address():
    config = jssdk.config("wx0123456789abcdef", "https://zst.example/h5/consultations/C1?bureau=360722",
                          store=Store(), client=Client(), now=NOW, nonce="n0nce")
    assert config["openTagList"] == ["wx-open-subscribe"] and config["timestamp"] == int(NOW.timestamp())
    assert config["signature"] == jssdk.signature(
        "t1", "n0nce", config["timestamp"], "https://zst.example/h5/consultations/C1?bureau=360722")
