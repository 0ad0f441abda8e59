"""Each Official Account answers only on its own callback (docs/decisions/many-bureaus.md §6 item 5).

Bureau A (360722, the default), bureau B (360723) and the lawyers' account each have their own
appid, original id, token and key. The matrix sends a question sealed (or, in plaintext mode, signed)
by each account to each callback URL: only the diagonal opens; every other cell is a 4xx and writes
nothing. Around it: unknown, suspended and onboarding accounts, a key rotation, and the lawyers'
account, which only ever points to the workbench."""
import json
import os
from urllib.parse import urlencode

import pytest
from chalice.test import Client

from chalicelib.clock import FixedClock, parse_instant
from chalicelib.db.bureaus import Account, Bureau
from chalicelib.db.followers import Follow
from chalicelib.db.models import Lawyer, LawyerSlot
from chalicelib.wechat import decrypt, encrypt, msg_signature, parse_message, url_signature
from chalicelib.wiring import Services, use

NOW = parse_instant("2026-03-02T02:00:00Z")  # the moto_table fixture's clock
NOW_TS = str(int(NOW.timestamp()))
QUESTION = "老板拖欠我三个月工资一共九千元，我该怎么要回来？"
KEYS = {"A": "A" * 43, "B": "B" * 43, "lawyers": "L" * 43}
PREVIOUS_B = "P" * 43
ACCOUNTS = {  # who: (account name, appid, original id, token)
    "A": ("360722", "wxAAAAAAAAAAAAAAAA", "gh_aaaaaaaaaaaa", "tokenA"),
    "B": ("360723", "wxBBBBBBBBBBBBBBBB", "gh_bbbbbbbbbbbb", "tokenB"),
    "lawyers": ("lawyers", "wxLLLLLLLLLLLLLLLL", "gh_llllllllllll", "tokenL"),
}
URLS = {"/wechat/360722": "A", "/wechat/360723": "B", "/wechat": "A", "/wechat/lawyers": "lawyers"}


# -- the deployment: two bureaus and the lawyers' account -------------------------------------------
def _bureaus(status_b="live"):
    Bureau(code="360722", name="信丰县司法局", short_name="信丰", regions=["360722"],
           account="360722").save()
    Bureau(code="360723", name="大余县司法局", short_name="大余", regions=["360723"],
           account="360723", status=status_b).save()
    for who, (name, appid, original_id, _) in ACCOUNTS.items():
        Account(account=name, appid=appid, original_id=original_id,
                bureau=None if who == "lawyers" else name).save()


@pytest.fixture
def deploy(env, moto_table):
    """Install the three accounts in `mode` (safe: every account has a key; plain: none has)."""
    def _deploy(mode="safe", status_b="live", previous_b=""):
        env(PUBLIC_BASE_URL="https://zst.example.cn", LOCAL_ACCOUNTS=json.dumps({
            name: {"appid": appid, "appsecret": f"secret-{who}", "token": token,
                   "aes_key": KEYS[who] if mode == "safe" else "",
                   "previous_aes_key": previous_b if who == "B" else "", "original_id": original_id}
            for who, (name, appid, original_id, token) in ACCOUNTS.items()}))
        services = use(Services(clock=moto_table.clock))
        services.table()
        _bureaus(status_b)
        return services
    return _deploy


@pytest.fixture
def webhook(moto_table):
    from app import app

    with Client(app) as client:
        yield client


def _items():
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends

    table = dynamodb_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].get_table("zst-test")
    return sorted(json.dumps({k: v.value for k, v in item.attrs.items()}, sort_keys=True, default=str)
                  for item in table.all_items())


def _of_type(kind):
    return [json.loads(i) for i in _items() if json.loads(i).get("type") == kind]


# -- pushes as WeChat sends them --------------------------------------------------------------------
def _xml(who, content=QUESTION, msg_id="6054768590064713728", **fields):
    parts = {"ToUserName": ACCOUNTS[who][2], "FromUserName": f"oCitizen{who}", "CreateTime": NOW_TS,
             "MsgType": "text", "Content": content, "MsgId": msg_id, **fields}
    parts = {k: v for k, v in parts.items() if v is not None}
    return "<xml>" + "".join(f"<{k}><![CDATA[{v}]]></{k}>" for k, v in parts.items()) + "</xml>"


