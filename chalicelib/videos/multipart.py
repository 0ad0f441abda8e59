"""The video file goes from the staff browser straight to the bucket as a multipart upload
(AP-255, AP-259): `start` checks the declared type (video/mp4 only) and size (≤ 2 GB), plans the
parts (8 MB each — S3 wants ≥ 5 MB for every part but the last — and never more than 1,000) and
signs one PUT URL per part for an hour; the browser PUTs the slices; `complete` lists the parts
the bucket holds, completes the upload, and checks by HEAD and first bytes that what arrived is
the declared size and an MP4 before the video points at it. A refused object is deleted."""
import math
import secrets
from datetime import timedelta

from botocore.exceptions import ClientError

from chalicelib.clock import iso, parse_instant
from chalicelib.errors import Conflict, Invalid, TooLarge, Unprocessable
from chalicelib.uploads import discard
from chalicelib.videos import catalog

MP4 = "video/mp4"
MAX_VIDEO = 2 * 1024 ** 3
MIN_PART = 5 * 1024 ** 2
PART = 8 * 1024 ** 2
MAX_PARTS = 1000
UPLOAD_SECONDS = 3600


def plan_parts(size, part=PART):
    """(part size, number of parts) for `size` bytes: every part `part` bytes but the last, at most
    MAX_PARTS (the part grows past `part` only if it must)."""
    if size < 1:
        raise Invalid("文件是空的", code="empty_file")
    part = max(part, MIN_PART, math.ceil(size / MAX_PARTS))
    return part, math.ceil(size / part)


def check_declared(body):
    if body["content_type"] != MP4:
        raise Invalid("只能上传 MP4 视频（video/mp4）", code="unsupported_content_type")
    if body["size"] > MAX_VIDEO:
        raise TooLarge("视频不能超过 2 GB", code="file_too_large")
    return plan_parts(body["size"])


def start(caller, video_id, body, s3, bucket, now):
    """Begin the upload: {upload_id, part_size, parts: [{part_number, url, start, end}], expires_at}."""
    video = catalog.own(caller, video_id)
    catalog.check_version(video, body["version"])
    part_size, count = check_declared(body)
    key = f"videos/{caller.bureau}/{video.video_id}/video-{secrets.token_hex(6)}.mp4"
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key=key, ContentType=MP4)["UploadId"]
    expires = now + timedelta(seconds=UPLOAD_SECONDS)
    was, old = video.version, video.upload
    video.upload = {"upload_id": upload_id, "key": key, "size": body["size"], "part_size": part_size,
                    "parts": count, "filename": str(body.get("filename") or "")[:100],
                    "expires_at": iso(expires)}
    catalog.save(caller, video, was, "upload_start", now)
    if old:  # a restarted upload: the parts of the one it replaces are dropped
        abort(s3, bucket, old)
    parts = [{"part_number": n, "start": (n - 1) * part_size, "end": min(n * part_size, body["size"]),
              "url": s3.generate_presigned_url("upload_part", ExpiresIn=UPLOAD_SECONDS, Params={
                  "Bucket": bucket, "Key": key, "UploadId": upload_id, "PartNumber": n})}
             for n in range(1, count + 1)]
    return {"upload_id": upload_id, "part_size": part_size, "parts": parts, "expires_at": iso(expires),
            "version": video.version}


def abort(s3, bucket, upload):
    try:
        s3.abort_multipart_upload(Bucket=bucket, Key=upload["key"], UploadId=upload["upload_id"])
    except ClientError:
        pass  # gone already; the bucket's lifecycle rule aborts what is left after a day


def _parts_in_bucket(s3, bucket, upload):
    found, marker = [], 0
    while True:
        page = s3.list_parts(Bucket=bucket, Key=upload["key"], UploadId=upload["upload_id"],
                             PartNumberMarker=marker)
        found += [{"PartNumber": p["PartNumber"], "ETag": p["ETag"]} for p in page.get("Parts", [])]
        if not page.get("IsTruncated"):
            return found
        marker = page["NextPartNumberMarker"]


def _check_object(s3, bucket, upload):
    head = s3.head_object(Bucket=bucket, Key=upload["key"])
    if head["ContentLength"] != upload["size"]:
        return f"视频大小（{head['ContentLength']} 字节）与声明的（{upload['size']} 字节）不符", head
    first = s3.get_object(Bucket=bucket, Key=upload["key"], Range="bytes=0-15")["Body"].read()
    if first[4:8] != b"ftyp":
        return "文件不是 MP4 视频", head
    return None, head


def complete(caller, video_id, body, s3, bucket, now):
    """Complete the upload the video holds and point the video at the checked object."""
    video = catalog.own(caller, video_id)
    catalog.check_version(video, body["version"])
    upload = video.upload
    if not upload or upload["upload_id"] != body["upload_id"]:
        raise Conflict("没有进行中的这次上传，请重新上传", code="upload_unknown")
    if parse_instant(upload["expires_at"]) < now:
        raise Conflict("上传已过期，请重新上传", code="upload_expired")
    parts = _parts_in_bucket(s3, bucket, upload)
    if [p["PartNumber"] for p in parts] != list(range(1, upload["parts"] + 1)):
        raise Unprocessable(f"视频只上传了 {len(parts)}/{upload['parts']} 段，请继续上传", code="upload_incomplete")
    try:
        s3.complete_multipart_upload(Bucket=bucket, Key=upload["key"], UploadId=upload["upload_id"],
                                     MultipartUpload={"Parts": parts})
    except ClientError as error:
        raise Unprocessable("视频分段不符合要求，请重新上传", code="upload_refused") from error
    reason, head = _check_object(s3, bucket, upload)
    was = video.version
    video.upload = None
    if reason:
        discard(s3, bucket, upload["key"])
        catalog.save(caller, video, was, "upload_refused", now)
        raise Unprocessable(reason + "，请重新上传", code="upload_mismatch")
    old = video.video
    video.video = {"key": upload["key"], "size": head["ContentLength"], "content_type": MP4,
                   "etag": head["ETag"], "filename": upload.get("filename", "")}
    catalog.save(caller, video, was, "upload", now)
    if old:
        discard(s3, bucket, old["key"])
    return video
