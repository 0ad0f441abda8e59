"""Files go from the phone straight to the bucket — application materials and consultation photos
alike, through one grant (`grant`): the declared type and size checked, a key laid out under the
pending prefix, a presigned POST whose policy pins that folder, the declared content type, a size
range and a short expiry (the bucket enforces it), and the fields of the grant record. Then the app
checks what arrived — size and first bytes — and copies exactly that version out of the pending
prefix to where the record points. What a purpose adds (consent, a cap, which types) stays with it.
"""
import logging
import posixpath
from dataclasses import dataclass
from datetime import datetime, timedelta

from botocore.exceptions import ClientError

from chalicelib import sniff
from chalicelib.clock import iso
from chalicelib.errors import Invalid, TooLarge, Unprocessable
from chalicelib.logs import log

MAX_BYTES = 10 * 1024 * 1024
MAX_GRANT_SECONDS = 600  # the policy's expiry: ten minutes at most
GRANT_GRACE = timedelta(hours=1)  # the grant item outlives its policy long enough to confirm
EXTENSIONS = {sniff.JPEG: ".jpg", sniff.PNG: ".png", sniff.HEIC: ".heic", sniff.PDF: ".pdf"}
# Presigned POSTs write here and the checked file is copied out; the bucket's lifecycle rule
# (infra/template.py) expires whatever is still here after a day: abandoned or unconfirmed uploads.
PENDING_PREFIX = "uploads/pending/"
# Without s3:ListBucket (the role has none) S3 answers a missing key with 403, not 404.
NOT_THERE = frozenset({"403", "404", "AccessDenied", "NoSuchKey", "NotFound"})
# The object is no longer the one checked: the POST policy stays valid for its ten minutes.
CHANGED = frozenset({"412", "PreconditionFailed"})


class Refusal(Exception):
    """What arrived is not what was declared; `reason` is for the citizen."""

    def __init__(self, reason, code):
        super().__init__(reason)
        self.reason, self.code = reason, code


def error_code(error):
    """S3's error code of a ClientError ("404", "PreconditionFailed" …)."""
    return error.response.get("Error", {}).get("Code")


def clean_filename(name):
    base = posixpath.basename(str(name).replace("\\", "/")).strip()
    return "".join(ch for ch in base if ch.isprintable())[:100] or "file"


def check_declared(content_type, size, accepted, unsupported_message):
    """Refuse a grant for a type the purpose does not take, or a size the bucket would refuse."""
    if content_type not in accepted:
        raise Invalid(unsupported_message, code="unsupported_content_type")
    if size > MAX_BYTES:
        raise TooLarge("文件不能超过 10 MB", code="file_too_large")
    if size < 1:
        raise Invalid("文件是空的", code="empty_file")


def presigned_post(s3, bucket, folder, key, content_type, now, ttl_seconds=MAX_GRANT_SECONDS):
    """(the POST's url and fields, when its policy expires): one file of `content_type`, 1 byte to
    10 MB, at a key under `folder`, for at most ten minutes."""
    expires_in = min(ttl_seconds, MAX_GRANT_SECONDS)
    post = s3.generate_presigned_post(
        bucket, key, Fields={"Content-Type": content_type}, ExpiresIn=expires_in,
        Conditions=[["starts-with", "$key", folder],
                    {"Content-Type": content_type}, ["content-length-range", 1, MAX_BYTES]])
    return post, now + timedelta(seconds=expires_in)


@dataclass(frozen=True)
class Grant:
    """One granted upload: its id, the pending key, the POST and when its policy expires."""
    upload_id: str
    key: str
    post: dict
    expires: datetime
    record: dict  # the grant item's common fields (filename … expires_at), the purpose adds its own

    def response(self):
        """The route's answer: what the page posts the file with."""
        return {"upload_id": self.upload_id, "url": self.post["url"], "fields": self.post["fields"],
                "expires_at": iso(self.expires), "max_bytes": MAX_BYTES}


def grant(s3, bucket, request, *, accepted, unsupported_message, under, name, now, new_id,
          ttl_seconds=MAX_GRANT_SECONDS):
    """A presigned POST for one declared file (`request`: filename, content_type, size) of a type
    in `accepted`, at `PENDING_PREFIX + under + <upload id>/ + name + extension` — the policy pins
    that folder. Refused (4xx) before anything is signed or written."""
    content_type, size = request["content_type"], request["size"]
    check_declared(content_type, size, accepted, unsupported_message)
    upload_id = new_id()
    folder = f"{PENDING_PREFIX}{under}{upload_id}/"
    key = folder + name + EXTENSIONS[content_type]
    post, expires = presigned_post(s3, bucket, folder, key, content_type, now, ttl_seconds)
    record = {"filename": clean_filename(request["filename"]), "content_type": content_type,
              "size": size, "key": key, "created_at": iso(now), "grant_expires_at": iso(expires),
              "expires_at": expires + GRANT_GRACE}
    return Grant(upload_id, key, post, expires, record)


def inspect(s3, bucket, key, *, size, content_type):
    """(etag, size) of the pending object when its size and first bytes are what was declared;
    raises Refusal when they are not, ClientError when it is missing or changed meanwhile."""
    head = s3.head_object(Bucket=bucket, Key=key)
    found, etag = head["ContentLength"], head["ETag"]
    if found > MAX_BYTES or found != size:
        raise Refusal(f"文件大小（{found} 字节）与声明的（{size} 字节）不符，请重新上传",
                      "upload_size_mismatch")
    first = s3.get_object(Bucket=bucket, Key=key, IfMatch=etag,
                          Range=f"bytes=0-{sniff.HEAD_BYTES - 1}")["Body"].read()
    reason = sniff.mismatch(content_type, first)
    if reason:
        raise Refusal(reason, "upload_type_mismatch")
    return etag, found


def copy_checked(s3, bucket, key, etag, final):
    """Copy exactly the checked version (out of reach of its still-valid POST policy)."""
    s3.copy_object(Bucket=bucket, Key=final, CopySource={"Bucket": bucket, "Key": key},
                   CopySourceIfMatch=etag)


def discard(s3, bucket, key):
    """Delete an object nothing needs any more; a failure is left to the lifecycle rule (pending)
    or logged (a copy nothing refers to)."""
    try:
        s3.delete_object(Bucket=bucket, Key=key)
    except ClientError:
        log("upload_object_left", logging.WARNING, exc_info=True, key=key)


def take(s3, bucket, grant, final, *, missing, field):
    """Check a granted upload (size, first bytes) and copy exactly it to `final`: 422 naming
    `field` when it is not what was declared (the pending object deleted) or has not arrived
    (`missing`, the message)."""
    try:
        etag, _ = inspect(s3, bucket, grant.key, size=grant.size, content_type=grant.content_type)
    except Refusal as refusal:
        discard(s3, bucket, grant.key)
        raise Unprocessable(refusal.reason, code=refusal.code, details=[{"field": field}])
    except ClientError as error:
        if error_code(error) in NOT_THERE | CHANGED:
            raise Unprocessable(missing, code="photo_missing", details=[{"field": field}])
        raise
    copy_checked(s3, bucket, grant.key, etag, final)
    return final