def _push(url, who, mode, xml=None, key=None, nonce="7319"):
    """(path, body) of a push from WeChat to `url`, sealed (or signed) as account `who`."""
    _, appid, original_id, token = ACCOUNTS[who]
    xml = xml or _xml(who)
    query = {"signature": url_signature(token, NOW_TS, nonce), "timestamp": NOW_TS, "nonce": nonce,
             "openid": f"oCitizen{who}"}
    if mode == "plain":
        return f"{url}?{urlencode(query)}", xml.encode("utf-8")
    sealed = encrypt(xml, key=key or KEYS[who], appid=appid)
    query.update(encrypt_type="aes", msg_signature=msg_signature(token, NOW_TS, nonce, sealed))
    body = f"<xml><ToUserName><![CDATA[{original_id}]]></ToUserName><Encrypt><![CDATA[{sealed}]]></Encrypt></xml>"
    return f"{url}?{urlencode(query)}", body.encode("utf-8")


def _post(webhook, path_and_body):
    from chalicelib.after_commit import wait_idle

    path, body = path_and_body
    response = webhook.http.post(path, body=body, headers={"Content-Type": "text/xml"})
    wait_idle()
    return response


def _reply(response, who, mode, key=None):
    if mode == "plain":
        return parse_message(response.body)
    envelope = parse_message(response.body)
    token, appid = ACCOUNTS[who][3], ACCOUNTS[who][1]
    assert envelope["MsgSignature"] == msg_signature(token, envelope["TimeStamp"], envelope["Nonce"],
                                                     envelope["Encrypt"])
    return parse_message(decrypt(envelope["Encrypt"], keys=[key or KEYS[who]], appid=appid))


# -- the matrix -------------------------------------------------------------------------------------
CELLS = [(url, who, mode) for mode in ("safe", "plain") for url in URLS for who in ACCOUNTS]


@pytest.mark.parametrize("url,who,mode", CELLS, ids=[f"{m}:{u}<-{w}" for u, w, m in CELLS])
def test_only_the_account_a_push_was_sealed_by_opens_it(deploy, webhook, url, who, mode):
    # Given bureaus A and B and the lawyers' account, each with its own token, key and ids
    deploy(mode)
    before = _items()
    # When account `who` pushes a legal question to `url`
    response = _post(webhook, _push(url, who, mode))
    if URLS[url] != who:
        # Then off the diagonal the push is refused with a 4xx, and nothing is written
        assert 400 <= response.status_code < 500, response.body
        assert _items() == before
        return
    # Then on the diagonal it opens, and the reply is sealed with that account's key
    assert response.status_code == 200
    reply = _reply(response, who, mode)
    assert (reply["ToUserName"], reply["FromUserName"]) == (f"oCitizen{who}", ACCOUNTS[who][2])
    consultations = _of_type("Consultation")
    if who == "lawyers":  # the lawyers' account points to the workbench and writes nothing
        assert "/h5/lawyer" in reply["Content"] and _items() == before
        return
    name = ACCOUNTS[who][0]
    # and the question is the bureau's, recorded once under that account's dedupe key
    assert [(c["bureau"], c["county"], c["openid"]) for c in consultations] == [
        (name, name, f"oCitizen{who}")]
    assert [d["PK"] for d in _of_type("Dedupe")] == [f"DEDUPE#{name}#6054768590064713728"]


def test_the_same_msgid_on_two_accounts_is_two_messages(deploy, webhook):
    # Given A and B each deliver a message whose MsgId happens to be the same
    deploy("safe")
    _post(webhook, _push("/wechat/360722", "A", "safe"))
    _post(webhook, _push("/wechat/360723", "B", "safe"))
    # Then both are handled: MsgIds are unique only within one account
    assert sorted(c["bureau"] for c in _of_type("Consultation")) == ["360722", "360723"]


def test_during_bs_key_rotation_a_push_sealed_with_the_previous_key_is_answered_with_it(deploy, webhook):
    deploy("safe", previous_b=PREVIOUS_B)
    response = _post(webhook, _push("/wechat/360723", "B", "safe", key=PREVIOUS_B))
    assert response.status_code == 200
    assert _reply(response, "B", "safe", key=PREVIOUS_B)["ToUserName"] == "oCitizenB"
    with pytest.raises(Exception):
        _reply(response, "B", "safe", key=KEYS["B"])


