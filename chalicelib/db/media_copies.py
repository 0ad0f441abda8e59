"""The chat-media copy job (MediaCopy) on the single table: created with the attachment, claimed
under a lease so that only one sweep works it, settled only while holding the lease (AP-42), and the
write that records the copied object on THAT attachment of the consultation (AP-43).
"""
import re
from datetime import timedelta

from pynamodb.exceptions import DoesNotExist, UpdateError

from chalicelib.clock import iso, parse_instant
from chalicelib.db.consultations import Consultation, MediaCopy
from chalicelib.db.leases import Leases

MEDIA_LIFETIME = timedelta(days=3)  # WeChat deletes temporary media 3 days after upload
FINISHED_RETENTION = timedelta(days=30)  # a finished job stays this long for the logs' sake (TTL)
KINDS = ("image", "voice")
MSG_ID = re.compile(r"[0-9]{1,20}")


def new_job(consultation_id, attachment, account=None):
    """The job for one chat attachment (a dict as the inbox builds it), due at once; None when
    there is nothing WeChat could hand over (no MediaId) or no MsgId to key it by."""
    if attachment.get("kind") not in KINDS or not attachment.get("media_id") \
            or not MSG_ID.fullmatch(str(attachment.get("msg_id") or "")):
        return None  # WeChat's MsgId is a 64-bit number: anything else never names a key
    received = attachment["received_at"]
    return MediaCopy(consultation_id=consultation_id, msg_id=str(attachment["msg_id"]),
                     kind=attachment["kind"], media_id=attachment["media_id"], created_at=received,
                     media_expires_at=iso(parse_instant(received) + MEDIA_LIFETIME),
                     status="pending", attempts=0, next_attempt_at=received, account=account or None)


JOBS = Leases(MediaCopy, working="copying")  # the one leased-job store (db/leases.py)


def claim(job, now, lease_until):
    """Take a due job for one attempt; None when it is not due or someone else holds it."""
    return JOBS.claim(job, now, lease_until)


def mark_done(job, now, key):
    return JOBS.complete(job, "done", {"key": key, "finished_at": iso(now), "last_error": None,
                                       "expires_at": now + FINISHED_RETENTION})


def mark_retry(job, error, next_attempt_at):
    return JOBS.release(job, next_attempt_at, {"last_error": error})


def mark_failed(job, now, error):
    return JOBS.complete(job, "failed", {"last_error": error, "finished_at": iso(now),
                                         "expires_at": now + FINISHED_RETENTION})


def record_copy(consultation_id, msg_id, *, key, content_type, size, tries=2):
    """Set `key`, `content_type` and `size` on the consultation's attachment with this MsgId.

    The write names the list element by position and is conditioned on that element still being
    the one with this MsgId, so an attachment appended meanwhile (list_append) is never touched.
    False when the consultation or the attachment is not there."""
    for _ in range(tries):
        try:
            c = Consultation.get(f"CONS#{consultation_id}", "META", consistent_read=True)
        except DoesNotExist:
            return False
        index = next((i for i, a in enumerate(c.attachments or []) if a.msg_id == msg_id), None)
        if index is None:
            return False
        element = Consultation.attachments[index]
        try:
            c.update(actions=[element["key"].set(key), element["content_type"].set(content_type),
                              element["size"].set(size)],
                     condition=element["msg_id"] == msg_id)
            return True
        except UpdateError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
    return False
