"""Materials go from the phone straight to the bucket: a presigned POST whose policy pins the
object key, the declared content type, a size range and a short expiry (the bucket enforces it);
then `confirm` checks what arrived — size and first bytes — and moves it out of the pending prefix
before attaching it to the application.
"""
import logging
import posixpath
from datetime import timedelta

from botocore.exceptions import ClientError

from chalicelib.clock import iso
from chalicelib.db.applications import (
    Application, Change, Material, Refused, UploadGrant)
from chalicelib.errors import Conflict, Forbidden, Invalid, NotFound, TooLarge, Unprocessable
from chalicelib.logs import log

from . import catalog, sniff, states
from .citizen import not_editable, service
from .lifecycle import owned

MAX_BYTES = 10 * 1024 * 1024
MAX_GRANT_SECONDS = 600  # the policy's expiry: ten minutes at most
GRANT_GRACE = timedelta(hours=1)  # the grant item outlives its policy long enough to confirm
EXTENSIONS = {sniff.JPEG: ".jpg", sniff.PNG: ".png", sniff.HEIC: ".heic", sniff.PDF: ".pdf"}
# Presigned POSTs write here and `confirm` copies the checked file out; the bucket's lifecycle rule
# (infra/template.py) expires whatever is still here after a day: abandoned or unconfirmed uploads.
PENDING_PREFIX = "uploads/pending/"
# Without s3:ListBucket (the role has none) S3 answers a missing key with 403, not 404.
NOT_THERE = frozenset({"403", "404", "AccessDenied", "NoSuchKey", "NotFound"})
# The object is no longer the one checked: the POST policy stays valid for its ten minutes.
CHANGED = frozenset({"412", "PreconditionFailed"})


def prefix(application_id, upload_id):
    """Where a confirmed file lives; the Material names it and staff links open it."""
    return f"applications/{application_id}/{upload_id}/"


def _clean_filename(name):
    base = posixpath.basename(str(name).replace("\\", "/")).strip()
    return "".join(ch for ch in base if ch.isprintable())[:100] or "file"


def grant(ctx, s3, bucket, application_id, openid, request, *, ttl_seconds=MAX_GRANT_SECONDS):
    """A presigned POST for one material file. Refused before consent (个人信息保护法 art. 29)."""
    app = owned(application_id, openid)
    if app.status not in states.EDITABLE:
        raise not_editable(app)
    if not app.consented_at:
        raise Forbidden("上传材料前，请先同意个人信息处理规则", code="consent_required")
    material = next((m for m in service(ctx, app.service_type).materials
                     if m["code"] == request["material"]), None)
    if material is None:
        raise Invalid("没有这种材料", code="unknown_material")
    content_type = request["content_type"]
    if content_type not in catalog.accepted_types(material):
        raise Invalid("只能上传 JPEG、PNG、HEIC 图片或 PDF 文件", code="unsupported_content_type")
    size = request["size"]
    if size > MAX_BYTES:
        raise TooLarge("文件不能超过 10 MB", code="file_too_large")
    if size < 1:
        raise Invalid("文件是空的", code="empty_file")
    upload_id = ctx.new_id()
    folder = PENDING_PREFIX + prefix(application_id, upload_id)
    key = folder + material["code"] + EXTENSIONS[content_type]
    expires_in = min(ttl_seconds, MAX_GRANT_SECONDS)
    post = s3.generate_presigned_post(
        bucket, key, Fields={"Content-Type": content_type}, ExpiresIn=expires_in,
        Conditions=[["starts-with", "$key", folder],
                    {"Content-Type": content_type}, ["content-length-range", 1, MAX_BYTES]])
    expires = ctx.now + timedelta(seconds=expires_in)
    UploadGrant(application_id=application_id, upload_id=upload_id, material=material["code"],
                filename=_clean_filename(request["filename"]), content_type=content_type,
                size=size, key=key, created_at=iso(ctx.now), grant_expires_at=iso(expires),
                expires_at=expires + GRANT_GRACE).save(condition=UploadGrant.PK.does_not_exist())
    return {"upload_id": upload_id, "url": post["url"], "fields": post["fields"],
            "expires_at": iso(expires), "max_bytes": MAX_BYTES}


