"""Personal-information duties on the single table (docs/privacy.md, AP-120..125): the retention
jobs the sweep runs (a bureau's consultation content, a citizen's abandoned draft), a citizen's
requests to delete what is not legally retained, and the one-open-request guard.
"""
from pynamodb.attributes import JSONAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DeleteError, PutError, TransactWriteError, UpdateError

from chalicelib.db import keys
from chalicelib.db.base import Item, transact_write
from chalicelib.db.writes import cancelled, condition_failed

OPEN, DONE = "open", "done"


class RetentionJob(Item, discriminator="RetentionJob"):
    """A bureau's consultation-content retention (AP-120): `day` is the next China day whose
    consultations' citizen content is anonymised, due when that day is `days` old."""
    bureau = UnicodeAttribute()
    day = UnicodeAttribute()
    due_at = UnicodeAttribute()
    done = NumberAttribute(default=0)  # consultations anonymised by this job

    def keys(self):
        pk = keys.retention_job_pk(self.bureau)
        return {"PK": pk, "SK": keys.RETENTION_JOB_SK, "DUEPK": keys.due_partition(pk),
                "DUEAT": keys.due_key(self.due_at, pk)}


class DraftExpiry(Item, discriminator="DraftExpiry"):
    """An application draft's end (AP-121): due when the draft would have gone untouched for the
    retention period; the sweep then deletes the draft or, if it was edited, moves this on."""
    application_id = UnicodeAttribute()
    openid = UnicodeAttribute()
    due_at = UnicodeAttribute()

    def keys(self):
        pk = keys.draft_expiry_pk(self.application_id)
        return {"PK": pk, "SK": keys.DRAFT_EXPIRY_SK, "DUEPK": keys.due_partition(pk),
                "DUEAT": keys.due_key(self.due_at, pk)}


class PrivacyRequest(Item, discriminator="PrivacyRequest"):
    """A citizen's request to delete what is not legally retained (个人信息保护法 art. 47). Listed
    for its bureau's staff by status (AP-123) and for its citizen among their items (AP-124)."""
    request_id = UnicodeAttribute()
    openid = UnicodeAttribute()
    bureau = UnicodeAttribute()
    kind = UnicodeAttribute(default="deletion")
    status = UnicodeAttribute(default=OPEN)  # open | done
    reason = UnicodeAttribute(null=True)  # the citizen's words, optional
    label = UnicodeAttribute(null=True)  # whose it is, for staff: masked name and mobile (privacy/labels.py)
    created_at = UnicodeAttribute()
    completed_at = UnicodeAttribute(null=True)
    completed_by = UnicodeAttribute(null=True)
    result = JSONAttribute(null=True)  # {"deleted": {...}, "kept": [...]}: what completing did

    def keys(self):
        return {"PK": keys.privacy_request_pk(self.request_id), "SK": keys.PRIVACY_REQUEST_SK,
                "GSI1PK": f"CITIZEN#{self.openid}", "GSI1SK": f"PRIVREQ#{self.created_at}",
                "GSI2PK": keys.privacy_queue_key(self.bureau, self.status),
                "GSI2SK": keys.privacy_queue_sort(self.created_at, self.request_id)}


class OpenPrivacyRequest(Item, discriminator="OpenPrivacyRequest"):
    """The guard of one open request per citizen (AP-125): put with attribute_not_exists in the
    request's transaction, deleted in the transaction that completes it."""
    openid = UnicodeAttribute()
    request_id = UnicodeAttribute()

    def keys(self):
        return {"PK": f"CITIZEN#{self.openid}", "SK": keys.PRIVACY_OPEN_SK}


# --- access patterns ---------------------------------------------------------------------------

def _get(model, pk, sk):
    try:
        return model.get(pk, sk, consistent_read=True)
    except model.DoesNotExist:
        return None


def retention_job(bureau):
    return _get(RetentionJob, keys.retention_job_pk(bureau), keys.RETENTION_JOB_SK)


def start_job(job):
    """Create a bureau's retention job unless it exists; False when it did."""
    try:
        job.save(condition=RetentionJob.PK.does_not_exist())
        return True
    except PutError as exc:
        if getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException":
            return False
        raise


def privacy_request(request_id):
    """AP-122: one request by id, or None."""
    return _get(PrivacyRequest, keys.privacy_request_pk(request_id), keys.PRIVACY_REQUEST_SK)


def privacy_requests(bureau, status, limit=100):
    """AP-123: a bureau's requests in one status, oldest first (the law's clock runs from then)."""
    return list(PrivacyRequest.gsi2.query(keys.privacy_queue_key(bureau, status), limit=limit))


def citizen_privacy_requests(openid, limit=50):
    """AP-124: a citizen's own requests, newest first."""
    return list(PrivacyRequest.gsi1.query(f"CITIZEN#{openid}",
                                          PrivacyRequest.GSI1SK.startswith("PRIVREQ#"),
                                          scan_index_forward=False, limit=limit))


def citizen_partition(openid):
    """AP-126: every item under `CITIZEN#<openid>`: profile, day counters, photo grants, a voice
    question, the open-request guard (one query, a handful of items)."""
    return list(Item.query(f"CITIZEN#{openid}", consistent_read=True))


def audit_of_subject(bureau, subject, limit=200):
    """AP-127: a bureau's audit entries about one subject (`APP#<id>`), newest first."""
    from chalicelib.db.applications import AuditEntry

    return list(AuditEntry.gsi2.query(keys.audit_subject_key(bureau, subject),
                                      scan_index_forward=False, limit=limit))


