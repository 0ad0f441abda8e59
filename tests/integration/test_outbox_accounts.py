"""Which Official Account sends each notice, end to end on moto and the WeChat stand-in: every account
gets its own access token (asked for with its own appid, kept in its own `WECHAT#<account>` item)
and its own template ids; an account without the notice's template id parks it for staff."""
import dataclasses
import json

import pytest

from chalicelib import after_commit, delivery_triggers, outbox
from chalicelib.db.bureaus import Account, Bureau
from chalicelib.db.messaging import AccessToken, Notification
from chalicelib.db.models import Citizen
from chalicelib.wiring import Services, use
from tests.outbox_fixtures import wechat  # noqa: F401 (fixture)
from tests.wechat_standin import SENDS

TEMPLATE, SUBSCRIBE, _, _ = SENDS
LOCAL_ACCOUNTS = {
    "360723": {"appid": "wxDayu000000000000", "appsecret": "dy", "token": "dytoken"},
    "lawyers": {"appid": "wxLawyers000000000", "appsecret": "ls", "token": "ltoken"},
}


@pytest.fixture
def app(env, moto_table, wechat, clock):  # noqa: F811
    def _app(stage="local"):
        env(LOCAL_ACCOUNTS=json.dumps(LOCAL_ACCOUNTS))
        from chalicelib.settings import get_settings
        settings = dataclasses.replace(get_settings(), wechat_api_base=wechat.base, stage=stage)
        services = use(Services(settings=settings, clock=clock))
        services.table()
        Bureau(code="360723", name="大余县司法局", short_name="大余", regions=["360723"],
               account="360723").save()
        Account(account="360723", appid="wxDayu000000000000", bureau="360723", templates={
            "consultation_answered": {"subscribe": "DY-SUB-ANSWERED"},
            "consultation_unanswered": {"template": "DY-TMPL-STAFF"}}).save()
        Account(account="lawyers", appid="wxLawyers000000000", templates={
            "consultation_dispatched": {"template": "LW-TMPL-DISPATCH"}}).save()
        return services
    yield _app
    after_commit.wait_idle(10)


def _queue(clock, key, audience, template_key, **fields):
    note = outbox.notification(idempotency_key=key, audience=audience, to_openid=f"o-{key}",
                               template_key=template_key, data={"note": "x"}, now=clock.now(),
                               url="/h5/x", **fields)
    note.save()
    return note


def test_each_notice_goes_out_from_its_own_account_with_its_own_token_and_template(app, clock, wechat):  # noqa: F811
    # Given bureau 大余's account and the lawyers' account, and three notices about a 大余 question
    services = app()
    Citizen(openid="o-citizen", subscribed=True).save()
    from chalicelib.db import subscriptions  # the citizen authorised one notice of 大余's template
    subscriptions.record("o-citizen", "360723", ["DY-SUB-ANSWERED"], [], "req-00000001", clock.now())
    lawyer = _queue(clock, "lawyer", "lawyer", "consultation_dispatched", bureau="360723",
                    account="lawyers")
    citizen = _queue(clock, "citizen", "citizen", "consultation_answered", bureau="360723",
                     channel="subscribe")
    citizen.to_openid = "o-citizen"
    citizen.save()
    staff = _queue(clock, "staff", "staff", "consultation_unanswered", bureau="360723")
    # When each is delivered
    outcomes = [delivery_triggers.deliver_now(n.notification_id, services).status
                for n in (lawyer, citizen, staff)]
    # Then all three went out: the lawyer's from the lawyers' account, the others from 大余's
    assert outcomes == ["sent", "sent", "sent"]
    assert [(n.account, n.bureau) for n in (lawyer, citizen, staff)] == [
        ("lawyers", "360723"), ("360723", "360723"), ("360723", "360723")]
    assert sorted(b["template_id"] for b in wechat.delivered()) == [
        "DY-SUB-ANSWERED", "DY-TMPL-STAFF", "LW-TMPL-DISPATCH"]
    # each account asked WeChat for its own token once, with its own appid, kept in its own item
    assert sorted(call["appid"] for call in wechat.token_calls()) == [
        "wxDayu000000000000", "wxLawyers000000000"]
    tokens = [AccessToken.get(f"WECHAT#{account}", "ACCESS_TOKEN") for account in ("360723", "lawyers")]
    assert all(t.token for t in tokens) and not AccessToken.count("WECHAT#360722")


def test_off_the_local_stage_a_notice_whose_account_lacks_the_template_is_parked_for_staff(app, clock, wechat):  # noqa: F811
    # Given 大余's account without a template id for an award notice, on a real (non-local) stage
    services = app(stage="dev")
    note = _queue(clock, "award", "staff", "consultation_awarded", bureau="360723")
    # When it is delivered
    outcome = delivery_triggers.deliver_now(note.notification_id, services)
    # Then nothing reached WeChat and staff see it parked, saying why
    assert outcome.status == "failed" and wechat.delivered() == [] and wechat.token_calls() == []
    stored = Notification.get(f"OUTBOX#{note.notification_id}", "OUTBOX")
    assert (stored.status, stored.last_error, stored.attempts) == ("failed", "template_unconfigured", 1)
    parked = delivery_triggers.parked("360723")  # where 大余's staff see parked notices
    assert [(p["notification_id"], p["last_error"]) for p in parked] == [
        (note.notification_id, "template_unconfigured")]
