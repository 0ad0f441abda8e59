"""WeChat OAuth pieces without the table: `next` validation, the state, the authorize URL, and the
code exchange against a fake WeChat on 127.0.0.1."""
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from chalicelib.auth import oauth
from chalicelib.errors import Unauthorized
from tests.fake_wechat_oauth import FakeWeChatOAuth


@pytest.fixture
def wechat():
    fake = FakeWeChatOAuth()
    yield fake
    fake.close()


def _exchange(wechat, code, **kwargs):
    return oauth.exchange_code(code, api_base=wechat.url, appid="wxapp", secret="s3cret", **kwargs)


@pytest.mark.parametrize("target", ["/h5/", "/h5/consultations/C1?tab=answers#top", "/", "/%2F%2Fx"])
def test_a_local_path_is_kept_as_next(target):
    assert oauth.safe_next(target) == target


@pytest.mark.parametrize("target", [
    "//evil.com", "https://evil.com", "https://evil.com/h5/", "/\\evil.com", "\\\\evil.com",
    "/\t/evil.com", "/h5/\n", "javascript:alert(1)", "evil.com/h5", "", None, 42, "/法律",
    "/" + "a" * 1024,
])
def test_anything_but_a_local_path_falls_back_to_the_h5_home(target):
    assert oauth.safe_next(target) == "/h5/"


def test_states_are_32_alphanumerics_and_do_not_repeat():
    states = {oauth.new_state() for _ in range(200)}
    assert len(states) == 200
    assert all(re.fullmatch(r"[A-Za-z0-9]{32}", state) for state in states)


def test_authorize_url_is_wechats_snsapi_base_form_in_its_required_order():
    url = oauth.authorize_url("wxapp", "https://zst.example.cn/api/auth/wechat/callback", "S" * 32)
    assert url.startswith("https://open.weixin.qq.com/connect/oauth2/authorize?appid=wxapp&redirect_uri=")
    assert url.endswith("&response_type=code&scope=snsapi_base&state=" + "S" * 32 + "#wechat_redirect")
    query = parse_qs(urlsplit(url).query)
    assert query["redirect_uri"] == ["https://zst.example.cn/api/auth/wechat/callback"]


def test_a_granted_code_is_exchanged_for_its_openid(wechat):
    # Given WeChat grants code C1 for openid o-abc
    wechat.grant("C1", "o-abc")
    # When the platform exchanges it
    openid = _exchange(wechat, "C1")
    # Then it gets the openid, having asked with its appid, secret and the code grant
    assert openid == "o-abc"
    assert wechat.requests == [{"path": "/sns/oauth2/access_token", "query": {
        "appid": "wxapp", "secret": "s3cret", "code": "C1", "grant_type": "authorization_code"}}]


def test_a_wechat_errcode_is_a_refusal(wechat):
    with pytest.raises(Unauthorized) as refused:
        _exchange(wechat, "used-or-unknown")
    assert refused.value.code == "oauth_refused"


@pytest.mark.parametrize("code", ["", None, "a" * 129, "C1&secret=x", "../x"])
def test_a_malformed_code_never_reaches_wechat(wechat, code):
    with pytest.raises(Unauthorized):
        _exchange(wechat, code)
    assert wechat.requests == []


def test_a_broken_answer_or_missing_openid_is_not_a_sign_in(wechat):
    wechat.codes["C2"] = {"access_token": "at"}
    with pytest.raises(Unauthorized):
        _exchange(wechat, "C2")
    wechat.codes["C3"] = {"openid": "o bad/openid"}
    with pytest.raises(Unauthorized):
        _exchange(wechat, "C3")


@pytest.mark.parametrize("trouble", ["http500", "garbage", "slow", "down"])
def test_a_wechat_that_is_down_slow_or_garbled_is_unavailable(wechat, trouble):
    # Given WeChat in trouble
    wechat.grant("C1", "o-abc")
    api_base = wechat.url
    if trouble == "http500":
        wechat.status = 500
    elif trouble == "garbage":
        wechat.raw = b"<html>bad gateway</html>"
    elif trouble == "slow":
        wechat.delay = 0.5
    else:
        wechat.close()
    # When the platform exchanges a code (with a short timeout standing in for the 3 s one)
    with pytest.raises(oauth.WeChatUnavailable) as unavailable:
        oauth.exchange_code("C1", api_base=api_base, appid="wxapp", secret="s3cret", timeout=0.1)
    # Then it is a 502 the page can explain, not a crash
    assert unavailable.value.status == 502
