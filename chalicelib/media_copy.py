"""Copies the photos and voice notes citizens send in chat from WeChat to the upload bucket before
WeChat deletes them (temporary media live 3 days), one MediaCopy job per message, from `sweep_due`.

`copy` is the plain core (its collaborators are passed in): claim the job under a lease, download,
check size and first bytes, store the file, record it on the attachment, settle. A failed attempt is
tried again after 1, 2, 4 … minutes (at most an hour apart); a permanent refusal (40007 invalid
media_id, a file too large or of the wrong kind) or the end of the media's 3 days ends the job as
failed, logged, and the attachment shows as before: kind and time only.
"""
import logging
from dataclasses import dataclass
from datetime import timedelta

from chalicelib import sniff, uploads
from chalicelib.clock import parse_instant
from chalicelib.db import media_copies
from chalicelib.logs import log
from chalicelib.wechat.api import ApiError

MAX_BYTES = uploads.MAX_BYTES  # 10 MB, as for the form's photos
# Downloads are slow next to the sweep's other work (its 10-minute SLA steps): a few per minute,
# the rest wait for the next minute; chat media come one message at a time.
PER_SWEEP = 5
EXPECTED = {"image": (sniff.JPEG, sniff.PNG), "voice": (sniff.AMR, sniff.SPEEX)}
EXTENSIONS = {sniff.JPEG: "jpg", sniff.PNG: "png", sniff.AMR: "amr", sniff.SPEEX: "spx"}


@dataclass(frozen=True)
class Policy:
    lease: timedelta = timedelta(minutes=2)  # longer than the worst attempt: token, 10 MB, S3 put
    first_backoff: timedelta = timedelta(minutes=1)  # then 2, 4, 8 … minutes
    max_backoff: timedelta = timedelta(hours=1)

    def backoff(self, attempts):
        # the exponent is capped first: 2 ** 41 minutes does not fit in a timedelta
        return min(self.first_backoff * 2 ** min(max(attempts - 1, 0), 16), self.max_backoff)


@dataclass(frozen=True)
class Outcome:
    status: str  # done | retry | failed | not_claimed
    detail: str = ""


class Permanent(Exception):
    """Trying again cannot help: the job ends as failed."""


def chat_key(consultation_id, msg_id, content_type):
    """Where a chat file lives: under its consultation, named by WeChat's MsgId."""
    return f"consultations/{consultation_id}/chat/{msg_id}.{EXTENSIONS[content_type]}"


def copy(job, *, store, api, s3, bucket, now, policy=Policy()):
    """One attempt at one job. `store` is `chalicelib.db.media_copies` (claim, mark_*, record_copy),
    `api` the WeChat API client, `s3` an S3 client."""
    claimed = store.claim(job, now, now + policy.lease)
    if claimed is None:
        return Outcome("not_claimed")
    if now >= parse_instant(claimed.media_expires_at):
        return _failed(claimed, store, now, "media_expired")
    try:
        key = _transfer(claimed, store, api, s3, bucket)
    except Permanent as exc:
        return _failed(claimed, store, now, str(exc))
    except ApiError as exc:
        if not exc.retryable:  # 40007 invalid media_id: gone already, or never ours
            return _failed(claimed, store, now, str(exc))
        return _retry(claimed, store, now, policy, str(exc))
    except Exception as exc:  # S3, the table, a bug: retried like any other failure
        log("media_copy_attempt_crashed", logging.ERROR, exc_info=True,
            consultation=claimed.consultation_id, msg_id=claimed.msg_id)
        return _retry(claimed, store, now, policy, type(exc).__name__)
    if store.mark_done(claimed, now, key) is None:
        log("media_copy_lease_lost", logging.WARNING, consultation=claimed.consultation_id,
            msg_id=claimed.msg_id)  # copied and recorded; another attempt will find it the same
    log("media_copied", consultation=claimed.consultation_id, msg_id=claimed.msg_id,
        attempt=claimed.attempts)
    return Outcome("done", key)


def _transfer(job, store, api, s3, bucket):
    body = api.media_get(job.media_id, MAX_BYTES)
    if len(body) > MAX_BYTES:
        raise Permanent("too_large")
    found = sniff.sniff(body[:sniff.HEAD_BYTES])
    if found not in EXPECTED.get(job.kind, ()):
        raise Permanent(f"unexpected_content:{found or 'unknown'}")
    key = chat_key(job.consultation_id, job.msg_id, found)
    s3.put_object(Bucket=bucket, Key=key, Body=body, ContentType=found)
    if not store.record_copy(job.consultation_id, job.msg_id, key=key, content_type=found,
                             size=len(body)):
        uploads.discard(s3, bucket, key)
        raise Permanent("attachment_missing")
    return key


def _retry(job, store, now, policy, error):
    error = error[:300]
    at = now + policy.backoff(int(job.attempts or 1))
    if at >= parse_instant(job.media_expires_at):
        return _failed(job, store, now, f"media_expired after {error}")
    store.mark_retry(job, error, at)
    log("media_copy_retry", logging.WARNING, consultation=job.consultation_id, msg_id=job.msg_id,
        attempt=job.attempts, error=error)
    return Outcome("retry", error)


def _failed(job, store, now, error):
    error = error[:300]
    store.mark_failed(job, now, error)
    log("media_copy_failed", logging.ERROR, consultation=job.consultation_id, msg_id=job.msg_id,
        kind=job.kind, attempt=job.attempts, error=error)
    return Outcome("failed", error)


def copy_due(item, now, services):
    """The sweep's handler: one attempt at a due job, at the sweep's `now`."""
    services.table()
    return copy(item, store=media_copies, api=services.wechat_api(item.account), s3=services.s3(),
                bucket=services.settings.upload_bucket, now=now).status