def _find_grant(application_id, upload_id):
    try:
        return UploadGrant.get(f"APP#{application_id}", f"UPLOAD#{upload_id}", consistent_read=True)
    except UploadGrant.DoesNotExist:
        raise NotFound("没有这次上传", code="upload_not_found")


def _attached(application_id, upload_id):
    """The Material, if this upload is (by now) confirmed — a retried or racing confirm."""
    found = _find_grant(application_id, upload_id)
    if found.status == "confirmed":
        return Material.get(f"APP#{application_id}", f"MAT#{found.material}#{upload_id}")
    return None


def _refuse(s3, bucket, found, reason, code):
    """Delete what arrived and say why; the citizen uploads again with a new grant."""
    s3.delete_object(Bucket=bucket, Key=found.key)
    found.update(actions=[UploadGrant.status.set("refused")])
    raise Unprocessable(reason, code=code)


def _checked_copy(s3, bucket, found):
    """Check size and first bytes of the pending object, copy exactly that version out of the
    pending prefix (out of reach of its still-valid POST policy); returns (final key, size)."""
    head = s3.head_object(Bucket=bucket, Key=found.key)
    size, etag = head["ContentLength"], head["ETag"]
    if size > MAX_BYTES or size != found.size:
        _refuse(s3, bucket, found, f"文件大小（{size} 字节）与声明的（{found.size} 字节）不符，请重新上传",
                "upload_size_mismatch")
    first = s3.get_object(Bucket=bucket, Key=found.key, IfMatch=etag,
                          Range=f"bytes=0-{sniff.HEAD_BYTES - 1}")["Body"].read()
    reason = sniff.mismatch(found.content_type, first)
    if reason:
        _refuse(s3, bucket, found, reason, "upload_type_mismatch")
    final = found.key.removeprefix(PENDING_PREFIX)
    s3.copy_object(Bucket=bucket, Key=final, CopySource={"Bucket": bucket, "Key": found.key},
                   CopySourceIfMatch=etag)
    return final, size


def confirm(ctx, s3, bucket, application_id, upload_id, openid):
    """Check the stored object against its grant and attach it as a Material."""
    app = owned(application_id, openid)
    found = _find_grant(application_id, upload_id)
    if found.status == "confirmed":
        return Material.get(f"APP#{application_id}", f"MAT#{found.material}#{upload_id}")
    if app.status not in states.EDITABLE:
        raise not_editable(app)
    if found.status == "refused":
        raise Unprocessable("这次上传已被退回，请重新上传", code="upload_refused")
    try:
        final, size = _checked_copy(s3, bucket, found)
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code")
        if code not in NOT_THERE | CHANGED:
            raise
        attached = _attached(application_id, upload_id)  # a racing confirm moved it meanwhile
        if attached:
            return attached
        if code in CHANGED:
            _refuse(s3, bucket, found, "文件在核验时被替换，请重新上传", "upload_changed")
        raise Unprocessable("没有收到文件，请重新上传", code="upload_missing")
    material = Material(application_id=application_id, code=found.material, upload_id=upload_id,
                        filename=found.filename, content_type=found.content_type, size=size,
                        key=final, attached_at=iso(ctx.now))
    change = Change().check("application", Application, f"APP#{application_id}", "META",
                            Application.status.is_in(*states.EDITABLE))
    change.put("material", material, condition=Material.PK.does_not_exist())
    change.update("grant", found, [UploadGrant.status.set("confirmed")],
                  condition=UploadGrant.status == "granted")
    try:
        change.commit()
    except Refused as refused:
        attached = _attached(application_id, upload_id)  # its Material names the same final key
        if attached:
            return attached
        s3.delete_object(Bucket=bucket, Key=final)  # nothing refers to this copy
        if "application" in refused.labels:
            raise Conflict("申请状态已变化，不能再添加材料", code="not_editable")
        return confirm(ctx, s3, bucket, application_id, upload_id, openid)  # refused meanwhile
    _discard(s3, bucket, found.key)
    return material


def _discard(s3, bucket, key):
    try:
        s3.delete_object(Bucket=bucket, Key=key)
    except ClientError:  # attached already; the lifecycle rule removes the pending copy in a day
        log("upload_pending_left", logging.WARNING, exc_info=True)
