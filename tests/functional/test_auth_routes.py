"""H5 sign-in over HTTP: WeChat OAuth start and callback against a fake WeChat, sessions (tampered,
expired, revoked), roles on routes, lawyer binding codes, and /dev/login on the local stage only."""
import base64
import json
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from chalice.test import Client

from chalicelib.auth import sessions
from chalicelib.db.identity import BindingCode, LawyerOpenid
from chalicelib.db.models import Lawyer, StaffAccount
from chalicelib.routes import auth as auth_routes
from chalicelib.wiring import Services, use
from tests.fake_wechat_oauth import FakeWeChatOAuth

BASE = "http://127.0.0.1:8000"


@pytest.fixture
def wechat():
    fake = FakeWeChatOAuth()
    yield fake
    fake.close()


@pytest.fixture
def wechat_env(env, wechat):
    env(WECHAT_API_BASE=wechat.url)


@pytest.fixture
def site(wechat_env, moto_table):
    from app import app

    if "/auth/wechat/start" not in app.routes:  # until app.py registers the blueprint itself
        app.register_blueprint(auth_routes.bp)
    with Client(app) as client:
        yield client


def _set_cookies(response):
    value = response.headers.get("Set-Cookie") or response.headers.get("set-cookie") or []
    return [value] if isinstance(value, str) else list(value)


def _cookie(response, name):
    for header in _set_cookies(response):
        pair = header.split(";")[0]
        if pair.startswith(name + "="):
            return pair[len(name) + 1:], header
    return None, None


def _json(response):
    return json.loads(response.body)


def _post(site, path, body, token=None):
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    return site.http.post(path, body=json.dumps(body), headers=headers)


def _get(site, path, token=None, cookie=None):
    headers = {}
    if token:
        headers["authorization"] = f"Bearer {token}"
    if cookie:
        headers["cookie"] = cookie
    return site.http.get(path, headers=headers)


def _login(site, role, subject):
    response = _post(site, "/dev/login", {"role": role, "id": subject})
    assert response.status_code == 200, response.body
    return _json(response)["token"]


def _start(site, next_path="/h5/"):
    response = site.http.get(f"/auth/wechat/start?next={next_path}")
    assert response.status_code == 302
    location = response.headers["Location"]
    state = parse_qs(urlsplit(location).query)["state"][0]
    nonce, _ = _cookie(response, "zst_oauth")
    return state, nonce, response


def _callback(site, code, state, nonce):
    cookie = f"other=1; zst_oauth={nonce}" if nonce else None
    return _get(site, f"/auth/wechat/callback?code={code}&state={state}", cookie=cookie)


def _lawyer(lawyer_id, openid=None):
    Lawyer(lawyer_id=lawyer_id, name="张律师", licence_no="13607201010000001", firm="信丰律师事务所",
           county="360722", city="360700", province="360000", openid=openid).save()


# --- WeChat OAuth -------------------------------------------------------------------------------

def test_wechat_sign_in_returns_to_next_with_a_session_cookie(site, wechat):
    # Given WeChat will grant code C1 for openid o-citizen
    wechat.grant("C1", "o-citizen")
    # When a page sends the browser to sign in, wanting to come back to a consultation
    state, nonce, start = _start(site, "/h5/consultations/C9")
    # Then it goes to WeChat's snsapi_base authorize page with our callback, and binds the state
    location = start.headers["Location"]
    assert location.startswith("https://open.weixin.qq.com/connect/oauth2/authorize?appid=")
    assert location.endswith("#wechat_redirect") and "scope=snsapi_base" in location
    query = parse_qs(urlsplit(location).query)
    assert query["redirect_uri"] == [f"{BASE}/auth/wechat/callback"]
    _, state_cookie = _cookie(start, "zst_oauth")
    assert "HttpOnly" in state_cookie and "SameSite=Lax" in state_cookie
    assert "Path=/auth/wechat" in state_cookie and "Secure" not in state_cookie  # local http
    # When WeChat sends the browser back with the code
    back = _callback(site, "C1", state, nonce)
    # Then the browser lands on next, signed in by an HttpOnly cookie, the state cookie cleared
    assert back.status_code == 302 and back.headers["Location"] == f"{BASE}/h5/consultations/C9"
    token, session_cookie = _cookie(back, "zst_session")
    assert token and "HttpOnly" in session_cookie and "SameSite=Lax" in session_cookie
    assert _cookie(back, "zst_oauth")[1].count("Max-Age=0") == 1
    me = _get(site, "/api/auth/me", cookie=f"zst_session={token}")
    assert me.status_code == 200 and _json(me) == {"role": "citizen", "roles": ["citizen"],
                                                    "openid": "o-citizen", "bureau": "360722",
                                                    "account": "360722"}
    assert wechat.requests[0]["query"]["code"] == "C1"


