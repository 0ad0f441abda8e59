"""Photos sent with a question from the H5 form: up to three, each straight to the bucket under a
grant keyed by the citizen (the consultation does not exist yet), then — when the question is sent —
checked, copied under the consultation and recorded on it in the same creation. A bad photo refuses
the whole question: nothing is written, and the citizen is told which photo and why.
"""
from botocore.exceptions import ClientError

from chalicelib import sniff, uploads
from chalicelib.clock import iso
from chalicelib.db import consultations as db
from chalicelib.db.consultations import Attachment
from chalicelib.db.effects import CommitError, Effects
from chalicelib.db.store import TABLE
from chalicelib.errors import Conflict, Invalid, NotFound, TooMany, Unprocessable
from chalicelib.workdays import china_date

MAX_PHOTOS = 3
DAILY_GRANTS = 30  # photo uploads one citizen may start in a China day (5 questions x 3, retries)
TYPES = (sniff.JPEG, sniff.PNG, sniff.HEIC)
URL_SECONDS = 300  # a viewer's link opens the photo for five minutes; the page asks again for more
FOLDER = "consultation-photos/"  # under the pending prefix, keyed by the grant (no consultation yet)


def final_key(consultation_id, grant):
    """Where a sent photo lives (the file name is ours: the citizen's may carry personal data)."""
    return f"consultations/{consultation_id}/{grant.upload_id}/photo{uploads.EXTENSIONS[grant.content_type]}"


def grant(openid, request, *, s3, bucket, now, new_id, ttl_seconds=uploads.MAX_GRANT_SECONDS,
          store=TABLE):
    """A presigned POST for one photo: JPEG, PNG or HEIC, 1 byte to 10 MB."""
    given = uploads.grant(s3, bucket, request, accepted=TYPES,
                          unsupported_message="只能上传 JPEG、PNG 或 HEIC 格式的照片",
                          under=FOLDER, name="photo", now=now, new_id=new_id,
                          ttl_seconds=ttl_seconds)
    writes = Effects([db.new_photo_grant(openid, given.upload_id, given.record)])
    # each grant may put 10 MB in the bucket: a day's allowance bounds what one citizen can
    db.take_photo_allowance(writes.labelled("allowance"), openid, china_date(now).isoformat(),
                            DAILY_GRANTS, now)
    try:
        store.commit(writes)
    except CommitError:
        raise TooMany(f"今天上传的照片已达 {DAILY_GRANTS} 张，请明天再试", code="photo_daily_limit")
    return given.response()


def check_choice(upload_ids):
    """At most three photos, each once."""
    if len(upload_ids) > MAX_PHOTOS:
        raise Invalid(f"最多附 {MAX_PHOTOS} 张照片", code="too_many_photos")
    if len(set(upload_ids)) != len(upload_ids):
        raise Invalid("同一张照片只能附一次", code="duplicate_photo")


def usable(upload_id, found):
    """Refuse a grant that is not the caller's (or none at all), used already, or refused."""
    details = [{"field": "photos", "upload_id": upload_id}]
    if found is None:
        raise NotFound("没有找到这张照片，请重新上传", code="photo_not_found", details=details)
    if found.status == "used":
        raise Conflict("这张照片已随其他咨询提交，请重新上传", code="photo_used", details=details)
    if found.status != "granted":
        raise Unprocessable("这张照片已被退回，请重新上传", code="photo_refused", details=details)
    return found


def chosen(openid, upload_ids, store=TABLE):
    """The citizen's grants named by the form, in its order; refused before anything is written."""
    check_choice(upload_ids)
    return [usable(u, store.photo_grant(openid, u)) for u in upload_ids]


def _refuse(s3, bucket, found, reason, code, store):
    """Delete what arrived and say which photo and why; the citizen uploads it again."""
    uploads.discard(s3, bucket, found.key)
    store.commit([db.photo_refused(found)])
    raise Unprocessable(reason, code=code, details=[{"field": "photos", "upload_id": found.upload_id}])


def _not_received(found):
    return Unprocessable("照片还没有上传完成，请稍候再提交或重新上传", code="photo_missing",
                         details=[{"field": "photos", "upload_id": found.upload_id}])


def copy_in(consultation_id, grants, *, s3, bucket, now, store=TABLE):
    """Check every photo, then copy each (exactly the checked version) under the consultation;
    returns the Attachments to record. Nothing is copied unless every photo passed its check."""
    checked = []
    for found in grants:
        try:
            checked.append(uploads.inspect(s3, bucket, found.key, size=found.size,
                                           content_type=found.content_type))
        except uploads.Refusal as refusal:
            _refuse(s3, bucket, found, refusal.reason, refusal.code, store)
        except ClientError as error:
            code = uploads.error_code(error)
            if code in uploads.NOT_THERE:
                raise _not_received(found)
            if code in uploads.CHANGED:  # posted again between the size check and the read
                _refuse(s3, bucket, found, "照片在核验时被替换，请重新上传", "photo_changed", store)
            raise
    attachments = []
    for found, (etag, size) in zip(grants, checked):
        key = final_key(consultation_id, found)
        try:
            uploads.copy_checked(s3, bucket, found.key, etag, key)
        except ClientError as error:
            release(attachments, s3=s3, bucket=bucket)
            code = uploads.error_code(error)
            if code in uploads.CHANGED:
                _refuse(s3, bucket, found, "照片在核验时被替换，请重新上传", "photo_changed", store)
            if code in uploads.NOT_THERE:
                raise _not_received(found)
            raise
        attachments.append(Attachment(kind="photo", key=key, upload_id=found.upload_id,
                                      content_type=found.content_type, size=size,
                                      received_at=iso(now)))
    return attachments


def claim(writes, grants, consultation_id):
    """Use each grant once, in the creation's transaction: a racing second question is refused."""
    writes.extend(db.photo_used(found, consultation_id) for found in grants)


def taken(openid, grants, store=TABLE):
    """Whether one of the grants was used or refused meanwhile (why a creation was refused)."""
    return any(getattr(store.photo_grant(openid, g.upload_id), "status", None) != "granted"
               for g in grants)


def release(attachments, *, s3, bucket):
    """Delete copies no consultation refers to (its creation was refused)."""
    for a in attachments:
        uploads.discard(s3, bucket, a.key)


def tidy(grants, *, s3, bucket):
    """After the creation: the pending objects are no longer needed (else the lifecycle rule)."""
    for found in grants:
        uploads.discard(s3, bucket, found.key)


def view(attachment, presign):
    """One attachment as a viewer sees it: whatever is in our bucket — a form photo, or chat media
    once copied from WeChat (chalicelib/media_copy.py) — with a five-minute link and its type
    (audio/amr for a voice note); chat media not (yet) copied with kind and time only."""
    shown = {"kind": attachment.kind, "received_at": attachment.received_at}
    if attachment.key and presign:
        shown.update(upload_id=attachment.upload_id, content_type=attachment.content_type,
                     url=presign(attachment.key, URL_SECONDS))
        if attachment.msg_id:
            shown["msg_id"] = attachment.msg_id
    return shown
