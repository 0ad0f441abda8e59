"""普法视频 of a bureau and their views (issue 13; AP-255 … AP-262).

`BUREAU#<code>` / `VIDEO#<id>` {title, series, tags, awards, summary, status (draft | published),
video / cover / subtitles (the checked object: key, size, content_type), upload (the multipart
upload under way), pending (cover/subtitle grants not yet confirmed), views, version}.
A published video carries GSI1 `VIDEOS#<bureau>` / `<published_at>#<id>` (the list) and GSI2
`VIDEOS#<bureau>#<series>` / same (the list of one series); a draft carries no index keys.
A counted view is `BUREAU#<code>` / `VIDEOVIEW#<id>#<China day>#<session>` (expires after two
days), written in one transaction with the video's `ADD views 1`.
"""
from pynamodb.attributes import JSONAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import PutError, TransactWriteError

from chalicelib.db import keys
from chalicelib.db.base import Item, transact_write


def list_key(bureau, series=None):
    return f"VIDEOS#{bureau}" + (f"#{series}" if series else "")


def video_sk(video_id):
    return f"VIDEO#{video_id}"


class Video(Item, discriminator="Video"):
    bureau = UnicodeAttribute()
    video_id = UnicodeAttribute()
    title = UnicodeAttribute()
    series = UnicodeAttribute(null=True)
    tags = JSONAttribute(default=list)
    awards = JSONAttribute(default=list)
    summary = UnicodeAttribute(default="")
    status = UnicodeAttribute(default="draft")  # draft | published
    published_at = UnicodeAttribute(null=True)
    video = JSONAttribute(null=True)  # {key, size, content_type, etag}
    cover = JSONAttribute(null=True)
    subtitles = JSONAttribute(null=True)
    upload = JSONAttribute(null=True)  # {upload_id, key, size, part_size, parts, expires_at}
    pending = JSONAttribute(default=dict)  # {cover|subtitles: {key, size, content_type, expires_at}}
    views = NumberAttribute(default=0)
    version = NumberAttribute(default=1)
    created_at = UnicodeAttribute()
    created_by = UnicodeAttribute()

    def keys(self):
        found = {"PK": keys.bureau_pk(self.bureau), "SK": video_sk(self.video_id)}
        if self.status == "published" and self.published_at:
            sort = f"{self.published_at}#{self.video_id}"
            found.update(GSI1PK=list_key(self.bureau), GSI1SK=sort)
            if self.series:
                found.update(GSI2PK=list_key(self.bureau, self.series), GSI2SK=sort)
        return found


class VideoView(Item, discriminator="VideoView"):
    bureau = UnicodeAttribute()
    video_id = UnicodeAttribute()
    day = UnicodeAttribute()
    session = UnicodeAttribute()
    at = UnicodeAttribute()

    def keys(self):
        return {"PK": keys.bureau_pk(self.bureau),
                "SK": f"VIDEOVIEW#{self.video_id}#{self.day}#{self.session}"}


def new_video(**fields):
    return Video(**fields)


def get(bureau, video_id):
    """AP-255: one video of `bureau` (consistent), or None."""
    try:
        return Video.get(keys.bureau_pk(bureau), video_sk(video_id), consistent_read=True)
    except Video.DoesNotExist:
        return None


def of_bureau(bureau):
    """AP-256: every video of `bureau`, drafts too (the staff desk)."""
    return list(Video.query(keys.bureau_pk(bureau), Video.SK.startswith("VIDEO#")))


def published(bureau, limit, series=None, before=None):
    """AP-257 (all) / AP-258 (one series): published videos, newest first; (items, next before)."""
    index, sort = (Video.gsi2, Video.GSI2SK) if series else (Video.gsi1, Video.GSI1SK)
    condition = (sort < before) if before else None
    found = [i for i in index.query(list_key(bureau, series), condition, scan_index_forward=False,
                                    limit=limit + 1) if isinstance(i, Video)]
    more = len(found) > limit
    found = found[:limit]
    last = found[-1].keys()["GSI1SK"] if more and found else None
    return found, last


def create(video):
    """AP-259: a new video (attribute_not_exists); False if the id was taken."""
    try:
        video.save(condition=Video.PK.does_not_exist())
    except PutError:
        return False
    return True


def replace(video, seen_version):
    """AP-259: write `video` as version `seen_version + 1` only if it is still at `seen_version`."""
    video.version = seen_version + 1
    try:
        video.save(condition=Video.version == seen_version)
    except PutError:
        return False
    return True


def count_view(bureau, video_id, day, session, at, expires_at):
    """AP-260: one view per session, video and China day: Put the VideoView on
    attribute_not_exists and ADD 1 to the published video's views, both or neither.
    True if counted, False if this session's view of the day was counted already."""
    view = VideoView(bureau=bureau, video_id=video_id, day=day, session=session, at=at,
                     expires_at=expires_at)
    video = Video(bureau=bureau, video_id=video_id)
    try:
        with transact_write() as tx:
            tx.save(view, condition=VideoView.PK.does_not_exist())
            tx.update(video, [Video.views.add(1)], condition=Video.status == "published")
    except TransactWriteError:
        return False
    return True
