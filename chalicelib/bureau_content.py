"""A bureau's notices and guides (issue 10 "its own content beside the shared law library", AP-77).

Staff publish and withdraw items of their own bureau only: every key is built from `caller.bureau`,
so another bureau's slug is simply an item this bureau does not hold (the same 404 as a random
slug). The slug is the server's (`<yyyymmdd>-<12 hex>`); the body is plain text, paragraphs split
on blank lines and shown as text (never markup).
"""
import re
import secrets
from datetime import date

from chalicelib.clock import iso
from chalicelib.db import audit
from chalicelib.db import content as db
from chalicelib.db.content import get, of_bureau, published
from chalicelib.errors import Conflict, Invalid, NotFound
from chalicelib.workdays import china_date

KINDS = {"notice": "通知公告", "guide": "办事指南"}
MAX_TITLE, MAX_BODY, MAX_PAGE = 60, 5000, 50
SLUG = "[0-9]{8}-[0-9a-f]{12}"
SORT_KEY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}#" + SLUG)


def missing():
    return NotFound("没有这条内容", code="content_not_found")


def paragraphs(body):
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", body or "") if p.strip()]


def view(item, staff=False):
    found = {"slug": item.slug, "kind": item.kind, "kind_label": KINDS.get(item.kind, ""),
             "title": item.title, "published": item.published, "paragraphs": paragraphs(item.body)}
    if staff:
        found.update(status=item.status, body=item.body, created_by=item.created_by,
                     withdrawn_at=item.withdrawn_at)
    return found


def _checked(body, now):
    title = " ".join((body.get("title") or "").split())
    text = (body.get("body") or "").replace("\r\n", "\n").strip()
    if body.get("kind") not in KINDS:
        raise Invalid("请选择类别（通知公告或办事指南）", details={"field": "kind"})
    if not title or len(title) > MAX_TITLE:
        raise Invalid(f"标题须为 1 到 {MAX_TITLE} 个字", details={"field": "title"})
    if not text or len(text) > MAX_BODY:
        raise Invalid(f"正文须为 1 到 {MAX_BODY} 个字", details={"field": "body"})
    day = china_date(now)
    if body.get("published"):
        try:
            day = date.fromisoformat(body["published"])
        except ValueError:
            raise Invalid("发布日期格式不正确", details={"field": "published"})
        if day > china_date(now):
            raise Invalid("发布日期不能晚于今天", details={"field": "published"})
    return body["kind"], title, text, day


def _audit(caller, action, slug, now):
    audit.record(audit_id=secrets.token_hex(16), at=iso(now), actor=caller.staff_id or caller.id,
                 action=action, subject=f"CONTENT#{slug}", bureau=caller.bureau)


def publish(caller, body, now):
    """A new published item of the caller's bureau (written once: attribute_not_exists)."""
    kind, title, text, day = _checked(body, now)
    slug = f"{day:%Y%m%d}-{secrets.token_hex(6)}"
    item = db.publish_once(bureau=caller.bureau, slug=slug, kind=kind, title=title, body=text,
                           published=day.isoformat(), created_at=iso(now),
                           created_by=caller.staff_id or caller.id)
    if item is None:
        raise Conflict("请重试", code="content_conflict")
    _audit(caller, "content.publish", slug, now)
    return view(item, staff=True)


def withdraw(caller, slug, now):
    """The item leaves the public list; withdrawing it again changes nothing."""
    item = get(caller.bureau, slug) if caller.bureau else None
    if item is None:
        raise missing()
    if item.status == "withdrawn":
        return view(item, staff=True)
    if not db.withdraw(item, iso(now), caller.staff_id or caller.id):  # a concurrent withdrawal came first
        return view(get(caller.bureau, slug), staff=True)
    _audit(caller, "content.withdraw", slug, now)
    return view(item, staff=True)


def staff_list(caller):
    items = sorted(of_bureau(caller.bureau), key=lambda i: (i.published, i.created_at), reverse=True)
    return {"items": [view(i, staff=True) for i in items]}


def public_list(bureau, limit=None, before=None):
    if before and not SORT_KEY.fullmatch(before):
        raise Invalid("分页参数不正确", details={"field": "before"})
    items, more = published(bureau, min(limit or 20, MAX_PAGE), before)
    return {"items": [view(i) for i in items], "next": more}


def public_item(bureau, slug):
    item = get(bureau, slug) if re.fullmatch(SLUG, slug or "") else None
    if item is None or item.status != "published":
        raise missing()
    return view(item)
