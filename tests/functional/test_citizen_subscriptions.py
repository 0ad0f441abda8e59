"""Citizens' authorisation of subscribe notifications (issue 11): the pages learn what to offer,
`POST /api/me/subscriptions` records the citizen's answer to WeChat's open tag per template, and
delivery outside the 48-hour window sends only what was authorised, spending it."""
import dataclasses
import json
from datetime import timedelta
from pathlib import Path

import pytest
from chalice.test import Client

from chalicelib import citizen_subscriptions, delivery_triggers, notice_kinds, outbox
from chalicelib.auth import Caller, sign_in
from chalicelib.clock import iso
from chalicelib.db import subscriptions
from chalicelib.db.bureaus import Account
from chalicelib.db.messaging import Notification
from chalicelib.db.models import Citizen
from chalicelib.wiring import Services, use
from tests.outbox_fixtures import wechat  # noqa: F401 (fixture)

LOCAL = json.loads((Path(__file__).parents[2] / "local" / "wechat-templates.json").read_text())
CONSULT, APPLY = "zst-local-sub-consultation", "zst-local-sub-application"
COMMISSION = "zst-local-sub-commission"
PATH = "/api/me/subscriptions"


@pytest.fixture
def http(env, moto_table, wechat, clock):
    env(LOCAL_ACCOUNTS=json.dumps({"360722": {"appid": "wx0123456789abcdef", "appsecret": "s",
                                              "token": "xinfengtoken"}}))
    services = use(Services(settings=dataclasses.replace(
        moto_table.settings.__class__(), wechat_api_base=wechat.base), clock=clock))
    services.table()
    Account(account="360722", appid="wx0123456789abcdef", bureau="360722",
            templates=notice_kinds.normalise(LOCAL)).save()
    from app import app
    with Client(app) as client:
        yield client, services


def _token(services, role="citizen", who="oCitizen"):
    caller = Caller(role, who, openid=who, staff_id=who if role == "staff" else None,
                    bureau="360722", account="360722")
    return sign_in(caller, settings=services.settings, clock=services.clock)[0]["token"]


def _call(http, method="GET", body=None, role="citizen", who="oCitizen"):
    client, services = http
    headers = {"Authorization": f"Bearer {_token(services, role, who)}", "Content-Type": "application/json"}
    if method == "GET":
        response = client.http.get(PATH, headers=headers)
    else:
        response = client.http.post(PATH, headers=headers, body=json.dumps(body))
    return response.status_code, json.loads(response.body)


def test_the_pages_learn_which_templates_to_offer_after_asking_applying_deletion_and_commissions(http):
    status, body = _call(http)
    assert status == 200
    assert body["offer"] == {"consultation": [CONSULT], "application": [APPLY],
                             "privacy": ["zst-local-sub-privacy"],
                             "commission": [COMMISSION], "commission_service": [COMMISSION]}
    assert body["subscriptions"] == [{"template": CONSULT, "remaining": 0},
                                     {"template": APPLY, "remaining": 0},
                                     {"template": "zst-local-sub-privacy", "remaining": 0},
                                     {"template": "zst-local-sub-commission", "remaining": 0}]


def test_each_accept_allows_one_more_notice_and_a_repeated_request_counts_once(http):
    # When the citizen accepts the consultation template and rejects the application one
    status, body = _call(http, "POST", {"request_id": "req-00000001", "accepted": [CONSULT],
                                        "rejected": [APPLY]})
    # Then one notice of the consultation template is allowed
    assert status == 200 and body["recorded"] is True
    assert {s["template"]: s["remaining"] for s in body["subscriptions"]} == {
        CONSULT: 1, APPLY: 0, "zst-local-sub-commission": 0, "zst-local-sub-privacy": 0}
    # And the same request sent again (a retry) changes nothing
    assert _call(http, "POST", {"request_id": "req-00000001", "accepted": [CONSULT]})[1]["recorded"] is False
    # While a new accept adds one more
    _, body = _call(http, "POST", {"request_id": "req-00000002", "accepted": [CONSULT]})
    assert body["subscriptions"][0] == {"template": CONSULT, "remaining": 2}
    item = subscriptions.Subscription.get("CITIZEN#oCitizen", f"SUBSCRIBE#{APPLY}")
    assert (item.rejected, item.remaining, item.account) == (1, 0, "360722")


