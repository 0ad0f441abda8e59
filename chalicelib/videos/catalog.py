"""A bureau's videos as staff edit them (AP-255, AP-256, AP-259): create with title, series,
tags, awards and summary; edit (naming the version read); publish (only once the video file is
in) and unpublish. Every key is the caller's bureau: another bureau's id is the same 404."""
import secrets

from chalicelib.clock import iso
from chalicelib.db import audit
from chalicelib.db import videos as db
from chalicelib.errors import Conflict, Invalid, NotFound
from chalicelib.workdays import china_date

MAX_TITLE, MAX_SERIES, MAX_SUMMARY, MAX_TAG, MAX_TAGS, MAX_AWARD, MAX_AWARDS = 60, 30, 1000, 12, 8, 60, 5
VIDEO_ID = "[0-9]{8}-[0-9a-f]{12}"


def _line(value, limit, label, field, required=False):
    value = " ".join(str(value or "").split())
    if (required and not value) or len(value) > limit:
        raise Invalid(f"{label}须为{' 1 到' if required else '不超过'} {limit} 个字", details={"field": field})
    return value


def _items(values, limit, each, label, field):
    values = values or []
    if len(values) > limit:
        raise Invalid(f"{label}最多 {limit} 个", details={"field": field})
    found = []
    for i, value in enumerate(values):
        value = _line(value, each, label, f"{field}[{i}]", required=True)
        if value not in found:
            found.append(value)
    return found


def fields(body):
    """The checked metadata of a create or edit body; Invalid (400) naming the field otherwise."""
    summary = str(body.get("summary") or "").replace("\r\n", "\n").strip()
    if len(summary) > MAX_SUMMARY:
        raise Invalid(f"简介不能超过 {MAX_SUMMARY} 个字", details={"field": "summary"})
    return {"title": _line(body.get("title"), MAX_TITLE, "标题", "title", required=True),
            "series": _line(body.get("series"), MAX_SERIES, "系列名", "series") or None,
            "tags": _items(body.get("tags"), MAX_TAGS, MAX_TAG, "标签", "tags"),
            "awards": _items(body.get("awards"), MAX_AWARDS, MAX_AWARD, "获奖", "awards"),
            "summary": summary}


def own(caller, video_id):
    """The caller's bureau's video `video_id`, or the 404 a random id gets."""
    video = db.get(caller.bureau, video_id)
    if video is None:
        raise NotFound("没有这个视频", code="video_not_found")
    return video


def check_version(video, version):
    if video.version != version:
        raise Conflict("视频已被修改，请刷新后重试", code="stale_version")


def save(caller, video, seen_version, action, now):
    if not db.replace(video, seen_version):
        raise Conflict("视频已被修改，请刷新后重试", code="stale_version")
    record(caller, video, action, now)
    return video


def record(caller, video, action, now):
    audit.record(audit_id=secrets.token_hex(16), at=iso(now), actor=caller.staff_id or caller.id,
                 action=f"video.{action}", subject=f"VIDEO#{video.video_id}", bureau=caller.bureau)


def create(caller, body, now):
    video = db.new_video(bureau=caller.bureau, video_id=f"{china_date(now):%Y%m%d}-{secrets.token_hex(6)}",
                         created_at=iso(now), created_by=caller.staff_id or caller.id, **fields(body))
    if not db.create(video):
        raise Conflict("请重试", code="video_conflict")
    record(caller, video, "create", now)
    return video


def edit(caller, video_id, body, now):
    video = own(caller, video_id)
    check_version(video, body["version"])
    was = video.version
    for name, value in fields(body).items():
        setattr(video, name, value)
    return save(caller, video, was, "edit", now)


def publish(caller, video_id, body, now):
    video = own(caller, video_id)
    check_version(video, body["version"])
    if not video.video:
        raise Conflict("请先上传视频文件", code="video_missing")
    if video.status == "published":
        return video
    was = video.version
    video.status, video.published_at = "published", iso(now)
    return save(caller, video, was, "publish", now)


def unpublish(caller, video_id, body, now):
    video = own(caller, video_id)
    check_version(video, body["version"])
    if video.status != "published":
        return video
    was = video.version
    video.status, video.published_at = "draft", None
    return save(caller, video, was, "unpublish", now)
