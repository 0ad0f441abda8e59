"""The outbox end to end on a moto table and a WeChat stand-in on 127.0.0.1: written with its change
or not at all, delivered once however the paths race, retried by sweeps at replayed times while
WeChat is down, parked for staff after the last failure."""
import dataclasses
import threading
import time
from datetime import timedelta

import pytest
from pynamodb.exceptions import TransactWriteError

from chalicelib import after_commit, delivery_triggers, outbox, sweep, wiring
from chalicelib.auth import Caller
from chalicelib.clock import iso
from chalicelib.db import queries
from chalicelib.db.base import transact_write
from chalicelib.db.messaging import Notification
from chalicelib.db.models import Citizen
from chalicelib.wiring import Services, use
from tests.outbox_fixtures import (  # noqa: F401 (fixtures)
    dynamodb_local_endpoint, linearizable, race_table, wechat)
from tests.wechat_standin import SENDS

TEMPLATE, SUBSCRIBE, CUSTOM, _ = SENDS


def pointed_at(services, wechat, clock):
    """The same services with the WeChat API base pointing at the stand-in."""
    mine = use(Services(settings=dataclasses.replace(services.settings, wechat_api_base=wechat.base),
                        clock=clock))
    mine.table()
    return mine


@pytest.fixture
def app(moto_table, wechat, clock):
    yield pointed_at(moto_table, wechat, clock)
    assert after_commit.wait_idle(10)


@pytest.fixture
def race_app(race_table, wechat, clock):
    yield pointed_at(race_table, wechat, clock)
    assert after_commit.wait_idle(10)


def queue(clock, key, audience="lawyer", openid="oLawyer", **fields):
    note = outbox.notification(idempotency_key=key, audience=audience, to_openid=openid,
                               template_key="new_question", data={"first": "新的法律咨询"},
                               now=clock.now(), **{"url": "/h5/lawyer", **fields})
    note.save()
    return note.notification_id


def authorise_once(openid, clock, template="new_question"):
    """The citizen accepted one subscribe notice of `template` (the key stands for the id locally)."""
    from chalicelib.db import subscriptions

    subscriptions.record(openid, None, [template], [], f"req-{openid}-{template}", clock.now())


def stored(notification_id):
    return Notification.get(f"OUTBOX#{notification_id}", "OUTBOX")


def sweep_at(app, at):
    return sweep.run(at, app, queries.due_items, wiring.due_handlers())


def test_a_notification_is_written_with_its_change_or_not_at_all(app, clock):
    # Given a citizen profile, and a change to it that queues a notification in one transaction
    Citizen(openid="oC", subscribed=True).save()
    person = Citizen.get("CITIZEN#oC", "PROFILE")
    note = outbox.notification(idempotency_key="consent:oC", audience="citizen", to_openid="oC",
                               template_key="consent", text="已记录您的授权", now=clock.now(),
                               url="/h5/mine")
    with transact_write() as tx:
        tx.update(person, actions=[Citizen.scene.set("qr1")], condition=Citizen.scene.does_not_exist())
        outbox.write_with(tx, note)
    # Then both are stored
    assert Citizen.get("CITIZEN#oC", "PROFILE").scene == "qr1"
    assert stored(note.notification_id).status == "pending"
    # When a change whose condition fails tries to queue another notification
    other = outbox.notification(idempotency_key="consent:again", audience="citizen", to_openid="oC",
                                template_key="consent", text="x", now=clock.now(),
                                url="/h5/mine")
    with pytest.raises(TransactWriteError):
        with transact_write() as tx:
            tx.update(person, actions=[Citizen.scene.set("qr2")],
                      condition=Citizen.scene.does_not_exist())
            outbox.write_with(tx, other)
    # Then neither is written
    assert Citizen.get("CITIZEN#oC", "PROFILE").scene == "qr1"
    assert not list(Notification.query(f"OUTBOX#{other.notification_id}"))
    # And a retried request with the first idempotency key changes nothing and queues nothing
    with pytest.raises(TransactWriteError):
        with transact_write() as tx:
            tx.update(person, actions=[Citizen.scene.set("qr3")])
            outbox.write_with(tx, note)
    assert Citizen.get("CITIZEN#oC", "PROFILE").scene == "qr1"