@pytest.mark.parametrize("body, code", [
    ({"request_id": "req-00000003", "accepted": ["another-accounts-template"]}, "unknown_template"),
    ({"request_id": "req-00000003", "accepted": [CONSULT], "rejected": [CONSULT]}, "template_both_ways"),
    ({"request_id": "req-00000003"}, "nothing_to_record"),
    ({"accepted": [CONSULT]}, None),  # no request id: a retry could not be told apart
    ({"request_id": "short", "accepted": [CONSULT]}, None),
    ({"request_id": "req-00000003", "accepted": [CONSULT] * 11}, None),
    ({"request_id": "req-00000003", "accepted": ["<script>"]}, None),
    ({"request_id": "req-00000003", "accepted": [CONSULT], "remaining": 99}, None),
    ({"request_id": "req-00000003", "accepted": CONSULT}, None),
])
def test_hostile_answers_are_refused_and_nothing_is_written(http, body, code):
    status, answer = _call(http, "POST", body)
    assert status == 400 and (code is None or answer["error"]["code"] == code), answer
    assert subscriptions.remaining("oCitizen") == {}


def test_only_a_signed_in_citizen_records_their_own(http):
    client, services = http
    assert client.http.post(PATH, body="{}", headers={"Content-Type": "application/json"}).status_code == 401
    # A lawyer's or staff member's session without an openid is not a citizen's
    staff = Caller("staff", "s1", staff_id="s1", bureau="360722", account="360722")
    token = sign_in(staff, settings=services.settings, clock=services.clock)[0]["token"]
    assert client.http.post(PATH, body=json.dumps({"request_id": "req-00000009", "accepted": [CONSULT]}),
                            headers={"Authorization": f"Bearer {token}",
                                     "Content-Type": "application/json"}).status_code == 403


def test_a_commission_page_offers_each_citizen_commission_notice_of_its_moment(http):
    # Given an account whose commission notices each have their own subscribe template
    templates = {kind.key: {"subscribe": f"sub-{kind.key}"} for kind in notice_kinds.KINDS
                 if kind.channel == "subscribe"}
    offer = citizen_subscriptions.offer(templates, key_as_template=False)
    # Then waiting for a lawyer offers the news of an accept, a lapse and an expiry; confirmed, the
    # start and the end of the service
    assert offer["commission"] == ["sub-commission_accepted", "sub-commission_lapsed",
                                   "sub-commission_expired"]
    assert offer["commission_service"] == ["sub-commission_started", "sub-commission_completed"]
    # And every citizen commission notice is offered at some moment (none parked for want of asking)
    offered = {key for keys in citizen_subscriptions.MOMENTS.values() for key in keys}
    assert {k.key for k in notice_kinds.KINDS if k.channel == "subscribe"
            and k.key.startswith("commission_")} <= offered


def _accepted(clock, key):
    note = outbox.notification(
        idempotency_key=key, audience="citizen", to_openid="oCitizen", bureau="360722",
        template_key="commission_accepted", now=clock.now(), url="https://zst.example/h5/commissions/W1",
        text="律师已接受您的委托。", data={"commission": "WT20261202-0A1B2C3D", "status": "律师已接受",
                                     "time": "2026年12月2日 10:00"})
    note.save()
    return note.notification_id


def test_outside_the_window_a_lawyers_accept_reaches_the_citizen_only_once_they_allowed_it(http, wechat, clock):
    # Given a following citizen whose last message is three days old, who has a commission waiting
    Citizen(openid="oCitizen", subscribed=True,
            last_inbound_at=iso(clock.now() - timedelta(days=3))).save()
    _, services = http
    # When a lawyer accepts before they allowed the notice, it is parked as 未授权
    parked = _accepted(clock, "c:1")
    assert delivery_triggers.deliver_now(parked, services).status == "failed"
    assert [(n["notification_id"], n["reason"]) for n in delivery_triggers.parked("360722")] == [
        (parked, "未授权")]
    # When they allow what the commission page offers ("律师接受后通知我")
    _, mine = _call(http)
    _call(http, "POST", {"request_id": "req-00000010", "accepted": mine["offer"]["commission"]})
    # Then the next accept goes as a subscribe notice with the commission's number, spending it
    sent_id = _accepted(clock, "c:2")
    assert delivery_triggers.deliver_now(sent_id, services).status == "sent"
    (sent,) = wechat.delivered("/cgi-bin/message/subscribe/bizsend")
    assert sent["template_id"] == COMMISSION
    assert sent["data"]["character_string1"] == {"value": "WT20261202-0A1B2C3D"}
    assert subscriptions.remaining("oCitizen") == {COMMISSION: 0}