def test_a_push_whose_to_user_name_is_another_accounts_is_refused(deploy, webhook):
    # Given B's push (B's token and key) whose message names A's original id: an operator reused
    # nothing, yet the message was meant for A
    deploy("safe")
    before = _items()
    response = _post(webhook, _push("/wechat/360723", "B", "safe",
                                    xml=_xml("B", ToUserName=ACCOUNTS["A"][2])))
    assert (response.status_code, response.body) == (400, b"wrong_account") and _items() == before


@pytest.mark.parametrize("path", ["/wechat/360799", "/wechat/abc", "/wechat/3607222", "/wechat/LAWYERS"])
def test_an_unknown_account_is_a_plain_404_and_nothing_is_written(deploy, webhook, path):
    deploy("safe")
    before = _items()
    for response in (_post(webhook, (path + "?timestamp=" + NOW_TS, b"<xml/>")),
                     webhook.http.get(path + "?echostr=abc")):
        assert (response.status_code, response.body) == (404, b"unknown_account")
    assert _items() == before


def _url_check(webhook, url, who):
    token = ACCOUNTS[who][3]
    query = {"signature": url_signature(token, NOW_TS, "n1"), "timestamp": NOW_TS, "nonce": "n1",
             "echostr": "5837397520052"}
    return webhook.http.get(f"{url}?{urlencode(query)}")


def test_an_onboarding_bureau_answers_the_url_check_but_not_pushes(deploy, webhook):
    deploy("safe", status_b="onboarding")
    before = _items()
    assert _url_check(webhook, "/wechat/360723", "B").body == b"5837397520052"
    response = _post(webhook, _push("/wechat/360723", "B", "safe"))
    assert (response.status_code, response.body) == (404, b"unknown_account") and _items() == before


def test_a_suspended_bureau_answers_nothing(deploy, webhook):
    deploy("safe", status_b="suspended")
    before = _items()
    assert _url_check(webhook, "/wechat/360723", "B").status_code == 404
    assert _post(webhook, _push("/wechat/360723", "B", "safe")).status_code == 404
    assert _items() == before


def test_each_url_check_answers_only_its_own_accounts_token(deploy, webhook):
    deploy("safe")
    assert _url_check(webhook, "/wechat/lawyers", "lawyers").status_code == 200
    assert _url_check(webhook, "/wechat/lawyers", "A").status_code == 403
    assert _url_check(webhook, "/wechat", "B").status_code == 403


# -- the lawyers' account ---------------------------------------------------------------------------
@pytest.mark.parametrize("fields", [
    {"MsgType": "event", "Event": "subscribe", "EventKey": "", "Content": None, "MsgId": None},
    {"MsgType": "event", "Event": "CLICK", "EventKey": "consult", "Content": None, "MsgId": None},
    {"MsgType": "text", "Content": QUESTION},
    {"MsgType": "image", "Content": None, "MediaId": "m1", "PicUrl": "http://x/y.jpg"},
], ids=["follow", "menu click", "a question", "a photo"])
def test_whatever_a_lawyer_sends_the_lawyers_account_it_points_to_the_workbench(deploy, webhook, fields):
    deploy("safe")
    before = _items()
    response = _post(webhook, _push("/wechat/lawyers", "lawyers", "safe", xml=_xml("lawyers", **fields)))
    reply = _reply(response, "lawyers", "safe")
    assert "https://zst.example.cn/h5/lawyer" in reply["Content"]
    # Nothing is written but, for a follow, the follow state of (lawyers, openid) (issue 11)
    written = [json.loads(i) for i in _items() if i not in before]
    assert [(i["type"], i["PK"]) for i in written] == (
        [("Follow", "FOLLOW#lawyers#oCitizenlawyers")] if fields.get("Event") == "subscribe" else [])
    assert _of_type("Consultation") == []


