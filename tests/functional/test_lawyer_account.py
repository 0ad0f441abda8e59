"""Lawyers hear from the lawyers' platform account (design §3, §4): a lawyer binds while signed in
on it, the binding records the account, and every notice to the lawyer then goes out through that
account's own API client; WeChat sign-in on a lawyer's page runs OAuth with its appid and secret."""
import base64
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from chalice.test import Client

from chalicelib import delivery_triggers
from chalicelib.auth import Caller, roles, sessions
from chalicelib.db.bureaus import Account
from chalicelib.db.messaging import AccessToken, Notification
from chalicelib.db.models import Citizen, Lawyer
from chalicelib.settings import parse_tiers
from chalicelib.wiring import services
from tests.fake_wechat_oauth import FakeWeChatOAuth
from tests.functional.consultation_support import api, notes, tune  # noqa: F401 (fixture)
from tests.outbox_fixtures import wechat  # noqa: F401 (fixture)

LAWYERS = {"appid": "wxLawyers000000000", "appsecret": "lawyers-secret", "token": "ltoken"}


@pytest.fixture
def lawyers_account(env, wechat):  # noqa: F811
    """The lawyers' account configured (local stand-in secrets), WeChat's API the stand-in; asked for
    before the table so the services read these settings."""
    env(LOCAL_ACCOUNTS=json.dumps({"lawyers": LAWYERS}), WECHAT_API_BASE=wechat.base)


def _post(client, path, body, token=None):
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    response = client.http.post(path, body=json.dumps(body), headers=headers)
    return response.status_code, json.loads(response.body)


def _me(client, token):
    response = client.http.get("/api/auth/me", headers={"authorization": f"Bearer {token}"})
    return response.status_code, json.loads(response.body)


def _bind_on_lawyers_account(api, lawyer_id, openid):  # noqa: F811
    code = roles.issue_binding_code(lawyer_id, staff=Caller("staff", "s1", staff_id="s1"),
                                    regions=_home(lawyer_id), clock=api.services.clock).code
    status, citizen = _post(api.client, "/dev/login",
                            {"role": "citizen", "id": openid, "account": "lawyers"})
    assert status == 200 and citizen["account"] == "lawyers", citizen
    status, body = _post(api.client, "/api/auth/bind-lawyer", {"code": code}, citizen["token"])
    assert status == 200, body
    return body


def test_a_lawyer_who_binds_on_the_lawyers_account_is_bound_there(lawyers_account, api):  # noqa: F811
    # Given a binding code for lawyer LX0, and someone signed in on the lawyers' account
    # When they redeem it
    body = _bind_on_lawyers_account(api, "LX0", "o-lx0-lawyers")
    # Then the profile holds the openid and the account it belongs to, and the new session says so
    lawyer = Lawyer.get("LAWYER#LX0", "PROFILE", consistent_read=True)
    assert (lawyer.openid, lawyer.openid_account) == ("o-lx0-lawyers", "lawyers")
    assert (body["role"], body["account"]) == ("lawyer", "lawyers")
    assert _me(api.client, body["token"])[1]["account"] == "lawyers"
    # And a later sign-in as that lawyer is on the lawyers' account too
    status, again = _post(api.client, "/dev/login", {"role": "lawyer", "id": "o-lx0-lawyers"})
    assert status == 200 and again["account"] == "lawyers"


def test_rebinding_on_a_bureau_account_moves_the_account_with_the_openid(lawyers_account, api):  # noqa: F811
    # Given LX0 bound on the lawyers' account
    _bind_on_lawyers_account(api, "LX0", "o-lx0-lawyers")
    # When a new code is redeemed by a citizen signed in on the default bureau's account
    code = roles.issue_binding_code("LX0", staff=Caller("staff", "s1", staff_id="s1"),
                                    regions=_home("LX0"), clock=api.services.clock).code
    _, citizen = _post(api.client, "/dev/login", {"role": "citizen", "id": "o-lx0-bureau"})
    status, _ = _post(api.client, "/api/auth/bind-lawyer", {"code": code}, citizen["token"])
    # Then the profile's openid and account are the new ones
    lawyer = Lawyer.get("LAWYER#LX0", "PROFILE", consistent_read=True)
    assert status == 200 and (lawyer.openid, lawyer.openid_account) == ("o-lx0-bureau", "360722")


