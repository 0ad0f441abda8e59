"""A video's cover (JPEG/PNG ≤ 2 MB) and subtitles (WebVTT ≤ 512 KB), posted by the staff browser
straight to the bucket (AP-259): `grant` signs a presigned POST pinned to a pending folder, the type
and a size range, for ten minutes; `confirm` checks what arrived — size, and first bytes (an image
that is what it says, a subtitle file that is UTF-8 and starts with `WEBVTT`) — and copies exactly
that version out of the pending prefix to where the video points."""
import secrets
from datetime import timedelta

from botocore.exceptions import ClientError

from chalicelib import sniff
from chalicelib.clock import iso, parse_instant
from chalicelib.errors import Conflict, Invalid, TooLarge, Unprocessable
from chalicelib.uploads import PENDING_PREFIX, copy_checked, discard
from chalicelib.videos import catalog

VTT = "text/vtt"
KINDS = {"cover": {"types": {sniff.JPEG: ".jpg", sniff.PNG: ".png"}, "max": 2 * 1024 ** 2,
                   "label": "封面", "types_label": "JPEG 或 PNG 图片"},
         "subtitles": {"types": {VTT: ".vtt"}, "max": 512 * 1024, "label": "字幕",
                       "types_label": "WebVTT 字幕文件（.vtt）"}}
GRANT_SECONDS = 600


def check_vtt(data):
    """Why `data` is not a WebVTT file (a message for staff), or None."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "字幕文件须为 UTF-8 编码"
    text = text.removeprefix("\ufeff")
    if not text.startswith("WEBVTT") or text[6:7] not in ("", " ", "\t", "\n", "\r"):
        return "字幕文件须以 WEBVTT 开头（WebVTT 格式）"
    return None


def check_declared(kind, content_type, size):
    spec = KINDS[kind]
    if content_type not in spec["types"]:
        raise Invalid(f"{spec['label']}须为{spec['types_label']}", code="unsupported_content_type")
    if size > spec["max"]:
        raise TooLarge(f"{spec['label']}不能超过 {spec['max'] // 1024} KB", code="file_too_large")
    if size < 1:
        raise Invalid("文件是空的", code="empty_file")


def grant(caller, video_id, kind, body, s3, bucket, now):
    video = catalog.own(caller, video_id)
    check_declared(kind, body["content_type"], body["size"])
    folder = f"{PENDING_PREFIX}videos/{video.video_id}/{secrets.token_hex(8)}/"
    key = folder + kind + KINDS[kind]["types"][body["content_type"]]
    post = s3.generate_presigned_post(
        bucket, key, Fields={"Content-Type": body["content_type"]}, ExpiresIn=GRANT_SECONDS,
        Conditions=[["starts-with", "$key", folder], {"Content-Type": body["content_type"]},
                    ["content-length-range", 1, KINDS[kind]["max"]]])
    expires = now + timedelta(seconds=GRANT_SECONDS)
    was = video.version  # the grant is kept on the video until confirmed
    video.pending = dict(video.pending or {}, **{kind: {
        "key": key, "size": body["size"], "content_type": body["content_type"], "expires_at": iso(expires)}})
    catalog.save(caller, video, was, f"{kind}_grant", now)
    return {"url": post["url"], "fields": post["fields"], "expires_at": iso(expires),
            "max_bytes": KINDS[kind]["max"], "version": video.version}


def _check(s3, bucket, kind, pending):
    head = s3.head_object(Bucket=bucket, Key=pending["key"])
    if head["ContentLength"] != pending["size"]:
        return f"文件大小（{head['ContentLength']} 字节）与声明的（{pending['size']} 字节）不符", head
    if kind == "subtitles":
        data = s3.get_object(Bucket=bucket, Key=pending["key"], IfMatch=head["ETag"])["Body"].read()
        return check_vtt(data), head
    first = s3.get_object(Bucket=bucket, Key=pending["key"], IfMatch=head["ETag"],
                          Range=f"bytes=0-{sniff.HEAD_BYTES - 1}")["Body"].read()
    return sniff.mismatch(pending["content_type"], first), head


def confirm(caller, video_id, kind, body, s3, bucket, now):
    video = catalog.own(caller, video_id)
    catalog.check_version(video, body["version"])
    pending = (video.pending or {}).get(kind)
    if not pending or parse_instant(pending["expires_at"]) + timedelta(hours=1) < now:
        raise Conflict(f"没有待确认的{KINDS[kind]['label']}，请重新上传", code="upload_unknown")
    try:
        reason, head = _check(s3, bucket, kind, pending)
    except ClientError as error:
        raise Conflict(f"{KINDS[kind]['label']}还没有上传完成", code="upload_missing") from error
    if reason:
        discard(s3, bucket, pending["key"])
        raise Unprocessable(reason, code="upload_mismatch")
    final = f"videos/{caller.bureau}/{video.video_id}/{kind}-{secrets.token_hex(6)}" \
            f"{KINDS[kind]['types'][pending['content_type']]}"
    copy_checked(s3, bucket, pending["key"], head["ETag"], final)
    discard(s3, bucket, pending["key"])
    old, was = getattr(video, kind), video.version
    setattr(video, kind, {"key": final, "size": head["ContentLength"], "content_type": pending["content_type"]})
    video.pending = {k: v for k, v in (video.pending or {}).items() if k != kind}
    catalog.save(caller, video, was, kind, now)
    if old:
        discard(s3, bucket, old["key"])
    return video