def test_an_unfollow_from_the_lawyers_account_is_acknowledged_silently(deploy, webhook):
    deploy("safe")
    xml = _xml("lawyers", MsgType="event", Event="unsubscribe", Content=None, MsgId=None)
    response = _post(webhook, _push("/wechat/lawyers", "lawyers", "safe", xml=xml))
    assert (response.status_code, response.body) == (200, b"success")


def _follow_event(event, at):
    return _xml("lawyers", MsgType="event", Event=event, Content=None, MsgId=None,
                CreateTime=str(int(parse_instant(at).timestamp())))


def _bound_lawyer(follows=True):
    """LX9, bound on the lawyers' account to the openid the pushes come from, in the labor pools."""
    Lawyer(lawyer_id="LX9", name="钟律师", licence_no="13607201510000009", firm="信丰律所",
           county="360722", city="360700", province="360000", specialties=["labor"],
           openid="oCitizenlawyers", openid_account="lawyers", follows=follows).save()
    LawyerSlot(lawyer_id="LX9", category="labor", county="360722", city="360700",
               province="360000").save()


def _lx9():
    return (Lawyer.get("LAWYER#LX9", "PROFILE", consistent_read=True),
            LawyerSlot.get("LAWYER#LX9", "SLOT#labor", consistent_read=True))


def test_a_bound_lawyer_who_unfollows_leaves_every_pool_and_comes_back_on_following(deploy, webhook):
    deploy("safe")
    _bound_lawyer()
    # When the lawyer unfollows the lawyers' account
    _post(webhook, _push("/wechat/lawyers", "lawyers", "safe", xml=_follow_event("unsubscribe", "2026-03-02T01:59:00Z")))
    # Then their profile says so and their slots are out of every pool: no tier counts them
    lawyer, slot = _lx9()
    assert (lawyer.follows, lawyer.follows_at, lawyer.takes_questions()) == (False, "2026-03-02T01:59:00Z", False)
    assert slot.GSI1PK is None and slot.GSI4PK is None
    # When an older follow is redelivered late, nothing changes
    _post(webhook, _push("/wechat/lawyers", "lawyers", "safe", xml=_follow_event("subscribe", "2026-03-02T01:58:00Z")))
    assert _lx9()[0].follows is False
    # When they follow again, they are back in the pools
    _post(webhook, _push("/wechat/lawyers", "lawyers", "safe", xml=_follow_event("subscribe", "2026-03-02T02:00:00Z")))
    lawyer, slot = _lx9()
    assert lawyer.follows is True and slot.GSI1PK == "POOL#county#360722#labor"
    assert Follow.get("FOLLOW#lawyers#oCitizenlawyers", "FOLLOW").following is True


def test_following_a_bureaus_account_does_not_move_a_lawyer_bound_on_the_lawyers_account(deploy, webhook):
    deploy("plain")
    _bound_lawyer()
    # The same openid string unfollowing bureau A's account is another person (openids are per account)
    xml = _xml("lawyers", MsgType="event", Event="unsubscribe", Content=None, MsgId=None,
               ToUserName=ACCOUNTS["A"][2])
    _post(webhook, _push("/wechat/360722", "A", "plain", xml=xml))
    assert _lx9()[0].follows is True
    assert Follow.get("FOLLOW#360722#oCitizenlawyers", "FOLLOW").following is False


@pytest.mark.parametrize("mode", ["safe", "plain"])
def test_even_with_a_reused_token_and_key_bs_push_does_not_open_on_as_callback(env, deploy, webhook, mode):
    # Given an operator who gave A the same token and key as B (the onboarding command refuses a
    # shared token; this is the defence behind it)
    deploy(mode)
    shared = json.loads(os.environ["LOCAL_ACCOUNTS"])
    shared["360722"].update(token=shared["360723"]["token"], aes_key=shared["360723"]["aes_key"])
    env(LOCAL_ACCOUNTS=json.dumps(shared))
    use(Services(clock=FixedClock(NOW)))
    before = _items()
    # When B's push is sent to A's callback
    response = _post(webhook, _push("/wechat/360722", "B", mode))
    # Then the appid sealed inside (safe) or the ToUserName (plaintext) gives it away
    assert (response.status_code, response.body) == (
        400, b"appid_mismatch" if mode == "safe" else b"wrong_account")
    assert _items() == before
