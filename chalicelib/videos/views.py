"""What staff and citizens see of videos (AP-255 … AP-258, AP-260). Citizens see only published
videos; the file, cover and subtitles are reached through presigned GETs that expire after
15 minutes (the player streams them with Range requests, which the bucket answers with 206).
A play counts once per citizen session, video and China day (AP-260): the page reports it when
playback starts; a second report the same day changes nothing; anonymous plays are not counted."""
import re
from datetime import timedelta

from chalicelib.clock import iso
from chalicelib.db import videos as db
from chalicelib.errors import Invalid, NotFound
from chalicelib.videos import catalog
from chalicelib.workdays import china_date

LINK_SECONDS = 15 * 60
PAGE = 20
SERIES_SCAN = 200  # the series filter is read off the newest 200 published videos (one query)


def _meta(video):
    return {"video_id": video.video_id, "title": video.title, "series": video.series,
            "tags": list(video.tags or []), "awards": list(video.awards or []), "summary": video.summary,
            "views": int(video.views or 0), "published_at": video.published_at}


def staff_item(video):
    upload = video.upload or {}
    return dict(_meta(video), status=video.status, version=video.version,
                has_video=bool(video.video), has_cover=bool(video.cover), has_subtitles=bool(video.subtitles),
                size=(video.video or {}).get("size"), filename=(video.video or {}).get("filename"),
                upload_under_way=bool(upload), created_at=video.created_at)


def staff_list(caller):
    found = sorted(db.of_bureau(caller.bureau), key=lambda v: v.created_at, reverse=True)
    return {"items": [staff_item(v) for v in found]}


def _link(s3, bucket, thing):
    if not thing:
        return None
    return s3.generate_presigned_url("get_object", ExpiresIn=LINK_SECONDS,
                                     Params={"Bucket": bucket, "Key": thing["key"]})


# The list's paging cursor is the published index's own sort key: `<published_at>#<video id>`.
CURSOR = re.compile(r"[0-9T:\-.+Z]{20,32}#" + catalog.VIDEO_ID)


def public_list(bureau, s3, bucket, series=None, before=None):
    if before and not CURSOR.fullmatch(before):
        raise Invalid("分页参数不正确", details=[{"field": "query.before", "message": "分页参数不正确"}])
    items, more = db.published(bureau, PAGE, series=series, before=before)
    return {"items": [dict(_meta(v), cover_url=_link(s3, bucket, v.cover)) for v in items],
            "next": more, "series": series, "all_series": all_series(bureau)}


def all_series(bureau):
    items, _ = db.published(bureau, SERIES_SCAN)
    return sorted({v.series for v in items if v.series})


def published(bureau, video_id):
    video = db.get(bureau, video_id)
    if video is None or video.status != "published":
        raise NotFound("没有这个视频", code="video_not_found")
    return video


def public_item(bureau, video_id, s3, bucket, now):
    video = published(bureau, video_id)
    return dict(_meta(video), video_url=_link(s3, bucket, video.video), cover_url=_link(s3, bucket, video.cover),
                subtitles_url=_link(s3, bucket, video.subtitles),
                links_expire_at=iso(now + timedelta(seconds=LINK_SECONDS)))


def count_view(caller, bureau, video_id, now):
    """{counted, views}: one view per session (or openid), video and China day."""
    published(bureau, video_id)
    session = caller.session_id or caller.openid or caller.id
    counted = db.count_view(bureau, video_id, f"{china_date(now):%Y%m%d}", session, iso(now),
                            now + timedelta(days=2))
    return {"counted": counted, "views": int(published(bureau, video_id).views or 0)}


def staff_own(caller, video_id):
    return staff_item(catalog.own(caller, video_id))
