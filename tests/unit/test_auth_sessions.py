"""Session tokens, cookies and role checks without I/O: signatures, expiry, tampering, who may call."""
from datetime import datetime, timedelta, timezone

import pytest

from chalicelib.auth import Caller, cookies, permits, sessions
from chalicelib.clock import FixedClock
from chalicelib.errors import Unauthorized
from chalicelib.settings import Settings

KEY = b"k" * 32
NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)


def _claims(exp=NOW + timedelta(hours=2)):
    return {"sid": "s1", "r": "citizen", "sub": "o-citizen", "exp": int(exp.timestamp())}


def _refused_code(token, key=KEY, now=NOW):
    with pytest.raises(Unauthorized) as refused:
        sessions.read(token, key, now)
    return refused.value.code


def test_a_signed_token_reads_back_its_claims_until_it_expires():
    # Given a token signed now for two hours
    token = sessions.sign(_claims(), KEY)
    # When it is read one second before expiry
    claims = sessions.read(token, KEY, NOW + timedelta(hours=2, seconds=-1))
    # Then its claims come back, and at expiry it is refused as expired
    assert claims == _claims()
    assert _refused_code(token, now=NOW + timedelta(hours=2)) == "session_expired"


def test_any_change_to_payload_or_signature_is_refused():
    # Given a valid token
    token = sessions.sign(_claims(), KEY)
    payload, signature = token.split(".")
    forged_payload = sessions.sign({**_claims(), "r": "staff"}, b"other-key" * 4).split(".")[0]
    # When one character, the role claim or the key differs
    tampered = [
        f"{payload[:-1]}{'A' if payload[-1] != 'A' else 'B'}.{signature}",
        f"{payload}.{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}",
        f"{forged_payload}.{signature}",
        f"{payload}.{signature}=",
        f"{payload}..{signature}",
        "",
    ]
    # Then every variant is refused as an invalid token
    for variant in tampered:
        assert _refused_code(variant) == "invalid_token", variant
    assert _refused_code(token, key=b"x" * 32) == "invalid_token"


def test_a_signature_over_junk_is_refused_even_when_signed_with_the_key():
    # Given a payload that is not the claims shape, signed with the right key
    token = sessions.sign({"sid": "s1", "r": "root", "sub": "x", "exp": 9_999_999_999}, KEY)
    # Then the unknown role makes it invalid
    assert _refused_code(token) == "invalid_token"


def test_outside_local_a_default_or_short_secret_refuses_to_sign(env):
    # Given the prod stage with the repository's default secret, then with a short one
    env(STAGE="prod")
    with pytest.raises(RuntimeError):
        sessions.signing_key(Settings())
    env(STAGE="prod", SESSION_SECRET="short")
    with pytest.raises(RuntimeError):
        sessions.signing_key(Settings())
    # When a real secret is configured, it is the key
    env(STAGE="prod", SESSION_SECRET="s" * 40)
    assert sessions.signing_key(Settings()) == b"s" * 40


def test_session_cookie_is_httponly_lax_and_secure_except_on_local_http(env):
    # Given the local stage on http://127.0.0.1
    local = cookies.set_cookie(cookies.SESSION, "tok", settings=Settings(), max_age=7200)
    assert local == "zst_session=tok; Path=/; Max-Age=7200; HttpOnly; SameSite=Lax"
    # When deployed behind an API Gateway stage over https
    env(STAGE="prod", PUBLIC_BASE_URL="https://zst.example.cn/api")
    deployed = cookies.set_cookie(cookies.OAUTH_STATE, "n", settings=Settings(), max_age=600,
                                  path="/auth/wechat")
    # Then it is Secure and scoped under the stage's path
    assert deployed == "zst_oauth=n; Path=/api/auth/wechat; Max-Age=600; HttpOnly; SameSite=Lax; Secure"


def test_a_cookie_is_found_among_malformed_neighbours():
    headers = {"cookie": 'junk; a="b; zst_session=abc.def; other=1'}
    assert cookies.read_cookie(headers, cookies.SESSION) == "abc.def"
    assert cookies.read_cookie({}, cookies.SESSION) is None
    assert cookies.read_cookie({"cookie": "zst_session="}, cookies.SESSION) is None


def test_a_lawyer_may_act_as_citizen_but_a_citizen_never_as_staff():
    citizen = Caller("citizen", "o1", openid="o1")
    lawyer = Caller("lawyer", "o2", openid="o2", lawyer_id="L2")
    desk_staff = Caller("staff", "s1", staff_id="s1")  # no WeChat account
    assert permits(citizen, "citizen") and not permits(citizen, "staff")
    assert not permits(citizen, ("lawyer", "staff"))
    assert permits(lawyer, "citizen") and permits(lawyer, "lawyer") and not permits(lawyer, "staff")
    assert permits(desk_staff, "staff") and not permits(desk_staff, "citizen")
    assert all(permits(c, "any") for c in (citizen, lawyer, desk_staff))
    assert lawyer.roles == ("citizen", "lawyer")


def test_fixed_clock_moves_a_token_past_its_expiry():
    # Given a clock at NOW and a token for 60 s
    clock = FixedClock(NOW)
    token = sessions.sign(_claims(exp=NOW + timedelta(seconds=60)), KEY)
    assert sessions.read(token, KEY, clock.now())["sid"] == "s1"
    # When the clock moves 60 s on
    clock.advance(timedelta(seconds=60))
    # Then the token is expired
    assert _refused_code(token, now=clock.now()) == "session_expired"
