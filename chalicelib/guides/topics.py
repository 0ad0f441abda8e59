"""热点普法 articles a bureau's staff write (issue 13; AP-244, AP-245): drafts, preview, publish now
or at a time (scheduled), unpublish, pin, tie to laws and to a day of the annual 普法 plan.

Every key is the caller's bureau (another bureau's id is the same 404 as a random one). Every change
names the version read (a stale one is a 409, nothing written) and appends to the article's own
trail (who, when, what) and to the bureau's audit (AP-91). The body is Markdown rendered safely
(guides/markdown.py); the time to publish is China time as typed, stored as a UTC instant.
"""
import re
import secrets
from datetime import datetime, timedelta

from chalicelib.clock import iso
from chalicelib.db import audit
from chalicelib.db import topics as db
from chalicelib.errors import Conflict, Invalid
from chalicelib.guides import markdown, plan
from chalicelib.guides.topic_views import MAX_PINNED, TOPIC_ID, missing, page, state
from chalicelib.workdays import CHINA_TZ, china_date

MAX_TITLE, MAX_BODY, MAX_LAWS = 60, 20000, 5
MAX_AHEAD = timedelta(days=366)
ACTIONS = {"create": "新建草稿", "edit": "修改", "publish": "发布", "schedule": "定时发布",
           "unpublish": "撤回", "pin": "置顶", "unpin": "取消置顶", "push": "推送给关注者"}
MAX_HISTORY = 100


def _text(body, name, limit, label):
    value = (body.get(name) or "").replace("\r\n", "\n").strip()
    if name == "title":
        value = " ".join(value.split())
    if not value or len(value) > limit:
        raise Invalid(f"{label}须为 1 到 {limit} 个字", details={"field": name})
    return value


def _laws(refs):
    refs = refs or []
    if len(refs) > MAX_LAWS:
        raise Invalid(f"最多关联 {MAX_LAWS} 部法律", details={"field": "laws"})
    found = []
    for i, ref in enumerate(refs):
        if ref.get("law") not in plan.laws():
            raise Invalid("请从法律法规库中选择法律", details={"field": f"laws[{i}].law"})
        found.append({k: v for k, v in (("law", ref["law"]), ("article", ref.get("article"))) if v})
    return found


def _fields(body):
    day = body.get("plan_day") or None
    if day is not None and day not in plan.days():
        raise Invalid("请选择普法日历中的日子", details={"field": "plan_day"})
    return {"title": _text(body, "title", MAX_TITLE, "标题"), "body": _text(body, "body", MAX_BODY, "正文"),
            "laws": _laws(body.get("laws")), "plan_day": day}


def preview(body):
    return {"html": str(markdown.render(_text(body, "body", MAX_BODY, "正文")))}


def _trail(topic, caller, action, now, note=None):
    by = caller.staff_id or caller.id
    entry = {"at": iso(now), "by": by, "action": action, "label": ACTIONS[action]}
    topic.history = ((topic.history or []) + [dict(entry, note=note) if note else entry])[-MAX_HISTORY:]
    return by


def _record(caller, topic, action, now):
    audit.record(audit_id=secrets.token_hex(16), at=iso(now), actor=caller.staff_id or caller.id,
                 action=f"topic.{action}", subject=f"TOPIC#{topic.topic_id}", bureau=caller.bureau)


def create(caller, body, now):
    fields = _fields(body)
    topic = db.new_topic(bureau=caller.bureau, topic_id=f"{china_date(now):%Y%m%d}-{secrets.token_hex(6)}",
                     created_at=iso(now), created_by=caller.staff_id or caller.id, **fields)
    _trail(topic, caller, "create", now)
    if not db.create(topic):
        raise Conflict("请重试", code="topic_conflict")
    _record(caller, topic, "create", now)
    return page(topic, now, staff=True)


def _mine(caller, topic_id, body):
    topic = db.get(caller.bureau, topic_id) if re.fullmatch(TOPIC_ID, topic_id or "") else None
    if topic is None:
        raise missing()
    if body.get("version") != topic.version:
        raise Conflict("文章已被他人修改，请刷新页面后再操作", code="topic_changed")
    return topic


def _save(caller, topic, action, now, note=None):
    seen = topic.version
    _trail(topic, caller, action, now, note)
    if not db.replace(topic, seen):
        raise Conflict("文章已被他人修改，请刷新页面后再操作", code="topic_changed")
    _record(caller, topic, action, now)
    return page(topic, now, staff=True)


def edit(caller, topic_id, body, now):
    topic = _mine(caller, topic_id, body)
    for name, value in _fields(body).items():
        setattr(topic, name, value)
    return _save(caller, topic, "edit", now)


def _when(text, now):
    """The China time typed (YYYY-MM-DDTHH:MM) as a UTC instant; none: now."""
    if not text:
        return now
    try:
        at = datetime.strptime(text, "%Y-%m-%dT%H:%M").replace(tzinfo=CHINA_TZ)
    except (TypeError, ValueError):
        raise Invalid("发布时间格式不正确", details={"field": "at"})
    if at < now - timedelta(minutes=5) or at > now + MAX_AHEAD:
        raise Invalid("定时发布的时间须在现在到一年之内", details={"field": "at"})
    return max(at, now)


def publish(caller, topic_id, body, now):
    topic = _mine(caller, topic_id, body)
    at = _when(body.get("at"), now)
    topic.status, topic.publish_at = "published", iso(at)
    scheduled = state(topic, now) == "scheduled"
    return _save(caller, topic, "schedule" if scheduled else "publish", now, topic.publish_at if scheduled else None)


def unpublish(caller, topic_id, body, now):
    topic = _mine(caller, topic_id, body)
    if topic.status != "published":
        raise Conflict("这篇文章没有发布", code="topic_not_published")
    topic.status = "withdrawn"
    return _save(caller, topic, "unpublish", now)


def pin(caller, topic_id, body, now):
    topic = _mine(caller, topic_id, body)
    wanted = body.get("pinned") is True
    if wanted and not topic.pinned:
        others = [t for t in db.of_bureau(caller.bureau) if t.pinned and t.topic_id != topic_id
                  and t.status == "published"]
        if len(others) >= MAX_PINNED:
            raise Conflict(f"最多置顶 {MAX_PINNED} 篇，请先取消其他文章的置顶", code="too_many_pinned")
    topic.pinned = wanted
    return _save(caller, topic, "pin" if wanted else "unpin", now)
