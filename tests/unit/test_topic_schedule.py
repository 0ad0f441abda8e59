"""热点普法 by the clock: an article published for a later time is `scheduled` until the clock reaches
it, then `published`, with nothing written (issue 13 "schedule"); the time typed is China time; a
push is one WeChat mass send delivered through the outbox like any notice."""
from datetime import timedelta
from types import SimpleNamespace

import pytest

from chalicelib import outbox
from chalicelib.clock import iso, parse_instant
from chalicelib.delivery import deliver
from chalicelib.errors import Invalid
from chalicelib.guides import topics
from chalicelib.guides.topic_views import state
from tests.unit.test_delivery import FakeAPI, FakeStore

NOW = parse_instant("2026-12-02T02:00:00Z")  # 10:00 in China


def article(status, at):
    return SimpleNamespace(status=status, publish_at=iso(at) if at else None)


@pytest.mark.parametrize("status, at, now, expected", [
    ("draft", None, NOW, "draft"),
    ("published", NOW + timedelta(days=2), NOW, "scheduled"),
    ("published", NOW + timedelta(days=2), NOW + timedelta(days=2) - timedelta(seconds=1), "scheduled"),
    ("published", NOW + timedelta(days=2), NOW + timedelta(days=2), "published"),
    ("published", NOW - timedelta(hours=1), NOW, "published"),
    ("withdrawn", NOW - timedelta(hours=1), NOW, "withdrawn"),
])
def test_an_articles_state_follows_the_clock(status, at, now, expected):
    assert state(article(status, at), now) == expected


def test_the_time_typed_is_china_time():
    # 12月4日 09:00 in China (国家宪法日 morning) is 01:00 UTC
    assert iso(topics._when("2026-12-04T09:00", NOW)) == "2026-12-04T01:00:00Z"
    assert topics._when("", NOW) == NOW
    # a minute typed a little in the past (the clerk was slow) is now
    assert topics._when("2026-12-02T09:58", NOW) == NOW
    for bad in ("2026-12-02T09:00", "2027-12-05T09:00", "12/04 09:00"):
        with pytest.raises(Invalid):
            topics._when(bad, NOW)


class MassAPI(FakeAPI):
    def mass_send_text(self, text):
        self.sent.append(("mass_send_text", text))
        return {"errcode": 0, "msg_id": 1000001}


def test_a_push_is_delivered_as_one_mass_send_of_its_text():
    # Given a push in the outbox
    note = outbox.notification(idempotency_key="topic-push:360722:t1", audience="followers",
                               to_openid=outbox.FOLLOWERS, template_key="hot_topic", channel="mass",
                               now=NOW, url="https://h5.example/h5/topics/t1", data={"title": "宪法日"},
                               text="【热点普法】宪法日", link_label="阅读全文", bureau="360722")
    store, api = FakeStore([note]), MassAPI()
    # When it is delivered
    outcome = deliver(note.notification_id, store=store, api=api, clock=SimpleNamespace(now=lambda: NOW))
    # Then WeChat got one mass send with the text and the article's link, and it is marked sent
    assert outcome.status == "sent" and outcome.detail == "mass"
    assert api.sent == [("mass_send_text",
                         '【热点普法】宪法日\n<a href="https://h5.example/h5/topics/t1?bureau=360722">阅读全文</a>')]
    assert store.notes[note.notification_id].msgid == "1000001"


def test_a_mass_send_needs_its_text():
    with pytest.raises(ValueError):
        outbox.notification(idempotency_key="k", audience="followers", to_openid=outbox.FOLLOWERS,
                            template_key="hot_topic", channel="mass", now=NOW, url="/h5/topics/t1")