def test_delivery_after_the_commit_reaches_wechat_within_five_seconds_of_the_commit(app, wechat, clock):
    # Given a notification just committed
    nid = queue(clock, "kick:1")
    started = time.perf_counter()
    # When the request path hands it to the after-commit map
    assert after_commit.soon("Notification", [nid], app) == 1
    # Then the stand-in has it well within 5 s, and the record is sent
    assert after_commit.wait_idle(5)
    elapsed = time.perf_counter() - started
    assert [b["touser"] for b in wechat.delivered(TEMPLATE)] == ["oLawyer"] and elapsed < 5
    assert stored(nid).status == "sent" and stored(nid).DUEAT is None


def test_the_local_path_does_nothing_off_the_local_stage_where_the_stream_delivers(app, wechat, clock):
    nid = queue(clock, "kick:prod")
    prod = Services(settings=dataclasses.replace(app.settings, stage="prod"), clock=clock)
    assert after_commit.soon("Notification", [nid], prod) == 0
    assert stored(nid).status == "pending"


def test_delivery_and_racing_sweeps_deliver_each_notification_once(race_app, wechat, clock):
    app = race_app
    # Given five notifications and a WeChat that takes 300 ms to answer
    ids = [queue(clock, f"race:{n}", openid=f"oL{n}") for n in range(5)]
    wechat.delay = 0.3
    # When each is delivered twice at once while two sweeps of this minute run
    workers = [threading.Thread(target=delivery_triggers.deliver_now, args=(nid, app))
               for nid in ids for _ in range(2)]
    workers += [threading.Thread(target=sweep_at, args=(app, clock.now())) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(30)
    # Then each went out exactly once and was attempted once
    assert sorted(b["touser"] for b in wechat.delivered(TEMPLATE)) == [f"oL{n}" for n in range(5)]
    assert {stored(nid).status for nid in ids} == {"sent"}
    assert {stored(nid).attempts for nid in ids} == {1}


def test_while_wechat_is_down_sweeps_retry_with_backoff_and_deliver_when_it_is_back(app, wechat, clock):
    # Given a notification whose kick was lost, and WeChat down
    nid = queue(clock, "down:1")
    wechat.stop()
    t0 = clock.now()
    # When sweeps run at replayed event times
    assert sweep_at(app, t0)["handled"] == {"Notification": 1}
    assert stored(nid).next_attempt_at == iso(t0 + timedelta(minutes=1))
    assert sweep_at(app, t0)["handled"] == {}  # the same minute again does nothing more
    assert sweep_at(app, t0 + timedelta(seconds=59))["handled"] == {}
    sweep_at(app, t0 + timedelta(minutes=1))
    assert stored(nid).next_attempt_at == iso(t0 + timedelta(minutes=3))
    wechat.start()
    assert sweep_at(app, t0 + timedelta(minutes=2))["handled"] == {}
    sweep_at(app, t0 + timedelta(minutes=3))
    # Then it went out once WeChat was back, on the third attempt, and nothing is due any more
    note = stored(nid)
    assert (note.status, note.attempts, note.sent_at) == ("sent", 3, iso(t0 + timedelta(minutes=3)))
    assert len(wechat.delivered(TEMPLATE)) == 1
    assert list(queries.due_items(t0 + timedelta(days=1))) == []


def test_after_six_failures_the_notification_is_parked_and_listed_for_staff(app, wechat, clock):
    # Given a WeChat that answers every send with HTTP 500
    nid = queue(clock, "parked:1")
    wechat.fail("http500", times=100, path=TEMPLATE)
    t0 = clock.now()
    # When sweeps run at 0, 1, 3, 7, 15 and 31 minutes
    for minutes in (0, 1, 3, 7, 15, 31):
        assert sweep_at(app, t0 + timedelta(minutes=minutes))["handled"] == {"Notification": 1}
    # Then it is parked, off the due index, and staff see it without its content
    note = stored(nid)
    assert (note.status, note.attempts, note.last_error) == ("failed", 6, "unreachable: HTTP 500")
    assert sweep_at(app, t0 + timedelta(hours=2))["handled"] == {}
    listed = delivery_triggers.parked()
    assert [p["notification_id"] for p in listed] == [nid]
    assert listed[0]["attempts"] == 6 and "payload" not in listed[0]
    # And when staff send it again after WeChat recovers, it goes out and leaves the list
    wechat.script.clear()
    delivery_triggers.requeue(nid, app, Caller("staff", "s1", staff_id="s1", bureau="360722"))
    assert after_commit.wait_idle(5)
    assert stored(nid).status == "sent" and delivery_triggers.parked() == []


def test_an_outage_stops_one_sweep_from_spending_its_time_on_every_notification(app, wechat, clock):
    # Given six due notifications and WeChat down
    ids = [queue(clock, f"outage:{n}", openid=f"oL{n}") for n in range(6)]
    wechat.stop()
    # When one sweep runs
    sweep_at(app, clock.now())
    # Then three were tried and the other three wait a minute without spending an attempt
    attempts = sorted(stored(nid).attempts for nid in ids)
    assert attempts == [0, 0, 0, 1, 1, 1]
    nxt = {stored(nid).next_attempt_at for nid in ids}
    assert nxt == {iso(clock.now() + timedelta(minutes=1))}


def test_a_citizen_gets_customer_service_messages_until_the_window_quota_is_used(app, wechat, clock):
    # Given a citizen who wrote an hour ago and has had 4 customer-service messages since
    Citizen(openid="oC", subscribed=True, cs_sent_since_inbound=4,
            last_inbound_at=iso(clock.now() - timedelta(hours=1))).save()
    authorise_once("oC", clock)  # the subscribe fallback needs the citizen's authorisation
    first = queue(clock, "cs:1", audience="citizen", openid="oC", text="律师已回答您的咨询")
    second = queue(clock, "cs:2", audience="citizen", openid="oC", text="您的申请已受理")
    # When both are delivered
    delivery_triggers.deliver_now(first, app)
    delivery_triggers.deliver_now(second, app)
    # Then the fifth went as a customer-service message and the sixth as a subscribe message
    assert [b["text"]["content"] for b in wechat.delivered(CUSTOM)] == [
        '律师已回答您的咨询\n<a href="/h5/lawyer">点击查看</a>']
    assert [b["touser"] for b in wechat.delivered(SUBSCRIBE)] == ["oC"]
    assert (stored(second).channel_used, stored(second).fallback_reason) == (
        "subscribe", "cs_limit_reached")
    assert Citizen.get("CITIZEN#oC", "PROFILE").cs_sent_since_inbound == 5


def test_errcode_45015_sends_a_subscribe_message_instead(app, wechat, clock):
    Citizen(openid="oC", subscribed=True, last_inbound_at=iso(clock.now())).save()
    authorise_once("oC", clock)
    nid = queue(clock, "cs:45015", audience="citizen", openid="oC", text="律师已回答您的咨询")
    wechat.fail(45015, path=CUSTOM)
    assert delivery_triggers.deliver_now(nid, app).status == "sent"
    assert wechat.delivered(CUSTOM) == [] and len(wechat.delivered(SUBSCRIBE)) == 1
    assert (stored(nid).channel_used, stored(nid).fallback_reason) == ("subscribe", "errcode_45015")


def test_a_citizen_who_unsubscribed_is_skipped_and_never_retried(app, wechat, clock):
    Citizen(openid="oGone", subscribed=False).save()
    nid = queue(clock, "gone:1", audience="citizen", openid="oGone", text="律师已回答您的咨询")
    assert delivery_triggers.deliver_now(nid, app).status == "skipped"
    assert wechat.calls == [] and stored(nid).status == "skipped"
    assert sweep_at(app, clock.now() + timedelta(hours=1))["handled"] == {}