def _put_if(item, condition):
    """Put `item` on `condition`; False when the condition failed."""
    try:
        item.save(condition=condition)
        return True
    except PutError as exc:
        if getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException":
            return False
        raise


def new_job(**fields):
    """A RetentionJob not yet written (start_job or a bureau's creation writes it)."""
    return RetentionJob(**fields)


def advance_job(job, day, due_at, done):
    """Move the job from `job.day` to `day`; False if another sweep moved it already."""
    old = job.day
    job.day, job.due_at, job.done = day, due_at, done
    return _put_if(job, RetentionJob.day == old)


def new_draft_expiry(**fields):
    """A DraftExpiry not yet written (a draft's creation writes it in its transaction)."""
    return DraftExpiry(**fields)


def postpone_draft_expiry(expiry, due_at):
    """Move the expiry to `due_at` unless another sweep moved it first (then nothing changes)."""
    old, expiry.due_at = expiry.due_at, due_at
    _put_if(expiry, DraftExpiry.due_at == old)


def drop(item):
    """Delete an item that has done its work (a DraftExpiry)."""
    item.delete()


def open_request(**fields):
    """A citizen's deletion request and its one-open-request guard in one transaction, each only if
    absent; None when the guard (or the id) is taken."""
    request = PrivacyRequest(**fields)
    guard = OpenPrivacyRequest(openid=request.openid, request_id=request.request_id)
    try:
        with transact_write() as tx:
            tx.save(guard, condition=OpenPrivacyRequest.PK.does_not_exist())
            tx.save(request, condition=PrivacyRequest.PK.does_not_exist())
    except TransactWriteError as exc:
        if any(r is not None and r.code == "ConditionalCheckFailed"
               for r in exc.cancellation_reasons or []):
            return None
        raise
    return request


def close_request(request, bureau, staff_id, result, at, kept_until, note):
    """Mark `request` done (only while open) with `result`, drop its guard and queue `note`, in one
    transaction. A refusal raises `writes.Cancelled` naming "guard", "notice" or "request"."""
    from chalicelib.db.messaging import queue_with

    try:
        with transact_write() as tx:
            tx.update(request, actions=[
                PrivacyRequest.status.set(DONE), PrivacyRequest.completed_at.set(at),
                PrivacyRequest.completed_by.set(staff_id), PrivacyRequest.result.set(result),
                PrivacyRequest.expires_at.set(kept_until),
                PrivacyRequest.GSI2PK.set(keys.privacy_queue_key(bureau, DONE))],
                condition=PrivacyRequest.status == OPEN)
            tx.delete(OpenPrivacyRequest(openid=request.openid, request_id=request.request_id))
            queue_with(tx, note)
    except TransactWriteError as exc:
        raise cancelled(exc, ["guard", "notice", "request"]) from exc  # deletes, puts, updates


def forget_scene(citizen):
    """Remove the QR scene a citizen followed from (their profile stays)."""
    citizen.update(actions=[type(citizen).scene.remove()])


def anonymise_consultation(consultation_id, at, *, placeholder, pseudonym, finished, discard_object):
    """Replace the citizen's words and media of a consultation whose status is in `finished` by
    `placeholder`, and its asker by `pseudonym`; `anonymised_at` (= `at`) is written last, under a
    condition, so a run that stops half-way is finished by the next. True when this call
    anonymised it, False when it was absent, still open or anonymised before."""
    from chalicelib.db.consultations import (
        Answer, Consultation, Dispatch, Followup, consultation_items)

    items = consultation_items(consultation_id)
    meta = next((i for i in items if isinstance(i, Consultation)), None)
    if meta is None or meta.anonymised_at or meta.status not in finished:
        return False
    for item in items:
        if isinstance(item, Dispatch) and item.question != placeholder:
            item.update(actions=[Dispatch.question.set(placeholder)])
        elif isinstance(item, Answer) and item.body != placeholder:
            item.update(actions=[Answer.body.set(placeholder)])
        elif isinstance(item, Followup) and item.body != placeholder:
            item.update(actions=[Followup.body.set(placeholder)])
    for attachment in meta.attachments or []:
        if attachment.key:
            discard_object(attachment.key)
    try:
        meta.update(actions=[
            Consultation.question.set(placeholder), Consultation.attachments.set([]),
            Consultation.rating_comment.remove(), Consultation.openid.set(pseudonym),
            Consultation.GSI1PK.set(f"CITIZEN#{pseudonym}"), Consultation.anonymised_at.set(at)],
            condition=Consultation.anonymised_at.does_not_exist())
    except UpdateError as exc:
        if condition_failed(exc):
            return False
        raise
    return True


def delete_draft(application_id, *, discard_object, updated_at=None):
    """Delete a draft application and everything in its partition, with its files. Refused (False)
    when it is no longer a draft, or (given `updated_at`) was edited since it was read."""
    from chalicelib.db.applications import Application, Material, UploadGrant, application_items
    from chalicelib.db.locking import unchanged

    items = application_items(application_id)
    app = next((i for i in items if isinstance(i, Application)), None)
    if app is not None:
        condition = (Application.status == "draft") & unchanged(app)  # nobody wrote it since the read
        if updated_at is not None:
            condition &= Application.updated_at == updated_at
        try:
            app.delete(condition=condition)
        except DeleteError as exc:
            if condition_failed(exc):
                return False
            raise
    for item in items:
        if isinstance(item, (Material, UploadGrant)) and item.key:
            discard_object(item.key)
        if not isinstance(item, Application):
            item.delete()
    return app is not None
