"""The WeChat API client against a stand-in on 127.0.0.1: one shared token, refreshed before expiry
by one caller at a time, renewed once when WeChat rejects it; every kind of failure reported the same
way and never with the token in it."""
import threading
from datetime import timedelta

import pytest

from chalicelib.clock import FixedClock, parse_instant
from chalicelib.db.messaging import TableTokenStore
from chalicelib.wechat.api import ApiError, ApiUnavailable, WeChatAPI
from tests.outbox_fixtures import (  # noqa: F401 (fixtures)
    dynamodb_local_endpoint, linearizable, race_table, wechat)

NOW = parse_instant("2026-03-02T02:00:00Z")
TEMPLATE = "/cgi-bin/message/template/send"


class MemoryTokenStore:
    """The token store contract (get / lease / save) in memory."""

    def __init__(self, token=None):
        self.lock, self.token = threading.Lock(), dict(token or {})

    def get(self):
        with self.lock:
            return dict(self.token) if self.token else None

    def lease(self, now, until, expected):
        with self.lock:
            if self.token.get("lease_until") and self.token["lease_until"] >= now:
                return False
            if self.token.get("token") != expected:
                return False
            self.token["lease_until"] = until
            return True

    def release(self, until):
        with self.lock:
            if self.token.get("lease_until") == until:
                self.token["lease_until"] = None

    def save(self, token, expires_at, forced_at=None):
        with self.lock:
            self.token.update(token=token, expires_at=expires_at, lease_until=None)
            if forced_at:
                self.token["forced_at"] = forced_at


def client(wechat, store=None, clock=None, **options):
    return WeChatAPI(wechat.base, "wxAPPID", "secret", store=store or MemoryTokenStore(),
                     clock=clock or FixedClock(NOW), **options)


def test_one_token_serves_every_send_until_five_minutes_before_it_expires(wechat):
    # Given a client with an empty token store
    clock = FixedClock(NOW)
    store = MemoryTokenStore()
    api = client(wechat, store, clock)
    # When it sends twice, then again 1 h 56 min later (4 min before the 2 h token expires)
    api.send_template("oA", "T1", {"first": "您好"})
    api.send_template("oB", "T1", {"first": "您好"})
    assert len(wechat.token_calls()) == 1
    clock.advance(timedelta(hours=1, minutes=56))
    api.send_template("oC", "T1", {"first": "您好"})
    # Then the token was asked for once, and once more inside the 5-minute margin, not forced
    calls = wechat.token_calls()
    assert len(calls) == 2 and calls[0] == {"grant_type": "client_credential", "appid": "wxAPPID",
                                            "secret": "secret", "force_refresh": False}
    assert len(wechat.delivered(TEMPLATE)) == 3
    assert store.get()["expires_at"] == clock.now() + timedelta(seconds=7200)


def test_a_rejected_token_is_renewed_once_by_force_and_the_send_retried_once(wechat):
    api = client(wechat)
    api.send_template("oA", "T1", {})
    # Given the token stops working (a forced refresh elsewhere)
    wechat.revoke_tokens()
    # When the next send is rejected with 40001
    answer = api.send_template("oB", "T1", {"first": "x"})
    # Then one forced refresh and one retry delivered it
    assert answer["errcode"] == 0
    assert [c["force_refresh"] for c in wechat.token_calls()] == [False, True]
    assert [b["touser"] for b in wechat.delivered(TEMPLATE)] == ["oA", "oB"]


def test_a_stored_lone_surrogate_in_a_notice_is_sent_with_a_replacement_not_failed(wechat):
    # Given a notice quoting text that holds a lone surrogate (stored before the edge refused them)
    api = client(wechat)
    # When it is sent
    answer = api.send_template("oA", "T1", {"first": "您的问题：工资\ud800被拖欠"})
    # Then WeChat receives it, the rest of the text as written
    assert answer["errcode"] == 0
    assert wechat.delivered(TEMPLATE)[0]["data"]["first"]["value"] == "您的问题：工资?被拖欠"


