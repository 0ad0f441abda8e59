"""The local WeChat API stand-in: what it answers, what it records, and how it misbehaves on request."""
import http.client
import json
import time
import urllib.error
import urllib.request

import pytest

from local.wechat_stub import DROP, WeChatStandIn, serve

APPID, SECRET = "wx-test", "test-secret"
CUSTOM = "/cgi-bin/message/custom/send"


def fixed_now():
    return "2026-03-02T08:00:00.000Z"


@pytest.fixture
def standin():
    return WeChatStandIn(appid=APPID, secret=SECRET, now=fixed_now)


def token(standin, force_refresh=False):
    _, payload = standin.handle("POST", "/cgi-bin/stable_token", {}, {
        "grant_type": "client_credential", "appid": APPID, "secret": SECRET, "force_refresh": force_refresh})
    return payload["access_token"]


def send(standin, access_token, touser="o-citizen", path=CUSTOM):
    return standin.handle("POST", path, {"access_token": access_token},
                          {"touser": touser, "msgtype": "text", "text": {"content": "您的咨询已有律师回复"}})


def test_a_send_with_an_issued_token_is_answered_ok_and_recorded_for_its_recipient(standin):
    # Given a token the stand-in issued
    access_token = token(standin)
    # When a customer-service message is sent with it
    status, payload = send(standin, access_token)
    # Then WeChat's "ok" comes back with a message id, and the message is on record for its recipient
    assert status == 200 and payload["errcode"] == 0 and payload["errmsg"] == "ok"
    assert isinstance(payload["msgid"], int)
    [record] = standin.records(touser="o-citizen")
    assert record["path"] == CUSTOM and record["json"]["text"]["content"] == "您的咨询已有律师回复"
    assert record["query"] == {"access_token": access_token} and record["time"] == fixed_now()


@pytest.mark.parametrize("path", ["/cgi-bin/message/template/send", "/cgi-bin/message/subscribe/bizsend",
                                  CUSTOM, "/cgi-bin/menu/create"])
def test_a_call_with_a_token_it_never_issued_is_refused_with_40001(standin, path):
    # Given no token was ever issued
    # When a send or menu call carries a made-up token
    status, payload = send(standin, "forged-token", path=path)
    # Then it is refused the way WeChat refuses a stale token
    assert (status, payload["errcode"]) == (200, 40001)


def test_stable_token_stays_the_same_until_a_forced_refresh(standin):
    # Given a stable token
    first = token(standin)
    # When it is asked for again, then with force_refresh
    again, refreshed = token(standin), token(standin, force_refresh=True)
    # Then the same token comes back until the refresh, which issues a new one
    assert again == first and refreshed != first
    assert send(standin, first)[1]["errcode"] == 0  # the old one still works (WeChat's overlap)


def test_a_token_request_with_the_wrong_secret_or_appid_is_refused(standin):
    # Given the stand-in knows the account's appid and secret
    # When a token is asked for with the wrong secret, then the wrong appid
    _, bad_secret = standin.handle("GET", "/cgi-bin/token", {"appid": APPID, "secret": "nope"}, None)
    _, bad_appid = standin.handle("GET", "/cgi-bin/token", {"appid": "wx-other", "secret": SECRET}, None)
    # Then neither gets a token
    assert bad_secret["errcode"] == 40125 and bad_appid["errcode"] == 40013
    assert "access_token" not in bad_secret and "access_token" not in bad_appid


def test_oauth_code_local_openid_stands_for_that_openid_and_other_codes_are_invalid(standin):
    # Given the local convention code = "local-<openid>"
    query = {"appid": APPID, "secret": SECRET, "grant_type": "authorization_code"}
    # When the H5 page exchanges such a code, and a code of any other shape
    _, known = standin.handle("GET", "/sns/oauth2/access_token", {**query, "code": "local-o-lawyer-7"}, None)
    _, unknown = standin.handle("GET", "/sns/oauth2/access_token", {**query, "code": "061abc"}, None)
    # Then the first yields that openid and the second WeChat's invalid-code error
    assert known["openid"] == "o-lawyer-7" and known["scope"] == "snsapi_base"
    assert unknown == {"errcode": 40029, "errmsg": "invalid code"}


def test_records_filter_by_recipient_keep_arrival_order_and_can_be_cleared(standin):
    # Given messages to two citizens
    access_token = token(standin)
    for touser in ("o-a", "o-b", "o-a"):
        send(standin, access_token, touser=touser, path="/cgi-bin/message/template/send")
    # When the records of one are read
    mine = standin.records(touser="o-a")
    # Then only theirs come back, oldest first; and clearing forgets everything
    assert [r["json"]["touser"] for r in mine] == ["o-a", "o-a"]
    assert mine[0]["answer"]["msgid"] < mine[1]["answer"]["msgid"]
    standin.clear_records()
    assert standin.records() == []


