"""A published 热点普法 article pushed to every follower of the bureau's account (issue 13, AP-246):
one WeChat mass send (群发) through the outbox — a notification of kind `hot_topic` to FOLLOWERS,
delivered by chalicelib/delivery.py like any other, after the commit.

Once per article (`TOPICPUSH#<id>`, attribute_not_exists), and at most `quota` a China month per
account (`MASSSEND#<yyyy-mm>`, ADD 1 only while below it): both in the notification's transaction,
so a refused push writes nothing and two clerks pushing at once cannot exceed the quota.
"""
import re
import secrets

from chalicelib import outbox
from chalicelib.clock import iso
from chalicelib.db import audit
from chalicelib.db import topics as db
from chalicelib.errors import Conflict
from chalicelib.guides import markdown
from chalicelib.guides.topic_views import TOPIC_ID, missing, state
from chalicelib.humantime import notice_time
from chalicelib.workdays import china_date


def status(caller, now, quota):
    month = f"{china_date(now):%Y-%m}"
    used = db.pushes_this_month(caller.bureau, month)
    return {"month": month, "used": used, "quota": quota, "left": max(quota - used, 0)}


def notice(bureau, topic, now, public_base_url):
    """The outbox record of a push: kind `hot_topic` to every follower (one mass-sent text with the
    article's link); its data (title, time) is what a template would carry and is kept for the record."""
    return outbox.notification(
        idempotency_key=f"topic-push:{bureau}:{topic.topic_id}", audience="followers",
        to_openid=outbox.FOLLOWERS, template_key="hot_topic", channel="mass", now=now,
        url=f"{public_base_url}/h5/topics/{topic.topic_id}", data={"topic": topic.topic_id, "title": topic.title, "time": notice_time(now)},
        text=f"【热点普法】{topic.title}\n{markdown.plain(topic.body, 60)}", link_label="阅读全文", bureau=bureau)


def push(caller, topic_id, now, quota, public_base_url, on_commit=lambda ids: None):
    topic = db.get(caller.bureau, topic_id) if re.fullmatch(TOPIC_ID, topic_id or "") else None
    if topic is None:
        raise missing()
    if state(topic, now) != "published":
        raise Conflict("只有已发布的文章可以推送", code="topic_not_published")
    month = f"{china_date(now):%Y-%m}"
    note = notice(caller.bureau, topic, now, public_base_url)
    record = db.new_push(bureau=caller.bureau, topic_id=topic.topic_id, account=caller.bureau, month=month,
                          at=iso(now), by=caller.staff_id or caller.id, notification_id=note.notification_id)
    refused = db.push_once(record, quota, note)
    if refused == "pushed":
        raise Conflict("这篇文章已经推送过", code="topic_pushed")
    if refused:
        raise Conflict(f"本月的群发次数（{quota} 次）已用完，下月再推送", code="mass_send_quota")
    audit.record(audit_id=secrets.token_hex(16), at=record.at, actor=record.by, action="topic.push",
                 subject=f"TOPIC#{topic.topic_id}", bureau=caller.bureau)
    on_commit([note.notification_id])
    return dict(status(caller, now, quota), pushed_at=record.at, notification_id=note.notification_id)
