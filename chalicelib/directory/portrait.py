"""A lawyer's portrait in the directory (issue 12): the lawyer uploads a JPEG or PNG of at most 2 MB
from their own page through the one photo grant (consultations/photos.py, as the join licence photo
does), then confirms it: the file is checked (size, first bytes), copied to a key of our own —
`lawyer-photos/<lawyer id>/<random>` (never an openid or phone) — and set on the profile under its
lock, the grant used up in the same transaction. A newer photo replaces the older one (deleted).
The public pages show it through a short-lived presigned GET; without one, the name's initial."""
import secrets

from chalicelib import sniff, uploads
from chalicelib.consultations import photos
from chalicelib.db import portraits
from chalicelib.db.effects import CommitError
from chalicelib.db.store import TABLE
from chalicelib.errors import Conflict, Invalid, TooLarge

TYPES = (sniff.JPEG, sniff.PNG)
MAX_BYTES = 2 * 1024 * 1024
URL_SECONDS = 600  # a page's link opens the portrait for ten minutes
FOLDER = "lawyer-photos/"


def _fits(content_type, size):
    """Refuse what a portrait may not be: another type, or more than 2 MB."""
    if content_type not in TYPES:
        raise Invalid("头像只能是 JPEG 或 PNG 图片", code="unsupported_content_type",
                      details=[{"field": "photo"}])
    if size > MAX_BYTES:
        raise TooLarge("头像不能超过 2 MB，请压缩后重新上传", code="file_too_large",
                       details=[{"field": "photo"}])


def grant(caller, body, *, s3, bucket, now, new_id, ttl_seconds):
    """POST /api/lawyer/photo/grant: the presigned POST of one portrait (the photo grant, keyed by
    the lawyer's openid)."""
    _fits(body["content_type"], body["size"])
    request = {k: body[k] for k in ("filename", "content_type", "size")}
    return photos.grant(caller.openid, request, s3=s3, bucket=bucket, now=now, new_id=new_id,
                        ttl_seconds=ttl_seconds)


def confirm(me, caller, upload_id, *, s3, bucket, presign, store=TABLE):
    """PUT /api/lawyer/photo: the caller's uploaded portrait checked, copied and shown on their
    profile `me`; another's upload id is the same 404 as a random one; nothing written on refusal."""
    (found,) = photos.chosen(caller.openid, [upload_id], store=store)
    _fits(found.content_type, found.size)  # a grant asked for through another page
    final = f"{FOLDER}{me.lawyer_id}/{secrets.token_hex(8)}{uploads.EXTENSIONS[found.content_type]}"
    uploads.take(s3, bucket, found, final, missing="头像还没有上传完成，请重新上传", field="photo")
    before = me.photo_key
    try:
        store.commit(portraits.set_photo(me, final, found, f"lawyer-photo:{me.lawyer_id}"))
    except CommitError:
        uploads.discard(s3, bucket, final)  # nothing refers to this copy
        raise Conflict("头像刚刚被修改，或这张照片已被使用，请刷新后重试", code="photo_conflict")
    uploads.discard(s3, bucket, found.key)
    if before:
        uploads.discard(s3, bucket, before)
    return {"photo_url": presign(final, URL_SECONDS)}


def url(lawyer, presign):
    """The portrait's short-lived link, or None (no portrait, or nobody to sign it)."""
    key = getattr(lawyer, "photo_key", None)
    return presign(key, URL_SECONDS) if key and presign else None


def remove(me, *, s3, bucket, store=TABLE):
    """DELETE /api/lawyer/photo: the portrait off the profile and out of the bucket; the pages show
    the initial again. Idempotent: without a portrait, nothing to do."""
    key = me.photo_key
    if key:
        try:
            store.commit([portraits.clear_photo(me)])
        except CommitError:
            raise Conflict("头像刚刚被修改，请刷新后重试", code="photo_conflict")
        uploads.discard(s3, bucket, key)
    return {"photo_url": None}