def test_a_second_rejection_is_reported_not_retried_again(wechat):
    api = client(wechat)
    wechat.fail(42001, times=2, path=TEMPLATE)
    with pytest.raises(ApiError) as raised:
        api.send_template("oA", "T1", {})
    assert raised.value.errcode == 42001
    assert len(wechat.token_calls()) == 2  # the first token, and one renewal


def test_forced_refreshes_are_kept_30_seconds_apart(wechat):
    # Given a forced refresh 10 s ago recorded in the store
    store = MemoryTokenStore({"token": "gone", "expires_at": NOW + timedelta(hours=1),
                              "forced_at": NOW - timedelta(seconds=10)})
    api = client(wechat, store)
    # When WeChat rejects the stored token
    api.send_template("oA", "T1", {})
    # Then the renewal asks for the current token without forcing another
    assert [c["force_refresh"] for c in wechat.token_calls()] == [False]
    assert len(wechat.delivered(TEMPLATE)) == 1


def test_while_another_caller_refreshes_a_still_valid_token_is_used(wechat):
    # Given a token 2 minutes from expiry and another caller holding the refresh lease
    store = MemoryTokenStore({"token": "old", "expires_at": NOW + timedelta(minutes=2),
                              "lease_until": NOW + timedelta(seconds=5)})
    wechat.tokens.add("old")
    api = client(wechat, store)
    # When this caller sends
    api.send_template("oA", "T1", {})
    # Then it did not ask WeChat for a token
    assert wechat.token_calls() == [] and len(wechat.delivered(TEMPLATE)) == 1


def test_without_a_valid_token_a_caller_waits_briefly_then_fails_soft(wechat):
    store = MemoryTokenStore({"lease_until": NOW + timedelta(seconds=10)})
    naps = []
    api = client(wechat, store, sleep=naps.append, waits=5, wait_step=0.1)
    with pytest.raises(ApiUnavailable):
        api.send_template("oA", "T1", {})
    assert naps == [0.1] * 5 and wechat.token_calls() == []


def test_concurrent_callers_on_the_table_refresh_the_token_once(race_table, wechat):
    # Given an empty table and a WeChat that takes 200 ms to answer
    wechat.delay = 0.2
    apis = [client(wechat, TableTokenStore("360722"), waits=40, wait_step=0.05) for _ in range(8)]
    errors = []

    def send(api, n):
        try:
            api.send_template(f"o{n}", "T1", {})
        except Exception as exc:  # noqa: BLE001 — collected for the assertion below
            errors.append(exc)
    # When 8 function instances send at the same moment
    threads = [threading.Thread(target=send, args=(api, n)) for n, api in enumerate(apis)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    # Then WeChat was asked for a token once, and every send went out with it
    assert errors == []
    assert len(wechat.token_calls()) == 1
    assert len(wechat.delivered(TEMPLATE)) == 8
    assert TableTokenStore("360722").get()["token"] == wechat.current


@pytest.mark.parametrize("failure", ["down", "http500", "drop", "slow", -1])
def test_every_kind_of_failure_is_reported_as_retryable_without_the_token(wechat, failure):
    api = client(wechat, timeout=0.3)
    api.send_template("oA", "T1", {})  # a token is cached
    if failure == "down":
        wechat.stop()
    elif failure == "slow":
        wechat.delay = 0.6
    else:
        wechat.fail(failure, path=TEMPLATE)
    with pytest.raises(ApiError) as raised:
        api.send_template("oB", "T1", {})
    assert raised.value.retryable
    assert wechat.current not in str(raised.value)
    if failure == "down":
        wechat.start()  # the fixture stops it again


def test_a_refresh_that_fails_frees_the_lease_for_the_next_caller(wechat):
    # Given WeChat failing the first token request
    store = MemoryTokenStore()
    api = client(wechat, store)
    wechat.fail("http500", path="/cgi-bin/stable_token")
    with pytest.raises(ApiUnavailable):
        api.send_template("oA", "T1", {})
    # When the next caller comes at the same moment
    assert store.get()["lease_until"] is None
    api.send_template("oB", "T1", {})
    # Then it renews at once instead of waiting out the failed caller's lease
    assert len(wechat.token_calls()) == 2 and len(wechat.delivered(TEMPLATE)) == 1