def test_an_errcode_behaviour_fails_the_next_calls_then_lets_them_through(standin):
    # Given a valid token, and the stand-in told to answer 45015 twice
    access_token = token(standin)
    standin.set_behaviour({"fail_with": 45015, "times": 2})
    # When three messages are sent
    answers = [send(standin, access_token)[1]["errcode"] for _ in range(3)]
    # Then the first two fail as asked, the third goes through, and all three are on record
    assert answers == [45015, 45015, 0]
    assert [r["answer"]["errcode"] for r in standin.records(touser="o-citizen")] == [45015, 45015, 0]


def test_http500_and_drop_behaviours_fail_every_call_until_reset(standin):
    access_token = token(standin)
    # Given the stand-in told to answer HTTP 500
    standin.set_behaviour({"fail_with": "http500"})
    # Then sends get a 500
    assert send(standin, access_token)[0] == 500
    # Given it told to drop connections
    standin.set_behaviour({"fail_with": "drop"})
    # Then it gives no answer at all
    assert send(standin, access_token) == (None, DROP)
    # Given an empty behaviour, then all is well again
    standin.set_behaviour({})
    assert send(standin, access_token)[1]["errcode"] == 0


def test_a_behaviour_it_does_not_know_is_refused(standin):
    with pytest.raises(ValueError):
        standin.set_behaviour({"fail_with": "explode"})


# -- over HTTP ---------------------------------------------------------------------------------


@pytest.fixture
def base_url():
    server, _ = serve(0, appid=APPID, secret=SECRET)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def call(base_url, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base_url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_over_http_a_send_shows_up_in_records_and_delete_clears_them(base_url):
    # Given a token from GET /cgi-bin/token
    _, issued = call(base_url, "GET", f"/cgi-bin/token?grant_type=client_credential&appid={APPID}&secret={SECRET}")
    # When a template message is posted with it
    status, sent = call(base_url, "POST", f"/cgi-bin/message/template/send?access_token={issued['access_token']}",
                        {"touser": "o-x", "template_id": "T1", "data": {"first": {"value": "已受理"}}})
    # Then it is answered ok and GET /_records?touser= shows it; DELETE /_records empties the list
    assert status == 200 and sent["errcode"] == 0 and issued["expires_in"] == 7200
    _, records = call(base_url, "GET", "/_records?touser=o-x")
    assert [r["json"]["data"]["first"]["value"] for r in records] == ["已受理"]
    assert call(base_url, "DELETE", "/_records") == (200, {"errcode": 0, "errmsg": "ok"})
    assert call(base_url, "GET", "/_records")[1] == []


def test_over_http_a_delay_behaviour_slows_the_answer(base_url):
    # Given the stand-in told to take 150 ms
    call(base_url, "POST", "/_behaviour", {"delay_ms": 150})
    # When a token is asked for
    started = time.monotonic()
    status, _ = call(base_url, "POST", "/cgi-bin/stable_token", {"appid": APPID, "secret": SECRET})
    # Then the answer comes, late
    assert status == 200 and time.monotonic() - started >= 0.15


def test_over_http_a_drop_behaviour_closes_the_connection_unanswered(base_url):
    # Given the stand-in told to drop
    call(base_url, "POST", "/_behaviour", {"fail_with": "drop"})
    # When a token is asked for, then the client sees the connection close with no response
    with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
        call(base_url, "POST", "/cgi-bin/stable_token", {"appid": APPID, "secret": SECRET})


def test_over_http_a_bad_behaviour_is_a_400_and_an_unknown_api_a_404(base_url):
    assert call(base_url, "POST", "/_behaviour", {"fail_with": "explode"})[0] == 400
    assert call(base_url, "GET", "/cgi-bin/nothing-here")[0] == 404


def test_several_stand_in_accounts_each_get_their_own_token_and_each_send_names_its_appid():
    # Given a stand-in for the local stack's accounts (the default bureau's, 大余's, the lawyers')
    standin = WeChatStandIn(appid=[APPID, "wxlocal360723", "wxlocallawyers"], secret=SECRET, now=fixed_now)

    def token_of(appid):
        return standin.handle("POST", "/cgi-bin/stable_token", {}, {
            "grant_type": "client_credential", "appid": appid, "secret": SECRET})[1]
    # When each asks for a stable token and sends with it
    tokens = {appid: token_of(appid)["access_token"] for appid in (APPID, "wxlocal360723")}
    send(standin, tokens["wxlocal360723"], touser="o-dayu")
    send(standin, tokens[APPID], touser="o-xinfeng")
    # Then the tokens differ, stay stable per appid, and each record says whose token sent it
    assert tokens[APPID] != tokens["wxlocal360723"]
    assert token_of("wxlocal360723")["access_token"] == tokens["wxlocal360723"]
    assert [r["appid"] for r in standin.records(touser="o-dayu")] == ["wxlocal360723"]
    assert [r["appid"] for r in standin.records(touser="o-xinfeng")] == [APPID]
    # and an appid the stack does not run is refused
    assert token_of("wxSomeoneElse")["errcode"] == 40013