def _answered(clock, key):
    note = outbox.notification(
        idempotency_key=key, audience="citizen", to_openid="oCitizen", bureau="360722",
        template_key="consultation_answered", now=clock.now(), url="https://zst.example/h5/consultations/C1",
        text="您的法律咨询已有律师解答。", data={"consultation": "ZX20261202-X30XAC", "status": "已有解答",
                                          "note": "已有律师解答", "time": "2026年3月2日 10:00"})
    note.save()
    return note.notification_id


def test_outside_the_window_only_an_authorised_notice_goes_and_the_rest_are_parked_as_not_authorised(
        http, wechat, clock):
    # Given a following citizen whose last message is three days old
    Citizen(openid="oCitizen", subscribed=True,
            last_inbound_at=iso(clock.now() - timedelta(days=3))).save()
    _, services = http
    # When a notice comes before they authorised anything
    first = _answered(clock, "a:1")
    assert delivery_triggers.deliver_now(first, services).status == "failed"
    # Then it is parked where staff see it, saying 未授权
    assert [(n["notification_id"], n["reason"]) for n in delivery_triggers.parked("360722")] == [
        (first, "未授权")]
    # When they accept once on the page, the next notice goes as a subscribe notice, spending it
    _call(http, "POST", {"request_id": "req-00000004", "accepted": [CONSULT]})
    second = _answered(clock, "a:2")
    assert delivery_triggers.deliver_now(second, services).status == "sent"
    (sent,) = wechat.delivered("/cgi-bin/message/subscribe/bizsend")
    assert sent["template_id"] == CONSULT and sent["data"]["phrase2"] == {"value": "已有解答"}
    assert Notification.get(f"OUTBOX#{second}", "OUTBOX").fallback_reason == "cs_window_closed"
    assert subscriptions.remaining("oCitizen") == {CONSULT: 0}
    # And a third is parked again: the one-time authorisation is spent
    assert delivery_triggers.deliver_now(_answered(clock, "a:3"), services).status == "failed"


@pytest.fixture
def stub(env, moto_table, clock):
    """The local WeChat stand-in (it answers getticket), with 信丰's account known to it."""
    from local.wechat_stub import serve

    server, standin = serve(0, appid="wx0123456789abcdef", secret="s")
    env(LOCAL_ACCOUNTS=json.dumps({"360722": {"appid": "wx0123456789abcdef", "appsecret": "s",
                                              "token": "xinfengtoken"}}),
        WECHAT_API_BASE=f"http://127.0.0.1:{server.server_address[1]}", PUBLIC_BASE_URL="https://zst.example")
    services = use(Services(clock=clock))
    services.table()
    from app import app
    with Client(app) as client:
        yield (client, services), standin
    server.shutdown()
    server.server_close()


def test_a_page_gets_its_js_sdk_configuration_signed_for_its_own_address(stub):
    from chalicelib.wechat import jssdk

    http, standin = stub
    client, services = http
    headers = {"Authorization": f"Bearer {_token(services)}"}
    page = "https://zst.example/h5/consultations/C1?bureau=360722"
    # When the consultation's page asks for its configuration twice
    answers = [client.http.get("/api/wechat/jssdk-config?url=" + page.replace("?", "%3F").replace("=", "%3D")
                               + "%23frag", headers=headers) for _ in range(2)]
    # Then it is signed for the page's address (without #…) with the account's ticket, fetched once
    assert [a.status_code for a in answers] == [200, 200]
    config = json.loads(answers[0].body)
    assert config["appId"] == "wx0123456789abcdef" and config["openTagList"] == ["wx-open-subscribe"]
    assert config["signature"] == jssdk.signature("local-jsapi-ticket", config["nonceStr"],
                                                  config["timestamp"], page)
    assert len(standin.records(path="/cgi-bin/ticket/getticket")) == 1
    # And another site's address is not signed; a signed-out caller learns nothing
    refused = client.http.get("/api/wechat/jssdk-config?url=https%3A%2F%2Fevil.example%2Fh5%2F", headers=headers)
    assert refused.status_code == 400 and json.loads(refused.body)["error"]["code"] == "foreign_url"
    assert client.http.get("/api/wechat/jssdk-config?url=" + page).status_code == 401
