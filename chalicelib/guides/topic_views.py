"""How a 热点普法 article is shown (issue 13): its state by the clock, the public list (pinned first)
and page, the staff's view with its trail. A published article whose time has not come is
`scheduled`; reading it at or after its time shows it `published` — nothing is written when it goes
live (db/topics.py: the public reads ask the index for what is due by now)."""
import re

from chalicelib.clock import iso, parse_instant
from chalicelib.db import topics as db
from chalicelib.errors import Invalid, NotFound
from chalicelib.guides import markdown, plan
from chalicelib.humantime import notice_time
from chalicelib.workdays import china_date

TOPIC_ID = "[0-9]{8}-[0-9a-f]{12}"
SORT_KEY = re.compile(r"[0-9T:\-.+Z]{20,32}#" + TOPIC_ID)
STATES = {"draft": "草稿", "scheduled": "定时发布", "published": "已发布", "withdrawn": "已撤回"}
MAX_PAGE, MAX_PINNED = 20, 3


def missing():
    return NotFound("没有这篇文章", code="topic_not_found")


def state(topic, now):
    if topic.status == "published" and topic.publish_at and parse_instant(topic.publish_at) > now:
        return "scheduled"
    return topic.status


def _when(at):
    return notice_time(parse_instant(at)) if at else None


def view(topic, now, staff=False):
    shown = topic.publish_at if state(topic, now) != "draft" else None
    found = {"topic_id": topic.topic_id, "title": topic.title, "pinned": bool(topic.pinned),
             "publish_at": shown, "publish_text": _when(shown),
             "summary": markdown.plain(topic.body), "laws": [dict(plan.cite(r), **r) for r in topic.laws],
             "plan_day": plan.day_view(topic.plan_day, china_date(now)) if topic.plan_day else None}
    if staff:
        current = state(topic, now)
        found.update(state=current, state_label=STATES[current], body=topic.body, version=topic.version,
                     history=[dict(h, at_text=_when(h["at"])) for h in reversed(topic.history or [])], created_at=topic.created_at)
    return found


def page(topic, now, staff=False):
    return dict(view(topic, now, staff), html=str(markdown.render(topic.body)))


def public_list(bureau, now, before=None, limit=None):
    if before and not SORT_KEY.fullmatch(before):
        raise Invalid("分页参数不正确", details={"field": "before"})
    items, more = db.live(bureau, iso(now), min(limit or MAX_PAGE, MAX_PAGE), before)
    pinned = [] if before else db.pinned(bureau, iso(now), MAX_PINNED)
    ids = {p.topic_id for p in pinned}
    return {"pinned": [view(t, now) for t in pinned],
            "items": [view(t, now) for t in items if t.topic_id not in ids], "next": more}


def public_item(bureau, topic_id, now):
    topic = db.get(bureau, topic_id) if re.fullmatch(TOPIC_ID, topic_id or "") else None
    if topic is None or state(topic, now) != "published":
        raise missing()
    return page(topic, now)


def staff_list(caller, now):
    found = sorted(db.of_bureau(caller.bureau), key=lambda t: t.created_at, reverse=True)
    return {"items": [view(t, now, staff=True) for t in found]}


def staff_item(caller, topic_id, now):
    topic = db.get(caller.bureau, topic_id) if re.fullmatch(TOPIC_ID, topic_id or "") else None
    if topic is None:
        raise missing()
    pushed = db.push_of(caller.bureau, topic_id)
    return dict(page(topic, now, staff=True), pushed_at=pushed.at if pushed else None)