def test_a_state_is_used_once(site, wechat):
    # Given a completed sign-in
    wechat.grant("C1", "o-citizen")
    state, nonce, _ = _start(site)
    assert _callback(site, "C1", state, nonce).status_code == 302
    # When the same callback arrives again (a replayed or leaked URL)
    again = _callback(site, "C1", state, nonce)
    # Then it is refused and signs nobody in
    assert again.status_code == 401 and "登录" in again.body.decode()
    assert _cookie(again, "zst_session") == (None, None)


def test_a_missing_or_tampered_state_is_refused_before_asking_wechat(site, wechat):
    # Given a sign-in in progress
    wechat.grant("C1", "o-citizen")
    state, nonce, _ = _start(site)
    tampered = ("A" if state[0] != "A" else "B") + state[1:]
    # When the callback comes with no state, a changed state or a malformed one
    for bad in ("", tampered, state + "x", "%27%3Bdrop"):
        response = _callback(site, "C1", bad, nonce)
        # Then it is refused
        assert response.status_code == 401, bad
    assert wechat.requests == []
    # And the untouched state still completes
    assert _callback(site, "C1", state, nonce).status_code == 302


def test_a_state_from_another_browser_is_refused(site, wechat):
    # Given a sign-in started in the victim's browser
    wechat.grant("C1", "o-attacker")
    state, nonce, _ = _start(site)
    # When the callback arrives with another browser's cookie, or without one
    mismatch = _callback(site, "C1", state, "some-other-browser-nonce")
    missing = _callback(site, "C1", state, None)
    # Then both are refused and no session is issued
    assert mismatch.status_code == 401 and missing.status_code == 401
    assert _cookie(mismatch, "zst_session") == (None, None)
    assert wechat.requests == []


def test_a_state_older_than_ten_minutes_is_refused(site, wechat, clock):
    wechat.grant("C1", "o-citizen")
    state, nonce, _ = _start(site)
    clock.advance(timedelta(minutes=10, seconds=1))
    assert _callback(site, "C1", state, nonce).status_code == 401


@pytest.mark.parametrize("target", ["//evil.com", "https://evil.com/h5/", "/%5Cevil.com"])
def test_next_outside_the_site_lands_on_the_h5_home(site, wechat, target):
    # Given a sign-in started with a hostile next (the %5C arrives decoded as a backslash)
    wechat.grant("C1", "o-citizen")
    state, nonce, _ = _start(site, target)
    # When it completes
    back = _callback(site, "C1", state, nonce)
    # Then the browser goes to the H5 home on this site
    assert back.headers["Location"] == f"{BASE}/h5/"


def test_a_code_wechat_refuses_signs_nobody_in(site, wechat):
    state, nonce, _ = _start(site)
    response = _callback(site, "NOT-GRANTED", state, nonce)
    assert response.status_code == 401
    assert response.headers["Content-Type"].startswith("text/html")
    assert _cookie(response, "zst_session") == (None, None)


def test_wechat_down_during_the_exchange_is_a_502_page(site, wechat):
    state, nonce, _ = _start(site)
    wechat.status = 500
    response = _callback(site, "C1", state, nonce)
    assert response.status_code == 502 and "微信服务暂时不可用" in response.body.decode()


def test_a_bound_lawyer_signing_in_from_wechat_is_a_lawyer(site, wechat):
    # Given lawyer L1 bound to openid o-lawyer
    _lawyer("L1", openid="o-lawyer")
    wechat.grant("C1", "o-lawyer")
    state, nonce, _ = _start(site)
    token, _ = _cookie(_callback(site, "C1", state, nonce), "zst_session")
    # Then the session is a lawyer's, who may also act as a citizen; bound before the lawyers'
    # account, the openid is the default bureau's account's
    me = _json(_get(site, "/api/auth/me", token=token))
    assert me == {"role": "lawyer", "roles": ["citizen", "lawyer"], "openid": "o-lawyer",
                  "lawyer_id": "L1", "account": "360722"}