def test_a_lawyer_bound_on_the_lawyers_account_hears_from_it_and_the_citizen_from_the_bureau(
        lawyers_account, api, wechat):  # noqa: F811
    # Given the lawyers' account with its own template for a new question
    Account(account="lawyers", appid=LAWYERS["appid"], templates={
        "consultation_dispatched": {"template": "LW-TMPL-DISPATCH"}}).save()
    # And lawyer LX0 bound while signed in on the lawyers' account (every county lawyer notified)
    bound = _bind_on_lawyers_account(api, "LX0", "o-lx0-lawyers")
    api.tokens["lawyer:LX0"] = bound["token"]
    tune(api.services, tiers=parse_tiers("county@0x4"))
    Citizen(openid="oCitizen", subscribed=True).save()
    # who allowed one notice of the first answer (locally the key stands for the template id)
    from chalicelib.db import subscriptions
    subscriptions.record("oCitizen", "360722", ["consultation_answered"], [], "req-00000001",
                         api.services.clock.now())
    # When a citizen of 信丰 asks a question and LX0 answers it
    asked = api.ask("oCitizen")
    status, _ = api.answer(asked["id"], "LX0")
    assert status in (200, 201)
    # Then LX0's notice of the question is on the lawyers' account, the citizen's on the bureau's
    [to_lawyer] = notes(audience="lawyer", to_openid="o-lx0-lawyers")
    [to_citizen] = notes(audience="citizen", to_openid="oCitizen")
    assert (to_lawyer.account, to_lawyer.bureau) == ("lawyers", "360722")
    assert (to_citizen.account, to_citizen.bureau) == ("360722", "360722")
    # When both are delivered
    for note in (to_lawyer, to_citizen):
        outcome = delivery_triggers.deliver_now(note.notification_id, api.services)
        assert outcome.status == "sent", (note.template_key, outcome)
    # Then each went out through its own account's client: the lawyers' token was asked for with the
    # lawyers' appid and is kept in its own item, apart from the bureau's
    assert {body["touser"] for body in wechat.delivered()} == {"o-lx0-lawyers", "oCitizen"}
    assert "LW-TMPL-DISPATCH" in [body.get("template_id") for body in wechat.delivered()]
    appids = sorted(call["appid"] for call in wechat.token_calls())
    assert appids == sorted([LAWYERS["appid"], api.services.settings.wechat_appid])
    assert AccessToken.get("WECHAT#lawyers", "ACCESS_TOKEN").token
    assert AccessToken.get("WECHAT#360722", "ACCESS_TOKEN").token
    assert Notification.get(f"OUTBOX#{to_lawyer.notification_id}", "OUTBOX").status == "sent"


# --- WeChat sign-in on the lawyers' account -----------------------------------------------------

@pytest.fixture
def oauth(env):
    fake = FakeWeChatOAuth()
    env(LOCAL_ACCOUNTS=json.dumps({"lawyers": LAWYERS}), WECHAT_API_BASE=fake.url)
    yield fake
    fake.close()


@pytest.fixture
def site(oauth, moto_table):
    from app import app

    with Client(app) as client:
        yield client


def _cookie(response, name):
    value = response.headers.get("Set-Cookie") or response.headers.get("set-cookie") or []
    for header in [value] if isinstance(value, str) else value:
        if header.startswith(name + "="):
            return header.split(";")[0].split("=", 1)[1]
    return None


def _sign_in(site, next_path, code, extra=""):
    start = site.http.get(f"/auth/wechat/start?next={next_path}{extra}")
    assert start.status_code == 302
    authorize = parse_qs(urlsplit(start.headers["Location"]).query)
    back = site.http.get(f"/auth/wechat/callback?code={code}&state={authorize['state'][0]}",
                         headers={"cookie": f"zst_oauth={_cookie(start, 'zst_oauth')}"})
    return authorize["appid"][0], back


def test_signing_in_on_a_lawyers_page_runs_oauth_on_the_lawyers_account(site, oauth):
    # Given WeChat will grant code C1 for an openid of the lawyers' account
    oauth.grant("C1", "o-on-lawyers")
    # When a lawyer's page sends the browser to sign in
    appid, back = _sign_in(site, "/h5/lawyer/inbox", "C1")
    # Then WeChat was asked with the lawyers' appid, and the code exchanged with its secret
    assert appid == LAWYERS["appid"] and back.status_code == 302, back.body
    exchange = oauth.requests[-1]["query"]
    assert (exchange["appid"], exchange["secret"]) == (LAWYERS["appid"], LAWYERS["appsecret"])
    # And the session's openid is on the lawyers' account (ready to redeem a binding code)
    assert _me(site, _cookie(back, "zst_session"))[1] == {
        "role": "citizen", "roles": ["citizen"], "openid": "o-on-lawyers", "bureau": "360722",
        "account": "lawyers"}


def test_a_citizens_page_signs_in_on_its_bureaus_account(site, oauth):
    # Given WeChat will grant code C2
    oauth.grant("C2", "o-citizen")
    # When a citizen's page (no bureau named) sends the browser to sign in
    appid, back = _sign_in(site, "/h5/consultations/C9", "C2")
    # Then WeChat was asked with the default bureau's appid and secret, not the lawyers'
    settings = services().settings
    exchange = oauth.requests[-1]["query"]
    assert appid == settings.wechat_appid != LAWYERS["appid"]
    assert (exchange["appid"], exchange["secret"]) == (settings.wechat_appid,
                                                       settings.wechat_appsecret)
    assert back.status_code == 302
    assert _me(site, _cookie(back, "zst_session"))[1]["account"] == "360722"


def test_a_token_whose_account_claim_was_edited_is_refused(site):
    # Given a citizen signed in on the lawyers' account
    response = site.http.post("/dev/login", headers={"content-type": "application/json"},
                              body=json.dumps({"role": "citizen", "id": "o-x", "account": "lawyers"}))
    token = json.loads(response.body)["token"]
    assert _me(site, token) == (200, {"role": "citizen", "roles": ["citizen"], "openid": "o-x",
                                      "bureau": "360722", "account": "lawyers"})
    # When the account claim is edited and the token re-signed, even with the right key
    payload = token.split(".")[0]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    key = sessions.signing_key(services().settings)
    for edited in ({**claims, "a": "360722"}, {k: v for k, v in claims.items() if k != "a"}):
        forged = sessions.sign(edited, key)
        # Then the session item disagrees and the token is refused
        status, body = _me(site, forged)
        assert status == 401 and body["error"]["code"] == "invalid_token"


def _home(lawyer_id):
    """The regions of a bureau the lawyer serves: their home county."""
    from chalicelib.db import pools

    return [pools.profile(lawyer_id).county]
