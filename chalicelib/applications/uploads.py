"""Materials go from the phone straight to the bucket (chalicelib/uploads.py: the presigned POST,
the check of size and first bytes, the copy out of the pending prefix); here, what makes a file a
material of an application: the application is editable and consented to, the material is one the
service asks for, and confirming attaches it exactly once.
"""
from botocore.exceptions import ClientError

from chalicelib import uploads as shared
from chalicelib.clock import iso
from chalicelib.db import applications as db
from chalicelib.db.effects import Refused
from chalicelib.errors import Conflict, Forbidden, Invalid, NotFound, Unprocessable
from chalicelib.uploads import MAX_BYTES, MAX_GRANT_SECONDS, PENDING_PREFIX  # noqa: F401 (callers)

from . import catalog, states
from .citizen import not_editable, service
from .lifecycle import owned


# Files one application may be sent, retries included: its materials (five kinds at most, a few
# pages each) and supplements fit many times over, while the application page and the staff
# review, which read every file of the application, stay bounded.
UPLOAD_CAP = 60


def folder(application_id):
    """Where an application's files live (`<upload id>/<material code>.<ext>` under it, pending
    under the pending prefix until confirmed); the Material names the key, staff links open it."""
    return f"applications/{application_id}/"


def grant(ctx, s3, bucket, application_id, openid, request, *, ttl_seconds=MAX_GRANT_SECONDS):
    """A presigned POST for one material file. Refused before consent (个人信息保护法 art. 29)."""
    app = owned(application_id, openid, ctx.store)
    if app.status not in states.EDITABLE:
        raise not_editable(app)
    if not app.consented_at:
        raise Forbidden("上传材料前，请先同意个人信息处理规则", code="consent_required")
    material = next((m for m in service(ctx, app.service_type).materials
                     if m["code"] == request["material"]), None)
    if material is None:
        raise Invalid("没有这种材料", code="unknown_material")
    given = shared.grant(s3, bucket, request, accepted=catalog.accepted_types(material),
                         unsupported_message="只能上传 JPEG、PNG、HEIC 图片或 PDF 文件",
                         under=folder(application_id), name=material["code"], now=ctx.now,
                         new_id=ctx.new_id, ttl_seconds=ttl_seconds)
    _grant_within_cap(ctx, db.new_upload_grant(application_id, given.upload_id, material["code"],
                                                given.record, UPLOAD_CAP))
    return given.response()


def _grant_within_cap(ctx, effects):
    """Save the grant and count it, refused once the application has had UPLOAD_CAP uploads (the
    counter's condition: concurrent requests cannot pass it)."""
    try:
        ctx.commit(effects)
    except Refused as refused:
        if "count" not in refused.labels:
            raise
        raise Conflict(f"这份申请已上传过 {UPLOAD_CAP} 次文件，达到上限；还需补充材料，请到司法所窗口办理",
                       code="too_many_uploads") from None


def _find_grant(ctx, application_id, upload_id):
    found = ctx.store.upload_grant(application_id, upload_id)
    if found is None:
        raise NotFound("没有这次上传", code="upload_not_found")
    return found


def _material(ctx, found):
    """The Material a confirmed grant became (written in the transaction that confirmed it)."""
    attached = ctx.store.material(found.application_id, found.material, found.upload_id)
    if attached is None:
        raise NotFound("没有这次上传", code="upload_not_found")
    return attached


def _attached(ctx, application_id, upload_id):
    """The Material, if this upload is (by now) confirmed — a retried or racing confirm."""
    found = _find_grant(ctx, application_id, upload_id)
    return _material(ctx, found) if found.status == "confirmed" else None


def _refuse(ctx, s3, bucket, found, reason, code):
    """Delete what arrived and say why; the citizen uploads again with a new grant."""
    s3.delete_object(Bucket=bucket, Key=found.key)
    ctx.commit([db.upload_refused(found)])
    raise Unprocessable(reason, code=code)


def _checked_copy(ctx, s3, bucket, found):
    """Check the pending object and copy exactly that version beside the application's other
    materials; returns (final key, size)."""
    try:
        etag, size = shared.inspect(s3, bucket, found.key, size=found.size,
                                    content_type=found.content_type)
    except shared.Refusal as refusal:
        _refuse(ctx, s3, bucket, found, refusal.reason, refusal.code)
    final = found.key.removeprefix(PENDING_PREFIX)
    shared.copy_checked(s3, bucket, found.key, etag, final)
    return final, size


def confirm(ctx, s3, bucket, application_id, upload_id, openid):
    """Check the stored object against its grant and attach it as a Material."""
    app = owned(application_id, openid, ctx.store)
    found = _find_grant(ctx, application_id, upload_id)
    if found.status == "confirmed":
        return _material(ctx, found)
    if app.status not in states.EDITABLE:
        raise not_editable(app)
    if found.status == "refused":
        raise Unprocessable("这次上传已被退回，请重新上传", code="upload_refused")
    try:
        final, size = _checked_copy(ctx, s3, bucket, found)
    except ClientError as error:
        code = shared.error_code(error)
        if code not in shared.NOT_THERE | shared.CHANGED:
            raise
        attached = _attached(ctx, application_id, upload_id)  # a racing confirm moved it meanwhile
        if attached:
            return attached
        if code in shared.CHANGED:
            _refuse(ctx, s3, bucket, found, "文件在核验时被替换，请重新上传", "upload_changed")
        raise Unprocessable("没有收到文件，请重新上传", code="upload_missing")
    material, attaching = db.attach_material(app, found, size=size, key=final, at=iso(ctx.now),
                                             editable=states.EDITABLE)
    try:
        ctx.commit(attaching)
    except Refused as refused:
        attached = _attached(ctx, application_id, upload_id)  # its Material names the same final key
        if attached:
            return attached
        s3.delete_object(Bucket=bucket, Key=final)  # nothing refers to this copy
        if "application" in refused.labels:
            raise Conflict("申请状态已变化，不能再添加材料", code="not_editable")
        return confirm(ctx, s3, bucket, application_id, upload_id, openid)  # refused meanwhile
    shared.discard(s3, bucket, found.key)  # attached already: a failure is left to the lifecycle rule
    return material