def test_local_openid_plays_wechats_part_only_on_the_local_stage(site, wechat, env, clock):
    # Given the local stage: start sends the browser straight to our callback with a local code
    response = site.http.get("/auth/wechat/start?next=/h5/&local_openid=o-dev")
    location = urlsplit(response.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{BASE}/auth/wechat/callback"
    assert parse_qs(location.query)["code"] == ["local-o-dev"]
    # When the stage is prod, the same request goes to WeChat
    env(STAGE="prod", SESSION_SECRET="p" * 40, PUBLIC_BASE_URL="https://zst.example.cn")
    use(Services(clock=clock))
    prod = site.http.get("/auth/wechat/start?next=/h5/&local_openid=o-dev")
    assert prod.headers["Location"].startswith("https://open.weixin.qq.com/")
    assert "Secure" in _cookie(prod, "zst_oauth")[1]


# --- sessions and roles --------------------------------------------------------------------------

def test_a_tampered_token_is_refused(site):
    token = _login(site, "staff", "s1")
    payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    forged = sessions.sign({**claims, "r": "staff"}, b"guess" * 8)
    for bad in (payload + "A." + signature, forged, "Bearer-less", token[:-2]):
        response = _get(site, "/api/auth/me", token=bad)
        assert response.status_code == 401, bad
        assert set(_json(response)["error"]) == {"code", "message"}


def test_a_token_past_its_lifetime_is_refused(site, clock):
    # Given a citizen token (sessions live SESSION_TTL_SECONDS, 2 h by default)
    token = _login(site, "citizen", "o-citizen")
    clock.advance(timedelta(hours=2, seconds=-1))
    assert _get(site, "/api/auth/me", token=token).status_code == 200
    # When the clock moves past its expiry
    clock.advance(timedelta(seconds=1))
    # Then it is refused as expired
    response = _get(site, "/api/auth/me", token=token)
    assert response.status_code == 401 and _json(response)["error"]["code"] == "session_expired"


def test_a_signed_out_session_is_refused_though_its_token_is_still_valid(site):
    # Given a citizen signed in
    token = _login(site, "citizen", "o-citizen")
    # When they sign out
    out = _post(site, "/api/auth/logout", {}, token=token)
    assert out.status_code == 200 and "Max-Age=0" in _cookie(out, "zst_session")[1]
    # Then the same token no longer works
    response = _get(site, "/api/auth/me", token=token)
    assert response.status_code == 401 and _json(response)["error"]["code"] == "session_revoked"


def test_unsubscribe_can_end_every_session_of_an_openid(site):
    # Given two sessions of one WeChat user and one of another
    first, second = _login(site, "citizen", "o-leaving"), _login(site, "citizen", "o-leaving")
    other = _login(site, "citizen", "o-staying")
    # When the user unfollows and their sessions are ended
    assert sessions.revoke_all_for_openid("o-leaving") == 2
    # Then their tokens are refused and the other user's still works
    assert _get(site, "/api/auth/me", token=first).status_code == 401
    assert _get(site, "/api/auth/me", token=second).status_code == 401
    assert _get(site, "/api/auth/me", token=other).status_code == 200


def test_a_citizen_token_on_a_staff_route_is_forbidden(site):
    # Given a citizen, nobody, and a staff member
    _lawyer("L1")
    citizen = _login(site, "citizen", "o-citizen")
    # When each asks for a binding code
    as_citizen = _post(site, "/api/staff/binding-codes", {"lawyer_id": "L1"}, token=citizen)
    anonymous = _post(site, "/api/staff/binding-codes", {"lawyer_id": "L1"})
    as_staff = _post(site, "/api/staff/binding-codes", {"lawyer_id": "L1"},
                     token=_login(site, "staff", "s1"))
    # Then the citizen is forbidden, nobody is unauthorized, staff get one
    assert as_citizen.status_code == 403 and _json(as_citizen)["error"]["code"] == "forbidden"
    assert anonymous.status_code == 401 and _json(anonymous)["error"]["code"] == "unauthorized"
    assert as_staff.status_code == 201


# --- lawyer binding ------------------------------------------------------------------------------

def _issue(site, lawyer_id, staff_token=None):
    response = _post(site, "/api/staff/binding-codes", {"lawyer_id": lawyer_id},
                     token=staff_token or _login(site, "staff", "s1"))
    assert response.status_code == 201, response.body
    return _json(response)


def test_a_binding_code_turns_a_signed_in_citizen_into_that_lawyer(site):
    # Given lawyer L1 without WeChat and a code staff issued for them
    _lawyer("L1")
    issued = _issue(site, "L1")
    assert len(issued["code"]) == 10 and issued["expires_at"] == "2026-03-09T02:00:00Z"
    citizen = _login(site, "citizen", "o-new-lawyer")
    # When the citizen redeems it (typed in lower case with a space)
    typed = issued["code"][:5].lower() + " " + issued["code"][5:]
    response = _post(site, "/api/auth/bind-lawyer", {"code": typed}, token=citizen)
    # Then they hold a lawyer session for L1, the citizen session is over, the profile is bound
    assert response.status_code == 200, response.body
    body = _json(response)
    assert body["role"] == "lawyer" and body["lawyer_id"] == "L1"
    assert _json(_get(site, "/api/auth/me", token=body["token"]))["lawyer_id"] == "L1"
    assert _get(site, "/api/auth/me", token=citizen).status_code == 401
    assert Lawyer.get("LAWYER#L1", "PROFILE").openid == "o-new-lawyer"
    assert _login(site, "lawyer", "o-new-lawyer")  # found through GSI3 now


def test_a_used_binding_code_cannot_be_used_again(site):
    # Given a code already redeemed by one WeChat user
    _lawyer("L1")
    code = _issue(site, "L1")["code"]
    assert _post(site, "/api/auth/bind-lawyer", {"code": code},
                 token=_login(site, "citizen", "o-first")).status_code == 200
    # When another user tries the same code
    second = _post(site, "/api/auth/bind-lawyer", {"code": code},
                   token=_login(site, "citizen", "o-second"))
    # Then it is refused and the lawyer stays bound to the first
    assert second.status_code == 422 and _json(second)["error"]["code"] == "binding_code_invalid"
    assert Lawyer.get("LAWYER#L1", "PROFILE").openid == "o-first"


def test_an_expired_or_unknown_binding_code_is_refused(site, clock):
    _lawyer("L1")
    code = _issue(site, "L1")["code"]
    clock.advance(timedelta(days=7))  # codes live 7 days
    citizen = _login(site, "citizen", "o-late")
    for attempt in (code, "ABCDEFGHJK"):  # a code's shape, no live code (wrong shapes: the edge's 400)
        response = _post(site, "/api/auth/bind-lawyer", {"code": attempt}, token=citizen)
        assert response.status_code == 422, attempt
    assert Lawyer.get("LAWYER#L1", "PROFILE").openid is None


def test_the_binding_code_format_is_declared_in_openapi_and_checked_there(site):
    # Given the route's published body schema (what schemathesis and other clients read)
    from chalicelib.web.openapi import document

    body = document()["paths"]["/api/auth/bind-lawyer"]["post"]["requestBody"]["content"]
    declared = body["application/json"]["schema"]["properties"]["code"]
    pattern = re.compile(declared["pattern"])
    # Then it takes what a lawyer may type for a code — 10 characters of the code's alphabet, in
    # either case, grouped by spaces or dashes — and nothing else
    for typed in ("ABCDEFGHJK", "abcde fghjk", "ABCDE-FGHJK", " 23456 789AB "):
        assert pattern.search(typed), typed
    for typed in ("", "ABCDEFGHJ", "ABCDEFGHJKL", "ABCDEFGHJ1", "ABCDEFGHJO", "not a code!"):
        assert not pattern.search(typed), typed
    # And a code of the wrong shape is refused by that declaration, at the edge, naming the field
    _lawyer("L1")
    response = _post(site, "/api/auth/bind-lawyer", {"code": "ABCDEFGHJ1"},
                     token=_login(site, "citizen", "o-typo"))
    assert response.status_code == 400
    error = _json(response)["error"]
    assert error["code"] == "validation_failed" and error["details"][0]["field"] == "body.code"


def test_an_openid_bound_to_one_lawyer_cannot_take_another(site):
    # Given o-taken bound to L1 (seeded, so no claim item exists) and a code for L2
    _lawyer("L1", openid="o-taken")
    _lawyer("L2")
    code = _issue(site, "L2")["code"]
    # When the owner of o-taken redeems the code for L2
    response = _post(site, "/api/auth/bind-lawyer", {"code": code},
                     token=_login(site, "citizen", "o-taken"))
    # Then it is a conflict, the code stays usable, and L2 stays unbound
    assert response.status_code == 409 and _json(response)["error"]["code"] == "openid_already_bound"
    assert Lawyer.get("LAWYER#L2", "PROFILE").openid is None
    assert BindingCode.count(f"BINDCODE#{code}") == 1


def test_rebinding_a_lawyer_moves_them_to_the_new_wechat_account(site):
    # Given L1 bound to o-old through a code
    _lawyer("L1")
    _post(site, "/api/auth/bind-lawyer", {"code": _issue(site, "L1")["code"]},
          token=_login(site, "citizen", "o-old"))
    # When staff issue a new code and the lawyer redeems it from a new WeChat account
    response = _post(site, "/api/auth/bind-lawyer", {"code": _issue(site, "L1")["code"]},
                     token=_login(site, "citizen", "o-new"))
    # Then the new account is the lawyer and the old one is released
    assert response.status_code == 200
    assert LawyerOpenid.count("OPENIDCLAIM#o-old") == 0
    assert LawyerOpenid.count("OPENIDCLAIM#o-new") == 1
    assert _post(site, "/dev/login", {"role": "lawyer", "id": "o-old"}).status_code == 404


def test_a_binding_code_for_an_unknown_lawyer_is_not_issued(site):
    response = _post(site, "/api/staff/binding-codes", {"lawyer_id": "NOPE"},
                     token=_login(site, "staff", "s1"))
    assert response.status_code == 404 and _json(response)["error"]["code"] == "lawyer_not_found"


# --- /dev/login ----------------------------------------------------------------------------------

def test_dev_login_signs_in_any_citizen_and_creates_a_staff_account_once(site):
    # When a citizen and a new staff member sign in locally
    citizen = _post(site, "/dev/login", {"role": "citizen", "id": "o-any"})
    staff_first = _login(site, "staff", "desk-1")
    StaffAccount(staff_id="desk-1", name="王科员", role="admin").save()
    staff_again = _login(site, "staff", "desk-1")
    # Then both get tokens; the staff account was created once and later logins keep it
    assert citizen.status_code == 200 and _json(citizen)["role"] == "citizen"
    assert StaffAccount.get("STAFF#desk-1", "PROFILE").name == "王科员"
    for token in (staff_first, staff_again):
        assert _json(_get(site, "/api/auth/me", token=token))["staff_id"] == "desk-1"


def test_dev_login_as_a_lawyer_needs_a_bound_lawyer(site):
    _lawyer("L1", openid="o-lawyer")
    assert _json(_get(site, "/api/auth/me", token=_login(site, "lawyer", "o-lawyer")))["lawyer_id"] == "L1"
    unknown = _post(site, "/dev/login", {"role": "lawyer", "id": "o-nobody"})
    assert unknown.status_code == 404
    assert _json(unknown)["error"]["code"] == "lawyer_not_found"


def test_dev_login_refuses_bad_input_with_the_contract_shape(site):
    for body in ({"role": "admin", "id": "x"}, {"role": "citizen"}, {"role": "citizen", "id": "a/b"}):
        response = _post(site, "/dev/login", body)
        assert response.status_code == 400 and _json(response)["error"]["code"] == "validation_failed"


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_dev_routes_are_404_outside_the_local_stage(site, env, clock, stage):
    # Given a deployed stage
    env(STAGE=stage, SESSION_SECRET="p" * 40)
    use(Services(clock=clock))
    # When /dev/login and /dev/tick are called with valid bodies
    login = _post(site, "/dev/login", {"role": "staff", "id": "s1"})
    tick = _post(site, "/dev/tick", {"time": "2026-03-02T02:00:00Z"})
    # Then they answer 404 as if they did not exist, and no account was created
    assert login.status_code == 404 and tick.status_code == 404
    assert _json(login)["error"]["code"] == "not_found"
    assert StaffAccount.count("STAFF#s1") == 0


def test_dev_login_can_sign_in_a_citizen_who_follows_so_notices_reach_them(site, clock):
    from chalicelib.db.models import Citizen

    # When a citizen signs in locally as a follower, and another without following
    follower = _post(site, "/dev/login", {"role": "citizen", "id": "o-follows", "follow": True})
    other = _post(site, "/dev/login", {"role": "citizen", "id": "o-not-yet"})
    # Then the follower is recorded as the follow event records one: notices will reach them
    assert follower.status_code == 200 and other.status_code == 200
    person = Citizen.get("CITIZEN#o-follows", "PROFILE")
    assert person.subscribed is True and person.subscribed_at == "2026-03-02T02:00:00Z"
    assert Citizen.count("CITIZEN#o-not-yet") == 0
    # And follow is refused for roles that do not follow the account
    refused = _post(site, "/dev/login", {"role": "staff", "id": "s1", "follow": True})
    assert refused.status_code == 400 and _json(refused)["error"]["code"] == "follow_not_for_role"
